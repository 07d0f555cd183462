/**
 * Cursors (Exclusive Start Key) as an earlier page returned them: plain or DynamoDB JSON, text or
 * object. They hold key values only, so their size is bounded by DynamoDB's key limits.
 */
import { fail, show } from "../errors/inputError";
import { plainToMap } from "./items";
import { isPlainObject, parseJsonInput } from "./json";
import { MAX_HASH_KEY_BYTES, MemberBudget } from "./limits";
import { attributeToPlain } from "./output";
import { isBlank } from "./primitives";
import { keyValueBytes } from "./size";
import { isTypedValue, typedToAttr } from "./typed";
import { type AttributeMap, isKeyValue, setKey } from "./types";

/**
 * A cursor names at most four key attributes (the table's and an index's hash and sort keys),
 * each value at most 2 KB; as JSON text (escapes, base64) that is well under 64 KB.
 */
const MAX_CURSOR_TEXT = 64 * 1024;
const MAX_CURSOR_ATTRIBUTES = 4;
const CURSOR_HINT =
  'A cursor is the key object a previous page returned, with text, number or binary values, such as {"customerId": 1001}.';

/** A cursor (ExclusiveStartKey) as formatItem returned it, plain or DynamoDB JSON, text or object. */
export function parseCursor(value: unknown, label: string): AttributeMap | undefined {
  if (isBlank(value) && !Array.isArray(value)) return undefined;
  if (typeof value === "string" && value.length > MAX_CURSOR_TEXT) {
    fail(
      label,
      "tooLarge",
      `${label} is ${value.length} characters long, far more than any cursor. ${CURSOR_HINT}`,
    );
  }
  const parsed = parseJsonInput(value, label);
  if (!isPlainObject(parsed)) {
    return fail(
      label,
      "wrongKind",
      `${label} must be the key object a previous page returned, such as {"customerId": 1001}, not ${show(parsed)}.`,
    );
  }
  const keys = Object.keys(parsed);
  if (keys.length === 0) return undefined;
  if (keys.every((key) => isTypedValue(parsed[key]))) {
    const map: AttributeMap = {};
    const budget = new MemberBudget();
    for (const key of keys) {
      setKey(map, key, typedToAttr(parsed[key], { input: label, path: key }, 0, budget));
    }
    return map;
  }
  return plainToMap(parsed, label);
}

/**
 * A cursor for Query and Scan (Exclusive Start Key): parseCursor, and every value must be a key
 * value (text, number or binary), as DynamoDB refuses anything else in ExclusiveStartKey.
 */
export function parseKeyCursor(value: unknown, label: string): AttributeMap | undefined {
  const cursor = parseCursor(value, label);
  if (cursor === undefined) return undefined;
  const names = Object.keys(cursor);
  if (names.length > MAX_CURSOR_ATTRIBUTES) {
    fail(
      label,
      "keyMismatch",
      `${label} has ${names.length} attributes; a cursor has at most ${MAX_CURSOR_ATTRIBUTES} (the table's and an index's key attributes). ${CURSOR_HINT}`,
    );
  }
  for (const key of names) {
    const attribute = cursor[key];
    if (!isKeyValue(attribute)) {
      fail(
        label,
        "wrongKind",
        `${label}: "${key}" is ${show(attributeToPlain(attribute))}, not a key value. ${CURSOR_HINT}`,
      );
    }
    const bytes = keyValueBytes(attribute);
    if (bytes > MAX_HASH_KEY_BYTES) {
      fail(
        label,
        "tooLarge",
        `${label}: "${key}" is ${bytes} bytes, more than any key value (DynamoDB allows at most ${MAX_HASH_KEY_BYTES}). ${CURSOR_HINT}`,
      );
    }
  }
  return cursor;
}

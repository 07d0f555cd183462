/**
 * DynamoDB output -> plain JSON that loses nothing (numbers exact, binary as base64, sets as
 * arrays), or DynamoDB's typed form with binary as base64. The one output conversion for items
 * and cursors.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { show } from "../errors/inputError";
import { toBase64 } from "./binary";
import { canonicalNumber } from "./numbers";
import { type AttributeMap, setKey } from "./types";

/**
 * A DynamoDB number (decimal text) as a JSON number when a double holds its value, else the exact
 * text. Values are compared, not texts: "1.50" is 1.5, "1e21" is 1e21 and "-0" is 0, but
 * "12345678901234567890" stays a string because the nearest double is another number. The double
 * "holds" the value when its shortest decimal form (what JSON.stringify writes, and any JSON
 * reader reads back to the same double) is the same decimal number as the text.
 */
function numberOut(text: string): number | string {
  const number = Number(text);
  // Fast paths: the text is already the double's shortest form (most numbers are).
  if (isShortestForm(text) || String(number) === text) return number;
  if (!Number.isFinite(number)) return text;
  return canonicalNumber(String(number)) === canonicalNumber(text) ? number + 0 : text;
}

const MINUS = 45;
const POINT = 46;
const ZERO = 48;
const isDigit = (code: number): boolean => code >= ZERO && code <= ZERO + 9;

/**
 * Whether `text` is a decimal that String(Number(text)) writes back unchanged, checked without
 * writing the double: at most 15 significant digits (a double tells all such decimals apart, so
 * its shortest form has the same digits), no sign but a minus, no exponent, no leading zero but
 * a lone one before the point, no trailing zero after it, not -0, and 1E-6 or more in magnitude
 * (String writes smaller numbers, and 1E21 or more, with an exponent). False says nothing.
 */
function isShortestForm(text: string): boolean {
  const end = text.length;
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  let index = start;
  let digits = 0;
  if (text.charCodeAt(index) === ZERO) {
    index += 1;
    if (index === end) return end === 1;
  } else {
    while (index < end && isDigit(text.charCodeAt(index))) index += 1;
    digits = index - start;
    if (digits === 0) return false;
    if (index === end) return digits <= 15;
  }
  if (text.charCodeAt(index) !== POINT || !isDigit(text.charCodeAt(end - 1))) return false;
  if (text.charCodeAt(end - 1) === ZERO) return false;
  index += 1;
  const fraction = index;
  if (digits === 0) {
    while (index < end && text.charCodeAt(index) === ZERO) index += 1;
    if (index - fraction > 5) return false;
  }
  const significant = digits + end - index;
  while (index < end && isDigit(text.charCodeAt(index))) index += 1;
  return index === end && significant <= 15;
}

/** AttributeValue -> plain JSON that loses nothing (no Set, no NumberValue, no Uint8Array). */
export function attributeToPlain(value: AttributeValue): unknown {
  if (typeof value !== "object" || value === null) {
    throw new Error(`Expected a DynamoDB value such as {"S": "text"}, not ${show(value)}.`);
  }
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return numberOut(value.N);
  if (value.M !== undefined) return mapToPlain(value.M);
  if (value.L !== undefined) return value.L.map(attributeToPlain);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return toBase64(value.B);
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(numberOut);
  if (value.BS !== undefined) return value.BS.map(toBase64);
  // The SDK puts types newer than itself under $unknown: [type, value].
  const type = value.$unknown ? value.$unknown[0] : Object.keys(value).join(", ");
  throw new Error(`DynamoDB returned a value of a type this connector does not know: ${type}.`);
}

export function mapToPlain(item: AttributeMap): Record<string, unknown> {
  // A copy of the item (same keys in the same order) whose values are then replaced: a store to a
  // property the object has costs less than adding one, and this runs for every attribute read.
  const out: Record<string, unknown> = { ...item };
  const keys = Object.keys(item);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    const value = item[key];
    // The SDK's deserialiser can leave an attribute undefined (one named "__proto__"): no data.
    if (value === undefined) delete out[key];
    else setKey(out, key, attributeToPlain(value));
  }
  return out;
}

/** The typed form with binary as base64, so that it survives JSON serialisation. */
function typedOut(value: AttributeValue): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value.B !== undefined) return { B: toBase64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(toBase64) };
  if (value.M !== undefined) return { M: typedMapOut(value.M) };
  if (value.L !== undefined) return { L: value.L.map(typedOut) };
  return value;
}

function typedMapOut(item: AttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    const value = item[key];
    if (value !== undefined) setKey(out, key, typedOut(value));
  }
  return out;
}

/** The one output conversion for items and cursors: plain JSON, or DynamoDB's typed form. */
export function formatItem(item: AttributeMap, dynamoJson = false): Record<string, unknown> {
  return dynamoJson ? typedMapOut(item) : mapToPlain(item);
}

/** An item that may be absent (no such item, nothing returned): formatted, or null. */
export function formatItemOrNull(
  item: AttributeMap | undefined,
  dynamoJson = false,
): Record<string, unknown> | null {
  return item ? formatItem(item, dynamoJson) : null;
}

export function formatItems(
  items: AttributeMap[] | undefined,
  dynamoJson = false,
): Record<string, unknown>[] {
  return items ? items.map((item) => formatItem(item, dynamoJson)) : [];
}

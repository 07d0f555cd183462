import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { checkItemBytes, checkReadableName, InputError } from "../inputs";
import { isBlank, itemSize, parseJsonInput, plainToAttributeValue, sameKeyValue } from "../values";
import { keyTypeOf } from "../values/types";
import type { TableKeys } from "./keySchema";
import { indexKeyAttributes, toKeyValue } from "./keyValues";

/**
 * Update JSON: a plain JSON object of top-level attributes to set, where `null` means "remove
 * this attribute". From it we generate the Update Expression with its own placeholders, so that
 * reserved words (status, name, ...) and odd characters in attribute names need no hand-written
 * expression.
 */

const UPDATE_JSON_LABEL = "Update JSON";

export interface GeneratedUpdate {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  /** Absent when the patch only removes attributes: DynamoDB rejects an empty map. */
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

export interface UpdateJsonOptions {
  /** The input's label, for error messages. */
  label?: string;
  /**
   * Placeholders the caller already uses (its own Expression Attribute Names and Values, for the
   * Condition Expression); generated placeholders skip them so that nothing collides.
   */
  reserved?: Iterable<string>;
  /**
   * The item's key. DynamoDB refuses to update key attributes, so a key attribute in the patch
   * is dropped when it repeats the key's own value, compared by type and value after conversion
   * to the key's type (so a whole item read earlier by Get Item can be passed back, big numbers
   * and binary included), and is an error otherwise.
   */
  key?: Record<string, AttributeValue>;
  /**
   * The table's key attributes with their types (DescribeTable): an index key attribute in the
   * patch is converted to its declared type (see indexKeyValuesOf), or refused.
   */
  tableKeys?: TableKeys;
}

/**
 * Reads the Update JSON input: blank gives undefined; otherwise it must be a JSON object (text,
 * parsed losslessly so that numbers keep every digit, or an object from a code-native flow).
 */
export function parseUpdateJson(
  raw: unknown,
  label = UPDATE_JSON_LABEL,
): Record<string, unknown> | undefined {
  if (isBlank(raw)) return undefined;
  const parsed = typeof raw === "string" ? parseJsonInput(raw, label) : raw;
  // A plain object only: not an array, and not a lossless number (a class instance).
  const prototype =
    parsed !== null && typeof parsed === "object" ? Object.getPrototypeOf(parsed) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new InputError(
      label,
      "invalidValue",
      `${label} must be a JSON object of attributes to set, such as {"status": "done", "count": 3, "oldField": null} (null removes the attribute).`,
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * A patch value as the key attribute it would replace, converted to that attribute's type
 * (toKeyValue), so that the key read by Get Item and passed back compares equal by value: a
 * large number Get Item gave as text, binary as base64. Undefined when it cannot be that type.
 */
function asKeyValue(value: unknown, attribute: string, key: AttributeValue, label: string) {
  const type = keyTypeOf(key);
  if (type === undefined || value === null || value === undefined) return undefined;
  try {
    return toKeyValue(value, { name: attribute, type }, label);
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/** Builds the Update Expression, names and values for a parsed Update JSON object. */
export function buildUpdateFromJson(
  patch: Record<string, unknown>,
  options: UpdateJsonOptions = {},
): GeneratedUpdate {
  const label = options.label ?? UPDATE_JSON_LABEL;
  const taken = new Set(options.reserved ?? []);
  // An index key set to a plain value is converted to its declared type, as an item's would be.
  const indexKeys = new Map(
    (options.tableKeys ? indexKeyAttributes(options.tableKeys) : []).map((found) => [
      found.name,
      found,
    ]),
  );
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  let counter = 0;
  // What the SET part writes: on its own over the item limit, the update can never succeed.
  let bytes = 0;
  // The smallest free index whose #uN and :uN are both unused by the caller.
  const nextIndex = (): number => {
    while (taken.has(`#u${counter}`) || taken.has(`:u${counter}`)) counter += 1;
    const index = counter;
    counter += 1;
    return index;
  };

  for (const [attribute, value] of Object.entries(patch)) {
    if (!isPatchedAttribute(attribute, value, options.key, label)) continue;
    const index = nextIndex();
    names[`#u${index}`] = attribute;
    if (value === null) {
      removes.push(`#u${index}`);
    } else {
      const indexKey = indexKeys.get(attribute);
      const attributeValue = indexKey
        ? toKeyValue(value, indexKey, label, ` of index ${indexKey.index}`)
        : plainToAttributeValue(value, `${label} attribute "${attribute}"`);
      values[`:u${index}`] = attributeValue;
      // fromEntries makes an own property even of "__proto__".
      bytes += itemSize(Object.fromEntries([[attribute, attributeValue]]));
      sets.push(`#u${index} = :u${index}`);
    }
  }

  checkItemBytes(bytes, label, "sets");
  return {
    UpdateExpression: updateExpression(sets, removes, label),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

/**
 * Whether Update JSON's `attribute` is written (set, or removed by null): undefined is skipped,
 * and so is a key attribute given its own value (as Get Item's output holds it). Throws an
 * InputError naming `label` for an empty or unreadable name, or a key attribute given another
 * value, which no update can change.
 */
function isPatchedAttribute(
  attribute: string,
  value: unknown,
  key: Record<string, AttributeValue> | undefined,
  label: string,
): boolean {
  if (attribute === "") {
    throw new InputError(
      label,
      "invalidValue",
      `${label} has an attribute with an empty name; every attribute needs a name.`,
    );
  }
  checkReadableName(attribute, label);
  // Own properties only: an attribute named "constructor" is data, not Object.prototype's.
  const keyValue = key && Object.hasOwn(key, attribute) ? key[attribute] : undefined;
  if (keyValue) {
    if (sameKeyValue(asKeyValue(value, attribute, keyValue, label), keyValue)) return false;
    throw new InputError(
      label,
      "invalidValue",
      `${label}: "${attribute}" is part of the table's key and cannot be changed by an update; leave it out (the item is chosen by the key inputs).`,
    );
  }
  return value !== undefined;
}

/** "SET a = :a, b = :b REMOVE c": an InputError naming `label` when both parts are empty. */
function updateExpression(sets: string[], removes: string[], label: string): string {
  if (sets.length === 0 && removes.length === 0) {
    throw new InputError(
      label,
      "invalidValue",
      `${label} has no attribute to set or remove. Give at least one, such as {"status": "done"}.`,
    );
  }
  const clauses: string[] = [];
  if (sets.length > 0) clauses.push(`SET ${sets.join(", ")}`);
  if (removes.length > 0) clauses.push(`REMOVE ${removes.join(", ")}`);
  return clauses.join(" ");
}

/**
 * JSON list inputs whose entries are objects with named fields (Transact Write Items'
 * Operations, Transact Get Items' Items to Get): the list itself (1 to 100 entries), each
 * entry's fields (camelCase or the AWS spelling), and the table, key and expressions inside.
 * `where` is the place in the input, such as `Operations[2].put`; errors carry the input's label.
 */

import { cut, fail } from "../errors/inputError";
import { plainToMap } from "../values/items";
import { isPlainObject, parseJsonArrayInput } from "../values/json";
import { checkExpressionLength, checkName } from "../values/limits";
import { type AttributeMap, isKeyValue } from "../values/types";
import { isBlank } from "./scalars";

/** DynamoDB's limit on the actions of one transaction (TransactWriteItems and TransactGetItems). */
export const MAX_TRANSACT_ITEMS = 100;

type JsonObject = Record<string, unknown>;

/** How many entries a list input takes, and what runs them (for the message over it). */
export interface ListLimit {
  max: number;
  /** "a transaction", "a batch" */
  unit: string;
  /** What to do instead, such as "Split it into several transactions." */
  instead: string;
}

/** DynamoDB's limit for one transaction (TransactWriteItems, TransactGetItems, ExecuteTransaction). */
export const TRANSACTION_LIMIT: ListLimit = {
  max: MAX_TRANSACT_ITEMS,
  unit: "a transaction",
  instead: "Split it into several transactions.",
};

/**
 * The entries of a JSON list input: 1 to 100 of them (a transaction's), or `limit.max`. The
 * messages quote `example` on one line.
 */
export function parseJsonList(
  raw: unknown,
  label: string,
  given: string,
  limit: ListLimit = TRANSACTION_LIMIT,
): unknown[] {
  const example = given.replace(/\n\s*/g, " ");
  if (isBlank(raw)) fail(label, "required", `${label} is required: a JSON list such as ${example}`);
  const parsed = parseJsonArrayInput(
    raw,
    label,
    `${label} must be a JSON list (an array) such as ${example}`,
  );
  if (parsed.length === 0) {
    fail(label, "required", `${label} is empty: give at least one entry, such as ${example}`);
  }
  if (parsed.length > limit.max) {
    fail(
      label,
      "tooLarge",
      `${label} has ${parsed.length} entries; ${limit.unit} takes at most ${limit.max}. ${limit.instead}`,
    );
  }
  return parsed;
}

/** "TableName" -> "tableName": the AWS API spelling is accepted as well as the camelCase one. */
function camel(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/**
 * An entry's fields with camelCase names: only `allowed` ones (the same field spelled both ways is
 * an error), and every `required` one present and not blank.
 */
export function entryFields(
  value: JsonObject,
  where: string,
  fields: { allowed: readonly string[]; required: readonly string[]; kind?: string },
): JsonObject {
  const result: JsonObject = {};
  for (const field of Object.keys(value)) {
    const name = camel(field);
    if (!fields.allowed.includes(name)) {
      const takes = fields.kind ? `${fields.kind} takes` : "each entry takes";
      fail(
        where,
        "invalidName",
        `${where}: unknown field "${cut(field)}"; ${takes} ${fields.allowed.join(", ")}.`,
      );
    }
    if (Object.hasOwn(result, name)) {
      fail(where, "duplicate", `${where}: "${field}" is given twice (in two spellings).`);
    }
    result[name] = value[field];
  }
  for (const field of fields.required) {
    if (result[field] === undefined || result[field] === null || result[field] === "") {
      fail(where, "required", `${where}: ${field} is required.`);
    }
  }
  return result;
}

/** A text field of an entry, not blank; trimmed. */
export function requiredText(value: unknown, where: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    fail(where, "wrongKind", `${where} must be a non-empty string.`);
  }
  return value.trim();
}

/** An optional expression field of an entry: text within DynamoDB's 4 KB. */
export function optionalExpression(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return checkExpressionLength(requiredText(value, where), where);
}

/** A table name field of an entry. */
export function cleanTable(value: unknown, where: string): string {
  return checkName(where, requiredText(value, where));
}

/** A key as plain JSON: one or two attributes (partition and sort key), each a string or number. */
export function cleanKey(value: unknown, where: string): AttributeMap {
  if (!isPlainObject(value)) {
    fail(
      where,
      "wrongKind",
      `${where} must be a JSON object of key attributes, such as {"id": 7}.`,
    );
  }
  const count = Object.keys(value).length;
  if (count < 1 || count > 2) {
    fail(
      where,
      "keyMismatch",
      `${where} must have the partition key and, if the table has one, the sort key (1 or 2 attributes), not ${count}.`,
    );
  }
  const key = plainToMap(value, where);
  for (const name of Object.keys(key)) {
    const attribute = key[name];
    if (!isKeyValue(attribute)) {
      fail(
        where,
        "keyMismatch",
        `${where}: key attribute "${cut(name)}" must be a string or a number.`,
      );
    }
  }
  return key;
}

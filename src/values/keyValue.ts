/**
 * The one reader of key-value list inputs (Value, Value Types, Expression Attribute Values and
 * Names, Query Parameters, Tags, ...). Every such input accepts the same forms:
 * - the platform's list of rows, [{key, value}];
 * - a plain object (null-prototype ones too), from a code-native flow;
 * - JSON text of either.
 * Keys are text (numbers are taken as their text), never blank, and each appears once.
 */
import { cut, fail, show } from "../errors/inputError";
import { dense, isPlainObject, parseJsonInput } from "./json";
import { isBlank, isBlankText, primitiveText } from "./primitives";

export interface KeyValueOptions {
  /** A good row, such as "team → billing". */
  rowExample: string;
  /** A good list; defaults to the row example. */
  listExample?: string;
  /** What every row's key is, for the blank-key message (default "a key"). */
  keyRule?: string;
  /** Leave blank keys to the caller, whose own rule says what a key must be (Tags). */
  allowBlankKeys?: boolean;
}

/** Up to this many rows, a repeated key is found by comparing with each earlier one. */
const SHORT_LIST = 16;

/** Whether one of the first `end` pairs (their keys already text) has the key `key`. */
function appearsBefore(pairs: [unknown, unknown][], end: number, key: string): boolean {
  for (let index = 0; index < end; index++) if (pairs[index][0] === key) return true;
  return false;
}

/** The rows of a key-value list input as ordered [key, value] pairs; blank gives []. */
export function readKeyValueList(
  value: unknown,
  label: string,
  options: KeyValueOptions,
): [string, unknown][] {
  if (isBlank(value)) return [];
  const listExample = options.listExample ?? options.rowExample;
  // Text is JSON of a list or an object; other text is no key-value list at all.
  if (typeof value === "string" && !/^\s*[[{]/.test(value)) {
    fail(label, "wrongKind", `${label} must be a key-value list such as ${listExample}.`);
  }
  const parsed =
    typeof value === "string"
      ? parseJsonInput(value, label, {
          hint: `Give a key-value list such as ${listExample}, or JSON text of an object.`,
        })
      : value;
  // Loops rather than map and closures: this runs for every key-value input of every call.
  const pairs: [unknown, unknown][] = [];
  if (Array.isArray(parsed)) {
    const rows = dense(parsed);
    for (let index = 0; index < rows.length; index++) {
      const row: unknown = rows[index];
      if (!isPlainObject(row) || !Object.hasOwn(row, "key")) {
        return fail(
          label,
          "wrongKind",
          `${label}: row ${index + 1} is ${show(row)}, not a key and a value such as ${options.rowExample}.`,
        );
      }
      pairs.push([row.key, row.value]);
    }
  } else if (isPlainObject(parsed)) {
    for (const key of Object.keys(parsed)) pairs.push([key, parsed[key]]);
  } else {
    return fail(
      label,
      "wrongKind",
      `${label} must be a list of keys and values such as ${listExample}, not ${show(parsed)}.`,
    );
  }
  // A short list is searched for a repeated key; a long one keeps a set (no quadratic time).
  const seen = pairs.length > SHORT_LIST ? new Set<string>() : undefined;
  for (let index = 0; index < pairs.length; index++) {
    const pair = pairs[index];
    const rawKey = pair[0];
    const key = primitiveText(rawKey);
    if (key === undefined && rawKey !== undefined && rawKey !== null) {
      fail(
        label,
        "wrongKind",
        `${label}: row ${index + 1} needs a key of text, such as ${options.rowExample.split(" →")[0]}.`,
      );
    }
    const text = key ?? "";
    if (!options.allowBlankKeys && isBlankText(text)) {
      fail(
        label,
        "required",
        `${label}: row ${index + 1} has a blank key; every row needs ${options.keyRule ?? "a key"}, such as ${options.rowExample}.`,
      );
    }
    if (seen ? seen.has(text) : appearsBefore(pairs, index, text)) {
      fail(
        label,
        "duplicate",
        `${label}: the key "${cut(text)}" appears twice. Keep one of them: give each key once.`,
      );
    }
    seen?.add(text);
    pair[0] = text;
  }
  return pairs as [string, unknown][];
}

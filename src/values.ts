/**
 * Inputs -> DynamoDB AttributeValues, and DynamoDB output -> plain JSON, losing nothing.
 *
 * Numbers never pass through a JS number on the way in: they stay exact decimal strings, so a
 * 38-digit number keeps every digit. Errors are plain Errors naming the input by its label and
 * the attribute, and saying what a good value looks like.
 *
 * Marshalling is a small switch rather than util-dynamodb's convertToAttr: convertToAttr rejects
 * lossless-json's LosslessNumber (a full pre-walk would be needed anyway), silently drops an
 * attribute named "__proto__", and its errors name neither the input nor the attribute. Output is
 * a switch too: unmarshall yields Sets and NumberValue objects, which are not plain JSON.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { NumberValueImpl } from "@aws-sdk/util-dynamodb";
import { isLosslessNumber, parse } from "lossless-json";
import { withoutTrailing } from "./text";

export type TypeCode = "S" | "N" | "B" | "BOOL" | "NULL" | "L" | "M" | "SS" | "NS" | "BS";

export const TYPE_CODES: readonly TypeCode[] = [
  "S",
  "N",
  "B",
  "BOOL",
  "NULL",
  "L",
  "M",
  "SS",
  "NS",
  "BS",
];

const TYPE_LABELS: Record<TypeCode, string> = {
  S: "String",
  N: "Number",
  B: "Binary",
  BOOL: "Boolean",
  NULL: "Null",
  L: "List",
  M: "Map",
  SS: "String Set",
  NS: "Number Set",
  BS: "Binary Set",
};

/** For spectral dropdown `model`. */
export const TYPE_CODE_CHOICES: { label: string; value: TypeCode }[] = TYPE_CODES.map((value) => ({
  label: TYPE_LABELS[value],
  value,
}));

export type AttributeMap = Record<string, AttributeValue>;

/** Where a value came from, for messages: the attribute name and the input's label. */
export interface ValueSource {
  attribute: string;
  input: string;
}

export const MAX_ITEM_BYTES = 400 * 1024;

const TYPE_LIST = TYPE_CODES.join(", ");
const NUMBER_HINT = "A number looks like 42, -3.5 or 1.2E+10 (up to 38 significant digits).";
const JSON_HINT = 'Give JSON such as {"name": "Ada", "age": 36} or [1, "two", true].';
const BASE64_HINT = 'Binary values are base64 text, such as "SGVsbG8=".';
/** DynamoDB's own limit; also stops runaway recursion on a cyclic object. */
const MAX_DEPTH = 32;
const MAX_ECHO = 80;

// ---------------------------------------------------------------------------------------------
// Messages

/** Where a problem is, e.g. `Value: attribute "address.city"`; the label alone at top level. */
interface Where {
  input: string;
  path: string;
}

function subject(where: Where): string {
  return where.path === "" ? where.input : `${where.input}: attribute "${where.path}"`;
}

function fail(where: Where, problem: string): never {
  throw new Error(`${subject(where)} ${problem}`);
}

function child(where: Where, key: string | number): Where {
  const step = typeof key === "number" ? `[${key}]` : where.path === "" ? key : `.${key}`;
  return { input: where.input, path: `${where.path}${step}` };
}

/** A short, quoted rendering of a user's value: never more than ~80 characters of it. */
function show(value: unknown): string {
  if (typeof value === "string") {
    const text = value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO - 3)}...` : value;
    return JSON.stringify(text);
  }
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (isLosslessNumber(value) || isNumberValue(value)) return show(String(value));
  if (isBytes(value)) return "binary data";
  if (typeof value === "object") return "an object";
  return show(String(value));
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Lossless JSON parse (numbers become LosslessNumber); an already-parsed value is returned as is. */
/**
 * Text in which JSON.parse reads every number exactly, to the same decimal text: no run of 16 or
 * more digits and dots (so at most 15 significant digits, which a double keeps), no exponent, no
 * fraction ending in 0, no -0, nothing below 0.00001. A match inside a string only costs the
 * lossless parser.
 */
const MAYBE_INEXACT = /[\d.]{16}|\d[eE]|\.\d*0(?![\d.])|-0(?![\d.])|0\.0000/;

function countKeys(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const member of value) count += countKeys(member);
  } else {
    for (const key of Object.keys(value)) {
      count += 1 + countKeys((value as Record<string, unknown>)[key]);
    }
  }
  return count;
}

/**
 * How many object keys (string tokens followed by a colon) valid JSON text holds. A scan, in
 * linear time: the regex it replaces backtracked quadratically on runs of escaped quotes.
 */
function countKeyTokens(text: string): number {
  let count = 0;
  let index = 0;
  while (index < text.length) {
    if (text[index] !== '"') {
      index += 1;
      continue;
    }
    index += 1;
    while (index < text.length && text[index] !== '"') index += text[index] === "\\" ? 2 : 1;
    index += 1;
    while (index < text.length && /\s/.test(text[index])) index += 1;
    if (text[index] === ":") count += 1;
  }
  return count;
}

export function parseJsonInput(text: unknown, label: string): unknown {
  if (typeof text !== "string") return text;
  // JSON.parse is about ten times faster than the lossless parser (it matters for batches of
  // thousands of items); use it only where it gives the same values: every number exact, and no
  // duplicate key (JSON.parse keeps the last one, the lossless parser rejects it).
  if (!MAYBE_INEXACT.test(text)) {
    try {
      const value: unknown = JSON.parse(text);
      if (countKeys(value) === countKeyTokens(text)) return value;
    } catch {
      // Not valid JSON: the lossless parser below says where.
    }
  }
  try {
    return parse(text);
  } catch (error) {
    throw new Error(`${label} is not valid JSON (${errorMessage(error)}). ${JSON_HINT}`);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Numbers

const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

interface NumberShape {
  /** Significant digits, leading and trailing zeros excluded (as DynamoDB counts them). */
  significant: number;
  /** The decimal exponent of the first significant digit (1.2E+10 -> 10). */
  exponent: number;
  /**
   * The same value always gives the same text ("1", "1.0", "10E-1" -> "1e0"): the significant
   * digits and the exponent of the last one. Finds set duplicates and equal keys.
   */
  canonical: string;
}

function numberShape(text: string): NumberShape | undefined {
  const match = NUMBER_SYNTAX.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = "", exponentText] = match;
  if (whole === "" && fraction === "") return undefined;
  const digits = whole + fraction;
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 48) first++;
  if (first === digits.length) return { significant: 0, exponent: 0, canonical: "0" };
  let last = digits.length - 1;
  while (digits.charCodeAt(last) === 48) last--;
  // Number() of a huge exponent is +-Infinity, which the range check rejects as it should.
  const exponent = (exponentText ? Number(exponentText) : 0) + whole.length - 1 - first;
  const mantissa = digits.slice(first, last + 1);
  return {
    significant: last - first + 1,
    exponent,
    canonical: `${sign === "-" ? "-" : ""}${mantissa}e${exponent - (last - first)}`,
  };
}

/** The canonical text of a number (see NumberShape), or the text itself when it is no number. */
export function canonicalNumber(text: string): string {
  return numberShape(text.trim())?.canonical ?? text;
}

type NumberCheck = { text: string; shape: NumberShape } | { problem: string };

/** The exact decimal string DynamoDB will accept, or why not. */
function checkNumber(raw: unknown): NumberCheck {
  let text: string;
  if (typeof raw === "string") text = raw.trim();
  else if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return { problem: `${show(raw)} is not a number` };
    text = String(raw);
  } else if (typeof raw === "bigint" || isLosslessNumber(raw) || isNumberValue(raw)) {
    text = String(raw);
  } else if (raw === undefined || raw === null) {
    return { problem: "there is no value" };
  } else {
    return { problem: `${show(raw)} is not a number` };
  }
  const shape = numberShape(text);
  if (!shape) return { problem: `${show(raw)} is not a number` };
  if (shape.significant > 38) {
    return {
      problem: `${show(text)} has ${shape.significant} significant digits, more than DynamoDB's 38`,
    };
  }
  if (shape.significant > 0 && (shape.exponent > 125 || shape.exponent < -130)) {
    return {
      problem: `${show(text)} is outside DynamoDB's range for numbers (a magnitude from 1E-130 to 9.9999999999999999999999999999999999999E+125, or 0)`,
    };
  }
  return { text, shape };
}

function numberOrFail(
  raw: unknown,
  where: Where,
  typed: boolean,
): { text: string; shape: NumberShape } {
  const checked = checkNumber(raw);
  if ("problem" in checked) {
    const lead = typed ? "has type N but" : "holds a number DynamoDB cannot store:";
    fail(where, `${lead} ${checked.problem}. ${NUMBER_HINT}`);
  }
  return checked;
}

/** DynamoDB's number grammar and limits; returns the exact (trimmed) decimal string to send. */
export function toNumberString(raw: unknown, source: ValueSource): string {
  return numberOrFail(raw, { input: source.input, path: source.attribute }, true).text;
}

function isNumberValue(value: unknown): value is NumberValueImpl {
  return value instanceof NumberValueImpl;
}

// ---------------------------------------------------------------------------------------------
// Binary

const BASE64_SYNTAX = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)(?:==?)?$/;
const WHITESPACE = /\s+/g;

function isBytes(value: unknown): value is Uint8Array | ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function asUint8Array(value: Uint8Array | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** Standard or url-safe base64, padding optional; line breaks (MIME style) are ignored. */
function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(WHITESPACE, "");
  if (!BASE64_SYNTAX.test(compact)) return undefined;
  const padded = compact.endsWith("=");
  const body = padded ? withoutTrailing(compact, "=") : compact;
  if (body.length % 4 === 1 || (padded && compact.length % 4 !== 0)) return undefined;
  const buffer = Buffer.from(body, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function bytesOrFail(raw: unknown, where: Where, lead: string): Uint8Array {
  if (isBytes(raw)) return asUint8Array(raw);
  if (typeof raw === "string") {
    const bytes = decodeBase64(raw);
    if (bytes) return bytes;
  }
  return fail(where, `${lead} ${show(raw)} is not base64 text. ${BASE64_HINT}`);
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

// ---------------------------------------------------------------------------------------------
// Typed values (the key-value list inputs)

function typeCodeOf(type: unknown): TypeCode | undefined {
  if (typeof type !== "string") return undefined;
  const code = type.trim().toUpperCase();
  return (TYPE_CODES as readonly string[]).includes(code) ? (code as TypeCode) : undefined;
}

function typeCodeOrFail(type: unknown, where: Where): TypeCode {
  const code = typeCodeOf(type);
  if (code) return code;
  if (type === undefined || type === null || (typeof type === "string" && type.trim() === "")) {
    return fail(where, `has no type; use one of ${TYPE_LIST}.`);
  }
  return fail(where, `has the unknown type ${show(type)}; use one of ${TYPE_LIST}.`);
}

/** One typed value (from the key-value list inputs) to an AttributeValue. */
export function toAttributeValue(raw: unknown, type: unknown, source: ValueSource): AttributeValue {
  const where = { input: source.input, path: source.attribute };
  return typedValue(raw, typeCodeOrFail(type, where), where);
}

const SHAPE_HINTS: Record<"L" | "M" | "SS" | "NS" | "BS", string> = {
  L: 'A list is a JSON array, such as [1, "two", {"three": 3}].',
  M: 'A map is a JSON object, such as {"city": "London", "zip": 12345}.',
  SS: 'A string set is a JSON array of text, such as ["red", "green"].',
  NS: "A number set is a JSON array of numbers, such as [1, 2.5, -3].",
  BS: 'A binary set is a JSON array of base64 text, such as ["SGVsbG8=", "V29ybGQ="].',
};

function typedValue(raw: unknown, code: TypeCode, where: Where): AttributeValue {
  switch (code) {
    case "NULL":
      return { NULL: true };
    case "S":
      return { S: stringMember(raw, where, "has type S but") };
    case "N":
      return { N: numberOrFail(raw, where, true).text };
    case "B":
      return { B: bytesOrFail(raw, where, "has type B but") };
    case "BOOL":
      return { BOOL: booleanOrFail(raw, where) };
    case "L": {
      const value = containerValue(raw, code, where);
      if (!Array.isArray(value)) {
        return fail(
          where,
          `has type L but its value is ${show(value)}, not a list. ${SHAPE_HINTS.L}`,
        );
      }
      return plainToAttr(value, where, 0);
    }
    case "M": {
      const value = containerValue(raw, code, where);
      if (!isPlainObject(value)) {
        return fail(
          where,
          `has type M but its value is ${show(value)}, not a map. ${SHAPE_HINTS.M}`,
        );
      }
      return plainToAttr(value, where, 0);
    }
    case "SS":
    case "NS":
    case "BS":
      return setValue(raw, code, where);
  }
}

function stringMember(raw: unknown, where: Where, lead: string): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "bigint" || typeof raw === "boolean") {
    return String(raw);
  }
  if (isLosslessNumber(raw) || isNumberValue(raw)) return String(raw);
  if (raw === undefined || raw === null)
    return fail(where, `${lead} it has no value; give text (it may be empty).`);
  return fail(
    where,
    `${lead} its value is ${show(raw)}, not text. Use type M for a map or L for a list.`,
  );
}

function booleanOrFail(raw: unknown, where: Where): boolean {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string") {
    const text = raw.trim().toLowerCase();
    if (text === "true") return true;
    if (text === "false") return false;
  }
  return fail(
    where,
    `has type BOOL but ${show(raw)} is not true or false. Write true or false (any case).`,
  );
}

/** L, M and set values come as JSON text or as an already-parsed value. */
function containerValue(raw: unknown, code: keyof typeof SHAPE_HINTS, where: Where): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return parse(raw);
  } catch (error) {
    return fail(
      where,
      `has type ${code} but its value is not valid JSON (${errorMessage(error)}). ${SHAPE_HINTS[code]}`,
    );
  }
}

function setValue(raw: unknown, code: "SS" | "NS" | "BS", where: Where): AttributeValue {
  const parsed = containerValue(raw, code, where);
  const members = parsed instanceof Set ? [...parsed] : parsed;
  if (!Array.isArray(members)) {
    return fail(
      where,
      `has type ${code} but its value is ${show(parsed)}, not a JSON array. ${SHAPE_HINTS[code]}`,
    );
  }
  if (members.length === 0) {
    return fail(
      where,
      `has type ${code} but the set is empty; a set cannot be empty. Remove the attribute or use type NULL.`,
    );
  }
  const seen = new Map<string, unknown>();
  const out: string[] = [];
  const bytesOut: Uint8Array[] = [];
  members.forEach((member, index) => {
    const lead = `has type ${code} but member ${index + 1}:`;
    let key: string;
    if (code === "SS") {
      key = stringMember(member, where, lead);
      out.push(key);
    } else if (code === "NS") {
      const checked = checkNumber(member);
      if ("problem" in checked) fail(where, `${lead} ${checked.problem}. ${NUMBER_HINT}`);
      key = checked.shape.canonical;
      out.push(checked.text);
    } else {
      const bytes = bytesOrFail(member, child(where, index), `is in a ${code} set but`);
      key = toBase64(bytes);
      bytesOut.push(bytes);
    }
    if (seen.has(key)) {
      const earlier = seen.get(key);
      const same =
        code === "NS" && String(earlier) !== String(member)
          ? ` (the same number as ${show(earlier)})`
          : "";
      fail(
        where,
        `has type ${code} but ${show(member)}${same} appears more than once; a set cannot contain duplicates.`,
      );
    }
    seen.set(key, member);
  });
  if (code === "SS") return { SS: out };
  if (code === "NS") return { NS: out };
  return { BS: bytesOut };
}

// ---------------------------------------------------------------------------------------------
// Plain JSON values (numbers lossless) -> AttributeValue

/** A JSON object: not an array, null, a LosslessNumber (an object too) or another class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own property assignment that also works for the key "__proto__". */
function setKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

function plainToAttr(value: unknown, where: Where, depth: number): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case "string":
      return { S: value };
    case "boolean":
      return { BOOL: value };
    case "number":
    case "bigint":
      return { N: numberOrFail(value, where, false).text };
    case "undefined":
      return fail(where, "has no value.");
    case "object":
      break;
    default:
      return fail(where, `is a ${typeof value}, which DynamoDB cannot store.`);
  }
  if (isLosslessNumber(value) || isNumberValue(value)) {
    return { N: numberOrFail(value, where, false).text };
  }
  if (depth >= MAX_DEPTH) {
    return fail(where, `is nested more than ${MAX_DEPTH} levels deep, DynamoDB's limit.`);
  }
  if (Array.isArray(value)) {
    const list: AttributeValue[] = [];
    // undefined members are skipped, as util-dynamodb's removeUndefinedValues does.
    for (let index = 0; index < value.length; index++) {
      const member = value[index];
      if (member !== undefined) list.push(plainToAttr(member, child(where, index), depth + 1));
    }
    return { L: list };
  }
  if (isPlainObject(value)) {
    const map: AttributeMap = {};
    for (const key of Object.keys(value)) {
      const member = value[key];
      if (member !== undefined) setKey(map, key, plainToAttr(member, child(where, key), depth + 1));
    }
    return { M: map };
  }
  if (isBytes(value)) return { B: asUint8Array(value) };
  if (value instanceof Set) return setValue([...value], setCodeOf(value, where), where);
  if (value instanceof Map) {
    const map: AttributeMap = {};
    for (const [key, member] of value) {
      if (member === undefined) continue;
      setKey(map, String(key), plainToAttr(member, child(where, String(key)), depth + 1));
    }
    return { M: map };
  }
  if (value instanceof Date) return { S: value.toISOString() };
  const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return fail(where, `is a ${name}, which DynamoDB cannot store; give plain JSON.`);
}

/** A JS Set from a code-native flow: its first member decides SS, NS or BS. */
function setCodeOf(set: Set<unknown>, where: Where): "SS" | "NS" | "BS" {
  if (set.size === 0) return fail(where, "is an empty set; a set cannot be empty.");
  const first = set.values().next().value;
  if (typeof first === "string") return "SS";
  if (isBytes(first)) return "BS";
  if (typeof first === "number" || typeof first === "bigint") return "NS";
  if (isLosslessNumber(first) || isNumberValue(first)) return "NS";
  return fail(where, `is a set of ${show(first)}; a set holds only text, numbers or binary data.`);
}

/** A plain JSON object (text or value; numbers lossless) to an AttributeMap. */
export function plainToMap(value: unknown, label: string): AttributeMap {
  const parsed = parseJsonInput(value, label);
  if (!isPlainObject(parsed)) {
    throw new Error(
      `${label} must be a JSON object such as {"customerId": 1001, "name": "Ada"}, not ${show(parsed)}.`,
    );
  }
  const attribute = plainToAttr(parsed, { input: label, path: "" }, 0);
  return attribute.M as AttributeMap;
}

/** Any plain JSON value (e.g. a PartiQL parameter) to one AttributeValue, numbers lossless. */
export function plainToAttributeValue(value: unknown, label: string): AttributeValue {
  return plainToAttr(value, { input: label, path: "" }, 0);
}

// ---------------------------------------------------------------------------------------------
// The two key-value list inputs (values + types)

/** Unset: undefined, null, blank text or an empty list (the platform sends "" for unset). */
export function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A keyvaluelist ([{key, value}]), a plain object, or JSON text of either, as ordered pairs. */
function pairsOf(input: unknown, label: string): [string, unknown][] {
  if (isBlank(input)) return [];
  const parsed = typeof input === "string" ? parseJsonInput(input, label) : input;
  let pairs: [string, unknown][];
  if (Array.isArray(parsed)) {
    pairs = parsed.map((row: unknown, index) => {
      if (!isPlainObject(row) || !("key" in row)) {
        throw new Error(`${label}: row ${index + 1} is ${show(row)}, not a key and a value.`);
      }
      return [typeof row.key === "string" ? row.key : String(row.key ?? ""), row.value];
    });
  } else if (isPlainObject(parsed)) {
    pairs = Object.entries(parsed);
  } else {
    throw new Error(`${label} must be a list of keys and values, not ${show(parsed)}.`);
  }
  const seen = new Set<string>();
  pairs.forEach(([key], index) => {
    if (key.trim() === "") {
      throw new Error(
        `${label}: row ${index + 1} has a blank key; every row needs the attribute name as its key.`,
      );
    }
    if (seen.has(key)) {
      throw new Error(`${label} has the key "${key}" more than once; give each key once.`);
    }
    seen.add(key);
  });
  return pairs;
}

/** The pair of key-value list inputs (values + types) to an AttributeMap. */
export function typedPairsToMap(
  values: unknown,
  types: unknown,
  labels: { values: string; types: string },
): AttributeMap {
  const valuePairs = pairsOf(values, labels.values);
  const typePairs = pairsOf(types, labels.types);
  const typeOf = new Map(typePairs);
  const valueKeys = new Set(valuePairs.map(([key]) => key));
  for (const [key] of valuePairs) {
    if (!typeOf.has(key)) {
      throw new Error(
        `${labels.types} has no type for "${key}"; add a row with key "${key}" and one of ${TYPE_LIST}.`,
      );
    }
  }
  const map: AttributeMap = {};
  for (const [key, value] of valuePairs) {
    const code = typeCodeOrFail(typeOf.get(key), { input: labels.types, path: key });
    setKey(map, key, typedValue(value, code, { input: labels.values, path: key }));
  }
  for (const [key, type] of typePairs) {
    if (valueKeys.has(key)) continue;
    const code = typeCodeOrFail(type, { input: labels.types, path: key });
    // A NULL needs no value, so a missing row is no mistake.
    if (code !== "NULL") {
      throw new Error(
        `${labels.values} has no value for "${key}", which has type ${code} in ${labels.types}; add a row with key "${key}" to ${labels.values}, or remove its type.`,
      );
    }
    setKey<AttributeValue>(map, key, { NULL: true });
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Output

/**
 * A DynamoDB number (decimal text) as a JSON number when a double holds its value, else the exact
 * text. Values are compared, not texts: "1.50" is 1.5, "1e21" is 1e21 and "-0" is 0, but
 * "12345678901234567890" stays a string because the nearest double is another number. The double
 * "holds" the value when its shortest decimal form (what JSON.stringify writes, and any JSON
 * reader reads back to the same double) is the same decimal number as the text.
 */
function numberOut(text: string): number | string {
  const number = Number(text);
  // Fast path: the text is already the double's shortest form (most numbers are).
  if (String(number) === text) return number;
  if (!Number.isFinite(number)) return text;
  return canonicalNumber(String(number)) === canonicalNumber(text) ? number + 0 : text;
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
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    const value = item[key];
    // The SDK's deserialiser can leave an attribute undefined (one named "__proto__"): no data.
    if (value !== undefined) setKey(out, key, attributeToPlain(value));
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

export function formatItems(
  items: AttributeMap[] | undefined,
  dynamoJson = false,
): Record<string, unknown>[] {
  return items ? items.map((item) => formatItem(item, dynamoJson)) : [];
}

// ---------------------------------------------------------------------------------------------
// Cursors

function isTypedValue(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && typeCodeOf(keys[0]) === keys[0];
}

/** DynamoDB JSON (as formatItem returns it with dynamoJson) back to AttributeValues. */
function typedToAttr(value: unknown, where: Where, depth: number): AttributeValue {
  if (!isTypedValue(value) || depth >= MAX_DEPTH) {
    return fail(
      where,
      `is ${show(value)}, not a typed value such as {"S": "text"} or {"N": "42"}.`,
    );
  }
  const [code, inner] = Object.entries(value as Record<string, unknown>)[0] as [TypeCode, unknown];
  if (code === "L") {
    if (!Array.isArray(inner)) {
      return fail(where, `has type L but its value is ${show(inner)}, not an array.`);
    }
    return { L: inner.map((member, index) => typedToAttr(member, child(where, index), depth + 1)) };
  }
  if (code === "M") {
    if (!isPlainObject(inner)) {
      return fail(where, `has type M but its value is ${show(inner)}, not an object.`);
    }
    const map: AttributeMap = {};
    for (const key of Object.keys(inner)) {
      setKey(map, key, typedToAttr(inner[key], child(where, key), depth + 1));
    }
    return { M: map };
  }
  if (code === "S" && typeof inner !== "string") {
    return fail(where, `has type S but its value is ${show(inner)}, not text.`);
  }
  return typedValue(inner, code, where);
}

/** A cursor (ExclusiveStartKey) as formatItem returned it, plain or DynamoDB JSON, text or object. */
export function parseCursor(value: unknown, label: string): AttributeMap | undefined {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return undefined;
  }
  const parsed = parseJsonInput(value, label);
  if (!isPlainObject(parsed)) {
    throw new Error(
      `${label} must be the key object a previous page returned, such as {"customerId": 1001}, not ${show(parsed)}.`,
    );
  }
  const keys = Object.keys(parsed);
  if (keys.length === 0) return undefined;
  if (keys.every((key) => isTypedValue(parsed[key]))) {
    const map: AttributeMap = {};
    for (const key of keys) {
      setKey(map, key, typedToAttr(parsed[key], { input: label, path: key }, 0));
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
  for (const key of Object.keys(cursor)) {
    const attribute = cursor[key];
    if (attribute?.S === undefined && attribute?.N === undefined && attribute?.B === undefined) {
      throw new Error(
        `${label}: "${key}" is ${show(attributeToPlain(attribute))}, not a key value. A cursor is the key object a previous page returned, with text, number or binary values, such as {"customerId": 1001}.`,
      );
    }
  }
  return cursor;
}

// ---------------------------------------------------------------------------------------------
// Item size

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function numberSize(text: string): number {
  const shape = numberShape(text.trim());
  return Math.ceil((shape?.significant ?? text.length) / 2) + 1;
}

function valueSize(value: AttributeValue | undefined): number {
  if (typeof value !== "object" || value === null) return 0;
  if (value.S !== undefined) return utf8Length(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) {
    let size = 3 + value.L.length;
    for (const member of value.L) size += valueSize(member);
    return size;
  }
  if (value.M !== undefined) {
    let size = 3;
    for (const key of Object.keys(value.M)) size += 1 + utf8Length(key) + valueSize(value.M[key]);
    return size;
  }
  let size = 0;
  if (value.SS !== undefined) for (const member of value.SS) size += utf8Length(member);
  if (value.NS !== undefined) for (const member of value.NS) size += numberSize(member);
  if (value.BS !== undefined) for (const member of value.BS) size += member.byteLength;
  return size;
}

/** Approximate DynamoDB item size in bytes, per AWS's sizing rules. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const key of Object.keys(item)) {
    const value = item[key];
    if (value !== undefined) size += utf8Length(key) + valueSize(value);
  }
  return size;
}

/**
 * DynamoDB output -> plain JSON that loses nothing (numbers exact, binary as base64, sets as
 * arrays), or DynamoDB's typed form with binary as base64. The one output conversion for items
 * and cursors.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { printable } from "../common/text";
import { show } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import { isAttributes, shown } from "./answers";
import { asUint8Array, isBytes, toBase64 } from "./binary";
import { beyondLimits, type NumberShape, numberShape } from "./numbers";
import { type AttributeMap, isOwnKey, ownType, setKey, TYPE_CODES, type TypeCode } from "./types";

/** What each type holds, as the SDK gives it: for the message about a value that holds else. */
const TYPE_HOLDS: Record<TypeCode, string> = {
  S: "text",
  N: 'a number as text, such as "42"',
  B: "bytes (a Uint8Array)",
  BOOL: "true or false",
  NULL: "true",
  L: "an array of values",
  M: "an object of attributes",
  SS: "an array of texts",
  NS: 'an array of numbers as text, such as ["1", "2.5"]',
  BS: "an array of Uint8Arrays",
};

const MOCK_HINT =
  'DynamoDB never answers so, but a mocked client may: give a mock\'s values as the SDK gives them, such as {"S": "Ada"}, {"N": "42"} (numbers as text), {"B": new Uint8Array([1, 2])}, {"L": [{"S": "a"}]}.';

/**
 * A value in an answer that this conversion cannot read: not one of DynamoDB's types, or a type
 * holding the wrong kind of data ({"N": 5}, {"L": null}, binary as text), as a mocked client may
 * answer; or a type newer than the SDK. A StepError (code unexpectedAnswer), never a TypeError,
 * and never a value dropped or turned into null. The detail and the path found so far are kept
 * here, so that `within` can name the enclosing attribute or list position as the error passes
 * up through the conversion, and the message ends up naming the whole path.
 */
interface Unexpected {
  detail: string;
  path: string;
  /** Known only where a mocked answer is checked (checkAnsweredMap): the operation answered. */
  operation?: string;
  /** Where in that answer the item or key is, such as "Items[3]". */
  part?: string;
}

const unexpected = new WeakMap<StepError, Unexpected>();

function unexpectedError(detail: string): StepError {
  const found: Unexpected = { detail, path: "" };
  const error = new StepError("unexpectedAnswer", describeUnexpected(found));
  unexpected.set(error, found);
  return error;
}

/** The one message of a value no conversion reads, naming what of it is known. */
function describeUnexpected({ detail, path, operation, part }: Unexpected): string {
  const name = path.startsWith(".") ? path.slice(1) : path;
  const where = name === "" ? "a value" : `attribute "${printable(name)}"`;
  const answer = operation ? `The answer to ${operation}` : "The answer";
  const inPart = part ? ` in ${printable(part)}` : "";
  return `${answer} holds ${where}${inPart} that is not a DynamoDB value: ${detail}${detail.endsWith(".") ? "" : "."}`;
}

/** `error`, naming also the attribute (".name") or list position ("[2]") it was found in. */
export function within(error: unknown, step: string): unknown {
  const found = error instanceof StepError ? unexpected.get(error) : undefined;
  if (found) {
    found.path = step + found.path;
    (error as StepError).message = describeUnexpected(found);
  }
  return error;
}

/** The error for `value`, which is no AttributeValue this conversion reads; made only then. */
export function unexpectedValue(value: unknown): StepError {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return unexpectedError(`${show(value)} is not an object such as {"S": "Ada"}. ${MOCK_HINT}`);
  }
  const unknown = (value as { $unknown?: unknown }).$unknown;
  if (Array.isArray(unknown)) {
    // The SDK puts types newer than itself under $unknown: [type, value].
    return unexpectedError(
      `its type ${show(unknown[0])} is newer than this connector's AWS SDK knows`,
    );
  }
  const fields = value as Record<string, unknown>;
  const type = Object.keys(fields).find((key) => fields[key] !== undefined);
  if (type === undefined) return unexpectedError(`it has no type, such as S or N. ${MOCK_HINT}`);
  if (!(TYPE_CODES as readonly string[]).includes(type)) {
    return unexpectedError(
      `its type ${show(type)} is none of DynamoDB's (${TYPE_CODES.join(", ")}). ${MOCK_HINT}`,
    );
  }
  return unexpectedError(
    `${type} holds ${shown(fields[type])}, not ${TYPE_HOLDS[type as TypeCode]}. ${MOCK_HINT}`,
  );
}

/**
 * The error for `text`, which is no number DynamoDB sends as type `type`: no number text, or a
 * number beyond DynamoDB's limits (more than 38 digits, a magnitude past 9.99...E+125 or under
 * 1E-130), which DynamoDB never stores. Made only then.
 */
function unexpectedNumber(text: unknown, type: "N" | "NS"): StepError {
  const shape = typeof text === "string" ? numberShape(text) : undefined;
  const problem = shape && beyondLimits(text as string, shape);
  if (!problem) return unexpectedValue({ [type]: text });
  return unexpectedError(`${type} holds a number DynamoDB cannot store: ${problem}. ${MOCK_HINT}`);
}

/** A set's members, as an array: the SDK gives arrays; a mock may give a Set. */
export function members(set: unknown): unknown[] | undefined {
  if (Array.isArray(set)) return set;
  return set instanceof Set ? [...set] : undefined;
}

/** Binary as base64; anything but bytes is an unexpectedAnswer StepError (as type `type`). */
function bytesOut(bytes: unknown, type: "B" | "BS"): string {
  if (isBytes(bytes)) return toBase64(asUint8Array(bytes));
  throw unexpectedValue({ [type]: bytes });
}

/** Runs `convert` for each element of a list, naming the position of an element it cannot read. */
export function eachOf<T>(list: unknown[], convert: (element: never) => T): T[] {
  const out: T[] = new Array(list.length);
  let index = 0;
  try {
    for (; index < list.length; index++) out[index] = convert(list[index] as never);
  } catch (error) {
    throw within(error, `[${index}]`);
  }
  return out;
}

/**
 * A DynamoDB number (decimal text) as a JSON number when a double holds its value, else the exact
 * text. Values are compared, not texts: "1.50" is 1.5, "1e21" is 1e21 and "-0" is 0, but
 * "12345678901234567890" stays a string because the nearest double is another number. The double
 * "holds" the value when its shortest decimal form (what JSON.stringify writes, and any JSON
 * reader reads back to the same double) is the same decimal number as the text.
 */
function numberOut(text: unknown, type: "N" | "NS" = "N"): number | string {
  if (typeof text !== "string") throw unexpectedNumber(text, type);
  // Fast path: the text is already the double's shortest form (most numbers are), read as it is
  // checked. Number() also reads "Infinity", "NaN" and " 12 ", which are no DynamoDB numbers.
  const shortest = shortestFormValue(text);
  if (shortest !== undefined) return shortest;
  const number = Number(text);
  if (String(number) === text && shortestInRange(number)) return number;
  return doubleIfSameNumber(text, number, answerNumberShape(text, type).canonical);
}

/**
 * `number` (the double nearest `text`) when it is the same decimal number as `text`, whose
 * canonical form is `canonical`; else the exact text. (+ 0 makes -0 a plain 0.)
 */
function doubleIfSameNumber(text: string, number: number, canonical: string): number | string {
  return numberShape(String(number))?.canonical === canonical ? number + 0 : text;
}

/**
 * A number of a step's input, as decimal text (JSON's grammar), written as numberOut writes
 * DynamoDB's: a JSON number when a double holds its value, else the exact text. Not held to
 * DynamoDB's limits, which are the input's to check: for values echoed as given (values/given.ts).
 */
export function givenNumberOut(text: string): number | string {
  const shortest = shortestFormValue(text);
  if (shortest !== undefined) return shortest;
  const number = Number(text);
  const shape = numberShape(text);
  return shape === undefined ? text : doubleIfSameNumber(text, number, shape.canonical);
}

/**
 * The shape of `text`, a number of an answer's `type` (N or NS) as DynamoDB gives it; anything
 * else (no text, no number, or one beyond DynamoDB's limits, as a mocked answer may hold) is an
 * unexpectedAnswer StepError (unexpectedNumber). The one check of an answer's number text.
 */
export function answerNumberShape(text: unknown, type: "N" | "NS"): NumberShape {
  const shape = typeof text === "string" ? numberShape(text) : undefined;
  if (!shape || beyondLimits(text as string, shape)) throw unexpectedNumber(text, type);
  return shape;
}

/**
 * Whether the shortest form of `number` is within DynamoDB's range (a magnitude from 1E-130 to
 * 9.99...E+125, or 0), by comparing the double: rounding to a double keeps order, so the shortest
 * form is under 1E+126 (at most 17 digits, so under the largest number) exactly when the double
 * is under the double of 1E+126, and likewise at 1E-130. False for NaN and the infinities.
 */
function shortestInRange(number: number): boolean {
  const magnitude = number < 0 ? -number : number;
  return magnitude < 1e126 && (magnitude >= 1e-130 || magnitude === 0);
}

const MINUS = 45;
const POINT = 46;
const ZERO = 48;
const isDigit = (code: number): boolean => code >= ZERO && code <= ZERO + 9;

/** Powers of ten a double holds exactly (10^0 to 10^22): the divisors of shortestFormValue. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, power) => 10 ** power);

/**
 * Number(text) when `text` is a decimal that String(Number(text)) writes back unchanged, else
 * undefined (which says nothing). Such a text has at most 15 significant digits (a double tells
 * all such decimals apart, so its shortest form has the same digits), no sign but a minus, no
 * exponent, no leading zero but a lone one before the point, no trailing zero after it, is not
 * -0, and is 1E-6 or more in magnitude (String writes smaller numbers, and 1E21 or more, with an
 * exponent). Its digits as an integer (under 10^15, so exact) divided by the power of ten of its
 * fraction (exact up to 10^22) is one correctly rounded division: the double Number() reads.
 */
function shortestFormValue(text: string): number | undefined {
  const end = text.length;
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  const sign = start === 1 ? -1 : 1;
  let index = start;
  let digits = 0;
  let mantissa = 0;
  if (text.charCodeAt(index) === ZERO) {
    index += 1;
    if (index === end) return end === 1 ? 0 : undefined;
  } else {
    for (; index < end; index++) {
      const code = text.charCodeAt(index);
      if (!isDigit(code)) break;
      mantissa = mantissa * 10 + (code - ZERO);
    }
    digits = index - start;
    if (digits === 0) return undefined;
    if (index === end) return digits <= 15 ? sign * mantissa : undefined;
  }
  if (text.charCodeAt(index) !== POINT || !isDigit(text.charCodeAt(end - 1))) return undefined;
  if (text.charCodeAt(end - 1) === ZERO) return undefined;
  index += 1;
  const fraction = index;
  if (digits === 0) {
    while (index < end && text.charCodeAt(index) === ZERO) index += 1;
    if (index - fraction > 5) return undefined;
  }
  const significant = digits + end - index;
  for (; index < end; index++) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) break;
    mantissa = mantissa * 10 + (code - ZERO);
  }
  if (index !== end || significant > 15) return undefined;
  return (sign * mantissa) / EXACT_POWERS_OF_TEN[end - fraction];
}

/**
 * AttributeValue -> plain JSON that loses nothing (no Set, no NumberValue, no Uint8Array). A
 * value that is no AttributeValue is a StepError (unexpectedAnswer) naming it.
 */
export function attributeToPlain(value: AttributeValue): unknown {
  if (typeof value !== "object" || value === null) throw unexpectedValue(value);
  // The SDK's values have one type, found by the value's one own key holding something (as
  // ownType finds it): a type it lacks is never looked up, so a property another module put on
  // Object.prototype is never read as a type (and a lookup of each type in turn costs a
  // megamorphic load each, per value of every answer). Each type is taken only when it holds
  // what the SDK gives for it.
  let type: string | undefined;
  let data: unknown;
  for (const key in value) {
    if (!isOwnKey(value, key)) continue;
    const held = value[key as keyof AttributeValue];
    if (held === undefined) continue;
    // A second type: refused, as a mocked answer's check refuses it (onlyType throws).
    if (type !== undefined) onlyType(value as unknown as Record<string, unknown>);
    type = key;
    data = held;
  }
  switch (type) {
    case "S":
      if (typeof data === "string") return data;
      break;
    case "N":
      return numberOut(data);
    case "M":
      if (isAttributes(data)) return mapToPlain(data);
      break;
    case "L":
      if (Array.isArray(data)) return eachOf(data, attributeToPlain);
      break;
    case "BOOL":
      if (typeof data === "boolean") return data;
      break;
    // DynamoDB's NULL is only ever true; {"NULL": false} is refused.
    case "NULL":
      if (data === true) return null;
      break;
    case "B":
      return bytesOut(data, "B");
    case "SS":
    case "NS":
    case "BS":
      return setToPlain(type, data, value);
  }
  throw unexpectedValue(value);
}

/**
 * The members of `data`, `value`'s set of `type`, as an array; a set holding anything else is an
 * unexpectedAnswer StepError naming `value`.
 */
function setToPlain(type: "SS" | "NS" | "BS", data: unknown, value: AttributeValue): unknown[] {
  const set = members(data);
  if (set && type === "SS" && set.every((member) => typeof member === "string")) return [...set];
  if (set && type === "NS") return eachOf(set, (member) => numberOut(member, "NS"));
  if (set && type === "BS") return eachOf(set, (member) => bytesOut(member, "BS"));
  throw unexpectedValue(value);
}

/** Throws an unexpectedAnswer StepError when `item` (an item or an M value) is no object. */
export function checkAttributes(item: unknown): void {
  if (!isAttributes(item)) {
    throw unexpectedError(
      `an item or map must be an object of attributes, such as {"customerId": {"N": "1001"}}, not ${show(item)}. ${MOCK_HINT}`,
    );
  }
}

export function mapToPlain(item: AttributeMap): Record<string, unknown> {
  checkAttributes(item);
  // A copy of the item (same keys in the same order) whose values are then replaced: a store to a
  // property the object has costs less than adding one, and this runs for every attribute read.
  // for-in with the own-property test visits what Object.keys lists, in its order, and reads
  // each value without a lookup by name.
  const out: Record<string, unknown> = { ...item };
  let current = "";
  try {
    for (const key in item) {
      if (!isOwnKey(item, key)) continue;
      current = key;
      const value = item[key];
      // The SDK's deserialiser can leave an attribute undefined (one named "__proto__"): no data.
      if (value === undefined) delete out[key];
      else setKey(out, key, attributeToPlain(value));
    }
  } catch (error) {
    throw within(error, `.${current}`);
  }
  return out;
}

/**
 * Checks an item or key of a mocked answer (`part` of the answer to `operation`, such as
 * "Items[3]" of Query's) before any action reads it: by the output conversion's own value check
 * (attributeToPlain) on each value that holds no other values, and also that each value has one
 * type, as every value the SDK makes has ({"S": "a", "N": "1"} would be read by one type and the
 * other dropped). Only for a mocked answer: the SDK's answers need no such walk. Throws an
 * unexpectedAnswer StepError naming the operation, the part and the attribute path.
 */
export function checkAnsweredMap(map: AttributeMap, operation: string, part: string): void {
  try {
    checkMap(map);
  } catch (error) {
    const found = error instanceof StepError ? unexpected.get(error) : undefined;
    if (found) {
      Object.assign(found, { operation, part });
      (error as StepError).message = describeUnexpected(found);
    }
    throw error;
  }
}

/** Walks `map` as mapToPlain does (an undefined attribute is no data), checking each value. */
function checkMap(map: AttributeMap): void {
  checkAttributes(map);
  const keys = Object.keys(map);
  let index = 0;
  try {
    for (; index < keys.length; index++) {
      const value = map[keys[index]];
      if (value !== undefined) checkValue(value);
    }
  } catch (error) {
    throw within(error, `.${keys[index]}`);
  }
}

/** One value: one type, then its M or L walked, or else attributeToPlain's check of it. */
function checkValue(value: AttributeValue): void {
  // The value's own type: a type it lacks is never looked up, and two types are refused
  // (onlyType throws; it gives undefined for none, which attributeToPlain refuses).
  const type =
    typeof value === "object" && value !== null
      ? (ownType(value) ?? onlyType(value as unknown as Record<string, unknown>))
      : undefined;
  if (type === "M" && isAttributes(value.M)) checkMap(value.M);
  else if (type === "L" && Array.isArray(value.L)) eachOf(value.L, checkValue);
  else attributeToPlain(value);
}

/**
 * The one key of `value` that holds something (an undefined one is no type). Two types are
 * refused; so is a key that is no type beside others (a plain object written for a value).
 */
function onlyType(value: Record<string, unknown>): string | undefined {
  const types = Object.keys(value).filter((key) => value[key] !== undefined);
  if (types.length < 2) return types[0];
  const other = types.find((key) => !(TYPE_CODES as readonly string[]).includes(key));
  if (other !== undefined) {
    throw unexpectedError(
      `its key ${show(other)} is none of DynamoDB's types (${TYPE_CODES.join(", ")}), and a DynamoDB value has one key, its type. ${MOCK_HINT}`,
    );
  }
  const named = types.map((type) => show(type));
  throw unexpectedError(
    `it has ${types.length} types, ${named.slice(0, -1).join(", ")} and ${named.at(-1)}, where a DynamoDB value has one. ${MOCK_HINT}`,
  );
}

/**
 * The typed form with binary as base64 and sets as arrays, so that it survives JSON
 * serialisation; a value that is no AttributeValue is refused as by attributeToPlain.
 */
function typedOut(value: AttributeValue): unknown {
  if (typeof value !== "object" || value === null) throw unexpectedValue(value);
  // By the value's own type: a property named like a type on Object.prototype is never read.
  switch (ownType(value)) {
    case "B":
      return { B: bytesOut(value.B, "B") };
    case "M":
      return { M: typedMapOut(value.M as AttributeMap) };
    case "L":
      if (Array.isArray(value.L)) return { L: eachOf(value.L, typedOut) };
      break;
    // setToPlain checks a set's members; the typed form keeps numbers as their text.
    case "SS":
      return { SS: setToPlain("SS", value.SS, value) };
    case "NS":
      setToPlain("NS", value.NS, value);
      return { NS: members(value.NS) };
    case "BS":
      return { BS: setToPlain("BS", value.BS, value) };
  }
  // S, N, BOOL and NULL keep their text; attributeToPlain refuses what DynamoDB never sends.
  attributeToPlain(value);
  return value;
}

function typedMapOut(item: AttributeMap): Record<string, unknown> {
  checkAttributes(item);
  const out: Record<string, unknown> = {};
  const keys = Object.keys(item);
  let index = 0;
  try {
    for (; index < keys.length; index++) {
      const value = item[keys[index]];
      if (value !== undefined) setKey(out, keys[index], typedOut(value));
    }
  } catch (error) {
    throw within(error, `.${keys[index]}`);
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
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) {
    throw unexpectedError(`a list of items must be an array, not ${show(items)}. ${MOCK_HINT}`);
  }
  return items.map((item) => formatItem(item, dynamoJson));
}

/**
 * An item an error message quotes (a failed condition's or a cancelled transaction's current
 * item) as plain JSON text cut to `max` characters; an item no conversion can read is named so,
 * rather than its StepError hiding the failure the message reports.
 */
export function itemForMessage(item: unknown, max: number): string {
  let text: string;
  try {
    text = JSON.stringify(formatItem(item as AttributeMap));
  } catch (error) {
    return `(not readable: ${error instanceof Error ? error.message : show(error)})`.slice(0, max);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

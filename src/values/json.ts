/**
 * The one JSON reader. Every JSON input (code inputs, L/M/set values, cursors, Operations, ...)
 * is read here: text is parsed losslessly (numbers keep every digit, a duplicate key is an
 * error), a value a code-native flow passed already parsed is taken as is, and nesting is bounded
 * so that no input, however deep or circular, can overflow the stack.
 */
import { parse } from "lossless-json";
import { isNumberObject } from "../common/numberObjects";
import { fail, show } from "../errors/inputError";
import { MAX_DEPTH, MemberBudget } from "./limits";

/**
 * How deep the reader lets JSON text nest before parsing it: DynamoDB's 32 levels for an item,
 * plus room for the wrappers around one (Operations: list, entry, kind, item). Deeper values of an
 * item are refused later with the attribute's path.
 */
const MAX_JSON_DEPTH = MAX_DEPTH + 8;

const JSON_HINT = 'Give JSON such as {"name": "Ada", "age": 36} or [1, "two", true].';

/**
 * Text in which JSON.parse reads every number exactly, to the same decimal text: no run of 16 or
 * more digits and dots (so at most 15 significant digits, which a double keeps), no exponent, no
 * fraction ending in 0, no -0, nothing below 0.00001. A match inside a string only costs the
 * lossless parser.
 */
const MAYBE_INEXACT = /[\d.]{16}|\d[eE]|\.\d*0(?![\d.])|-0(?![\d.])|0\.0000/;

function tooDeep(label: string): never {
  return fail(
    label,
    "tooDeep",
    `${label} is nested more than ${MAX_DEPTH} levels deep, DynamoDB's limit (or refers to itself). Flatten the data.`,
  );
}

/** The number of object keys in a parsed value; over MAX_JSON_DEPTH levels is an error. */
function countKeys(value: unknown, label: string, depth: number): number {
  if (value === null || typeof value !== "object") return 0;
  if (depth > MAX_JSON_DEPTH) tooDeep(label);
  let count = 0;
  if (Array.isArray(value)) {
    for (const member of value) count += countKeys(member, label, depth + 1);
  } else {
    for (const key of Object.keys(value)) {
      count += 1 + countKeys((value as Record<string, unknown>)[key], label, depth + 1);
    }
  }
  return count;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

/**
 * How many object keys (string tokens followed by a colon) valid JSON text holds. A scan, in
 * linear time: a regex for it backtracked quadratically on runs of escaped quotes.
 */
function countKeyTokens(text: string): number {
  let count = 0;
  let index = 0;
  while (index < text.length) {
    if (text.charCodeAt(index) !== QUOTE) {
      index += 1;
      continue;
    }
    index += 1;
    let code = text.charCodeAt(index);
    while (index < text.length && code !== QUOTE) {
      index += code === BACKSLASH ? 2 : 1;
      code = text.charCodeAt(index);
    }
    index += 1;
    // Text JSON.parse read: between tokens only JSON's four whitespace characters can stand.
    code = text.charCodeAt(index);
    while (code === 32 || code === 9 || code === 10 || code === 13) {
      index += 1;
      code = text.charCodeAt(index);
    }
    if (code === COLON) count += 1;
  }
  return count;
}

/** The deepest nesting of [ and { in JSON text, outside strings; stops counting past `max`. */
function textDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92)
        index++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (code === 93 || code === 125) depth--;
  }
  return deepest;
}

/**
 * Reads a JSON input. Text is parsed losslessly (numbers become LosslessNumber when a double would
 * change them; a duplicate key is an error); any other value (already parsed by a code-native
 * flow) is returned as is. Throws InputError `invalidJson` or `tooDeep`, naming `label`; the
 * message starts with `options.subject` (default: the label; a function is called only when the
 * message is written) and ends with `options.hint`.
 */
export function parseJsonInput(
  text: unknown,
  label: string,
  options: { subject?: string | (() => string); hint?: string } = {},
): unknown {
  if (typeof text !== "string") return text;
  return parseJsonText(withoutByteOrderMark(text), label, options);
}

/** Text as an editor on Windows may save it: a leading U+FEFF, invisible, that JSON may skip. */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** parseJsonInput for text: the fast path where it gives the same values, else lossless. */
function parseJsonText(
  text: string,
  label: string,
  options: { subject?: string | (() => string); hint?: string },
): unknown {
  // JSON.parse is about ten times faster than the lossless parser (it matters for batches of
  // thousands of items), and it does not overflow on deep text; use it where it gives the same
  // values: every number exact, and no duplicate key (JSON.parse keeps the last one).
  if (!MAYBE_INEXACT.test(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined; // Not valid JSON: the lossless parser below says where.
    }
    if (value !== undefined && countKeys(value, label, 0) === countKeyTokens(text)) return value;
  }
  // The lossless parser recurses: deep text would overflow the stack, so it is measured first.
  if (textDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) tooDeep(label);
  try {
    return parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const subject =
      typeof options.subject === "function" ? options.subject() : (options.subject ?? label);
    const hint = options.hint ?? JSON_HINT;
    const advice = pastingAdvice(text, reason);
    return fail(label, "invalidJson", `${subject} is not valid JSON (${reason}).${advice} ${hint}`);
  }
}

/** The lossless parser's "... got 'c' at position n" that names where it stopped. */
const STOPPED_AT = /got '(.)' at position (\d+)/u;
const CURLY_QUOTES = "\u201C\u201D\u2018\u2019\u201E\u201F";

/**
 * Words on the two ways pasted JSON breaks that the parser's position does not make plain: curly
 * quotes from a document or chat, and a comma before a closing bracket, which JavaScript and many
 * docs allow. Empty when the parser stopped elsewhere.
 */
function pastingAdvice(text: string, reason: string): string {
  const stopped = STOPPED_AT.exec(reason);
  if (!stopped) return "";
  const [, char, position] = stopped;
  if (CURLY_QUOTES.includes(char)) {
    return ` It holds the curly quote ${char}, as documents and chats write them: use straight double quotes (") around names and strings.`;
  }
  const closing = char === "]" || char === "}";
  if (closing && text.slice(0, Number(position)).trimEnd().endsWith(",")) {
    return ` It has a comma before the closing ${char} at position ${position}; remove it.`;
  }
  return "";
}

/**
 * A value that must hold plain JSON (a Query Parameter, say) is checked to nest at most
 * MAX_JSON_DEPTH levels, which also stops a value that contains itself, and to hold at most
 * MAX_MEMBERS members written out (`budget`, shared by one walk).
 */
export function checkJsonDepth(
  value: unknown,
  label: string,
  depth = 0,
  budget = new MemberBudget(),
): void {
  if (value === null || typeof value !== "object" || isNumberObject(value)) return;
  if (depth > MAX_JSON_DEPTH) tooDeep(label);
  if (Array.isArray(value)) {
    for (const member of value) {
      budget.spend(label);
      checkJsonDepth(member, label, depth + 1, budget);
    }
  } else if (!(value instanceof ArrayBuffer || ArrayBuffer.isView(value))) {
    for (const key of Object.keys(value)) {
      budget.spend(label);
      checkJsonDepth((value as Record<string, unknown>)[key], label, depth + 1, budget);
    }
  }
}

/**
 * A code input that must hold a JSON array: the text, parsed as parseJsonInput does, or the array
 * itself. `notArray` is the message for anything else.
 */
export function parseJsonArrayInput(value: unknown, label: string, notArray: string): unknown[] {
  const parsed = parseJsonInput(value, label);
  if (!Array.isArray(parsed)) fail(label, "wrongKind", notArray);
  return dense(parsed);
}

/**
 * The array itself, or, when a code-native flow passed a sparse one ([, 1]), a copy whose holes
 * are undefined: map and forEach skip holes, so a hole would be dropped without a word.
 */
export function dense(array: unknown[]): unknown[] {
  for (let index = 0; index < array.length; index++) {
    if (!(index in array)) return Array.from(array);
  }
  return array;
}

/** A JSON object: not an array, null, a LosslessNumber (an object too) or another class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The short name of a value's kind for messages ("a list", "an object", "\"text\""). */
export { show };

/**
 * A code input that holds a JSON array of objects (text or the array itself); blank gives
 * undefined. `what` names the elements ("key objects"), `example` shows a good array.
 */
export function cleanObjectArray(label: string, what: string, example: string) {
  const one = what.replace(/s$/, "");
  const article = /^[aeiou]/i.test(one) ? "an" : "a";
  return (value: unknown): Record<string, unknown>[] | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string" && value.trim() === "") return undefined;
    const parsed = parseJsonArrayInput(
      value,
      label,
      `${label} must be a JSON array of ${what}, such as ${example}.`,
    );
    parsed.forEach((element, index) => {
      if (!isPlainObject(element)) {
        fail(
          label,
          "wrongKind",
          `${label}: the element at index ${index} is not a JSON object; each element must be ${article} ${one} such as ${example.slice(1, -1)}.`,
        );
      }
    });
    return parsed as Record<string, unknown>[];
  };
}

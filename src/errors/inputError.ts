/**
 * The one error type for input that does not fit: it carries the input's label and a stable
 * code, so aws/errors.ts recognises it by type (never by `constructor === Error`) and a flow can
 * branch on `code` without parsing the message.
 */
import { numberObjectText } from "../common/numberObjects";
import { printable } from "../common/text";
import type { InputErrorCode } from "./catalogue";

/**
 * Stable codes, one per kind of mistake: the keys of the catalogue's INPUT_ERRORS, where each is
 * explained and given its anchor in docs/errors.md. A flow may branch on them, so a code is never
 * renamed.
 */
export type { InputErrorCode };

/**
 * The input's label out of a place in it: `Operations[2].put.item` -> `Operations`,
 * `Keys (index 3)` -> `Keys`, `Global Secondary Indexes: index "x"` -> its label.
 */
function inputLabel(where: string): string {
  const end = where.search(/\[| \(|:| attribute "|\.[a-z]/);
  return (end === -1 ? where : where.slice(0, end)).trim();
}

/**
 * A bad input, detected before anything is sent. `label` is the input's label as the platform
 * shows it (a place inside the input, such as `Operations[2].put`, is reduced to the label);
 * `code` says what kind of mistake it is. The message is kept printable (common/text.ts): user
 * text it repeats cannot carry a newline or terminal escape into a log, whichever rule built it.
 */
export class InputError extends Error {
  readonly label: string;
  readonly code: InputErrorCode;

  constructor(label: string, code: InputErrorCode, message: string) {
    super(printable(message));
    this.name = "InputError";
    this.label = inputLabel(label);
    this.code = code;
  }
}

/** Throws an InputError; for expressions such as `value ?? fail(...)`. */
export function fail(label: string, code: InputErrorCode, message: string): never {
  throw new InputError(label, code, message);
}

/** How much of a user's text a message repeats: enough to recognise it, never megabytes. */
const MAX_ECHO = 80;

/** A short prefix of a text, with "..." when it was cut; control characters stay as they are. */
function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * A short prefix of a user's text for a message, with "..." when it was cut, and its control
 * characters (newlines, ANSI escapes) escaped (`printable`), so an echo cannot forge a log line.
 */
export function cut(text: string, max = MAX_ECHO): string {
  return printable(truncate(text, max));
}

/**
 * A short rendering of any value a user gave, safe for every value: strings are quoted and cut to
 * ~80 characters, numbers and booleans written bare (so 5 and "5" read apart), objects and
 * arrays are named by kind (never "[object Object]", never
 * stringified: they may be circular or megabytes deep), and nothing here can throw.
 */
export function show(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(truncate(value, MAX_ECHO));
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
    case "bigint":
      return truncate(String(value), MAX_ECHO);
    case "undefined":
      return "nothing";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return "binary data";
  // A LosslessNumber or NumberValue: a number, so bare as one, its text cut and made printable.
  const text = numberObjectText(value);
  return text === undefined ? "an object" : cut(text);
}

/**
 * A value a user gave to a scalar input, for a message: text quoted (cut), anything else as show
 * renders it, so that the number 0 and the text "0" read apart.
 */
export function given(value: unknown): string {
  return typeof value === "string" ? `"${cut(value)}"` : show(value);
}

/**
 * DynamoDB numbers: its grammar and limits (38 significant digits, magnitude 1E-130 to
 * 9.99E+125), kept as exact decimal strings, never passed through a JS number on the way in.
 */
import { numberObjectText } from "../common/numberObjects";
import { show } from "../errors/inputError";
import { failAt, type ValueSource, type Where } from "./types";

export const NUMBER_HINT = "A number looks like 42, -3.5 or 1.2E+10 (up to 38 significant digits).";

const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export interface NumberShape {
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

export function numberShape(text: string): NumberShape | undefined {
  const match = NUMBER_SYNTAX.exec(text);
  if (!match) return undefined;
  // Indexes, not destructuring: this runs for every number, often before it is optimised.
  const sign = match[1];
  const whole = match[2];
  const fraction = match[3] ?? "";
  const exponentText = match[4];
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

/** A whole number read by wholeNumber: its sign and plain decimal digits, or too many of them. */
export type WholeNumber =
  | { negative: boolean; digits: string }
  | { negative: boolean; digits: undefined; tooLong: true };

/**
 * The whole number `raw` is, read by its value as DynamoDB reads numbers, never by its text: a
 * number, or text in DynamoDB's number grammar, whose value has no fraction ("12", 12, "1.0",
 * "1e3", "+5", 1e21 -> "12", "12", "1", "1000", "5", "1000000000000000000000"); undefined for a
 * fraction or anything that is no number. A value of more than `maxDigits` digits gives
 * `tooLong` without its digits, so "1e999999999" is not written out.
 */
export function wholeNumber(raw: unknown, maxDigits: number): WholeNumber | undefined {
  const text = numberText(raw);
  const shape = text === undefined ? undefined : numberShape(text);
  if (!shape) return undefined;
  if (shape.significant === 0) return { negative: false, digits: "0" };
  const negative = shape.canonical.startsWith("-");
  const exponentOfLast = shape.exponent - (shape.significant - 1);
  if (exponentOfLast < 0) return undefined;
  if (shape.exponent + 1 > maxDigits) return { negative, digits: undefined, tooLong: true };
  const mantissa = shape.canonical.slice(negative ? 1 : 0, shape.canonical.lastIndexOf("e"));
  return { negative, digits: mantissa + "0".repeat(exponentOfLast) };
}

/** The canonical text of a number (see NumberShape), or the text itself when it is no number. */
export function canonicalNumber(text: string): string {
  return numberShape(text.trim())?.canonical ?? text;
}

/**
 * The decimal text of a value that may hold a number: text (trimmed), a finite number, a bigint
 * or a number object (common/numberObjects.ts); undefined for anything else.
 */
function numberText(raw: unknown): string | undefined {
  if (typeof raw === "string") return raw.trim();
  if (typeof raw === "number") return Number.isFinite(raw) ? String(raw) : undefined;
  if (typeof raw === "bigint") return String(raw);
  return numberObjectText(raw);
}

type NumberCheck = { text: string; shape: NumberShape } | { problem: string };

/** The exact decimal string DynamoDB will accept, or why not. */
export function checkNumber(raw: unknown): NumberCheck {
  if (raw === undefined || raw === null) return { problem: "there is no value" };
  const text = numberText(raw);
  const shape = text === undefined ? undefined : numberShape(text);
  if (text === undefined || !shape) return { problem: `${show(raw)} is not a number` };
  const problem = beyondLimits(text, shape);
  return problem ? { problem } : { text, shape };
}

/**
 * Why DynamoDB cannot store the number `text` (of shape `shape`), or undefined when it can: more
 * than 38 significant digits, or a magnitude outside 1E-130 to 9.99...E+125 (Developer Guide,
 * "Supported data types": numbers).
 */
export function beyondLimits(text: string, shape: NumberShape): string | undefined {
  if (shape.significant > 38) {
    return `${show(text)} has ${shape.significant} significant digits, more than DynamoDB's 38`;
  }
  if (shape.significant > 0 && (shape.exponent > 125 || shape.exponent < -130)) {
    return `${show(text)} is outside DynamoDB's range for numbers (a magnitude from 1E-130 to 9.9999999999999999999999999999999999999E+125, or 0)`;
  }
  return undefined;
}

export function numberOrFail(
  raw: unknown,
  where: Where,
  typed: boolean,
): { text: string; shape: NumberShape } {
  const checked = checkNumber(raw);
  if ("problem" in checked) {
    const lead = typed ? "has type N but" : "holds a number DynamoDB cannot store:";
    failAt(where, `${lead} ${checked.problem}. ${NUMBER_HINT}`);
  }
  return checked;
}

/** DynamoDB's number grammar and limits; returns the exact (trimmed) decimal string to send. */
export function toNumberString(raw: unknown, source: ValueSource): string {
  return numberOrFail(raw, { input: source.input, path: source.attribute }, true).text;
}

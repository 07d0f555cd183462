/**
 * The code of a failure, for code that branches on it: one type for every code of the catalogue,
 * so that a misspelt code in a comparison or a `case` is a compile error rather than a branch
 * that never runs.
 */
import {
  AWS_HINTS,
  type HintCode,
  INPUT_ERRORS,
  type InputErrorCode,
  STEP_ERRORS,
  type StepErrorCode,
} from "./catalogue";

/**
 * Every code a failure of the connector carries as `error.code` (docs/errors.md): an
 * InputError's, a StepError's, or the hint of an AWS or network failure.
 */
export type ErrorCode = InputErrorCode | StepErrorCode | HintCode;

const CODES: ReadonlySet<string> = new Set([
  ...Object.keys(INPUT_ERRORS),
  ...Object.keys(STEP_ERRORS),
  ...Object.keys(AWS_HINTS),
]);

/**
 * The catalogue code `error` carries, or undefined: for anything that is no failure of this
 * connector, for an AWS failure whose message gives no hint (most ValidationExceptions), and for
 * a `code` of another vocabulary, such as Node's "ECONNRESET" on an error from elsewhere. Reads
 * `error.code` by value (an error from another copy of the package has the same codes); never
 * throws, whatever `error` is.
 */
export function errorCode(error: unknown): ErrorCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  let code: unknown;
  try {
    code = (error as { code?: unknown }).code;
  } catch {
    return undefined;
  }
  return typeof code === "string" && CODES.has(code) ? (code as ErrorCode) : undefined;
}

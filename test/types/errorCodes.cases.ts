/**
 * errorCode's type holds every code of the catalogue and nothing else: a `switch` over codes the
 * connector has compiles, a misspelt one is refused. `npm run typecheck` compiles this file, and
 * test/unit/errorCodesAreTyped.test.ts compiles it alone: each function must type-check as it is
 * written, and each `@ts-expect-error` line must be refused.
 */
import { type ErrorCode, errorCode } from "../../src/index";

/** The guide's branch: one code of each kind (hint, input error, step error). */
export function whatToDo(error: unknown): string {
  switch (errorCode(error)) {
    case "versionConflict":
      return "read it again";
    case "required":
      return "fill in the input";
    case "waitTimedOut":
      return "wait longer";
    case undefined:
      return "not the connector's";
    default:
      return "something else";
  }
}

/** A misspelt code is no ErrorCode. */
export function misspelt(error: unknown): boolean {
  // @ts-expect-error "versionConflit" is no code of the catalogue
  return errorCode(error) === "versionConflit";
}

/** A code of another vocabulary, such as Node's, is no ErrorCode either. */
export const nodeCode: ErrorCode = (() => {
  // @ts-expect-error "ECONNRESET" is Node's, not the catalogue's
  const code: ErrorCode = "ECONNRESET";
  return code;
})();

import type { StepErrorCode } from "./catalogue";

/**
 * An error the connector has already worded in full (what was being done, where, what to do),
 * such as a wait that ran out of time or an endpoint that repeats a cursor: like an InputError it
 * passes through toActionError unchanged. Recognised by type, never by shape. `code` is one of the
 * catalogue's STEP_ERRORS, so a flow can branch on it without parsing the message.
 */
export class StepError extends Error {
  readonly code: StepErrorCode;

  constructor(code: StepErrorCode, message: string) {
    super(message);
    this.name = "StepError";
    this.code = code;
  }
}

/**
 * Inputs that stand in for each other (Upsert's Value + Value Types or Item JSON; Update's Update
 * Expression or Update JSON). They are optional in the designer, so that a step using either one
 * is accepted there (COMPAT.md allows an input to become optional this way); the action then
 * requires exactly one of them, here, before any call.
 */
import { fail } from "./inputError";

export interface Alternative {
  /** The label the error names when this alternative is the one to fix. */
  label: string;
  given: boolean;
}

/**
 * The index of the one alternative given. Both given: an InputError (`conflict`) naming the second
 * with `both`; none: an InputError (`required`) naming the first with `none`.
 */
export function exactlyOneOf(
  alternatives: [Alternative, Alternative],
  messages: { both: string; none: string },
): 0 | 1 {
  const [first, second] = alternatives;
  if (first.given && second.given) fail(second.label, "conflict", messages.both);
  if (!first.given && !second.given) fail(first.label, "required", messages.none);
  return first.given ? 0 : 1;
}

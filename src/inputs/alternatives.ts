/**
 * Inputs that stand in for each other (Upsert's Value + Value Types or Item JSON; Update's Update
 * Expression or Update JSON). They are optional in the designer, so that a step using either one
 * is accepted there (contract/README.md allows an input to become optional this way); the action then
 * requires exactly one of them, here, before any call. Also inputs that go with one choice of
 * another (Non-Key Attributes with Projection Type INCLUDE).
 */
import { fail } from "../errors/inputError";

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
  const first = alternatives[0];
  const second = alternatives[1];
  if (first.given && second.given) fail(second.label, "conflict", messages.both);
  if (!first.given && !second.given) fail(first.label, "required", messages.none);
  return first.given ? 0 : 1;
}

/**
 * An input that one choice of another input needs, and that no other choice uses (Non-Key
 * Attributes with Projection Type INCLUDE; KMS Key with CUSTOMER_KMS_KEY). The choice without the
 * input, or the input without the choice, is an InputError (`conflict`) on `label`: `needs` or
 * `onlyWith` says which.
 */
export function checkGoesWithChoice(
  chosen: boolean,
  given: boolean,
  label: string,
  messages: { needs: string; onlyWith: string },
): void {
  if (chosen !== given) fail(label, "conflict", chosen ? messages.needs : messages.onlyWith);
}

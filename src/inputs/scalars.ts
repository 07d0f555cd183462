/**
 * Readers of single-value inputs: text, key values, booleans, whole numbers and choices. The
 * platform sends strings ("" for unset); code-native flows may send anything. Numbers and
 * booleans are taken as their text; any other non-primitive (object, list, null-prototype or
 * circular object, deep array) is an InputError `wrongKind`, never turned into text: String()
 * of such values throws or recurses.
 */
import { fail, given, show } from "../errors/inputError";
import { checkExpressionLength, checkName } from "../values/limits";
import { wholeNumber } from "../values/numbers";
import { isBlank, primitiveText } from "../values/primitives";

export { isBlank, primitiveText };

/** The text of a primitive, or an InputError that says what `label` takes instead. */
function textOf(value: unknown, label: string, takes: string, example?: string): string {
  const text = primitiveText(value);
  if (text === undefined) {
    const good = example ? ` For example: ${example}` : "";
    return fail(label, "wrongKind", `${label} must be ${takes}, not ${show(value)}.${good}`);
  }
  return text;
}

/** An optional text input: trimmed, blank gives undefined; the example shows a good value. */
export function cleanText(label: string, example?: string) {
  return (value: unknown): string | undefined => {
    if (isBlank(value)) return undefined;
    const text = textOf(value, label, "text", example).trim();
    return text === "" ? undefined : text;
  };
}

/** A required text input; the example shows a good value. */
export function cleanRequiredString(label: string, example?: string) {
  const optional = cleanText(label, example);
  return (value: unknown): string => {
    const cleaned = optional(value);
    if (cleaned === undefined) {
      fail(label, "required", `${label} is required.${example ? ` For example: ${example}` : ""}`);
    }
    return cleaned;
  };
}

/** An optional expression input: text within DynamoDB's 4 KB expression limit. */
export function cleanExpression(label: string) {
  const optional = cleanText(label);
  return (value: unknown): string | undefined => {
    const expression = optional(value);
    return expression === undefined ? undefined : checkExpressionLength(expression, label);
  };
}

/** A key value is kept exactly as given: a string key may have leading or trailing spaces. */
export function cleanKeyValue(label: string, required: boolean) {
  return (value: unknown): string | undefined => {
    if (isBlank(value)) {
      if (required) fail(label, "required", `${label} is required. For example: 1001`);
      return undefined;
    }
    return textOf(value, label, "a single string, number or base64 value");
  };
}

/** A boolean input: a real boolean, "true"/"false" in any case, or blank for the default. */
export function cleanBoolean(label: string, defaultValue = false) {
  return (value: unknown): boolean => {
    if (typeof value === "boolean") return value;
    if (isBlank(value)) return defaultValue;
    const text = primitiveText(value);
    const normalised = text?.trim().toLowerCase();
    if (normalised === "true") return true;
    if (normalised === "false") return false;
    return fail(label, "invalidValue", `${label} must be true or false, not ${given(value)}.`);
  };
}

/** Digits of the largest safe integer (2^53 - 1): a longer whole number is out of every range. */
const SAFE_INTEGER_DIGITS = String(Number.MAX_SAFE_INTEGER).length;

/**
 * The safe integer a whole-number input holds, read by value (values/numbers.ts wholeNumber:
 * "1.0", "1e3" and "+5" are whole numbers), or undefined for anything else.
 */
export function safeInteger(value: unknown): number | undefined {
  const whole = wholeNumber(value, SAFE_INTEGER_DIGITS);
  if (whole?.digits === undefined) return undefined;
  const parsed = Number(whole.digits);
  if (!Number.isSafeInteger(parsed)) return undefined;
  return whole.negative && parsed !== 0 ? -parsed : parsed;
}

/** A whole-number input within bounds, read by value; blank gives undefined. */
export function cleanInteger(label: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: unknown): number | undefined => {
    if (isBlank(value)) return undefined;
    const text = primitiveText(value)?.trim();
    const parsed = safeInteger(value);
    if (text === undefined || parsed === undefined || parsed < min || parsed > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
      return fail(
        label,
        "invalidValue",
        `${label} must be a whole number ${range}, not ${given(value)}.`,
      );
    }
    return parsed;
  };
}

/** One of a fixed set of choices (any case); blank gives the default. */
export function cleanChoice<T extends string>(
  label: string,
  choices: readonly T[],
  defaultValue?: T,
) {
  return (value: unknown): T | undefined => {
    if (isBlank(value)) return defaultValue;
    const text = primitiveText(value);
    const wanted = text?.trim().toUpperCase();
    const match = choices.find((choice) => choice.toUpperCase() === wanted);
    if (!match) {
      return fail(
        label,
        "invalidValue",
        `${label} must be one of ${choices.join(", ")}, not ${given(value)}.`,
      );
    }
    return match;
  };
}

// Made once: the two cleaners below run on every call of most actions.
const requiredTableName = cleanRequiredString("Table Name", "Customers");
const optionalIndexName = cleanText("Index Name");

/** A required table name: DynamoDB's naming rule. */
export function cleanTableName(value: unknown): string {
  return checkName("Table Name", requiredTableName(value));
}

/** An optional index name: DynamoDB's naming rule. */
export function cleanIndexName(value: unknown): string | undefined {
  const name = optionalIndexName(value);
  return name === undefined ? undefined : checkName("Index Name", name);
}

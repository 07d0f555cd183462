/**
 * Query Parameters: extra AWS API parameters merged into a command, as the old component did.
 * Each row is a parameter name and its value as JSON (a value that is not JSON is taken as the
 * plain string, such as TOTAL).
 */
import { cut, fail, show } from "../errors/inputError";
import { givenAsPlain } from "../values/given";
import { checkJsonDepth } from "../values/json";
import { readKeyValueList } from "../values/keyValue";
import { setKey } from "../values/types";
import { isBlank } from "./scalars";

const LABEL = "Query Parameters";
const PARAMETER_NAME = /^[A-Z][A-Za-z]*$/;

/** One row's value: JSON text parsed, else the text itself; numbers as JS numbers. */
function parameterValue(raw: unknown): unknown {
  let value = raw;
  if (typeof raw === "string") {
    // JS numbers, as the SDK takes them (these are counts and flags, not item data).
    try {
      value = JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  // The value goes into the command as is: deep or self-containing values would crash the SDK.
  checkJsonDepth(value, LABEL);
  // Rows given as one JSON object were read by the one JSON reader, which keeps a number as an
  // object when anything in the text needs it: the SDK would send that object, not the number.
  return givenAsPlain(value);
}

/** The Query Parameters input as an object of AWS API parameters; blank gives {}. */
export function cleanQueryParameters(value: unknown): Record<string, unknown> {
  if (isBlank(value)) return {};
  const rows = readKeyValueList(value, LABEL, {
    rowExample: "Limit → 10",
    listExample: "ReturnConsumedCapacity → TOTAL",
  });
  const merged: Record<string, unknown> = {};
  for (const [row, raw] of rows) {
    const key = row.trim();
    if (!PARAMETER_NAME.test(key)) {
      fail(
        LABEL,
        "invalidName",
        `${LABEL}: "${cut(key)}" is not an AWS API parameter name; they are written like ReturnConsumedCapacity or Limit.`,
      );
    }
    const parsed = parameterValue(raw);
    // DynamoDB would refuse it; every action that takes a Limit pages with it.
    if (key === "Limit" && !(Number.isSafeInteger(parsed) && (parsed as number) >= 1)) {
      fail(
        LABEL,
        "invalidValue",
        `${LABEL}: Limit must be a whole number of 1 or more, such as 100, not ${show(raw)}.`,
      );
    }
    merged[key] = parsed;
  }
  return merged;
}

/**
 * Query Parameters are merged into the command last, so they may set anything the inputs leave
 * unset. When one names a parameter an input already sets, which of the two should win is a
 * guess, so it is an error naming both instead. `labels` gives each parameter's input label.
 */
export function mergeQueryParameters<T extends object>(
  command: T,
  queryParameters: Record<string, unknown>,
  labels: Record<string, string>,
): T {
  const merged: Record<string, unknown> = { ...(command as Record<string, unknown>) };
  for (const name of Object.keys(queryParameters)) {
    if (merged[name] !== undefined) {
      const label = Object.hasOwn(labels, name) ? labels[name] : name;
      fail(
        LABEL,
        "conflict",
        `${LABEL}: "${name}" conflicts with the ${label} input, which already sets it. Set it in one place: clear ${label}, or remove "${name}" from Query Parameters.`,
      );
    }
    merged[name] = queryParameters[name];
  }
  return merged as T;
}

/** Drops undefined fields, so the command holds only what was set (and conflicts are exact). */
export function defined<T extends object>(value: T): T {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) setKey(kept, key, field);
  }
  return kept as T;
}

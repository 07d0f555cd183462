import { input } from "@prismatic-io/spectral";
import { HASH_LABEL, RANGE_LABEL } from "./keys";
import {
  type AttributeMap,
  isBlank,
  isPlainObject,
  parseJsonInput,
  TYPE_CODE_CHOICES,
  typedPairsToMap,
} from "./values";

/**
 * Input definitions shared by several actions, and the clean functions that turn what the
 * platform sends (often strings, sometimes "" for unset) into typed values or a clear error.
 * Every error names the input by its label and says what a good value looks like.
 */

/** The DynamoDB Developer Guide, which input comments link to. */
export const DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide";

/** Platform values arrive as strings, and "" means unset. */
export { isBlank };

export function cleanOptionalString(value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).trim();
}

export function cleanRequiredString(label: string, example?: string) {
  return (value: unknown): string => {
    const cleaned = cleanOptionalString(value);
    if (cleaned === undefined) {
      throw new Error(`${label} is required.${example ? ` For example: ${example}` : ""}`);
    }
    return cleaned;
  };
}

/** A key value is kept exactly as given: a string key may have leading or trailing spaces. */
export function cleanKeyValue(label: string, required: boolean) {
  return (value: unknown): string | undefined => {
    if (isBlank(value)) {
      if (required) throw new Error(`${label} is required. For example: 1001`);
      return undefined;
    }
    if (typeof value === "object") {
      throw new Error(
        `${label} must be a single string, number or base64 value, not an object or list.`,
      );
    }
    return String(value);
  };
}

/** A boolean input: a real boolean, "true"/"false" in any case, or blank for the default. */
export function cleanBoolean(label: string, defaultValue = false) {
  return (value: unknown): boolean => {
    if (typeof value === "boolean") return value;
    if (isBlank(value)) return defaultValue;
    const normalised = String(value).trim().toLowerCase();
    if (normalised === "true") return true;
    if (normalised === "false") return false;
    throw new Error(`${label} must be true or false, not "${String(value)}".`);
  };
}

/** A whole-number input within bounds; blank gives undefined. */
export function cleanInteger(label: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: unknown): number | undefined => {
    if (isBlank(value)) return undefined;
    const textValue = String(value).trim();
    const parsed = Number(textValue);
    if (
      !/^-?\d+$/.test(textValue) ||
      !Number.isSafeInteger(parsed) ||
      parsed < min ||
      parsed > max
    ) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
      throw new Error(`${label} must be a whole number ${range}, not "${String(value)}".`);
    }
    return parsed;
  };
}

/** One of a fixed set of choices; blank gives the default. */
export function cleanChoice<T extends string>(
  label: string,
  choices: readonly T[],
  defaultValue?: T,
) {
  return (value: unknown): T | undefined => {
    if (isBlank(value)) return defaultValue;
    const textValue = String(value).trim().toUpperCase();
    const match = choices.find((choice) => choice.toUpperCase() === textValue);
    if (!match) {
      throw new Error(`${label} must be one of ${choices.join(", ")}, not "${String(value)}".`);
    }
    return match;
  };
}

/** DynamoDB's naming rule for tables and indexes. */
const NAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;

export function validateName(label: string, value: string, min: number, max: number): string {
  if (value.length < min || value.length > max || !NAME_PATTERN.test(value)) {
    throw new Error(
      `${label} "${value}" is not a valid name: use ${min} to ${max} characters from a-z, A-Z, 0-9, underscore (_), hyphen (-) and dot (.).`,
    );
  }
  return value;
}

export function cleanTableName(value: unknown): string {
  return validateName("Table Name", cleanRequiredString("Table Name", "Customers")(value), 3, 255);
}

export function cleanIndexName(value: unknown): string | undefined {
  const name = cleanOptionalString(value);
  return name === undefined ? undefined : validateName("Index Name", name, 3, 255);
}

export const connectionInput = input({
  label: "Connection",
  type: "connection",
  required: true,
  comments: "The AWS DynamoDB connection to use.",
});

export const awsRegion = input({
  label: "AWS Region",
  type: "string",
  required: true,
  dataSource: "selectRegion",
  comments: "AWS provides services in multiple regions, like us-west-2 or eu-west-1.",
  example: "us-east-1",
  clean: (value: unknown) => cleanOptionalString(value) ?? "",
});

export const tableName = input({
  label: "Table Name",
  type: "string",
  required: true,
  dataSource: "selectTable",
  comments: "The name of the DynamoDB table to interact with.",
  example: "Customers",
  clean: cleanTableName,
});

export const hashKeyValue = input({
  label: HASH_LABEL,
  type: "string",
  required: true,
  comments:
    "The value of the hash key (primary key) to match. It is converted to the key's type (string, number or base64 binary) from the table's key schema.",
  example: "1001",
  clean: cleanKeyValue(HASH_LABEL, true),
});

export const rangeKeyValue = input({
  label: RANGE_LABEL,
  type: "string",
  required: false,
  comments:
    "The value of the optional range key (sort key) to match. <strong>Required</strong> if your table has a range key; leave blank if it has none.",
  example: "2024-01-31",
  clean: cleanKeyValue(RANGE_LABEL, false),
});

export const conditionExpression = input({
  label: "Condition Expression",
  type: "string",
  required: false,
  comments: `A condition that must be satisfied for the operation to succeed, such as attribute_not_exists(id). Learn more about [condition expressions](${DOCS}/Expressions.ConditionExpressions.html).`,
  example: "attribute_exists(customerId)",
  clean: cleanOptionalString,
});

const VALUES_COMMENT = `Expression attribute values are substitutes for actual values in expressions. Each key must begin with a colon (:) followed by alphanumeric characters, such as :status. Learn more about [expression attribute values](${DOCS}/Expressions.ExpressionAttributeValues.html).`;
const VALUE_TYPES_COMMENT =
  "The DynamoDB data type for each expression attribute value. Must specify a type for each value provided in Expression Attribute Values, using the same key (for example :status → S).";

export const expressionAttributeValues = input({
  label: "Expression Attribute Values",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  comments: VALUES_COMMENT,
});

export const expressionAttributeValueTypes = input({
  label: "Expression Attribute Value Types",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  model: TYPE_CODE_CHOICES,
  comments: VALUE_TYPES_COMMENT,
});

/** The labels of the two inputs above, for the messages of typedPairsToMap. */
export const EXPRESSION_VALUE_LABELS = {
  values: "Expression Attribute Values",
  types: "Expression Attribute Value Types",
};

/**
 * Expression Attribute Values (typed by their Value Types) of an item write whose only
 * expression is the Condition Expression: values or names without it would be unused, which
 * DynamoDB refuses. Undefined when there are none.
 */
export function conditionValues(params: {
  conditionExpression?: string;
  expressionAttributeValues: unknown;
  expressionAttributeValueTypes: unknown;
  expressionAttributeNames?: Record<string, string>;
}): AttributeMap | undefined {
  const values = typedPairsToMap(
    params.expressionAttributeValues,
    params.expressionAttributeValueTypes,
    EXPRESSION_VALUE_LABELS,
  );
  const hasValues = Object.keys(values).length > 0;
  if ((hasValues || params.expressionAttributeNames) && !params.conditionExpression) {
    throw new Error(
      "Expression Attribute Values and Expression Attribute Names are only used by the Condition Expression, which is blank. Fill in the Condition Expression or clear them.",
    );
  }
  return hasValues ? values : undefined;
}

/** Update Item keeps the seed's own keys (queryParams / queryParamTypes) for the same two inputs. */
export const updateExpressionAttributeValues = input({ ...expressionAttributeValues });
export const updateExpressionAttributeValueTypes = input({ ...expressionAttributeValueTypes });

export const expressionAttributeNames = input({
  label: "Expression Attribute Names",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  comments: `Substitutes for attribute names in expressions, for names that are reserved words (such as status or name) or contain special characters. Each key begins with # (for example #status) and its value is the attribute name (status). Learn more about [expression attribute names](${DOCS}/Expressions.ExpressionAttributeNames.html).`,
  clean: (value: unknown) => cleanAttributeNames(value),
});

/**
 * The rows of a key-value list input ([{key, value}], as the platform sends it) or of a plain
 * object (from a code-native flow), as [key, value] pairs. The examples show a good row and a good
 * list, such as "team → billing".
 */
export function keyValueRows(
  value: unknown,
  label: string,
  rowExample: string,
  listExample = rowExample,
): [unknown, unknown][] {
  if (Array.isArray(value)) {
    return value.map((entry, index) => {
      if (!entry || typeof entry !== "object" || !("key" in entry)) {
        throw new Error(
          `${label}: row ${index + 1} is not a key-value pair such as ${rowExample}.`,
        );
      }
      return [(entry as { key: unknown }).key, (entry as { value?: unknown }).value];
    });
  }
  if (value && typeof value === "object") return Object.entries(value);
  throw new Error(`${label} must be a key-value list such as ${listExample}.`);
}

/** Expression Attribute Names: a key-value list of "#name" -> attribute name. */
export function cleanAttributeNames(value: unknown): Record<string, string> | undefined {
  if (isBlank(value)) return undefined;
  const label = "Expression Attribute Names";
  const names: Record<string, string> = {};
  for (const [row, rawName] of keyValueRows(value, label, "#status → status")) {
    const rawKey = String(row);
    const key = rawKey.trim();
    if (!/^#[A-Za-z0-9_]+$/.test(key)) {
      throw new Error(
        `${label}: key "${rawKey}" must start with # followed by letters, digits or underscores, such as #status.`,
      );
    }
    const name = cleanOptionalString(rawName);
    if (name === undefined) {
      throw new Error(
        `${label}: "${key}" has no attribute name; give the attribute it stands for.`,
      );
    }
    if (key in names) throw new Error(`${label}: "${key}" appears twice.`);
    names[key] = name;
  }
  return names;
}

export const queryParameters = input({
  label: "Query Parameters",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  clean: (value: unknown) => cleanQueryParameters(value),
  comments:
    'Additional parameters to pass to the operation. These are merged with the command input: each key is a parameter name of the AWS API (such as ReturnConsumedCapacity) and each value is JSON (such as "TOTAL" or 10).',
});

export const fetchAll = input({
  label: "Fetch All",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, automatically fetch all pages of results using pagination. When false, return only the first page.",
  clean: cleanBoolean("Fetch All"),
});

export const maxItems = input({
  label: "Max Items",
  type: "string",
  required: false,
  comments:
    "With Fetch All, stop after this many items and return the cursor to continue from. Leave blank for the default of 10,000.",
  example: "1000",
  clean: cleanInteger("Max Items", 1),
});

/** Max Items bounds Fetch All; without it, it would be ignored without a word. */
export function checkMaxItemsNeedsFetchAll(
  maxItems: number | undefined,
  fetchAll: boolean,
  otherwise: string,
): void {
  if (maxItems !== undefined && !fetchAll) {
    throw new Error(`Max Items applies only with Fetch All. Turn on Fetch All, or ${otherwise}.`);
  }
}

export const limit = input({
  label: "Limit",
  type: "string",
  required: false,
  comments:
    "The maximum number of items DynamoDB evaluates per page (its Limit parameter). Leave blank for DynamoDB's default (up to 1 MB per page).",
  example: "100",
  clean: cleanInteger("Limit", 1),
});

export const exclusiveStartKey = input({
  label: "Exclusive Start Key",
  type: "code",
  language: "json",
  required: false,
  comments:
    "The cursor to continue from: the lastEvaluatedKey of a previous page's output, as it was returned. Leave blank to start at the beginning.",
});

export const indexName = input({
  label: "Index Name",
  type: "string",
  required: false,
  dataSource: "selectIndex",
  comments: "Optional. The name of a global or local secondary index to read instead of the table.",
  clean: cleanIndexName,
});

export const consistentRead = input({
  label: "Consistent Read",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, read with strong consistency (the latest committed write). Costs twice the read capacity; not supported on global secondary indexes.",
  clean: cleanBoolean("Consistent Read"),
});

export const projectionExpression = input({
  label: "Projection Expression",
  type: "string",
  required: false,
  comments:
    "Optional. The attributes to return, separated by commas, such as id, #name, address.city. Use Expression Attribute Names for reserved words.",
  clean: cleanOptionalString,
});

export const returnDynamoJson = input({
  label: "Return DynamoDB JSON",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    'When true, items come back in DynamoDB\'s typed form ({"age": {"N": "42"}}) instead of plain JSON.',
  clean: cleanBoolean("Return DynamoDB JSON"),
});

/** Return Values choices for item writes. */
export const RETURN_VALUES = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"] as const;
export type ReturnValue = (typeof RETURN_VALUES)[number];

export function returnValuesInput(choices: readonly ReturnValue[], defaultValue: ReturnValue) {
  return input({
    label: "Return Values",
    type: "string",
    required: false,
    default: defaultValue,
    model: choices.map((choice) => ({ label: choice, value: choice })),
    comments: `Which attributes to return in the output's item: ${choices.join(", ")}.`,
    clean: cleanChoice("Return Values", choices, defaultValue),
  });
}

export const maxAttempts = input({
  label: "Max Attempts",
  type: "string",
  required: false,
  comments:
    "Optional. How many times to try a request that is throttled, fails with a 5xx error or a network error, first try included, from 1 to 20. Leave blank for the AWS SDK's default for DynamoDB (4 attempts). Errors such as a false condition or an invalid request are never retried.",
  example: "5",
  clean: cleanInteger("Max Attempts", 1, 20),
});

/**
 * Query Parameters: each row is an AWS API parameter whose value is JSON, merged into the
 * command input. A value that is not JSON is taken as the plain string (e.g. TOTAL).
 */
export function cleanQueryParameters(value: unknown): Record<string, unknown> {
  if (isBlank(value)) return {};
  const label = "Query Parameters";
  const rows = keyValueRows(value, label, "Limit → 10", "ReturnConsumedCapacity → TOTAL");
  const merged: Record<string, unknown> = {};
  for (const [row, raw] of rows) {
    const key = String(row).trim();
    if (!/^[A-Z][A-Za-z]*$/.test(key)) {
      throw new Error(
        `${label}: "${key}" is not an AWS API parameter name; they are written like ReturnConsumedCapacity or Limit.`,
      );
    }
    if (typeof raw !== "string") {
      merged[key] = raw;
    } else {
      try {
        merged[key] = JSON.parse(raw);
      } catch {
        merged[key] = raw;
      }
    }
    // DynamoDB would refuse it; every action that takes a Limit pages with it.
    if (key === "Limit" && !(Number.isSafeInteger(merged[key]) && (merged[key] as number) >= 1)) {
      throw new Error(
        `${label}: Limit must be a whole number of 1 or more, such as 100, not ${JSON.stringify(raw)}.`,
      );
    }
  }
  return merged;
}

/**
 * Query Parameters are merged into the command last, as the old component did, so they may set
 * anything the inputs leave unset. When one names a parameter an input already sets, which of the
 * two should win is a guess, so it is an error naming both instead.
 */
export function mergeQueryParameters<T extends object>(
  command: T,
  queryParameters: Record<string, unknown>,
  labels: Record<string, string>,
): T {
  const merged: Record<string, unknown> = { ...(command as Record<string, unknown>) };
  for (const [name, value] of Object.entries(queryParameters)) {
    if (merged[name] !== undefined) {
      const label = labels[name] ?? name;
      throw new Error(
        `Query Parameters: "${name}" conflicts with the ${label} input, which already sets it. Set it in one place: clear ${label}, or remove "${name}" from Query Parameters.`,
      );
    }
    merged[name] = value;
  }
  return merged as T;
}

/** Drops undefined fields, so the command holds only what was set (and conflicts are exact). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A code input that must hold a JSON array: the JSON text, parsed losslessly (numbers keep every
 * digit), or the array itself, which code-native flows may pass. `notArray` is the message for
 * anything else.
 */
export function parseJsonArrayInput(value: unknown, label: string, notArray: string): unknown[] {
  const parsed = parseJsonInput(value, label);
  if (!Array.isArray(parsed)) throw new Error(notArray);
  return parsed;
}

/** A code input that holds a JSON array of objects (see parseJsonArrayInput). Blank gives undefined. */
export function cleanObjectArray(label: string, what: string, example: string) {
  return (value: unknown): Record<string, unknown>[] | undefined => {
    if (isBlank(value) && !Array.isArray(value)) return undefined;
    const parsed = parseJsonArrayInput(
      value,
      label,
      `${label} must be a JSON array of ${what}, such as ${example}.`,
    );
    const one = what.replace(/s$/, "");
    const article = /^[aeiou]/i.test(one) ? "an" : "a";
    parsed.forEach((element, index) => {
      if (!isPlainObject(element)) {
        throw new Error(
          `${label}: the element at index ${index} is not a JSON object; each element must be ${article} ${one} such as ${example.slice(1, -1)}.`,
        );
      }
    });
    return parsed as Record<string, unknown>[];
  };
}

// ---------------------------------------------------------------------------------------------
// Batch Get Items and Batch Write Items

export const DEFAULT_MAX_RETRIES = 8;
export const DEFAULT_CONCURRENCY = 4;

export const maxRetriesInput = input({
  label: "Max Retries",
  type: "string",
  required: false,
  default: String(DEFAULT_MAX_RETRIES),
  comments:
    "How many times a request's unprocessed remainder (what DynamoDB did not handle because of throttling or size limits) is sent again, with exponential backoff and jitter, before giving up. 0 to 20.",
  example: "8",
  clean: (value: unknown) => cleanInteger("Max Retries", 0, 20)(value) ?? DEFAULT_MAX_RETRIES,
});

export const concurrencyInput = input({
  label: "Concurrency",
  type: "string",
  required: false,
  default: String(DEFAULT_CONCURRENCY),
  comments:
    "How many batch requests run at the same time, 1 to 16. Lower it for tables with little provisioned capacity.",
  example: "4",
  clean: (value: unknown) => cleanInteger("Concurrency", 1, 16)(value) ?? DEFAULT_CONCURRENCY,
});

export function returnUnprocessedInput(what: string) {
  return input({
    label: "Return Unprocessed",
    type: "boolean",
    required: false,
    default: "false",
    comments: `When false (the default), the step fails if any ${what} are still unprocessed after Max Retries, and the error lists them. When true, the step succeeds and returns them in the output, so the flow can retry or record them.`,
    clean: cleanBoolean("Return Unprocessed"),
  });
}

import { type InputFieldDefinition, input } from "@prismatic-io/spectral";
import { DEFAULT_MAX_ITEMS_TEXT, RETRY_TIME_LIMIT_TEXT } from "../common/limits";
import { fail } from "../errors/inputError";
import type { AttributeMap } from "../values/types";
import { TYPE_CODE_CHOICES } from "../values/types";
import { INDEX_LABEL } from "./indexes";
import { HASH_LABEL, RANGE_LABEL } from "./labels";
import {
  checkPlaceholders,
  cleanAttributeNames,
  cleanExpressionValues,
  EXPRESSION_VALUE_LABELS,
  NAMES_LABEL,
} from "./placeholders";
import { cleanQueryParameters } from "./queryParameters";
import {
  cleanBoolean,
  cleanChoice,
  cleanExpression,
  cleanIndexName,
  cleanInteger,
  cleanKeyValue,
  cleanTableName,
  cleanText,
} from "./scalars";

/**
 * Input definitions shared by several actions (spectral `input()`s with their clean functions),
 * so that an input with the same key has the same label, comments and rules wherever it appears.
 */

/** The DynamoDB Developer Guide, which input comments link to. */
export const DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide";

/**
 * A shared input told in one action's terms: the same label, type, default and clean function
 * (so the same rule), with comments that say what it means for that action.
 */
export function withComments<T extends InputFieldDefinition>(definition: T, comments: string): T {
  return input({ ...definition, comments });
}

/**
 * A required JSON list input in the code editor (Transact Get Items' Items to Get, Transact
 * Write Items' Operations, the PartiQL Statements): its entries are checked by the action.
 */
export function jsonListInput(label: string, example: string, comments: string) {
  return input({ label, type: "code", language: "json", required: true, example, comments });
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
  clean: (value: unknown) => cleanText("AWS Region")(value) ?? "",
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
  clean: cleanExpression("Condition Expression"),
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

/**
 * The condition of an item write whose only expression is the Condition Expression (Upsert Item,
 * Delete Item), as command parameters: the expression, its Names and its Values (typed by their
 * Value Types), checked against it in both directions, and Return Values (NONE, DynamoDB's
 * default, is left out). Throws an InputError before anything is sent.
 */
export function conditionParameters(params: {
  conditionExpression?: string;
  expressionAttributeValues: unknown;
  expressionAttributeValueTypes: unknown;
  expressionAttributeNames?: Record<string, string>;
  returnValues?: ReturnValue;
}) {
  return {
    ConditionExpression: params.conditionExpression,
    ExpressionAttributeNames: params.expressionAttributeNames,
    ExpressionAttributeValues: conditionValues(params),
    ReturnValues: params.returnValues === "NONE" ? undefined : params.returnValues,
  };
}

/** The Expression Attribute Values of conditionParameters, checked; undefined when there are none. */
function conditionValues(params: {
  conditionExpression?: string;
  expressionAttributeValues: unknown;
  expressionAttributeValueTypes: unknown;
  expressionAttributeNames?: Record<string, string>;
}): AttributeMap | undefined {
  const values = cleanExpressionValues(
    params.expressionAttributeValues,
    params.expressionAttributeValueTypes,
  );
  const hasValues = Object.keys(values).length > 0;
  if ((hasValues || params.expressionAttributeNames) && !params.conditionExpression) {
    fail(
      hasValues ? EXPRESSION_VALUE_LABELS.values : NAMES_LABEL,
      "unusedPlaceholder",
      "Expression Attribute Values and Expression Attribute Names are only used by the Condition Expression, which is blank. Fill in the Condition Expression or clear them.",
    );
  }
  checkPlaceholders({
    expressions: { "Condition Expression": params.conditionExpression },
    names: params.expressionAttributeNames,
    values,
  });
  return hasValues ? values : undefined;
}

/** Update Item keeps the seed's own keys (queryParams / queryParamTypes) for the same two inputs. */
export const updateExpressionAttributeValues = input({ ...expressionAttributeValues });
export const updateExpressionAttributeValueTypes = input({ ...expressionAttributeValueTypes });

export const expressionAttributeNames = input({
  label: NAMES_LABEL,
  type: "string",
  collection: "keyvaluelist",
  required: false,
  comments: `Substitutes for attribute names in expressions, for names that are reserved words (such as status or name) or contain special characters. Each key begins with # (for example #status) and its value is the attribute name (status). Learn more about [expression attribute names](${DOCS}/Expressions.ExpressionAttributeNames.html).`,
  clean: (value: unknown) => cleanAttributeNames(value),
});

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
  comments: `With Fetch All, stop after this many items and return the cursor to continue from. Leave blank for the default of ${DEFAULT_MAX_ITEMS_TEXT}.`,
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
    fail(
      "Max Items",
      "conflict",
      `Max Items applies only with Fetch All. Turn on Fetch All, or ${otherwise}.`,
    );
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
  label: INDEX_LABEL,
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
  clean: cleanExpression("Projection Expression"),
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
const RETURN_VALUES = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"] as const;
export type ReturnValue = (typeof RETURN_VALUES)[number];

/**
 * A Wait Until ... input (Active, Deleted, Available): off by default; when true, the step waits,
 * within its bound, until the table, index or backup is in the state the label names.
 */
export function waitInput(label: string, comments: string) {
  return input({
    label,
    type: "boolean",
    required: false,
    default: "false",
    comments,
    clean: cleanBoolean(label),
  });
}

/** A choice of a choice input: its value, or its value with the label the picklist shows. */
export type Choice<T extends string> = T | { label: string; value: T };

/**
 * An optional input that is one of `choices`, shown as a picklist of them: blank means
 * `default` (or nothing without one); any other value is an InputError naming the choices.
 */
export function choiceInput<T extends string, D extends T | undefined = undefined>(options: {
  label: string;
  choices: readonly Choice<T>[];
  comments: string;
  default?: D;
}) {
  const { label, comments } = options;
  const model = options.choices.map((choice) =>
    typeof choice === "string" ? { label: choice, value: choice } : choice,
  );
  const values = model.map((choice) => choice.value);
  return input({
    label,
    type: "string",
    required: false,
    ...(options.default !== undefined ? { default: options.default } : {}),
    model,
    comments,
    // With a default, a blank input is the default, never undefined.
    clean: cleanChoice(label, values, options.default) as (value: unknown) => T | D,
  });
}

/** Return Values with the choices one action accepts (its type is their union, not all five). */
export function returnValuesInput<C extends ReturnValue>(choices: readonly C[], defaultValue: C) {
  return choiceInput({
    label: "Return Values",
    choices,
    default: defaultValue,
    comments: `Which attributes to return in the output's item: ${choices.join(", ")}.`,
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

// ---------------------------------------------------------------------------------------------
// Batch Get Items and Batch Write Items

const DEFAULT_MAX_RETRIES = 8;
const DEFAULT_CONCURRENCY = 4;

export const maxRetriesInput = input({
  label: "Max Retries",
  type: "string",
  required: false,
  default: String(DEFAULT_MAX_RETRIES),
  comments: `How many times a request's unprocessed remainder (what DynamoDB did not handle because of throttling or size limits) is sent again, with exponential backoff and jitter, before giving up. 0 to 20. A request's retries also end once ${RETRY_TIME_LIMIT_TEXT} have passed since it was first sent, so a table that keeps everything unprocessed holds the step for a bounded time; what is left is reported as unprocessed.`,
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
    comments: `When false (the default), the step fails if any ${what} are still unprocessed once their retries end (at Max Retries, or at the ${RETRY_TIME_LIMIT_TEXT} retry time limit), and the error lists them. When true, the step succeeds and returns them in the output, so the flow can retry or record them.`,
    clean: cleanBoolean("Return Unprocessed"),
  });
}

/**
 * The inputs every table step starts with, in the order the marketplace component has them
 * (AWS Region, Table Name, Connection): one bundle per group, spread into each action's inputs.
 */
export const tableStepInputs = { awsRegion, tableName, awsConnection: connectionInput };

/** A table picklist's inputs (data sources), Connection first as Select Table has them. */
export const tablePicklistInputs = { awsConnection: connectionInput, awsRegion, tableName };

/** Next Token: the nextToken of a previous run's output (List Exports, List Imports, List Tags). */
export const nextTokenInput = input({
  label: "Next Token",
  type: "string",
  required: false,
  comments:
    "The cursor to continue from: the nextToken of a previous run's output. Leave blank to start at the beginning.",
  clean: cleanText("Next Token"),
});

/**
 * The outputs of the PartiQL actions (Raw Request, Batch Execute Statements, Execute
 * Transaction): their schemas, example payloads and the formatting of DynamoDB's answers.
 */
import type { BatchStatementResponse, ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import type { TruncationReason } from "../engines/paging";
import { isSelect } from "../engines/partiql";
import type { BatchStatementOutcomes, CleanStatement } from "../engines/statements";
import { type AttributeMap, answerText, formatItemOrNull, formatItems } from "../values";
import {
  actionOutputSchema,
  consumedCapacitySchema,
  listCursorSchema,
  pagedItemsOutputSchema,
  truncation,
  withConsumedCapacity,
} from "./index";
import {
  type ReportedWrite,
  reportedWrite,
  resentWriteSchema,
  statementTable,
  type WriteAnswer,
} from "./resentWrites";
import { itemsOrNullSchema, transactionItems } from "./transactions";

/** What a statement returned: one page, or the pages of a Fetch All run. */
export interface StatementItems {
  items: AttributeMap[] | undefined;
  /** Where to continue from; undefined when there is nothing more. */
  nextToken?: string;
  /** Why a Fetch All run stopped early; undefined when it read to the end, or for one page. */
  reason?: TruncationReason;
  /** With ReturnConsumedCapacity (Query Parameters): every page's capacity, summed. */
  consumedCapacity?: ConsumedCapacity;
}

/** Raw Request's data: the items (plain JSON or DynamoDB JSON), the count, the cursor, why it stopped. */
export function rawRequestData(read: StatementItems, dynamoJson: boolean) {
  const data = {
    items: formatItems(read.items, dynamoJson),
    count: read.items?.length ?? 0,
    nextToken: read.nextToken ?? null,
    ...truncation(read.reason),
  };
  return withConsumedCapacity(data, read.consumedCapacity);
}

/**
 * Raw Request's data (rawRequestData) after the statement ran: a write (INSERT, UPDATE, DELETE)
 * whose request was resent after a lost answer is reported by the one rule of
 * outputs/resentWrites.ts, its returned items (RETURNING) moved to unverified. A SELECT applies
 * nothing, so its data stays as it is.
 */
export function reportedStatementData(
  data: ReturnType<typeof rawRequestData>,
  statement: string,
  answer: unknown,
  logger: WriteAnswer["logger"],
): ReportedWrite<ReturnType<typeof rawRequestData>, "items" | "count"> {
  if (isSelect(statement)) return data;
  const write = { operation: "ExecuteStatement", table: statementTable(statement), answer, logger };
  return reportedWrite(data, { items: [], count: 0 }, write);
}

export const rawRequestOutputSchema = pagedItemsOutputSchema({
  itemsDescription:
    "The items the statement returned (SELECT, or RETURNING), as plain JSON; empty for other statements.",
  cursor: {
    name: "nextToken",
    schema: listCursorSchema(
      "The cursor to continue from, or null when there is nothing more. Pass it to Next Token with the same Statement.",
    ),
  },
  optional: {
    ...resentWriteSchema(
      "items and count as DynamoDB returned them to the resent request (RETURNING; data.items is then empty and data.count 0)",
    ),
    ...consumedCapacitySchema,
  },
});

export const rawRequestExample: { data: ReturnType<typeof reportedStatementData> } = {
  data: {
    items: [{ customerId: 1001, customerName: "Rose", tags: ["vip"] }],
    count: 1,
    nextToken: null,
    truncated: false,
    truncatedReason: null,
  },
};

/**
 * One statement's outcome, in the output: its index, whether it succeeded, its table, the item a
 * SELECT read and the error of a failed statement (MissingResponse when DynamoDB gave none).
 */
function statementResult(
  answer: BatchStatementResponse | undefined,
  index: number,
  dynamoJson: boolean,
  uncertain: boolean,
) {
  // A response that is no object (a mock's text) answers nothing: MissingResponse, not success.
  const response = typeof answer === "object" && answer !== null ? answer : undefined;
  const error = response?.Error;
  if (!response || error) {
    return {
      index,
      // Literal flags, so that `if (!entry.succeeded) entry.error.code` narrows in a flow.
      succeeded: false as const,
      tableName: answerText(response?.TableName, null),
      item: null,
      error: {
        code: answerText(error?.Code, "MissingResponse"),
        message: answerText(
          error?.Message,
          response ? "no detail given." : "DynamoDB returned no answer for this statement.",
        ),
        item: formatItemOrNull(error?.Item, dynamoJson),
      },
      uncertain,
    };
  }
  return {
    index,
    succeeded: true as const,
    tableName: answerText(response.TableName, null),
    item: formatItemOrNull(response.Item, dynamoJson),
    error: null,
    uncertain,
  };
}

/**
 * Batch Execute Statements' data: one result per statement in the order given (its last response,
 * see statementResult), with the counts, the indexes of the statements that failed, and those of
 * the writes an unanswered attempt may have applied (uncertain).
 */
export function batchExecuteStatementsData(
  statements: CleanStatement[],
  outcomes: BatchStatementOutcomes,
  dynamoJson: boolean,
) {
  const results = statements.map((entry) =>
    statementResult(
      outcomes.responses.get(entry),
      entry.index,
      dynamoJson,
      outcomes.uncertain.has(entry),
    ),
  );
  const failed = results.filter((result) => !result.succeeded);
  return {
    results,
    succeededCount: results.length - failed.length,
    failedCount: failed.length,
    failedIndexes: failed.map((result) => result.index),
    uncertainIndexes: results.filter((result) => result.uncertain).map((result) => result.index),
  };
}

export const batchExecuteStatementsOutputSchema = actionOutputSchema(
  {
    results: {
      type: "array",
      description:
        "One entry per statement, in the order given: its index, whether it succeeded, the item a SELECT read (or null), and the error of a failed statement.",
      items: {
        type: "object",
        properties: {
          index: {
            type: "integer",
            description: "The statement's place in Statements (0-based).",
          },
          succeeded: { type: "boolean" },
          tableName: { type: ["string", "null"] },
          item: {
            type: ["object", "null"],
            additionalProperties: true,
            description: "The item a SELECT read, as plain JSON; null when there is none.",
          },
          error: {
            type: ["object", "null"],
            description:
              "Why the statement failed: DynamoDB's code (ConditionalCheckFailed, DuplicateItem, ValidationError, ...) and message; item is the current item with returnValuesOnConditionCheckFailure ALL_OLD.",
            properties: {
              code: { type: "string" },
              message: { type: "string" },
              item: { type: ["object", "null"], additionalProperties: true },
            },
            required: ["code", "message", "item"],
          },
          uncertain: {
            type: "boolean",
            description:
              "True for a write whose request got a server error or no answer after it was sent and was sent again (Max Attempts): that attempt may have applied it, so a DuplicateItem or ConditionalCheckFailed may come from its own first write, and a success may have been applied twice (a counter). Read the item to tell.",
          },
        },
        required: ["index", "succeeded", "tableName", "item", "error", "uncertain"],
      },
    },
    succeededCount: { type: "integer", description: "How many statements succeeded." },
    failedCount: { type: "integer", description: "How many statements failed." },
    failedIndexes: {
      type: "array",
      items: { type: "integer" },
      description: "The indexes of the statements that failed, to retry or report.",
    },
    uncertainIndexes: {
      type: "array",
      items: { type: "integer" },
      description:
        "The indexes of the writes marked uncertain: an attempt that got no answer may have applied them. Empty when every result is certain.",
    },
  },
  ["results", "succeededCount", "failedCount", "failedIndexes", "uncertainIndexes"],
);

export const batchExecuteStatementsExample: {
  data: ReturnType<typeof batchExecuteStatementsData>;
} = {
  data: {
    results: [
      { index: 0, succeeded: true, tableName: "Stock", item: null, error: null, uncertain: false },
      {
        index: 1,
        succeeded: false,
        tableName: "Orders",
        item: null,
        error: {
          code: "DuplicateItem",
          message: "Duplicate primary key exists in table",
          item: null,
        },
        uncertain: false,
      },
      { index: 2, succeeded: true, tableName: "Carts", item: null, error: null, uncertain: false },
    ],
    succeededCount: 2,
    failedCount: 1,
    failedIndexes: [1],
    uncertainIndexes: [],
  },
};

/**
 * Execute Transaction's data: how many statements were applied, and one entry per statement, in
 * order: the item a SELECT read, or null.
 */
export function executeTransactionData(
  responses: { Item?: AttributeMap }[] | undefined,
  statementCount: number,
  dynamoJson: boolean,
) {
  return {
    succeeded: true,
    statementCount,
    ...transactionItems(responses, statementCount, dynamoJson),
  };
}

export const executeTransactionOutputSchema = actionOutputSchema(
  {
    succeeded: {
      type: "boolean",
      description:
        "Always true: a cancelled transaction fails the step instead, having applied nothing.",
    },
    statementCount: {
      type: "integer",
      description: "How many statements were applied together.",
    },
    items: itemsOrNullSchema(
      "One entry per statement, in order: the item a SELECT read, as plain JSON; null for writes and for a SELECT that found nothing.",
    ),
    count: { type: "integer", description: "How many entries of items are items (not null)." },
  },
  ["succeeded", "statementCount", "items", "count"],
);

export const executeTransactionExample = {
  data: { succeeded: true, statementCount: 2, items: [null, null], count: 0 },
};

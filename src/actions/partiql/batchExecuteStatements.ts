import {
  BatchExecuteStatementCommand,
  type BatchStatementResponse,
} from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect, type Step } from "../../aws/invocation";
import { runBatches } from "../../engines/batchRuns";
import {
  BATCH_STATEMENTS,
  type CleanStatement,
  cleanStatements,
  MAX_BATCH_STATEMENTS,
  STATEMENTS_LABEL,
  statementRequest,
} from "../../engines/statements";
import {
  awsRegion,
  connectionInput,
  DOCS,
  jsonListInput,
  maxAttempts,
  maxRetriesInput,
  returnDynamoJson,
  withComments,
} from "../../inputs";
import { actionOutput } from "../../outputs";
import { formatItemOrNull } from "../../values";

export const BATCH_STATEMENTS_EXAMPLE = `[
  {"statement": "UPDATE \\"Stock\\" SET qty = qty - ? WHERE sku = ?", "parameters": [1, "A1"]},
  {"statement": "INSERT INTO \\"Orders\\" VALUE {'id': ?, 'status': ?}", "parameters": [1001, "new"]},
  "DELETE FROM \\"Carts\\" WHERE id = 7"
]`;

const statements = jsonListInput(
  STATEMENTS_LABEL,
  BATCH_STATEMENTS_EXAMPLE,
  `A JSON list of up to ${MAX_BATCH_STATEMENTS} PartiQL statements, run in one request; each succeeds or fails on its own. An entry is a statement string, or an object with statement, parameters (a JSON array with one plain value per ?, numbers keep every digit), consistentRead (true/false, for SELECT) and returnValuesOnConditionCheckFailure (ALL_OLD or NONE). All entries must be reads (SELECT with the whole key, one item each) or all writes (INSERT, UPDATE, DELETE). Learn more about [PartiQL batches](${DOCS}/ql-reference.multiplestatements.batching.html).`,
);

/** One statement's outcome, in the output. */
function resultOf(
  response: BatchStatementResponse | undefined,
  index: number,
  dynamoJson: boolean,
) {
  const error = response?.Error;
  if (!response || error) {
    return {
      index,
      succeeded: false,
      tableName: response?.TableName ?? null,
      item: null,
      error: {
        code: error?.Code ?? "MissingResponse",
        message:
          error?.Message ??
          (response ? "no detail given." : "DynamoDB returned no answer for this statement."),
        item: formatItemOrNull(error?.Item, dynamoJson),
      },
    };
  }
  return {
    index,
    succeeded: true,
    tableName: response.TableName ?? null,
    item: formatItemOrNull(response.Item, dynamoJson),
    error: null,
  };
}

/**
 * Statement errors that mean "not run, try again later" (throttling, a conflicting transaction,
 * a server error): such a statement was not applied, so it is sent again with backoff, as the
 * batch actions do with unprocessed items. Other errors (a false condition, a duplicate key, an
 * invalid statement) would fail again and are reported at once.
 */
const RETRYABLE = new Set([
  "ProvisionedThroughputExceeded",
  "ThrottlingError",
  "RequestLimitExceeded",
  "TransactionConflict",
  "InternalServerError",
]);

/** Runs the batch; statements that fail with a retryable error are sent again, up to Max Retries. */
async function runStatements(
  step: Step,
  statements: CleanStatement[],
  maxRetries: number,
): Promise<Map<CleanStatement, BatchStatementResponse | undefined>> {
  const outcomes = new Map<CleanStatement, BatchStatementResponse | undefined>();
  await runBatches({
    entries: statements,
    chunkSize: MAX_BATCH_STATEMENTS,
    concurrency: 1,
    maxRetries,
    send: async (pending) => {
      const { Responses = [] } = await step.call("BatchExecuteStatement", () =>
        step.clients.dynamodb.send(
          new BatchExecuteStatementCommand({ Statements: pending.map(statementRequest) }),
        ),
      );
      // Responses come in the order of the statements sent, one each.
      pending.forEach((entry, position) => {
        outcomes.set(entry, Responses[position]);
      });
      return pending.filter((_, position) => RETRYABLE.has(Responses[position]?.Error?.Code ?? ""));
    },
  });
  return outcomes;
}

export const batchExecuteStatements = action({
  display: {
    label: "Batch Execute Statements",
    description:
      "Run up to 25 PartiQL statements in one request; each succeeds or fails on its own, and its result or error is named by its index",
  },
  inputs: {
    awsRegion,
    statements,
    awsConnection: connectionInput,
    returnDynamoJson,
    maxRetries: withComments(
      maxRetriesInput,
      "How many times a statement that DynamoDB did not run because of throttling, a conflicting transaction or a server error is sent again, with exponential backoff and jitter, before it is reported as failed. 0 to 20. Other errors are reported at once.",
    ),
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const cleaned = cleanStatements(params.statements, BATCH_STATEMENTS);
    const step = connect(invocation, params);
    const outcomes = await runStatements(step, cleaned, params.maxRetries);
    const results = cleaned.map((entry) =>
      resultOf(outcomes.get(entry), entry.index, params.returnDynamoJson),
    );
    const failed = results.filter((result) => !result.succeeded);
    return {
      data: {
        results,
        succeededCount: results.length - failed.length,
        failedCount: failed.length,
        failedIndexes: failed.map((result) => result.index),
      },
    };
  },
  outputSchema: actionOutput(
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
          },
          required: ["index", "succeeded", "tableName", "item", "error"],
        },
      },
      succeededCount: { type: "integer", description: "How many statements succeeded." },
      failedCount: { type: "integer", description: "How many statements failed." },
      failedIndexes: {
        type: "array",
        items: { type: "integer" },
        description: "The indexes of the statements that failed, to retry or report.",
      },
    },
    ["results", "succeededCount", "failedCount", "failedIndexes"],
  ),
  examplePayload: {
    data: {
      results: [
        { index: 0, succeeded: true, tableName: "Stock", item: null, error: null },
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
        },
        { index: 2, succeeded: true, tableName: "Carts", item: null, error: null },
      ],
      succeededCount: 2,
      failedCount: 1,
      failedIndexes: [1],
    },
  },
});

export default batchExecuteStatements;

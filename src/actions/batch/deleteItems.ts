import { QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { action, ConnectionError, input } from "@prismatic-io/spectral";
import { connectionError } from "../../aws/errors";
import { connect, type Step } from "../../aws/invocation";
import { formatCount, listSome, sentence } from "../../common/messages";
import { runBatches } from "../../engines/batchRuns";
import { batchWriteSender, WRITE_CHUNK_SIZE } from "../../engines/batchWrites";
import { type KeySchema, keyAttributes, keySchemaOf, readTableKeys } from "../../engines/keySchema";
import { describeKey } from "../../engines/keyValues";
import {
  cursorKeyNames,
  DEFAULT_BYTE_BUDGET,
  DEFAULT_MAX_ITEMS,
  formatCursor,
  keyOfItem,
  projectionWithKeys,
  restoreCursor,
} from "../../engines/paging";
import {
  awsRegion,
  cleanBoolean,
  concurrencyInput,
  connectionInput,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  indexName,
  maxAttempts,
  maxItems,
  maxRetriesInput,
  returnUnprocessedInput,
  tableName,
  withComments,
} from "../../inputs";
import {
  actionOutput,
  lastEvaluatedKeySchema,
  objectListSchema,
  unprocessedCountSchema,
} from "../../outputs";
import { type AttributeMap, BoundedList, formatItem, outputSize } from "../../values";
import { filterExpression, keyConditionExpression, queryCommand } from "../queries/queryItems";

const CURSOR_LABEL = "Exclusive Start Key";
/** DynamoDB's Limit is a 32-bit integer; a page is at most 1 MB anyway. */
const MAX_PAGE_LIMIT = 2 ** 31 - 1;

const deleteKeyCondition = withComments(
  keyConditionExpression,
  "Required. Which items to delete: the partition key with =, and optionally a sort key condition (=, <, <=, >, >=, BETWEEN, begins_with), such as customerId = :id AND orderDate < :before. With an Index Name, the index's keys.",
);

const deleteFilter = withComments(
  filterExpression,
  "Optional. Of the items the Key Condition Expression finds, delete only those for which this is true, such as #status = :status. Items it leaves out are read (and cost read capacity) but not deleted.",
);

const deleteIndexName = withComments(
  indexName,
  "Optional. A global or local secondary index to find the items by; the items themselves are deleted from the table, by the table's key.",
);

const deleteMaxItems = withComments(
  maxItems,
  `At most this many matching items are deleted (or counted, with Dry Run) in one run; then lastEvaluatedKey says where the next run continues. Leave blank for ${formatCount(DEFAULT_MAX_ITEMS)}.`,
);

const deleteStartKey = withComments(
  exclusiveStartKey,
  "The cursor to continue from: the lastEvaluatedKey of the previous run, as it was returned. Leave blank to start at the first matching item.",
);

const dryRun = input({
  label: "Dry Run",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, nothing is deleted: the run only counts the matching items (matched), bounded and continued exactly as a real run, so you can check the conditions first.",
  clean: cleanBoolean("Dry Run"),
});

interface DeleteRun {
  step: Step;
  schema: KeySchema;
  concurrency: number;
  maxRetries: number;
  returnUnprocessed: boolean;
  /** Tallies, kept up to date so that a failure can say how far the run got. */
  deleted: number;
  matched: number;
  /**
   * The unprocessed keys, kept for the output within DEFAULT_BYTE_BUDGET (5 MB) as it serialises
   * them, so that a run with a high Max Items neither holds nor returns more; all are counted.
   */
  unprocessed: BoundedList<AttributeMap>;
}

/** Deletes one page of keys in requests of 25; what DynamoDB leaves unprocessed is retried. */
async function deleteKeys(run: DeleteRun, keys: AttributeMap[]): Promise<void> {
  const { step, schema } = run;
  const entries = keys.map((Key) => ({ key: Key, request: { DeleteRequest: { Key } } }));
  const result = await runBatches({
    entries,
    chunkSize: WRITE_CHUNK_SIZE,
    concurrency: run.concurrency,
    maxRetries: run.maxRetries,
    send: batchWriteSender(step, schema),
    onDone: (done) => {
      run.deleted += done.length;
    },
  });
  const unprocessed = result.unprocessed.map((entry) => entry.key);
  if (unprocessed.length === 0) return;
  if (!run.returnUnprocessed) {
    throw Object.assign(
      new Error(
        `Delete Items: ${formatCount(unprocessed.length)} deletes were still unprocessed after ${run.maxRetries} retries (DynamoDB was throttling them); ${formatCount(run.deleted)} of the ${formatCount(run.matched)} matching items found so far were deleted. Not deleted: ${listSome(unprocessed.map(describeKey))}. Run again with the same Exclusive Start Key (the deleted items are not found again), raise Max Retries or the table's write capacity, or set Return Unprocessed to true to get them in the output instead.`,
      ),
      { name: "UnprocessedDeletes", deleted: run.deleted, matched: run.matched },
    );
  }
  for (const key of unprocessed) run.unprocessed.add(key, outputSize);
}

/** Pages of keys, each deleted before the next is read, until the end or Max Items. */
async function deletePages(
  run: DeleteRun,
  command: QueryCommandInput,
  options: { maxItems: number; dryRun: boolean },
): Promise<AttributeMap | undefined> {
  const { step } = run;
  const names = keyAttributes(run.schema).map((attribute) => attribute.name);
  let cursor = command.ExclusiveStartKey;
  while (true) {
    // Limit: a page never holds more than the items still wanted, so no page is cut and
    // DynamoDB's own LastEvaluatedKey is always where the next run continues.
    const page = await step.call("Query", () =>
      step.clients.dynamodb.send(
        new QueryCommand({
          ...command,
          ExclusiveStartKey: cursor,
          Limit: Math.min(options.maxItems - run.matched, MAX_PAGE_LIMIT),
        }),
      ),
    );
    const keys = (page.Items ?? []).map((item) => keyOfItem(item, names) ?? item);
    run.matched += keys.length;
    if (!options.dryRun && keys.length > 0) await deleteKeys(run, keys);
    cursor = page.LastEvaluatedKey;
    if (!cursor || run.matched >= options.maxItems) return cursor;
  }
}

/** A failure after some deletes: the step fails, saying how far it got. */
function failedRun(error: unknown, run: DeleteRun): Error {
  if ((error as { name?: unknown })?.name === "UnprocessedDeletes") return error as Error;
  const message = `${sentence(error)} Before it failed, ${formatCount(run.deleted)} of the ${formatCount(run.matched)} matching items found so far were deleted; run again with the same Exclusive Start Key to continue (the deleted items are not found again).`;
  if (error instanceof ConnectionError)
    return connectionError(error.connection, message, {
      deleted: run.deleted,
      matched: run.matched,
    });
  return Object.assign(error instanceof Error ? error : new Error(message), {
    message,
    deleted: run.deleted,
    matched: run.matched,
  });
}

export const deleteItems = action({
  display: {
    label: "Delete Items",
    description:
      "Delete every item that matches a key condition (and an optional filter), in bounded runs with a cursor; a Dry Run only counts them",
  },
  inputs: {
    awsRegion,
    tableName,
    keyConditionExpression: deleteKeyCondition,
    filterExpression: deleteFilter,
    expressionAttributeNames,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    indexName: deleteIndexName,
    awsConnection: connectionInput,
    maxItems: deleteMaxItems,
    exclusiveStartKey: deleteStartKey,
    dryRun,
    concurrency: concurrencyInput,
    maxRetries: maxRetriesInput,
    returnUnprocessed: returnUnprocessedInput("deletes"),
    maxAttempts,
  },
  perform: async (invocation, params) => {
    // Query Items' own cleaning: every input error is raised here, before any call.
    const command = queryCommand({
      ...params,
      projectionExpression: undefined,
      queryParameters: {},
      scanIndexForward: true,
      // On the table, a strongly consistent read: an item deleted a moment ago (by another step,
      // or an earlier run) is not found, deleted again and counted. Indexes read eventually.
      consistentRead: params.indexName === undefined,
      limit: undefined,
      fetchAll: true,
    });
    const step = connect(invocation, params);
    const keys = await readTableKeys(step.clients, step.table, step.connection);
    const schema = keySchemaOf(keys, step.table);
    // An unknown index is an input error; the cursor must be one this table (or index) returns.
    cursorKeyNames(keys, step.table, command.IndexName);
    command.ExclusiveStartKey = await restoreCursor(
      command.ExclusiveStartKey,
      async () => keys,
      CURSOR_LABEL,
      { table: step.table, index: command.IndexName },
    );
    // Keys only: the table's key attributes (on an index too), under placeholders of their own.
    const projection = projectionWithKeys(
      "",
      command.ExpressionAttributeNames,
      keyAttributes(schema).map((attribute) => attribute.name),
    );
    command.ProjectionExpression = projection.ProjectionExpression;
    command.ExpressionAttributeNames = projection.ExpressionAttributeNames;

    const run: DeleteRun = {
      step,
      schema,
      concurrency: params.concurrency,
      maxRetries: params.maxRetries,
      returnUnprocessed: params.returnUnprocessed,
      deleted: 0,
      matched: 0,
      unprocessed: new BoundedList(DEFAULT_BYTE_BUDGET),
    };
    let cursor: AttributeMap | undefined;
    try {
      cursor = await deletePages(run, command, {
        maxItems: params.maxItems ?? DEFAULT_MAX_ITEMS,
        dryRun: params.dryRun,
      });
    } catch (error) {
      throw failedRun(error, run);
    }
    return {
      data: {
        deleted: run.deleted,
        matched: run.matched,
        dryRun: params.dryRun,
        lastEvaluatedKey: formatCursor(cursor, false),
        truncated: cursor !== undefined,
        unprocessedCount: run.unprocessed.count,
        unprocessed: run.unprocessed.kept.map((key) => formatItem(key)),
        unprocessedTruncated: run.unprocessed.truncated,
      },
    };
  },
  outputSchema: actionOutput(
    {
      deleted: {
        type: "integer",
        description:
          "How many items DynamoDB confirmed deleted in this run (0 with Dry Run). Deletes left unprocessed are not counted.",
      },
      matched: {
        type: "integer",
        description: "How many matching items this run found (deleted, or counted with Dry Run).",
      },
      dryRun: { type: "boolean", description: "Whether this was a Dry Run (nothing deleted)." },
      lastEvaluatedKey: {
        ...lastEvaluatedKeySchema,
        description:
          "Where the next run continues, or null when every matching item was reached. Pass it to Exclusive Start Key as it is.",
      },
      truncated: {
        type: "boolean",
        description:
          "True when the run stopped at Max Items with more items possibly left; run again from lastEvaluatedKey.",
      },
      unprocessedCount: unprocessedCountSchema("deletes"),
      unprocessed: objectListSchema(
        "The keys of the items not deleted, as plain JSON: pass them to Batch Write Items' Keys to Delete.",
      ),
      unprocessedTruncated: {
        type: "boolean",
        description: `True when unprocessed lists fewer keys than unprocessedCount: it holds the first ones, up to ${DEFAULT_BYTE_BUDGET / 1024 / 1024} MB as JSON text (DEFAULT_BYTE_BUDGET). Run again with the same Exclusive Start Key to reach the others (the deleted items are not found again).`,
      },
    },
    [
      "deleted",
      "matched",
      "dryRun",
      "lastEvaluatedKey",
      "truncated",
      "unprocessedCount",
      "unprocessed",
      "unprocessedTruncated",
    ],
  ),
  examplePayload: {
    data: {
      deleted: 2,
      matched: 2,
      dryRun: false,
      lastEvaluatedKey: { customerId: 1001, orderDate: "2024-05-07" },
      truncated: true,
      unprocessedCount: 0,
      unprocessed: [],
      unprocessedTruncated: false,
    },
  },
});

export default deleteItems;

/**
 * Delete Items' engine: the items a key condition (and filter) finds are read a page of keys at a
 * time and deleted with BatchWriteItem before the next page is read, up to Max Items, so that a
 * run holds one page of keys and stops with DynamoDB's own cursor. A failure says how far the run
 * got (deleted and matched), so the flow can continue from the same Exclusive Start Key.
 */
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { ConnectionError } from "@prismatic-io/spectral";
import { rewordedConnectionError } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { DEFAULT_BYTE_BUDGET } from "../common/limits";
import { formatCount, listSome, sentence } from "../common/messages";
import { StepError } from "../errors/stepError";
import { START_KEY_LABEL } from "../inputs/queries";
import { type AttributeMap, answerItems, BoundedList, outputSize } from "../values";
import { retriesEnded, runBatches } from "./batchRuns";
import { batchWriteSender, WRITE_CHUNK_SIZE } from "./batchWrites";
import { type KeySchema, keyAttributes, keySchemaOf, tableKeys } from "./keySchema";
import { describeKey } from "./keyValues";
import { cursorKeyNames, keyOfItem, projectionWithKeys, restoreCursor } from "./paging";
import { type QueryParams, queryRequest } from "./query";

/** DynamoDB's Limit is a 32-bit integer; a page is at most 1 MB anyway. */
const MAX_PAGE_LIMIT = 2 ** 31 - 1;

/** The inputs of Delete Items that its Query is built from. */
export type DeleteQueryParams = Omit<
  QueryParams,
  | "projectionExpression"
  | "queryParameters"
  | "scanIndexForward"
  | "consistentRead"
  | "limit"
  | "fetchAll"
>;

/**
 * The Query that finds the items to delete, with Query Items' rules (every input error raised
 * here, naming the input). Pure: no client, no call. The projection comes later
 * (`keysOnlyRequest`), once the table's key is known.
 */
export function deleteQueryRequest(params: DeleteQueryParams): QueryCommandInput {
  return queryRequest(
    {
      ...params,
      projectionExpression: undefined,
      queryParameters: {},
      scanIndexForward: true,
      // On the table, a strongly consistent read: an item deleted a moment ago (by another step,
      // or an earlier run) is not found, deleted again and counted. Indexes read eventually.
      consistentRead: params.indexName === undefined,
      limit: undefined,
      fetchAll: true,
    },
    // Query Items' advice (Scan Items) would read the items, not delete them.
    "To delete items of every partition, read their keys with Scan Items and give them to Batch Write Items' Keys to Delete.",
  );
}

/**
 * The request reading keys only: the table's key attributes (on an index too), under
 * placeholders of their own so that they never clash with the user's names. Pure.
 */
export function keysOnlyRequest(request: QueryCommandInput, schema: KeySchema): QueryCommandInput {
  const projection = projectionWithKeys(
    "",
    request.ExpressionAttributeNames,
    keyAttributes(schema).map((attribute) => attribute.name),
  );
  return {
    ...request,
    ProjectionExpression: projection.ProjectionExpression,
    ExpressionAttributeNames: projection.ExpressionAttributeNames,
  };
}

/**
 * The delete query ready to run, and the table's key schema (one cached DescribeTable). Throws an
 * InputError naming Index Name for an unknown index, or Exclusive Start Key for a cursor that is
 * not one this table (or index) returns.
 */
export async function startDelete(
  step: Step,
  request: QueryCommandInput,
): Promise<{ request: QueryCommandInput; schema: KeySchema }> {
  const keys = await tableKeys(step, step.table, request.IndexName);
  const schema = keySchemaOf(keys, step.table);
  cursorKeyNames(keys, step.table, request.IndexName);
  const start = await restoreCursor(request.ExclusiveStartKey, async () => keys, START_KEY_LABEL, {
    table: step.table,
    index: request.IndexName,
  });
  return { request: keysOnlyRequest({ ...request, ExclusiveStartKey: start }, schema), schema };
}

/** One Delete Items run: how it deletes, and its tallies. */
export interface DeleteRun {
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

/** A run with nothing done yet. */
export function deleteRun(
  step: Step,
  schema: KeySchema,
  options: { concurrency: number; maxRetries: number; returnUnprocessed: boolean },
): DeleteRun {
  return {
    step,
    schema,
    ...options,
    deleted: 0,
    matched: 0,
    unprocessed: new BoundedList(DEFAULT_BYTE_BUDGET),
  };
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
      new StepError(
        "unprocessedAfterRetries",
        `Delete Items: ${formatCount(unprocessed.length)} deletes were still unprocessed ${retriesEnded(result.stops)} (DynamoDB was throttling them); ${formatCount(run.deleted)} of the ${formatCount(run.matched)} matching items found so far were deleted. Not deleted: ${listSome(unprocessed.map(describeKey))}. Run again with the same Exclusive Start Key (the deleted items are not found again), raise Max Retries or the table's write capacity, or set Return Unprocessed to true to get them in the output instead.`,
      ),
      { name: "UnprocessedDeletes", deleted: run.deleted, matched: run.matched },
    );
  }
  for (const key of unprocessed) run.unprocessed.add(key, outputSize);
}

/** Pages of keys, each deleted before the next is read, until the end or Max Items. */
async function deletePages(
  run: DeleteRun,
  request: QueryCommandInput,
  options: { maxItems: number; dryRun: boolean },
): Promise<AttributeMap | undefined> {
  const { step } = run;
  const names = keyAttributes(run.schema).map((attribute) => attribute.name);
  let cursor = request.ExclusiveStartKey;
  while (true) {
    // Limit: a page never holds more than the items still wanted, so no page is cut and
    // DynamoDB's own LastEvaluatedKey is always where the next run continues.
    const page = await step.send(
      "Query",
      new QueryCommand({
        ...request,
        ExclusiveStartKey: cursor,
        Limit: Math.min(options.maxItems - run.matched, MAX_PAGE_LIMIT),
      }),
    );
    const keys = answerItems(page.Items, "Query's Items").map(
      (item) => keyOfItem(item, names) ?? item,
    );
    run.matched += keys.length;
    if (!options.dryRun && keys.length > 0) await deleteKeys(run, keys);
    cursor = page.LastEvaluatedKey;
    if (!cursor || run.matched >= options.maxItems) return cursor;
  }
}

/**
 * A failure after some deletes: the step fails, saying how far it got, and (with Return
 * Unprocessed) that the deletes left unprocessed on earlier pages are in the error's
 * `unprocessed`, as the output would list them (outputs/bulkDelete's deleteItemsFailure).
 */
function failedRun(error: unknown, run: DeleteRun): Error {
  if ((error as { name?: unknown })?.name === "UnprocessedDeletes") return error as Error;
  const message = `${sentence(error)} Before it failed, ${formatCount(run.deleted)} of the ${formatCount(run.matched)} matching items found so far were deleted${unprocessedSoFar(run)}; run again with the same Exclusive Start Key to continue (the deleted items are not found again).`;
  if (error instanceof ConnectionError)
    return rewordedConnectionError(error, message, {
      deleted: run.deleted,
      matched: run.matched,
    });
  return Object.assign(error instanceof Error ? error : new Error(message), {
    message,
    deleted: run.deleted,
    matched: run.matched,
  });
}

/** " and 3 deletes were still unprocessed (in the error's unprocessed)", or "" when none were. */
function unprocessedSoFar(run: DeleteRun): string {
  if (run.unprocessed.count === 0) return "";
  const listed = run.unprocessed.truncated ? ", the first of them" : "";
  return ` and ${formatCount(run.unprocessed.count)} deletes were still unprocessed (in the error's unprocessed${listed})`;
}

/**
 * Deletes (or, with Dry Run, counts) the items the request finds, up to Max Items; returns the
 * cursor the next run continues from (undefined when every matching item was reached). Throws
 * an error carrying `deleted` and `matched` when the run fails part way.
 */
export async function deleteMatching(
  run: DeleteRun,
  request: QueryCommandInput,
  options: { maxItems: number; dryRun: boolean },
): Promise<AttributeMap | undefined> {
  try {
    return await deletePages(run, request, options);
  } catch (error) {
    throw failedRun(error, run);
  }
}

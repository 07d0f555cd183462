/**
 * The batch writer (Batch Write Items, Import Items, Delete Items): the writes checked the way
 * DynamoDB would check them, each key once, sent in BatchWriteItem requests of 25 that
 * runBatches / runBatchStream (batchRuns.ts) chunk, run in parallel and retry; the entries
 * DynamoDB leaves unprocessed are recognised by their key.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import type { Step } from "../aws/invocation";
import { formatCount, listSome } from "../common/messages";
import { Pacer } from "../common/pacing";
import { printable } from "../common/text";
import { show } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import { checkItemForWrite, InputError } from "../inputs";
import { type AttributeMap, answerShapeError, isAttributes } from "../values";
import { ownEntry } from "../values/primitives";
import { failedPartWay, type RetryStops, retriesEnded, runBatches, withUndone } from "./batchRuns";
import { forgetKeysOnMismatch } from "./itemCalls";
import { KEY_DIGEST_BUDGET_BYTES, KeyDigests, MAX_KEY_DIGESTS } from "./keyDigests";
import type { KeySchema, TableKeys } from "./keySchema";
import { describeKey, keyIdentity, putItemOf, readKey, typedKeyOf } from "./keyValues";

/** DynamoDB's limit of writes per BatchWriteItem request (BatchWriteItem API reference). */
export const WRITE_CHUNK_SIZE = 25;

export const PUT_LABEL = "Items to Put";
export const DELETE_LABEL = "Keys to Delete";

/**
 * A write to send. Its key's identity (keyIdentity) is worked out only for the requests in
 * flight, when DynamoDB leaves some unprocessed, so a long batch never holds every key's text.
 */
export interface WriteRequestEntry {
  request: WriteRequest;
}

/** One write of Batch Write Items: a put from Items to Put or a delete from Keys to Delete. */
export interface WriteEntry extends WriteRequestEntry {
  kind: "put" | "delete";
  /** Position in its input, for messages. */
  index: number;
  /** The item to put, or the key to delete. */
  value: AttributeMap;
}

/** One BatchWriteItem request: these writes to one table. */
export function batchWriteRequest(
  table: string,
  requests: WriteRequest[],
): BatchWriteItemCommandInput {
  return { RequestItems: { [table]: requests } };
}

/** The identity of a write request within its table (the key of its item, or its key). */
export function requestIdentity(request: WriteRequest, schema: KeySchema): string | undefined {
  const map = request.PutRequest?.Item ?? request.DeleteRequest?.Key;
  return map ? keyIdentity(map, schema) : undefined;
}

/**
 * The identities of the requests DynamoDB left unprocessed for `table` (UnprocessedItems). A
 * request that is no PutRequest with an Item or DeleteRequest with a Key (a mocked answer's) is
 * an unexpectedAnswer StepError: it cannot be matched to a write, which would otherwise be
 * taken as written.
 */
export function unprocessedIdentities(
  unprocessed: unknown,
  table: string,
  schema: KeySchema,
): Set<string | undefined> {
  const what = `BatchWriteItem's UnprocessedItems["${printable(table)}"]`;
  if (unprocessed === undefined || unprocessed === null) return new Set();
  if (!Array.isArray(unprocessed)) {
    throw answerShapeError(`${what} is ${show(unprocessed)}, not an array`);
  }
  const identities = new Set<string | undefined>();
  for (let index = 0; index < unprocessed.length; index++) {
    const request = unprocessed[index] as WriteRequest | null;
    const map = request?.PutRequest?.Item ?? request?.DeleteRequest?.Key;
    if (!isAttributes(map)) {
      throw answerShapeError(
        `${what}[${index}] is ${show(request)}, not a PutRequest with an Item or a DeleteRequest with a Key`,
      );
    }
    identities.add(keyIdentity(map, schema));
  }
  return identities;
}

/**
 * The `send` of runBatches for BatchWriteItem on the step's table: one request with the pending
 * entries (at most 25, no key twice), through `step.call` (a failure names BatchWriteItem);
 * resolves to those DynamoDB reported as unprocessed.
 */
export function batchWriteSender<E extends WriteRequestEntry>(
  step: Step,
  schema: KeySchema,
): (pending: E[]) => Promise<E[]> {
  const table = step.table;
  return async (pending) => {
    const request = batchWriteRequest(
      table,
      pending.map((entry) => entry.request),
    );
    const output = await step.send("BatchWriteItem", new BatchWriteItemCommand(request));
    const identities = unprocessedIdentities(
      ownEntry(output.UnprocessedItems, table),
      table,
      schema,
    );
    if (identities.size === 0) return [];
    return pending.filter((entry) => identities.has(requestIdentity(entry.request, schema)));
  };
}

/** How a write is named in messages: "Items to Put index 3". */
function where(entry: Pick<WriteEntry, "kind" | "index">): string {
  return `${entry.kind === "put" ? PUT_LABEL : DELETE_LABEL} index ${entry.index}`;
}

/** The batch stops when its inputs hold more keys than KeyDigests holds. */
function tooManyWrites(): InputError {
  return new InputError(
    PUT_LABEL,
    "tooLarge",
    `${PUT_LABEL} and ${DELETE_LABEL} hold more than ${formatCount(MAX_KEY_DIGESTS)} entries: finding a key given twice holds 16 bytes an entry, within Batch Write Items' budget of ${KEY_DIGEST_BUDGET_BYTES / 1024 / 1024} MiB (KEY_DIGEST_BUDGET_BYTES), so nothing was written. Split them over several steps.`,
  );
}

/**
 * Turns both inputs into write requests, checked the way DynamoDB would check them, so that a
 * mistake in item 900 fails before item 1 is written. Each key may come once across both inputs
 * (compared by type and value, held as a fixed-size digest: KeyDigests); the loop lets the event
 * loop run every few milliseconds (Pacer), however long the inputs. Throws an InputError naming
 * the input and index at fault.
 */
export async function buildWrites(
  puts: Record<string, unknown>[],
  deletes: Record<string, unknown>[],
  schema: KeySchema,
  keys: TableKeys,
): Promise<WriteEntry[]> {
  const entries: WriteEntry[] = [];
  const seen = new KeyDigests(tooManyWrites);
  const pacer = new Pacer();
  /** An item to put or a key to delete, as its request; each key may come only once. */
  const add = (kind: WriteEntry["kind"], index: number, value: AttributeMap) => {
    const request =
      kind === "put" ? { PutRequest: { Item: value } } : { DeleteRequest: { Key: value } };
    const entry: WriteEntry = { kind, index, value, request };
    // Requests run in parallel, so two writes to one key would race (and DynamoDB rejects a
    // request that holds both).
    const first = seen.firstOrAdd(keyIdentity(value, schema) as string, entries.length);
    const earlier = first === undefined ? undefined : entries[first];
    if (earlier) {
      throw new InputError(
        kind === "put" ? PUT_LABEL : DELETE_LABEL,
        "duplicate",
        `${where(earlier)} and ${where(entry)} have the same key ${describeKey(typedKeyOf(earlier.value, schema))}. A batch may write or delete each item only once; remove one of them.`,
      );
    }
    entries.push(entry);
  };
  for (const [index, raw] of puts.entries()) {
    if (pacer.due()) await pacer.pause();
    const label = `${PUT_LABEL} (index ${index})`;
    // Index key attributes too: DynamoDB would refuse the whole request of 25 for one of them.
    add("put", index, checkItemForWrite(putItemOf(raw, schema, label, keys), label));
  }
  for (const [index, raw] of deletes.entries()) {
    if (pacer.due()) await pacer.pause();
    add("delete", index, readKey(raw, schema, `${DELETE_LABEL} (index ${index})`));
  }
  return entries;
}

/** What Batch Write Items did: the counts, and the writes still unprocessed after Max Retries. */
export interface BatchWriteResult {
  written: number;
  deleted: number;
  unprocessed: WriteEntry[];
  /** Why the retries of `unprocessed` ended. */
  stops: RetryStops;
}

/**
 * Sends the writes in requests of 25, `concurrency` at a time, each request's unprocessed
 * remainder retried up to `maxRetries` times. A failure says how many items were written and
 * keys deleted before it (and carries `written` and `deleted`): a flow must know how far a
 * failed batch got.
 */
export async function writeInBatches(
  step: Step,
  schema: KeySchema,
  entries: WriteEntry[],
  run: { concurrency: number; maxRetries: number; puts: number; deletes: number },
): Promise<BatchWriteResult> {
  let written = 0;
  let deleted = 0;
  // What DynamoDB confirmed: on a failure the rest is named in the error (withUndone).
  const confirmed = new Set<WriteEntry>();
  try {
    const { unprocessed, stops } = await runBatches({
      entries,
      chunkSize: WRITE_CHUNK_SIZE,
      concurrency: run.concurrency,
      maxRetries: run.maxRetries,
      send: batchWriteSender<WriteEntry>(step, schema),
      onDone: (done) => {
        for (const entry of done) {
          confirmed.add(entry);
          if (entry.kind === "put") written += 1;
          else deleted += 1;
        }
      },
    });
    return { written, deleted, unprocessed, stops };
  } catch (error) {
    forgetKeysOnMismatch(error, step.clients, step.table);
    const notDone = formatCount(entries.length - written - deleted);
    const message = `Before it failed, ${formatCount(written)} of ${formatCount(run.puts)} items were written and ${formatCount(deleted)} of ${formatCount(run.deletes)} keys deleted; the other ${notDone} writes were not applied or not confirmed.`;
    const failed = failedPartWay(error, message, { written, deleted });
    throw withUndone(
      failed,
      entries.filter((entry) => !confirmed.has(entry)),
    );
  }
}

/**
 * The error for writes still unprocessed after Max Retries, when Return Unprocessed is false:
 * how many, which (the first few, by input and index), and what to change. Carries the counts.
 */
export function unprocessedWritesError(
  result: BatchWriteResult,
  total: number,
  schema: KeySchema,
): Error {
  const { written, deleted, unprocessed, stops } = result;
  const listed = unprocessed.map(
    (entry) => `${where(entry)} ${describeKey(typedKeyOf(entry.value, schema))}`,
  );
  const error = Object.assign(
    new StepError(
      "unprocessedAfterRetries",
      `Batch Write Items: ${formatCount(unprocessed.length)} of ${formatCount(total)} writes were still unprocessed ${retriesEnded(stops)} (DynamoDB was throttling them); ${formatCount(written)} items were written and ${formatCount(deleted)} deleted. Unprocessed: ${listSome(listed)}. Raise Max Retries or the table's write capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
    ),
    { written, deleted },
  );
  return withUndone(error, unprocessed);
}

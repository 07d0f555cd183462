/**
 * Batch Write Items (Multiple Tables)' writer: each table's puts and deletes checked the way
 * DynamoDB would check them, by that table's key types, each key once per table; then sent as
 * DynamoDB's BatchWriteItem takes them, up to 25 writes of any of the tables in one request
 * (runBatches: concurrency, and retries of what DynamoDB leaves unprocessed, table by table),
 * with what was written counted per table.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { onTables, type Step } from "../aws/invocation";
import { formatCount, listSome } from "../common/messages";
import { Pacer } from "../common/pacing";
import { StepError } from "../errors/stepError";
import { checkItemForWrite, InputError, type TableList, type TableWrite } from "../inputs";
import { ownEntry } from "../values/primitives";
import { failedPartWay, type RetryStops, retriesEnded, runBatches, withUndone } from "./batchRuns";
import {
  requestIdentity,
  unprocessedIdentities,
  WRITE_CHUNK_SIZE,
  type WriteEntry,
} from "./batchWrites";
import { forgetKeysOnMismatch } from "./itemCalls";
import { KEY_DIGEST_BUDGET_BYTES, KeyDigests, MAX_KEY_DIGESTS } from "./keyDigests";
import { type KeySchema, keySchemaOf, type TableKeys } from "./keySchema";
import { describeKey, keyIdentity, putItemOf, readKey, typedKeyOf } from "./keyValues";

/** One table's part of the batch: its key schema, how many of each write, and what was done. */
export interface TableWrites {
  table: string;
  schema: KeySchema;
  puts: number;
  deletes: number;
  written: number;
  deleted: number;
}

/** One write of the batch, with the table it goes to. */
export interface TableWriteEntry extends WriteEntry {
  plan: TableWrites;
}

/** One table's writes in a BatchWriteItem request. */
export interface TableWriteRequests {
  table: string;
  requests: WriteRequest[];
}

/** One BatchWriteItem request: each table's writes, the tables in the order given. */
export function batchWriteTablesRequest(groups: TableWriteRequests[]): BatchWriteItemCommandInput {
  // fromEntries: a table named "__proto__" is an entry of its own, never the prototype.
  const RequestItems: Record<string, WriteRequest[]> = Object.fromEntries(
    groups.map(({ table, requests }) => [table, requests]),
  );
  return { RequestItems };
}

/** How a write is named in messages: `Writes by Table["Orders"][3]`. */
function where(label: string, entry: TableWriteEntry): string {
  return `${label}["${entry.plan.table}"][${entry.index}]`;
}

/** The batch stops when it holds more keys than KeyDigests holds. */
function tooManyWrites(label: string): () => InputError {
  return () =>
    new InputError(
      label,
      "tooLarge",
      `${label} holds more than ${formatCount(MAX_KEY_DIGESTS)} writes: finding a key given twice holds 16 bytes a write, within the budget of ${KEY_DIGEST_BUDGET_BYTES / 1024 / 1024} MiB (KEY_DIGEST_BUDGET_BYTES), so nothing was written. Split them over several steps.`,
    );
}

/** One write as its request: the item checked for writing, or the key by the table's types. */
function writeEntry(
  write: TableWrite,
  plan: TableWrites,
  keys: TableKeys,
  label: string,
): TableWriteEntry {
  const at = `${label}["${plan.table}"][${write.index}].${write.kind}`;
  if (write.kind === "put") {
    // Index key attributes too: DynamoDB would refuse the whole request for one of them.
    const value = checkItemForWrite(putItemOf(write.value, plan.schema, at, keys), at);
    return {
      kind: "put",
      index: write.index,
      value,
      plan,
      request: { PutRequest: { Item: value } },
    };
  }
  const value = readKey(write.value, plan.schema, at);
  return {
    kind: "delete",
    index: write.index,
    value,
    plan,
    request: { DeleteRequest: { Key: value } },
  };
}

/**
 * Every table's writes as requests, checked the way DynamoDB would check them (by the table's
 * key types, `keysOf(table)`), so a mistake in the last table fails before the first is written.
 * Each key may come once per table (compared by type and value, held as a fixed-size digest:
 * KeyDigests); the loop lets the event loop run every few milliseconds (Pacer). Throws an
 * InputError naming the table and entry at fault.
 */
export async function buildTableWrites(
  lists: TableList<TableWrite>[],
  keysOf: (table: string) => Promise<TableKeys>,
  label: string,
): Promise<{ plans: TableWrites[]; entries: TableWriteEntry[] }> {
  const plans: TableWrites[] = [];
  const entries: TableWriteEntry[] = [];
  const seen = new KeyDigests(tooManyWrites(label));
  const pacer = new Pacer();
  for (const [position, { table, entries: writes }] of lists.entries()) {
    const puts = writes.filter((write) => write.kind === "put").length;
    const counts = { puts, deletes: writes.length - puts, written: 0, deleted: 0 };
    if (writes.length === 0) {
      // Nothing to write: its key schema is never needed.
      plans.push({ table, schema: { hash: { name: "", type: "S" } }, ...counts });
      continue;
    }
    const keys = await keysOf(table);
    const schema = keySchemaOf(keys, table);
    const plan = { table, schema, ...counts };
    plans.push(plan);
    for (const write of writes) {
      if (pacer.due()) await pacer.pause();
      const entry = writeEntry(write, plan, keys, label);
      // Requests run in parallel, so two writes to one key would race (and DynamoDB rejects a
      // request that holds both).
      const identity = `${position}\u0000${keyIdentity(entry.value, schema)}`;
      const first = seen.firstOrAdd(identity, entries.length);
      const earlier = first === undefined ? undefined : entries[first];
      if (earlier) {
        throw new InputError(
          label,
          "duplicate",
          `${where(label, earlier)} and ${where(label, entry)} have the same key ${describeKey(typedKeyOf(earlier.value, schema))}. A batch may write or delete each item only once; remove one of them.`,
        );
      }
      entries.push(entry);
    }
  }
  return { plans, entries };
}

/** The pending writes of one request, grouped by table in the order of the tables. */
function groupByPlan(pending: TableWriteEntry[]): Map<TableWrites, TableWriteEntry[]> {
  const groups = new Map<TableWrites, TableWriteEntry[]>();
  for (const entry of pending) {
    const group = groups.get(entry.plan);
    if (group) group.push(entry);
    else groups.set(entry.plan, [entry]);
  }
  return groups;
}

/** The `send` of runBatches: one request; resolves to the writes DynamoDB left unprocessed. */
function batchWriteTablesSender(
  step: Step,
): (pending: TableWriteEntry[]) => Promise<TableWriteEntry[]> {
  return async (pending) => {
    const groups = [...groupByPlan(pending)];
    const request = batchWriteTablesRequest(
      groups.map(([plan, entries]) => ({
        table: plan.table,
        requests: entries.map((entry) => entry.request),
      })),
    );
    const tables = groups.map(([plan]) => plan.table);
    const output = await onTables(step, tables).send(
      "BatchWriteItem",
      new BatchWriteItemCommand(request),
    );
    const left: TableWriteEntry[] = [];
    for (const [plan, entries] of groups) {
      const unprocessed = ownEntry(output.UnprocessedItems, plan.table);
      const identities = unprocessedIdentities(unprocessed, plan.table, plan.schema);
      if (identities.size === 0) continue;
      left.push(
        ...entries.filter((entry) => identities.has(requestIdentity(entry.request, plan.schema))),
      );
    }
    return left;
  };
}

/** "Customers: 20 of 20 items written, 0 of 0 keys deleted; Orders: ...". */
function progressByTable(plans: TableWrites[]): string {
  return plans
    .map(
      (plan) =>
        `${plan.table}: ${formatCount(plan.written)} of ${formatCount(plan.puts)} items written, ${formatCount(plan.deleted)} of ${formatCount(plan.deletes)} keys deleted`,
    )
    .join("; ");
}

/** The totals of every table's counts. */
function writeTotals(plans: TableWrites[]): { written: number; deleted: number } {
  let written = 0;
  let deleted = 0;
  for (const plan of plans) {
    written += plan.written;
    deleted += plan.deleted;
  }
  return { written, deleted };
}

/**
 * Sends the writes in requests of up to 25 (of one table or several, in the order of the
 * tables), `concurrency` at a time, each request's unprocessed remainder retried up to
 * `maxRetries` times; each table's plan counts what was written and deleted. Resolves to the
 * writes still unprocessed, in the order given. A failure says how far each table got (and
 * carries the totals `written` and `deleted`).
 */
export async function writeTablesInBatches(
  step: Step,
  plans: TableWrites[],
  entries: TableWriteEntry[],
  run: { concurrency: number; maxRetries: number },
): Promise<{ unprocessed: TableWriteEntry[]; stops: RetryStops }> {
  // What DynamoDB confirmed: on a failure the rest is named in the error (withUndone).
  const confirmed = new Set<TableWriteEntry>();
  try {
    const { unprocessed, stops } = await runBatches({
      entries,
      chunkSize: WRITE_CHUNK_SIZE,
      concurrency: run.concurrency,
      maxRetries: run.maxRetries,
      send: batchWriteTablesSender(step),
      onDone: (done) => {
        for (const entry of done) {
          confirmed.add(entry);
          if (entry.kind === "put") entry.plan.written += 1;
          else entry.plan.deleted += 1;
        }
      },
    });
    return { unprocessed, stops };
  } catch (error) {
    for (const plan of plans) forgetKeysOnMismatch(error, step.clients, plan.table);
    const totals = writeTotals(plans);
    const notDone = formatCount(entries.length - totals.written - totals.deleted);
    const message = `Before it failed: ${progressByTable(plans)}; the other ${notDone} writes were not applied or not confirmed.`;
    throw withUndone(
      failedPartWay(error, message, totals),
      entries.filter((entry) => !confirmed.has(entry)),
    );
  }
}

/**
 * The error for writes still unprocessed after Max Retries, when Return Unprocessed is false:
 * how many, what each table got done, which (the first few, by table and index), and what to
 * change. Carries the totals `written` and `deleted`.
 */
export function unprocessedTableWritesError(
  plans: TableWrites[],
  unprocessed: TableWriteEntry[],
  stops: RetryStops,
  label: string,
): Error {
  const total = plans.reduce((sum, plan) => sum + plan.puts + plan.deletes, 0);
  const listed = unprocessed.map(
    (entry) => `${where(label, entry)} ${describeKey(typedKeyOf(entry.value, entry.plan.schema))}`,
  );
  const error = Object.assign(
    new StepError(
      "unprocessedAfterRetries",
      `Batch Write Items (Multiple Tables): ${formatCount(unprocessed.length)} of ${formatCount(total)} writes were still unprocessed ${retriesEnded(stops)} (DynamoDB was throttling them); ${progressByTable(plans)}. Unprocessed: ${listSome(listed)}. Raise Max Retries or the tables' write capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
    ),
    writeTotals(plans),
  );
  return withUndone(error, unprocessed);
}

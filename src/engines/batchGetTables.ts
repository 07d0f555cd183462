/**
 * Batch Get Items (Multiple Tables)' reader: each table's keys converted by that table's key
 * types and each read once, then sent as DynamoDB's BatchGetItem takes them, up to 100 keys of
 * any of the tables in one request (runBatches: concurrency, and retries of what DynamoDB leaves
 * unprocessed, table by table), in waves sized to one byte budget of output for the whole step,
 * as Batch Get Items reads one table (batchGet.ts).
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  type KeysAndAttributes,
} from "@aws-sdk/client-dynamodb";
import { onTables, type Step } from "../aws/invocation";
import { formatCount, listSome } from "../common/messages";
import { StepError } from "../errors/stepError";
import type { TableKeysList } from "../inputs";
import type { AttributeMap } from "../values";
import {
  answeredItems,
  type BatchGetOptions,
  batchGetOptions,
  distinctKeys,
  emptyReadState,
  itemsFound,
  type KeyEntry,
  keysNotRead,
  leftKeyIdentities,
  notReadSentence,
  type ReadContext,
  type ReadState,
  readFailedPartWay,
  readInWaves,
  takeItems,
} from "./batchGet";
import { type RetryStops, retriesEnded } from "./batchRuns";
import { forgetKeysOnMismatch } from "./itemCalls";
import { type KeySchema, keySchemaOf, type TableKeys } from "./keySchema";
import { describeKey } from "./keyValues";

/** One table's part of the read: its keys (KeyEntry.index counts across all tables) and options. */
export interface TableRead {
  table: string;
  schema: KeySchema;
  /** The index of the table's first key given, counted across the tables in order. */
  first: number;
  /** How many keys were given for it (duplicates too). */
  given: number;
  /** Its distinct keys, in the order given. */
  entries: KeyEntry[];
  options: BatchGetOptions;
  context: ReadContext;
}

/** The read options every table shares (the action's Projection Expression and the rest). */
export interface SharedReadOptions {
  projectionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  consistentRead?: boolean;
  dynamoJson: boolean;
}

/**
 * A table's read options: its own projection (with its own names) and Consistent Read where
 * Keys by Table sets them for the table, else the action's inputs.
 */
function tableReadOptions(list: TableKeysList, shared: SharedReadOptions): SharedReadOptions {
  const projection = list.projection
    ? {
        projectionExpression: list.projection.expression,
        expressionAttributeNames: list.projection.names,
      }
    : {
        projectionExpression: shared.projectionExpression,
        expressionAttributeNames: shared.expressionAttributeNames,
      };
  return {
    ...projection,
    consistentRead: list.consistentRead ?? shared.consistentRead,
    dynamoJson: shared.dynamoJson,
  };
}

/** A table given an empty list: nothing to read, so its key schema is never needed. */
function emptyPlan(table: string, first: number, dynamoJson: boolean): TableRead {
  const schema: KeySchema = { hash: { name: "", type: "S" } };
  const context = { schema, byIdentity: new Map(), dynamoJson, added: [], table };
  return { table, schema, first, given: 0, entries: [], options: {}, context };
}

/**
 * Each table's keys converted by its key types (`keysOf(table)`: its TableKeys, read once per
 * table) and each key once, with the table's read options (tableReadOptions), so every key is
 * checked before anything is read. A table with no keys needs no DescribeTable. Throws an
 * InputError naming `<label>["table"] (index i)` for a key that does not fit its table.
 */
export async function planTableReads(
  lists: TableKeysList[],
  keysOf: (table: string) => Promise<TableKeys>,
  read: SharedReadOptions,
  label: string,
): Promise<TableRead[]> {
  const plans: TableRead[] = [];
  let first = 0;
  for (const list of lists) {
    const { table, entries: given } = list;
    if (given.length === 0) {
      plans.push(emptyPlan(table, first, read.dynamoJson));
      continue;
    }
    const schema = keySchemaOf(await keysOf(table), table);
    const where = (index: number) => `${label}["${table}"] (index ${index})`;
    const { entries, byIdentity } = await distinctKeys(given, schema, { first, where });
    const { options, added } = batchGetOptions(schema, tableReadOptions(list, read));
    const context = { schema, byIdentity, dynamoJson: read.dynamoJson, added, table };
    plans.push({ table, schema, first, given: given.length, entries, options, context });
    first += given.length;
  }
  return plans;
}

/** The table a key belongs to: the last plan whose first index is at or before it. */
function planOf(plans: TableRead[], index: number): TableRead {
  let low = 0;
  let high = plans.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (plans[middle].first <= index) low = middle;
    else high = middle - 1;
  }
  return plans[low];
}

/** One table's keys and options in a BatchGetItem request. */
export interface TableKeysRequest {
  table: string;
  keys: AttributeMap[];
  options: BatchGetOptions;
}

/** One BatchGetItem request: each table's keys with its options, the tables in the order given. */
export function batchGetTablesRequest(groups: TableKeysRequest[]): BatchGetItemCommandInput {
  // fromEntries: a table named "__proto__" is an entry of its own, never the prototype.
  const RequestItems: Record<string, KeysAndAttributes> = Object.fromEntries(
    groups.map(({ table, keys, options }) => [table, { ...options, Keys: keys }]),
  );
  return { RequestItems };
}

/** The pending keys of one request, grouped by table in the order of the tables. */
function groupByTable(plans: TableRead[], pending: KeyEntry[]): Map<TableRead, KeyEntry[]> {
  const groups = new Map<TableRead, KeyEntry[]>();
  for (const entry of pending) {
    const plan = planOf(plans, entry.index);
    const group = groups.get(plan);
    if (group) group.push(entry);
    else groups.set(plan, [entry]);
  }
  return groups;
}

/** The `send` of runBatches: one request; resolves to the keys DynamoDB left unprocessed. */
function batchGetTablesSender(
  step: Step,
  plans: TableRead[],
  state: ReadState,
  budget: number,
): (pending: KeyEntry[]) => Promise<KeyEntry[]> {
  return async (pending) => {
    if (state.full || state.bytes >= budget) {
      state.unread.push(...pending);
      return [];
    }
    const groups = [...groupByTable(plans, pending)];
    const request = batchGetTablesRequest(
      groups.map(([plan, entries]) => ({
        table: plan.table,
        keys: entries.map((entry) => entry.key),
        options: plan.options,
      })),
    );
    const tables = groups.map(([plan]) => plan.table);
    const output = await onTables(step, tables).send(
      "BatchGetItem",
      new BatchGetItemCommand(request),
    );
    const stillPending: KeyEntry[] = [];
    for (const [plan, entries] of groups) {
      await takeItems(answeredItems(output, plan.table), plan.context, state, budget);
      const left = leftKeyIdentities(output, plan.table, plan.schema);
      const still = entries.filter((entry) => left.has(entry.identity));
      stillPending.push(...still);
      state.keysRead += entries.length - still.length;
    }
    return stillPending;
  };
}

/** What a multi-table read gave; every KeyEntry.index counts across the tables (planOf). */
export interface TablesRead {
  found: { at: number; item: Record<string, unknown>; table?: string }[];
  unprocessed: KeyEntry[];
  unread: KeyEntry[];
}

/**
 * "Customers: 100 of 100 keys read (98 items found); Orders: 0 of 50 keys read (0 items found)",
 * a key counting as read unless it is among `notRead`.
 */
function progressByTable(plans: TableRead[], state: ReadState, notRead: KeyEntry[]): string {
  const left = groupByTable(plans, notRead);
  return plans
    .map((plan) => {
      const found = state.found.filter((item) => item.table === plan.table).length;
      const read = plan.entries.length - (left.get(plan)?.length ?? 0);
      return `${plan.table}: ${formatCount(read)} of ${formatCount(plan.entries.length)} keys read (${itemsFound(found)})`;
    })
    .join("; ");
}

/**
 * Reads every table's keys in BatchGetItem requests of up to 100 keys (of one table or several,
 * in the order of the tables), retrying what DynamoDB leaves unprocessed, in waves sized to the
 * byte budget (waveSize); once the budget is reached no further key is requested, and the keys
 * not read are the last ones in the order given. A failure says how far each table got and which
 * keys (named by `label`, Keys by Table) were not read (readFailedPartWay).
 */
export async function readTablesInBatches(
  step: Step,
  plans: TableRead[],
  run: { concurrency: number; maxRetries: number; byteBudget: number },
  label: string,
): Promise<TablesRead & { stops: RetryStops }> {
  const budget = run.byteBudget;
  const entries = plans.flatMap((plan) => plan.entries);
  const state = emptyReadState();
  const send = batchGetTablesSender(step, plans, state, budget);
  try {
    const { unprocessed, unread, stops } = await readInWaves(entries, state, run, send);
    return { found: state.found, unprocessed, unread, stops };
  } catch (error) {
    for (const plan of plans) forgetKeysOnMismatch(error, step.clients, plan.table);
    const notRead = keysNotRead(entries, state);
    const where = "each table's unreadKeys in the error's tables";
    const progress = `Before it failed: ${progressByTable(plans, state, notRead)} (the items in the error's tables); ${notReadSentence(notRead, (entry) => keyName(plans, entry, label), where)}`;
    const keysRead = entries.length - notRead.length;
    throw readFailedPartWay(error, progress, { keysRead, notRead, found: state.found });
  }
}

/** How a key is named in messages: `Keys by Table["Orders"] index 3 {"id":3}`. */
function keyName(plans: TableRead[], entry: KeyEntry, label: string): string {
  const plan = planOf(plans, entry.index);
  return `${label}["${plan.table}"] index ${entry.index - plan.first} ${describeKey(entry.key)}`;
}

/**
 * The error for keys still unprocessed after Max Retries, when Return Unprocessed is false: how
 * many of each table's, which (the first few, by table and place), and what to change.
 */
export function unprocessedTableKeysError(
  plans: TableRead[],
  unprocessed: KeyEntry[],
  stops: RetryStops,
  label: string,
): Error {
  const requested = plans.reduce((sum, plan) => sum + plan.entries.length, 0);
  const byTable = [...groupByTable(plans, unprocessed)].map(
    ([plan, entries]) => `${plan.table} ${formatCount(entries.length)}`,
  );
  const listed = unprocessed.map((entry) => keyName(plans, entry, label));
  return new StepError(
    "unprocessedAfterRetries",
    `Batch Get Items (Multiple Tables): ${formatCount(unprocessed.length)} of ${formatCount(requested)} keys were still unprocessed ${retriesEnded(stops)} (DynamoDB was throttling or hit its response size limit), by table: ${byTable.join(", ")}. Unprocessed: ${listSome(listed)}. Raise Max Retries or the tables' read capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
  );
}

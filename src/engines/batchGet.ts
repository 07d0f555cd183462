/**
 * Batch Get Items' reader: the keys converted by the table's key types and each read once, sent
 * in BatchGetItem requests of 100 (runBatches: concurrency and retries of what DynamoDB leaves
 * unprocessed), in waves sized to a byte budget of output, so the items held never pass it.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  type BatchGetItemCommandOutput,
  type KeysAndAttributes,
} from "@aws-sdk/client-dynamodb";
import type { Step } from "../aws/invocation";
import { DEFAULT_BYTE_BUDGET } from "../common/limits";
import { formatCount, listSome } from "../common/messages";
import { Pacer } from "../common/pacing";
import { printable } from "../common/text";
import { StepError } from "../errors/stepError";
import { type AttributeMap, answerItems, formatItem } from "../values";
import { ownEntry } from "../values/primitives";
import {
  type BatchRunOptions,
  failedPartWay,
  RetryStops,
  retriesEnded,
  runBatches,
  withDone,
  withUndone,
} from "./batchRuns";
import { forgetKeysOnMismatch } from "./itemCalls";
import { type KeySchema, keyAttributes } from "./keySchema";
import { describeKey, keyIdentity, readKey } from "./keyValues";
import { projectionWithKeys, withoutAttributes } from "./paging";

/** DynamoDB's limit of keys per BatchGetItem request (BatchGetItem API reference). */
const GET_CHUNK_SIZE = 100;

/**
 * Batch Get Items stops requesting keys once the items read pass this many bytes, as the output
 * serialises them (outputSize: JSON text in the returned form): 2,000 keys of 380 KB items would
 * otherwise be 742 MB held in the process. The keys not read are returned as unreadKeys.
 */
export const BATCH_GET_BYTE_BUDGET = DEFAULT_BYTE_BUDGET;

/** The place of an item whose key is not among Keys (an endpoint's odd answer): last. */
const UNKNOWN_PLACE = Number.MAX_SAFE_INTEGER;

/** One distinct key of Keys: its position there, the Key, and its identity (keyIdentity). */
export interface KeyEntry {
  index: number;
  key: AttributeMap;
  identity: string;
}

/** The keys as the table's Keys, each distinct key once, by identity. */
export interface DistinctKeys {
  entries: KeyEntry[];
  byIdentity: Map<string, KeyEntry>;
}

/**
 * Where a list of keys sits in what the step was given: `first` is the index (KeyEntry.index) of
 * its first key, `where(i)` names its i-th key in messages.
 */
export interface KeyPlace {
  first: number;
  where: (index: number) => string;
}

/**
 * The keys as the table's Keys, each distinct key once (DynamoDB refuses a key named twice). The
 * loop lets the event loop run every few milliseconds (Pacer), however many keys there are.
 * Throws an InputError naming `Keys (index i)` (or `place.where(i)`) for a key that does not fit
 * the schema.
 */
export async function distinctKeys(
  keys: Record<string, unknown>[],
  schema: KeySchema,
  place: KeyPlace = { first: 0, where: (index) => `Keys (index ${index})` },
): Promise<DistinctKeys> {
  const entries: KeyEntry[] = [];
  const byIdentity = new Map<string, KeyEntry>();
  const pacer = new Pacer();
  for (const [index, raw] of keys.entries()) {
    if (pacer.due()) await pacer.pause();
    const key = readKey(raw, schema, place.where(index));
    const identity = keyIdentity(key, schema) as string;
    if (byIdentity.has(identity)) continue;
    const entry = { index: place.first + index, key, identity };
    byIdentity.set(identity, entry);
    entries.push(entry);
  }
  return { entries, byIdentity };
}

/** The read's options of every request: Batch Get Items' Projection Expression and names. */
export type BatchGetOptions = Omit<KeysAndAttributes, "Keys">;

/**
 * The options of each request, with the key attributes the projection lacks added: each item's
 * key tells which key it answers (its place, and which keys the budget left unread). `added`
 * lists those attributes, which takeItems removes again.
 */
export function batchGetOptions(
  schema: KeySchema,
  read: {
    projectionExpression?: string;
    expressionAttributeNames?: Record<string, string>;
    consistentRead?: boolean;
  },
): { options: BatchGetOptions; added: string[] } {
  const projection = read.projectionExpression
    ? projectionWithKeys(
        read.projectionExpression,
        read.expressionAttributeNames,
        keyAttributes(schema).map((attribute) => attribute.name),
      )
    : undefined;
  return {
    options: {
      ProjectionExpression: projection?.ProjectionExpression,
      ExpressionAttributeNames: projection?.ExpressionAttributeNames,
      ConsistentRead: read.consistentRead || undefined,
    },
    added: projection?.added ?? [],
  };
}

/** One BatchGetItem request: these keys of one table, with the read's options. */
export function batchGetRequest(
  table: string,
  keys: AttributeMap[],
  options: BatchGetOptions,
): BatchGetItemCommandInput {
  return { RequestItems: { [table]: { ...options, Keys: keys } } };
}

/** An item read, formatted for the output, with the position of its key in Keys. */
export interface FoundItem {
  at: number;
  item: Record<string, unknown>;
  /** The table it was read from, when a step reads several (ReadContext.table). */
  table?: string;
}

/** What a batch read gave: the items found, and the keys left over and why. */
export interface BatchRead {
  found: FoundItem[];
  /** Keys DynamoDB left unprocessed after Max Retries (or the retry time limit). */
  unprocessed: KeyEntry[];
  /** Keys not read (or read and left out) because the byte budget was reached, in Keys order. */
  unread: KeyEntry[];
}

/** What a batch read holds while it runs: the output so far, and how far it got. */
export interface ReadState {
  found: FoundItem[];
  unread: KeyEntry[];
  bytes: number;
  keysRead: number;
  /** Set when an item did not fit: the budget is reached and no further key is requested. */
  full: boolean;
  /** The keys whose requests answered for them (read, or left out for the budget). */
  answered: Set<KeyEntry>;
}

/** A read with nothing read yet. */
export function emptyReadState(): ReadState {
  return { found: [], unread: [], bytes: 0, keysRead: 0, full: false, answered: new Set() };
}

/** What the reader needs to place and format the items of a response. */
export interface ReadContext {
  schema: KeySchema;
  byIdentity: Map<string, KeyEntry>;
  dynamoJson: boolean;
  /** Key attributes added to the projection only to know each item's key; not returned. */
  added: string[];
  /** The table, when a step reads several: each item found is marked with it. */
  table?: string;
}

/**
 * How many keys the next wave of requests asks for: one request first (DynamoDB answers at most
 * 16 MB to it), then as many keys as the budget's room holds at the output bytes per key read so
 * far, at most `concurrency` requests; so what is in flight stays near the room left.
 */
function waveSize(state: ReadState, budget: number, concurrency: number): number {
  if (state.keysRead === 0) return GET_CHUNK_SIZE;
  const perKey = state.bytes / state.keysRead;
  const fits = perKey > 0 ? Math.floor((budget - state.bytes) / perKey) : Number.POSITIVE_INFINITY;
  return Math.max(1, Math.min(fits, concurrency * GET_CHUNK_SIZE));
}

/**
 * The waves of a batch read (one table's or several): `entries` are requested in waves sized to
 * the byte budget (waveSize), each in requests of 100 retrying what DynamoDB leaves unprocessed
 * (`send`, runBatches), until every key is requested or the budget is reached (`state`, which
 * `send` fills). Resolves to the keys still unprocessed after Max Retries, and the keys not read
 * (left out for the budget, or never requested) in the order of Keys. Throws what `send` throws.
 */
export async function readInWaves(
  entries: KeyEntry[],
  state: ReadState,
  run: { concurrency: number; maxRetries: number; byteBudget: number },
  send: BatchRunOptions<KeyEntry>["send"],
): Promise<{ unprocessed: KeyEntry[]; unread: KeyEntry[]; stops: RetryStops }> {
  const { concurrency, maxRetries, byteBudget: budget } = run;
  const unprocessed: KeyEntry[] = [];
  const stops = new RetryStops(maxRetries);
  let next = 0;
  while (next < entries.length && !state.full && state.bytes < budget) {
    const wave = entries.slice(next, next + waveSize(state, budget, concurrency));
    next += wave.length;
    const chunkSize = GET_CHUNK_SIZE;
    const onDone = (done: KeyEntry[]) => {
      for (const entry of done) state.answered.add(entry);
    };
    const result = await runBatches({
      entries: wave,
      chunkSize,
      concurrency,
      maxRetries,
      send,
      onDone,
    });
    unprocessed.push(...result.unprocessed);
    stops.add(result.stops);
  }
  const unread = [...state.unread, ...entries.slice(next)].sort((a, b) => a.index - b.index);
  return { unprocessed, unread, stops };
}

/**
 * Takes the items of one response, in the order of their keys: each is formatted and measured
 * at once (the raw page is not kept); an item that would pass the budget (unless it is the
 * first) is left out and its key goes to `unread`, so the output never holds more than the
 * budget. A response is up to 16 MB: the event loop gets a turn every few milliseconds.
 */
export async function takeItems(
  items: AttributeMap[],
  context: ReadContext,
  state: ReadState,
  budget: number,
): Promise<void> {
  const pacer = new Pacer();
  // In the order of their keys, so that what the budget leaves out is the later keys.
  const answered = items
    .map((raw) => {
      const identity = keyIdentity(raw, context.schema);
      return { raw, entry: identity === undefined ? undefined : context.byIdentity.get(identity) };
    })
    .sort((a, b) => (a.entry?.index ?? UNKNOWN_PLACE) - (b.entry?.index ?? UNKNOWN_PLACE));
  for (const { raw, entry } of answered) {
    if (pacer.due()) await pacer.pause();
    const item = formatItem(withoutAttributes(raw, context.added), context.dynamoJson);
    const size = Buffer.byteLength(JSON.stringify(item), "utf8") + 1;
    if (entry && state.found.length > 0 && state.bytes + size > budget) {
      state.unread.push(entry);
      state.full = true;
      continue;
    }
    state.bytes += size;
    const at = entry?.index ?? UNKNOWN_PLACE;
    state.found.push(
      context.table === undefined ? { at, item } : { at, item, table: context.table },
    );
  }
}

/** The items a BatchGetItem answer holds for `table` (Responses), checked as an answer's items. */
export function answeredItems(output: BatchGetItemCommandOutput, table: string): AttributeMap[] {
  return answerItems(
    ownEntry(output.Responses, table),
    `BatchGetItem's Responses["${printable(table)}"]`,
  );
}

/** The identities of the keys a BatchGetItem answer left unprocessed for `table`. */
export function leftKeyIdentities(
  output: BatchGetItemCommandOutput,
  table: string,
  schema: KeySchema,
): Set<string | undefined> {
  const keys = ownEntry(output.UnprocessedKeys, table)?.Keys;
  const what = `BatchGetItem's UnprocessedKeys["${printable(table)}"].Keys`;
  return new Set(answerItems(keys, what).map((key) => keyIdentity(key, schema)));
}

/** The `send` of runBatches: one request; resolves to the keys DynamoDB left unprocessed. */
function batchGetSender(
  step: Step,
  context: ReadContext,
  state: ReadState,
  read: { options: BatchGetOptions; budget: number },
): (pending: KeyEntry[]) => Promise<KeyEntry[]> {
  const table = step.table;
  return async (pending) => {
    if (state.full || state.bytes >= read.budget) {
      state.unread.push(...pending);
      return [];
    }
    const request = batchGetRequest(
      table,
      pending.map((entry) => entry.key),
      read.options,
    );
    const output = await step.send("BatchGetItem", new BatchGetItemCommand(request));
    await takeItems(answeredItems(output, table), context, state, read.budget);
    const left = leftKeyIdentities(output, table, context.schema);
    const stillPending = pending.filter((entry) => left.has(entry.identity));
    state.keysRead += pending.length - stillPending.length;
    return stillPending;
  };
}

/**
 * The keys of a read that stopped early whose items are not in hand, in the order of Keys: those
 * no answer covered (not requested, in flight, or unprocessed) and those left for the budget.
 */
export function keysNotRead(entries: KeyEntry[], state: ReadState): KeyEntry[] {
  const unread = new Set(state.unread);
  return entries.filter((entry) => !state.answered.has(entry) || unread.has(entry));
}

/** "12 items found" */
export function itemsFound(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "item" : "items"} found`;
}

/**
 * The error of a read that failed part way: `progress` after the error's sentence, `keysRead`
 * on it, and, for the output layer (batchGetFailure), the keys not read (withUndone) and the
 * items found (withDone), so that a flow keeps the items read and reads only the rest again.
 */
export function readFailedPartWay(
  error: unknown,
  progress: string,
  read: { keysRead: number; notRead: KeyEntry[]; found: FoundItem[] },
): Error {
  const failed = failedPartWay(error, progress, { keysRead: read.keysRead });
  return withDone(withUndone(failed, read.notRead), read.found);
}

/**
 * Reads the keys in requests of 100, retrying what DynamoDB leaves unprocessed, in waves sized
 * to the byte budget (waveSize); once the budget is reached no further key is requested. A
 * failure says how many keys were read and which were not (readFailedPartWay).
 */
export async function readInBatches(
  step: Step,
  context: ReadContext,
  entries: KeyEntry[],
  run: { options: BatchGetOptions; concurrency: number; maxRetries: number; byteBudget: number },
): Promise<BatchRead & { stops: RetryStops }> {
  const budget = run.byteBudget;
  const state = emptyReadState();
  const send = batchGetSender(step, context, state, { options: run.options, budget });
  try {
    const { unprocessed, unread, stops } = await readInWaves(entries, state, run, send);
    return { found: state.found, unprocessed, unread, stops };
  } catch (error) {
    forgetKeysOnMismatch(error, step.clients, step.table);
    const notRead = keysNotRead(entries, state);
    const keysRead = entries.length - notRead.length;
    const name = (entry: KeyEntry) => `Keys index ${entry.index} ${describeKey(entry.key)}`;
    const progress = `Before it failed, ${formatCount(keysRead)} of ${formatCount(entries.length)} keys had been read (${itemsFound(state.found.length)}, in the error's items); ${notReadSentence(notRead, name)}`;
    throw readFailedPartWay(error, progress, { keysRead, notRead, found: state.found });
  }
}

/**
 * "the other 3 keys were not read or not confirmed (the error's unreadKeys): a; b; c.", naming
 * the first few of `notRead` as `name` does.
 */
export function notReadSentence(
  notRead: KeyEntry[],
  name: (entry: KeyEntry) => string,
  where = "the error's unreadKeys",
): string {
  if (notRead.length === 0) return "every key was read.";
  const listed = listSome(notRead.slice(0, 5).map(name), notRead.length);
  return `the other ${formatCount(notRead.length)} keys were not read or not confirmed (${where}): ${listed}.`;
}

/**
 * The error for keys still unprocessed after Max Retries, when Return Unprocessed is false: how
 * many, which (the first few, by their place in Keys), and what to change.
 */
export function unprocessedKeysError(
  unprocessed: KeyEntry[],
  requested: number,
  stops: RetryStops,
): Error {
  return new StepError(
    "unprocessedAfterRetries",
    `Batch Get Items: ${formatCount(unprocessed.length)} of ${formatCount(requested)} keys were still unprocessed ${retriesEnded(stops)} (DynamoDB was throttling or hit its response size limit): ${listSome(
      unprocessed.map((entry) => `Keys index ${entry.index} ${describeKey(entry.key)}`),
    )}. Raise Max Retries or the table's read capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
  );
}

import { BatchGetItemCommand, type KeysAndAttributes } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect, type Step } from "../../aws/invocation";
import { formatCount, listSome, sentence } from "../../common/messages";
import { Pacer } from "../../common/pacing";
import { runBatches } from "../../engines/batchRuns";
import { forgetKeysOnMismatch } from "../../engines/itemCalls";
import { type KeySchema, keyAttributes, readKeySchema } from "../../engines/keySchema";
import { describeKey, keyIdentity, readKey } from "../../engines/keyValues";
import { DEFAULT_BYTE_BUDGET, projectionWithKeys, withoutAttributes } from "../../engines/paging";
import {
  awsRegion,
  checkProjectionNames,
  cleanObjectArray,
  concurrencyInput,
  connectionInput,
  consistentRead,
  expressionAttributeNames,
  fail,
  maxAttempts,
  maxRetriesInput,
  projectionExpression,
  returnDynamoJson,
  returnUnprocessedInput,
  tableName,
} from "../../inputs";
import { actionOutput, objectListSchema, unprocessedCountSchema } from "../../outputs";
import { type AttributeMap, formatItem } from "../../values";

/** DynamoDB's limit of keys per BatchGetItem request. */
export const GET_CHUNK_SIZE = 100;

const KEYS_EXAMPLE = '[{"customerId": 1, "customerName": "Ada"}]';

interface KeyEntry {
  index: number;
  key: AttributeMap;
  identity: string;
}

/**
 * The keys as the table's Keys, each distinct key once (DynamoDB refuses a key named twice). The
 * loop lets the event loop run every few milliseconds (Pacer), however many keys there are.
 */
async function distinctKeys(keys: Record<string, unknown>[], schema: KeySchema) {
  const entries: KeyEntry[] = [];
  const byIdentity = new Map<string, KeyEntry>();
  const pacer = new Pacer();
  for (const [index, raw] of keys.entries()) {
    if (pacer.due()) await pacer.pause();
    const key = readKey(raw, schema, `Keys (index ${index})`);
    const identity = keyIdentity(key, schema) as string;
    if (byIdentity.has(identity)) continue;
    const entry = { index, key, identity };
    byIdentity.set(identity, entry);
    entries.push(entry);
  }
  return { entries, byIdentity };
}

/**
 * Batch Get Items stops requesting keys once the items read pass this many bytes, as the output
 * serialises them (outputSize: JSON text in the returned form): 2,000 keys of 380 KB items would
 * otherwise be 742 MB held in the process. The keys not read are returned as unreadKeys.
 */
export const BATCH_GET_BYTE_BUDGET = DEFAULT_BYTE_BUDGET;

/** The place of an item whose key is not among Keys (an endpoint's odd answer): last. */
const UNKNOWN_PLACE = Number.MAX_SAFE_INTEGER;

/** An item read, formatted for the output, with the position of its key in Keys. */
interface FoundItem {
  at: number;
  item: Record<string, unknown>;
}

interface BatchRead {
  found: FoundItem[];
  /** Keys DynamoDB left unprocessed after Max Retries. */
  unprocessed: KeyEntry[];
  /** Keys not read (or read and left out) because the byte budget was reached, in Keys order. */
  unread: KeyEntry[];
}

interface ReadState {
  found: FoundItem[];
  unread: KeyEntry[];
  bytes: number;
  keysRead: number;
  /** Set when an item did not fit: the budget is reached and no further key is requested. */
  full: boolean;
}

interface ReadContext {
  schema: KeySchema;
  byIdentity: Map<string, KeyEntry>;
  dynamoJson: boolean;
  /** Key attributes added to the projection only to know each item's key; not returned. */
  added: string[];
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
 * Takes the items of one response, in the order of their keys: each is formatted and measured
 * at once (the raw page is not kept); an item that would pass the budget (unless it is the first) is left out and its key
 * goes to `unread`, so the output never holds more than the budget. A response is up to 16 MB:
 * the event loop gets a turn every few milliseconds.
 */
async function takeItems(
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
    state.found.push({ at: entry?.index ?? UNKNOWN_PLACE, item });
  }
}

/**
 * Reads the keys in requests of 100, retrying what DynamoDB leaves unprocessed, in waves sized
 * to the byte budget (waveSize); once the budget is reached no further key is requested. A
 * failure says how far it got; no items are returned from a failed step.
 */
async function readInBatches(
  step: Step,
  context: ReadContext,
  entries: KeyEntry[],
  options: {
    request: Omit<KeysAndAttributes, "Keys">;
    concurrency: number;
    maxRetries: number;
    byteBudget: number;
  },
): Promise<BatchRead> {
  const table = step.table;
  const budget = options.byteBudget;
  const state: ReadState = { found: [], unread: [], bytes: 0, keysRead: 0, full: false };
  const unprocessed: KeyEntry[] = [];
  const send = async (pending: KeyEntry[]) => {
    if (state.full || state.bytes >= budget) {
      state.unread.push(...pending);
      return [];
    }
    const output = await step.call("BatchGetItem", () =>
      step.clients.dynamodb.send(
        new BatchGetItemCommand({
          RequestItems: {
            [table]: { ...options.request, Keys: pending.map((entry) => entry.key) },
          },
        }),
      ),
    );
    await takeItems(output.Responses?.[table] ?? [], context, state, budget);
    const left = new Set(
      (output.UnprocessedKeys?.[table]?.Keys ?? []).map((key) => keyIdentity(key, context.schema)),
    );
    const stillPending = pending.filter((entry) => left.has(entry.identity));
    state.keysRead += pending.length - stillPending.length;
    return stillPending;
  };
  let next = 0;
  try {
    while (next < entries.length && !state.full && state.bytes < budget) {
      const wave = entries.slice(next, next + waveSize(state, budget, options.concurrency));
      next += wave.length;
      const result = await runBatches({
        entries: wave,
        chunkSize: GET_CHUNK_SIZE,
        concurrency: options.concurrency,
        maxRetries: options.maxRetries,
        send,
      });
      unprocessed.push(...result.unprocessed);
    }
  } catch (error) {
    forgetKeysOnMismatch(error, step.clients, table);
    const count = state.found.length;
    const message = `${sentence(error)} Before it failed, ${formatCount(state.keysRead)} of ${formatCount(entries.length)} keys had been read (${formatCount(count)} ${count === 1 ? "item" : "items"} found); no items are returned from a failed step.`;
    throw Object.assign(error instanceof Error ? error : new Error(message), { message });
  }
  const unread = [...state.unread, ...entries.slice(next)].sort((a, b) => a.index - b.index);
  return { found: state.found, unprocessed, unread };
}

export const batchGetItems = action({
  display: {
    label: "Batch Get Items",
    description:
      "Retrieve many items by key from a DynamoDB table, in requests of 100 that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    tableName,
    keys: input({
      label: "Keys",
      type: "code",
      language: "json",
      required: true,
      comments:
        'A JSON array of the keys to read, as plain JSON objects with the table\'s key attributes, such as [{"customerId": 1, "customerName": "Ada"}]. Values are converted to the key types the table declares. Duplicate keys are read once. Any number of keys: they are sent in requests of 100.',
      example: KEYS_EXAMPLE,
      clean: (value: unknown) => {
        const keys = cleanObjectArray("Keys", "key objects", KEYS_EXAMPLE)(value);
        return keys ?? fail("Keys", "required", `Keys is required. For example: ${KEYS_EXAMPLE}`);
      },
    }),
    awsConnection: connectionInput,
    projectionExpression,
    expressionAttributeNames,
    consistentRead,
    returnDynamoJson,
    maxRetries: maxRetriesInput,
    concurrency: concurrencyInput,
    returnUnprocessed: returnUnprocessedInput("keys"),
    maxAttempts,
  },
  perform: async (invocation, params) => {
    checkProjectionNames(
      params.projectionExpression,
      params.expressionAttributeNames,
      "Expression Attribute Names is set but Projection Expression is blank: names are only used in the Projection Expression here. Clear the names or add a projection such as #n, customerId.",
    );
    const step = connect(invocation, params);
    const dynamoJson = params.returnDynamoJson;
    if (params.keys.length === 0) {
      return {
        data: {
          items: [],
          count: 0,
          requested: 0,
          unprocessedCount: 0,
          unprocessedKeys: [],
          truncated: false,
          truncatedReason: null,
          unreadCount: 0,
          unreadKeys: [],
        },
      };
    }
    const schema = await readKeySchema(step.clients, step.table, step.connection);
    const { entries, byIdentity } = await distinctKeys(params.keys, schema);
    // Each item's key tells which key it answers (its place, and which keys the budget left
    // unread): a projection without the key attributes gets them added, and they are taken out.
    const projection = params.projectionExpression
      ? projectionWithKeys(
          params.projectionExpression,
          params.expressionAttributeNames,
          keyAttributes(schema).map((attribute) => attribute.name),
        )
      : undefined;
    const { found, unprocessed, unread } = await readInBatches(
      step,
      { schema, byIdentity, dynamoJson, added: projection?.added ?? [] },
      entries,
      {
        request: {
          ProjectionExpression: projection?.ProjectionExpression,
          ExpressionAttributeNames: projection?.ExpressionAttributeNames,
          ConsistentRead: params.consistentRead || undefined,
        },
        concurrency: params.concurrency,
        maxRetries: params.maxRetries,
        byteBudget: BATCH_GET_BYTE_BUDGET,
      },
    );
    if (unprocessed.length > 0 && !params.returnUnprocessed) {
      throw new Error(
        `Batch Get Items: ${formatCount(unprocessed.length)} of ${formatCount(entries.length)} keys were still unprocessed after ${params.maxRetries} retries (DynamoDB was throttling or hit its response size limit): ${listSome(
          unprocessed.map((entry) => `Keys index ${entry.index} ${describeKey(entry.key)}`),
        )}. Raise Max Retries or the table's read capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
      );
    }
    if (unread.length > 0) {
      invocation.logger.info(
        `Batch Get Items: stopped at the byte budget (${formatCount(BATCH_GET_BYTE_BUDGET)} bytes of output); ${formatCount(unread.length)} of ${formatCount(entries.length)} keys were not read and are in unreadKeys.`,
      );
    }
    // Items come back in no particular order; they are returned in the order of their keys.
    const items = found.sort((a, b) => a.at - b.at).map(({ item }) => item);
    return {
      data: {
        items,
        count: items.length,
        requested: entries.length,
        unprocessedCount: unprocessed.length,
        unprocessedKeys: unprocessed.map((entry) => formatItem(entry.key, dynamoJson)),
        truncated: unread.length > 0,
        truncatedReason: unread.length > 0 ? ("byteBudget" as const) : null,
        unreadCount: unread.length,
        // As given in Keys, so that a later step can pass them back as its Keys.
        unreadKeys: unread.map((entry) => params.keys[entry.index]),
      },
    };
  },
  outputSchema: actionOutput(
    {
      items: objectListSchema(
        "The items found, in the order of their keys in Keys. Keys with no item are absent.",
      ),
      count: { type: "integer", description: "How many items were found." },
      requested: { type: "integer", description: "How many distinct keys were requested." },
      unprocessedCount: unprocessedCountSchema("keys"),
      unprocessedKeys: objectListSchema(
        "The keys still unprocessed after Max Retries, to retry later.",
      ),
      truncated: {
        type: "boolean",
        description:
          "True when reading stopped at the byte budget (5 MB of items as JSON text): the keys not read are in unreadKeys.",
      },
      truncatedReason: {
        type: ["string", "null"],
        enum: ["byteBudget", null],
        description: "byteBudget when reading stopped early; else null.",
      },
      unreadCount: { type: "integer", description: "How many keys were not read (unreadKeys)." },
      unreadKeys: objectListSchema(
        "The keys not read because the byte budget was reached, as given in Keys: pass them to Keys in a later step to read the rest.",
      ),
    },
    [
      "items",
      "count",
      "requested",
      "unprocessedCount",
      "unprocessedKeys",
      "truncated",
      "truncatedReason",
      "unreadCount",
      "unreadKeys",
    ],
  ),
  examplePayload: {
    data: {
      items: [
        { customerId: 1, customerName: "Ada", city: "London" },
        { customerId: 2, customerName: "Grace", city: "New York" },
      ],
      count: 2,
      requested: 3,
      unprocessedCount: 0,
      unprocessedKeys: [],
      truncated: false,
      truncatedReason: null,
      unreadCount: 0,
      unreadKeys: [],
    },
  },
});

export default batchGetItems;

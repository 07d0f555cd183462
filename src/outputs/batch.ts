/**
 * The outputs of Batch Get Items and Batch Write Items: their schemas, example payloads, and the
 * formatting of what the batch reader and writer did into a step's `data`.
 */
import { Pacer } from "../common/pacing";
import type { BatchRead } from "../engines/batchGet";
import type { WriteEntry } from "../engines/batchWrites";
import { DEFAULT_BYTE_BUDGET } from "../engines/paging";
import { formatItem } from "../values";
import { actionOutputSchema, objectListSchema, unprocessedCountSchema } from "./index";

export const batchGetItemsOutputSchema = actionOutputSchema(
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
);

/** Batch Get Items' data (see batchGetItemsOutputSchema). */
export interface BatchGetData {
  items: Record<string, unknown>[];
  count: number;
  requested: number;
  unprocessedCount: number;
  unprocessedKeys: Record<string, unknown>[];
  truncated: boolean;
  truncatedReason: "byteBudget" | null;
  unreadCount: number;
  unreadKeys: Record<string, unknown>[];
}

export const batchGetItemsExample: { data: BatchGetData } = {
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
};

/**
 * Batch Get Items' data: the items in the order of their keys, the keys left unprocessed (typed
 * as DynamoDB JSON when asked), and the keys the byte budget left unread, as given in Keys so a
 * later step can pass them back.
 */
export function batchGetData(
  read: BatchRead & { requested: number },
  keys: Record<string, unknown>[],
  dynamoJson: boolean,
): BatchGetData {
  const { unprocessed, unread } = read;
  // Items come back in no particular order; they are returned in the order of their keys.
  const items = read.found.sort((a, b) => a.at - b.at).map(({ item }) => item);
  return {
    items,
    count: items.length,
    requested: read.requested,
    unprocessedCount: unprocessed.length,
    unprocessedKeys: unprocessed.map((entry) => formatItem(entry.key, dynamoJson)),
    truncated: unread.length > 0,
    truncatedReason: unread.length > 0 ? "byteBudget" : null,
    unreadCount: unread.length,
    unreadKeys: unread.map((entry) => keys[entry.index]),
  };
}

export const batchWriteItemsOutputSchema = actionOutputSchema(
  {
    written: { type: "integer", description: "How many items were put." },
    deleted: { type: "integer", description: "How many keys were deleted." },
    unprocessedCount: unprocessedCountSchema("writes"),
    unprocessed: {
      type: "object",
      description: "The writes still unprocessed after Max Retries, to retry later.",
      properties: {
        puts: { type: "array", items: { type: "object", additionalProperties: true } },
        deletes: { type: "array", items: { type: "object", additionalProperties: true } },
      },
      required: ["puts", "deletes"],
    },
    unprocessedTruncated: {
      type: "boolean",
      description: `True when unprocessed lists fewer writes than unprocessedCount: it holds the first ones in input order, up to ${DEFAULT_BYTE_BUDGET / 1024 / 1024} MB as JSON text (DEFAULT_BYTE_BUDGET).`,
    },
  },
  ["written", "deleted", "unprocessedCount", "unprocessed", "unprocessedTruncated"],
);

export const batchWriteItemsExample = {
  data: {
    written: 2,
    deleted: 1,
    unprocessedCount: 0,
    unprocessed: {
      puts: [] as Record<string, unknown>[],
      deletes: [] as Record<string, unknown>[],
    },
    unprocessedTruncated: false,
  },
};

/**
 * Batch Write Items' data: the counts, and the unprocessed writes as plain JSON in input order,
 * as many as fit in DEFAULT_BYTE_BUDGET (5 MB) as the output serialises them, with whether some
 * were left out: a throttled batch of large items would otherwise return as much as its whole
 * input. The event loop gets a turn every few milliseconds.
 */
export async function batchWriteData(
  counts: { written: number; deleted: number },
  unprocessed: WriteEntry[],
): Promise<(typeof batchWriteItemsExample)["data"]> {
  const puts: Record<string, unknown>[] = [];
  const deletes: Record<string, unknown>[] = [];
  const data = (truncated: boolean) => ({
    written: counts.written,
    deleted: counts.deleted,
    unprocessedCount: unprocessed.length,
    unprocessed: { puts, deletes },
    unprocessedTruncated: truncated,
  });
  const pacer = new Pacer();
  let bytes = 0;
  for (const entry of unprocessed) {
    if (pacer.due()) await pacer.pause();
    const plain = formatItem(entry.value);
    bytes += Buffer.byteLength(JSON.stringify(plain), "utf8") + 1;
    if (bytes > DEFAULT_BYTE_BUDGET) return data(true);
    (entry.kind === "put" ? puts : deletes).push(plain);
  }
  return data(false);
}

/**
 * The outputs of Batch Get Items and Batch Write Items: their schemas, example payloads, and the
 * formatting of what the batch reader and writer did into a step's `data`.
 */

import { BYTE_BUDGET_TEXT, DEFAULT_BYTE_BUDGET } from "../common/limits";
import { Pacer } from "../common/pacing";
import type { BatchRead, FoundItem, KeyEntry } from "../engines/batchGet";
import { doneOf, undoneOf } from "../engines/batchRuns";
import type { WriteEntry } from "../engines/batchWrites";
import { formatItem, givenAsPlain } from "../values";
import {
  actionOutputSchema,
  objectListSchema,
  RETRIES_ENDED,
  type Truncation,
  truncation,
  unprocessedCountSchema,
} from "./index";

/**
 * The first of `entries` as `plain` gives them, as many as fit in DEFAULT_BYTE_BUDGET (5 MB) as
 * JSON text, and whether some were left out. The event loop gets a turn every few milliseconds.
 */
async function withinBudget<E, P>(
  entries: readonly E[],
  plain: (entry: E) => P,
): Promise<{ kept: { entry: E; value: P }[]; truncated: boolean }> {
  const kept: { entry: E; value: P }[] = [];
  const pacer = new Pacer();
  let bytes = 0;
  for (const entry of entries) {
    if (pacer.due()) await pacer.pause();
    const value = plain(entry);
    bytes += Buffer.byteLength(JSON.stringify(value), "utf8") + 1;
    if (bytes > DEFAULT_BYTE_BUDGET) return { kept, truncated: true };
    kept.push({ entry, value });
  }
  return { kept, truncated: false };
}

/**
 * The error of a batch step that stopped early, with what `name` makes of the entries it left
 * undone (batchRuns' withUndone) added as the output would show them, so that a flow's error
 * handler can hand exactly those to a later step. Other errors are returned as they are.
 */
async function namingUndone<E>(
  error: unknown,
  name: (undone: E[]) => Promise<Record<string, unknown>>,
): Promise<unknown> {
  const undone = undoneOf<E>(error);
  if (!undone) return error;
  return Object.assign(error as Error, await name([...undone]));
}

/**
 * A key as given in Keys, as plain JSON (givenAsPlain): a number the input's parser kept exactly,
 * at the top or inside a typed value ({"N": ...}), is written as outputs write numbers, so a later
 * step can pass the key back to Keys unchanged.
 */
function keyAsGiven(key: Record<string, unknown>): Record<string, unknown> {
  return givenAsPlain(key) as Record<string, unknown>;
}

/** The items a failed read had found (batchRuns' withDone), in the order of their keys. */
function foundBefore(error: unknown): FoundItem[] {
  return [...(doneOf<FoundItem>(error) ?? [])].sort((a, b) => a.at - b.at);
}

export const batchGetItemsOutputSchema = actionOutputSchema(
  {
    items: objectListSchema(
      "The items found, in the order of their keys in Keys. Keys with no item are absent.",
    ),
    count: { type: "integer", description: "How many items were found." },
    requested: { type: "integer", description: "How many distinct keys were requested." },
    unprocessedCount: unprocessedCountSchema("keys"),
    unprocessedKeys: objectListSchema(
      `The keys still unprocessed ${RETRIES_ENDED}, to retry later.`,
    ),
    truncated: {
      type: "boolean",
      description: `True when reading stopped at the byte budget (${BYTE_BUDGET_TEXT} of items as JSON text): the keys not read are in unreadKeys.`,
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
export type BatchGetData = {
  items: Record<string, unknown>[];
  count: number;
  requested: number;
  unprocessedCount: number;
  unprocessedKeys: Record<string, unknown>[];
  unreadCount: number;
  unreadKeys: Record<string, unknown>[];
} & Truncation<"byteBudget">;

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
    ...truncation(unread.length > 0 ? "byteBudget" : undefined),
    unreadCount: unread.length,
    unreadKeys: unread.map((entry) => keyAsGiven(keys[entry.index])),
  };
}

export const batchWriteItemsOutputSchema = actionOutputSchema(
  {
    written: { type: "integer", description: "How many items were put." },
    deleted: { type: "integer", description: "How many keys were deleted." },
    unprocessedCount: unprocessedCountSchema("writes"),
    unprocessed: {
      type: "object",
      description: `The writes still unprocessed ${RETRIES_ENDED}, to retry later.`,
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
  const { kept, truncated } = await withinBudget(unprocessed, (entry) => formatItem(entry.value));
  for (const { entry, value } of kept) (entry.kind === "put" ? puts : deletes).push(value);
  return {
    written: counts.written,
    deleted: counts.deleted,
    unprocessedCount: unprocessed.length,
    unprocessed: { puts, deletes },
    unprocessedTruncated: truncated,
  };
}

/**
 * The error of a Batch Write Items step that stopped early (a request failed, or writes were
 * still unprocessed after Max Retries), with the writes it left undone (batchRuns' withUndone)
 * as the output lists them: `unprocessedCount`, `unprocessed: { puts, deletes }` (plain JSON,
 * in input order, within 5 MB) and `unprocessedTruncated`, so that a flow's error handler can
 * send exactly those again. Other errors are returned as they are.
 */
export function batchWriteFailure(error: unknown): Promise<unknown> {
  return namingUndone<WriteEntry>(error, async (undone) => {
    const { unprocessedCount, unprocessed, unprocessedTruncated } = await batchWriteData(
      { written: 0, deleted: 0 },
      undone,
    );
    return { unprocessedCount, unprocessed, unprocessedTruncated };
  });
}

/**
 * The error of a Batch Get Items step that failed part way, with what it read and what it did
 * not (batchGet's readFailedPartWay) as the output shows them: `items` and `count` (the items
 * found, in the order of their keys), `unreadCount`, `unreadKeys` (the keys not read or not
 * confirmed, as given in Keys, in their order, within 5 MB) and `unreadTruncated`, so that a
 * flow keeps the items and passes unreadKeys to Keys to read the rest. Other errors as they are.
 */
export function batchGetFailure(error: unknown, keys: Record<string, unknown>[]): Promise<unknown> {
  return namingUndone<KeyEntry>(error, async (undone) => {
    const items = foundBefore(error).map(({ item }) => item);
    const { kept, truncated } = await withinBudget(undone, (entry) =>
      keyAsGiven(keys[entry.index]),
    );
    return {
      items,
      count: items.length,
      unreadCount: undone.length,
      unreadKeys: kept.map(({ value }) => value),
      unreadTruncated: truncated,
    };
  });
}

export const batchGetItemsMultiTableOutputSchema = actionOutputSchema(
  {
    tables: {
      type: "array",
      description:
        "One entry per table of Keys by Table, in the order given: its items in the order of their keys, and the keys left unprocessed or unread.",
      items: {
        type: "object",
        properties: {
          tableName: { type: "string" },
          items: objectListSchema("The table's items found, in the order of their keys."),
          count: { type: "integer", description: "How many of the table's items were found." },
          requested: {
            type: "integer",
            description: "How many distinct keys of the table were requested.",
          },
          unprocessedCount: unprocessedCountSchema("keys"),
          unprocessedKeys: objectListSchema(`The table's keys still unprocessed ${RETRIES_ENDED}.`),
          unreadCount: {
            type: "integer",
            description: "How many of the table's keys were not read.",
          },
          unreadKeys: objectListSchema(
            "The table's keys not read because the byte budget was reached, as given: pass them in a later step to read the rest.",
          ),
        },
        required: [
          "tableName",
          "items",
          "count",
          "requested",
          "unprocessedCount",
          "unprocessedKeys",
          "unreadCount",
          "unreadKeys",
        ],
      },
    },
    count: { type: "integer", description: "How many items were found, in every table." },
    requested: {
      type: "integer",
      description: "How many distinct keys were requested, in every table.",
    },
    unprocessedCount: unprocessedCountSchema("keys"),
    truncated: {
      type: "boolean",
      description: `True when reading stopped at the byte budget (${BYTE_BUDGET_TEXT} of items as JSON text, for all the tables together): the keys not read are in each table's unreadKeys.`,
    },
    truncatedReason: {
      type: ["string", "null"],
      enum: ["byteBudget", null],
      description: "byteBudget when reading stopped early; else null.",
    },
    unreadCount: { type: "integer", description: "How many keys were not read, in every table." },
  },
  [
    "tables",
    "count",
    "requested",
    "unprocessedCount",
    "truncated",
    "truncatedReason",
    "unreadCount",
  ],
);

/** One table's part of Batch Get Items (Multiple Tables)' data. */
export interface TableGetData {
  tableName: string;
  items: Record<string, unknown>[];
  count: number;
  requested: number;
  unprocessedCount: number;
  unprocessedKeys: Record<string, unknown>[];
  unreadCount: number;
  unreadKeys: Record<string, unknown>[];
}

/** Batch Get Items (Multiple Tables)' data (see batchGetItemsMultiTableOutputSchema). */
export type BatchGetTablesData = {
  tables: TableGetData[];
  count: number;
  requested: number;
  unprocessedCount: number;
  unreadCount: number;
} & Truncation<"byteBudget">;

export const batchGetItemsMultiTableExample: { data: BatchGetTablesData } = {
  data: {
    tables: [
      {
        tableName: "Customers",
        items: [{ customerId: 1, customerName: "Ada", city: "London" }],
        count: 1,
        requested: 1,
        unprocessedCount: 0,
        unprocessedKeys: [],
        unreadCount: 0,
        unreadKeys: [],
      },
      {
        tableName: "Orders",
        items: [{ orderId: "o-1", total: 12.5 }],
        count: 1,
        requested: 2,
        unprocessedCount: 0,
        unprocessedKeys: [],
        unreadCount: 0,
        unreadKeys: [],
      },
    ],
    count: 2,
    requested: 3,
    unprocessedCount: 0,
    truncated: false,
    truncatedReason: null,
    unreadCount: 0,
  },
};

/** One table of a multi-table read, as the formatter needs it (engines/batchGetTables.ts). */
export interface TableReadSummary {
  table: string;
  /** The index of its first key given, counted across the tables (KeyEntry.index). */
  first: number;
  given: number;
  /** How many distinct keys it had. */
  requested: number;
}

/** Whether a key's index (KeyEntry.index) is among `table`'s keys. */
const within = (table: TableReadSummary) => (index: number) =>
  index >= table.first && index < table.first + table.given;

/**
 * Batch Get Items (Multiple Tables)' data: each table in the order given, with its items in the
 * order of their keys, its keys left unprocessed (typed as DynamoDB JSON when asked) and those
 * the byte budget left unread, as given (`given`: every table's keys in order, so that
 * KeyEntry.index finds them).
 */
export function batchGetTablesData(
  read: BatchRead,
  tables: TableReadSummary[],
  given: Record<string, unknown>[],
  dynamoJson: boolean,
): BatchGetTablesData {
  const found = read.found.sort((a, b) => a.at - b.at);
  const groups = tables.map((table) => {
    const inTable = within(table);
    const items = found.filter((item) => item.table === table.table).map(({ item }) => item);
    const unprocessed = read.unprocessed.filter((entry) => inTable(entry.index));
    const unread = read.unread.filter((entry) => inTable(entry.index));
    return {
      tableName: table.table,
      items,
      count: items.length,
      requested: table.requested,
      unprocessedCount: unprocessed.length,
      unprocessedKeys: unprocessed.map((entry) => formatItem(entry.key, dynamoJson)),
      unreadCount: unread.length,
      unreadKeys: unread.map((entry) => keyAsGiven(given[entry.index])),
    };
  });
  const sum = (count: (group: TableGetData) => number) =>
    groups.reduce((total, group) => total + count(group), 0);
  return {
    tables: groups,
    count: sum((group) => group.count),
    requested: sum((group) => group.requested),
    unprocessedCount: read.unprocessed.length,
    ...truncation(read.unread.length > 0 ? "byteBudget" : undefined),
    unreadCount: read.unread.length,
  };
}

export const batchWriteItemsMultiTableOutputSchema = actionOutputSchema(
  {
    tables: {
      type: "array",
      description: "One entry per table of Writes by Table, in the order given.",
      items: {
        type: "object",
        properties: {
          tableName: { type: "string" },
          written: { type: "integer", description: "How many of the table's items were put." },
          deleted: { type: "integer", description: "How many of the table's keys were deleted." },
          unprocessedCount: unprocessedCountSchema("writes"),
          unprocessed: {
            type: "object",
            description: `The table's writes still unprocessed ${RETRIES_ENDED}, to retry later.`,
            properties: {
              puts: { type: "array", items: { type: "object", additionalProperties: true } },
              deletes: { type: "array", items: { type: "object", additionalProperties: true } },
            },
            required: ["puts", "deletes"],
          },
        },
        required: ["tableName", "written", "deleted", "unprocessedCount", "unprocessed"],
      },
    },
    written: { type: "integer", description: "How many items were put, in every table." },
    deleted: { type: "integer", description: "How many keys were deleted, in every table." },
    unprocessedCount: unprocessedCountSchema("writes"),
    unprocessedTruncated: {
      type: "boolean",
      description: `True when the tables' unprocessed lists hold fewer writes than their unprocessedCount: they hold the first ones in the order given, up to ${DEFAULT_BYTE_BUDGET / 1024 / 1024} MB as JSON text for all the tables together (DEFAULT_BYTE_BUDGET).`,
    },
  },
  ["tables", "written", "deleted", "unprocessedCount", "unprocessedTruncated"],
);

/** One table's part of Batch Write Items (Multiple Tables)' data. */
export interface TableWriteData {
  tableName: string;
  written: number;
  deleted: number;
  unprocessedCount: number;
  unprocessed: { puts: Record<string, unknown>[]; deletes: Record<string, unknown>[] };
}

/** Batch Write Items (Multiple Tables)' data (see batchWriteItemsMultiTableOutputSchema). */
export interface BatchWriteTablesData {
  tables: TableWriteData[];
  written: number;
  deleted: number;
  unprocessedCount: number;
  unprocessedTruncated: boolean;
}

export const batchWriteItemsMultiTableExample: { data: BatchWriteTablesData } = {
  data: {
    tables: [
      {
        tableName: "Customers",
        written: 1,
        deleted: 0,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
      },
      {
        tableName: "Orders",
        written: 0,
        deleted: 1,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
      },
    ],
    written: 1,
    deleted: 1,
    unprocessedCount: 0,
    unprocessedTruncated: false,
  },
};

/**
 * Batch Write Items (Multiple Tables)' data: each table in the order given with its counts, and
 * the unprocessed writes as plain JSON in the order given (each carries its table's name), as
 * many as fit in DEFAULT_BYTE_BUDGET (5 MB) for all the tables together, with whether some were
 * left out. The event loop gets a turn every few milliseconds.
 */
export async function batchWriteTablesData(
  tables: { table: string; written: number; deleted: number }[],
  unprocessed: (WriteEntry & { plan: { table: string } })[],
): Promise<BatchWriteTablesData> {
  const groups = new Map<string, TableWriteData>(
    tables.map((table) => [
      table.table,
      {
        tableName: table.table,
        written: table.written,
        deleted: table.deleted,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
      },
    ]),
  );
  for (const entry of unprocessed)
    (groups.get(entry.plan.table) as TableWriteData).unprocessedCount += 1;
  const { kept, truncated } = await withinBudget(unprocessed, (entry) => formatItem(entry.value));
  for (const { entry, value } of kept) {
    const lists = (groups.get(entry.plan.table) as TableWriteData).unprocessed;
    (entry.kind === "put" ? lists.puts : lists.deletes).push(value);
  }
  const list = [...groups.values()];
  const sum = (count: (group: TableWriteData) => number) =>
    list.reduce((total, group) => total + count(group), 0);
  return {
    tables: list,
    written: sum((group) => group.written),
    deleted: sum((group) => group.deleted),
    unprocessedCount: unprocessed.length,
    unprocessedTruncated: truncated,
  };
}

/**
 * The error of a Batch Write Items (Multiple Tables) step that stopped early, with the writes
 * it left undone listed as the output lists them: `tables` (each table's counts and its
 * `unprocessed: { puts, deletes }`), `unprocessedCount` and `unprocessedTruncated` (batchWriteFailure's
 * rule, table by table). Other errors are returned as they are.
 */
export function batchWriteTablesFailure(
  error: unknown,
  tables: { table: string; written: number; deleted: number }[],
): Promise<unknown> {
  return namingUndone<WriteEntry & { plan: { table: string } }>(error, async (undone) => {
    const data = await batchWriteTablesData(tables, undone);
    return {
      tables: data.tables,
      unprocessedCount: data.unprocessedCount,
      unprocessedTruncated: data.unprocessedTruncated,
    };
  });
}

/**
 * The error of a Batch Get Items (Multiple Tables) step that failed part way, as batchGetFailure
 * says it table by table: `tables` (each table's `items`, `count`, `unreadCount` and
 * `unreadKeys`, as given), `count`, `unreadCount` and `unreadTruncated` (5 MB of keys for all the tables
 * together). Other errors are returned as they are.
 */
export function batchGetTablesFailure(
  error: unknown,
  tables: TableReadSummary[],
  given: Record<string, unknown>[],
): Promise<unknown> {
  return namingUndone<KeyEntry>(error, async (undone) => {
    const found = foundBefore(error);
    const { kept, truncated } = await withinBudget(undone, (entry) =>
      keyAsGiven(given[entry.index]),
    );
    const groups = tables.map((table) => {
      const inTable = within(table);
      const items = found.filter((item) => item.table === table.table).map(({ item }) => item);
      return {
        tableName: table.table,
        items,
        count: items.length,
        unreadCount: undone.filter((entry) => inTable(entry.index)).length,
        unreadKeys: kept.filter(({ entry }) => inTable(entry.index)).map(({ value }) => value),
      };
    });
    const count = found.length;
    return { tables: groups, count, unreadCount: undone.length, unreadTruncated: truncated };
  });
}

/**
 * The shared Fetch All helper: where a run stops (Max Items, byte budget, end), which cursor it
 * gives back (the page's own, or the key of the last returned item when a page is cut), and a
 * property: following the cursors from run to run returns every item exactly once, in order.
 * Also the key helpers used for cursors: key names from DescribeTable (table and index keys),
 * plain cursors restored to N and B, and projections that gain the key attributes.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import fc from "fast-check";
import { getClients } from "../../src/aws/client";
import { DEFAULT_BYTE_BUDGET, DEFAULT_MAX_ITEMS } from "../../src/common/limits";
import {
  clearKeySchemaCache,
  describeTableKeys,
  getKeySchema,
  tableKeysOf,
} from "../../src/engines/keySchema";
import {
  collectPages,
  cursorKeyNames,
  cursorNeedsTypes,
  keyOfItem,
  type Page,
  type PageFetcher,
  projectedAttributes,
  projectionWithKeys,
  restoreCursorTypes,
  withoutAttributes,
} from "../../src/engines/paging";
import type { AttributeMap } from "../../src/values";
import { keySecretConnection, resetCaches } from "../support/harness";

type Key = AttributeMap;

const item = (id: number, extra: AttributeMap = {}): AttributeMap => ({
  id: { N: String(id) },
  ...extra,
});
const keyOf = (entry: AttributeMap): Key => ({ id: entry.id });
const ids = (items: AttributeMap[]) => items.map((entry) => Number(entry.id.N));

/** Pages of the given sizes over items 1..n, each with DynamoDB's cursor except the last. */
async function* pagesOf(sizes: number[], start = 1): AsyncGenerator<Page<Key>> {
  let next = start;
  for (let index = 0; index < sizes.length; index++) {
    const items = Array.from({ length: sizes[index] }, () => item(next++));
    const last = index === sizes.length - 1;
    yield { items, lastEvaluatedKey: last ? undefined : keyOf(items[items.length - 1]) };
  }
}

describe("collectPages over an async iterable", () => {
  it("reads every page when nothing bounds it", async () => {
    const result = await collectPages(pagesOf([3, 3, 2]), { cursorAfter: keyOf });
    expect(result).toMatchObject({ lastEvaluatedKey: undefined, truncated: false, pages: 3 });
    expect(ids(result.items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("cuts a page at Max Items and returns the key of the last returned item", async () => {
    const result = await collectPages(pagesOf([4, 4, 4]), { maxItems: 6, cursorAfter: keyOf });
    expect(ids(result.items)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.lastEvaluatedKey).toEqual({ id: { N: "6" } });
    expect(result.truncated).toBe(true);
    expect(result.reason).toBe("maxItems");
    expect(result.pages).toBe(2);
  });

  it("at Max Items on a page boundary returns the page's own cursor without reading more", async () => {
    let read = 0;
    async function* counted() {
      for await (const page of pagesOf([4, 4, 4])) {
        read += 1;
        yield page;
      }
    }
    const cursorAfter = jest.fn(keyOf);
    const result = await collectPages(counted(), { maxItems: 4, cursorAfter });
    expect(ids(result.items)).toEqual([1, 2, 3, 4]);
    expect(result.lastEvaluatedKey).toEqual({ id: { N: "4" } });
    expect(result.truncated).toBe(true);
    expect(read).toBe(1);
    expect(cursorAfter).not.toHaveBeenCalled();
  });

  it("Max Items reached exactly on the last page is not a truncation", async () => {
    const result = await collectPages(pagesOf([4, 4]), { maxItems: 8, cursorAfter: keyOf });
    expect(ids(result.items)).toHaveLength(8);
    expect(result).toMatchObject({ lastEvaluatedKey: undefined, truncated: false });
    expect(result.reason).toBeUndefined();
  });

  it("defaults to 10,000 items and 5 MiB", async () => {
    expect(DEFAULT_MAX_ITEMS).toBe(10_000);
    expect(DEFAULT_BYTE_BUDGET).toBe(5 * 1024 * 1024);
    const result = await collectPages(pagesOf([6000, 6000]), { cursorAfter: keyOf });
    expect(result.items).toHaveLength(10_000);
    expect(result.lastEvaluatedKey).toEqual({ id: { N: "10000" } });
  });

  it("stops before the byte budget is passed, cutting inside a page", async () => {
    const result = await collectPages(pagesOf([5, 5]), {
      byteBudget: 35,
      sizeOf: () => 10,
      cursorAfter: keyOf,
    });
    expect(ids(result.items)).toEqual([1, 2, 3]);
    expect(result).toMatchObject({
      lastEvaluatedKey: { id: { N: "3" } },
      truncated: true,
      reason: "byteBudget",
    });
  });

  it("measures items with DynamoDB's item size by default", async () => {
    const big = (id: number) => item(id, { body: { S: "x".repeat(2 * 1024 * 1024) } });
    async function* pages(): AsyncGenerator<Page<Key>> {
      yield { items: [big(1), big(2), big(3)], lastEvaluatedKey: undefined };
    }
    const result = await collectPages(pages(), { cursorAfter: keyOf });
    expect(ids(result.items)).toEqual([1, 2]);
    expect(result.reason).toBe("byteBudget");
  });

  it("always returns at least one item, even one larger than the budget", async () => {
    const result = await collectPages(pagesOf([2]), {
      byteBudget: 5,
      sizeOf: () => 10,
      cursorAfter: keyOf,
    });
    expect(ids(result.items)).toEqual([1]);
    expect(result.lastEvaluatedKey).toEqual({ id: { N: "1" } });
  });

  it("a cut before a page's first item returns the cursor that page started at", async () => {
    const cursorAfter = jest.fn(keyOf);
    const result = await collectPages(pagesOf([2, 2]), {
      byteBudget: 25,
      sizeOf: () => 10,
      cursorAfter,
    });
    expect(ids(result.items)).toEqual([1, 2]);
    expect(result.lastEvaluatedKey).toEqual({ id: { N: "2" } });
    expect(result.reason).toBe("byteBudget");
    expect(result.pages).toBe(2);
    expect(cursorAfter).not.toHaveBeenCalled();
  });

  it("a budget used up exactly at the end of a page stops without reading the next page", async () => {
    const result = await collectPages(pagesOf([2, 2]), {
      byteBudget: 20,
      sizeOf: () => 10,
      cursorAfter: keyOf,
    });
    expect(ids(result.items)).toEqual([1, 2]);
    expect(result).toMatchObject({
      lastEvaluatedKey: { id: { N: "2" } },
      reason: "byteBudget",
      pages: 1,
    });
  });

  it("without a cursor inside a page, keeps the rest of the page and continues after it", async () => {
    const result = await collectPages(pagesOf([4, 4, 4]), {
      byteBudget: 50,
      sizeOf: () => 10,
      cursorAfter: () => undefined,
    });
    expect(ids(result.items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result).toMatchObject({
      lastEvaluatedKey: { id: { N: "8" } },
      truncated: true,
      reason: "byteBudget",
    });
  });

  it("an empty page with a cursor is followed", async () => {
    async function* pages(): AsyncGenerator<Page<Key>> {
      yield { items: [], lastEvaluatedKey: { id: { N: "0" } } };
      yield { items: [item(1)], lastEvaluatedKey: undefined };
    }
    const result = await collectPages(pages(), { cursorAfter: keyOf });
    expect(ids(result.items)).toEqual([1]);
    expect(result.pages).toBe(2);
  });

  it("passes a failure of the source through", async () => {
    async function* pages(): AsyncGenerator<Page<Key>> {
      yield { items: [item(1)], lastEvaluatedKey: { id: { N: "1" } } };
      throw new Error('Query failed on table "T"');
    }
    await expect(collectPages(pages(), { cursorAfter: keyOf })).rejects.toThrow(
      'Query failed on table "T"',
    );
  });
});

describe("collectPages with a shared budget", () => {
  it("runs that share a budget take Max Items between them, and a late run reads no page", async () => {
    const shared = { items: 0, bytes: 0 };
    const options = { maxItems: 6, cursorAfter: keyOf, shared };
    const first = await collectPages(pagesOf([4]), options);
    expect(ids(first.items)).toEqual([1, 2, 3, 4]);
    expect(first.truncated).toBe(false);

    const second = await collectPages(pagesOf([4, 4], 101), options);
    expect(ids(second.items)).toEqual([101, 102]);
    expect(second).toMatchObject({
      lastEvaluatedKey: { id: { N: "102" } },
      truncated: true,
      reason: "maxItems",
      pages: 1,
    });

    let read = 0;
    async function* counted() {
      for await (const page of pagesOf([4], 201)) {
        read += 1;
        yield page;
      }
    }
    const startCursor = { id: { N: "200" } };
    const third = await collectPages(counted(), { ...options, startCursor });
    expect(third).toMatchObject({ items: [], lastEvaluatedKey: startCursor, truncated: true });
    expect(read).toBe(0);
    expect(shared).toMatchObject({ items: 6, reason: "maxItems" });
  });

  it("concurrent runs never pass the shared byte budget, and the first stop gives the reason", async () => {
    const shared = { items: 0, bytes: 0 };
    const options = { byteBudget: 10, sizeOf: () => 3, cursorAfter: keyOf, shared };
    const results = await Promise.all([
      collectPages(pagesOf([2, 2, 2]), options),
      collectPages(pagesOf([2, 2, 2], 101), options),
    ]);
    const taken = results.flatMap((result) => result.items);
    // 3 bytes an item: the fourth item would pass 10 bytes.
    expect(taken).toHaveLength(3);
    expect(shared).toEqual({ items: 3, bytes: 9, reason: "byteBudget" });
    expect(results.every((result) => result.truncated)).toBe(true);
  });
});

describe("collectPages over a page fetcher (opaque cursors)", () => {
  /** Items 1..total; the token is the next index as text; pages honour `limit` up to pageSize. */
  function fetcher(total: number, pageSize: number, calls: [string | undefined, number][] = []) {
    const fetch: PageFetcher<string> = async (cursor, limit) => {
      calls.push([cursor, limit]);
      const from = cursor === undefined ? 1 : Number(cursor);
      const count = Math.max(0, Math.min(pageSize, limit, total - from + 1));
      const items = Array.from({ length: count }, (_, i) => item(from + i));
      const next = from + count;
      return { items, lastEvaluatedKey: next <= total ? String(next) : undefined };
    };
    return fetch;
  }

  it("asks each page for no more than the items still wanted", async () => {
    const calls: [string | undefined, number][] = [];
    const result = await collectPages(fetcher(30, 4, calls), { maxItems: 10 });
    expect(ids(result.items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(calls).toEqual([
      [undefined, 10],
      ["5", 6],
      ["9", 2],
    ]);
    expect(result).toMatchObject({ lastEvaluatedKey: "11", truncated: true, reason: "maxItems" });
  });

  it("starts at the start cursor and reads to the end", async () => {
    const result = await collectPages(fetcher(12, 5), { startCursor: "8" });
    expect(ids(result.items)).toEqual([8, 9, 10, 11, 12]);
    expect(result).toMatchObject({ lastEvaluatedKey: undefined, truncated: false, pages: 1 });
  });

  it("fails when a cursor repeats instead of looping forever or stopping silently", async () => {
    const fetch = jest.fn(async () => ({ items: [item(1)], lastEvaluatedKey: "same" }));
    await expect(
      collectPages(fetch as PageFetcher<string>, { maxItems: 100, operation: "ExecuteStatement" }),
    ).rejects.toThrow(/^ExecuteStatement: the endpoint gave a cursor it had already given/);
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe("following the cursor from run to run returns every item exactly once", () => {
  /** A sorted "partition" of n items read in pages of sizes from `sizes` (cycled). */
  function source(n: number, sizes: number[], trailingCursor: boolean) {
    return (start: Key | undefined): AsyncIterable<Page<Key>> =>
      (async function* () {
        let next = start ? Number(start.id.N) + 1 : 1;
        let page = 0;
        while (true) {
          const size = sizes[page++ % sizes.length];
          const items: AttributeMap[] = [];
          while (items.length < size && next <= n)
            items.push(item(next++, { body: { S: "x".repeat(next % 7) } }));
          const more = next <= n || (trailingCursor && items.length > 0);
          yield {
            items,
            lastEvaluatedKey: more ? keyOf(items[items.length - 1] ?? item(next - 1)) : undefined,
          };
          if (!more) return;
        }
      })();
  }

  const sizeOf = (entry: AttributeMap) => (entry.body.S?.length ?? 0) + 10;

  it("for any page sizes, Max Items and byte budget", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 120 }),
        fc.boolean(),
        async (n, sizes, maxItems, byteBudget, trailingCursor) => {
          const read = source(n, sizes, trailingCursor);
          const seen: number[] = [];
          let cursor: Key | undefined;
          for (let run = 0; run < 200; run++) {
            const result = await collectPages(read(cursor), {
              maxItems,
              byteBudget,
              sizeOf,
              startCursor: cursor,
              cursorAfter: keyOf,
            });
            expect(result.items.length).toBeLessThanOrEqual(maxItems);
            const bytes = result.items.reduce((sum, entry) => sum + sizeOf(entry), 0);
            if (result.items.length > 1) expect(bytes).toBeLessThanOrEqual(byteBudget);
            seen.push(...ids(result.items));
            cursor = result.lastEvaluatedKey;
            if (!cursor) break;
            // A cursor comes back only when the run stopped early.
            expect(result.truncated).toBe(true);
          }
          expect(seen).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("key names and cursors", () => {
  const description = {
    TableName: "Orders",
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" as const },
      { AttributeName: "orderDate", KeyType: "RANGE" as const },
    ],
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "N" as const },
      { AttributeName: "orderDate", AttributeType: "S" as const },
      { AttributeName: "status", AttributeType: "S" as const },
      { AttributeName: "total", AttributeType: "N" as const },
      { AttributeName: "photo", AttributeType: "B" as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: "byStatus",
        KeySchema: [
          { AttributeName: "status", KeyType: "HASH" as const },
          { AttributeName: "total", KeyType: "RANGE" as const },
        ],
      },
      { IndexName: "byPhoto", KeySchema: [{ AttributeName: "photo", KeyType: "HASH" as const }] },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: "byTotal",
        KeySchema: [
          { AttributeName: "customerId", KeyType: "HASH" as const },
          { AttributeName: "total", KeyType: "RANGE" as const },
        ],
      },
    ],
  };

  it("reads table and index keys and the key types out of DescribeTable", () => {
    expect(tableKeysOf(description)).toEqual({
      table: ["customerId", "orderDate"],
      indexes: {
        byStatus: ["status", "total"],
        byPhoto: ["photo"],
        byTotal: ["customerId", "total"],
      },
      types: { customerId: "N", orderDate: "S", status: "S", total: "N", photo: "B" },
      // Only global indexes, each with its projection ("" where DescribeTable gave none).
      globalIndexes: { byStatus: "", byPhoto: "" },
    });
  });

  it("a cursor holds the table key, plus the index key when reading an index", () => {
    const keys = tableKeysOf(description);
    expect(cursorKeyNames(keys, "Orders")).toEqual(["customerId", "orderDate"]);
    expect(cursorKeyNames(keys, "Orders", "byStatus")).toEqual([
      "customerId",
      "orderDate",
      "status",
      "total",
    ]);
    // A local index shares the hash key: it appears once.
    expect(cursorKeyNames(keys, "Orders", "byTotal")).toEqual(["customerId", "orderDate", "total"]);
    expect(() => cursorKeyNames(keys, "Orders", "byCity")).toThrow(
      'Index Name "byCity" is not an index of table "Orders". Its indexes are: byStatus, byPhoto, byTotal.',
    );
    expect(() =>
      cursorKeyNames(tableKeysOf({ KeySchema: description.KeySchema }), "T", "x"),
    ).toThrow("The table has no indexes.");
  });

  it("keyOfItem takes the key attributes, or gives undefined when one is missing", () => {
    const entry = { customerId: { N: "1" }, orderDate: { S: "d" }, note: { S: "n" } };
    expect(keyOfItem(entry, ["customerId", "orderDate"])).toEqual({
      customerId: { N: "1" },
      orderDate: { S: "d" },
    });
    expect(keyOfItem(entry, ["customerId", "status"])).toBeUndefined();
  });

  it("restores N and B key values that a plain cursor turned into strings", () => {
    const { types } = tableKeysOf(description);
    const digits = "123456789012345678901234567890";
    expect(
      restoreCursorTypes(
        {
          customerId: { S: digits },
          orderDate: { S: "2024-05-01" },
          photo: { S: "AQL/" },
          other: { S: "kept" },
          total: { N: "5" },
        },
        types,
        "Exclusive Start Key",
      ),
    ).toEqual({
      customerId: { N: digits },
      orderDate: { S: "2024-05-01" },
      photo: { B: new Uint8Array([1, 2, 255]) },
      other: { S: "kept" },
      total: { N: "5" },
    });
    expect(() =>
      restoreCursorTypes({ customerId: { S: "abc" } }, types, "Exclusive Start Key"),
    ).toThrow(/^Exclusive Start Key: attribute "customerId" has type N but "abc" is not a number/);
  });

  it("only a cursor with a string value may need the table's types", () => {
    expect(cursorNeedsTypes(undefined)).toBe(false);
    expect(cursorNeedsTypes({ id: { N: "1" } })).toBe(false);
    expect(cursorNeedsTypes({ id: { N: "1" }, s: { S: "x" } })).toBe(true);
  });

  it("describeTableKeys reads DescribeTable once and then uses its cache", async () => {
    resetCaches();
    clearKeySchemaCache();
    const mock = mockClient(DynamoDBClient);
    mock.on(DescribeTableCommand).resolves({ Table: description });
    try {
      const clients = getClients(keySecretConnection(), "us-east-1");
      const first = await describeTableKeys(clients, "Orders");
      const second = await describeTableKeys(clients, "Orders");
      expect(second).toBe(first);
      expect(mock).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
      expect(mock).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: "Orders" });
      clearKeySchemaCache();
      await describeTableKeys(clients, "Orders");
      expect(mock).toHaveReceivedCommandTimes(DescribeTableCommand, 2);
    } finally {
      mock.restore();
      clearKeySchemaCache();
    }
  });

  it("concurrent cold reads of one table share one DescribeTable", async () => {
    resetCaches();
    const mock = mockClient(DynamoDBClient);
    mock.on(DescribeTableCommand).resolves({ Table: description });
    try {
      const clients = getClients(keySecretConnection(), "us-east-1");
      const all = await Promise.all([1, 2, 3].map(() => describeTableKeys(clients, "Orders")));
      expect(all[1]).toBe(all[0]);
      expect(all[2]).toBe(all[0]);
      expect(mock).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
    } finally {
      mock.restore();
      clearKeySchemaCache();
    }
  });

  it("the key schema and the cursor keys come from one cached DescribeTable", async () => {
    resetCaches();
    const mock = mockClient(DynamoDBClient);
    mock.on(DescribeTableCommand).resolves({ Table: description });
    try {
      const clients = getClients(keySecretConnection(), "us-east-1");
      const schema = await getKeySchema(clients, "Orders");
      const keys = await describeTableKeys(clients, "Orders");
      expect(schema).toEqual({
        hash: { name: "customerId", type: "N" },
        range: { name: "orderDate", type: "S" },
      });
      expect(cursorKeyNames(keys, "Orders", "byStatus")).toEqual([
        "customerId",
        "orderDate",
        "status",
        "total",
      ]);
      expect(mock).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
    } finally {
      mock.restore();
      clearKeySchemaCache();
    }
  });
});

describe("projections and the key attributes", () => {
  it("lists the top-level attributes of a projection, placeholders resolved", () => {
    expect([
      ...projectedAttributes(" a, #n.x, list[0] ,#m , b.c.d", { "#n": "name", "#m": "map" }),
    ]).toEqual(["a", "name", "list", "map", "b"]);
  });

  it("adds the missing key attributes under placeholders of its own", () => {
    expect(
      projectionWithKeys("note, #key0", { "#key0": "total" }, ["customerId", "total", "status"]),
    ).toEqual({
      ProjectionExpression: "note, #key0, #key1, #key2",
      ExpressionAttributeNames: { "#key0": "total", "#key1": "customerId", "#key2": "status" },
      added: ["customerId", "status"],
    });
  });

  it("changes nothing when the keys are projected already", () => {
    expect(projectionWithKeys("id, #n", { "#n": "name" }, ["id"])).toEqual({
      ProjectionExpression: "id, #n",
      ExpressionAttributeNames: { "#n": "name" },
      added: [],
    });
  });

  it("withoutAttributes drops the added ones and leaves the item alone", () => {
    const entry = { id: { N: "1" }, note: { S: "n" } };
    expect(withoutAttributes(entry, ["id"])).toEqual({ note: { S: "n" } });
    expect(entry).toEqual({ id: { N: "1" }, note: { S: "n" } });
    expect(withoutAttributes(entry, [])).toBe(entry);
  });
});

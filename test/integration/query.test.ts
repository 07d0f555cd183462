/**
 * Query Items against DynamoDB Local, through the harness: partition queries, order, pages with
 * Limit and the cursor, a global secondary index, Fetch All bounded by Max Items and by the size
 * budget (cut in the middle of a page, then continued to reach every item exactly once), filters
 * with reserved words, projections, Query Parameters and cursors of binary and long number keys.
 */
import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

type Item = Record<string, unknown>;
interface QueryResult {
  data: {
    items: Item[];
    count: number;
    scannedCount: number;
    lastEvaluatedKey: Item | null;
    truncated: boolean;
    truncatedReason: string | null;
  };
}

const orders = uniqueTableName("query_orders");
const bigKeys = uniqueTableName("query_bigkeys");
const binKeys = uniqueTableName("query_binkeys");
const large = uniqueTableName("query_large");
let raw: DynamoDBClient;

const STATUSES = ["open", "shipped", "done"];
/** 25 orders of customer c-1 (seq 1..25, status cycling) and 3 of customer c-2. */
const C1 = Array.from({ length: 25 }, (_, index) => ({
  customerId: "c-1",
  seq: index + 1,
  status: STATUSES[index % 3],
  total: (index + 1) * 10,
  note: `order ${index + 1}`,
}));
const C2 = [1, 2, 3].map((seq) => ({ customerId: "c-2", seq, status: "open", total: seq }));

function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

async function query(params: Record<string, unknown>): Promise<QueryResult> {
  return (await harness.action("queryItems", {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  })) as QueryResult;
}

const byCustomer = (customerId: string, extra: Record<string, unknown> = {}) => ({
  tableName: orders,
  keyConditionExpression: "customerId = :c",
  expressionAttributeValues: kv({ ":c": customerId }),
  expressionAttributeValueTypes: kv({ ":c": "S" }),
  ...extra,
});

/** Writes plain items (strings, numbers, or {B: bytes}) with the raw client, 25 at a time. */
async function put(table: string, items: Item[]): Promise<void> {
  const typed = (value: unknown) =>
    typeof value === "number"
      ? { N: String(value) }
      : typeof value === "string"
        ? { S: value }
        : (value as never);
  for (let start = 0; start < items.length; start += 25) {
    const chunk = items.slice(start, start + 25).map((item) => ({
      PutRequest: {
        Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typed(v)])),
      },
    }));
    const { UnprocessedItems } = await raw.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: chunk } }),
    );
    expect(UnprocessedItems?.[table] ?? []).toHaveLength(0);
  }
}

/** Runs a query again and again from each cursor, as a flow would, until the cursor is null. */
async function followCursor(
  params: Record<string, unknown>,
  asText = false,
): Promise<{ items: Item[]; runs: QueryResult[] }> {
  const items: Item[] = [];
  const runs: QueryResult[] = [];
  let cursor: Item | null = null;
  do {
    const result = await query({
      ...params,
      ...(cursor ? { exclusiveStartKey: asText ? JSON.stringify(cursor) : cursor } : {}),
    });
    runs.push(result);
    items.push(...result.data.items);
    cursor = result.data.lastEvaluatedKey;
    if (runs.length > 50) throw new Error("the cursor never ends");
  } while (cursor);
  return { items, runs };
}

beforeAll(async () => {
  raw = rawClient();
  await Promise.all([
    createTestTable(orders, {
      hashKey: { name: "customerId", type: "S" },
      rangeKey: { name: "seq", type: "N" },
      gsi: [
        {
          name: "byStatus",
          hashKey: { name: "status", type: "S" },
          rangeKey: { name: "total", type: "N" },
        },
      ],
    }),
    createTestTable(bigKeys, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "N" },
    }),
    createTestTable(binKeys, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "B" },
    }),
    createTestTable(large, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "N" },
    }),
  ]);
  await put(orders, [...C1, ...C2]);
});

afterAll(async () => {
  await Promise.all([orders, bigKeys, binKeys, large].map(deleteTestTable));
  raw.destroy();
});

describe("Query Items against DynamoDB Local", () => {
  it("queries one partition in ascending sort key order", async () => {
    const result = await query(byCustomer("c-2"));
    expect(result.data).toEqual({
      items: C2,
      count: 3,
      scannedCount: 3,
      lastEvaluatedKey: null,
      truncated: false,
      truncatedReason: null,
    });
  });

  it("Scan Index Forward false returns the newest (highest sort key) first", async () => {
    const result = await query(byCustomer("c-2", { scanIndexForward: "false" }));
    expect(result.data.items.map((item) => item.seq)).toEqual([3, 2, 1]);
  });

  it("a sort key condition narrows the range", async () => {
    const result = await query({
      ...byCustomer("c-1"),
      keyConditionExpression: "customerId = :c AND seq BETWEEN :from AND :to",
      expressionAttributeValues: kv({ ":c": "c-1", ":from": "10", ":to": "12" }),
      expressionAttributeValueTypes: kv({ ":c": "S", ":from": "N", ":to": "N" }),
    });
    expect(result.data.items.map((item) => item.seq)).toEqual([10, 11, 12]);
  });

  it("Limit pages the partition and the cursor continues exactly, as an object or as text", async () => {
    const first = await query(byCustomer("c-1", { limit: "10" }));
    expect(first.data.items.map((item) => item.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    expect(first.data.lastEvaluatedKey).toEqual({ customerId: "c-1", seq: 10 });

    for (const asText of [false, true]) {
      const { items, runs } = await followCursor(byCustomer("c-1", { limit: "10" }), asText);
      expect(items).toEqual(C1);
      expect(runs.map((run) => run.data.count)).toEqual([10, 10, 5]);
    }
  });

  it("descending pages with a cursor continue downwards", async () => {
    const { items } = await followCursor(
      byCustomer("c-1", { limit: "7", scanIndexForward: "false" }),
    );
    expect(items).toEqual([...C1].reverse());
  });

  it("queries a global secondary index, and its cursor holds the table and index keys", async () => {
    const params = {
      tableName: orders,
      indexName: "byStatus",
      keyConditionExpression: "#s = :s AND #t > :min",
      expressionAttributeNames: kv({ "#s": "status", "#t": "total" }),
      expressionAttributeValues: kv({ ":s": "open", ":min": "5" }),
      expressionAttributeValueTypes: kv({ ":s": "S", ":min": "N" }),
    };
    const expected = [...C1, ...C2]
      .filter((item) => item.status === "open" && item.total > 5)
      .sort((a, b) => a.total - b.total);
    const all = await query(params);
    expect(all.data.items).toEqual(expected);

    const firstPage = await query({ ...params, limit: "3" });
    expect(Object.keys(firstPage.data.lastEvaluatedKey ?? {}).sort()).toEqual(
      ["customerId", "seq", "status", "total"].sort(),
    );
    const { items } = await followCursor({ ...params, limit: "3" });
    expect(items).toEqual(expected);
  });

  it("filters with a reserved word through Expression Attribute Names", async () => {
    const result = await query(
      byCustomer("c-1", {
        filterExpression: "#s = :s",
        expressionAttributeNames: kv({ "#s": "status" }),
        expressionAttributeValues: kv({ ":c": "c-1", ":s": "done" }),
        expressionAttributeValueTypes: kv({ ":c": "S", ":s": "S" }),
      }),
    );
    const expected = C1.filter((item) => item.status === "done");
    expect(result.data.items).toEqual(expected);
    expect(result.data.count).toBe(expected.length);
    expect(result.data.scannedCount).toBe(25);
  });

  it("Fetch All reads every page", async () => {
    const result = await query(byCustomer("c-1", { fetchAll: "true", limit: "4" }));
    expect(result.data).toEqual({
      items: C1,
      count: 25,
      scannedCount: 25,
      lastEvaluatedKey: null,
      truncated: false,
      truncatedReason: null,
    });
  });

  it("Fetch All stops at Max Items in the middle of a page and continues to every item once", async () => {
    // Pages of 4, Max Items 10: the third page is cut after its second item.
    const params = byCustomer("c-1", { fetchAll: "true", limit: "4", maxItems: "10" });
    const first = await query(params);
    expect(first.data.items).toEqual(C1.slice(0, 10));
    expect(first.data.truncated).toBe(true);
    expect(first.data.truncatedReason).toBe("maxItems");
    expect(first.data.lastEvaluatedKey).toEqual({ customerId: "c-1", seq: 10 });

    const { items, runs } = await followCursor(params);
    expect(items).toEqual(C1);
    expect(runs.map((run) => [run.data.count, run.data.truncated])).toEqual([
      [10, true],
      [10, true],
      [5, false],
    ]);
  });

  it("Fetch All with Max Items on the index, with a filter, cut mid-page, reaches every item once", async () => {
    const params = {
      tableName: orders,
      indexName: "byStatus",
      keyConditionExpression: "#s = :s",
      filterExpression: "note <> :skip",
      expressionAttributeNames: kv({ "#s": "status" }),
      expressionAttributeValues: kv({ ":s": "shipped", ":skip": "order 14" }),
      expressionAttributeValueTypes: kv({ ":s": "S", ":skip": "S" }),
      fetchAll: "true",
      limit: "3",
      maxItems: "2",
    };
    const expected = C1.filter((item) => item.status === "shipped" && item.seq !== 14).sort(
      (a, b) => a.total - b.total,
    );
    const { items, runs } = await followCursor(params);
    expect(items).toEqual(expected);
    expect(expected).toHaveLength(7);
    expect(runs.map((run) => run.data.count)).toEqual([2, 2, 2, 1]);
    expect(Object.keys(runs[0].data.lastEvaluatedKey ?? {}).sort()).toEqual(
      ["customerId", "seq", "status", "total"].sort(),
    );
  });

  it("Fetch All with a projection that leaves the keys out still continues exactly", async () => {
    const params = byCustomer("c-1", {
      fetchAll: "true",
      limit: "4",
      maxItems: "6",
      projectionExpression: "note, #t",
      expressionAttributeNames: kv({ "#t": "total" }),
    });
    const first = await query(params);
    // The key attributes were read for the cursor but are not in the items.
    expect(first.data.items).toEqual(C1.slice(0, 6).map(({ note, total }) => ({ note, total })));
    expect(first.data.lastEvaluatedKey).toEqual({ customerId: "c-1", seq: 6 });
    const { items } = await followCursor(params);
    expect(items).toEqual(C1.map(({ note, total }) => ({ note, total })));
  });

  it("Fetch All stops at the size budget (about 5 MB) mid-page and continues to every item once", async () => {
    // 64 items of 100 KB: about 6.4 MB, pages of about 1 MB (10 items).
    const body = "x".repeat(100 * 1024);
    await put(
      large,
      Array.from({ length: 64 }, (_, index) => ({ pk: "big", sk: index, body })),
    );
    const params = {
      tableName: large,
      keyConditionExpression: "pk = :p",
      expressionAttributeValues: kv({ ":p": "big" }),
      expressionAttributeValueTypes: kv({ ":p": "S" }),
      fetchAll: "true",
      projectionExpression: "sk, body",
    };
    const first = await query(params);
    expect(first.data.truncated).toBe(true);
    expect(first.data.truncatedReason).toBe("byteBudget");
    // Each item is about 102,414 bytes by DynamoDB's measure: 51 fit in 5 MiB, 52 do not.
    expect(first.data.items).toHaveLength(51);
    // DynamoDB read more than was returned: the last page read was cut inside.
    expect(first.data.scannedCount).toBeGreaterThan(51);
    expect(first.data.items[0]).toEqual({ sk: 0, body });

    const { items, runs } = await followCursor(params);
    expect(runs).toHaveLength(2);
    expect(items.map((item) => item.sk)).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  it("a cursor of a 30-digit number sort key comes back as text and continues exactly", async () => {
    const keys = [
      "123456789012345678901234567890",
      "123456789012345678901234567891",
      "123456789012345678901234567892",
    ];
    for (const sk of keys) {
      await harness.action("createItem", {
        awsConnection: localConnection(),
        awsRegion: LOCAL_REGION,
        tableName: bigKeys,
        item: kv({ pk: "n", sk }),
        itemTypes: kv({ pk: "S", sk: "N" }),
      });
    }
    const params = {
      tableName: bigKeys,
      keyConditionExpression: "pk = :p",
      expressionAttributeValues: kv({ ":p": "n" }),
      expressionAttributeValueTypes: kv({ ":p": "S" }),
      limit: "1",
    };
    const first = await query(params);
    expect(first.data.lastEvaluatedKey).toEqual({ pk: "n", sk: keys[0] });
    const { items } = await followCursor(params, true);
    expect(items.map((item) => item.sk)).toEqual(keys);
  });

  it("a cursor of a binary sort key comes back as base64 and continues exactly", async () => {
    const keys = [Buffer.from([1]), Buffer.from([2, 255]), Buffer.from([3])];
    await put(
      binKeys,
      keys.map((sk) => ({ pk: "b", sk: { B: new Uint8Array(sk) } })),
    );
    const params = {
      tableName: binKeys,
      keyConditionExpression: "pk = :p",
      expressionAttributeValues: kv({ ":p": "b" }),
      expressionAttributeValueTypes: kv({ ":p": "S" }),
      limit: "1",
    };
    const { items } = await followCursor(params);
    expect(items.map((item) => item.sk)).toEqual(keys.map((key) => key.toString("base64")));
  });

  it("Return DynamoDB JSON returns typed items and a typed cursor that continues", async () => {
    const params = byCustomer("c-2", { limit: "2", returnDynamoJson: "true" });
    const first = await query(params);
    expect(first.data.items[0]).toEqual({
      customerId: { S: "c-2" },
      seq: { N: "1" },
      status: { S: "open" },
      total: { N: "1" },
    });
    expect(first.data.lastEvaluatedKey).toEqual({ customerId: { S: "c-2" }, seq: { N: "2" } });
    const { items } = await followCursor(params);
    expect(items.map((item) => item.seq)).toEqual([{ N: "1" }, { N: "2" }, { N: "3" }]);
  });

  it("Projection Expression and Consistent Read on one page", async () => {
    const result = await query(
      byCustomer("c-2", { projectionExpression: "seq", consistentRead: "true" }),
    );
    expect(result.data.items).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
  });

  it("Query Parameters reach the command (Select COUNT)", async () => {
    const result = await query(byCustomer("c-1", { queryParameters: kv({ Select: '"COUNT"' }) }));
    expect(result.data.items).toEqual([]);
    expect(result.data.count).toBe(25);
  });

  it("a key compared with a value of another type names the input that types it", async () => {
    const failure = query({
      ...byCustomer("c-1"),
      keyConditionExpression: "customerId = :c AND seq > :from",
      expressionAttributeValues: kv({ ":c": "c-1", ":from": "10" }),
      expressionAttributeValueTypes: kv({ ":c": "S", ":from": "S" }),
    });
    await expect(failure).rejects.toThrow(
      /does not match schema type.*Expression Attribute Value Types/,
    );
  });

  it("DynamoDB's own errors name the operation, table and region", async () => {
    await expect(query(byCustomer("c-1", { indexName: "noSuchIndex" }))).rejects.toThrow(
      new RegExp(`^Query failed on table "${orders}" in region ${LOCAL_REGION}: `),
    );
  });
});

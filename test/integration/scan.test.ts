/**
 * Scan Items against DynamoDB Local: pages and their cursors, Fetch All cut at Max Items and
 * continued, filters, projections, index scans, binary keys, and parallel scans continued from
 * their segment cursors. (The 10,000-item parallel-versus-serial comparison is in batch.test.ts,
 * which writes that table once.)
 */
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

interface ScanResult {
  data: {
    items: Record<string, unknown>[];
    count: number;
    scannedCount: number;
    lastEvaluatedKey: Record<string, unknown> | null;
    truncated: boolean;
    segmentCursors?: (Record<string, unknown> | null)[];
  };
}

const ITEMS = 300;
const table = uniqueTableName("scan_orders");
const binaryTable = uniqueTableName("scan_binary");
let raw: DynamoDBClient;

/** Every 4th item is open, every 10th has no status (and so is not in the byStatus index). */
function statusOf(i: number): string | undefined {
  if (i % 10 === 0) return undefined;
  return i % 4 === 1 ? "open" : "closed";
}
const OPEN = Array.from({ length: ITEMS }, (_, i) => i).filter(
  (i) => statusOf(i) === "open",
).length;
const INDEXED = Array.from({ length: ITEMS }, (_, i) => i).filter(
  (i) => statusOf(i) !== undefined,
).length;

async function scan(params: Record<string, unknown>, tableName = table): Promise<ScanResult> {
  return (await harness.action("scanItems", {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    tableName,
    ...params,
  })) as ScanResult;
}

async function rawWrite(tableName: string, requests: WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += 25) {
    let pending: WriteRequest[] | undefined = requests.slice(start, start + 25);
    while (pending && pending.length > 0) {
      const output: { UnprocessedItems?: Record<string, WriteRequest[]> } = await raw.send(
        new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = output.UnprocessedItems?.[tableName];
    }
  }
}

const keyText = (item: Record<string, unknown>) => `${item.pk}#${item.sk}`;
const ALL_KEYS = Array.from({ length: ITEMS }, (_, i) => `p${i % 7}#${i}`).sort();

beforeAll(async () => {
  raw = rawClient();
  await Promise.all([
    createTestTable(table, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "N" },
      gsi: [
        {
          name: "byStatus",
          hashKey: { name: "status", type: "S" },
          rangeKey: { name: "sk", type: "N" },
        },
      ],
    }),
    createTestTable(binaryTable, { hashKey: { name: "bin", type: "B" } }),
  ]);
  await rawWrite(
    table,
    Array.from({ length: ITEMS }, (_, i) => {
      const status = statusOf(i);
      return {
        PutRequest: {
          Item: {
            pk: { S: `p${i % 7}` },
            sk: { N: String(i) },
            amount: { N: `${i}.25` },
            ...(status ? { status: { S: status } } : {}),
          },
        },
      };
    }),
  );
  await rawWrite(
    binaryTable,
    Array.from({ length: 20 }, (_, i) => ({
      PutRequest: { Item: { bin: { B: Uint8Array.from([i, 255 - i, 7]) }, n: { N: String(i) } } },
    })),
  );
});

afterAll(async () => {
  await Promise.all([deleteTestTable(table), deleteTestTable(binaryTable)]);
  raw.destroy();
});

it("one page at a time: following lastEvaluatedKey reads every item once", async () => {
  const keys: string[] = [];
  let cursor: Record<string, unknown> | null = null;
  let pages = 0;
  do {
    const page = await scan({
      limit: "70",
      exclusiveStartKey: cursor ? JSON.stringify(cursor) : "",
    });
    expect(page.data.count).toBeLessThanOrEqual(70);
    expect(page.data.truncated).toBe(false);
    keys.push(...page.data.items.map(keyText));
    cursor = page.data.lastEvaluatedKey;
    pages += 1;
  } while (cursor && pages < 20);
  expect(keys.sort()).toEqual(ALL_KEYS);
  expect(pages).toBeGreaterThanOrEqual(5);
});

it("Fetch All with Max Items cuts a page, with a projection, and continues exactly after it", async () => {
  const first = await scan({
    fetchAll: "true",
    maxItems: "120",
    limit: "50",
    projectionExpression: "#s, amount",
    expressionAttributeNames: [{ key: "#s", value: "status" }],
  });
  expect(first.data.count).toBe(120);
  expect(first.data).toMatchObject({ truncated: true, truncatedReason: "maxItems" });
  // Only the projected attributes, though the cursor needed the keys.
  expect(first.data.items[1]).toHaveProperty("amount");
  for (const item of first.data.items) {
    expect(Object.keys(item).every((name) => name === "status" || name === "amount")).toBe(true);
  }
  expect(Object.keys(first.data.lastEvaluatedKey ?? {}).sort()).toEqual(["pk", "sk"]);

  // The same run without the projection names the keys of those 120 items (scan order is stable).
  const firstKeys = (await scan({ fetchAll: "true", maxItems: "120", limit: "50" })).data.items.map(
    keyText,
  );
  const rest = await scan({
    fetchAll: "true",
    exclusiveStartKey: JSON.stringify(first.data.lastEvaluatedKey),
  });
  expect(rest.data.truncated).toBe(false);
  expect(rest.data.lastEvaluatedKey).toBeNull();
  expect([...firstKeys, ...rest.data.items.map(keyText)].sort()).toEqual(ALL_KEYS);
});

it("filters with typed values, counting what was scanned", async () => {
  const result = await scan({
    fetchAll: "true",
    filterExpression: "#s = :s AND amount > :min",
    expressionAttributeNames: [{ key: "#s", value: "status" }],
    expressionAttributeValues: [
      { key: ":s", value: "open" },
      { key: ":min", value: "-1" },
    ],
    expressionAttributeValueTypes: [
      { key: ":s", value: "S" },
      { key: ":min", value: "N" },
    ],
  });
  expect(result.data.count).toBe(OPEN);
  expect(result.data.scannedCount).toBe(ITEMS);
  expect(result.data.items.every((item) => item.status === "open")).toBe(true);
  expect(result.data.items.find((item) => item.sk === 1)).toEqual({
    pk: "p1",
    sk: 1,
    amount: 1.25,
    status: "open",
  });
});

it("scans an index, with cursors that hold the index key, and returns DynamoDB JSON when asked", async () => {
  const first = await scan({
    fetchAll: "true",
    indexName: "byStatus",
    maxItems: "10",
    returnDynamoJson: "true",
  });
  expect(first.data.count).toBe(10);
  expect(Object.keys(first.data.lastEvaluatedKey ?? {}).sort()).toEqual(["pk", "sk", "status"]);
  expect(first.data.items[0]).toMatchObject({
    pk: { S: expect.any(String) },
    sk: { N: expect.any(String) },
  });
  const rest = await scan({
    fetchAll: "true",
    indexName: "byStatus",
    exclusiveStartKey: JSON.stringify(first.data.lastEvaluatedKey),
  });
  expect(first.data.count + rest.data.count).toBe(INDEXED);
});

it("a plain cursor of a binary key (base64 text) continues the scan", async () => {
  const first = await scan({ fetchAll: "true", maxItems: "6" }, binaryTable);
  expect(typeof first.data.lastEvaluatedKey?.bin).toBe("string");
  const rest = await scan(
    { fetchAll: "true", exclusiveStartKey: JSON.stringify(first.data.lastEvaluatedKey) },
    binaryTable,
  );
  const all = [...first.data.items, ...rest.data.items].map((item) => item.n as number);
  expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

it("a parallel scan cut by Max Items continues from its segment cursors to exactly the full set", async () => {
  const keys: string[] = [];
  let cursors: (Record<string, unknown> | null)[] | undefined;
  let runs = 0;
  let result: ScanResult;
  do {
    result = await scan({
      fetchAll: "true",
      totalSegments: "3",
      maxItems: "80",
      limit: "25",
      exclusiveStartKey: cursors ? JSON.stringify(cursors) : "",
    });
    expect(result.data.count).toBeLessThanOrEqual(80);
    expect(result.data.lastEvaluatedKey).toBeNull();
    expect(result.data.segmentCursors).toHaveLength(3);
    keys.push(...result.data.items.map(keyText));
    cursors = result.data.segmentCursors;
    runs += 1;
  } while (result.data.truncated && runs < 20);
  expect(result.data.segmentCursors).toEqual([null, null, null]);
  expect(runs).toBeGreaterThanOrEqual(4);
  expect(keys.sort()).toEqual(ALL_KEYS);
});

it("reports DynamoDB's refusal with the operation, table and region", async () => {
  // A function with too few operands: the expression is DynamoDB's to parse. (A consistent read of
  // a global index is refused before sending: readsDynamoDbRefuses.test.ts.)
  await expect(scan({ filterExpression: "begins_with(pk)" })).rejects.toThrow(
    `Scan failed on table "${table}" in region us-east-1: ValidationException`,
  );
});

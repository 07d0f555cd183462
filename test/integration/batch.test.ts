/**
 * Batch Write Items, Batch Get Items and a parallel Scan Items against DynamoDB Local. The
 * 10,000-item table is written once, through the action, and shared by the tests below.
 */
import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { debugNote } from "../support/quiet";

interface WriteResult {
  data: {
    written: number;
    deleted: number;
    unprocessedCount: number;
    unprocessed: { puts: unknown[]; deletes: unknown[] };
  };
}
interface GetResult {
  data: {
    items: Record<string, unknown>[];
    count: number;
    requested: number;
    unprocessedCount: number;
    unprocessedKeys: unknown[];
  };
}
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

const ITEM_COUNT = 10_000;
const bigTable = uniqueTableName("batch_big");
const rangeTable = uniqueTableName("batch_range");
let raw: DynamoDBClient;
let writeResult: WriteResult;
let writeMs = 0;

async function run<T>(key: string, params: Record<string, unknown>): Promise<T> {
  return (await harness.action(key, {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  })) as T;
}

function order(i: number) {
  return {
    pk: `customer-${String(i % 1_000).padStart(4, "0")}`,
    sk: i,
    total: Number((i * 1.25).toFixed(2)),
    status: i % 4 === 0 ? "open" : "closed",
    lines: [{ sku: `SKU-${i % 37}`, qty: (i % 5) + 1 }],
  };
}

/** COUNT through a raw Scan, following every page. */
async function rawCount(table: string): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await raw.send(
      new ScanCommand({ TableName: table, Select: "COUNT", ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
}

beforeAll(async () => {
  raw = rawClient();
  await Promise.all([
    createTestTable(bigTable, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "N" },
    }),
    createTestTable(rangeTable, { hashKey: { name: "id", type: "N" } }),
  ]);
  const items = Array.from({ length: ITEM_COUNT }, (_, i) => order(i));
  const started = performance.now();
  writeResult = await run<WriteResult>("batchWriteItems", {
    tableName: bigTable,
    putItems: JSON.stringify(items),
  });
  writeMs = performance.now() - started;
});

afterAll(async () => {
  await Promise.all([deleteTestTable(bigTable), deleteTestTable(rangeTable)]);
  raw.destroy();
});

describe("on 10,000 items written by Batch Write Items", () => {
  it("writes all 10,000 and every one is readable", async () => {
    // The cost on this machine, printed with DEBUG.
    debugNote(`Batch Write Items: ${ITEM_COUNT} items in ${Math.round(writeMs)} ms`);
    expect(writeResult).toEqual({
      data: {
        written: ITEM_COUNT,
        deleted: 0,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
        unprocessedTruncated: false,
      },
    });
    expect(await rawCount(bigTable)).toBe(ITEM_COUNT);

    // Spot checks through Batch Get Items: 250 keys spread over the table, plus 3 absent ones.
    const picked = Array.from({ length: 250 }, (_, n) => (n * 7_919) % ITEM_COUNT);
    const keys = [
      ...picked.map((i) => ({ pk: order(i).pk, sk: i })),
      { pk: "customer-0001", sk: 999_999 },
      { pk: "nobody", sk: 1 },
      { pk: "customer-0002", sk: -1 },
    ];
    const got = await run<GetResult>("batchGetItems", {
      tableName: bigTable,
      keys: JSON.stringify(keys),
    });
    expect(got.data.requested).toBe(253);
    expect(got.data.count).toBe(250);
    expect(got.data.unprocessedCount).toBe(0);
    // In the order of the keys, and exactly as written.
    expect(got.data.items).toEqual(picked.map((i) => order(i)));
  });

  it("a parallel scan with 4 segments returns exactly the items of a serial scan", async () => {
    const startedSerial = performance.now();
    const serial = await run<ScanResult>("scanItems", {
      tableName: bigTable,
      fetchAll: "true",
      maxItems: "20000",
    });
    const serialMs = performance.now() - startedSerial;
    const startedParallel = performance.now();
    const parallel = await run<ScanResult>("scanItems", {
      tableName: bigTable,
      fetchAll: "true",
      maxItems: "20000",
      totalSegments: "4",
    });
    const parallelMs = performance.now() - startedParallel;
    debugNote(
      `Scan Items over ${ITEM_COUNT} items: serial ${Math.round(serialMs)} ms, 4 segments ${Math.round(parallelMs)} ms`,
    );

    const keysOf = (result: ScanResult) =>
      result.data.items.map((item) => `${item.pk}#${item.sk}`).sort();
    expect(serial.data.count).toBe(ITEM_COUNT);
    expect(serial.data.lastEvaluatedKey).toBeNull();
    expect(parallel.data.count).toBe(ITEM_COUNT);
    expect(parallel.data.scannedCount).toBe(ITEM_COUNT);
    expect(parallel.data.truncated).toBe(false);
    expect(parallel.data.segmentCursors).toEqual([null, null, null, null]);
    const serialKeys = keysOf(serial);
    expect(new Set(serialKeys).size).toBe(ITEM_COUNT);
    expect(keysOf(parallel)).toEqual(serialKeys);
  });
});

describe("Batch Write Items and Batch Get Items on a small table", () => {
  it("puts, reads back exactly, deletes, and treats absent keys as not found", async () => {
    const items = [
      {
        id: 1,
        name: "Ada",
        big: "123456789012345678901234567890",
        tags: ["a", "b"],
        nested: { n: 1.5 },
      },
      { id: 2, name: "Grace", active: true, nothing: null },
      { id: 3, name: "Alan" },
    ];
    // The number keeps all 30 digits (written as JSON text, never through a JS number).
    const putText = JSON.stringify(items).replace(
      '"123456789012345678901234567890"',
      "123456789012345678901234567890",
    );
    const put = await run<WriteResult>("batchWriteItems", {
      tableName: rangeTable,
      putItems: putText,
    });
    expect(put.data).toMatchObject({ written: 3, deleted: 0 });

    const got = await run<GetResult>("batchGetItems", {
      tableName: rangeTable,
      keys: '[{"id": 3}, {"id": "1"}, {"id": 2}, {"id": 4}]',
      consistentRead: "true",
    });
    expect(got.data.items).toEqual([
      items[2],
      { ...items[0], big: "123456789012345678901234567890" },
      items[1],
    ]);

    const typed = await run<GetResult>("batchGetItems", {
      tableName: rangeTable,
      keys: '[{"id": 3}]',
      projectionExpression: "#n",
      expressionAttributeNames: [{ key: "#n", value: "name" }],
      returnDynamoJson: "true",
    });
    expect(typed.data.items).toEqual([{ name: { S: "Alan" } }]);

    const removed = await run<WriteResult>("batchWriteItems", {
      tableName: rangeTable,
      putItems: '[{"id": 4, "name": "Edsger"}]',
      deleteKeys: '[{"id": 1}, {"id": 2}, {"id": 99}]',
    });
    expect(removed.data).toMatchObject({ written: 1, deleted: 3, unprocessedCount: 0 });
    expect(await rawCount(rangeTable)).toBe(2);
  });

  it("names the operation, table and region when the table does not exist", async () => {
    await expect(
      run("batchWriteItems", { tableName: uniqueTableName("missing"), putItems: '[{"id": 1}]' }),
    ).rejects.toThrow(
      /DescribeTable failed on table "missing-[^"]+" in region us-east-1: ResourceNotFoundException/,
    );
  });
});

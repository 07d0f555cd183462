/**
 * Batch Write Items (Multiple Tables) and Batch Get Items (Multiple Tables) against DynamoDB
 * Local behind a proxy that leaves a third of each table's part of every batch request
 * unprocessed (tools/unprocessedItems.ts), as a throttled table does: 10,000 writes and 3,000
 * gets over 3 tables lose nothing, send nothing twice, and report per table what the tables
 * hold (each is scanned). With no retries left, what the output says was written is exactly
 * what each table holds.
 */
import { type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { type UnprocessedItems, unprocessedItems } from "../../tools/unprocessedItems";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";

interface TableWrites {
  tableName: string;
  written: number;
  deleted: number;
  unprocessedCount: number;
  unprocessed: { puts: Record<string, unknown>[]; deletes: Record<string, unknown>[] };
}
interface WriteData {
  tables: TableWrites[];
  written: number;
  deleted: number;
  unprocessedCount: number;
}
interface TableGet {
  tableName: string;
  items: Record<string, unknown>[];
  count: number;
  requested: number;
  unprocessedCount: number;
}
interface GetData {
  tables: TableGet[];
  count: number;
  requested: number;
  unprocessedCount: number;
  truncated: boolean;
}

/** accounts: id (N); orders: customer (S) + line (N); notes: id (S). */
const accounts = uniqueTableName("multi_accounts");
const orders = uniqueTableName("multi_orders");
const notes = uniqueTableName("multi_notes");
let raw: DynamoDBClient;
let proxy: FaultProxy;
let leftOver: UnprocessedItems;

/** Runs an action through the proxy. */
async function run<T>(key: string, params: Record<string, unknown>): Promise<T> {
  const result = await harness.action(key, {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    ...params,
  });
  return (result as { data: T }).data;
}

/** Every item of a table, read directly (consistent scan). */
async function scanAll(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await raw.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return items;
}

const account = (i: number) => ({ id: i, name: `account ${i}`, kind: "a" });
const order = (i: number) => ({ customer: `c${i % 97}`, line: i, total: i / 4 });
const note = (i: number) => ({ id: `n${i}`, text: `note ${i}` });

/** Writes every value of a list once through the proxy's counts: none missing, none twice. */
function expectEachForwardedOnce(operation: string, table: string, expected: number): void {
  const counts = [...leftOver.forwarded(operation, table).values()];
  expect(counts).toHaveLength(expected);
  expect(counts.every((count) => count === 1)).toBe(true);
}

beforeAll(async () => {
  raw = rawClient();
  leftOver = unprocessedItems({
    upstream: localEndpoint(),
    accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
    region: LOCAL_REGION,
  });
  proxy = await startFaultProxy({ upstream: localEndpoint(), answer: leftOver.answer });
  await Promise.all([
    createTestTable(accounts, { hashKey: { name: "id", type: "N" } }),
    createTestTable(orders, {
      hashKey: { name: "customer", type: "S" },
      rangeKey: { name: "line", type: "N" },
    }),
    createTestTable(notes, { hashKey: { name: "id", type: "S" } }),
  ]);
});

afterAll(async () => {
  await proxy.close();
  await Promise.all([accounts, orders, notes].map(deleteTestTable));
  raw.destroy();
});

beforeEach(() => {
  resetCaches();
  leftOver.reset();
});

describe("3 tables, a third of every request left unprocessed", () => {
  it("10,000 writes: nothing lost, nothing sent twice, counts true per table", async () => {
    // Notes already holds 600 items, of which the batch deletes 500.
    const seeded = Array.from({ length: 600 }, (_, i) => ({ put: note(10_000 + i) }));
    await run<WriteData>("batchWriteItemsMultiTable", {
      writesByTable: JSON.stringify({ [notes]: seeded }),
    });
    leftOver.reset();

    const writesByTable = {
      [accounts]: Array.from({ length: 4_010 }, (_, i) => ({ put: account(i) })),
      [orders]: Array.from({ length: 3_490 }, (_, i) => ({ put: order(i) })),
      [notes]: [
        ...Array.from({ length: 2_000 }, (_, i) => ({ put: note(i) })),
        ...Array.from({ length: 500 }, (_, i) => ({ delete: { id: `n${10_000 + i}` } })),
      ],
    };
    const data = await run<WriteData>("batchWriteItemsMultiTable", {
      writesByTable: JSON.stringify(writesByTable),
      concurrency: "8",
    });
    expect(data.tables.map((t) => [t.tableName, t.written, t.deleted, t.unprocessedCount])).toEqual(
      [
        [accounts, 4_010, 0, 0],
        [orders, 3_490, 0, 0],
        [notes, 2_000, 500, 0],
      ],
    );
    expect(data).toMatchObject({ written: 9_500, deleted: 500, unprocessedCount: 0 });

    // Each write reached DynamoDB exactly once, although most requests left some over.
    expectEachForwardedOnce("BatchWriteItem", accounts, 4_010);
    expectEachForwardedOnce("BatchWriteItem", orders, 3_490);
    expectEachForwardedOnce("BatchWriteItem", notes, 2_500);
    // Requests carried several tables where one table's list ended inside a request.
    expect(leftOver.requests.some((request) => request.tables.length > 1)).toBe(true);

    const stored = await Promise.all([accounts, orders, notes].map(scanAll));
    expect(stored[0].map((item) => item.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 4_010 }, (_, i) => i),
    );
    expect(stored[0].find((item) => item.id === 17)).toEqual(account(17));
    expect(stored[1]).toHaveLength(3_490);
    expect(new Set(stored[1].map((item) => item.line)).size).toBe(3_490);
    expect(stored[1].find((item) => item.line === 400)).toEqual(order(400));
    const noteIds = new Set(stored[2].map((item) => item.id));
    expect(noteIds.size).toBe(2_100);
    for (let i = 0; i < 2_000; i++) expect(noteIds.has(`n${i}`)).toBe(true);
    for (let i = 500; i < 600; i++) expect(noteIds.has(`n${10_000 + i}`)).toBe(true);
  });

  it("3,000 gets: each key read once, each table's items in the order of its keys", async () => {
    // 100 of the account keys name no item; one order key is given twice.
    const accountKeys = Array.from({ length: 1_000 }, (_, i) => ({
      id: i < 100 ? 50_000 + i : 3_999 - i * 3,
    }));
    const orderKeys = Array.from({ length: 1_000 }, (_, i) => {
      const line = i * 3;
      return { customer: `c${line % 97}`, line };
    });
    orderKeys[999] = orderKeys[0];
    const noteKeys = Array.from({ length: 1_000 }, (_, i) => ({ id: `n${1_999 - i}` }));
    const data = await run<GetData>("batchGetItemsMultiTable", {
      keysByTable: JSON.stringify({
        [orders]: orderKeys,
        [accounts]: accountKeys,
        [notes]: noteKeys,
      }),
      concurrency: "8",
    });
    expect(data.tables.map((t) => [t.tableName, t.count, t.requested, t.unprocessedCount])).toEqual(
      [
        [orders, 999, 999, 0],
        [accounts, 900, 1_000, 0],
        [notes, 1_000, 1_000, 0],
      ],
    );
    expect(data).toMatchObject({
      count: 2_899,
      requested: 2_999,
      unprocessedCount: 0,
      truncated: false,
    });
    expect(data.tables[0].items).toEqual(orderKeys.slice(0, 999).map((key) => order(key.line)));
    expect(data.tables[1].items).toEqual(accountKeys.slice(100).map((key) => account(key.id)));
    expect(data.tables[2].items).toEqual(noteKeys.map((key) => note(Number(key.id.slice(1)))));
    expectEachForwardedOnce("BatchGetItem", orders, 999);
    expectEachForwardedOnce("BatchGetItem", accounts, 1_000);
    expectEachForwardedOnce("BatchGetItem", notes, 1_000);
  });

  it("with no retry left, each table holds exactly what the output says was written", async () => {
    const writesByTable = {
      [accounts]: Array.from({ length: 90 }, (_, i) => ({ put: account(20_000 + i) })),
      [notes]: Array.from({ length: 60 }, (_, i) => ({ put: note(20_000 + i) })),
      [orders]: Array.from({ length: 40 }, (_, i) => ({ put: order(20_000 + i) })),
    };
    const data = await run<WriteData>("batchWriteItemsMultiTable", {
      writesByTable: JSON.stringify(writesByTable),
      maxRetries: "0",
      returnUnprocessed: true,
    });
    expect(data.unprocessedCount).toBeGreaterThan(0);
    const stored = await Promise.all([accounts, notes, orders].map(scanAll));
    // Each table's new items by the attribute that tells them apart.
    const idOf = [
      (item: Record<string, unknown>) => Number(item.id),
      (item: Record<string, unknown>) => Number(String(item.id).slice(1)),
      (item: Record<string, unknown>) => Number(item.line),
    ];
    data.tables.forEach((table, at) => {
      const given = Object.values(writesByTable)[at].map(
        (write) => write.put as Record<string, unknown>,
      );
      const held = new Set(stored[at].map(idOf[at]).filter((id) => id >= 20_000));
      expect(table.written).toBe(held.size);
      expect(table.written + table.unprocessedCount).toBe(given.length);
      // What it returns as unprocessed is exactly what the table lacks.
      const missing = given.filter((item) => !held.has(idOf[at](item)));
      expect(table.unprocessed.puts).toEqual(missing);
    });
  });
});

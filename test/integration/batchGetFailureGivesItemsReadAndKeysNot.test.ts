/**
 * Batch Get Items (one table and Multiple Tables) of 350 keys, 4 requests of up to 100, that
 * fails on its third request behind the fault proxy: the error carries exactly the items DynamoDB
 * Local holds for the keys it says were read, and its unreadKeys, read by a later step, give the
 * rest, so that together they are the whole table, each item once.
 */
import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("get_left");
const other = uniqueTableName("get_left_other");
const KEYS = 350;
let proxy: FaultProxy;
let raw: DynamoDBClient;

type ReadFailure = Error & {
  keysRead?: number;
  count?: number;
  items?: { id: number; note: string }[];
  unreadCount?: number;
  unreadKeys?: { id: number }[];
  tables?: { tableName: string; items: { id: number }[]; unreadKeys: { id: number }[] }[];
};

const range = (count: number) => Array.from({ length: count }, (_, id) => id);
const keys = range(KEYS).map((id) => ({ id }));

async function fill(name: string): Promise<void> {
  for (let start = 0; start < KEYS; start += 25) {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [name]: range(KEYS)
            .slice(start, start + 25)
            .map((id) => ({
              PutRequest: { Item: { id: { N: String(id) }, note: { S: `item ${id}` } } },
            })),
        },
      }),
    );
  }
}

function read(endpoint: string, keyList: unknown[]): Promise<unknown> {
  return harness.action("batchGetItems", {
    awsConnection: localConnection({ endpoint }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    keys: JSON.stringify(keyList),
    concurrency: "1",
    maxAttempts: "1",
  });
}

const ids = (list: { id: number }[] | undefined) => (list ?? []).map((entry) => entry.id);

beforeAll(async () => {
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await createTestTable(table, { hashKey: { name: "id", type: "N" } });
  await createTestTable(other, { hashKey: { name: "id", type: "N" } });
  await fill(table);
  await fill(other);
});

afterAll(async () => {
  await proxy.close();
  await deleteTestTable(table);
  await deleteTestTable(other);
  raw.destroy();
});

beforeEach(() => {
  resetCaches();
  proxy.reset();
});

describe("Batch Get Items of 350 keys that fails on its third request", () => {
  it("carries the 200 items read as stored, and its unreadKeys read later give the other 150", async () => {
    proxy.inject(
      "BatchGetItem",
      { kind: "pass" },
      { kind: "pass" },
      { kind: "serverError", status: 500 },
    );
    const error = (await failure(read(proxy.endpoint, keys))) as ReadFailure;
    expect(error).toMatchObject({ keysRead: 200, count: 200, unreadCount: 150 });
    expect(error.items?.[42]).toEqual({ id: 42, note: "item 42" });
    expect(ids(error.items)).toEqual(range(200));
    expect(ids(error.unreadKeys)).toEqual(range(KEYS).slice(200));

    const rest = (await read(localEndpoint(), error.unreadKeys ?? [])) as {
      data: { items: { id: number }[] };
    };
    expect([...ids(error.items), ...ids(rest.data.items)]).toEqual(range(KEYS));
  });

  it("across tables, each table's items read and keys not read are in the error's tables", async () => {
    proxy.inject(
      "BatchGetItem",
      { kind: "pass" },
      { kind: "pass" },
      { kind: "pass" },
      { kind: "serverError", status: 500 },
    );
    const error = (await failure(
      harness.action("batchGetItemsMultiTable", {
        awsConnection: localConnection({ endpoint: proxy.endpoint }),
        awsRegion: LOCAL_REGION,
        keysByTable: JSON.stringify({ [table]: keys, [other]: keys }),
        concurrency: "1",
        maxAttempts: "1",
      }),
    )) as ReadFailure;
    // Requests 1-3 read the first 300 keys of the first table; the fourth is refused.
    expect(error).toMatchObject({ keysRead: 300, count: 300, unreadCount: 400 });
    const [first, second] = error.tables ?? [];
    expect(ids(first?.items)).toEqual(range(300));
    expect(ids(first?.unreadKeys)).toEqual(range(KEYS).slice(300));
    expect(second?.items).toEqual([]);
    expect(ids(second?.unreadKeys)).toEqual(range(KEYS));
  });
});

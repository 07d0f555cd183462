/**
 * Batch Get Items (one table and Multiple Tables) that fails part way keeps nothing from the
 * flow: its error carries the items already read (`items`, `count`, in the order of their keys)
 * and names the keys not read or not confirmed (`unreadCount`, `unreadKeys` as given, within
 * 5 MB, `unreadTruncated`), so that a later step reads only those. Before, the error only counted
 * the keys read, and the items read were lost with the step.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);
const connection = keySecretConnection();

type ReadFailure = Error & {
  keysRead?: number;
  items?: { id: number; name?: string }[];
  count?: number;
  unreadCount?: number;
  unreadKeys?: unknown[];
  unreadTruncated?: boolean;
  tables?: {
    tableName: string;
    items: { id: number }[];
    count: number;
    unreadCount: number;
    unreadKeys: unknown[];
  }[];
};

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const keysOf = (list: number[]) => list.map((id) => ({ id }));

/** A non-retryable error, so that the SDK does not try the request again. */
const refused = () =>
  Object.assign(new Error("Too many items requested"), {
    name: "ValidationException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });

/** Answers each request's keys as items (with a name), except `leave` of them left unprocessed. */
function answer(input: BatchGetItemCommandInput, leave = 0) {
  const Responses: Record<string, unknown[]> = {};
  const UnprocessedKeys: Record<string, { Keys: unknown[] }> = {};
  for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
    const keys = request.Keys ?? [];
    const read = keys.slice(0, keys.length - leave);
    Responses[table] = read.map((key) => ({ ...key, name: { S: `n${key.id?.N}` } }));
    if (leave > 0) UnprocessedKeys[table] = { Keys: keys.slice(keys.length - leave) };
  }
  return { Responses, UnprocessedKeys } as never;
}

/** The first `good` requests are answered (the first leaving `leave` keys), then one is refused. */
function failAfter(good: number, leave = 0) {
  let calls = 0;
  ddbMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => {
    calls += 1;
    if (calls > good) throw refused();
    return answer(input, calls === 1 ? leave : 0);
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  backoffSettings.sleep = async () => {};
  ddbMock.on(DescribeTableCommand).callsFake(async (input: { TableName: string }) => ({
    Table: {
      TableName: input.TableName,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  }));
});

afterEach(() => resetBackoffSettings());

function getItems(keys: unknown[]): Promise<ReadFailure> {
  return failure(
    harness.action("batchGetItems", {
      awsConnection: connection,
      awsRegion: "us-east-1",
      tableName: "Customers",
      keys: JSON.stringify(keys),
      concurrency: "1",
    }),
  ) as Promise<ReadFailure>;
}

describe("Batch Get Items failing part way", () => {
  it("carries the items read and names every key not read, as given in Keys", async () => {
    failAfter(1);
    const error = await getItems(keysOf(ids(0, 250)));
    expect(error.message).toContain(
      'Before it failed, 100 of 250 keys had been read (100 items found, in the error\'s items); the other 150 keys were not read or not confirmed (the error\'s unreadKeys): Keys index 100 {"id":100}; Keys index 101 {"id":101}; Keys index 102 {"id":102}; Keys index 103 {"id":103}; Keys index 104 {"id":104}; and 145 more.',
    );
    expect(error).toMatchObject({ keysRead: 100, count: 100, unreadCount: 150 });
    expect(error.items?.map((item) => item.id)).toEqual(ids(0, 100));
    expect(error.items?.[7]).toEqual({ id: 7, name: "n7" });
    expect(error.unreadKeys).toEqual(keysOf(ids(100, 250)));
    expect(error.unreadTruncated).toBe(false);
  });

  it("counts keys left unprocessed by a request whose retry failed as not read, in Keys order", async () => {
    // Request 1 reads 70 of its 100 keys; the retry of the other 30 is refused.
    failAfter(1, 30);
    const error = await getItems(keysOf(ids(0, 150)));
    expect(error).toMatchObject({ keysRead: 70, count: 70, unreadCount: 80 });
    expect(error.unreadKeys).toEqual(keysOf([...ids(70, 100), ...ids(100, 150)]));
    expect(error.items?.length).toBe(70);
  });

  it("gives unreadKeys as given, so a key typed as a string comes back as the user wrote it", async () => {
    failAfter(0);
    const error = await getItems([{ id: "5" }, { id: 6 }]);
    expect(error).toMatchObject({ keysRead: 0, count: 0, items: [], unreadCount: 2 });
    expect(error.unreadKeys).toEqual([{ id: "5" }, { id: 6 }]);
  });
});

describe("Batch Get Items (Multiple Tables) failing part way", () => {
  it("gives each table's items read and keys not read", async () => {
    failAfter(1);
    const error = (await failure(
      harness.action("batchGetItemsMultiTable", {
        awsConnection: connection,
        awsRegion: "us-east-1",
        keysByTable: JSON.stringify({
          Customers: keysOf(ids(0, 60)),
          Orders: keysOf(ids(0, 60)),
          Notes: keysOf(ids(0, 30)),
        }),
        concurrency: "1",
      }),
    )) as ReadFailure;
    expect(error.message).toContain(
      'Before it failed: Customers: 60 of 60 keys read (60 items found); Orders: 40 of 60 keys read (40 items found); Notes: 0 of 30 keys read (0 items found) (the items in the error\'s tables); the other 50 keys were not read or not confirmed (each table\'s unreadKeys in the error\'s tables): Keys by Table["Orders"] index 40 {"id":40};',
    );
    expect(error).toMatchObject({ keysRead: 100, count: 100, unreadCount: 50 });
    const [customers, orders, notes] = error.tables ?? [];
    expect(customers).toMatchObject({ tableName: "Customers", count: 60, unreadCount: 0 });
    expect(customers.items.map((item) => item.id)).toEqual(ids(0, 60));
    expect(orders).toMatchObject({ tableName: "Orders", count: 40, unreadCount: 20 });
    expect(orders.unreadKeys).toEqual(keysOf(ids(40, 60)));
    expect(notes).toMatchObject({ tableName: "Notes", count: 0, unreadCount: 30 });
    expect(notes.unreadKeys).toEqual(keysOf(ids(0, 30)));
  });
});

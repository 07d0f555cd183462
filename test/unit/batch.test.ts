/**
 * Batch Get Items, Batch Write Items and the retry helpers they share, with a mocked SDK: the
 * exact requests, chunking, retries of UnprocessedItems / UnprocessedKeys (random and injected),
 * the retry budget, validation before any call, and accounting when a request fails mid-way.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { batchGetItems } from "../../src/actions/batch/batchGetItems";
import { batchWriteItems } from "../../src/actions/batch/batchWriteItems";
import {
  backoffDelay,
  backoffSettings,
  chunk,
  mapWithConcurrency,
  resetBackoffSettings,
  retriesEnded,
  runBatches,
} from "../../src/engines/batchRuns";
import component from "../../src/index";
import { canonicalNumber } from "../../src/values";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

const HASH_ONLY = {
  Table: {
    TableName: "Customers",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" as const }],
  },
};

const HASH_AND_RANGE = {
  Table: {
    TableName: "Customers",
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" as const },
      { AttributeName: "customerName", KeyType: "RANGE" as const },
    ],
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "N" as const },
      { AttributeName: "customerName", AttributeType: "S" as const },
    ],
  },
};

/** A small deterministic generator, so that a "random 30%" run is the same every time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function idOf(map: Record<string, AttributeValue> | undefined): string {
  const value = map?.id;
  if (!value?.N) throw new Error(`the mock got a key without a numeric id: ${JSON.stringify(map)}`);
  return value.N;
}

/**
 * A fake table keyed by "id" that leaves a random share of each request unprocessed, and counts
 * how many times each put and each delete is applied.
 */
class FakeTable {
  readonly items = new Map<string, Record<string, AttributeValue>>();
  readonly putCounts = new Map<string, number>();
  readonly deleteCounts = new Map<string, number>();
  readonly readCounts = new Map<string, number>();
  requests = 0;
  maxRequestSize = 0;

  constructor(
    private readonly random: () => number,
    private readonly unprocessedShare: number,
  ) {}

  write(input: BatchWriteItemCommandInput) {
    this.requests += 1;
    const writes = input.RequestItems?.Customers ?? [];
    this.maxRequestSize = Math.max(this.maxRequestSize, writes.length);
    const keys = writes.map((w) => idOf(w.PutRequest?.Item ?? w.DeleteRequest?.Key));
    if (new Set(keys).size !== keys.length) throw new Error("duplicate key in one request");
    const unprocessed: WriteRequest[] = [];
    for (const write of writes) {
      if (this.random() < this.unprocessedShare) {
        // The real SDK hands back deserialised copies, not the objects that were sent.
        unprocessed.push(structuredClone(write));
        continue;
      }
      if (write.PutRequest?.Item) {
        const id = idOf(write.PutRequest.Item);
        this.items.set(id, write.PutRequest.Item);
        this.putCounts.set(id, (this.putCounts.get(id) ?? 0) + 1);
      } else {
        const id = idOf(write.DeleteRequest?.Key);
        this.items.delete(id);
        this.deleteCounts.set(id, (this.deleteCounts.get(id) ?? 0) + 1);
      }
    }
    return {
      UnprocessedItems: unprocessed.length > 0 ? { Customers: unprocessed } : {},
    };
  }

  get(input: BatchGetItemCommandInput) {
    this.requests += 1;
    const keys = input.RequestItems?.Customers?.Keys ?? [];
    this.maxRequestSize = Math.max(this.maxRequestSize, keys.length);
    const found: Record<string, AttributeValue>[] = [];
    const unprocessed: Record<string, AttributeValue>[] = [];
    for (const key of keys) {
      if (this.random() < this.unprocessedShare) {
        unprocessed.push(structuredClone(key));
        continue;
      }
      const id = idOf(key);
      this.readCounts.set(id, (this.readCounts.get(id) ?? 0) + 1);
      const item = this.items.get(id);
      if (item) found.push(item);
    }
    return {
      Responses: { Customers: found },
      UnprocessedKeys:
        unprocessed.length > 0
          ? { Customers: { ...input.RequestItems?.Customers, Keys: unprocessed } }
          : {},
    };
  }
}

/** An error as the SDK throws it: a service error carries $metadata and $fault. */
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

let delays: number[];

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(HASH_ONLY);
  delays = [];
  backoffSettings.sleep = async (ms) => {
    delays.push(ms);
  };
});

afterAll(() => {
  resetBackoffSettings();
});

function writeCalls(): BatchWriteItemCommandInput[] {
  return ddbMock.commandCalls(BatchWriteItemCommand).map((call) => call.args[0].input);
}

function getCalls(): BatchGetItemCommandInput[] {
  return ddbMock.commandCalls(BatchGetItemCommand).map((call) => call.args[0].input);
}

function people(count: number, from = 0) {
  return Array.from({ length: count }, (_, i) => ({ id: from + i, name: `Person ${from + i}` }));
}

describe("retry helpers", () => {
  it("waits a random time between 0 and min(cap, base * 2^retry) (full jitter)", () => {
    const settings = { ...backoffSettings, baseMs: 50, capMs: 5_000 };
    expect(backoffDelay(0, { ...settings, random: () => 0 })).toBe(0);
    expect(backoffDelay(0, { ...settings, random: () => 0.999999 })).toBe(49);
    expect(backoffDelay(3, { ...settings, random: () => 0.5 })).toBe(200);
    // 50 * 2^10 = 51,200 is capped at 5,000.
    expect(backoffDelay(10, { ...settings, random: () => 0.999999 })).toBe(4_999);
    expect(backoffDelay(10, { ...settings, random: () => 0.5 })).toBe(2_500);
  });

  it("splits into chunks of the given size", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 25)).toEqual([]);
  });

  it("runs at most `concurrency` tasks at once and keeps the order of results", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it("after a failure starts nothing new, lets running tasks finish, then throws the first error", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error("task 1 failed");
      await new Promise((resolve) => setTimeout(resolve, 5));
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("task 1 failed");
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  it("re-sends only what was left unprocessed, with growing backoff, until the budget runs out", async () => {
    backoffSettings.random = () => 0.999999;
    const sent: string[][] = [];
    const result = await runBatches({
      entries: ["a", "b", "c"],
      chunkSize: 25,
      concurrency: 1,
      maxRetries: 3,
      send: async (pending) => {
        sent.push([...pending]);
        return pending.filter((entry) => entry === "c");
      },
    });
    backoffSettings.random = Math.random;
    expect(sent).toEqual([["a", "b", "c"], ["c"], ["c"], ["c"]]);
    expect(result).toMatchObject({ unprocessed: ["c"], requests: 4 });
    expect(retriesEnded(result.stops)).toBe("after the 3 retries Max Retries allows");
    expect(delays).toEqual([49, 99, 199]);
  });
});

describe("batchWriteItems", () => {
  it("has the documented inputs in order, with their defaults", () => {
    const inputs = component.actions.batchWriteItems.inputs as {
      key: string;
      label: string;
      default?: unknown;
    }[];
    expect(inputs.map((i) => [i.key, i.label, i.default || null])).toEqual([
      ["awsRegion", "AWS Region", null],
      ["tableName", "Table Name", null],
      ["putItems", "Items to Put", null],
      ["deleteKeys", "Keys to Delete", null],
      ["awsConnection", "Connection", null],
      ["concurrency", "Concurrency", "4"],
      ["maxRetries", "Max Retries", "8"],
      ["returnUnprocessed", "Return Unprocessed", "false"],
      ["maxAttempts", "Max Attempts", null],
    ]);
  });

  it("sends puts and deletes in one request, typed by the table's key schema", async () => {
    ddbMock.on(DescribeTableCommand).resolves(HASH_AND_RANGE);
    ddbMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
    const result = await harness.action("batchWriteItems", {
      ...base,
      // Written as text: a 20-digit number must reach DynamoDB with every digit.
      putItems: `[
        {"customerId": 1, "customerName": "Ada", "balance": 12345678901234567890.5, "tags": ["x"]},
        {"customerId": "2", "customerName": "Grace", "active": true}
      ]`,
      deleteKeys: '[{"customerId": 3, "customerName": "Alan"}]',
    });
    expect(result).toEqual(batchWriteItems.examplePayload);
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(writeCalls()).toEqual([
      {
        RequestItems: {
          Customers: [
            {
              PutRequest: {
                Item: {
                  customerId: { N: "1" },
                  customerName: { S: "Ada" },
                  balance: { N: "12345678901234567890.5" },
                  tags: { L: [{ S: "x" }] },
                },
              },
            },
            {
              PutRequest: {
                Item: {
                  customerId: { N: "2" },
                  customerName: { S: "Grace" },
                  active: { BOOL: true },
                },
              },
            },
            { DeleteRequest: { Key: { customerId: { N: "3" }, customerName: { S: "Alan" } } } },
          ],
        },
      },
    ]);
  });

  it("reads the key schema once per table and then reuses it", async () => {
    ddbMock.on(BatchWriteItemCommand).resolves({});
    await harness.action("batchWriteItems", { ...base, putItems: JSON.stringify(people(3)) });
    await harness.action("batchWriteItems", { ...base, deleteKeys: '[{"id": 1}]' });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(2);
  });

  it("splits into requests of 25 and runs at most Concurrency of them at once", async () => {
    let running = 0;
    let peak = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      return {};
    });
    const result = await harness.action("batchWriteItems", {
      ...base,
      putItems: JSON.stringify(people(110)),
      concurrency: "3",
    });
    expect(result).toMatchObject({ data: { written: 110, deleted: 0, unprocessedCount: 0 } });
    expect(writeCalls().map((call) => call.RequestItems?.Customers?.length)).toEqual([
      25, 25, 25, 25, 10,
    ]);
    expect(peak).toBe(3);
  });

  it("with a random 30% left unprocessed per request, writes every item exactly once and accounts for all", async () => {
    const table = new FakeTable(seeded(7), 0.3);
    const puts = people(1_200);
    // Deletes of other keys that exist beforehand.
    for (const { id } of people(300, 5_000)) table.items.set(String(id), { id: { N: String(id) } });
    const deletes = people(300, 5_000).map(({ id }) => ({ id }));
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input) => table.write(input));

    const result = await harness.action("batchWriteItems", {
      ...base,
      putItems: JSON.stringify(puts),
      deleteKeys: JSON.stringify(deletes),
      maxRetries: "20",
    });

    expect(result).toEqual({
      data: {
        written: 1_200,
        deleted: 300,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
        unprocessedTruncated: false,
      },
    });
    for (const { id } of puts) expect(table.putCounts.get(String(id))).toBe(1);
    for (const { id } of deletes) expect(table.deleteCounts.get(String(id))).toBe(1);
    expect(table.putCounts.size).toBe(1_200);
    expect(table.deleteCounts.size).toBe(300);
    expect(table.items.size).toBe(1_200);
    expect(table.items.get("17")).toEqual({ id: { N: "17" }, name: { S: "Person 17" } });
    expect(table.maxRequestSize).toBe(25);
    // 1,500 writes are 60 requests; the unprocessed 30% needed retries, each after a backoff.
    expect(table.requests).toBeGreaterThan(60);
    expect(delays.length).toBe(table.requests - 60);
  });

  it("fails loudly by default when the retry budget runs out, naming what was not written", async () => {
    // Items with an id of 3 or 7 are always throttled.
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
      const writes = input.RequestItems?.Customers ?? [];
      return {
        UnprocessedItems: {
          Customers: writes.filter((w) =>
            ["3", "7"].includes(idOf(w.PutRequest?.Item ?? w.DeleteRequest?.Key)),
          ),
        },
      };
    });
    const run = harness.action("batchWriteItems", {
      ...base,
      putItems: JSON.stringify(people(5)),
      deleteKeys: '[{"id": 7}, {"id": 8}]',
      maxRetries: "2",
    });
    await expect(run).rejects.toThrow(
      'Batch Write Items: 2 of 7 writes were still unprocessed after the 2 retries Max Retries allows (DynamoDB was throttling them); 4 items were written and 1 deleted. Unprocessed: Items to Put index 3 {"id":3}; Keys to Delete index 0 {"id":7}. Raise Max Retries',
    );
    // The first request plus two retries of the remainder.
    expect(writeCalls().map((c) => c.RequestItems?.Customers?.length)).toEqual([7, 2, 2]);
  });

  it("returns the remainder instead when Return Unprocessed is true", async () => {
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
      const writes = input.RequestItems?.Customers ?? [];
      return {
        UnprocessedItems: {
          Customers: writes.filter((w) =>
            ["3", "7"].includes(idOf(w.PutRequest?.Item ?? w.DeleteRequest?.Key)),
          ),
        },
      };
    });
    const result = await harness.action("batchWriteItems", {
      ...base,
      putItems: JSON.stringify(people(5)),
      deleteKeys: '[{"id": 7}, {"id": 8}]',
      maxRetries: "1",
      returnUnprocessed: "true",
    });
    expect(result).toEqual({
      data: {
        written: 4,
        deleted: 1,
        unprocessedCount: 2,
        unprocessed: { puts: [{ id: 3, name: "Person 3" }], deletes: [{ id: 7 }] },
        unprocessedTruncated: false,
      },
    });
  });

  it("with Max Retries 0 sends each request once", async () => {
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => ({
      UnprocessedItems: { Customers: input.RequestItems?.Customers?.slice(0, 1) },
    }));
    const result = await harness.action("batchWriteItems", {
      ...base,
      putItems: JSON.stringify(people(30)),
      maxRetries: "0",
      returnUnprocessed: "true",
      concurrency: "1",
    });
    expect(result).toMatchObject({ data: { written: 28, unprocessedCount: 2 } });
    expect(writeCalls()).toHaveLength(2);
    expect(delays).toEqual([]);
  });

  it("says how much was written when a request fails mid-way", async () => {
    let request = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      request += 1;
      if (request === 7) {
        throw awsError("ValidationException", "One or more parameter values were invalid");
      }
      return {};
    });
    const run = harness.action("batchWriteItems", {
      ...base,
      putItems: JSON.stringify(people(1_000)),
      concurrency: "1",
    });
    await expect(run).rejects.toThrow(
      'BatchWriteItem failed on table "Customers" in region us-east-1: ValidationException: One or more parameter values were invalid. Before it failed, 150 of 1,000 items were written and 0 of 0 keys deleted; the other 850 writes were not applied or not confirmed.',
    );
    // Nothing is sent after the failure.
    expect(writeCalls()).toHaveLength(7);
  });

  it("counts the requests that were already running when another one failed", async () => {
    let request = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      request += 1;
      if (request === 2) throw awsError("InternalServerError", "Internal server error");
      await new Promise((resolve) => setTimeout(resolve, 10));
      return {};
    });
    const run = harness.action("batchWriteItems", {
      ...base,
      putItems: JSON.stringify(people(200)),
      concurrency: "4",
    });
    // Requests 1, 3 and 4 were in flight and finish: 75 items.
    await expect(run).rejects.toThrow("Before it failed, 75 of 200 items were written");
    expect(writeCalls()).toHaveLength(4);
  });

  it("keeps a ConnectionError a ConnectionError, with the counts", async () => {
    ddbMock
      .on(BatchWriteItemCommand)
      .rejects(
        awsError(
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
        ),
      );
    const error = await harness
      .action("batchWriteItems", { ...base, putItems: JSON.stringify(people(2)) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain("Before it failed, 0 of 2 items were written");
  });

  describe("checks every write before sending any", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["neither input", {}, "Items to Put or Keys to Delete is required"],
      ["not JSON", { putItems: "[{id: 1}]" }, "Items to Put"],
      ["not an array", { putItems: '{"id": 1}' }, "Items to Put must be a JSON array of items"],
      [
        "an element that is not an object",
        { putItems: '[{"id": 1}, [2]]' },
        "Items to Put: the element at index 1 is not a JSON object",
      ],
      [
        "a put without its key",
        { putItems: '[{"id": 1}, {"name": "x"}]' },
        'Items to Put (index 1): the key attribute "id" is missing. The table\'s key is id (N).',
      ],
      [
        "a key of the wrong type",
        { putItems: '[{"id": true}]' },
        'Items to Put (index 0): key attribute "id" must be a number, not a boolean.',
      ],
      [
        "a delete key with another attribute",
        { deleteKeys: '[{"id": 1, "name": "x"}]' },
        'Keys to Delete (index 0): "name" is not a key attribute. A key has exactly the table\'s key attributes: id (N).',
      ],
      [
        "two puts of one key",
        { putItems: '[{"id": 1}, {"id": 2}, {"id": 1, "name": "again"}]' },
        'Items to Put index 0 and Items to Put index 2 have the same key {"id":1}.',
      ],
      [
        "the same number written two ways",
        { putItems: '[{"id": 10}]', deleteKeys: '[{"id": 1.0E1}]' },
        'Items to Put index 0 and Keys to Delete index 0 have the same key {"id":10}.',
      ],
      [
        "an item over 400 KB",
        { putItems: JSON.stringify([{ id: 1 }, { id: 2, blob: "x".repeat(410_000) }]) },
        "Items to Put (index 1) is 4",
      ],
      [
        "Concurrency out of range",
        { putItems: '[{"id": 1}]', concurrency: "17" },
        "Concurrency must be a whole number from 1 to 16",
      ],
      [
        "Max Retries not a number",
        { putItems: '[{"id": 1}]', maxRetries: "many" },
        "Max Retries must be a whole number from 0 to 20",
      ],
    ];
    it.each(cases)("%s", async (_name, params, message) => {
      await expect(harness.action("batchWriteItems", { ...base, ...params })).rejects.toThrow(
        message,
      );
      expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
    });
  });

  it("does nothing for two empty arrays", async () => {
    const result = await harness.action("batchWriteItems", {
      ...base,
      putItems: "[]",
      deleteKeys: "[]",
    });
    expect(result).toEqual({
      data: {
        written: 0,
        deleted: 0,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
        unprocessedTruncated: false,
      },
    });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("accepts arrays passed directly by code-native flows", async () => {
    ddbMock.on(BatchWriteItemCommand).resolves({});
    const result = await harness.action("batchWriteItems", { ...base, putItems: people(2) });
    expect(result).toMatchObject({ data: { written: 2 } });
  });
});

describe("batchGetItems", () => {
  it("has the documented inputs in order, with their defaults", () => {
    const inputs = component.actions.batchGetItems.inputs as {
      key: string;
      label: string;
      default?: unknown;
    }[];
    expect(inputs.map((i) => [i.key, i.label, i.default || null])).toEqual([
      ["awsRegion", "AWS Region", null],
      ["tableName", "Table Name", null],
      ["keys", "Keys", null],
      ["awsConnection", "Connection", null],
      ["projectionExpression", "Projection Expression", null],
      ["expressionAttributeNames", "Expression Attribute Names", null],
      ["consistentRead", "Consistent Read", "false"],
      ["returnDynamoJson", "Return DynamoDB JSON", "false"],
      ["maxRetries", "Max Retries", "8"],
      ["concurrency", "Concurrency", "4"],
      ["returnUnprocessed", "Return Unprocessed", "false"],
      ["maxAttempts", "Max Attempts", null],
    ]);
  });

  it("sends the keys typed by the key schema, and returns items in the order of their keys", async () => {
    ddbMock.on(DescribeTableCommand).resolves(HASH_AND_RANGE);
    ddbMock.on(BatchGetItemCommand).resolves({
      Responses: {
        Customers: [
          { customerId: { N: "2" }, customerName: { S: "Grace" }, city: { S: "New York" } },
          { customerId: { N: "1" }, customerName: { S: "Ada" }, city: { S: "London" } },
        ],
      },
      UnprocessedKeys: {},
    });
    const result = await harness.action("batchGetItems", {
      ...base,
      // Key 2 as text is converted to the declared number; 1.0 is the same key as 1, read once.
      keys: `[
        {"customerId": 1, "customerName": "Ada"},
        {"customerId": "2", "customerName": "Grace"},
        {"customerId": 3, "customerName": "Alan"},
        {"customerId": 1.0, "customerName": "Ada"}
      ]`,
    });
    expect(result).toEqual(batchGetItems.examplePayload);
    expect(getCalls()).toEqual([
      {
        RequestItems: {
          Customers: {
            Keys: [
              { customerId: { N: "1" }, customerName: { S: "Ada" } },
              { customerId: { N: "2" }, customerName: { S: "Grace" } },
              { customerId: { N: "3" }, customerName: { S: "Alan" } },
            ],
          },
        },
      },
    ]);
  });

  it("passes projection, names and consistent read, and can return DynamoDB JSON", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({
      Responses: { Customers: [{ id: { N: "1" }, status: { S: "open" } }] },
    });
    const result = await harness.action("batchGetItems", {
      ...base,
      keys: '[{"id": 1}]',
      projectionExpression: "id, #s",
      expressionAttributeNames: [{ key: "#s", value: "status" }],
      consistentRead: "true",
      returnDynamoJson: "true",
    });
    expect(getCalls()[0]).toEqual({
      RequestItems: {
        Customers: {
          Keys: [{ id: { N: "1" } }],
          ProjectionExpression: "id, #s",
          ExpressionAttributeNames: { "#s": "status" },
          ConsistentRead: true,
        },
      },
    });
    expect(result).toEqual({
      data: {
        items: [{ id: { N: "1" }, status: { S: "open" } }],
        count: 1,
        requested: 1,
        unprocessedCount: 0,
        unprocessedKeys: [],
        truncated: false,
        truncatedReason: null,
        unreadCount: 0,
        unreadKeys: [],
      },
    });
  });

  it("splits into requests of 100", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Customers: [] } });
    await harness.action("batchGetItems", {
      ...base,
      keys: JSON.stringify(people(250).map(({ id }) => ({ id }))),
    });
    expect(getCalls().map((c) => c.RequestItems?.Customers?.Keys?.length)).toEqual([100, 100, 50]);
  });

  it("with a random 30% left unprocessed per request, reads every key exactly once", async () => {
    const table = new FakeTable(seeded(11), 0.3);
    for (const { id, name } of people(1_000)) {
      table.items.set(String(id), { id: { N: String(id) }, name: { S: name } });
    }
    ddbMock.on(BatchGetItemCommand).callsFake(async (input) => table.get(input));
    // Keys 0..1,099: the last 100 have no item.
    const keys = people(1_100).map(({ id }) => ({ id }));
    const result = (await harness.action("batchGetItems", {
      ...base,
      keys: JSON.stringify(keys),
      maxRetries: "20",
    })) as {
      data: { items: { id: number; name: string }[]; count: number; unprocessedCount: number };
    };
    expect(result.data.count).toBe(1_000);
    expect(result.data.unprocessedCount).toBe(0);
    expect(result.data.items).toEqual(people(1_000));
    for (const { id } of keys) expect(table.readCounts.get(String(id))).toBe(1);
    expect(table.maxRequestSize).toBe(100);
    expect(table.requests).toBeGreaterThan(11);
  });

  it("retries injected UnprocessedKeys with the request's other parameters", async () => {
    ddbMock
      .on(BatchGetItemCommand)
      .resolvesOnce({
        Responses: { Customers: [{ id: { N: "1" } }] },
        UnprocessedKeys: { Customers: { Keys: [{ id: { N: "2" } }], ConsistentRead: true } },
      })
      .resolvesOnce({ Responses: { Customers: [{ id: { N: "2" } }] } });
    const result = await harness.action("batchGetItems", {
      ...base,
      keys: '[{"id": 2}, {"id": 1}]',
      consistentRead: "true",
    });
    expect(getCalls()[1]).toEqual({
      RequestItems: { Customers: { Keys: [{ id: { N: "2" } }], ConsistentRead: true } },
    });
    expect(result).toMatchObject({ data: { items: [{ id: 2 }, { id: 1 }], count: 2 } });
    expect(delays).toHaveLength(1);
  });

  it("fails loudly when keys are still unprocessed after Max Retries, or returns them when asked", async () => {
    ddbMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => {
      const keys = input.RequestItems?.Customers?.Keys ?? [];
      return {
        Responses: { Customers: keys.filter((k) => idOf(k) !== "5") },
        UnprocessedKeys: { Customers: { Keys: keys.filter((k) => idOf(k) === "5") } },
      };
    });
    const keys = JSON.stringify(people(8).map(({ id }) => ({ id })));
    await expect(
      harness.action("batchGetItems", { ...base, keys, maxRetries: "3" }),
    ).rejects.toThrow(
      'Batch Get Items: 1 of 8 keys were still unprocessed after the 3 retries Max Retries allows (DynamoDB was throttling or hit its response size limit): Keys index 5 {"id":5}.',
    );
    expect(getCalls()).toHaveLength(4);

    const result = await harness.action("batchGetItems", {
      ...base,
      keys,
      maxRetries: "1",
      returnUnprocessed: "true",
    });
    expect(result).toMatchObject({
      data: { count: 7, requested: 8, unprocessedCount: 1, unprocessedKeys: [{ id: 5 }] },
    });
  });

  describe("checks the keys before sending any", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["no keys", { keys: "" }, "Keys is required"],
      ["not an array", { keys: '{"id": 1}' }, "Keys must be a JSON array of key objects"],
      [
        "a key without the hash key",
        { keys: '[{"id": 1}, {"nope": 2}]' },
        'Keys (index 1): "nope" is not a key attribute.',
      ],
      ["a number key that is not a number", { keys: '[{"id": "abc"}]' }, "Keys (index 0)"],
      [
        "a typed key of the wrong type",
        { keys: '[{"id": {"S": "1"}}]' },
        'Keys (index 0): key attribute "id" is typed S, but the table declares it as N (number).',
      ],
      [
        "names without a projection",
        { keys: '[{"id": 1}]', expressionAttributeNames: [{ key: "#s", value: "status" }] },
        "Expression Attribute Names is set but Projection Expression is blank",
      ],
    ];
    it.each(cases)("%s", async (_name, params, message) => {
      await expect(harness.action("batchGetItems", { ...base, ...params })).rejects.toThrow(
        message,
      );
      expect(ddbMock.commandCalls(BatchGetItemCommand)).toHaveLength(0);
    });
  });

  it("says how far it got when a request fails", async () => {
    ddbMock
      .on(BatchGetItemCommand)
      .resolvesOnce({ Responses: { Customers: [{ id: { N: "1" } }] } })
      .rejects(awsError("ValidationException", "Too many items requested"));
    await expect(
      harness.action("batchGetItems", {
        ...base,
        keys: JSON.stringify(people(150).map(({ id }) => ({ id }))),
        concurrency: "1",
      }),
    ).rejects.toThrow(
      'BatchGetItem failed on table "Customers" in region us-east-1: ValidationException: Too many items requested. Before it failed, 100 of 150 keys had been read (1 item found, in the error\'s items); the other 50 keys were not read or not confirmed (the error\'s unreadKeys): Keys index 100 {"id":100}; Keys index 101 {"id":101}; Keys index 102 {"id":102}; Keys index 103 {"id":103}; Keys index 104 {"id":104}; and 45 more.',
    );
  });

  it("accepts typed keys as Return DynamoDB JSON gives them", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Customers: [] } });
    await harness.action("batchGetItems", { ...base, keys: '[{"id": {"N": "7"}}]' });
    expect(getCalls()[0]?.RequestItems?.Customers?.Keys).toEqual([{ id: { N: "7" } }]);
  });
});

describe("canonicalNumber", () => {
  it.each([
    ["1", "1e0"],
    ["1.0", "1e0"],
    ["10E-1", "1e0"],
    ["0.010", "1e-2"],
    ["-00120", "-12e1"],
    ["0", "0"],
    ["-0.000", "0"],
    ["12345678901234567890123456789012345678", "12345678901234567890123456789012345678e0"],
  ])("%s -> %s", (input, expected) => {
    expect(canonicalNumber(input)).toBe(expected);
  });
});

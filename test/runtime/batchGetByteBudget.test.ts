/**
 * Batch Get Items holds and returns at most its byte budget (5 MB of items as JSON text): it
 * stops requesting keys once the budget is reached and returns the keys not read, as given in
 * Keys, so that a later step can read the rest. 3,000 keys of 380 KB items ended the process
 * with "heap out of memory"; in a child process with a 256 MB heap the step now finishes.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { BATCH_GET_BYTE_BUDGET } from "../../src/engines/batchGet";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { debugNote } from "../support/quiet";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const ddbMock = mockClient(DynamoDBClient);
const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

interface BatchGetData {
  items: { id: number; body: string }[];
  count: number;
  requested: number;
  truncated: boolean;
  truncatedReason: string | null;
  unreadCount: number;
  unreadKeys: unknown[];
}

/** Items of 100 KB of text: about 52 fit the budget. */
function serveItems() {
  ddbMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => {
    const keys = input.RequestItems?.Customers?.Keys ?? [];
    // Items come back in another order than the keys, as DynamoDB may answer.
    const items = [...keys].reverse().map((key) => ({
      id: key.id as AttributeValue,
      body: { S: "b".repeat(100 * 1024) },
    }));
    return { Responses: { Customers: items }, UnprocessedKeys: {} };
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  });
});

describe("Batch Get Items' byte budget", () => {
  it("returns at most 5 MB of items and the keys it did not read, as given, in Keys order", async () => {
    serveItems();
    // Keys given as text, to show that unreadKeys are the keys as given, not as sent.
    const keys = Array.from({ length: 300 }, (_, id) => ({ id: String(id) }));
    const { data } = (await harness.action("batchGetItems", {
      ...base,
      keys: JSON.stringify(keys),
    })) as { data: BatchGetData };
    expect(BATCH_GET_BYTE_BUDGET).toBe(5 * 1024 * 1024);
    expect(Buffer.byteLength(JSON.stringify(data.items), "utf8")).toBeLessThanOrEqual(
      BATCH_GET_BYTE_BUDGET,
    );
    expect(data).toMatchObject({ truncated: true, truncatedReason: "byteBudget", requested: 300 });
    // Every key is either returned or unread: none lost, none twice.
    const returned = data.items.map((item) => item.id);
    expect(returned).toEqual([...returned].sort((a, b) => a - b));
    expect(data.unreadCount).toBe(300 - data.count);
    expect([...returned.map((id) => ({ id: String(id) })), ...data.unreadKeys]).toEqual(
      expect.arrayContaining(keys),
    );
    expect(data.unreadKeys).toHaveLength(data.unreadCount);
    expect(
      new Set([...returned.map(String), ...data.unreadKeys.map((k) => (k as { id: string }).id)])
        .size,
    ).toBe(300);
  });

  it("stops requesting keys once the budget is reached", async () => {
    serveItems();
    const keys = Array.from({ length: 2_000 }, (_, id) => ({ id }));
    const { data } = (await harness.action("batchGetItems", {
      ...base,
      keys: JSON.stringify(keys),
    })) as { data: BatchGetData };
    const sent = ddbMock
      .commandCalls(BatchGetItemCommand)
      .reduce(
        (sum, call) => sum + (call.args[0].input.RequestItems?.Customers?.Keys?.length ?? 0),
        0,
      );
    // The first request of 100 keys already holds more than the budget: no second one is sent.
    expect(sent).toBe(100);
    expect(data.unreadCount).toBe(2_000 - data.count);
    expect(data.unreadKeys[data.unreadKeys.length - 1]).toEqual({ id: 1_999 });
  });

  it("a later step reads the rest by passing unreadKeys back as Keys", async () => {
    serveItems();
    let keys: unknown[] = Array.from({ length: 150 }, (_, id) => ({ id }));
    const read: number[] = [];
    for (let run = 0; run < 10 && keys.length > 0; run++) {
      const { data } = (await harness.action("batchGetItems", {
        ...base,
        keys: JSON.stringify(keys),
      })) as { data: BatchGetData };
      read.push(...data.items.map((item) => item.id));
      keys = data.unreadKeys;
    }
    expect(read.sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, id) => id));
  });

  it("a projection without the key still names the unread keys: the key is read and left out", async () => {
    serveItems();
    const keys = Array.from({ length: 200 }, (_, id) => ({ id }));
    const { data } = (await harness.action("batchGetItems", {
      ...base,
      keys: JSON.stringify(keys),
      projectionExpression: "body",
    })) as { data: BatchGetData };
    const sent = ddbMock.commandCalls(BatchGetItemCommand)[0]?.args[0].input;
    expect(sent?.RequestItems?.Customers).toMatchObject({
      ProjectionExpression: "body, #key0",
      ExpressionAttributeNames: { "#key0": "id" },
    });
    expect(data.items.every((item) => !("id" in item))).toBe(true);
    expect(data.truncated).toBe(true);
    expect(data.count + data.unreadCount).toBe(200);
    // The unread keys are the last ones: the items returned are those of the first keys.
    expect(data.unreadKeys[0]).toEqual({ id: data.count });
  });

  it("under the budget nothing changes: truncated false, no unread keys", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({
      Responses: { Customers: [{ id: { N: "1" }, name: { S: "Ada" } }] },
      UnprocessedKeys: {},
    });
    const { data } = (await harness.action("batchGetItems", {
      ...base,
      keys: '[{"id": 1}, {"id": 2}]',
    })) as { data: BatchGetData };
    expect(data).toMatchObject({
      count: 1,
      truncated: false,
      truncatedReason: null,
      unreadCount: 0,
      unreadKeys: [],
    });
  });

  it("3,000 keys of 380 KB items: a 256 MB heap survives, RSS and event-loop delay stay bounded", async () => {
    const child = path.join(__dirname, "../support/children/batchGetLarge.ts");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--max-old-space-size=256", ...TYPESCRIPT_CHILD, child],
      { env: { ...process.env, KEYS: "3000" }, maxBuffer: 16 * 2 ** 20, timeout: 90_000 },
    );
    const lines = stdout.trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1] as string);
    expect(result).toMatchObject({ truncated: true, truncatedReason: "byteBudget", requests: 1 });
    expect(result.itemsBytes).toBeLessThanOrEqual(BATCH_GET_BYTE_BUDGET);
    expect(result.count + result.unreadCount).toBe(3_000);
    expect(result.rssMB).toBeLessThan(400);
    expect(result.heapMB).toBeLessThan(200);
    // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
    debugNote(
      `longest stretch ${result.longestStretchCpuMs.toFixed(0)} ms CPU, gap ${result.longestGapMs.toFixed(0)} ms wall`,
    );
    expect(result.longestStretchCpuMs).toBeLessThan(1_000);
  }, 120_000);

  it("Batch Get Items (Multiple Tables): 3,000 keys of 380 KB items over 3 tables stay as bounded", async () => {
    const child = path.join(__dirname, "../support/children/batchGetLarge.ts");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--max-old-space-size=256", ...TYPESCRIPT_CHILD, child],
      {
        env: { ...process.env, KEYS: "3000", TABLES: "3" },
        maxBuffer: 16 * 2 ** 20,
        timeout: 90_000,
      },
    );
    const lines = stdout.trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1] as string);
    expect(result).toMatchObject({ truncated: true, truncatedReason: "byteBudget", requests: 1 });
    expect(result.itemsBytes).toBeLessThanOrEqual(BATCH_GET_BYTE_BUDGET);
    expect(result.count + result.unreadCount).toBe(3_000);
    expect(result.unreadKeys).toHaveLength(result.unreadCount);
    expect(result.rssMB).toBeLessThan(400);
    expect(result.heapMB).toBeLessThan(200);
    // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
    debugNote(
      `longest stretch ${result.longestStretchCpuMs.toFixed(0)} ms CPU, gap ${result.longestGapMs.toFixed(0)} ms wall`,
    );
    expect(result.longestStretchCpuMs).toBeLessThan(1_000);
  }, 120_000);
});

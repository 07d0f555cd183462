/**
 * Delete Items against DynamoDB Local: bounded runs that follow the cursor delete exactly the
 * selected items (a partition of 3,000, a Filter Expression and sort key condition, a global
 * secondary index), and Dry Run counts them without deleting any.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { deleteItems } from "../../src/actions/batch/deleteItems";
import { clearClientCache } from "../../src/aws/client";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { expectMatchesSchema } from "../support/schema";

const events = uniqueTableName("del_events");
const sessions = uniqueTableName("del_sessions");
let client: DynamoDBClient;

const TARGET = "tenant-7";
const TARGET_COUNT = 3_000;
const TOTAL = 10_000;

interface DeleteData {
  deleted: number;
  matched: number;
  dryRun: boolean;
  lastEvaluatedKey: Record<string, unknown> | null;
  truncated: boolean;
  unprocessedCount: number;
  unprocessed: unknown[];
}

const base = () => ({ awsConnection: localConnection(), awsRegion: LOCAL_REGION });

async function putAll(table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

async function countAll(table: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, Select: "COUNT", ExclusiveStartKey }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

async function countPartition(table: string, tenant: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "tenant = :t",
        ExpressionAttributeValues: { ":t": { S: tenant } },
        Select: "COUNT",
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

async function run(params: Record<string, unknown>): Promise<DeleteData> {
  const result = await harness.action("deleteItems", {
    ...base(),
    tableName: events,
    keyConditionExpression: "tenant = :t",
    expressionAttributeValues: [{ key: ":t", value: TARGET }],
    expressionAttributeValueTypes: [{ key: ":t", value: "S" }],
    ...params,
  });
  expectMatchesSchema(deleteItems, result);
  return (result as { data: DeleteData }).data;
}

beforeAll(async () => {
  client = rawClient();
  await Promise.all([
    createTestTable(events, {
      hashKey: { name: "tenant", type: "S" },
      rangeKey: { name: "seq", type: "N" },
    }),
    createTestTable(sessions, {
      hashKey: { name: "id", type: "S" },
      gsi: [{ name: "byState", hashKey: { name: "state", type: "S" } }],
    }),
  ]);
  // 3,000 items in the target partition among 10,000; the others in partitions on both sides.
  const items: Record<string, AttributeValue>[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const inTarget = i < TARGET_COUNT;
    items.push({
      tenant: { S: inTarget ? TARGET : `tenant-${i % 2 === 0 ? 6 : 8}-${i % 5}` },
      seq: { N: String(i) },
      payload: { S: `event ${i}` },
    });
  }
  await putAll(events, items);
}, 300_000);

afterAll(async () => {
  await Promise.all([deleteTestTable(events), deleteTestTable(sessions)]);
  client.destroy();
  clearClientCache();
});

describe("deleteItems", () => {
  it("Dry Run counts the partition in bounded runs and deletes nothing", async () => {
    const first = await run({ dryRun: "true", maxItems: "2000" });
    expect(first).toEqual(
      expect.objectContaining({ deleted: 0, matched: 2000, dryRun: true, truncated: true }),
    );
    expect(first.lastEvaluatedKey).toEqual({ tenant: TARGET, seq: expect.any(Number) });
    const second = await run({
      dryRun: "true",
      maxItems: "2000",
      exclusiveStartKey: JSON.stringify(first.lastEvaluatedKey),
    });
    expect(second).toEqual(
      expect.objectContaining({
        deleted: 0,
        matched: 1000,
        truncated: false,
        lastEvaluatedKey: null,
      }),
    );
    expect(await countAll(events)).toBe(TOTAL);
  });

  it("deletes exactly the 3,000 items of the partition over several bounded runs", async () => {
    let cursor: Record<string, unknown> | null = null;
    let deleted = 0;
    let runs = 0;
    do {
      const data: DeleteData = await run({
        maxItems: "700",
        ...(cursor ? { exclusiveStartKey: cursor } : {}),
      });
      runs += 1;
      expect(data.deleted).toBe(data.matched);
      expect(data.matched).toBeLessThanOrEqual(700);
      expect(data.unprocessedCount).toBe(0);
      expect(data.truncated).toBe(data.lastEvaluatedKey !== null);
      deleted += data.deleted;
      cursor = data.lastEvaluatedKey;
      expect(runs).toBeLessThan(10);
    } while (cursor);
    expect(deleted).toBe(TARGET_COUNT);
    expect(runs).toBeGreaterThanOrEqual(5);
    expect(await countPartition(events, TARGET)).toBe(0);
    expect(await countAll(events)).toBe(TOTAL - TARGET_COUNT);
    // A run over the now empty partition finds nothing.
    expect(await run({})).toEqual(
      expect.objectContaining({ deleted: 0, matched: 0, truncated: false, lastEvaluatedKey: null }),
    );
  }, 300_000);

  it("deletes only what the Filter Expression and a sort key condition select", async () => {
    const tenant = "tenant-6-0";
    const before = await countPartition(events, tenant);
    const data = await run({
      keyConditionExpression: "tenant = :t AND seq BETWEEN :lo AND :hi",
      filterExpression: "contains(#p, :zero)",
      expressionAttributeNames: [{ key: "#p", value: "payload" }],
      expressionAttributeValues: [
        { key: ":t", value: tenant },
        { key: ":lo", value: "3000" },
        { key: ":hi", value: "3999" },
        { key: ":zero", value: "00" },
      ],
      expressionAttributeValueTypes: [
        { key: ":t", value: "S" },
        { key: ":lo", value: "N" },
        { key: ":hi", value: "N" },
        { key: ":zero", value: "S" },
      ],
    });
    // seq 3000..3999 in tenant-6-0 (i % 10 === 0): 3000, 3010, ..., 3990; with "00": 3000, 3100, ..., 3900.
    expect(data).toEqual(expect.objectContaining({ deleted: 10, matched: 10, truncated: false }));
    expect(await countPartition(events, tenant)).toBe(before - 10);
  });

  it("finds items by a global secondary index and deletes them by the table key", async () => {
    await putAll(
      sessions,
      Array.from({ length: 60 }, (_, i) => ({
        id: { S: `session-${i}` },
        state: { S: i % 3 === 0 ? "expired" : "active" },
      })),
    );
    const result = await harness.action("deleteItems", {
      ...base(),
      tableName: sessions,
      indexName: "byState",
      keyConditionExpression: "#s = :s",
      expressionAttributeNames: [{ key: "#s", value: "state" }],
      expressionAttributeValues: [{ key: ":s", value: "expired" }],
      expressionAttributeValueTypes: [{ key: ":s", value: "S" }],
    });
    expectMatchesSchema(deleteItems, result);
    expect((result as { data: DeleteData }).data).toEqual(
      expect.objectContaining({ deleted: 20, matched: 20, truncated: false }),
    );
    expect(await countAll(sessions)).toBe(40);
  });
});

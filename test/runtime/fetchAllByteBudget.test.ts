/**
 * Fetch All's byte budget (Query Items, Scan Items, Raw Request) counts the output as it is
 * serialised, in the form returned (plain JSON or DynamoDB JSON); a parallel scan keeps few
 * segment requests in flight and its segment cursors continue exactly where each segment stopped;
 * and a projection that already names the key attributes sends no empty name map.
 */

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { DEFAULT_BYTE_BUDGET } from "../../src/common/limits";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { debugNote } from "../support/quiet";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const ddbMock = mockClient(DynamoDBClient);
const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};
const DESCRIBE = {
  Table: {
    TableName: "Customers",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" as const }],
  },
};

type Item = Record<string, AttributeValue>;

/** An item of 2,000 NULLs: 4 KB to DynamoDB, about 28 KB as DynamoDB JSON. */
function nullsItem(id: number): Item {
  return {
    id: { N: String(id) },
    nulls: { L: Array.from({ length: 2_000 }, () => ({ NULL: true })) },
  };
}

/** Pages of `perPage` items of ids from..; the cursor is the last item's key. */
function page(
  ids: number[],
  start: number | undefined,
  perPage: number,
  make: (id: number) => Item,
) {
  const from = start === undefined ? 0 : ids.indexOf(start) + 1;
  const pageIds = ids.slice(from, from + perPage);
  const more = from + pageIds.length < ids.length;
  return {
    Items: pageIds.map(make),
    Count: pageIds.length,
    ScannedCount: pageIds.length,
    LastEvaluatedKey: more ? { id: { N: String(pageIds[pageIds.length - 1]) } } : undefined,
  };
}

const range = (count: number, from = 0) => Array.from({ length: count }, (_, i) => from + i);
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(DESCRIBE);
});

describe("Fetch All's byte budget counts the output as serialised", () => {
  it("Scan Items with DynamoDB JSON stops at 5 MB of JSON text, with the cursor after the last item", async () => {
    const ids = range(1_000);
    ddbMock
      .on(ScanCommand)
      .callsFake(async (input: ScanCommandInput) =>
        page(ids, input.ExclusiveStartKey && Number(input.ExclusiveStartKey.id?.N), 200, nullsItem),
      );
    const { data } = (await harness.action("scanItems", {
      ...base,
      fetchAll: true,
      returnDynamoJson: true,
    })) as {
      data: { items: Item[]; lastEvaluatedKey: Item; truncated: boolean; truncatedReason: string };
    };
    // By DynamoDB's item size (4 KB each) 1,000 items are under 5 MB; as JSON they are ~28 MB.
    expect(jsonBytes(data.items)).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET);
    expect(jsonBytes(data.items)).toBeGreaterThan(DEFAULT_BYTE_BUDGET - 30_000);
    expect(data).toMatchObject({ truncated: true, truncatedReason: "byteBudget" });
    const last = data.items[data.items.length - 1];
    expect(data.lastEvaluatedKey).toEqual({ id: last?.id });
  });

  it("Query Items in plain JSON stops at 5 MB of plain JSON text", async () => {
    const ids = range(1_000);
    ddbMock
      .on(QueryCommand)
      .callsFake(async (input: QueryCommandInput) =>
        page(ids, input.ExclusiveStartKey && Number(input.ExclusiveStartKey.id?.N), 200, nullsItem),
      );
    const { data } = (await harness.action("queryItems", {
      ...base,
      keyConditionExpression: "id = :id",
      expressionAttributeValues: { ":id": "1" },
      expressionAttributeValueTypes: { ":id": "N" },
      fetchAll: true,
    })) as {
      data: { items: { id: number }[]; lastEvaluatedKey: { id: number }; truncated: boolean };
    };
    // Plain: 2,000 nulls are ~10 KB an item, so about 500 items fit.
    expect(jsonBytes(data.items)).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET);
    expect(data.items.length).toBeGreaterThan(400);
    expect(data.items.length).toBeLessThan(600);
    expect(data.truncated).toBe(true);
    expect(data.lastEvaluatedKey).toEqual({ id: data.items[data.items.length - 1]?.id });
  });

  it("Raw Request sizes each page's Limit by the room left, and stays near the budget", async () => {
    const ids = range(1_000);
    ddbMock.on(ExecuteStatementCommand).callsFake(async (input: ExecuteStatementCommandInput) => {
      const from = input.NextToken === undefined ? 0 : Number(input.NextToken);
      const count = Math.min(input.Limit ?? 100, 100, ids.length - from);
      const more = from + count < ids.length;
      return {
        Items: ids.slice(from, from + count).map(nullsItem),
        NextToken: more ? String(from + count) : undefined,
      };
    });
    const { data } = (await harness.action("rawRequest", {
      awsConnection: base.awsConnection,
      awsRegion: base.awsRegion,
      statement: 'SELECT * FROM "Customers"',
      fetchAll: true,
      returnDynamoJson: true,
    })) as { data: { items: unknown[]; nextToken: string | null; truncated: boolean } };
    const limits = ddbMock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.Limit);
    // The first page is unbounded by bytes; later ones ask for what the room holds.
    expect(limits[limits.length - 1]).toBeLessThan(100);
    // A page cannot be cut, but it holds no more than the room left (plus one item).
    expect(jsonBytes(data.items)).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET + 30_000);
    expect(data.truncated).toBe(true);
    expect(data.nextToken).toBe(String(data.items.length));
  });
});

describe("memory and event loop", () => {
  it("a DynamoDB JSON scan of lists of NULLs in a 256 MB heap: 5 MB out, bounded heap and loop delay", async () => {
    const child = path.join(__dirname, "../support/children/scanNulls.ts");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--max-old-space-size=256", ...TYPESCRIPT_CHILD, child],
      { timeout: 90_000 },
    );
    const lines = stdout.trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1] as string);
    expect(result).toMatchObject({ truncated: true, truncatedReason: "byteBudget" });
    // Measured by DynamoDB's item size this was 36 MB of JSON and 220 MB of heap.
    expect(result.itemsBytes).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET);
    expect(result.heapMB).toBeLessThan(160);
    // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
    debugNote(
      `longest stretch ${result.longestStretchCpuMs.toFixed(0)} ms CPU, gap ${result.longestGapMs.toFixed(0)} ms wall`,
    );
    expect(result.longestStretchCpuMs).toBeLessThan(250);
  }, 120_000);
});

describe("a parallel scan shares one budget with few requests in flight", () => {
  it("64 segments: at most 5 requests at once, and the segment cursors continue without loss or repeat", async () => {
    const ids = range(2_000);
    let inFlight = 0;
    let most = 0;
    ddbMock.on(ScanCommand).callsFake(async (input: ScanCommandInput) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      const total = input.TotalSegments ?? 1;
      const segmentIds = ids.filter((id) => id % total === input.Segment);
      const start = input.ExclusiveStartKey && Number(input.ExclusiveStartKey.id?.N);
      return page(segmentIds, start, 10, nullsItem);
    });
    const seenIds: number[] = [];
    let cursors: unknown;
    for (let run = 0; run < 20; run++) {
      const { data } = (await harness.action("scanItems", {
        ...base,
        fetchAll: true,
        totalSegments: "64",
        ...(cursors ? { exclusiveStartKey: JSON.stringify(cursors) } : {}),
      })) as { data: { items: { id: number }[]; truncated: boolean; segmentCursors: unknown[] } };
      expect(jsonBytes(data.items)).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET);
      seenIds.push(...data.items.map((item) => item.id));
      if (!data.truncated) break;
      cursors = data.segmentCursors;
    }
    // 5 MB / 1 MB pages: five segments read at once, not 64.
    expect(most).toBeLessThanOrEqual(5);
    expect(seenIds.length).toBe(ids.length);
    expect(new Set(seenIds).size).toBe(ids.length);
    // 28 MB of mocked pages, each checked before it is read (src/aws/mockedAnswers.ts).
  }, 30_000);
});

describe("no empty ExpressionAttributeNames is sent", () => {
  it("Scan Items, Fetch All, with a projection that names the key", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [{ id: { N: "1" }, n: { N: "2" } }] });
    await harness.action("scanItems", { ...base, fetchAll: true, projectionExpression: "id, n" });
    const sent = ddbMock.commandCalls(ScanCommand)[0]?.args[0].input;
    expect(sent?.ProjectionExpression).toBe("id, n");
    expect(sent?.ExpressionAttributeNames).toBeUndefined();
  });

  it("Query Items, Fetch All, with a projection that names the key", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ id: { N: "1" }, n: { N: "2" } }] });
    await harness.action("queryItems", {
      ...base,
      keyConditionExpression: "id = :id",
      expressionAttributeValues: { ":id": "1" },
      expressionAttributeValueTypes: { ":id": "N" },
      fetchAll: true,
      projectionExpression: "id, n",
    });
    const sent = ddbMock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(sent?.ProjectionExpression).toBe("id, n");
    expect(sent?.ExpressionAttributeNames).toBeUndefined();
  });
});

/**
 * Every loop that follows cursors ends, whatever the endpoint answers: an endpoint that gives
 * empty pages with ever new cursors, or cycles between cursors, cannot hold a step forever. With
 * the SDK mocked; the page limit is lowered so that the tests stay short.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  ListBackupsCommand,
  ListTablesCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { mockClient } from "aws-sdk-client-mock";
import { MAX_PAGES } from "../../src/common/limits";
import { pagingLimits } from "../../src/engines/paging";
import { listShards } from "../../src/engines/streams";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);
const LIMIT = 25;
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";
const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };

let counter = 0;
/** A fresh cursor per page: the endless case. */
const fresh = () => `c${++counter}`;

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  streamsMock.reset();
  pagingLimits.maxPages = LIMIT;
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    },
  });
  ddbMock.on(ListBackupsCommand).callsFake(async () => ({
    BackupSummaries: [],
    LastEvaluatedBackupArn: `${TABLE_ARN}/backup/${fresh()}`,
  }));
  ddbMock.on(ListTablesCommand).callsFake(async () => ({
    TableNames: [],
    LastEvaluatedTableName: fresh(),
  }));
  ddbMock.on(QueryCommand).callsFake(async () => ({
    Items: [],
    Count: 0,
    ScannedCount: 0,
    LastEvaluatedKey: { id: { S: fresh() } },
  }));
  ddbMock.on(ScanCommand).callsFake(async () => ({
    Items: [],
    Count: 0,
    ScannedCount: 0,
    LastEvaluatedKey: { id: { S: fresh() } },
  }));
  ddbMock.on(ExecuteStatementCommand).callsFake(async () => ({ Items: [], NextToken: fresh() }));
});

afterAll(() => {
  pagingLimits.maxPages = MAX_PAGES;
  ddbMock.restore();
  streamsMock.restore();
});

describe("the page limit", () => {
  it("is 1,000 pages per loop", () => {
    expect(MAX_PAGES).toBe(1_000);
  });

  it.each([
    [
      "queryItems",
      {
        tableName: "Customers",
        keyConditionExpression: "id = :id",
        expressionAttributeValues: '{":id": "1"}',
        expressionAttributeValueTypes: '{":id": "S"}',
      },
      QueryCommand,
      "lastEvaluatedKey",
    ],
    ["scanItems", { tableName: "Customers" }, ScanCommand, "lastEvaluatedKey"],
    [
      "rawRequest",
      { statement: 'SELECT * FROM "Customers"' },
      ExecuteStatementCommand,
      "nextToken",
    ],
  ] as const)(
    "%s with Fetch All stops at the limit, truncated, with the cursor to continue",
    async (key, params, command, cursorName) => {
      const result = (await harness.action(key, { ...base, ...params, fetchAll: "true" })) as {
        data: Record<string, unknown>;
      };
      expect(result.data).toMatchObject({
        truncated: true,
        truncatedReason: "pageLimit",
        count: 0,
      });
      expect(result.data[cursorName]).not.toBeNull();
      expect(ddbMock.commandCalls(command as never)).toHaveLength(LIMIT);
    },
  );

  it("listBackups with Fetch All stops at the limit, truncated, with the cursor to continue", async () => {
    const result = (await harness.action("listBackups", { ...base, fetchAll: "true" })) as {
      data: { truncated: boolean; lastEvaluatedBackupArn: string | null };
    };
    expect(result.data.truncated).toBe(true);
    expect(result.data.lastEvaluatedBackupArn).toMatch(/\/backup\/c\d+$/);
    expect(ddbMock.commandCalls(ListBackupsCommand)).toHaveLength(LIMIT);
  });

  it("selectBackup stops at the limit", async () => {
    await harness.dataSource("selectBackup", { ...base, tableName: "Customers" });
    expect(ddbMock.commandCalls(ListBackupsCommand)).toHaveLength(LIMIT);
  });

  it.each([
    ["listTables", () => harness.action("listTables", { ...base, fetchAll: "true" })],
    ["selectTable", () => harness.dataSource("selectTable", base)],
  ])("%s fails at the limit with a clear error", async (_key, run) => {
    await expect(run()).rejects.toThrow(
      /^ListTables: stopped after 25 pages, the most one step reads/,
    );
    expect(ddbMock.commandCalls(ListTablesCommand)).toHaveLength(LIMIT);
  });

  it("the shards of a stream: fails at the limit with a clear error", async () => {
    streamsMock.on(DescribeStreamCommand).callsFake(async () => ({
      StreamDescription: { Shards: [], LastEvaluatedShardId: fresh() },
    }));
    const client = new DynamoDBStreamsClient({ region: "us-east-1" });
    await expect(
      listShards(client, `${TABLE_ARN}/stream/x`, { region: "us-east-1" }),
    ).rejects.toThrow(/^DescribeStream: stopped after 25 pages/);
    expect(streamsMock.commandCalls(DescribeStreamCommand)).toHaveLength(LIMIT);
  });
});

describe("a cursor given twice (a cycle)", () => {
  const cycle = (a: string, b: string) => {
    let n = 0;
    return () => (n++ % 2 === 0 ? a : b);
  };

  it("ends the shards of a stream with an error, after two pages", async () => {
    const next = cycle("shard-a", "shard-b");
    streamsMock.on(DescribeStreamCommand).callsFake(async () => ({
      StreamDescription: { Shards: [], LastEvaluatedShardId: next() },
    }));
    const client = new DynamoDBStreamsClient({ region: "us-east-1" });
    await expect(
      listShards(client, `${TABLE_ARN}/stream/x`, { region: "us-east-1" }),
    ).rejects.toThrow(/^DescribeStream: the endpoint gave a cursor it had already given/);
    expect(streamsMock.commandCalls(DescribeStreamCommand)).toHaveLength(3);
  });

  it("ends List Tables with an error", async () => {
    const next = cycle("t-a", "t-b");
    ddbMock
      .on(ListTablesCommand)
      .callsFake(async () => ({ TableNames: ["x"], LastEvaluatedTableName: next() }));
    await expect(harness.action("listTables", { ...base, fetchAll: "true" })).rejects.toThrow(
      /^ListTables: the endpoint gave a cursor it had already given/,
    );
  });

  it("ends Query's Fetch All with an error rather than a silent end", async () => {
    const next = cycle("k-a", "k-b");
    ddbMock
      .on(QueryCommand)
      .callsFake(async () => ({ Items: [], LastEvaluatedKey: { id: { S: next() } } }));
    await expect(
      harness.action("queryItems", {
        ...base,
        tableName: "Customers",
        keyConditionExpression: "id = :id",
        expressionAttributeValues: '{":id": "1"}',
        expressionAttributeValueTypes: '{":id": "S"}',
        fetchAll: "true",
      }),
    ).rejects.toThrow(/the endpoint gave a cursor it had already given/);
  });

  it("ends List Backups with an error", async () => {
    const next = cycle(`${TABLE_ARN}/backup/a`, `${TABLE_ARN}/backup/b`);
    ddbMock
      .on(ListBackupsCommand)
      .callsFake(async () => ({ BackupSummaries: [], LastEvaluatedBackupArn: next() }));
    await expect(harness.action("listBackups", { ...base, fetchAll: "true" })).rejects.toThrow(
      /the endpoint gave a cursor it had already given/,
    );
  });
});

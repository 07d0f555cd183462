/**
 * Update Table, the Time to Live actions and the Select Index data source against DynamoDB Local:
 * streams, deletion protection and capacity change as asked and DescribeTable shows it, a request
 * that changes nothing is refused, TTL is enabled, described, repeated and disabled, and Select
 * Index lists a table's global and local indexes, sorted.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { clearClientCache } from "../../src/aws/client";
import { waitForTableActive } from "../../tools/dynamoLocal";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

const plain = uniqueTableName("admin_plain");
const indexed = uniqueTableName("admin_indexed");
const provisioned = uniqueTableName("admin_prov");
let client: DynamoDBClient;

interface TableResult {
  data: {
    table: {
      TableName?: string;
      StreamSpecification?: { StreamEnabled?: boolean; StreamViewType?: string };
      LatestStreamArn?: string;
      DeletionProtectionEnabled?: boolean;
      ProvisionedThroughput?: { ReadCapacityUnits?: number; WriteCapacityUnits?: number };
      CreationDateTime?: unknown;
    };
  };
}

const base = () => ({ awsConnection: localConnection(), awsRegion: LOCAL_REGION });

async function run<T>(key: string, params: Record<string, unknown>): Promise<T> {
  return (await harness.action(key, { ...base(), ...params })) as T;
}

async function describe_(table: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  return Table;
}

beforeAll(async () => {
  client = rawClient();
  await Promise.all([
    createTestTable(plain, { hashKey: { name: "id", type: "S" } }),
    createTestTable(indexed, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "S" },
      gsi: [
        { name: "byEmail", hashKey: { name: "email", type: "S" } },
        { name: "Active", hashKey: { name: "status", type: "S" } },
      ],
    }),
  ]);
  // A local secondary index and provisioned capacity need a table made by hand.
  await client.send(
    new CreateTableCommand({
      TableName: provisioned,
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "city", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "byCity",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "city", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    }),
  );
  await waitForTableActive(client, provisioned);
});

afterAll(async () => {
  await Promise.all([plain, indexed, provisioned].map(deleteTestTable));
  client.destroy();
  clearClientCache();
});

describe("updateTable", () => {
  it("enables a stream, which DescribeTable then shows with its LatestStreamArn", async () => {
    const result = await run<TableResult>("updateTable", {
      tableName: plain,
      streamViewType: "NEW_AND_OLD_IMAGES",
    });
    expect(result.data.table.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    });
    expect(result.data.table.LatestStreamArn).toMatch(new RegExp(`table/${plain}/stream/`));
    expect(typeof result.data.table.CreationDateTime).toBe("string");
    const described = await describe_(plain);
    expect(described?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    });
    expect(described?.LatestStreamArn).toBe(result.data.table.LatestStreamArn);
  });

  it("disables the stream with DISABLED", async () => {
    await run<TableResult>("updateTable", { tableName: plain, streamViewType: "DISABLED" });
    const described = await describe_(plain);
    expect(described?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
  });

  it("turns deletion protection on and off (blank leaves it alone)", async () => {
    const on = await run<TableResult>("updateTable", {
      tableName: plain,
      deletionProtection: "true",
    });
    expect(on.data.table.DeletionProtectionEnabled).toBe(true);
    expect((await describe_(plain))?.DeletionProtectionEnabled).toBe(true);
    // Deleting is refused while protected.
    await expect(harness.action("deleteTable", { ...base(), tableName: plain })).rejects.toThrow();
    await run<TableResult>("updateTable", {
      tableName: plain,
      streamViewType: "KEYS_ONLY",
      waitUntilActive: "true",
    });
    expect((await describe_(plain))?.DeletionProtectionEnabled).toBe(true);
    const off = await run<TableResult>("updateTable", {
      tableName: plain,
      deletionProtection: "false",
    });
    expect(off.data.table.DeletionProtectionEnabled).toBe(false);
    expect((await describe_(plain))?.DeletionProtectionEnabled).toBe(false);
  });

  it("changes provisioned capacity", async () => {
    const result = await run<TableResult>("updateTable", {
      tableName: provisioned,
      readCapacityUnits: "7",
      writeCapacityUnits: "3",
    });
    expect(result.data.table.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 7,
      WriteCapacityUnits: 3,
    });
    expect((await describe_(provisioned))?.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 7,
      WriteCapacityUnits: 3,
    });
  });

  it("refuses to send a request that changes nothing", async () => {
    await expect(run("updateTable", { tableName: plain })).rejects.toThrow(/^Nothing to change/);
  });

  it("names the table when it does not exist", async () => {
    const missing = uniqueTableName("admin_missing");
    await expect(
      run("updateTable", { tableName: missing, deletionProtection: "false" }),
    ).rejects.toThrow(
      new RegExp(
        `^UpdateTable failed on table "${missing}" in region ${LOCAL_REGION}: ResourceNotFoundException`,
      ),
    );
  });
});

describe("Time to Live", () => {
  it("is disabled on a new table", async () => {
    await expect(run("describeTimeToLive", { tableName: indexed })).resolves.toEqual({
      data: { timeToLive: { TimeToLiveStatus: "DISABLED", AttributeName: null } },
    });
  });

  it("enables, describes, tolerates a repeat, and disables", async () => {
    await expect(
      run("updateTimeToLive", { tableName: indexed, ttlAttribute: "expiresAt" }),
    ).resolves.toEqual({
      data: { timeToLive: { Enabled: true, AttributeName: "expiresAt" }, changed: true },
    });
    await expect(run("describeTimeToLive", { tableName: indexed })).resolves.toEqual({
      data: { timeToLive: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" } },
    });
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: indexed }),
    );
    expect(TimeToLiveDescription).toEqual({
      TimeToLiveStatus: "ENABLED",
      AttributeName: "expiresAt",
    });

    // Running the step again is not a failure.
    await expect(
      run("updateTimeToLive", { tableName: indexed, ttlAttribute: "expiresAt" }),
    ).resolves.toEqual({
      data: { timeToLive: { Enabled: true, AttributeName: "expiresAt" }, changed: false },
    });
    // Another attribute while enabled: the message says which one is in use.
    await expect(
      run("updateTimeToLive", { tableName: indexed, ttlAttribute: "ttl" }),
    ).rejects.toThrow(
      /Time to Live is enabled on the attribute "expiresAt", not "ttl"\. Disable it first/,
    );
    await expect(
      run("updateTimeToLive", { tableName: indexed, ttlAttribute: "ttl", enabled: "false" }),
    ).rejects.toThrow(
      /Time to Live is enabled on the attribute "expiresAt", not "ttl"\. To disable it, give TTL Attribute expiresAt\./,
    );

    await expect(
      run("updateTimeToLive", { tableName: indexed, ttlAttribute: "expiresAt", enabled: "false" }),
    ).resolves.toEqual({
      data: { timeToLive: { Enabled: false, AttributeName: "expiresAt" }, changed: true },
    });
    await expect(run("describeTimeToLive", { tableName: indexed })).resolves.toEqual({
      data: { timeToLive: { TimeToLiveStatus: "DISABLED", AttributeName: null } },
    });
  });
});

describe("selectIndex", () => {
  it("lists the global indexes of a table, sorted", async () => {
    await expect(
      harness.dataSource("selectIndex", { ...base(), tableName: indexed }),
    ).resolves.toEqual({
      result: [
        { key: "Active", label: "Active (global)" },
        { key: "byEmail", label: "byEmail (global)" },
      ],
    });
  });

  it("lists local indexes", async () => {
    await expect(
      harness.dataSource("selectIndex", { ...base(), tableName: provisioned }),
    ).resolves.toEqual({
      result: [{ key: "byCity", label: "byCity (local)" }],
    });
  });

  it("is empty for a table without indexes", async () => {
    await expect(
      harness.dataSource("selectIndex", { ...base(), tableName: plain }),
    ).resolves.toEqual({ result: [] });
  });
});

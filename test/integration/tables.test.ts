/**
 * Create, Describe, Delete and List Tables and the Select Table and Select Region data sources
 * against DynamoDB Local: tables are created as the inputs say (defaults, on-demand, indexes,
 * streams, tags, deletion protection), errors name the table, Delete Table waits until it is gone,
 * and listing returns every table over more than 100, with or without Fetch All.
 */
import { UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { testing } from "@prismatic-io/spectral";
import { clearClientCache } from "../../src/aws/client";
import component from "../../src/index";
import {
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

const harness = testing.createHarness(component);

type Table = Record<string, unknown> & {
  TableName?: string;
  TableStatus?: string;
  TableArn?: string;
  KeySchema?: unknown[];
  AttributeDefinitions?: unknown[];
  ProvisionedThroughput?: { ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  BillingModeSummary?: { BillingMode?: string };
  GlobalSecondaryIndexes?: { IndexName?: string; KeySchema?: unknown[]; Projection?: unknown }[];
  StreamSpecification?: { StreamEnabled?: boolean; StreamViewType?: string };
  LatestStreamArn?: string;
  DeletionProtectionEnabled?: boolean;
  CreationDateTime?: string;
};
interface TableResult {
  data: { table: Table };
}
interface ListResult {
  data: { tableNames: string[]; lastEvaluatedTableName: string | null };
}
interface Picklist {
  result: { key: string; label: string }[];
}

const base = () => ({ awsConnection: localConnection(), awsRegion: LOCAL_REGION });

async function action<T>(key: string, params: Record<string, unknown>): Promise<T> {
  return (await harness.action(key, { ...base(), ...params })) as T;
}

const created: string[] = [];

/** Creates through the action, and remembers the table for cleanup. */
async function createTable(params: Record<string, unknown>): Promise<TableResult> {
  const result = await action<TableResult>("createTable", params);
  created.push(params.tableName as string);
  return result;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(run));
  }
}

afterAll(async () => {
  await inBatches(created, 10, (name) => deleteTestTable(name));
  clearClientCache();
});

describe("createTable, describeTable, deleteTable", () => {
  it("creates the default table (PROVISIONED 5/5, hash and sort key) and describes it", async () => {
    const tableName = uniqueTableName("tables_default");
    const result = await createTable({ tableName, waitUntilActive: "true" });
    const { table } = result.data;
    expect(table.TableName).toBe(tableName);
    expect(table.TableStatus).toBe("ACTIVE");
    expect(table.KeySchema).toEqual([
      { AttributeName: "customerId", KeyType: "HASH" },
      { AttributeName: "customerName", KeyType: "RANGE" },
    ]);
    expect(table.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
    expect(new Date(table.CreationDateTime as string).toISOString()).toBe(table.CreationDateTime);

    const described = await action<TableResult>("describeTable", { tableName });
    expect(described.data.table).toMatchObject({
      TableName: tableName,
      TableStatus: "ACTIVE",
      AttributeDefinitions: [
        { AttributeName: "customerId", AttributeType: "N" },
        { AttributeName: "customerName", AttributeType: "S" },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    // Plain JSON: what the platform stores is exactly what the step returned.
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
  });

  it("creates an on-demand table with no provisioned capacity", async () => {
    const tableName = uniqueTableName("tables_ondemand");
    await createTable({
      tableName,
      billingMode: "PAY_PER_REQUEST",
      attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
      keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
      waitUntilActive: "true",
    });
    const { table } = (await action<TableResult>("describeTable", { tableName })).data;
    expect(table.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 0,
      WriteCapacityUnits: 0,
    });
    expect(table.KeySchema).toEqual([{ AttributeName: "id", KeyType: "HASH" }]);
  });

  it("creates a global secondary index, a stream and tags", async () => {
    const tableName = uniqueTableName("tables_extras");
    await createTable({
      tableName,
      billingMode: "PAY_PER_REQUEST",
      attributeDefinition: JSON.stringify([
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "email", AttributeType: "S" },
      ]),
      keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
      globalSecondaryIndexes: JSON.stringify([
        { IndexName: "byEmail", KeySchema: [{ KeyType: "HASH", AttributeName: "email" }] },
      ]),
      streamViewType: "NEW_IMAGE",
      tags: [{ key: "team", value: "billing" }],
      waitUntilActive: "true",
    });
    const { table } = (await action<TableResult>("describeTable", { tableName })).data;
    expect(table.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(["byEmail"]);
    expect(table.GlobalSecondaryIndexes?.[0]).toMatchObject({
      KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
    });
    expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_IMAGE" });
    expect(typeof table.LatestStreamArn).toBe("string");
    // DynamoDB Local accepts Tags on CreateTable but cannot list them (no tagging support);
    // the exact Tags sent are asserted in the unit tests.
  });

  it("creates a protected table that Delete Table then refuses", async () => {
    const tableName = uniqueTableName("tables_protected");
    await createTable({
      tableName,
      billingMode: "PAY_PER_REQUEST",
      attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
      keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
      deletionProtection: "true",
      tableClass: "STANDARD_INFREQUENT_ACCESS",
    });
    const { table } = (await action<TableResult>("describeTable", { tableName })).data;
    expect(table.DeletionProtectionEnabled).toBe(true);
    await expect(action("deleteTable", { tableName })).rejects.toThrow(
      /^DeleteTable failed on table/,
    );
    // Let afterAll delete it.
    const client = rawClient();
    try {
      await client.send(
        new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: false }),
      );
    } finally {
      client.destroy();
    }
  });

  it("says the table exists when it is created twice", async () => {
    const tableName = uniqueTableName("tables_twice");
    const params = {
      tableName,
      billingMode: "PAY_PER_REQUEST",
      attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
      keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
    };
    await createTable(params);
    await expect(action("createTable", params)).rejects.toThrow(
      new RegExp(
        `^CreateTable failed on table "${tableName}" in region ${LOCAL_REGION}: ResourceInUseException: the table already exists \\(status ACTIVE\\)\\.`,
      ),
    );
  });

  it("rejects a bad Key Schema before reaching the engine", async () => {
    const tableName = uniqueTableName("tables_badkey");
    await expect(
      action("createTable", { tableName, keySchema: "[{KeyType: HASH}]" }),
    ).rejects.toThrow(/^Key Schema is not valid JSON/);
    await expect(action("describeTable", { tableName })).rejects.toThrow(
      /ResourceNotFoundException/,
    );
  });

  it("deletes a table, waits until it is gone, and then describing it fails clearly", async () => {
    const tableName = uniqueTableName("tables_delete");
    await createTable({
      tableName,
      billingMode: "PAY_PER_REQUEST",
      attributeDefinition: '[{"AttributeName":"id","AttributeType":"N"}]',
      keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
      waitUntilActive: "true",
    });
    const deleted = await action<TableResult>("deleteTable", {
      tableName,
      waitUntilDeleted: "true",
    });
    expect(deleted.data.table.TableName).toBe(tableName);
    await expect(action("describeTable", { tableName })).rejects.toThrow(
      new RegExp(
        `^DescribeTable failed on table "${tableName}" in region ${LOCAL_REGION}: ResourceNotFoundException: .*Check that the table`,
      ),
    );
    await expect(action("deleteTable", { tableName })).rejects.toThrow(/ResourceNotFoundException/);
  });
});

describe("listTables and selectTable across more than 100 tables", () => {
  const COUNT = 105;
  const prefix = uniqueTableName("tables_many");
  const names = Array.from({ length: COUNT }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

  beforeAll(async () => {
    await inBatches(names, 5, (tableName) =>
      createTable({
        tableName,
        billingMode: "PAY_PER_REQUEST",
        attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
        keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
      }),
    );
  });

  const mine = (list: string[]) => list.filter((name) => name.startsWith(`${prefix}-`));

  it("Fetch All returns every table, over several pages", async () => {
    const result = await action<ListResult>("listTables", { fetchAll: "true" });
    expect(result.data.tableNames.length).toBeGreaterThan(100);
    expect(mine(result.data.tableNames)).toEqual(names);
    expect(result.data.lastEvaluatedTableName).toBeNull();
  });

  it("Fetch All with a small page size returns the same tables", async () => {
    const result = await action<ListResult>("listTables", {
      fetchAll: "true",
      limit: "7",
      exclusiveStartTableName: prefix,
    });
    expect(mine(result.data.tableNames)).toEqual(names);
  });

  it("without Fetch All returns one page of at most 100 and a cursor that continues", async () => {
    const first = await action<ListResult>("listTables", {});
    expect(first.data.tableNames.length).toBeLessThanOrEqual(100);
    expect(first.data.lastEvaluatedTableName).toBe(first.data.tableNames.at(-1));

    // Start just before this test's tables: the page holds 100 of them, the cursor the rest.
    const page = await action<ListResult>("listTables", { exclusiveStartTableName: prefix });
    expect(page.data.tableNames).toEqual(names.slice(0, 100));
    expect(page.data.lastEvaluatedTableName).toBe(names[99]);
    const next = await action<ListResult>("listTables", {
      exclusiveStartTableName: page.data.lastEvaluatedTableName,
    });
    expect(mine(next.data.tableNames)).toEqual(names.slice(100));
  });

  it("honours Limit and pages with it", async () => {
    const page = await action<ListResult>("listTables", {
      exclusiveStartTableName: prefix,
      limit: "3",
    });
    expect(page.data).toEqual({ tableNames: names.slice(0, 3), lastEvaluatedTableName: names[2] });
  });

  it("selectTable lists every table, sorted", async () => {
    const result = (await harness.dataSource("selectTable", base())) as Picklist;
    const keys = result.result.map((option) => option.key);
    expect(keys.length).toBeGreaterThan(100);
    expect(mine(keys)).toEqual(names);
    expect(result.result.every((option) => option.key === option.label)).toBe(true);
    const sorted = [...keys].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), "en"));
    expect(keys.map((k) => k.toLowerCase())).toEqual(sorted.map((k) => k.toLowerCase()));
  });
});

describe("selectRegion", () => {
  it("lists the regions, the local engine's among them", async () => {
    const result = (await harness.dataSource("selectRegion", {})) as Picklist;
    expect(result.result.length).toBeGreaterThan(20);
    expect(result.result.map((option) => option.key)).toContain(LOCAL_REGION);
    expect(new Set(result.result.map((option) => option.key)).size).toBe(result.result.length);
  });
});

/**
 * Create and Delete Global Secondary Index against DynamoDB Local: an index added to a table of
 * 1,000 items, waited for until ACTIVE, queried through Query Items, then deleted and waited for
 * until gone. Also the tables of both billing modes, and DynamoDB's answer to an index that
 * exists. (Backups, point-in-time recovery and tag listing are not supported by the local engine;
 * test/unit/backups.test.ts and tags.test.ts cover them with mocks.)
 */

import fs from "node:fs";
import path from "node:path";
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { testing } from "@prismatic-io/spectral";
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

const orders = uniqueTableName("gsi_orders");
const provisioned = uniqueTableName("gsi_prov");
const ITEMS = 1000;
const STATUSES = ["new", "paid", "shipped", "returned"];
let client: DynamoDBClient;

interface IndexResult {
  data: {
    table: { GlobalSecondaryIndexes?: { IndexName: string }[]; AttributeDefinitions: unknown[] };
    index: { IndexName: string; IndexStatus: string; KeySchema: unknown } | null;
  };
}

const run = async <T>(key: string, params: Record<string, unknown>): Promise<T> =>
  (await harness.action(key, {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  })) as T;

async function fill(table: string): Promise<void> {
  const items = Array.from({ length: ITEMS }, (_, i) => ({
    PutRequest: {
      Item: {
        orderId: { S: `order-${String(i).padStart(4, "0")}` },
        status: { S: STATUSES[i % STATUSES.length] },
        total: { N: String(i) },
      },
    },
  }));
  for (let start = 0; start < items.length; start += 25) {
    await client.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(start, start + 25) } }),
    );
  }
}

beforeAll(async () => {
  client = rawClient();
  await createTestTable(orders, { hashKey: { name: "orderId", type: "S" } });
  await client.send(
    new CreateTableCommand({
      TableName: provisioned,
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 },
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    }),
  );
  await waitForTableActive(client, provisioned);
  await fill(orders);
});

afterAll(async () => {
  await Promise.all([orders, provisioned].map(deleteTestTable));
  client.destroy();
  clearClientCache();
});

describe("global secondary indexes on DynamoDB Local", () => {
  it("creates an index on 1,000 items, waits until ACTIVE, queries it, and deletes it", async () => {
    const created = await run<IndexResult>("createGlobalSecondaryIndex", {
      tableName: orders,
      indexName: "byStatus",
      partitionKeyName: "status",
      sortKeyName: "total",
      sortKeyType: "N",
      projectionType: "INCLUDE",
      nonKeyAttributes: ["orderId"],
      waitUntilActive: "true",
    });
    expect(created.data.index).toMatchObject({
      IndexName: "byStatus",
      IndexStatus: "ACTIVE",
      KeySchema: [
        { AttributeName: "status", KeyType: "HASH" },
        { AttributeName: "total", KeyType: "RANGE" },
      ],
    });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: orders }));
    expect(Table?.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: "orderId", AttributeType: "S" },
        { AttributeName: "status", AttributeType: "S" },
        { AttributeName: "total", AttributeType: "N" },
      ]),
    );

    const paid = await run<{ data: { items: { total: number; status: string }[]; count: number } }>(
      "queryItems",
      {
        tableName: orders,
        indexName: "byStatus",
        keyConditionExpression: "#s = :s AND #t >= :min",
        expressionAttributeNames: [
          { key: "#s", value: "status" },
          { key: "#t", value: "total" },
        ],
        expressionAttributeValues: [
          { key: ":s", value: "paid" },
          { key: ":min", value: "500" },
        ],
        expressionAttributeValueTypes: [
          { key: ":s", value: "S" },
          { key: ":min", value: "N" },
        ],
        fetchAll: "true",
      },
    );
    // Items 501, 505, ..., 997: the index holds every paid order, sorted by total.
    expect(paid.data.count).toBe(125);
    expect(paid.data.items[0]).toMatchObject({ status: "paid", total: 501 });
    expect(paid.data.items.map((item) => item.total)).toEqual(
      [...paid.data.items.map((item) => item.total)].sort((a, b) => a - b),
    );

    const deleted = await run<IndexResult>("deleteGlobalSecondaryIndex", {
      tableName: orders,
      indexName: "byStatus",
      waitUntilDeleted: "true",
    });
    expect(deleted.data.index).toBeNull();
    const after = await client.send(new DescribeTableCommand({ TableName: orders }));
    expect(after.Table?.GlobalSecondaryIndexes ?? []).toEqual([]);
    await expect(
      run("queryItems", {
        tableName: orders,
        indexName: "byStatus",
        keyConditionExpression: "#s = :s",
        expressionAttributeNames: [{ key: "#s", value: "status" }],
        expressionAttributeValues: [{ key: ":s", value: "paid" }],
        expressionAttributeValueTypes: [{ key: ":s", value: "S" }],
      }),
    ).rejects.toThrow(/byStatus|index/i);
  });

  it("gives an index of a provisioned table the table's capacity", async () => {
    const created = await run<IndexResult>("createGlobalSecondaryIndex", {
      tableName: provisioned,
      indexName: "byEmail",
      partitionKeyName: "email",
      waitUntilActive: "true",
    });
    expect(created.data.index).toMatchObject({
      IndexStatus: "ACTIVE",
      ProvisionedThroughput: expect.objectContaining({
        ReadCapacityUnits: 3,
        WriteCapacityUnits: 2,
      }),
    });
    await expect(
      run("createGlobalSecondaryIndex", {
        tableName: provisioned,
        indexName: "byEmail",
        partitionKeyName: "email",
      }),
    ).rejects.toThrow(`Index Name "byEmail" is already an index of table "${provisioned}"`);
    await expect(
      run("deleteGlobalSecondaryIndex", { tableName: provisioned, indexName: "byCity" }),
    ).rejects.toThrow("its global secondary indexes: byEmail");
  });

  it("maps a missing table to DescribeTable's error with the hint", async () => {
    await expect(
      run("createGlobalSecondaryIndex", {
        tableName: uniqueTableName("gsi_missing"),
        indexName: "byEmail",
        partitionKeyName: "email",
      }),
    ).rejects.toThrow(/^DescribeTable failed on table .* ResourceNotFoundException/);
  });
});

/** The webpack bundle the platform loads (built by `npm run build`, which CI runs before tests). */
const BUNDLE = path.join(__dirname, "..", "..", "dist", "index.js");

(fs.existsSync(BUNDLE) ? describe : describe.skip)("the built bundle (dist/index.js)", () => {
  // biome-ignore lint/suspicious/noExplicitAny: the bundle is plain JavaScript.
  const bundled = () => testing.createHarness((require(BUNDLE) as any).default);

  it("creates and deletes an index, and maps an operation the engine lacks with its hint", async () => {
    const harnessOfBundle = bundled();
    const params = { awsConnection: localConnection(), awsRegion: LOCAL_REGION, tableName: orders };
    const created = (await harnessOfBundle.action("createGlobalSecondaryIndex", {
      ...params,
      indexName: "byTotal",
      partitionKeyName: "total",
      partitionKeyType: "N",
      waitUntilActive: "true",
    })) as IndexResult;
    expect(created.data.index).toMatchObject({ IndexName: "byTotal", IndexStatus: "ACTIVE" });
    const deleted = (await harnessOfBundle.action("deleteGlobalSecondaryIndex", {
      ...params,
      indexName: "byTotal",
      waitUntilDeleted: "true",
    })) as IndexResult;
    expect(deleted.data.index).toBeNull();
    await expect(
      harnessOfBundle.action("createBackup", { ...params, backupName: "nightly" }),
    ).rejects.toThrow(
      /^CreateBackup failed on table .* UnknownOperationException: .*The endpoint does not offer this operation/,
    );
  });
});

/**
 * Create and Delete Global Secondary Index with the SDK mocked: the exact UpdateTable input (the
 * table's attribute definitions merged with the index's keys, capacity from the table when it is
 * provisioned), the checks against the table, waiting for the index itself, and every input error.
 * test/integration/indexes.test.ts runs the same actions against DynamoDB Local.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndexDescription,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createGlobalSecondaryIndex } from "../../src/actions/indexes/createGlobalSecondaryIndex";
import { deleteGlobalSecondaryIndex } from "../../src/actions/indexes/deleteGlobalSecondaryIndex";
import { getClients } from "../../src/aws/client";
import { describeTableKeys } from "../../src/engines/keySchema";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const run = (key: string, params: Record<string, unknown>) =>
  harness.action(key, {
    awsConnection: keySecretConnection(),
    awsRegion: "us-east-1",
    tableName: "Customers",
    ...params,
  });

function sentInput(command: unknown, index = 0) {
  return (ddbMock.commandCalls(command as never)[index].args[0] as { input: unknown }).input;
}

function index(
  overrides: Partial<GlobalSecondaryIndexDescription> = {},
): GlobalSecondaryIndexDescription {
  return {
    IndexName: "byEmail",
    KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
    Projection: { ProjectionType: "ALL" },
    IndexStatus: "CREATING",
    Backfilling: false,
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    },
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/index/byEmail",
    ...overrides,
  };
}

const ON_DEMAND = customersTable({
  BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
  ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
});

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
  ddbMock.on(UpdateTableCommand).resolves({
    TableDescription: customersTable({
      TableStatus: "UPDATING",
      GlobalSecondaryIndexes: [index()],
    }),
  });
});

afterAll(() => ddbMock.restore());

describe("createGlobalSecondaryIndex", () => {
  it("merges the key into the table's definitions and gives a provisioned index the table's capacity (the example)", async () => {
    const result = await run("createGlobalSecondaryIndex", {
      indexName: "byEmail",
      partitionKeyName: "email",
    });
    expect(sentInput(UpdateTableCommand)).toEqual({
      TableName: "Customers",
      AttributeDefinitions: [
        { AttributeName: "customerId", AttributeType: "N" },
        { AttributeName: "customerName", AttributeType: "S" },
        { AttributeName: "email", AttributeType: "S" },
      ],
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: "byEmail",
            KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
            Projection: { ProjectionType: "ALL" },
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
          },
        },
      ],
    });
    expect(result).toEqual(createGlobalSecondaryIndex.examplePayload);
  });

  it("reuses a defined attribute, sends a sort key, INCLUDE and no capacity on an on-demand table", async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: ON_DEMAND });
    await run("createGlobalSecondaryIndex", {
      indexName: "byNameAndSignup",
      partitionKeyName: "customerName",
      sortKeyName: "signedUpAt",
      sortKeyType: "N",
      projectionType: "INCLUDE",
      nonKeyAttributes: ["email", "city"],
    });
    expect(sentInput(UpdateTableCommand)).toEqual({
      TableName: "Customers",
      AttributeDefinitions: [
        { AttributeName: "customerId", AttributeType: "N" },
        { AttributeName: "customerName", AttributeType: "S" },
        { AttributeName: "signedUpAt", AttributeType: "N" },
      ],
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: "byNameAndSignup",
            KeySchema: [
              { AttributeName: "customerName", KeyType: "HASH" },
              { AttributeName: "signedUpAt", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["email", "city"] },
          },
        },
      ],
    });
  });

  it("sends its own capacity on a provisioned table", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: customersTable({ BillingModeSummary: { BillingMode: "PROVISIONED" } }),
    });
    await run("createGlobalSecondaryIndex", {
      indexName: "byEmail",
      partitionKeyName: "email",
      projectionType: "KEYS_ONLY",
      readCapacityUnits: "2",
      writeCapacityUnits: "1",
    });
    const create = (
      sentInput(UpdateTableCommand) as { GlobalSecondaryIndexUpdates: { Create: unknown }[] }
    ).GlobalSecondaryIndexUpdates[0].Create;
    expect(create).toEqual({
      IndexName: "byEmail",
      KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
      Projection: { ProjectionType: "KEYS_ONLY" },
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
    });
  });

  it("Wait Until Active waits for the index to be ACTIVE and backfilled, not only the table", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: customersTable() })
      // The table is ACTIVE again while the index is still building: not done yet.
      .resolvesOnce({
        Table: customersTable({ GlobalSecondaryIndexes: [index({ Backfilling: true })] }),
      })
      .resolvesOnce({
        Table: customersTable({
          GlobalSecondaryIndexes: [index({ IndexStatus: "ACTIVE", Backfilling: true })],
        }),
      })
      .resolves({
        Table: customersTable({
          GlobalSecondaryIndexes: [
            index({ IndexStatus: "ACTIVE", Backfilling: false, ItemCount: 12 }),
          ],
        }),
      });
    const result = (await run("createGlobalSecondaryIndex", {
      indexName: "byEmail",
      partitionKeyName: "email",
      waitUntilActive: "true",
    })) as {
      data: { index: { IndexStatus: string; ItemCount: number }; table: { TableStatus: string } };
    };
    expect(result.data.index).toMatchObject({ IndexStatus: "ACTIVE", ItemCount: 12 });
    expect(result.data.table.TableStatus).toBe("ACTIVE");
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(4);
  }, 20_000);

  it("forgets the table's cached keys, so reads through the new index learn its key", async () => {
    const clients = getClients(keySecretConnection(), "us-east-1");
    expect((await describeTableKeys(clients, "Customers")).indexes).toEqual({});
    await run("createGlobalSecondaryIndex", { indexName: "byEmail", partitionKeyName: "email" });
    ddbMock.on(DescribeTableCommand).resolves({
      Table: customersTable({ GlobalSecondaryIndexes: [index({ IndexStatus: "ACTIVE" })] }),
    });
    expect((await describeTableKeys(clients, "Customers")).indexes).toEqual({ byEmail: ["email"] });
    // The first read, the action's own fresh read, and the read after the cache was dropped.
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(3);
  });

  it.each([
    [{ indexName: "" }, "Index Name is required. For example: byEmail"],
    [{ indexName: "by email" }, /^Index Name "by email" is not a valid name/],
    [{ indexName: ["byEmail"] }, "Index Name must be text, such as byEmail."],
    [{ partitionKeyName: "" }, "Partition Key Name is required. For example: email"],
    [
      { partitionKeyName: "e".repeat(256) },
      "Partition Key Name must be 1 to 255 characters, not 256.",
    ],
    [
      { partitionKeyName: { a: 1 } },
      "Partition Key Name must be an attribute name as text, such as email.",
    ],
    [{ partitionKeyType: "STRING" }, 'Partition Key Type must be one of S, N, B, not "STRING".'],
    [{ sortKeyName: "email" }, 'Sort Key Name must differ from Partition Key Name ("email").'],
    [
      { sortKeyName: "at", sortKeyType: "BOOL" },
      'Sort Key Type must be one of S, N, B, not "BOOL".',
    ],
    [{ projectionType: "SOME" }, /^Projection Type must be one of ALL, KEYS_ONLY, INCLUDE/],
    [
      { projectionType: "INCLUDE" },
      "Projection Type INCLUDE needs Non-Key Attributes: the attributes to copy, such as name.",
    ],
    [
      { nonKeyAttributes: ["city"] },
      "Non-Key Attributes are used only with Projection Type INCLUDE; choose it, or clear them.",
    ],
    [
      { projectionType: "INCLUDE", nonKeyAttributes: ["a", "a"] },
      'Non-Key Attributes: "a" appears twice.',
    ],
    [
      { projectionType: "INCLUDE", nonKeyAttributes: [""] },
      "Non-Key Attributes: entry 1 is required. For example: email",
    ],
    [
      { readCapacityUnits: "5" },
      /^Give both Read Capacity Units and Write Capacity Units, or neither/,
    ],
    [
      { readCapacityUnits: "0", writeCapacityUnits: "1" },
      'Read Capacity Units must be a whole number 1 or more, not "0".',
    ],
    [{ waitUntilActive: "yes" }, 'Wait Until Active must be true or false, not "yes".'],
  ])("refuses %p before any request", async (params, message) => {
    await expect(
      run("createGlobalSecondaryIndex", {
        indexName: "byEmail",
        partitionKeyName: "email",
        ...params,
      }),
    ).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each([
    [
      "an index name the table has",
      customersTable({ GlobalSecondaryIndexes: [index()] }),
      {},
      'Index Name "byEmail" is already an index of table "Customers"; choose another name.',
    ],
    [
      "a key type other than the table's definition",
      customersTable(),
      { partitionKeyName: "customerId", partitionKeyType: "S" },
      'Partition Key Type is S, but table "Customers" defines "customerId" as N; an attribute has one type. Choose N.',
    ],
    [
      "capacity on an on-demand table",
      ON_DEMAND,
      { readCapacityUnits: "5", writeCapacityUnits: "5" },
      /^Read Capacity Units and Write Capacity Units must be blank: table "Customers" is on-demand/,
    ],
  ])(
    "refuses %s after reading the table, with no UpdateTable",
    async (_what, described, params, message) => {
      ddbMock.on(DescribeTableCommand).resolves({ Table: described });
      await expect(
        run("createGlobalSecondaryIndex", {
          indexName: "byEmail",
          partitionKeyName: "email",
          ...params,
        }),
      ).rejects.toThrow(message);
      expect(ddbMock.commandCalls(UpdateTableCommand)).toHaveLength(0);
    },
  );

  it("refuses a Sort Key Type without a Sort Key Name, naming both, before anything is sent", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: "Customers",
        TableStatus: "ACTIVE",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      },
    });
    await expect(
      run("createGlobalSecondaryIndex", {
        tableName: "Customers",
        indexName: "byX",
        partitionKeyName: "x",
        sortKeyType: "N",
      }),
    ).rejects.toThrow(/Sort Key Type N was given without a Sort Key Name/);
    expect(ddbMock.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });
});

describe("deleteGlobalSecondaryIndex", () => {
  beforeEach(() => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: customersTable({ GlobalSecondaryIndexes: [index({ IndexStatus: "ACTIVE" })] }),
    });
    ddbMock.on(UpdateTableCommand).resolves({
      TableDescription: customersTable({
        TableStatus: "UPDATING",
        GlobalSecondaryIndexes: [index({ IndexStatus: "DELETING", Backfilling: undefined })],
      }),
    });
  });

  it("deletes the index (the example)", async () => {
    const result = await run("deleteGlobalSecondaryIndex", { indexName: "byEmail" });
    expect(sentInput(UpdateTableCommand)).toEqual({
      TableName: "Customers",
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byEmail" } }],
    });
    expect(result).toEqual(deleteGlobalSecondaryIndex.examplePayload);
  });

  it("Wait Until Deleted waits until the index is gone", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({
        Table: customersTable({ GlobalSecondaryIndexes: [index({ IndexStatus: "ACTIVE" })] }),
      })
      .resolvesOnce({
        Table: customersTable({ GlobalSecondaryIndexes: [index({ IndexStatus: "DELETING" })] }),
      })
      .resolves({ Table: customersTable() });
    const result = (await run("deleteGlobalSecondaryIndex", {
      indexName: "byEmail",
      waitUntilDeleted: "true",
    })) as { data: { index: unknown; table: { GlobalSecondaryIndexes?: unknown } } };
    expect(result.data.index).toBeNull();
    expect(result.data.table.GlobalSecondaryIndexes).toBeUndefined();
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(3);
  });

  it.each([
    [
      "an index the table lacks",
      customersTable({ GlobalSecondaryIndexes: [index({ IndexName: "byCity" })] }),
      'Index Name "byEmail" is not a global secondary index of table "Customers" (its global secondary indexes: byCity).',
    ],
    [
      "a local secondary index",
      customersTable({
        LocalSecondaryIndexes: [
          { IndexName: "byEmail", KeySchema: [], Projection: { ProjectionType: "ALL" } },
        ],
      }),
      'Index Name "byEmail" is a local secondary index of table "Customers"; DynamoDB deletes those only with the table.',
    ],
  ])(
    "refuses %s after reading the table, with no UpdateTable",
    async (_what, described, message) => {
      ddbMock.on(DescribeTableCommand).resolves({ Table: described });
      await expect(run("deleteGlobalSecondaryIndex", { indexName: "byEmail" })).rejects.toThrow(
        message,
      );
      expect(ddbMock.commandCalls(UpdateTableCommand)).toHaveLength(0);
    },
  );

  it.each([
    [{ indexName: "" }, "Index Name is required. For example: byEmail"],
    [{ waitUntilDeleted: "later" }, 'Wait Until Deleted must be true or false, not "later".'],
  ])("refuses %p before any request", async (params, message) => {
    await expect(
      run("deleteGlobalSecondaryIndex", { indexName: "byEmail", ...params }),
    ).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

/** Smoke test of the local engine itself, so a broken engine is told apart from a broken action. */
import {
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import {
  createTestTable,
  deleteTestTable,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";

describe("DynamoDB Local engine", () => {
  const tableName = uniqueTableName("engine_smoke");
  let client: DynamoDBClient;

  beforeAll(async () => {
    client = rawClient();
    await createTestTable(tableName, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "N" },
    });
  });

  afterAll(async () => {
    await deleteTestTable(tableName);
    client.destroy();
  });

  it("is reachable through an HTTP endpoint", () => {
    expect(new URL(localEndpoint()).protocol).toMatch(/^https?:$/);
  });

  it("creates an ACTIVE table with the requested key schema", async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
  });

  it("stores and returns an item unchanged", async () => {
    const item = {
      pk: { S: "customer#1" },
      sk: { N: "12345678901234567890.123456789" },
      name: { S: "Rose" },
      active: { BOOL: true },
      tags: { SS: ["a", "b"] },
    };
    await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        ConsistentRead: true,
      }),
    );
    expect(Item).toEqual(item);
  });

  it("lists the table", async () => {
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toContain(tableName);
  });

  it("deletes the table, and deleting it again is not an error", async () => {
    await deleteTestTable(tableName);
    await expect(
      client.send(new DescribeTableCommand({ TableName: tableName })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames ?? []).not.toContain(tableName);
    await expect(deleteTestTable(tableName)).resolves.toBeUndefined();
  });
});

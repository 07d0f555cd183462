/**
 * A table's keys are cached for ten minutes, the key attributes of its indexes with them. An index
 * created after they were cached (Create Global Secondary Index in another flow, Update Table's
 * GlobalSecondaryIndexUpdates, the console) is missing from the cache: the steps that read an
 * index's keys (Query Items and Scan Items naming a cursor, Delete Items, Export Items) read the
 * table again once instead of calling the index unknown. An index the table really lacks is still
 * an InputError naming Index Name, after that one read.
 */
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  QueryCommand,
  ScanCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { InputError } from "../../src/inputs";
import { mockCustomersTable } from "../support/customersMock";
import { harness, tableStepParams } from "../support/harness";
import { failure } from "../support/outcome";
import { CUSTOMERS } from "./corpus/model";

const ddbMock = mockCustomersTable();

/** Customers once the byStatus index (hash status, S) has been added to it. */
const WITH_BY_STATUS: TableDescription = {
  ...CUSTOMERS,
  AttributeDefinitions: [
    ...(CUSTOMERS.AttributeDefinitions ?? []),
    { AttributeName: "status", AttributeType: "S" },
  ],
  GlobalSecondaryIndexes: [
    ...(CUSTOMERS.GlobalSecondaryIndexes ?? []),
    {
      IndexName: "byStatus",
      KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
      IndexStatus: "ACTIVE",
    },
  ],
};

const ITEM = { customerId: { N: "7" }, customerName: { S: "Ada" }, status: { S: "open" } };
const BY_OPEN_STATUS = {
  indexName: "byStatus",
  keyConditionExpression: "#s = :s",
  expressionAttributeNames: [{ key: "#s", value: "status" }],
  expressionAttributeValues: [{ key: ":s", value: "open" }],
  expressionAttributeValueTypes: [{ key: ":s", value: "S" }],
};

/** Caches Customers' keys as they were before byStatus (a first step's Get Item, say). */
async function cacheKeysWithoutTheIndex(): Promise<void> {
  ddbMock.on(DescribeTableCommand).resolvesOnce({ Table: CUSTOMERS }).resolves({
    Table: WITH_BY_STATUS,
  });
  await harness.action("scanItems", {
    ...tableStepParams(),
    exclusiveStartKey: '{"customerId": 1, "customerName": "Bo"}',
  });
}

const describeCalls = () => ddbMock.commandCalls(DescribeTableCommand).length;

beforeEach(() => {
  ddbMock.on(ScanCommand).resolves({ Items: [ITEM], Count: 1, ScannedCount: 1 });
  ddbMock.on(QueryCommand).resolves({ Items: [ITEM], Count: 1, ScannedCount: 1 });
});

it("Query Items with Fetch All and a Projection Expression reads the new index's keys", async () => {
  await cacheKeysWithoutTheIndex();
  const result = (await harness.action("queryItems", {
    ...tableStepParams(),
    ...BY_OPEN_STATUS,
    projectionExpression: "customerName",
    fetchAll: true,
  })) as { data: { items: unknown[] } };

  expect(result.data.items).toEqual([{ customerName: "Ada" }]);
  expect(describeCalls()).toBe(2);
});

it("Scan Items on the new index takes its cursor", async () => {
  await cacheKeysWithoutTheIndex();
  await harness.action("scanItems", {
    ...tableStepParams(),
    indexName: "byStatus",
    exclusiveStartKey: '{"customerId": 7, "customerName": "Ada", "status": "open"}',
  });

  expect(ddbMock.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(ITEM);
});

it("Delete Items deletes through the new index", async () => {
  await cacheKeysWithoutTheIndex();
  ddbMock.on(QueryCommand).resolves({ Items: [ITEM], Count: 1 });
  ddbMock.on(BatchWriteItemCommand).resolves({});
  await harness.action("deleteItems", { ...tableStepParams(), ...BY_OPEN_STATUS });

  const [write] = ddbMock.commandCalls(BatchWriteItemCommand);
  expect(write?.args[0].input.RequestItems?.Customers).toEqual([
    { DeleteRequest: { Key: { customerId: { N: "7" }, customerName: { S: "Ada" } } } },
  ]);
});

it("an index the table lacks is an InputError naming Index Name, after one more read", async () => {
  await cacheKeysWithoutTheIndex();
  const error = await failure(
    harness.action("queryItems", {
      ...tableStepParams(),
      ...BY_OPEN_STATUS,
      indexName: "byCity",
      projectionExpression: "customerName",
      fetchAll: true,
    }),
  );

  expect(error).toBeInstanceOf(InputError);
  expect(error.message).toMatch(/Index Name "byCity" is not an index of table "Customers"/);
  expect(describeCalls()).toBe(2);
  expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
});

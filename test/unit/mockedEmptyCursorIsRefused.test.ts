/**
 * A mocked page whose LastEvaluatedKey is an empty map is refused: DynamoDB leaves
 * LastEvaluatedKey out of the last page and never sends an empty one. Read as it was, the output's
 * lastEvaluatedKey was {}, which Exclusive Start Key reads as blank, so a flow's paging loop that
 * passes it back started again from the first page, for ever.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createLocalActions } from "../../src/component/codeNative";
import component from "../../src/index";
import { customersTable } from "../support/fixtures";
import { resetCaches, tableStepParams } from "../support/harness";

const dynamodb = mockClient(DynamoDBClient);
const local = createLocalActions(component);
const where = tableStepParams();
const query = {
  ...where,
  keyConditionExpression: "customerId = :c",
  expressionAttributeValues: { ":c": "1001" },
  expressionAttributeValueTypes: { ":c": "N" as const },
};
const KEY = { customerId: { N: "1001" }, customerName: { S: "Ada" } };

beforeEach(() => {
  dynamodb.reset();
  resetCaches();
  dynamodb.on(DescribeTableCommand).resolves({ Table: customersTable() });
});

it.each([
  ["Query", () => local.queryItems(query)],
  ["Scan", () => local.scanItems(where)],
  ["Query", () => local.queryItems({ ...query, fetchAll: true })],
])("refuses %s's empty LastEvaluatedKey, naming the operation", async (operation, run) => {
  dynamodb.on(QueryCommand).resolves({ Items: [KEY], Count: 1, LastEvaluatedKey: {} });
  dynamodb.on(ScanCommand).resolves({ Items: [KEY], Count: 1, LastEvaluatedKey: {} });

  await expect(run()).rejects.toMatchObject({
    name: "StepError",
    code: "unexpectedAnswer",
    message: expect.stringContaining(`${operation}'s LastEvaluatedKey is`),
  });
});

it("reads a page without LastEvaluatedKey, and one with a key, as before", async () => {
  dynamodb.on(QueryCommand).resolvesOnce({ Items: [KEY], Count: 1, LastEvaluatedKey: KEY });
  const first = await local.queryItems(query);
  expect(first.data.lastEvaluatedKey).toEqual({ customerId: 1001, customerName: "Ada" });
  dynamodb.on(QueryCommand).resolves({ Items: [KEY], Count: 1 });
  const last = await local.queryItems(query);
  expect(last.data.lastEvaluatedKey).toBeNull();
});

/**
 * A whole-number input is read by its value, not by its text, as DynamoDB numbers are: "1.0",
 * "1e3", "+5" and the number 1e21 (what Get Item returns for a version of 10^21, a double that
 * holds it exactly) are whole numbers. They were refused ("Limit must be a whole number 1 or
 * more, not "1.0"", a message that contradicts itself), and Expected Version refused the version
 * a Get Item step had just returned. A fraction or a text that is no number is still refused,
 * naming the input, and a huge exponent is refused without writing its digits out.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createLocalActions } from "../../src/component/codeNative";
import component from "../../src/index";
import { customersTable } from "../support/fixtures";
import { resetCaches, tableStepParams } from "../support/harness";
import { thrown } from "../support/outcome";

const dynamodb = mockClient(DynamoDBClient);
const local = createLocalActions(component);
const where = tableStepParams();

beforeEach(() => {
  dynamodb.reset();
  resetCaches();
  dynamodb.on(DescribeTableCommand).resolves({ Table: customersTable() });
  dynamodb.on(ScanCommand).resolves({ Items: [], Count: 0, ScannedCount: 0 });
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(CreateTableCommand).resolves({ TableDescription: customersTable() });
});

it.each([
  ["1.0", 1],
  ["1e3", 1000],
  ["+5", 5],
  ["25.000", 25],
  ["2.5E1", 25],
  [1e3, 1000],
])("reads Limit %j as the whole number %d", async (limit, expected) => {
  await local.scanItems({ ...where, limit });
  expect(dynamodb.commandCalls(ScanCommand)[0].args[0].input.Limit).toBe(expected);
});

it.each(["1.5", "1e-3", "abc", "0.0", "-1", "1e9999999"])(
  "still refuses Limit %j, naming the input",
  async (limit) => {
    const error = await thrown(() => local.scanItems({ ...where, limit }));
    expect(error).toMatchObject({ name: "InputError", code: "invalidValue", label: "Limit" });
    expect(error.message).toContain("Limit must be a whole number 1 or more");
    expect(dynamodb.commandCalls(ScanCommand)).toHaveLength(0);
  },
);

it("reads provisioned capacity units by value", async () => {
  await local.createTable({
    ...where,
    attributeDefinition: [{ AttributeName: "customerId", AttributeType: "N" }],
    keySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
    billingMode: "PROVISIONED",
    readCapacityUnits: "5.0",
    writeCapacityUnits: "1e1",
  });
  expect(dynamodb.commandCalls(CreateTableCommand)[0].args[0].input.ProvisionedThroughput).toEqual({
    ReadCapacityUnits: 5,
    WriteCapacityUnits: 10,
  });
});

it("takes the version Get Item returned, 1e21, back as Expected Version", async () => {
  const version = 1e21; // a JSON number in Get Item's output: a double holds 10^21 exactly
  await local.createItem({
    ...where,
    itemJson: { customerId: 1, customerName: "Ada", version },
    versionAttribute: "version",
    // The input is text: String(1e21) is "1e+21", the same number.
    expectedVersion: String(version),
  });
  const put = dynamodb.commandCalls(PutItemCommand)[0].args[0].input;
  expect(put.Item?.version).toEqual({ N: "1000000000000000000001" });
  expect(put.ExpressionAttributeValues?.[":expectedVersion"]).toEqual({
    N: "1000000000000000000000",
  });
});

it.each([
  ["3.0", "3"],
  ["+3", "3"],
])("reads Expected Version %j as %s", async (expectedVersion, digits) => {
  await local.createItem({
    ...where,
    itemJson: { customerId: 1, customerName: "Ada" },
    versionAttribute: "version",
    expectedVersion,
  });
  const put = dynamodb.commandCalls(PutItemCommand)[0].args[0].input;
  expect(put.ExpressionAttributeValues?.[":expectedVersion"]).toEqual({ N: digits });
});

it.each(["2.5", "-1", "1e40"])("still refuses Expected Version %j", async (expectedVersion) => {
  const error = await thrown(() =>
    local.createItem({
      ...where,
      itemJson: { customerId: 1, customerName: "Ada" },
      versionAttribute: "version",
      expectedVersion,
    }),
  );
  expect(error).toMatchObject({ name: "InputError", label: "Expected Version" });
  expect(dynamodb.commandCalls(PutItemCommand)).toHaveLength(0);
});

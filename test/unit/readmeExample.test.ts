// The README's "Unit-testing a flow step with mocked AWS" example, kept here so that it stays true.
// Keep the two in step: the README shows this file's code from the first import on.
import { DescribeTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { testing } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import component from "../../src/index";

const dynamodb = mockClient(DynamoDBClient);
const harness = testing.createHarness(component);
const connection = {
  key: "apiKeySecret",
  configVarKey: "",
  fields: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "example-secret" },
};

it("reads a customer", async () => {
  // Get Item reads the table's key schema once (then caches it), and gets the item.
  dynamodb.on(DescribeTableCommand).resolves({
    Table: {
      KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
    },
  });
  dynamodb.on(GetItemCommand).resolves({ Item: { customerId: { N: "1001" }, name: { S: "Ada" } } });

  const result = await harness.action("getItem", {
    awsConnection: connection,
    awsRegion: "us-east-1",
    tableName: "Customers",
    value: "1001",
  });

  expect(result).toEqual({ data: { found: true, item: { customerId: 1001, name: "Ada" } } });
  expect(dynamodb.commandCalls(GetItemCommand)[0].args[0].input).toEqual({
    TableName: "Customers",
    Key: { customerId: { N: "1001" } },
  });
});

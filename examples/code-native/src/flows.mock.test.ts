/**
 * Runs the flow with spectral's `invokeFlow` and the AWS SDK mocked: `localActions` (from the
 * connector's package) stands in for `context.components.awsDynamodb`, and aws-sdk-client-mock
 * answers each of its requests, because the package uses the `@aws-sdk/client-dynamodb` of this
 * project's node_modules. No DynamoDB and no network needed.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { localActions } from "@dynamodb-connector/aws-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import { invokeFlow } from "@prismatic-io/spectral/dist/testing";
import { mockClient } from "aws-sdk-client-mock";
import { saveOrder } from "./flows";

const dynamodb = mockClient(DynamoDBClient);
const connection: Connection = {
  key: "apiKeySecret",
  configVarKey: "DynamoDB Connection",
  fields: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "example-secret" },
};
const configVars = {
  "DynamoDB Connection": connection,
  "AWS Region": "us-east-1",
  "Orders Table": "Orders",
};

afterAll(() => {
  dynamodb.restore();
});

beforeEach(() => {
  dynamodb.reset();
  dynamodb.on(DescribeTableCommand).resolves({
    Table: {
      KeySchema: [
        { AttributeName: "customerId", KeyType: "HASH" },
        { AttributeName: "orderId", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "customerId", AttributeType: "N" },
        { AttributeName: "orderId", AttributeType: "S" },
      ],
    },
  });
});

it("saves the order, reads it back and totals the customer's orders", async () => {
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(GetItemCommand).resolves({
    Item: { customerId: { N: "1001" }, orderId: { S: "A-2" }, amount: { N: "0.1" } },
  });
  dynamodb.on(QueryCommand).resolves({
    Items: [
      { customerId: { N: "1001" }, orderId: { S: "A-1" }, amount: { N: "19.9" } },
      { customerId: { N: "1001" }, orderId: { S: "A-2" }, amount: { N: "0.1" } },
    ],
    Count: 2,
    ScannedCount: 2,
  });

  const { result } = await invokeFlow(saveOrder, {
    configVars,
    context: { components: { awsDynamodb: localActions } },
    payload: { body: { data: { customerId: 1001, orderId: "A-2", amount: 0.1 } } },
  });

  expect(result).toEqual({
    data: {
      saved: { customerId: 1001, orderId: "A-2", amount: 0.1 },
      orderCount: 2,
      total: 19.9 + 0.1,
    },
  });
  expect(dynamodb.commandCalls(PutItemCommand)[0].args[0].input).toMatchObject({
    TableName: "Orders",
    Item: { customerId: { N: "1001" }, orderId: { S: "A-2" }, amount: { N: "0.1" } },
  });
  expect(dynamodb.commandCalls(QueryCommand)[0].args[0].input).toMatchObject({
    KeyConditionExpression: "customerId = :customerId",
    ExpressionAttributeValues: { ":customerId": { N: "1001" } },
  });
});

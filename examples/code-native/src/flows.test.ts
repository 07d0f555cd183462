/**
 * Runs the flow with spectral's `invokeFlow` against DynamoDB Local. `localActions` (from the
 * connector's package) stands in for `context.components.awsDynamodb`: each call runs the
 * connector's action in this process, with the defaults and input cleaning the platform applies.
 *
 * Runs when DYNAMODB_ENDPOINT names a running DynamoDB Local (otherwise it is skipped):
 * DYNAMODB_ENDPOINT=http://localhost:8000 npm test
 */
import { localActions, manifest } from "@dynamodb-connector/aws-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import { invokeFlow } from "@prismatic-io/spectral/dist/testing";
import { type Order, saveOrder } from "./flows";
import integrationDefinition from "./index";

const endpoint = process.env.DYNAMODB_ENDPOINT;
const region = "us-east-1";
const table = `orders-${Date.now().toString(36)}`;
const connection: Connection = {
  key: "apiKeySecret",
  configVarKey: "DynamoDB Connection",
  // DynamoDB Local takes any keys; the endpoint sends every call there instead of to AWS.
  fields: { accessKeyId: "localexample", secretAccessKey: "localexample", endpoint },
};
const where = { awsConnection: connection, awsRegion: region, tableName: table };

// Without an engine to run against, only the compile-time checks below run.
(endpoint ? describe : describe.skip)("against DynamoDB Local", () => {
  jest.setTimeout(60_000);

  beforeAll(async () => {
    await localActions.createTable({
      ...where,
      attributeDefinition: [
        { AttributeName: "customerId", AttributeType: "N" },
        { AttributeName: "orderId", AttributeType: "S" },
      ],
      keySchema: [
        { AttributeName: "customerId", KeyType: "HASH" },
        { AttributeName: "orderId", KeyType: "RANGE" },
      ],
      billingMode: "PAY_PER_REQUEST",
      waitUntilActive: true,
    });
  });

  afterAll(async () => {
    await localActions.deleteTable(where);
  });

  it("builds an integration whose config variables reference the connector", () => {
    expect(integrationDefinition.codeNativeIntegrationYAML).toContain("aws-dynamodb");
    expect(integrationDefinition.codeNativeIntegrationYAML).toContain("selectTable");
  });

  it("offers the table in the Select Table data source", async () => {
    const { result } = await manifest.dataSources.selectTable.perform({
      awsConnection: connection,
      awsRegion: region,
    });
    expect(result).toContainEqual(expect.objectContaining({ key: table }));
  });

  it("saves an order, reads it back and totals the customer's orders", async () => {
    const configVars = {
      "DynamoDB Connection": connection,
      "AWS Region": region,
      "Orders Table": table,
    };
    const run = (order: Order) =>
      invokeFlow(saveOrder, {
        configVars,
        context: { components: { awsDynamodb: localActions } },
        payload: { body: { data: order } },
      });

    await run({ customerId: 1001, orderId: "A-1", amount: 19.9 });
    const { result } = await run({ customerId: 1001, orderId: "A-2", amount: 0.1 });

    expect(result).toEqual({
      data: {
        saved: { customerId: 1001, orderId: "A-2", amount: 0.1 },
        orderCount: 2,
        total: 19.9 + 0.1,
      },
    });
  });
});

it("checks inputs at compile time", () => {
  const wrongType: Parameters<typeof localActions.queryItems>[0] = {
    ...where,
    // @ts-expect-error A type code is one of S, N, B, BOOL, NULL, L, M, SS, NS, BS.
    expressionAttributeValueTypes: { ":customerId": "NUMBER" },
  };
  // @ts-expect-error Table Name is required.
  const missingTable: Parameters<typeof localActions.getItem>[0] = {
    awsConnection: connection,
    awsRegion: region,
    value: "1",
  };
  expect([wrongType, missingTable]).toHaveLength(2);
});

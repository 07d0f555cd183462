/**
 * Query Parameters' own example, ReturnConsumedCapacity, reaches the output: Query Items and Raw
 * Request return DynamoDB's ConsumedCapacity as consumedCapacity (summed over the pages of a Fetch
 * All run), and a step that did not ask for it keeps its shape.
 */
import { DynamoDBClient, ExecuteStatementCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, resetCaches, tableStepParams } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const query = {
  ...tableStepParams("Orders"),
  keyConditionExpression: "customerId = :c",
  expressionAttributeValues: [{ key: ":c", value: "1001" }],
  expressionAttributeValueTypes: [{ key: ":c", value: "N" }],
};
const asked = [{ key: "ReturnConsumedCapacity", value: '"INDEXES"' }];

function page(id: string, units: number, next?: string) {
  return {
    Items: [{ customerId: { N: "1001" }, orderDate: { S: id } }],
    Count: 1,
    ScannedCount: 1,
    ...(next ? { LastEvaluatedKey: { customerId: { N: "1001" }, orderDate: { S: next } } } : {}),
    ConsumedCapacity: {
      TableName: "Orders",
      CapacityUnits: units,
      Table: { CapacityUnits: units },
    },
  };
}

async function data(key: string, params: Record<string, unknown>) {
  const result = (await harness.action(key, params)) as { data: Record<string, unknown> };
  return result.data;
}

beforeEach(() => {
  ddbMock.reset();
  resetCaches();
});

describe("Query Items", () => {
  it("returns one page's consumed capacity when Query Parameters ask for it", async () => {
    ddbMock.on(QueryCommand).resolves(page("a", 0.5));
    const out = await data("queryItems", { ...query, queryParameters: asked });
    expect(ddbMock.commandCalls(QueryCommand)[0].args[0].input.ReturnConsumedCapacity).toBe(
      "INDEXES",
    );
    expect(out.consumedCapacity).toEqual({
      TableName: "Orders",
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0.5 },
    });
  });

  it("sums the capacity of every page a Fetch All run read", async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce(page("a", 0.5, "a"))
      .resolvesOnce(page("b", 1.5));
    const out = await data("queryItems", { ...query, queryParameters: asked, fetchAll: "true" });
    expect(out.count).toBe(2);
    expect(out.consumedCapacity).toEqual({
      TableName: "Orders",
      CapacityUnits: 2,
      Table: { CapacityUnits: 2 },
    });
  });

  it("leaves the field out when nobody asked", async () => {
    const { ConsumedCapacity: _, ...plain } = page("a", 0.5);
    ddbMock.on(QueryCommand).resolves(plain);
    const out = await data("queryItems", query);
    expect(Object.hasOwn(out, "consumedCapacity")).toBe(false);
  });
});

describe("Raw Request", () => {
  const statement = {
    awsConnection: query.awsConnection,
    awsRegion: "us-east-1",
    statement: 'SELECT * FROM "Orders" WHERE customerId = 1001',
    queryParameters: [{ key: "ReturnConsumedCapacity", value: "TOTAL" }],
  };

  it("returns one page's consumed capacity", async () => {
    ddbMock.on(ExecuteStatementCommand).resolves({
      Items: [{ customerId: { N: "1001" } }],
      ConsumedCapacity: { TableName: "Orders", CapacityUnits: 1 },
    });
    const out = await data("rawRequest", statement);
    expect(out.consumedCapacity).toEqual({ TableName: "Orders", CapacityUnits: 1 });
  });

  it("sums it over the pages of Fetch All", async () => {
    ddbMock
      .on(ExecuteStatementCommand)
      .resolvesOnce({
        Items: [{ customerId: { N: "1001" } }],
        NextToken: "next",
        ConsumedCapacity: { TableName: "Orders", CapacityUnits: 1 },
      })
      .resolvesOnce({
        Items: [{ customerId: { N: "1002" } }],
        ConsumedCapacity: { TableName: "Orders", CapacityUnits: 0.5 },
      });
    const out = await data("rawRequest", { ...statement, fetchAll: "true" });
    expect(out.count).toBe(2);
    expect(out.consumedCapacity).toEqual({ TableName: "Orders", CapacityUnits: 1.5 });
  });
});

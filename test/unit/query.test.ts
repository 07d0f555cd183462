/**
 * Query Items with a mocked SDK: the inputs of contract/compat.json, the exact QueryCommand input
 * for each option, Query Parameters (merged, conflicts named), Fetch All with its cursor, the
 * example payload, and the input errors raised before any call.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  QueryCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { queryItems } from "../../src/actions/queries/queryItems";
import { clearKeySchemaCache } from "../../src/engines/keySchema";
import component from "../../src/index";
import { defined } from "../../src/inputs/queryParameters";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const THIRTY_DIGITS = "123456789012345678901234567890";

function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Orders",
  keyConditionExpression: "customerId = :c",
  expressionAttributeValues: kv({ ":c": "1001" }),
  expressionAttributeValueTypes: kv({ ":c": "N" }),
};

const ORDERS_TABLE = {
  Table: {
    TableName: "Orders",
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" as const },
      { AttributeName: "orderDate", KeyType: "RANGE" as const },
    ],
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "N" as const },
      { AttributeName: "orderDate", AttributeType: "S" as const },
      { AttributeName: "status", AttributeType: "S" as const },
      { AttributeName: "total", AttributeType: "N" as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: "byStatus",
        KeySchema: [
          { AttributeName: "status", KeyType: "HASH" as const },
          { AttributeName: "total", KeyType: "RANGE" as const },
        ],
      },
    ],
  },
};

const order = (day: number, extra: Record<string, unknown> = {}) => ({
  customerId: { N: "1001" },
  orderDate: { S: `2024-05-${String(day).padStart(2, "0")}` },
  status: { S: day % 2 ? "open" : "shipped" },
  total: { N: String(day * 10) },
  ...extra,
});

interface QueryResult {
  data: {
    items: Record<string, unknown>[];
    count: number;
    scannedCount: number;
    lastEvaluatedKey: Record<string, unknown> | null;
    truncated: boolean;
    truncatedReason: string | null;
  };
}

async function query(params: Record<string, unknown>): Promise<QueryResult> {
  return (await harness.action("queryItems", { ...base, ...params })) as QueryResult;
}

/** The input of every QueryCommand sent, in order. */
const queryInputs = () => ddbMock.commandCalls(QueryCommand).map((call) => call.args[0].input);

/**
 * Answers QueryCommands with these pages in turn, recording each input as it was when sent: the
 * SDK paginator reuses one input object (setting ExclusiveStartKey on it), so the recorded
 * commands would all show the last page's start key.
 */
function pagesOf(...pages: Record<string, unknown>[]): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  let next = 0;
  ddbMock.on(QueryCommand).callsFake((input: Record<string, unknown>) => {
    sent.push(structuredClone(input));
    return pages[Math.min(next++, pages.length - 1)];
  });
  return sent;
}

beforeEach(() => {
  resetCaches();
  clearKeySchemaCache();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(ORDERS_TABLE);
});

describe("inputs keep the contract's keys, labels and order (contract/compat.json)", () => {
  const inputs = component.actions.queryItems.inputs as {
    key: string;
    label: string;
    default?: unknown;
    dataSource?: string;
    required?: boolean;
  }[];

  it("starts with the seed's inputs, then the new optional ones", () => {
    expect(component.actions.queryItems.display).toMatchObject({
      label: "Query Items",
      description: "Query a DynamoDB table",
    });
    expect(inputs.map((i) => i.key)).toEqual([
      "awsRegion",
      "tableName",
      "expressionAttributeValues",
      "expressionAttributeValueTypes",
      "keyConditionExpression",
      "filterExpression",
      "queryParameters",
      "awsConnection",
      "expressionAttributeNames",
      "indexName",
      "scanIndexForward",
      "limit",
      "exclusiveStartKey",
      "fetchAll",
      "maxItems",
      "projectionExpression",
      "consistentRead",
      "returnDynamoJson",
      "maxAttempts",
    ]);
    const byKey = Object.fromEntries(inputs.map((i) => [i.key, i]));
    expect(byKey.keyConditionExpression.label).toBe("Key Condition Expression");
    expect(byKey.filterExpression.label).toBe("Filter Expression");
    expect(byKey.queryParameters.label).toBe("Query Parameters");
    expect(byKey.fetchAll).toMatchObject({ label: "Fetch All", default: "false" });
    expect(byKey.scanIndexForward).toMatchObject({ label: "Scan Index Forward", default: "true" });
    expect(byKey.indexName.dataSource).toBe("selectIndex");
    // Every new input is optional.
    for (const key of Object.keys(byKey).slice(8)) expect(byKey[key].required).toBeFalsy();
  });
});

describe("the QueryCommand", () => {
  it("sends the table, key condition and typed values, nothing else", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [order(1)], Count: 1, ScannedCount: 1 });
    const result = await query({});
    expect(queryInputs()).toEqual([
      {
        TableName: "Orders",
        KeyConditionExpression: "customerId = :c",
        ExpressionAttributeValues: { ":c": { N: "1001" } },
      },
    ]);
    expect(ddbMock).not.toHaveReceivedCommand(DescribeTableCommand);
    expect(result.data).toEqual({
      items: [{ customerId: 1001, orderDate: "2024-05-01", status: "open", total: 10 }],
      count: 1,
      scannedCount: 1,
      lastEvaluatedKey: null,
      truncated: false,
      truncatedReason: null,
    });
  });

  it("sends every option", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [], Count: 0, ScannedCount: 0 });
    await query({
      keyConditionExpression: "#s = :s AND #t > :min",
      filterExpression: "attribute_exists(note)",
      expressionAttributeNames: kv({ "#s": "status", "#t": "total" }),
      expressionAttributeValues: kv({ ":s": "open", ":min": THIRTY_DIGITS }),
      expressionAttributeValueTypes: kv({ ":s": "S", ":min": "N" }),
      indexName: "byStatus",
      scanIndexForward: "false",
      limit: "25",
      exclusiveStartKey:
        '{"customerId": {"N": "1001"}, "orderDate": {"S": "2024-05-01"}, "status": {"S": "open"}, "total": {"N": "10"}}',
      projectionExpression: "orderDate, #t",
      // No Consistent Read: DynamoDB refuses it on a global index (indexReadsRefusedBeforeSending).
    });
    expect(queryInputs()).toEqual([
      {
        TableName: "Orders",
        IndexName: "byStatus",
        KeyConditionExpression: "#s = :s AND #t > :min",
        FilterExpression: "attribute_exists(note)",
        ProjectionExpression: "orderDate, #t",
        ExpressionAttributeNames: { "#s": "status", "#t": "total" },
        ExpressionAttributeValues: { ":s": { S: "open" }, ":min": { N: THIRTY_DIGITS } },
        ScanIndexForward: false,
        Limit: 25,
        ExclusiveStartKey: {
          customerId: { N: "1001" },
          orderDate: { S: "2024-05-01" },
          status: { S: "open" },
          total: { N: "10" },
        },
      },
    ]);
  });

  it("takes the cursor as it was returned, and restores long numbers from the table's types", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    await query({ exclusiveStartKey: { customerId: THIRTY_DIGITS, orderDate: "2024-05-01" } });
    expect(queryInputs()[0].ExclusiveStartKey).toEqual({
      customerId: { N: THIRTY_DIGITS },
      orderDate: { S: "2024-05-01" },
    });
    expect(ddbMock).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: "Orders" });
  });

  it("a cursor is checked against the table's key, read once and cached", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    await query({ exclusiveStartKey: '{"customerId": 1001, "orderDate": "2024-05-01"}' });
    await query({ exclusiveStartKey: '{"customerId": 1002, "orderDate": "2024-05-02"}' });
    expect(queryInputs()[1].ExclusiveStartKey).toEqual({
      customerId: { N: "1002" },
      orderDate: { S: "2024-05-02" },
    });
    expect(ddbMock).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
  });

  it("without DescribeTable permission the plain cursor is sent as given", async () => {
    ddbMock.on(DescribeTableCommand).rejects(new Error("AccessDeniedException"));
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    await query({ exclusiveStartKey: { customerId: 1001, orderDate: "2024-05-01" } });
    expect(queryInputs()[0].ExclusiveStartKey).toEqual({
      customerId: { N: "1001" },
      orderDate: { S: "2024-05-01" },
    });
  });

  it("returns the page's cursor as plain JSON, or typed with Return DynamoDB JSON", async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [order(1)],
      Count: 1,
      ScannedCount: 3,
      LastEvaluatedKey: { customerId: { N: "1001" }, orderDate: { S: "2024-05-01" } },
    });
    const plain = await query({});
    expect(plain.data.lastEvaluatedKey).toEqual({ customerId: 1001, orderDate: "2024-05-01" });
    expect(plain.data.scannedCount).toBe(3);
    const typed = await query({ returnDynamoJson: "true" });
    expect(typed.data.lastEvaluatedKey).toEqual({
      customerId: { N: "1001" },
      orderDate: { S: "2024-05-01" },
    });
    expect(typed.data.items).toEqual([order(1)]);
  });

  it("Query Parameters are merged into the command", async () => {
    ddbMock.on(QueryCommand).resolves({ Count: 7, ScannedCount: 7 });
    const result = await query({
      queryParameters: kv({ Select: '"COUNT"', ReturnConsumedCapacity: "TOTAL" }),
    });
    expect(queryInputs()[0]).toEqual({
      TableName: "Orders",
      KeyConditionExpression: "customerId = :c",
      ExpressionAttributeValues: { ":c": { N: "1001" } },
      Select: "COUNT",
      ReturnConsumedCapacity: "TOTAL",
    });
    expect(result.data).toMatchObject({ items: [], count: 7 });
  });

  it("a Query Parameter may stand in for an input left blank (the old behaviour)", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    await query({
      keyConditionExpression: "",
      queryParameters: kv({
        KeyConditionExpression: '"customerId = :c"',
        ScanIndexForward: "false",
      }),
    });
    expect(queryInputs()[0]).toMatchObject({
      KeyConditionExpression: "customerId = :c",
      ScanIndexForward: false,
    });
  });

  it.each([
    ["TableName", '"Other"', "Table Name", {}],
    ["Limit", "5", "Limit", { limit: "10" }],
    ["ScanIndexForward", "true", "Scan Index Forward", { scanIndexForward: "false" }],
    ["KeyConditionExpression", '"x = :x"', "Key Condition Expression", {}],
  ])(
    "a Query Parameter %s that an input sets too is an error naming both",
    async (name, value, label, extra) => {
      await expect(query({ ...extra, queryParameters: kv({ [name]: value }) })).rejects.toThrow(
        `Query Parameters: "${name}" conflicts with the ${label} input, which already sets it. Set it in one place: clear ${label}, or remove "${name}" from Query Parameters.`,
      );
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );
});

describe("input errors, before any call", () => {
  it.each([
    [
      "no Key Condition Expression",
      { keyConditionExpression: "" },
      "Key Condition Expression is required: a Query reads one partition, named with =, such as customerId = :id",
    ],
    [
      "Max Items without Fetch All",
      { maxItems: "5" },
      "Max Items applies only with Fetch All. Turn on Fetch All, or use Limit for the size of one page.",
    ],
    [
      "a bad Max Items",
      { fetchAll: "true", maxItems: "0" },
      'Max Items must be a whole number 1 or more, not "0".',
    ],
    ["a bad Limit", { limit: "ten" }, 'Limit must be a whole number 1 or more, not "ten".'],
    [
      "a value without a type",
      { expressionAttributeValueTypes: [] },
      'Expression Attribute Value Types has no type for ":c"',
    ],
    [
      "a cursor that is not JSON",
      { exclusiveStartKey: "{customerId" },
      "Exclusive Start Key is not valid JSON",
    ],
    [
      "a cursor that is not an object",
      { exclusiveStartKey: "[1]" },
      "Exclusive Start Key must be the key object a previous page returned",
    ],
    [
      "a bad Scan Index Forward",
      { scanIndexForward: "maybe" },
      'Scan Index Forward must be true or false, not "maybe".',
    ],
    ["a bad index name", { indexName: "a" }, 'Index Name "a" is not a valid name'],
  ])("%s", async (_name, params, message) => {
    await expect(query(params)).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("a plain cursor value that does not fit the key's type names the input", async () => {
    await expect(query({ exclusiveStartKey: { customerId: "abc" } })).rejects.toThrow(
      /^Exclusive Start Key: attribute "customerId" has type N but "abc" is not a number/,
    );
    expect(ddbMock).not.toHaveReceivedCommand(QueryCommand);
  });
});

describe("AWS errors", () => {
  it("name the operation, table and region, never the secret", async () => {
    ddbMock
      .on(QueryCommand)
      .rejects(
        new ResourceNotFoundException({ message: "Requested resource not found", $metadata: {} }),
      );
    const error = await query({}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^Query failed on table "Orders" in region us-east-1: ResourceNotFoundException: Requested resource not found\. Check that the table/,
    );
    expect((error as Error).message).not.toContain(TEST_SECRET);
  });

  it("with Fetch All too", async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [order(1)],
        LastEvaluatedKey: { customerId: { N: "1001" }, orderDate: { S: "2024-05-01" } },
      })
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));
    await expect(query({ fetchAll: "true" })).rejects.toThrow(
      /^Query failed on table "Orders" in region us-east-1: ResourceNotFoundException: gone/,
    );
  });
});

describe("Fetch All", () => {
  const keyOf = (day: number) => ({
    customerId: { N: "1001" },
    orderDate: { S: `2024-05-${String(day).padStart(2, "0")}` },
  });

  it("follows LastEvaluatedKey page after page and sums the counts", async () => {
    const sent = pagesOf(
      { Items: [order(1), order(2)], Count: 2, ScannedCount: 3, LastEvaluatedKey: keyOf(2) },
      { Items: [order(3)], Count: 1, ScannedCount: 1 },
    );
    const result = await query({ fetchAll: "true", limit: "2" });
    expect(sent).toEqual([
      {
        TableName: "Orders",
        KeyConditionExpression: "customerId = :c",
        ExpressionAttributeValues: { ":c": { N: "1001" } },
        Limit: 2,
      },
      {
        TableName: "Orders",
        KeyConditionExpression: "customerId = :c",
        ExpressionAttributeValues: { ":c": { N: "1001" } },
        Limit: 2,
        ExclusiveStartKey: keyOf(2),
      },
    ]);
    expect(result.data).toEqual({
      items: [1, 2, 3].map((day) => ({
        customerId: 1001,
        orderDate: `2024-05-0${day}`,
        status: day % 2 ? "open" : "shipped",
        total: day * 10,
      })),
      count: 3,
      scannedCount: 4,
      lastEvaluatedKey: null,
      truncated: false,
      truncatedReason: null,
    });
    expect(ddbMock).not.toHaveReceivedCommand(DescribeTableCommand);
  });

  it("starts at the Exclusive Start Key", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [order(3)] });
    await query({
      fetchAll: "true",
      exclusiveStartKey: { customerId: 1001, orderDate: "2024-05-02" },
    });
    expect(queryInputs()[0].ExclusiveStartKey).toEqual(keyOf(2));
  });

  it("cut at Max Items inside a page, returns the last item's key from the table's key schema", async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [order(1), order(2)],
        Count: 2,
        ScannedCount: 2,
        LastEvaluatedKey: keyOf(2),
      })
      .resolvesOnce({
        Items: [order(3), order(4)],
        Count: 2,
        ScannedCount: 2,
        LastEvaluatedKey: keyOf(4),
      });
    const result = await query({ fetchAll: "true", maxItems: "3" });
    expect(result.data.items.map((item) => item.orderDate)).toEqual([
      "2024-05-01",
      "2024-05-02",
      "2024-05-03",
    ]);
    expect(result.data).toMatchObject({
      count: 3,
      scannedCount: 4,
      lastEvaluatedKey: { customerId: 1001, orderDate: "2024-05-03" },
      truncated: true,
      truncatedReason: "maxItems",
    });
    expect(ddbMock).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(ddbMock).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
  });

  it("on an index, the cut's cursor holds the table key and the index key", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [order(1), order(3), order(5)], Count: 3 });
    const result = await query({
      fetchAll: "true",
      maxItems: "2",
      indexName: "byStatus",
      keyConditionExpression: "#s = :s",
      expressionAttributeNames: kv({ "#s": "status" }),
      expressionAttributeValues: kv({ ":s": "open" }),
      expressionAttributeValueTypes: kv({ ":s": "S" }),
    });
    expect(result.data.lastEvaluatedKey).toEqual({
      customerId: 1001,
      orderDate: "2024-05-03",
      status: "open",
      total: 30,
    });
  });

  it("a projection without the keys gets them added, and they are dropped from the items", async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [1, 2, 3].map((day) => ({ ...keyOf(day), note: { S: `n${day}` } })),
      Count: 3,
    });
    const result = await query({
      fetchAll: "true",
      maxItems: "2",
      projectionExpression: "note",
    });
    expect(queryInputs()[0]).toEqual({
      TableName: "Orders",
      KeyConditionExpression: "customerId = :c",
      ExpressionAttributeValues: { ":c": { N: "1001" } },
      ProjectionExpression: "note, #key0, #key1",
      ExpressionAttributeNames: { "#key0": "customerId", "#key1": "orderDate" },
    });
    expect(result.data.items).toEqual([{ note: "n1" }, { note: "n2" }]);
    expect(result.data.lastEvaluatedKey).toEqual({ customerId: 1001, orderDate: "2024-05-02" });
  });

  it("an index the table does not have is named before the Query", async () => {
    await expect(
      query({ fetchAll: "true", indexName: "byCity", projectionExpression: "note" }),
    ).rejects.toThrow(
      'Index Name "byCity" is not an index of table "Orders". Its indexes are: byStatus.',
    );
    expect(ddbMock).not.toHaveReceivedCommand(QueryCommand);
  });

  it("Select COUNT through Query Parameters sums DynamoDB's counts", async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Count: 5, ScannedCount: 5, LastEvaluatedKey: keyOf(5) })
      .resolvesOnce({ Count: 2, ScannedCount: 2 });
    const result = await query({ fetchAll: "true", queryParameters: kv({ Select: "COUNT" }) });
    expect(result.data).toMatchObject({ items: [], count: 7, scannedCount: 7, truncated: false });
  });
});

describe("examplePayload", () => {
  it("is what perform returns for the documented example", async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [
        {
          customerId: { N: "1001" },
          orderDate: { S: "2024-05-01" },
          status: { S: "shipped" },
          total: { N: "25.5" },
        },
        {
          customerId: { N: "1001" },
          orderDate: { S: "2024-05-07" },
          status: { S: "open" },
          total: { N: "12" },
        },
      ],
      Count: 2,
      ScannedCount: 2,
      LastEvaluatedKey: { customerId: { N: "1001" }, orderDate: { S: "2024-05-07" } },
    });
    const result = await query({ limit: "2" });
    expect(result).toEqual(queryItems.examplePayload);
  });
});

describe("defined (the fields a Query request sends)", () => {
  it("keeps every set field in its order, an own __proto__ field too, and drops the undefined ones", () => {
    const given = JSON.parse('{"TableName":"t","__proto__":{"x":1},"Limit":5}');
    const kept = defined({ ...given, IndexName: undefined, ConsistentRead: false });
    expect(Object.keys(kept)).toEqual(["TableName", "__proto__", "Limit", "ConsistentRead"]);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(kept, "__proto__")?.value).toEqual({ x: 1 });
  });
});

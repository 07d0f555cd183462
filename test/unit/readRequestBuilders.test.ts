/**
 * The reads of many items build their requests with pure functions, called here without a
 * client: Query (queryRequest), Scan (scanRequest), Delete Items' Query (deleteQueryRequest,
 * keysOnlyRequest) and Export Items' Query or Scan (exportRequest). Each gives the exact SDK input
 * its cleaned inputs describe, and raises every input error, naming the input, before any call.
 */
import { deleteQueryRequest, keysOnlyRequest } from "../../src/engines/bulkDelete";
import { type ExportParams, exportRequest } from "../../src/engines/exportRead";
import type { KeySchema } from "../../src/engines/keySchema";
import { type QueryParams, queryRequest } from "../../src/engines/query";
import { type ScanParams, scanRequest } from "../../src/engines/scan";
import { InputError } from "../../src/errors/inputError";

/** The InputError `build` throws (fails when it throws none, or another error). */
function inputErrorOf(build: () => unknown): InputError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError, but the request was built");
}

const values = {
  expressionAttributeValues: [{ key: ":c", value: "1001" }],
  expressionAttributeValueTypes: [{ key: ":c", value: "N" }],
};

const query: QueryParams = {
  tableName: "Orders",
  keyConditionExpression: "customerId = :c",
  ...values,
  queryParameters: {},
  scanIndexForward: true,
  consistentRead: false,
  exclusiveStartKey: undefined,
  fetchAll: false,
};

const scan: ScanParams = {
  tableName: "Orders",
  expressionAttributeValues: undefined,
  expressionAttributeValueTypes: undefined,
  consistentRead: false,
  exclusiveStartKey: undefined,
  fetchAll: false,
  totalSegments: 1,
};

describe("queryRequest", () => {
  it("sends the defaults as DynamoDB's own (absent) and every other input as given", () => {
    expect(queryRequest(query)).toEqual({
      TableName: "Orders",
      KeyConditionExpression: "customerId = :c",
      ExpressionAttributeValues: { ":c": { N: "1001" } },
    });
    expect(
      queryRequest({
        ...query,
        filterExpression: "#s = :c",
        expressionAttributeNames: { "#s": "status" },
        indexName: "byCustomer",
        scanIndexForward: false,
        consistentRead: true,
        limit: 10,
        exclusiveStartKey: '{"customerId": 1001, "orderDate": "2024-05-07"}',
      }),
    ).toEqual({
      TableName: "Orders",
      IndexName: "byCustomer",
      KeyConditionExpression: "customerId = :c",
      FilterExpression: "#s = :c",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":c": { N: "1001" } },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 10,
      ExclusiveStartKey: { customerId: { N: "1001" }, orderDate: { S: "2024-05-07" } },
    });
  });

  it("merges Query Parameters, and names the input a parameter conflicts with", () => {
    expect(queryRequest({ ...query, queryParameters: { Select: "COUNT" } }).Select).toBe("COUNT");
    const error = inputErrorOf(() =>
      queryRequest({ ...query, limit: 5, queryParameters: { Limit: 6 } }),
    );
    expect(error.label).toBe("Query Parameters");
    expect(error.message).toMatch(/"Limit" conflicts with the Limit input/);
  });

  it("refuses a query without a key condition, naming Key Condition Expression", () => {
    const error = inputErrorOf(() => queryRequest({ ...query, keyConditionExpression: undefined }));
    expect(error.label).toBe("Key Condition Expression");
    expect(error.code).toBe("required");
  });

  it("refuses a placeholder the expressions do not use, and Max Items without Fetch All", () => {
    expect(
      inputErrorOf(() => queryRequest({ ...query, keyConditionExpression: "customerId = :d" }))
        .code,
    ).toMatch(/Placeholder/);
    expect(inputErrorOf(() => queryRequest({ ...query, maxItems: 5 })).label).toBe("Max Items");
  });
});

describe("scanRequest", () => {
  it("builds one scan with its start, or a parallel scan with one start per segment", () => {
    expect(scanRequest({ ...scan, exclusiveStartKey: { id: "a" } })).toEqual({
      input: {
        TableName: "Orders",
        IndexName: undefined,
        FilterExpression: undefined,
        ProjectionExpression: undefined,
        ExpressionAttributeNames: undefined,
        ExpressionAttributeValues: undefined,
        ConsistentRead: undefined,
        Limit: undefined,
      },
      start: { id: { S: "a" } },
    });
    const parallel = scanRequest({
      ...scan,
      fetchAll: true,
      totalSegments: 3,
      exclusiveStartKey: JSON.stringify([null, {}, { id: "b" }]),
    });
    expect(parallel.start).toBeUndefined();
    expect(parallel.segmentStarts).toEqual([
      { done: true },
      { done: false, cursor: undefined },
      { done: false, cursor: { id: { S: "b" } } },
    ]);
  });

  it("refuses a parallel scan without Fetch All, and segment cursors of another Total Segments", () => {
    const noFetchAll = inputErrorOf(() => scanRequest({ ...scan, totalSegments: 2 }));
    expect(noFetchAll.label).toBe("Total Segments");
    const wrongCount = inputErrorOf(() =>
      scanRequest({ ...scan, fetchAll: true, totalSegments: 2, exclusiveStartKey: "[null]" }),
    );
    expect(wrongCount.label).toBe("Exclusive Start Key");
    expect(wrongCount.message).toMatch(/has 1 segment cursors but Total Segments is 2/);
  });

  it("refuses expression values or names that nothing uses", () => {
    expect(inputErrorOf(() => scanRequest({ ...scan, ...values })).label).toBe(
      "Expression Attribute Values",
    );
    expect(
      inputErrorOf(() => scanRequest({ ...scan, expressionAttributeNames: { "#s": "status" } }))
        .label,
    ).toBe("Expression Attribute Names");
  });
});

describe("Delete Items' requests", () => {
  const params = { ...query, queryParameters: undefined, fetchAll: undefined };

  it("reads the table strongly consistently and an index eventually", () => {
    expect(deleteQueryRequest(params)).toEqual({
      TableName: "Orders",
      KeyConditionExpression: "customerId = :c",
      ExpressionAttributeValues: { ":c": { N: "1001" } },
      ConsistentRead: true,
    });
    const onIndex = deleteQueryRequest({ ...params, indexName: "byStatus" });
    expect(onIndex.ConsistentRead).toBeUndefined();
    expect(onIndex.IndexName).toBe("byStatus");
  });

  it("reads keys only, under placeholders that leave the user's names alone", () => {
    const schema: KeySchema = {
      hash: { name: "customerId", type: "N" },
      range: { name: "orderDate", type: "S" },
    };
    const request = keysOnlyRequest(
      { TableName: "Orders", ExpressionAttributeNames: { "#key0": "status" } },
      schema,
    );
    expect(request).toEqual({
      TableName: "Orders",
      ProjectionExpression: "#key1, #key2",
      ExpressionAttributeNames: { "#key0": "status", "#key1": "customerId", "#key2": "orderDate" },
    });
  });
});

describe("exportRequest", () => {
  const exportParams: ExportParams = {
    ...scan,
    scanIndexForward: true,
    format: "jsonl",
    escapeFormulas: true,
    returnDynamoJson: false,
    maxFileSize: 20,
  };

  it("is a Scan without a key condition and a Query with one", () => {
    const scanned = exportRequest(exportParams);
    expect(scanned.operation).toBe("Scan");
    const queried = exportRequest({
      ...exportParams,
      ...values,
      keyConditionExpression: "customerId = :c",
      scanIndexForward: false,
    });
    expect(queried).toEqual({
      operation: "Query",
      request: {
        TableName: "Orders",
        KeyConditionExpression: "customerId = :c",
        ExpressionAttributeValues: { ":c": { N: "1001" } },
        ScanIndexForward: false,
      },
    });
  });

  it("refuses the inputs of the other kind of read or format, naming them", () => {
    const segments = inputErrorOf(() =>
      exportRequest({
        ...exportParams,
        ...values,
        keyConditionExpression: "customerId = :c",
        totalSegments: 2,
      }),
    );
    expect([segments.label, segments.code]).toEqual(["Total Segments", "conflict"]);
    const order = inputErrorOf(() => exportRequest({ ...exportParams, scanIndexForward: false }));
    expect(order.label).toBe("Scan Index Forward");
    const columns = inputErrorOf(() => exportRequest({ ...exportParams, columns: ["id"] }));
    expect(columns.label).toBe("Columns");
  });
});

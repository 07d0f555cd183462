/**
 * Delete Items with the SDK mocked: keys found by Query (on the table or an index) and deleted in
 * BatchWriteItem requests of 25, bounded by Max Items with DynamoDB's cursor, Dry Run sending no
 * write, unprocessed deletes retried and then named or returned within 5 MB, and a failed request
 * saying how far the run got.
 */
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  QueryCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { deleteItems } from "../../src/actions/batch/deleteItems";
import { DEFAULT_BYTE_BUDGET } from "../../src/common/limits";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { failure } from "../support/outcome";
import { expectMatchesSchema } from "../support/schema";

const ddbMock = mockClient(DynamoDBClient);

const ORDERS: TableDescription = {
  TableName: "Orders",
  KeySchema: [
    { AttributeName: "customerId", KeyType: "HASH" },
    { AttributeName: "orderDate", KeyType: "RANGE" },
  ],
  AttributeDefinitions: [
    { AttributeName: "customerId", AttributeType: "N" },
    { AttributeName: "orderDate", AttributeType: "S" },
    { AttributeName: "status", AttributeType: "S" },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: "byStatus",
      KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
      Projection: { ProjectionType: "KEYS_ONLY" },
    },
  ],
};

const base = () => ({
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Orders",
  keyConditionExpression: "customerId = :c",
  expressionAttributeValues: [{ key: ":c", value: "1001" }],
  expressionAttributeValueTypes: [{ key: ":c", value: "N" }],
});

function key(date: string) {
  return { customerId: { N: "1001" }, orderDate: { S: date } };
}

async function run(extra: Record<string, unknown> = {}) {
  return harness.action("deleteItems", { ...base(), ...extra }) as Promise<{
    data: Record<string, unknown>;
  }>;
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: ORDERS });
  backoffSettings.sleep = async () => {};
});

afterAll(() => {
  ddbMock.restore();
  resetBackoffSettings();
});

describe("deleteItems", () => {
  it("queries keys only and deletes them in requests of 25", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => key(`2024-01-${String(i).padStart(2, "0")}`));
    ddbMock.on(QueryCommand).resolves({ Items: keys });
    ddbMock.on(BatchWriteItemCommand).resolves({});
    const result = await run();
    expectMatchesSchema(deleteItems, result);
    expect(result.data).toEqual({
      deleted: 30,
      matched: 30,
      dryRun: false,
      lastEvaluatedKey: null,
      truncated: false,
      unprocessedCount: 0,
      unprocessed: [],
      unprocessedTruncated: false,
    });
    expect(ddbMock.commandCalls(QueryCommand)[0].args[0].input).toEqual({
      TableName: "Orders",
      KeyConditionExpression: "customerId = :c",
      ExpressionAttributeValues: { ":c": { N: "1001" } },
      ProjectionExpression: "#key0, #key1",
      ExpressionAttributeNames: { "#key0": "customerId", "#key1": "orderDate" },
      ConsistentRead: true,
      Limit: 10_000,
    });
    const writes = ddbMock.commandCalls(BatchWriteItemCommand).map((call) => call.args[0].input);
    expect(writes.map((input) => input.RequestItems?.Orders?.length)).toEqual([25, 5]);
    expect(writes[0].RequestItems?.Orders?.[0]).toEqual({ DeleteRequest: { Key: keys[0] } });
  });

  it("stops at Max Items with DynamoDB's cursor, and starts from the Exclusive Start Key", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [key("a"), key("b")], LastEvaluatedKey: key("b") });
    ddbMock.on(BatchWriteItemCommand).resolves({});
    const result = await run({
      maxItems: "2",
      exclusiveStartKey: '{"customerId": 1001, "orderDate": "0"}',
    });
    expect(result.data).toEqual(
      expect.objectContaining({
        deleted: 2,
        matched: 2,
        truncated: true,
        lastEvaluatedKey: { customerId: 1001, orderDate: "b" },
      }),
    );
    const query = ddbMock.commandCalls(QueryCommand)[0].args[0].input;
    expect(query.Limit).toBe(2);
    expect(query.ExclusiveStartKey).toEqual(key("0"));
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it("follows pages, asking each for no more than the items still wanted", async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [key("a"), key("b")], LastEvaluatedKey: key("b") })
      .resolvesOnce({ Items: [key("c")] });
    ddbMock.on(BatchWriteItemCommand).resolves({});
    const result = await run({ maxItems: "5" });
    expect(result.data).toEqual(
      expect.objectContaining({ deleted: 3, matched: 3, truncated: false, lastEvaluatedKey: null }),
    );
    const limits = ddbMock.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit);
    expect(limits).toEqual([5, 3]);
    expect(ddbMock.commandCalls(QueryCommand)[1].args[0].input.ExclusiveStartKey).toEqual(key("b"));
  });

  it("Dry Run only counts: no BatchWriteItem is sent", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [key("a"), key("b")] });
    const result = await run({ dryRun: "true" });
    expect(result.data).toEqual(
      expect.objectContaining({ deleted: 0, matched: 2, dryRun: true, truncated: false }),
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("on an index, finds keys by the index and deletes by the table key; user placeholders kept apart", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ ...key("a"), status: { S: "old" } }] });
    ddbMock.on(BatchWriteItemCommand).resolves({});
    await run({
      indexName: "byStatus",
      keyConditionExpression: "#key0 = :s",
      expressionAttributeNames: [{ key: "#key0", value: "status" }],
      expressionAttributeValues: [{ key: ":s", value: "old" }],
      expressionAttributeValueTypes: [{ key: ":s", value: "S" }],
    });
    const query = ddbMock.commandCalls(QueryCommand)[0].args[0].input;
    expect(query.IndexName).toBe("byStatus");
    expect(query.ConsistentRead).toBeUndefined();
    expect(query.ProjectionExpression).toBe("#key1, #key2");
    expect(query.ExpressionAttributeNames).toEqual({
      "#key0": "status",
      "#key1": "customerId",
      "#key2": "orderDate",
    });
    expect(
      ddbMock.commandCalls(BatchWriteItemCommand)[0].args[0].input.RequestItems?.Orders,
    ).toEqual([{ DeleteRequest: { Key: key("a") } }]);
  });

  it("retries unprocessed deletes, and fails naming those still left, counting only real deletes", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [key("a"), key("b")] });
    ddbMock
      .on(BatchWriteItemCommand)
      .resolves({ UnprocessedItems: { Orders: [{ DeleteRequest: { Key: key("b") } }] } });
    const error = await failure(run({ maxRetries: "1" }));
    expect(error.message).toBe(
      'Delete Items: 1 deletes were still unprocessed after the 1 retry Max Retries allows (DynamoDB was throttling them); 1 of the 2 matching items found so far were deleted. Not deleted: {"customerId":1001,"orderDate":"b"}. Run again with the same Exclusive Start Key (the deleted items are not found again), raise Max Retries or the table\'s write capacity, or set Return Unprocessed to true to get them in the output instead.',
    );
    expect(error).toEqual(expect.objectContaining({ deleted: 1, matched: 2 }));
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(2);
  });

  it("with Return Unprocessed, returns the keys not deleted, ready for Batch Write Items", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [key("a"), key("b")] });
    ddbMock
      .on(BatchWriteItemCommand)
      .resolves({ UnprocessedItems: { Orders: [{ DeleteRequest: { Key: key("b") } }] } });
    const result = await run({ maxRetries: "0", returnUnprocessed: "true" });
    expectMatchesSchema(deleteItems, result);
    expect(result.data).toEqual(
      expect.objectContaining({
        deleted: 1,
        matched: 2,
        unprocessedCount: 1,
        unprocessed: [{ customerId: 1001, orderDate: "b" }],
      }),
    );
  });

  it("with Return Unprocessed, keeps the keys it returns within 5 MB of JSON, counting them all", async () => {
    // 8,000 keys of 1 KB sort keys, all throttled: 8 MB of keys as JSON text.
    const dates = Array.from({ length: 8_000 }, (_, i) => `${i}`.padStart(1_000, "0"));
    ddbMock.on(QueryCommand).resolves({ Items: dates.map(key) });
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input) => ({
      UnprocessedItems: input.RequestItems,
    }));
    const result = await run({ maxRetries: "0", returnUnprocessed: "true", maxItems: "8000" });
    expectMatchesSchema(deleteItems, result);
    const data = result.data as { unprocessed: { orderDate: string }[] };
    expect(result.data).toMatchObject({
      deleted: 0,
      matched: 8_000,
      unprocessedCount: 8_000,
      unprocessedTruncated: true,
    });
    expect(Buffer.byteLength(JSON.stringify(data.unprocessed))).toBeLessThanOrEqual(
      DEFAULT_BYTE_BUDGET,
    );
    // The first keys, in order, as many as fit.
    const kept = data.unprocessed.map((entry) => entry.orderDate);
    expect(kept).toEqual(dates.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(DEFAULT_BYTE_BUDGET / 1_100);
  });

  it("a failed delete request says how far the run got", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [key("a")] });
    ddbMock.on(BatchWriteItemCommand).rejects(
      Object.assign(new Error("Requested resource not found"), {
        name: "ResourceNotFoundException",
      }),
    );
    const error = await failure(run());
    expect(error.message).toContain('BatchWriteItem failed on table "Orders" in region us-east-1');
    expect(error.message).toContain(
      "Before it failed, 0 of the 1 matching items found so far were deleted; run again with the same Exclusive Start Key to continue",
    );
  });

  it.each([
    ["the next page's delete request", "BatchWriteItem", 3],
    ["the next page's Query", "Query", 2],
  ])(
    "with Return Unprocessed, a run failing at %s carries the keys earlier pages left unprocessed",
    async (_, failing, matched) => {
      const notFound = Object.assign(new Error("Requested resource not found"), {
        name: "ResourceNotFoundException",
      });
      const query = ddbMock
        .on(QueryCommand)
        .resolvesOnce({ Items: [key("a"), key("b")], LastEvaluatedKey: key("b") });
      if (failing === "Query") query.rejectsOnce(notFound);
      else query.resolvesOnce({ Items: [key("c")] });
      ddbMock
        .on(BatchWriteItemCommand)
        .resolvesOnce({ UnprocessedItems: { Orders: [{ DeleteRequest: { Key: key("b") } }] } })
        .rejectsOnce(notFound);
      const error = (await failure(run({ maxRetries: "0", returnUnprocessed: "true" }))) as Error &
        Record<string, unknown>;
      expect(error.message).toContain(
        `Before it failed, 1 of the ${matched} matching items found so far were deleted and 1 deletes were still unprocessed (in the error's unprocessed); run again with the same Exclusive Start Key`,
      );
      expect(error).toEqual(
        expect.objectContaining({
          deleted: 1,
          matched,
          unprocessedCount: 1,
          unprocessed: [{ customerId: 1001, orderDate: "b" }],
          unprocessedTruncated: false,
        }),
      );
    },
  );

  it.each([
    [
      { keyConditionExpression: "" },
      "Key Condition Expression is required: a Query reads one partition, named with =, such as customerId = :id (with :id in Expression Attribute Values). To delete items of every partition, read their keys with Scan Items and give them to Batch Write Items' Keys to Delete.",
    ],
    [{ dryRun: "maybe" }, 'Dry Run must be true or false, not "maybe".'],
    [{ maxItems: "0" }, 'Max Items must be a whole number 1 or more, not "0".'],
    [
      { filterExpression: "#s = :s" },
      "Filter Expression uses #s, which Expression Attribute Names does not define.",
    ],
  ])("refuses %j before any request: %s", async (params, message) => {
    const error = await failure(run(params));
    expect(error.message).toBe(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("refuses an unknown index after reading the table's keys, before any Query", async () => {
    const error = await failure(run({ indexName: "byEmail" }));
    expect(error.message).toBe(
      'Index Name "byEmail" is not an index of table "Orders". Its indexes are: byStatus.',
    );
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("returns exactly its example payload for the documented case", async () => {
    ddbMock.on(QueryCommand).resolves({
      Items: [key("2024-05-01"), key("2024-05-07")],
      LastEvaluatedKey: key("2024-05-07"),
    });
    ddbMock.on(BatchWriteItemCommand).resolves({});
    const result = await run({ maxItems: "2" });
    expect(result).toEqual(deleteItems.examplePayload);
  });
});

/**
 * "__proto__" is a valid DynamoDB table name (3 to 255 of [A-Za-z0-9_.-]). Where a table name is
 * a key of a request's or answer's map (BatchGetItem's and BatchWriteItem's RequestItems,
 * Responses, UnprocessedItems, UnprocessedKeys), such a table's entry is its own: sent, read back
 * and counted like any other table's, never the object's prototype, never a TypeError.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };
const PROTO = "__proto__";

/** An object with an own "__proto__" entry, as JSON.parse makes one. */
const withProto = <T>(protoValue: T, rest: Record<string, T> = {}): Record<string, T> =>
  JSON.parse(JSON.stringify({ [PROTO]: "placeholder", ...rest }), (key, value) =>
    key === PROTO ? protoValue : value,
  );

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).callsFake(async (input) => ({
    Table: {
      TableName: input.TableName,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    },
  }));
});

describe("a table named __proto__", () => {
  it("is written by Batch Write Items (Multiple Tables), its count truthful", async () => {
    ddbMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
    const result = (await harness.action("batchWriteItemsMultiTable", {
      ...base,
      writesByTable: `{"${PROTO}":[{"put":{"id":"a"}}],"Orders":[{"put":{"id":"b"}}]}`,
    })) as { data: { tables: { tableName: string; written: number }[] } };
    const sent = ddbMock.commandCalls(BatchWriteItemCommand)[0].args[0].input.RequestItems ?? {};
    expect(Object.hasOwn(sent, PROTO)).toBe(true);
    expect(Object.keys(sent)).toEqual([PROTO, "Orders"]);
    expect(result.data.tables.map(({ tableName, written }) => [tableName, written])).toEqual([
      [PROTO, 1],
      ["Orders", 1],
    ]);
  });

  it("keeps its unprocessed writes its own, and retries them", async () => {
    ddbMock
      .on(BatchWriteItemCommand)
      .resolvesOnce({
        UnprocessedItems: withProto([{ PutRequest: { Item: { id: { S: "a" } } } }]),
      })
      .resolves({ UnprocessedItems: {} });
    const result = (await harness.action("batchWriteItemsMultiTable", {
      ...base,
      writesByTable: `{"${PROTO}":[{"put":{"id":"a"}}],"Orders":[{"put":{"id":"b"}}]}`,
    })) as { data: { tables: { tableName: string; written: number }[] } };
    const retry = ddbMock.commandCalls(BatchWriteItemCommand)[1].args[0].input.RequestItems ?? {};
    expect(Object.keys(retry)).toEqual([PROTO]);
    expect(result.data.tables.map(({ written }) => written)).toEqual([1, 1]);
  });

  it("is read by Batch Get Items (Multiple Tables), its items its own", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({
      Responses: withProto([{ id: { S: "a" }, note: { S: "from __proto__" } }], {
        Orders: [{ id: { S: "b" } }],
      }),
      UnprocessedKeys: {},
    });
    const result = (await harness.action("batchGetItemsMultiTable", {
      ...base,
      keysByTable: `{"${PROTO}":[{"id":"a"}],"Orders":[{"id":"b"}]}`,
    })) as { data: { tables: { tableName: string; items: unknown[] }[] } };
    const sent = ddbMock.commandCalls(BatchGetItemCommand)[0].args[0].input.RequestItems ?? {};
    expect(Object.keys(sent)).toEqual([PROTO, "Orders"]);
    expect(result.data.tables).toMatchObject([
      { tableName: PROTO, items: [{ id: "a", note: "from __proto__" }] },
      { tableName: "Orders", items: [{ id: "b" }] },
    ]);
  });

  it("is read by the one-table Batch Get Items, not taken for unprocessed keys", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({
      Responses: withProto([{ id: { S: "a" } }]),
      UnprocessedKeys: {},
    });
    const result = (await harness.action("batchGetItems", {
      ...base,
      tableName: PROTO,
      keys: '[{"id":"a"}]',
    })) as { data: { items: unknown[]; count: number } };
    expect(result.data.items).toEqual([{ id: "a" }]);
  });
});

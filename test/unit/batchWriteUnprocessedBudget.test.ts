/**
 * Batch Write Items returns its unprocessed writes within 5 MB as the output serialises them
 * (DEFAULT_BYTE_BUDGET), the first ones in input order: unprocessedCount still counts every write
 * and unprocessedTruncated says the list was cut. Before, 40 throttled items of 300 KB came back
 * as 12 MB of output.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { DEFAULT_BYTE_BUDGET } from "../../src/common/limits";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
  maxRetries: "0",
  returnUnprocessed: "true",
};

const WIDE = 300_000;

interface Output {
  data: {
    written: number;
    unprocessedCount: number;
    unprocessedTruncated: boolean;
    unprocessed: { puts: { id: number; note: string }[]; deletes: { id: number }[] };
  };
}

function items(count: number, width: number) {
  return Array.from({ length: count }, (_, i) => ({ id: i, note: String(i % 10).repeat(width) }));
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  });
  // DynamoDB throttles every write.
  ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => ({
    UnprocessedItems: input.RequestItems,
  }));
});

describe("Batch Write Items' unprocessed writes", () => {
  it("are cut at the byte budget as JSON text, with the full count and a flag", async () => {
    const { data } = (await harness.action("batchWriteItems", {
      ...base,
      putItems: items(40, WIDE),
      deleteKeys: [{ id: 1_000 }],
    })) as Output;
    expect(data).toMatchObject({ written: 0, unprocessedCount: 41, unprocessedTruncated: true });
    const { puts, deletes } = data.unprocessed;
    expect(Buffer.byteLength(JSON.stringify(data.unprocessed))).toBeLessThanOrEqual(
      DEFAULT_BYTE_BUDGET,
    );
    // The first ones in input order, as many as fit, each whole.
    expect(puts.map((put) => put.id)).toEqual(
      Array.from({ length: Math.floor(DEFAULT_BYTE_BUDGET / (WIDE + 20)) }, (_, i) => i),
    );
    for (const put of puts) expect(put.note).toBe(String(put.id % 10).repeat(WIDE));
    expect(deletes).toEqual([]);
  }, 60_000);

  it("are all returned, unflagged, when they fit", async () => {
    const { data } = (await harness.action("batchWriteItems", {
      ...base,
      putItems: items(30, 10),
      deleteKeys: [{ id: 1_000 }],
    })) as Output;
    expect(data).toMatchObject({ unprocessedCount: 31, unprocessedTruncated: false });
    expect(data.unprocessed.puts).toHaveLength(30);
    expect(data.unprocessed.deletes).toEqual([{ id: 1_000 }]);
  });
});

/**
 * A batch that fails part way says how far it got, by one rule for all three (failedPartWay):
 * Batch Get Items, Batch Write Items and Import Items. A credential failure stays a
 * ConnectionError (so the platform flags the connection), and its message carries no secret.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { failedPartWay } from "../../src/engines/batchRuns";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const connection = keySecretConnection();
const base = { awsConnection: connection, awsRegion: "us-east-1", tableName: "Customers" };

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
});

describe("failedPartWay", () => {
  it("adds the progress to the error's sentence and carries the counts", () => {
    const error = failedPartWay(new Error("Throttled"), "Before it failed, 3 of 9 were done.", {
      written: 3,
    });
    expect(error.message).toBe("Throttled. Before it failed, 3 of 9 were done.");
    expect(error).toMatchObject({ written: 3 });
  });

  it("gives an Error for a thrown value that is none", () => {
    const error = failedPartWay("socket hang up", "Before it failed, 0 of 1 were done.", {});
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("socket hang up. Before it failed, 0 of 1 were done.");
  });
});

describe("Batch Get Items failing part way", () => {
  it("keeps a ConnectionError a ConnectionError, saying how many keys were read, with no secret", async () => {
    ddbMock.on(BatchGetItemCommand).rejects(
      Object.assign(new Error("The security token included in the request is invalid."), {
        name: "UnrecognizedClientException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await harness
      .action("batchGetItems", { ...base, keys: '[{"id": 1}, {"id": 2}]' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({
      keysRead: 0,
      unreadCount: 2,
      unreadKeys: [{ id: 1 }, { id: 2 }],
    });
    expect((error as Error).message).toContain(
      'Before it failed, 0 of 2 keys had been read (0 items found, in the error\'s items); the other 2 keys were not read or not confirmed (the error\'s unreadKeys): Keys index 0 {"id":1}; Keys index 1 {"id":2}.',
    );
    const secret = String(connection.fields.secretAccessKey);
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message }),
    ).not.toContain(secret);
  });
});

describe("Batch Write Items (Multiple Tables) failing part way", () => {
  it("keeps a ConnectionError a ConnectionError, saying how far each table got, with no secret", async () => {
    let call = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      call += 1;
      if (call === 1) return { UnprocessedItems: {} };
      throw Object.assign(new Error("The security token included in the request is invalid."), {
        name: "UnrecognizedClientException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      });
    });
    const writes = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ put: { id: from + i } }));
    const error = await harness
      .action("batchWriteItemsMultiTable", {
        awsConnection: connection,
        awsRegion: "us-east-1",
        writesByTable: { Customers: writes(0, 30), Archive: writes(0, 10) },
        concurrency: "1",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(
      "Before it failed: Customers: 25 of 30 items written, 0 of 0 keys deleted; Archive: 0 of 10 items written, 0 of 0 keys deleted; the other 15 writes were not applied or not confirmed.",
    );
    expect(error).toMatchObject({ written: 25, deleted: 0 });
    const secret = String(connection.fields.secretAccessKey);
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message }),
    ).not.toContain(secret);
  });
});

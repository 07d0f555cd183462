/**
 * A table that never drains (every answer leaves every write or key unprocessed) holds a batch
 * step for a bounded time: a request's retries end at Max Retries or once its next wait would end
 * past the retry time (backoffSettings.retryTimeMs), whichever comes first, and the step then
 * names what is still undone. Before, only Max Retries ended them: 20 retries of waits up to 5 s.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);
const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
  concurrency: "1",
  maxRetries: "20",
};

/** The waits of one request: 49, 99, 199, 399, 799, 1,598, 3,196 ms (random 0.999), then 4,995. */
const RETRY_TIME_MS = 10_000;
/** The first send and 7 retries fit in 10 s (6,339 ms of waits); the 8th wait would end past it. */
const SENDS_IN_TIME = 8;

let clock = 0;

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  clock = 0;
  Object.assign(backoffSettings, {
    random: () => 0.999,
    retryTimeMs: RETRY_TIME_MS,
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  });
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  });
  // DynamoDB answers every request with all of it unprocessed.
  ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => ({
    UnprocessedItems: input.RequestItems,
  }));
  ddbMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => ({
    Responses: {},
    UnprocessedKeys: input.RequestItems,
  }));
});

afterEach(() => resetBackoffSettings());

const ids = (count: number) => Array.from({ length: count }, (_, id) => ({ id }));

describe("A batch whose unprocessed remainder never drains", () => {
  it("Batch Write Items stops retrying at the retry time, not at Max Retries, and names every write left", async () => {
    const error = (await failure(
      harness.action("batchWriteItems", { ...base, putItems: JSON.stringify(ids(3)) }),
    )) as Error & { unprocessedCount?: number; unprocessed?: { puts: unknown[] } };
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(SENDS_IN_TIME);
    expect(clock).toBeLessThanOrEqual(RETRY_TIME_MS);
    expect(error.unprocessedCount).toBe(3);
    expect(error.unprocessed?.puts).toEqual(ids(3));
  });

  it("the error says the retry time limit ended the retries, not Max Retries", async () => {
    const error = await failure(
      harness.action("batchWriteItems", { ...base, putItems: JSON.stringify(ids(3)) }),
    );
    expect(error.message).toMatch(
      /^Batch Write Items: 3 of 3 writes were still unprocessed after 7 of the 20 retries Max Retries allows, when the 10 s retry time limit ended them \(DynamoDB was throttling them\);/,
    );
  });

  it("the error says Max Retries ended the retries when it came first", async () => {
    const error = await failure(
      harness.action("batchWriteItems", {
        ...base,
        maxRetries: "3",
        putItems: JSON.stringify(ids(3)),
      }),
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(4);
    expect(error.message).toMatch(
      /^Batch Write Items: 3 of 3 writes were still unprocessed after the 3 retries Max Retries allows \(DynamoDB was throttling them\);/,
    );
  });

  it("Batch Get Items stops retrying at the retry time and returns every key as unprocessed", async () => {
    const { data } = (await harness.action("batchGetItems", {
      ...base,
      keys: JSON.stringify(ids(3)),
      returnUnprocessed: "true",
    })) as { data: { unprocessedCount: number; unprocessedKeys: unknown[] } };
    expect(ddbMock.commandCalls(BatchGetItemCommand)).toHaveLength(SENDS_IN_TIME);
    expect(data.unprocessedCount).toBe(3);
    expect(data.unprocessedKeys).toEqual(ids(3));
  });

  it("Import Items stops retrying at the retry time, and the rows left are its unprocessed rows", async () => {
    const { data } = (await harness.action(
      "importItems",
      {
        ...base,
        file: `id\n${[0, 1, 2].join("\n")}\n`,
        format: "csv",
        returnUnprocessed: "true",
      },
      { logger: quietLogger() } as never,
    )) as { data: { written: number; unprocessedCount: number; unprocessed: { lines: number[] } } };
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(SENDS_IN_TIME);
    expect(data).toMatchObject({
      written: 0,
      unprocessedCount: 3,
      unprocessed: { lines: [2, 3, 4] },
    });
  });
});

/**
 * What the connector does itself with a failed request, with the SDK mocked. aws-sdk-client-mock
 * replaces `send`, so the SDK's own retry middleware never runs here: what the SDK retries
 * (throttling, 5xx, network errors, Max Attempts) is tested through the fault proxy in
 * test/integration/retriesAndWriteAccounting.test.ts. This file covers:
 * - an error that outlasted the SDK's attempts is mapped, for every action, with the operation,
 *   table and region, a hint, no secret, and is not sent again by the connector;
 * - errors that must never be retried (a false condition) are sent once;
 * - what the connector retries itself: batch remainders (UnprocessedItems/Keys) with backoff
 *   and jitter, and one key schema re-read when a cached key no longer fits;
 * - Max Attempts reaches the client of every action that offers it, and the SDK logger is
 *   attached to requests only when the step runs with debug on.
 */

import { inspect } from "node:util";
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
  ListBackupsCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  TagResourceCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";
import { CUSTOMERS, validParams } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);

// Any DynamoDB command class; aws-sdk-client-mock matches on the class.
// biome-ignore lint/suspicious/noExplicitAny: command classes differ in their input types.
type AnyCommand = new (...args: any[]) => any;

interface ActionCase {
  key: string;
  command: AnyCommand;
  operation: string;
  /** The table the message names; undefined for operations without one. */
  table?: string;
  /** Offers Max Attempts (the item, read, batch and transaction actions). */
  maxAttempts: boolean;
}

const ACTIONS: ActionCase[] = [
  {
    key: "getItem",
    command: GetItemCommand,
    operation: "GetItem",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "createItem",
    command: PutItemCommand,
    operation: "PutItem",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "updateItem",
    command: UpdateItemCommand,
    operation: "UpdateItem",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "deleteItem",
    command: DeleteItemCommand,
    operation: "DeleteItem",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "queryItems",
    command: QueryCommand,
    operation: "Query",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "scanItems",
    command: ScanCommand,
    operation: "Scan",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "rawRequest",
    command: ExecuteStatementCommand,
    operation: "ExecuteStatement",
    maxAttempts: true,
  },
  {
    key: "batchGetItems",
    command: BatchGetItemCommand,
    operation: "BatchGetItem",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "batchWriteItems",
    command: BatchWriteItemCommand,
    operation: "BatchWriteItem",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "transactGetItems",
    command: TransactGetItemsCommand,
    operation: "TransactGetItems",
    table: "Customers",
    maxAttempts: true,
  },
  {
    key: "transactWriteItems",
    command: TransactWriteItemsCommand,
    operation: "TransactWriteItems",
    table: "Customers",
    maxAttempts: true,
  },
  { key: "listTables", command: ListTablesCommand, operation: "ListTables", maxAttempts: false },
  {
    key: "createTable",
    command: CreateTableCommand,
    operation: "CreateTable",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "updateTable",
    command: UpdateTableCommand,
    operation: "UpdateTable",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "deleteTable",
    command: DeleteTableCommand,
    operation: "DeleteTable",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "describeTimeToLive",
    command: DescribeTimeToLiveCommand,
    operation: "DescribeTimeToLive",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "updateTimeToLive",
    command: UpdateTimeToLiveCommand,
    operation: "UpdateTimeToLive",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "createBackup",
    command: CreateBackupCommand,
    operation: "CreateBackup",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "describeBackup",
    command: DescribeBackupCommand,
    operation: "DescribeBackup",
    maxAttempts: false,
  },
  {
    key: "listBackups",
    command: ListBackupsCommand,
    operation: "ListBackups",
    maxAttempts: false,
  },
  {
    key: "deleteBackup",
    command: DeleteBackupCommand,
    operation: "DeleteBackup",
    maxAttempts: false,
  },
  {
    key: "restoreTableFromBackup",
    command: RestoreTableFromBackupCommand,
    operation: "RestoreTableFromBackup",
    table: "CustomersRestored",
    maxAttempts: false,
  },
  {
    key: "restoreTableToPointInTime",
    command: RestoreTableToPointInTimeCommand,
    operation: "RestoreTableToPointInTime",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "describeContinuousBackups",
    command: DescribeContinuousBackupsCommand,
    operation: "DescribeContinuousBackups",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "updateContinuousBackups",
    command: UpdateContinuousBackupsCommand,
    operation: "UpdateContinuousBackups",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "tagResource",
    command: TagResourceCommand,
    operation: "TagResource",
    maxAttempts: false,
  },
  {
    key: "untagResource",
    command: UntagResourceCommand,
    operation: "UntagResource",
    maxAttempts: false,
  },
  {
    key: "listTagsOfResource",
    command: ListTagsOfResourceCommand,
    operation: "ListTagsOfResource",
    maxAttempts: false,
  },
  {
    key: "createGlobalSecondaryIndex",
    command: UpdateTableCommand,
    operation: "UpdateTable",
    table: "Customers",
    maxAttempts: false,
  },
  {
    key: "deleteGlobalSecondaryIndex",
    command: UpdateTableCommand,
    operation: "UpdateTable",
    table: "Customers",
    maxAttempts: false,
  },
];

/** An error shaped as the SDK throws it once its retries are used up. */
function serviceError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status, attempts: 4, totalRetryDelay: 180 },
  });
}

/** What an SDK retry strategy gives up on: each must be mapped, with a hint that fits it. */
const RETRYABLE_FAILURES: [string, () => Error, RegExp][] = [
  [
    "a 503 that outlasted the attempts",
    () => serviceError("ServiceUnavailable", 503, "Service unavailable"),
    /ServiceUnavailable: Service unavailable/,
  ],
  [
    "a 500 that outlasted the attempts",
    () => serviceError("InternalServerError", 500, "Internal server error"),
    /InternalServerError: Internal server error/,
  ],
  [
    "throttling that outlasted the attempts",
    () =>
      serviceError(
        "ProvisionedThroughputExceededException",
        400,
        "The level of configured provisioned throughput for the table was exceeded",
      ),
    /retries were exhausted \(4 attempts\)\. Raise its capacity or use on-demand billing/,
  ],
  [
    "account throttling that outlasted the attempts",
    () =>
      serviceError("ThrottlingException", 400, "Rate of requests exceeds the allowed throughput"),
    /AWS is throttling requests; retries were exhausted \(4 attempts\)/,
  ],
  [
    "a connection reset on every attempt",
    () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    /socket hang up\. The endpoint closed the connection before answering\. Check the Endpoint URL and the network/,
  ],
  [
    "a request timeout on every attempt",
    () => Object.assign(new Error("Connection timed out after 30000 ms"), { name: "TimeoutError" }),
    /TimeoutError: Connection timed out after 30000 ms\. DynamoDB did not answer in time/,
  ],
];

function mainCalls(testCase: ActionCase) {
  return ddbMock.commandCalls(testCase.command as never);
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  streamsMock.reset();
  resetBackoffSettings();
  // Everything answers; each test makes the command it is about fail.
  ddbMock.onAnyCommand().resolves({});
  ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
  ddbMock.on(DescribeTimeToLiveCommand).resolves({
    TimeToLiveDescription: { TimeToLiveStatus: "DISABLED" },
  });
  streamsMock.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [] } });
});

afterAll(() => {
  ddbMock.restore();
  streamsMock.restore();
  resetBackoffSettings();
});

describe("errors that outlasted the SDK's attempts", () => {
  const cases = ACTIONS.flatMap((testCase) =>
    RETRYABLE_FAILURES.map(
      ([what, make, detail]) => [`${testCase.key}: ${what}`, testCase, make, detail] as const,
    ),
  );

  it.each(cases)(
    "%s names the operation, table and region, and is not sent again by the connector",
    async (_title, testCase, make, detail) => {
      ddbMock.on(testCase.command as never).rejects(make());
      const error = (await harness.action(testCase.key, validParams(testCase.key)).then(
        () => undefined,
        (caught: unknown) => caught,
      )) as Error;
      expect(error).toBeInstanceOf(Error);
      const where = testCase.table
        ? `${testCase.operation} failed on table "${testCase.table}" in region us-east-1: `
        : `${testCase.operation} failed in region us-east-1: `;
      expect(error.message.startsWith(where)).toBe(true);
      expect(error.message).toMatch(detail);
      // Not a problem of the connection: the platform must not flag it.
      expect(error).not.toBeInstanceOf(ConnectionError);
      expect(`${error.message}\n${error.stack}`).not.toContain(TEST_SECRET);
      // The SDK already retried it; the connector does not multiply the attempts.
      expect(mainCalls(testCase)).toHaveLength(1);
    },
  );

  it("a batch that fails mid-way says how far it got, so nothing applied is hidden", async () => {
    // Three requests of 25, one at a time: the second fails after the SDK's attempts.
    ddbMock
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: {} })
      .rejectsOnce(serviceError("ServiceUnavailable", 503, "Service unavailable"))
      .resolves({ UnprocessedItems: {} });
    const items = Array.from({ length: 75 }, (_, i) => ({ customerId: i, customerName: `n${i}` }));
    const error = (await harness
      .action("batchWriteItems", {
        ...validParams("batchWriteItems"),
        putItems: JSON.stringify(items),
        concurrency: "1",
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )) as Error & { written?: number };
    expect(error.message).toBe(
      'BatchWriteItem failed on table "Customers" in region us-east-1: ServiceUnavailable: Service unavailable. Before it failed, 25 of 75 items were written and 0 of 0 keys deleted; the other 50 writes were not applied or not confirmed.',
    );
    expect(error.written).toBe(25);
    // The third request was never started.
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(2);
  });
});

describe("errors that are never retried", () => {
  it("a false condition is sent once and says nothing was written", async () => {
    ddbMock.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: "The conditional request failed",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(
      harness.action("createItem", {
        ...validParams("createItem"),
        conditionExpression: "attribute_not_exists(customerId)",
      }),
    ).rejects.toThrow(
      'PutItem failed on table "Customers" in region us-east-1: ConditionalCheckFailedException: The conditional request failed. The Condition Expression was false for the current item, so nothing was written.',
    );
    expect(ddbMock.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it("a validation error of a batch is not retried by the connector", async () => {
    ddbMock
      .on(BatchGetItemCommand)
      .rejects(serviceError("ValidationException", 400, "Too many items requested"));
    await expect(harness.action("batchGetItems", validParams("batchGetItems"))).rejects.toThrow(
      /^BatchGetItem failed on table "Customers" in region us-east-1: ValidationException: Too many items requested\. Before it failed, 0 of 1 keys had been read/,
    );
    expect(ddbMock.commandCalls(BatchGetItemCommand)).toHaveLength(1);
  });
});

describe("what the connector retries itself", () => {
  it("re-sends throttled batch writes (UnprocessedItems) with jittered, growing, capped backoff", async () => {
    const waits: number[] = [];
    Object.assign(backoffSettings, {
      sleep: async (ms: number) => {
        waits.push(ms);
      },
      // The top of each jitter range, so the bound itself is visible.
      random: () => 0.999,
      baseMs: 50,
      capMs: 300,
    });
    const put = (id: number) => ({
      PutRequest: { Item: { customerId: { N: String(id) }, customerName: { S: `n${id}` } } },
    });
    // DynamoDB throttles part of the batch five times, then takes the rest.
    ddbMock
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { Customers: [put(1), put(2)] } })
      .resolvesOnce({ UnprocessedItems: { Customers: [put(2)] } })
      .resolvesOnce({ UnprocessedItems: { Customers: [put(2)] } })
      .resolvesOnce({ UnprocessedItems: { Customers: [put(2)] } })
      .resolvesOnce({ UnprocessedItems: { Customers: [put(2)] } })
      .resolves({ UnprocessedItems: {} });
    const result = await harness.action("batchWriteItems", {
      ...validParams("batchWriteItems"),
      putItems: JSON.stringify([0, 1, 2].map((id) => ({ customerId: id, customerName: `n${id}` }))),
    });
    expect(result).toEqual({
      data: {
        written: 3,
        deleted: 0,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
        unprocessedTruncated: false,
      },
    });
    const sent = ddbMock
      .commandCalls(BatchWriteItemCommand)
      .map((call) => call.args[0].input.RequestItems?.Customers?.length);
    // Only what was left unprocessed is sent again: nothing is written twice.
    expect(sent).toEqual([3, 2, 1, 1, 1, 1]);
    // 50, 100, 200, then capped at 300 (each the top of its jitter range).
    expect(waits).toEqual([49, 99, 199, 299, 299]);
  });

  it("gives up on a throttled remainder after Max Retries and lists it", async () => {
    Object.assign(backoffSettings, { sleep: async () => undefined });
    ddbMock.on(BatchGetItemCommand).callsFake((input) => ({
      Responses: { Customers: [] },
      UnprocessedKeys: { Customers: { Keys: input.RequestItems.Customers.Keys } },
    }));
    await expect(
      harness.action("batchGetItems", { ...validParams("batchGetItems"), maxRetries: "2" }),
    ).rejects.toThrow(
      'Batch Get Items: 1 of 1 keys were still unprocessed after the 2 retries Max Retries allows (DynamoDB was throttling or hit its response size limit): Keys index 0 {"customerId":1001,"customerName":"Ada"}.',
    );
    // The first request and two retries.
    expect(ddbMock.commandCalls(BatchGetItemCommand)).toHaveLength(3);
  });

  it("re-reads a cached key schema once when DynamoDB says the key no longer fits, then retries once", async () => {
    const mismatch = () =>
      serviceError(
        "ValidationException",
        400,
        "The provided key element does not match the schema",
      );
    // Warm the schema cache with the old table (hash and range).
    await harness.action("getItem", validParams("getItem"));
    ddbMock.reset();
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    ddbMock.on(DeleteItemCommand).rejectsOnce(mismatch()).resolves({});
    await harness.action("deleteItem", validParams("deleteItem"));
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(DeleteItemCommand)).toHaveLength(2);

    // A second mismatch in one call is reported, not retried again.
    ddbMock.reset();
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    ddbMock.on(DeleteItemCommand).rejects(mismatch());
    await expect(harness.action("deleteItem", validParams("deleteItem"))).rejects.toThrow(
      'DeleteItem failed on table "Customers" in region us-east-1: ValidationException: The provided key element does not match the schema',
    );
    expect(ddbMock.commandCalls(DeleteItemCommand)).toHaveLength(2);
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
  });
});

describe("Max Attempts", () => {
  /** The client that sent the action's main command, as the SDK resolved its configuration. */
  async function attemptsOfClient(testCase: ActionCase): Promise<number> {
    const call = mainCalls(testCase)[0];
    const client = call.thisValue as DynamoDBClient;
    return client.config.maxAttempts();
  }

  const offering = ACTIONS.filter((testCase) => testCase.maxAttempts);

  it("is the last input of exactly the item, read, batch and transaction actions", () => {
    for (const testCase of ACTIONS) {
      const inputs = harness.component.actions[testCase.key].inputs as unknown as {
        key: string;
        label: string;
      }[];
      const last = inputs[inputs.length - 1];
      if (testCase.maxAttempts)
        expect([testCase.key, last]).toEqual([
          testCase.key,
          expect.objectContaining({ key: "maxAttempts", label: "Max Attempts" }),
        ]);
      else expect(inputs.map((input) => input.key)).not.toContain("maxAttempts");
    }
  });

  it.each(offering.map((testCase) => [testCase.key, testCase] as const))(
    "%s builds its client with the Max Attempts given, and the SDK's default when blank",
    async (_key, testCase) => {
      await harness.action(testCase.key, { ...validParams(testCase.key), maxAttempts: "7" });
      expect(await attemptsOfClient(testCase)).toBe(7);
      ddbMock.resetHistory();
      await harness.action(testCase.key, validParams(testCase.key));
      // The DynamoDB client's own default (see the Max Attempts comment).
      expect(await attemptsOfClient(testCase)).toBe(4);
    },
  );

  it("keeps one cached client per Max Attempts, so two steps never change each other's", async () => {
    const clientOf = async (maxAttempts: string) => {
      ddbMock.resetHistory();
      await harness.action("getItem", { ...validParams("getItem"), maxAttempts });
      return ddbMock.commandCalls(GetItemCommand)[0].thisValue as DynamoDBClient;
    };
    const two = await clientOf("2");
    const five = await clientOf("5");
    const twoAgain = await clientOf("2");
    expect(two).not.toBe(five);
    expect(twoAgain).toBe(two);
    expect(await five.config.maxAttempts()).toBe(5);
    expect(await two.config.maxAttempts()).toBe(2);
  });

  it.each([
    ["0", /from 1 to 20/],
    ["21", /from 1 to 20/],
    ["three", /from 1 to 20/],
    ["2.5", /from 1 to 20/],
  ])("refuses %s before any request, naming Max Attempts", async (value, hint) => {
    const error = (await harness
      .action("queryItems", { ...validParams("queryItems"), maxAttempts: value })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )) as Error;
    expect(error.message).toContain("Max Attempts");
    expect(error.message).toMatch(hint);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("the SDK logger", () => {
  const logger = () => ({
    metric: jest.fn(),
    trace: jest.fn(),
    debug: jest.fn(),
    info: jest.fn(),
    log: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
  });
  // The platform derives context.debug from globalDebug (spectral's createDebugContext).
  const debugOn = (log: ReturnType<typeof logger>) => ({ logger: log, globalDebug: true });
  /** The names of the middleware the command of a call carries. */
  const middlewareOf = (call: { args: unknown[] }) =>
    (call.args[0] as { middlewareStack: { identify: () => string[] } }).middlewareStack.identify();

  it.each(ACTIONS.map((testCase) => [testCase.key, testCase] as const))(
    "%s attaches the step's logger to its requests only when debug is on",
    async (_key, testCase) => {
      await harness.action(testCase.key, validParams(testCase.key), debugOn(logger()) as never);
      expect(middlewareOf(mainCalls(testCase)[0])).toContain("invocationLogger - initialize");
      ddbMock.resetHistory();
      await harness.action(testCase.key, validParams(testCase.key), { logger: logger() } as never);
      expect(middlewareOf(mainCalls(testCase)[0])).not.toContain("invocationLogger - initialize");
    },
  );

  it("the trigger attaches it too, and a data source does not", async () => {
    await harness.trigger("tableChanges", undefined, validParams("tableChanges"), {
      ...debugOn(logger()),
      instanceState: {},
    } as never);
    const describe = ddbMock.commandCalls(DescribeTableCommand)[0];
    expect(middlewareOf(describe)).toContain("invocationLogger - initialize");
    ddbMock.resetHistory();
    await harness.dataSource("selectTable", validParams("selectTable"), debugOn(logger()) as never);
    expect(middlewareOf(ddbMock.commandCalls(ListTablesCommand)[0])).not.toContain(
      "invocationLogger - initialize",
    );
  });

  it("does not touch the cached client: a concurrent step without debug logs nothing", async () => {
    const connection = keySecretConnection();
    await Promise.all([
      harness.action(
        "getItem",
        { ...validParams("getItem"), awsConnection: connection },
        debugOn(logger()) as never,
      ),
      harness.action("getItem", { ...validParams("getItem"), awsConnection: connection }),
    ]);
    const calls = ddbMock.commandCalls(GetItemCommand);
    const withLogger = calls.filter((call) =>
      middlewareOf(call).includes("invocationLogger - initialize"),
    );
    expect(withLogger).toHaveLength(1);
    // Both went through the one cached client.
    const [first, second] = calls.map((call) => call.thisValue as object);
    const base = (client: object) =>
      Object.hasOwn(client, "send") ? Object.getPrototypeOf(client) : client;
    expect(base(first)).toBe(base(second));
  });
});

describe("what a failed step carries", () => {
  it("a credential failure flags the connection without holding its secret", async () => {
    const connection = { ...keySecretConnection(), configVarKey: "dynamoConnection" };
    ddbMock
      .on(GetItemCommand)
      .rejects(serviceError("UnrecognizedClientException", 400, "The security token is invalid."));
    const error = (await harness
      .action("getItem", { ...validParams("getItem"), awsConnection: connection })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    // The platform finds the connection by its key and config variable; the secret is masked.
    expect(error.connection).toEqual({
      key: "apiKeySecret",
      configVarKey: "dynamoConnection",
      fields: { accessKeyId: "AKIAUNITTEST", secretAccessKey: "****" },
    });
    expect(inspect(error, { depth: 10 })).not.toContain(TEST_SECRET);
  });

  it("the AWS error kept as the cause has an echoed secret redacted, and keeps its class and details", async () => {
    const echoed = Object.assign(
      new ConditionalCheckFailedException({
        message: `The conditional request failed for ${TEST_SECRET}`,
        $metadata: { httpStatusCode: 400 },
      }),
      { Item: { customerId: { N: "1001" } } },
    );
    ddbMock.on(PutItemCommand).rejects(echoed);
    const error = (await harness
      .action("createItem", {
        ...validParams("createItem"),
        conditionExpression: "attribute_not_exists(customerId)",
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      )) as Error & { cause: unknown };
    expect(error.message).toContain("The conditional request failed for ****.");
    expect(error.cause).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error.cause).toMatchObject({
      message: "The conditional request failed for ****",
      Item: { customerId: { N: "1001" } },
    });
    expect(inspect(error, { depth: 10 })).not.toContain(TEST_SECRET);
  });
});

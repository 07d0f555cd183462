/**
 * The SDK's retries get an action through 5xx errors, throttling and a dropped connection within
 * Max Attempts, and beyond it the step fails with a message naming the operation, table and
 * region; a write whose success a 5xx hid is applied again unless a condition or the transaction's
 * idempotency token prevents it; and a batch write or an import hit by 5xx errors accounts for
 * every item, the table holding exactly what the output or error says was written. Faults are
 * injected by tools/faultProxy.ts in front of DynamoDB Local: the connection's Endpoint URL points
 * at the proxy, so every request goes through the real SDK stack (signing, retry strategy, HTTP
 * handler and timeouts) and the connector's own handling. What a fault's message says and how
 * long an attempt may last are in endpointFaultsBoundedAndNamed.test.ts; the renewal of an
 * assumed role's session in roleSessions.test.ts.
 */
import { type DynamoDBClient, GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { resetClientSettings } from "../../src/aws/client";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";

const table = uniqueTableName("faults_items");
const batchTable = uniqueTableName("faults_batch");
let proxy: FaultProxy;
let raw: DynamoDBClient;

/** Runs an action through the proxy. */
function run(key: string, params: Record<string, unknown>): Promise<unknown> {
  return harness.action(key, {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    ...params,
  });
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    (result) => {
      throw new Error(`Expected a failure, got ${JSON.stringify(result).slice(0, 200)}`);
    },
    (error: Error & Record<string, unknown>) => error,
  );
}

/** The ids stored in the batch table from `from` up to `to` (exclusive), in order. */
async function storedIds(from: number, to: number): Promise<number[]> {
  const ids: number[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await raw.send(
      new ScanCommand({ TableName: batchTable, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) ids.push(Number(item.id.N));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return ids.filter((id) => id >= from && id < to).sort((a, b) => a - b);
}

const getOne = (extra: Record<string, unknown> = {}) =>
  run("getItem", { tableName: table, value: "c-1", ...extra });

const serverError = (status: 500 | 503) => ({ kind: "serverError" as const, status });

beforeAll(async () => {
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await Promise.all([
    createTestTable(table, { hashKey: { name: "id", type: "S" } }),
    createTestTable(batchTable, { hashKey: { name: "id", type: "N" } }),
  ]);
  await harness.action("createItem", {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    tableName: table,
    itemJson: JSON.stringify({ id: "c-1", name: "Ada", visits: 0 }),
  });
});

afterAll(async () => {
  await proxy.close();
  await Promise.all([table, batchTable].map(deleteTestTable));
  raw.destroy();
});

beforeEach(() => {
  // A fresh client each time: its retry budget and sockets start clean.
  resetCaches();
  proxy.reset();
});

afterEach(() => {
  resetClientSettings();
  resetCaches();
});

describe("the SDK's retries, through the proxy", () => {
  it("passes requests through unchanged when nothing is injected", async () => {
    await expect(getOne()).resolves.toEqual({
      data: { found: true, item: { id: "c-1", name: "Ada", visits: 0 } },
    });
    expect(proxy.count("DescribeTable")).toBe(1);
    expect(proxy.count("GetItem")).toBe(1);
  });

  it("gets through two 503s with the default attempts", async () => {
    proxy.inject("GetItem", serverError(503), serverError(503));
    await expect(getOne()).resolves.toMatchObject({ data: { found: true } });
    expect(proxy.count("GetItem")).toBe(3);
    expect(proxy.pending()).toBe(0);
  });

  it("gets through two kinds of throttling (table and account) with the default attempts", async () => {
    proxy.inject(
      "PutItem",
      { kind: "throttle", error: "ProvisionedThroughputExceededException" },
      { kind: "throttle", error: "ThrottlingException" },
    );
    await run("createItem", {
      tableName: table,
      itemJson: JSON.stringify({ id: "c-throttled", name: "Grace" }),
    });
    expect(proxy.count("PutItem")).toBe(3);
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: "c-throttled" } } }),
    );
    expect(Item?.name).toEqual({ S: "Grace" });
  });

  it("by default makes 4 attempts: it survives 3 failures and reports the 4th", async () => {
    proxy.inject("GetItem", serverError(500), serverError(503), serverError(500));
    await expect(getOne()).resolves.toMatchObject({ data: { found: true } });
    expect(proxy.count("GetItem")).toBe(4);

    resetCaches();
    proxy.reset();
    proxy.inject("GetItem", ...Array.from({ length: 4 }, () => serverError(503)));
    const error = await failure(getOne());
    expect(error.message).toMatch(
      new RegExp(
        `^GetItem failed on table "${table}" in region ${LOCAL_REGION}: ServiceUnavailable: Service unavailable`,
      ),
    );
    expect(proxy.count("GetItem")).toBe(4);
  });

  it("with Max Attempts 2, three failures fail the step after two attempts, naming operation, table and region", async () => {
    proxy.inject("Query", serverError(503), serverError(503), serverError(503));
    const error = await failure(
      run("queryItems", {
        tableName: table,
        keyConditionExpression: "id = :id",
        expressionAttributeValues: [{ key: ":id", value: "c-1" }],
        expressionAttributeValueTypes: [{ key: ":id", value: "S" }],
        maxAttempts: "2",
      }),
    );
    expect(error.message).toMatch(
      new RegExp(`^Query failed on table "${table}" in region ${LOCAL_REGION}: ServiceUnavailable`),
    );
    expect(proxy.count("Query")).toBe(2);
    // The third fault was never reached.
    expect(proxy.pending()).toBe(1);
  });

  it("with Max Attempts 5, four failures are survived", async () => {
    proxy.inject("GetItem", ...Array.from({ length: 4 }, () => serverError(503)));
    await expect(getOne({ maxAttempts: "5" })).resolves.toMatchObject({ data: { found: true } });
    expect(proxy.count("GetItem")).toBe(5);
  });

  it("with Max Attempts 1, nothing is retried", async () => {
    proxy.inject("GetItem", { kind: "throttle" });
    const error = await failure(getOne({ maxAttempts: "1" }));
    expect(error.message).toMatch(
      /^GetItem failed on table ".+" in region us-east-1: ProvisionedThroughputExceededException: .+ it was tried once, not retried \(Max Attempts 1/,
    );
    expect(proxy.count("GetItem")).toBe(1);
  });

  it("retries a dropped connection", async () => {
    proxy.inject("GetItem", { kind: "drop" });
    await expect(getOne()).resolves.toMatchObject({ data: { found: true } });
    expect(proxy.count("GetItem")).toBe(2);
  });

  it("a 5xx that hides an applied update makes the SDK apply it twice: only a condition prevents it", async () => {
    const add = (extra: Record<string, unknown> = {}) =>
      run("updateItem", {
        tableName: table,
        value: "c-1",
        query: "ADD visits :one",
        queryParams: [{ key: ":one", value: "1" }],
        queryParamTypes: [{ key: ":one", value: "N" }],
        ...extra,
      });
    const visits = async () => {
      const { Item } = await raw.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: "c-1" } }, ConsistentRead: true }),
      );
      return Number(Item?.visits?.N);
    };
    const before = await visits();
    // DynamoDB applies the first attempt, but the client is told it failed, and retries.
    proxy.inject("UpdateItem", { kind: "serverError", status: 500, applied: true });
    await add();
    expect(proxy.count("UpdateItem")).toBe(2);
    expect(await visits()).toBe(before + 2);

    // With a condition on the value the caller saw, the retry cannot apply it a second time.
    proxy.reset();
    proxy.inject("UpdateItem", { kind: "serverError", status: 500, applied: true });
    const error = await failure(
      add({
        conditionExpression: "visits = :seen",
        queryParams: [
          { key: ":one", value: "1" },
          { key: ":seen", value: String(before + 2) },
        ],
        queryParamTypes: [
          { key: ":one", value: "N" },
          { key: ":seen", value: "N" },
        ],
      }),
    );
    expect(error.message).toContain("ConditionalCheckFailedException");
    expect(await visits()).toBe(before + 3);
  });
});

describe("non-idempotent writes", () => {
  const visits = async () => {
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: "c-1" } }, ConsistentRead: true }),
    );
    return Number(Item?.visits?.N);
  };

  it("a transaction retried after a hidden success is not applied twice (the SDK's idempotency token)", async () => {
    const before = await visits();
    proxy.inject("TransactWriteItems", { kind: "serverError", status: 500, applied: true });
    await run("transactWriteItems", {
      operations: JSON.stringify([
        {
          update: {
            tableName: table,
            key: { id: "c-1" },
            updateExpression: "ADD visits :one",
            expressionAttributeValues: { ":one": 1 },
          },
        },
      ]),
    });
    expect(proxy.count("TransactWriteItems")).toBe(2);
    expect(await visits()).toBe(before + 1);
  });
});

describe("Batch Write Items with 5xx errors", () => {
  const items = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: from + i, body: `item ${from + i}` }));

  const write = (putItems: unknown[], extra: Record<string, unknown> = {}) =>
    run("batchWriteItems", { tableName: batchTable, putItems: JSON.stringify(putItems), ...extra });

  it("retried 503s on some requests still write every item exactly as reported", async () => {
    proxy.inject("BatchWriteItem", serverError(503), serverError(503), serverError(500));
    const result = await write(items(0, 100));
    expect(result).toEqual({
      data: {
        written: 100,
        deleted: 0,
        unprocessedCount: 0,
        unprocessed: { puts: [], deletes: [] },
        unprocessedTruncated: false,
      },
    });
    // Four requests of 25, three of them retried once.
    expect(proxy.count("BatchWriteItem")).toBe(7);
    expect(await storedIds(0, 100)).toEqual(items(0, 100).map((item) => item.id));
  });

  it("a request that fails for good is reported with the count written, and the table holds exactly those", async () => {
    // One request at a time, no SDK retry: the second request of four fails.
    proxy.inject("BatchWriteItem", { kind: "pass" }, serverError(503));
    const error = await failure(write(items(1000, 100), { maxAttempts: "1", concurrency: "1" }));
    expect(error.message).toBe(
      `BatchWriteItem failed on table "${batchTable}" in region ${LOCAL_REGION}: ServiceUnavailable: Service unavailable (injected by the fault proxy). Before it failed, 25 of 100 items were written and 0 of 0 keys deleted; the other 75 writes were not applied or not confirmed.`,
    );
    expect(error.written).toBe(25);
    expect(proxy.count("BatchWriteItem")).toBe(2);
    expect(await storedIds(1000, 1100)).toEqual(items(1000, 25).map((item) => item.id));
  });

  it("with requests in parallel, every request already running is counted before the step fails", async () => {
    proxy.inject("BatchWriteItem", { kind: "pass" }, serverError(503));
    const error = await failure(write(items(2000, 200), { maxAttempts: "1", concurrency: "4" }));
    const written = error.written as number;
    expect(error.message).toContain(`Before it failed, ${written} of 200 items were written`);
    // At least the first request, at most all but the failed one.
    expect(written % 25).toBe(0);
    expect(written).toBeGreaterThanOrEqual(25);
    expect(written).toBeLessThanOrEqual(175);
    const stored = await storedIds(2000, 2200);
    expect(stored).toHaveLength(written);
  });

  it("a failure that hides an applied request never reports it as written", async () => {
    // The second request is applied by DynamoDB, but its answer is lost.
    proxy.inject(
      "BatchWriteItem",
      { kind: "pass" },
      { kind: "serverError", status: 500, applied: true },
    );
    const error = await failure(write(items(3000, 50), { maxAttempts: "1", concurrency: "1" }));
    expect(error.written).toBe(25);
    expect(error.message).toContain("the other 25 writes were not applied or not confirmed");
    // The table holds what was reported and, unconfirmed, the request whose answer was lost.
    expect(await storedIds(3000, 3050)).toEqual(items(3000, 50).map((item) => item.id));
  });
});

describe("Import Items with 5xx errors", () => {
  const csv = (from: number, count: number) => ({
    data: Buffer.from(
      `id,body\n${Array.from({ length: count }, (_, i) => `${from + i},row ${from + i}`).join("\n")}\n`,
    ),
    contentType: "text/csv",
  });
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

  it("retried 503s still import every row", async () => {
    proxy.inject("BatchWriteItem", serverError(503), serverError(500));
    const result = (await run("importItems", { tableName: batchTable, file: csv(5000, 100) })) as {
      data: { written: number; unprocessedCount: number };
    };
    expect(result.data).toMatchObject({ written: 100, unprocessedCount: 0 });
    expect(proxy.count("BatchWriteItem")).toBe(6);
    expect(await storedIds(5000, 5100)).toEqual(range(5000, 100));
  });

  it("a request that fails for good is reported with the rows written, and the table holds exactly those", async () => {
    proxy.inject("BatchWriteItem", { kind: "pass" }, serverError(503));
    const error = await failure(
      run("importItems", {
        tableName: batchTable,
        file: csv(6000, 100),
        maxAttempts: "1",
        concurrency: "1",
      }),
    );
    expect(error.message).toBe(
      `BatchWriteItem failed on table "${batchTable}" in region ${LOCAL_REGION}: ServiceUnavailable: Service unavailable (injected by the fault proxy). Before it failed, 25 of 100 rows were written; the other 75 were not written or not confirmed: lines 27 to the end (the error's notWrittenRanges). Importing those rows again rewrites the same items.`,
    );
    expect(error.written).toBe(25);
    expect(await storedIds(6000, 6100)).toEqual(range(6000, 25));
  });
});

/**
 * A Batch Write Items step that stops early (a request failed for good behind the fault proxy,
 * or writes still unprocessed after Max Retries) says not only how many writes were applied but
 * which were not, in the output's own shape (`unprocessed: { puts, deletes }`), so that a flow's
 * error handler can hand exactly those to a later Batch Write Items step. Checked against what
 * DynamoDB Local holds.
 */
import { BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { resetClientSettings } from "../../src/aws/client";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { unprocessedItems } from "../../tools/unprocessedItems";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("batch_left");
let proxy: FaultProxy;
let leaving: FaultProxy;
let raw: DynamoDBClient;

type Left = Error & {
  written?: number;
  deleted?: number;
  unprocessedCount?: number;
  unprocessed?: { puts: { id: number }[]; deletes: { id: number }[] };
  unprocessedTruncated?: boolean;
};

async function storedIds(): Promise<number[]> {
  const ids: number[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await raw.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) ids.push(Number(item.id.N));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return ids.sort((a, b) => a - b);
}

async function putRaw(ids: number[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 25) {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: ids.slice(start, start + 25).map((id) => ({
            PutRequest: { Item: { id: { N: String(id) } } },
          })),
        },
      }),
    );
  }
}

function write(endpoint: string, params: Record<string, unknown>): Promise<unknown> {
  return harness.action("batchWriteItems", {
    awsConnection: localConnection({ endpoint }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    concurrency: "1",
    ...params,
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(async () => {
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  // Leaves every write of a request that holds id 7 unprocessed, the others pass.
  const left = unprocessedItems({
    upstream: localEndpoint(),
    accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
    region: LOCAL_REGION,
    leave: (_table, count) => Math.min(count, 5),
  });
  leaving = await startFaultProxy({ upstream: localEndpoint(), answer: left.answer });
  await createTestTable(table, { hashKey: { name: "id", type: "N" } });
});

afterAll(async () => {
  await Promise.all([proxy.close(), leaving.close()]);
  await deleteTestTable(table);
  raw.destroy();
});

beforeEach(async () => {
  resetCaches();
  proxy.reset();
  const ids = await storedIds();
  for (let start = 0; start < ids.length; start += 25) {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: ids.slice(start, start + 25).map((id) => ({
            DeleteRequest: { Key: { id: { N: String(id) } } },
          })),
        },
      }),
    );
  }
});

afterEach(() => {
  resetClientSettings();
  resetCaches();
});

describe("Batch Write Items that fails part way", () => {
  it("carries the writes not applied, as the output's unprocessed, and they are exactly what the table lacks", async () => {
    await putRaw(range(100, 110));
    // Request 1 (puts 0-24) passes; request 2 fails for good, nothing more is sent.
    proxy.inject("BatchWriteItem", { kind: "pass" }, { kind: "serverError", status: 500 });
    const error = (await failure(
      write(proxy.endpoint, {
        putItems: JSON.stringify(range(0, 40).map((id) => ({ id }))),
        deleteKeys: JSON.stringify(range(100, 110).map((id) => ({ id }))),
        maxAttempts: "1",
      }),
    )) as Left;
    expect(error).toEqual(expect.objectContaining({ written: 25, deleted: 0 }));
    expect(error.unprocessedCount).toBe(25);
    expect(error.unprocessedTruncated).toBe(false);
    expect(error.unprocessed?.puts).toEqual(range(25, 40).map((id) => ({ id })));
    expect(error.unprocessed?.deletes).toEqual(range(100, 110).map((id) => ({ id })));
    // The table holds the 25 written and the 10 not deleted: exactly what the error says.
    expect(await storedIds()).toEqual([...range(0, 25), ...range(100, 110)]);

    // A later step given exactly those finishes the job.
    await write(localEndpoint(), {
      putItems: JSON.stringify(error.unprocessed?.puts),
      deleteKeys: JSON.stringify(error.unprocessed?.deletes),
    });
    expect(await storedIds()).toEqual(range(0, 40));
  });

  it("across tables, each table's undone writes are in the error's tables", async () => {
    proxy.inject("BatchWriteItem", { kind: "pass" }, { kind: "serverError", status: 500 });
    const error = (await failure(
      harness.action("batchWriteItemsMultiTable", {
        awsConnection: localConnection({ endpoint: proxy.endpoint }),
        awsRegion: LOCAL_REGION,
        writesByTable: JSON.stringify({ [table]: range(0, 30).map((id) => ({ put: { id } })) }),
        concurrency: "1",
        maxAttempts: "1",
      }),
    )) as Left & { tables?: { tableName: string; unprocessed: { puts: { id: number }[] } }[] };
    expect(error).toEqual(expect.objectContaining({ written: 25, unprocessedCount: 5 }));
    expect(error.tables?.[0]?.tableName).toBe(table);
    expect(error.tables?.[0]?.unprocessed.puts).toEqual(range(25, 30).map((id) => ({ id })));
    expect(await storedIds()).toEqual(range(0, 25));
  });

  it("with writes still unprocessed after Max Retries, the error carries them too", async () => {
    const error = (await failure(
      write(leaving.endpoint, {
        putItems: JSON.stringify(range(0, 30).map((id) => ({ id }))),
        maxRetries: "1",
      }),
    )) as Left;
    const stored = await storedIds();
    expect(error.written).toBe(stored.length);
    const left = error.unprocessed?.puts.map((item) => item.id) ?? [];
    expect(error.unprocessedCount).toBe(left.length);
    expect(left.length).toBeGreaterThan(0);
    // What is stored and what the error names as not written are the 30 ids, each once.
    expect([...stored, ...left].sort((a, b) => a - b)).toEqual(range(0, 30));
  });
});

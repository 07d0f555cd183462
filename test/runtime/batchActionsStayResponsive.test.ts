/**
 * Batch Write Items and Batch Get Items convert and check every entry of their inputs before
 * they send one; a long input lets the rest of the process run while they do (the conversion
 * yields every few ms). The conversion is watched in a child process (children/batchConversion.ts),
 * whose fresh heap and plain module scope make its CPU time the step's own. Batch Write Items
 * still finds a key given twice by type and value (1 and 1.0 are one number key) across the whole
 * input, though it holds only a digest of each key.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { customerItems as items } from "../support/fixtures";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { debugShare, type LoopShare } from "../support/loopShare";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const ddbMock = mockClient(DynamoDBClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

const TABLE = {
  Table: {
    TableName: "Customers",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" as const }],
  },
};

const ITEMS = 40_000;
const KEYS = 150_000;

const CHILD = path.join(__dirname, "..", "support", "children", "batchConversion.ts");

/**
 * Converting each long input takes 0.4-0.7 s of CPU in the child. Unpaced, it is one stretch of
 * that length with no turn of the loop before the first request; paced (every 5 ms), the loop
 * turns once per 5-7 ms of it (57-100 turns) and no stretch comes near a quarter of the whole,
 * even when garbage collection adds to one. Both are CPU time of the child's main thread
 * (support/loopShare.ts), which a busy machine does not lengthen, and both bounds are shares of
 * the conversion's own CPU time, which a slower or faster machine changes alike.
 */
const MIN_TURNS_PER_CPU_MS = 1 / 25;
const MAX_STRETCH_SHARE = 0.25;

interface ChildReport extends LoopShare {
  conversionCpuMs: number;
  batchRequests: number;
  written?: number;
  deleted?: number;
  requested?: number;
  count?: number;
  unprocessedCount: number;
}

/** Runs one batch action over its long input in a child (children/batchConversion.ts). */
async function convertInChild(action: string): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--no-warnings", ...TYPESCRIPT_CHILD, CHILD],
    { env: { ...process.env, CASE: action }, timeout: 50_000 },
  );
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] as string) as ChildReport;
}

function expectShared(report: ChildReport) {
  debugShare(`conversion of ${report.conversionCpuMs.toFixed(0)} ms CPU`, report);
  expect(report.turns).toBeGreaterThanOrEqual(
    Math.max(3, report.conversionCpuMs * MIN_TURNS_PER_CPU_MS),
  );
  expect(report.longestCpuMs).toBeLessThan(report.conversionCpuMs * MAX_STRETCH_SHARE);
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(TABLE);
  ddbMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
});

describe("Batch Write Items with a long input", () => {
  it("lets timers run while it converts 40,000 items, then writes them all", async () => {
    const report = await convertInChild("batchWriteItems");
    expect(report).toMatchObject({ written: ITEMS, deleted: 0, unprocessedCount: 0 });
    expect(report.batchRequests).toBe(ITEMS / 25);
    expectShared(report);
  }, 60_000);

  it("refuses a key given twice by value, 1 and 1.0, at the end of a long input", async () => {
    const putItems = JSON.stringify(items(ITEMS));
    const deleteKeys = `[{"id": ${ITEMS}}, {"id": 1.0}]`;
    await expect(
      harness.action("batchWriteItems", { ...base, putItems, deleteKeys }),
    ).rejects.toThrow(
      'Items to Put index 1 and Keys to Delete index 1 have the same key {"id":1}.',
    );
    const spelled = JSON.stringify(items(3)).replace('{"id":2,', '{"id":1.0E0,');
    await expect(harness.action("batchWriteItems", { ...base, putItems: spelled })).rejects.toThrow(
      'Items to Put index 1 and Items to Put index 2 have the same key {"id":1}.',
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  }, 60_000);
});

describe("Batch Get Items with a long input", () => {
  it("lets timers run while it converts 150,000 keys", async () => {
    const report = await convertInChild("batchGetItems");
    expect(report).toMatchObject({ count: 0, requested: KEYS, unprocessedCount: 0 });
    expect(report.batchRequests).toBe(KEYS / 100);
    expectShared(report);
  }, 60_000);
});

describe("the multi-table batch actions with a long input", () => {
  it("Batch Write Items (Multiple Tables) lets timers run while it converts 40,000 writes of 2 tables", async () => {
    const report = await convertInChild("batchWriteItemsMultiTable");
    expect(report).toMatchObject({ written: ITEMS, deleted: 0, unprocessedCount: 0 });
    expect(report.batchRequests).toBe(ITEMS / 25);
    expectShared(report);
  }, 60_000);

  it("Batch Write Items (Multiple Tables) refuses 1 and 1.0 in one table at the end of a long input", async () => {
    const writes = items(ITEMS).map((item) => ({ put: item }));
    const text = JSON.stringify({
      Archive: [{ put: { id: 1 } }],
      Customers: [...writes, { delete: { id: 1.5 } }],
    }).replace('{"delete":{"id":1.5}}', '{"delete":{"id":1.0}}');
    await expect(
      harness.action("batchWriteItemsMultiTable", { ...base, writesByTable: text }),
    ).rejects.toThrow(
      `Writes by Table["Customers"][1] and Writes by Table["Customers"][${ITEMS}] have the same key {"id":1}.`,
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  }, 60_000);

  it("Batch Get Items (Multiple Tables) lets timers run while it converts 150,000 keys of 3 tables", async () => {
    const report = await convertInChild("batchGetItemsMultiTable");
    expect(report).toMatchObject({ count: 0, requested: KEYS, unprocessedCount: 0 });
    expect(report.batchRequests).toBe(KEYS / 100);
    expectShared(report);
  }, 60_000);
});

/**
 * Import Items of 3,000 rows (120 requests, 4 at a time) that fails part way behind the fault
 * proxy: the error's `written` is exactly what DynamoDB Local holds, and its notWrittenRanges name
 * exactly the rows it lacks (or, when the failed request was applied, at least those), so that
 * importing only those rows afterwards completes the table.
 */
import { BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness, quietLogger, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("import_left");
const ROWS = 3_000;
let proxy: FaultProxy;
let raw: DynamoDBClient;

type ImportFailure = Error & {
  written?: number;
  notWrittenCount?: number;
  notWrittenRanges?: { from: number; to: number | null }[];
  notWrittenTruncated?: boolean;
};

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** Row `id` is on line id + 2 (line 1 is the header). */
const file = (ids: number[]) => `id,note\n${ids.map((id) => `${id},row ${id}`).join("\n")}\n`;

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

/** The ids of the rows the ranges name (lines, id = line - 2), up to the last row. */
function idsIn(ranges: { from: number; to: number | null }[]): number[] {
  return ranges.flatMap(({ from, to }) => range(from - 2, (to ?? ROWS + 1) - 1));
}

function importRows(endpoint: string, ids: number[]): Promise<unknown> {
  return harness.action(
    "importItems",
    {
      awsConnection: localConnection({ endpoint }),
      awsRegion: LOCAL_REGION,
      tableName: table,
      file: file(ids),
      format: "csv",
      concurrency: "4",
      maxAttempts: "1",
    },
    { logger: quietLogger() } as never,
  );
}

beforeAll(async () => {
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await createTestTable(table, { hashKey: { name: "id", type: "N" } });
});

afterAll(async () => {
  await proxy.close();
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

const passes = (count: number) => Array.from({ length: count }, () => ({ kind: "pass" as const }));

describe("Import Items of 3,000 rows that fails part way", () => {
  it("says how many rows were written and names exactly the rows the table lacks", async () => {
    proxy.inject("BatchWriteItem", ...passes(50), { kind: "serverError", status: 500 });
    const error = (await failure(importRows(proxy.endpoint, range(0, ROWS)))) as ImportFailure;
    const stored = await storedIds();
    expect(error.written).toBe(stored.length);
    expect(error.written).toBeGreaterThanOrEqual(50 * 25);
    expect(error.notWrittenCount).toBe(ROWS - stored.length);
    expect(error.notWrittenTruncated).toBe(false);
    const left = idsIn(error.notWrittenRanges ?? []);
    expect(left).toHaveLength(ROWS - stored.length);
    expect([...stored, ...left].sort((a, b) => a - b)).toEqual(range(0, ROWS));

    // Importing only the rows named completes the table.
    await importRows(localEndpoint(), left);
    expect(await storedIds()).toEqual(range(0, ROWS));
  });

  it("when the failed request was applied but its answer lost, names its rows as not confirmed", async () => {
    proxy.inject("BatchWriteItem", ...passes(30), {
      kind: "serverError",
      status: 500,
      applied: true,
    });
    const error = (await failure(importRows(proxy.endpoint, range(0, ROWS)))) as ImportFailure;
    const stored = await storedIds();
    // The 25 rows of the request applied are stored but not confirmed: named, not counted.
    expect(error.written).toBe(stored.length - 25);
    const left = idsIn(error.notWrittenRanges ?? []);
    expect(left).toHaveLength(ROWS - (error.written ?? 0));
    expect(new Set([...stored, ...left])).toEqual(new Set(range(0, ROWS)));
  });
});

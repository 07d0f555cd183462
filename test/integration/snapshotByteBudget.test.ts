/**
 * The initial snapshot holds and returns about 5 MB per page (the byte budget, measured as JSON),
 * however large the table: against DynamoDB Local, 100 items of 300 KB (about 30 MB) are
 * snapshotted by the built bundle in a child process with a 128 MB heap, 4 segments in parallel.
 * Every item arrives once; RSS and the longest stretch between turns of the event loop (in CPU
 * time, support/loopShare.ts) stay bounded.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DEFAULT_BYTE_BUDGET } from "../../src/common/limits";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { debugNote } from "../support/quiet";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const run = promisify(execFile);
const CHILD = path.join(__dirname, "..", "support", "snapshotChild.js");
const ITEMS = 100;
const BODY = "b".repeat(300 * 1024);
const HEAP_MB = 128;
/** What a SNAPSHOT record adds to its item as JSON: its keys and fields, well under 1 KB. */
const RECORD_OVERHEAD = 1024;

interface ChildReport {
  pages: {
    /** The most CPU time (ms) between two turns of the event loop during this page. */
    longestStretchCpuMs: number;
    /** The longest wall-clock gap (ms) between two turns: what the load adds, for DEBUG output. */
    longestGapMs: number;
    phase: string;
    count: number;
    bytes: number;
    jsonBytes: number;
    stoppedBy: string | null;
    ids: string[];
  }[];
  peakRss: number;
  longestStretchCpuMs: number;
  longestGapMs: number;
}

const table = uniqueTableName("snapshot_byte_budget");
let raw: DynamoDBClient;

beforeAll(async () => {
  // globalSetup built the bundle; this only checks (a build under load can take minutes).
  ensureFreshBundle();
  raw = rawClient();
  await createTestTable(table, { hashKey: { name: "id", type: "S" }, streams: true });
}, 300_000);

afterAll(async () => {
  await deleteTestTable(table);
  raw.destroy();
});

it(`snapshots ${ITEMS} items of 300 KB in pages of at most ${DEFAULT_BYTE_BUDGET} bytes, each once, in a ${HEAP_MB} MB heap`, async () => {
  const expected: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const id = `key-${String(i).padStart(3, "0")}`;
    await raw.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: id }, body: { S: BODY } } }),
    );
    expected.push(id);
  }
  const inputs = {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    tableName: table,
    initialSnapshot: "true",
    snapshotSegments: "4",
  };
  const { stdout } = await run(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      ...TYPESCRIPT_CHILD,
      CHILD,
      BUNDLE_PATH,
      JSON.stringify({ inputs, maxPages: 40 }),
    ],
    { maxBuffer: 64 * 1024 * 1024, env: process.env },
  );
  const report = JSON.parse(stdout) as ChildReport;

  const scans = report.pages.filter((page) => page.phase === "scan");
  expect(scans.length).toBeGreaterThanOrEqual(6);
  for (const page of scans) {
    // `bytes` is the records' JSON size, without the list's brackets and commas.
    expect(page.jsonBytes - page.bytes).toBe(page.count === 0 ? 2 : page.count + 1);
    expect(page.jsonBytes).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET + page.count * RECORD_OVERHEAD);
  }
  for (const page of scans.slice(0, -1)) expect(page.stoppedBy).toBe("byteBudget");
  const ids = scans.flatMap((page) => page.ids);
  expect([...ids].sort()).toEqual(expected);
  expect(report.peakRss).toBeLessThan(320 * 1024 * 1024);
  // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
  expect(report.longestStretchCpuMs).toBeLessThan(1_000);

  debugNote(
    `${ITEMS} items in ${scans.length} pages (${scans.map((page) => page.count).join(", ")}); peak RSS ${(report.peakRss / 2 ** 20).toFixed(0)} MB; longest stretch per page ${report.pages.map((page) => page.longestStretchCpuMs.toFixed(0)).join(", ")} ms CPU, gap ${report.pages.map((page) => page.longestGapMs.toFixed(0)).join(", ")} ms wall`,
  );
}, 300_000);

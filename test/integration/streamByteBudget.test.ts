/**
 * The New and Changed Items trigger holds and returns about 5 MB per poll (the byte budget,
 * measured as JSON), however large the images and however high Max Records: against DynamoDB
 * Local, 80 changes of 300 KB items with NEW_AND_OLD_IMAGES (about 36 MB of JSON) are polled by
 * the built bundle in a child process with a 128 MB heap. Each poll stops at a record boundary
 * within the budget, the next continues after the last record delivered, and every change arrives
 * once and in order; RSS and the longest stretch between turns of the event loop (in CPU time,
 * support/loopShare.ts) stay bounded.
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
const CHILD = path.join(__dirname, "..", "support", "streamPollChild.js");
const KEYS = 40;
const BODY = "b".repeat(300 * 1024);
const HEAP_MB = 128;

interface ChildReport {
  polls: {
    /** The most CPU time (ms) between two turns of the event loop during this poll. */
    longestStretchCpuMs: number;
    /** The longest wall-clock gap (ms) between two turns: what the load adds, for DEBUG output. */
    longestGapMs: number;
    count: number;
    bytes: number;
    jsonBytes: number;
    hasMore: boolean;
    stoppedBy: string | null;
    dataLoss: number;
    changes: { id: string; eventName: string; sequenceNumber: string; version: number | null }[];
  }[];
  peakRss: number;
  longestStretchCpuMs: number;
  longestGapMs: number;
}

const table = uniqueTableName("streams_byte_budget");
let raw: DynamoDBClient;

beforeAll(async () => {
  ensureFreshBundle();
  raw = rawClient();
  await createTestTable(table, { hashKey: { name: "id", type: "S" }, streams: true });
});

afterAll(async () => {
  await deleteTestTable(table);
  raw.destroy();
});

it(`delivers ${KEYS * 2} changes of 300 KB images in polls of at most ${DEFAULT_BYTE_BUDGET} bytes, once each and in order, in a ${HEAP_MB} MB heap`, async () => {
  // Each key inserted (a 300 KB new image), then replaced (300 KB old and new images).
  const expected: string[] = [];
  for (const version of [1, 2]) {
    for (let i = 0; i < KEYS; i++) {
      const id = `key-${String(i).padStart(2, "0")}`;
      await raw.send(
        new PutItemCommand({
          TableName: table,
          Item: { id: { S: id }, version: { N: String(version) }, body: { S: BODY } },
        }),
      );
      expected.push(`${id}:${version === 1 ? "INSERT" : "MODIFY"}:${version}`);
    }
  }

  const inputs = {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    tableName: table,
    startPosition: "TRIM_HORIZON",
    maxRecords: "1000",
  };
  const { stdout } = await run(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      ...TYPESCRIPT_CHILD,
      CHILD,
      BUNDLE_PATH,
      JSON.stringify({ inputs, maxPolls: 30 }),
    ],
    { maxBuffer: 64 * 1024 * 1024, env: process.env },
  );
  const report = JSON.parse(stdout) as ChildReport;

  for (const poll of report.polls) {
    expect(poll.jsonBytes).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET);
    expect(poll.bytes).toBeLessThanOrEqual(DEFAULT_BYTE_BUDGET);
    expect(poll.dataLoss).toBe(0);
  }
  const full = report.polls.filter((poll) => poll.hasMore);
  expect(full.length).toBeGreaterThanOrEqual(6);
  for (const poll of full) expect(poll.stoppedBy).toBe("byteBudget");
  // Nothing lost, nothing repeated, in the order written.
  const changes = report.polls.flatMap((poll) => poll.changes);
  expect(changes.map((change) => `${change.id}:${change.eventName}:${change.version}`)).toEqual(
    expected,
  );
  expect(new Set(changes.map((change) => change.sequenceNumber)).size).toBe(expected.length);
  // Bounded: a few budgets of records and pages, not the 36 MB backlog (several times over as
  // JSON text, parsed objects and output).
  expect(report.peakRss).toBeLessThan(320 * 1024 * 1024);
  // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
  expect(report.longestStretchCpuMs).toBeLessThan(1_000);

  debugNote(
    `${expected.length} changes in ${report.polls.length} polls (${report.polls.map((poll) => poll.count).join(", ")}); peak RSS ${(report.peakRss / 2 ** 20).toFixed(0)} MB; longest stretch per poll ${report.polls.map((poll) => poll.longestStretchCpuMs.toFixed(0)).join(", ")} ms CPU, gap ${report.polls.map((poll) => poll.longestGapMs.toFixed(0)).join(", ")} ms wall`,
  );
}, 180_000);

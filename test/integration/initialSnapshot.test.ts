/**
 * New and Changed Items' initial snapshot and backlog draining against DynamoDB Local (streams
 * on), run as the platform runs a flow that batches: the on-deploy perform and resolver page by
 * page, then the polling trigger's runs (test/support/triggerRuns.ts). The table is written WHILE
 * the snapshot runs; applying every delivered record by key, the greater sequence number winning
 * (a SNAPSHOT's is "0"), gives exactly the table's final state: no item's last state is missed.
 * The same runs from the built bundle (dist/index.js), whose resolvers are the ones shipped.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { parseState, resetStreamSettings } from "../../src/engines/streams";
import component from "../../src/index";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";
import { resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { type RunPage, runBatched } from "../support/triggerRuns";

interface Delivered {
  eventName: string;
  sequenceNumber: string;
  keys: { id: string };
  newImage: { id: string; version: number } | null;
}

const ITEMS = 240;
/** About 40 KB an item: 240 items are about 9.6 MB, so the scan takes at least two pages. */
const FILLER = "f".repeat(40 * 1024);

const snapshotTable = uniqueTableName("snapshot_while_writing");
const bundleTable = uniqueTableName("snapshot_bundle");
let raw: DynamoDBClient;

beforeAll(async () => {
  resetStreamSettings();
  raw = rawClient();
  await Promise.all([
    createTestTable(snapshotTable, { hashKey: { name: "id", type: "S" }, streams: true }),
    createTestTable(bundleTable, { hashKey: { name: "id", type: "S" }, streams: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([deleteTestTable(snapshotTable), deleteTestTable(bundleTable)]);
  raw.destroy();
  resetCaches();
});

const params = (table: string, extra: Record<string, unknown> = {}) => ({
  awsConnection: localConnection(),
  awsRegion: LOCAL_REGION,
  tableName: table,
  initialSnapshot: "true",
  maxRecords: "100",
  ...extra,
});

const idOf = (n: number) => `item-${String(n).padStart(3, "0")}`;

async function put(table: string, id: string, version: number, filler = ""): Promise<void> {
  const item: Record<string, { S: string } | { N: string }> = {
    id: { S: id },
    version: { N: String(version) },
  };
  if (filler) item.filler = { S: filler };
  await raw.send(new PutItemCommand({ TableName: table, Item: item }));
}

/**
 * Writes to the table until stopped: updates, deletes and inserts over the snapshot's keys and
 * some new ones, each a new version of its key. Returns the count of writes made.
 */
function startWriter(table: string, versions: Map<string, number>) {
  let stopped = false;
  let writes = 0;
  let n = 0;
  const done = (async () => {
    while (!stopped) {
      n += 1;
      const id = idOf((n * 37) % (ITEMS + 40));
      const version = (versions.get(id) ?? 0) + 1;
      versions.set(id, version);
      if (n % 5 === 0) {
        await raw.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: id } } }));
      } else if (n % 2 === 0) {
        await raw.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { id: { S: id } },
            UpdateExpression: "SET version = :v",
            ExpressionAttributeValues: { ":v": { N: String(version) } },
          }),
        );
      } else {
        await put(table, id, version);
      }
      writes += 1;
    }
  })();
  return {
    writes: () => writes,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/** The table as it is now: id → version. */
async function finalState(table: string): Promise<Map<string, number>> {
  const state = new Map<string, number>();
  let start: Record<string, never> | undefined;
  do {
    const page = await raw.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      const plain = unmarshall(item) as { id: string; version: number };
      state.set(plain.id, plain.version);
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return state;
}

/** Applies records by key, the greater sequence number winning: id → version (deleted: gone). */
function applyRecords(records: Delivered[]): Map<string, number> {
  const latest = new Map<string, Delivered>();
  for (const record of records) {
    const seen = latest.get(record.keys.id);
    if (!seen || BigInt(record.sequenceNumber) > BigInt(seen.sequenceNumber)) {
      latest.set(record.keys.id, record);
    }
  }
  const applied = new Map<string, number>();
  for (const [id, record] of latest) {
    if (record.eventName !== "REMOVE" && record.newImage) applied.set(id, record.newImage.version);
  }
  return applied;
}

const phaseOf = (page: RunPage) =>
  (page.result.payload.body.data as { snapshot: { phase: string } }).snapshot.phase;

it("delivers every item's final state at least once when the table is written while the snapshot runs", async () => {
  const versions = new Map<string, number>();
  for (let i = 0; i < ITEMS; i++) {
    versions.set(idOf(i), 1);
    await put(snapshotTable, idOf(i), 1, FILLER);
  }
  const instanceState: Record<string, unknown> = {};
  const writer = startWriter(snapshotTable, versions);
  const writesAt: number[] = [];
  let fixedAt: ReturnType<typeof parseState>;
  const snapshot = await runBatched(component, "tableChanges", params(snapshotTable), {
    instanceState,
    onDeploy: true,
    beforePage: async (page) => {
      writesAt.push(writer.writes());
      if (page === 2) {
        const internal = instanceState.__prismaticInternal as { polling: unknown };
        fixedAt = parseState(internal.polling);
      }
    },
  });
  writesAt.push(writer.writes());
  await writer.stop();

  // The scan took pages, and the table was written during each of them.
  const phases = snapshot.pages.map(phaseOf);
  expect(phases[0]).toBe("fix");
  expect(phases.filter((phase) => phase === "scan").length).toBeGreaterThanOrEqual(2);
  for (let page = 1; page < writesAt.length; page++) {
    expect(writesAt[page]).toBeGreaterThan(writesAt[page - 1]);
  }
  const snapshotRecords = snapshot.items as Delivered[];
  expect(snapshotRecords.every((record) => record.eventName === "SNAPSHOT")).toBe(true);
  expect(new Set(snapshotRecords.map((record) => record.keys.id)).size).toBe(
    snapshotRecords.length,
  );

  // Then the polls, as a batching flow's runs: until a run finds nothing.
  const changes: Delivered[] = [];
  for (let run = 0; run < 20; run++) {
    const polled = await runBatched(component, "tableChanges", params(snapshotTable), {
      instanceState,
    });
    changes.push(...(polled.items as Delivered[]));
    if (polled.items.length === 0) break;
  }
  // No change before the fixed position is delivered; every change after it is, once.
  const fixedAfter = Object.values(fixedAt?.shards ?? {})[0]?.after ?? "0";
  expect(changes.every((record) => BigInt(record.sequenceNumber) > BigInt(fixedAfter))).toBe(true);
  expect(new Set(changes.map((record) => record.sequenceNumber)).size).toBe(changes.length);

  const final = await finalState(snapshotTable);
  const delivered = [...snapshotRecords, ...changes];
  // Every item's final state was delivered at least once (as a SNAPSHOT or as a change)...
  for (const [id, version] of final) {
    const found = delivered.some(
      (record) => record.keys.id === id && record.newImage?.version === version,
    );
    expect([id, version, found]).toEqual([id, version, true]);
  }
  // ...and applying the records by key and sequence number gives exactly the table.
  expect(applyRecords(delivered)).toEqual(final);
}, 300_000);

it("from the built bundle: a snapshot, then 1,000 changes drained as 1,000 items, each once", async () => {
  ensureFreshBundle();
  // The platform loads the bundle with require, as this does.
  const bundled = require(BUNDLE_PATH).default;
  for (let i = 0; i < 50; i++) await put(bundleTable, idOf(i), 1);
  const instanceState: Record<string, unknown> = {};
  const snapshot = await runBatched(bundled, "tableChanges", params(bundleTable), {
    instanceState,
    onDeploy: true,
  });
  expect((snapshot.items as Delivered[]).map((record) => record.keys.id).sort()).toEqual(
    Array.from({ length: 50 }, (_, i) => idOf(i)),
  );

  for (let i = 0; i < 1000; i++) await put(bundleTable, idOf(i % 60), 2 + Math.floor(i / 60));
  const run = await runBatched(bundled, "tableChanges", params(bundleTable), { instanceState });
  expect(run.items).toHaveLength(1000);
  const sequenceNumbers = (run.items as Delivered[]).map((record) => record.sequenceNumber);
  expect(new Set(sequenceNumbers).size).toBe(1000);
  expect(run.pages.length).toBeGreaterThanOrEqual(10);
  expect(run.pages.at(-1)?.next).toBeNull();
  expect(applyRecords([...(snapshot.items as Delivered[]), ...(run.items as Delivered[])])).toEqual(
    await finalState(bundleTable),
  );
}, 300_000);

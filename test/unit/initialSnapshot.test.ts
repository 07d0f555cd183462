/**
 * New and Changed Items' initial snapshot on deploy, with a mocked SDK: the on-deploy perform and
 * resolver called as the platform calls them (test/support/triggerRuns.ts). The stream position is
 * fixed before the scan (kept, fixed at the tip, or partly fixed), the table is scanned in
 * byte-bounded pages, each item once as a SNAPSHOT record, and the polls then continue from the
 * fixed position: nothing before it again, everything after it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import {
  MAX_FIX_PAGES,
  parseSnapshotCursor,
  SNAPSHOT_EVENT,
  SNAPSHOT_SEQUENCE_NUMBER,
  snapshotRecord,
} from "../../src/engines/snapshot";
import {
  catchUpStream,
  noStreamMessage,
  parseState,
  resetStreamSettings,
  streamSettings,
} from "../../src/engines/streams";
import component from "../../src/index";
import { MAX_SNAPSHOT_SEGMENTS } from "../../src/inputs/streams";
import { change, FakeStream, STREAM_ARN, seq } from "../support/fakeStream";
import { keySecretConnection, resetCaches } from "../support/harness";
import { type RunPage, runBatched } from "../support/triggerRuns";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);

const params = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
  initialSnapshot: "true",
};

type Item = Record<string, AttributeValue>;

/**
 * The table behind the mocked Scan: items by id, each in segment (sum of its id's char codes) mod
 * TotalSegments, in id order; a page ends at Limit or about 1 MB, as DynamoDB's do.
 */
class FakeTable {
  items = new Map<string, Item>();

  put(id: string, fields: Record<string, AttributeValue> = {}): void {
    this.items.set(id, { id: { S: id }, ...fields });
  }

  scan(input: ScanCommandInput) {
    const total = input.TotalSegments ?? 1;
    const segment = input.Segment ?? 0;
    const after = input.ExclusiveStartKey?.id?.S;
    const ids = [...this.items.keys()]
      .filter((id) => [...id].reduce((sum, c) => sum + c.charCodeAt(0), 0) % total === segment)
      .sort()
      .filter((id) => after === undefined || id > after);
    const page: Item[] = [];
    let bytes = 0;
    for (const id of ids) {
      if (page.length >= (input.Limit ?? Number.MAX_SAFE_INTEGER) || bytes >= 1024 * 1024) break;
      const item = this.items.get(id) as Item;
      page.push(item);
      bytes += JSON.stringify(item).length;
    }
    const more = page.length < ids.length;
    return {
      Items: page,
      Count: page.length,
      ScannedCount: page.length,
      LastEvaluatedKey: more ? { id: page.at(-1)?.id as AttributeValue } : undefined,
    };
  }
}

let stream: FakeStream;
let table: FakeTable;

beforeEach(() => {
  resetCaches();
  resetStreamSettings();
  ddbMock.reset();
  streamsMock.reset();
  stream = new FakeStream();
  table = new FakeTable();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      TableStatus: "ACTIVE",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      LatestStreamArn: STREAM_ARN,
    },
  });
  ddbMock.on(ScanCommand).callsFake((input) => table.scan(input));
  streamsMock.on(DescribeStreamCommand).callsFake((input) => stream.describe(input));
  streamsMock.on(GetShardIteratorCommand).callsFake((input) => stream.iterator(input));
  streamsMock.on(GetRecordsCommand).callsFake((input) => stream.getRecords(input));
});

afterAll(() => resetStreamSettings());

interface Delivered {
  eventName: string;
  sequenceNumber: string;
  keys: { id: string };
  newImage: Record<string, unknown> | null;
  oldImage: unknown;
  approximateCreationDateTime: string | null;
}
interface Progress {
  phase: string;
  position: string | null;
  delivered: number;
  segmentsDone: number;
  totalSegments: number;
  stoppedBy: string | null;
}
const dataOf = (page: RunPage) =>
  page.result.payload.body.data as { snapshot: Progress; notices: string[]; hasMore: boolean };

const snapshot = (instanceState: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  runBatched(component, "tableChanges", { ...params, ...extra }, { instanceState, onDeploy: true });

const poll = (instanceState: Record<string, unknown>) =>
  runBatched(component, "tableChanges", { ...params, maxRecords: "1000" }, { instanceState });

const savedPolling = (instanceState: Record<string, unknown>) =>
  parseState((instanceState.__prismaticInternal as { polling: unknown }).polling);

const openShard = (records: number) => ({
  id: "shard-a",
  start: 1,
  closed: false,
  records: Array.from({ length: records }, (_, i) => change(i + 1, "MODIFY", `old-${i}`, 2)),
});

describe("Initial Snapshot off (the default)", () => {
  it("delivers nothing, calls nothing and ends the on-deploy run at once", async () => {
    const { initialSnapshot: _on, ...defaults } = params;
    const run = await runBatched(component, "tableChanges", defaults, {
      instanceState: {},
      onDeploy: true,
    });
    expect(run.items).toEqual([]);
    expect(run.pages).toHaveLength(1);
    expect(dataOf(run.pages[0]).snapshot.phase).toBe("off");
    expect(dataOf(run.pages[0]).notices[0]).toMatch(/Initial Snapshot is false/);
    expect(ddbMock.calls()).toHaveLength(0);
    expect(streamsMock.calls()).toHaveLength(0);
  });
});

describe("the snapshot", () => {
  it("of an empty table: fixes the position at the stream's tip, delivers no item, and the polls go on from there", async () => {
    stream.shards.push(openShard(5));
    const instanceState = {};
    const run = await snapshot(instanceState);
    expect(run.items).toEqual([]);
    expect(run.pages.map((page) => dataOf(page).snapshot.phase)).toEqual(["fix", "scan"]);
    expect(dataOf(run.pages[0]).snapshot.position).toBe("fixed");
    expect(run.pages.at(-1)?.next).toBeNull();
    expect(savedPolling(instanceState)?.shards).toEqual({ "shard-a": { after: seq(5) } });
    // The changes before the fix are not delivered again; one after it is.
    expect((await poll(instanceState)).items).toEqual([]);
    stream.shards[0].records.push(change(6, "INSERT", "new", 1));
    const after = await poll(instanceState);
    expect((after.items as Delivered[]).map((record) => record.sequenceNumber)).toEqual([seq(6)]);
  });

  it("delivers every item once as a SNAPSHOT record across byte-bounded pages, and says what stopped each", async () => {
    stream.shards.push(openShard(1));
    const filler = "x".repeat(200 * 1024);
    for (let i = 0; i < 60; i++) {
      table.put(`item-${String(i).padStart(2, "0")}`, {
        n: { N: String(i) },
        filler: { S: filler },
      });
    }
    const run = await snapshot({}, { snapshotSegments: "3" });
    const items = run.items as Delivered[];
    expect(items).toHaveLength(60);
    expect(new Set(items.map((item) => item.keys.id)).size).toBe(60);
    expect(items[0]).toEqual({
      eventName: SNAPSHOT_EVENT,
      eventId: null,
      sequenceNumber: SNAPSHOT_SEQUENCE_NUMBER,
      shardId: "",
      approximateCreationDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      keys: { id: items[0].keys.id },
      newImage: { id: items[0].keys.id, n: expect.any(Number), filler },
      oldImage: null,
      userIdentity: null,
    });
    // About 12 MB: at least three pages of at most 5 MB, each stopped by the byte budget but the last.
    const scans = run.pages.filter((page) => dataOf(page).snapshot.phase === "scan");
    expect(scans.length).toBeGreaterThanOrEqual(3);
    for (const page of scans.slice(0, -1)) {
      expect(dataOf(page).snapshot.stoppedBy).toBe("byteBudget");
      expect(dataOf(page).hasMore).toBe(true);
      expect(JSON.stringify(page.items).length).toBeLessThanOrEqual(5 * 1024 * 1024 + 300 * 1024);
    }
    const last = dataOf(scans.at(-1) as RunPage).snapshot;
    expect(last).toMatchObject({
      stoppedBy: null,
      delivered: 60,
      segmentsDone: 3,
      totalSegments: 3,
    });
    expect(dataOf(scans.at(-1) as RunPage).hasMore).toBe(false);
    // Every scan read was strongly consistent, so no write acknowledged before it is missed.
    expect(
      ddbMock.commandCalls(ScanCommand).every((call) => call.args[0].input.ConsistentRead),
    ).toBe(true);
  });

  it("continues from a shard that closed during the snapshot into its child, without the changes before the fix", async () => {
    stream.shards.push(openShard(4));
    table.put("a");
    const instanceState = {};
    const run = await runBatched(component, "tableChanges", params, {
      instanceState,
      onDeploy: true,
      beforePage: async (page) => {
        if (page !== 2) return;
        // Between the fix and the scan: two more changes, the shard closes, a child carries on.
        stream.shards[0].records.push(change(5, "MODIFY", "a", 3), change(6, "REMOVE", "a", 3));
        stream.shards[0].closed = true;
        stream.shards.push({
          id: "shard-b",
          parent: "shard-a",
          start: 7,
          closed: false,
          records: [change(7, "INSERT", "a", 1), change(8, "MODIFY", "b", 2)],
        });
      },
    });
    expect(run.items).toHaveLength(1);
    const changes = (await poll(instanceState)).items as Delivered[];
    expect(changes.map((record) => record.sequenceNumber)).toEqual([
      seq(5),
      seq(6),
      seq(7),
      seq(8),
    ]);
  });

  it("keeps a position the polls already saved for this stream: nothing is read to fix it", async () => {
    stream.shards.push(openShard(3));
    const instanceState = {};
    await poll(instanceState);
    const before = savedPolling(instanceState);
    streamsMock.resetHistory();
    const run = await snapshot(instanceState);
    expect(dataOf(run.pages[0]).snapshot.position).toBe("kept");
    expect(streamsMock.commandCalls(GetRecordsCommand)).toHaveLength(0);
    expect(savedPolling(instanceState)).toEqual(before);
  });

  it(`starts the scan after ${MAX_FIX_PAGES} fix pages, saying so, and the polls deliver what was not skipped`, async () => {
    streamSettings.timeBudgetMs = 0;
    for (let s = 0; s < MAX_FIX_PAGES + 3; s++) {
      stream.shards.push({
        id: `shard-${s}`,
        start: s * 10 + 1,
        closed: false,
        records: [change(s * 10 + 1, "INSERT", `k${s}`, 1)],
      });
    }
    const instanceState = {};
    const run = await snapshot(instanceState);
    const fixes = run.pages.filter((page) => dataOf(page).snapshot.phase === "fix");
    expect(fixes).toHaveLength(MAX_FIX_PAGES);
    expect(dataOf(fixes.at(-1) as RunPage).snapshot.position).toBe("partlyFixed");
    expect(dataOf(fixes.at(-1) as RunPage).notices.join(" ")).toMatch(
      /fixed in 5 pages without catching up with 8 of 8 open shard\(s\), so the scan started anyway/,
    );
    // The shards not reached are read from their beginning by the polls: delivered, not lost.
    resetStreamSettings();
    const changes = (await poll(instanceState)).items as Delivered[];
    expect(changes.map((record) => record.keys.id).sort()).toEqual(["k5", "k6", "k7"]);
  });

  it("goes on fixing from the page before's position even when the platform keeps no state between pages", async () => {
    // A clock that moves a little at each look: each fix page reads one or two shards.
    let tick = 0;
    streamSettings.now = () => {
      tick += 1;
      return tick;
    };
    streamSettings.timeBudgetMs = 4;
    for (let s = 0; s < 3; s++) {
      stream.shards.push({
        id: `shard-${s}`,
        start: s * 10 + 1,
        closed: false,
        records: [change(s * 10 + 1, "INSERT", `k${s}`, 1)],
      });
    }
    const instanceState = {};
    const run = await runBatched(component, "tableChanges", params, {
      instanceState,
      onDeploy: true,
      statePerPage: false,
    });
    const fixes = run.pages.filter((page) => dataOf(page).snapshot.phase === "fix");
    const positions = fixes.map((page) => dataOf(page).snapshot.position);
    expect(positions.length).toBeGreaterThan(1);
    expect(positions.length).toBeLessThan(MAX_FIX_PAGES);
    expect(positions.at(-1)).toBe("fixed");
    expect(new Set(positions.slice(0, -1))).toEqual(new Set(["partlyFixed"]));
    // The last page's state is the one kept: every shard at its tip, nothing delivered again.
    resetStreamSettings();
    expect((await poll(instanceState)).items).toEqual([]);
  });

  it("fails on a table without a stream, saying how to turn one on, before fixing or scanning", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: { TableName: "Customers", KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] },
    });
    await expect(snapshot({})).rejects.toThrow(noStreamMessage("Customers", "us-east-1"));
    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(streamsMock.calls()).toHaveLength(0);
  });

  it("adds dynamodb:Scan to a permission error of the snapshot", async () => {
    stream.shards.push(openShard(1));
    ddbMock.on(ScanCommand).rejects(
      Object.assign(new Error("User is not authorized to perform dynamodb:Scan"), {
        name: "AccessDeniedException",
      }),
    );
    const error = await snapshot({}).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/also needs dynamodb:Scan on the table/);
  });

  it("refuses a pagination state it did not write, before any call", async () => {
    for (const firstCursor of [{ phase: "scan" }, { phase: "fix", pages: -1 }]) {
      const run = runBatched(component, "tableChanges", params, {
        instanceState: {},
        onDeploy: true,
        firstCursor,
      });
      await expect(run).rejects.toThrow(/snapshot's pagination state from the previous page/);
    }
    expect(ddbMock.calls()).toHaveLength(0);
    expect(streamsMock.calls()).toHaveLength(0);
    for (const odd of ["x", { phase: "scan" }, { phase: "fix", pages: -1 }]) {
      expect(() => parseSnapshotCursor(odd)).toThrow(/snapshot's pagination state/);
    }
    const segments = { phase: "scan", pages: 1, totalSegments: 2, delivered: 0, startedAt: "t" };
    expect(() => parseSnapshotCursor({ ...segments, segments: [null] })).toThrow(/segment count/);
    expect(() => parseSnapshotCursor({ ...segments, segments: [null, 3] })).toThrow(/not a key/);
    expect(MAX_SNAPSHOT_SEGMENTS).toBe(64);
  });
});

describe("the snapshot's inputs", () => {
  it("refuses a bad Snapshot Segments or Initial Snapshot by its label, before any call", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ snapshotSegments: "0" }, /Snapshot Segments/],
      [{ snapshotSegments: "65" }, /Snapshot Segments/],
      [{ snapshotSegments: "four" }, /Snapshot Segments/],
      [{ initialSnapshot: "perhaps" }, /Initial Snapshot/],
    ];
    for (const [extra, label] of cases) {
      await expect(snapshot({}, extra)).rejects.toThrow(label);
    }
    expect(ddbMock.calls()).toHaveLength(0);
    expect(streamsMock.calls()).toHaveLength(0);
  });
});

describe("catchUpStream", () => {
  const options = { streamArn: STREAM_ARN, context: { table: "Customers", region: "us-east-1" } };
  const client = () => new DynamoDBStreamsClient({ region: "us-east-1" });

  it("counts closed shards as read, reads open ones to their tip and delivers nothing", async () => {
    stream.shards.push(
      { id: "closed", start: 1, closed: true, records: [change(1, "INSERT", "a", 1)] },
      { ...openShard(3), id: "open", start: 2 },
    );
    const result = await catchUpStream(client(), options, {});
    expect(result.records).toEqual([]);
    expect(result.hasMore).toBe(false);
    expect(result.atTip).toEqual(["open"]);
    expect(result.state.finished).toEqual(["closed"]);
    expect(result.state.shards).toEqual({ open: { after: seq(3) } });
  });

  it("saves exact positions, never a cut-off time, when it runs out of time, and goes on from them", async () => {
    stream.shards.push(openShard(2500));
    let tick = 0;
    streamSettings.now = () => {
      tick += 1;
      return tick;
    };
    streamSettings.timeBudgetMs = 3;
    const first = await catchUpStream(client(), options, {});
    expect(first.hasMore).toBe(true);
    expect(first.atTip).toEqual([]);
    const position = first.state.shards["shard-a"];
    expect(position.skipBefore).toBeUndefined();
    expect(BigInt(position.after ?? "0")).toBeLessThan(BigInt(seq(2500)));
    resetStreamSettings();
    const second = await catchUpStream(client(), options, first.state);
    expect(second.records).toEqual([]);
    expect(second.atTip).toEqual(["shard-a"]);
    expect(second.state.shards["shard-a"]).toEqual({ after: seq(2500) });
  });
});

describe("snapshotRecord", () => {
  it("is what the trigger guide shows", () => {
    const guide = readFileSync(join(__dirname, "../../docs/guides/trigger.md"), "utf8");
    const shown = guide.split("A SNAPSHOT record")[1]?.split("```json\n")[1]?.split("```")[0];
    const item = {
      customerId: { N: "1001" },
      customerName: { S: "Ada King" },
      version: { N: "2" },
    };
    expect(JSON.parse(shown ?? "null")).toEqual(
      snapshotRecord(item, ["customerId"], "2024-05-01T12:00:03.000Z"),
    );
  });

  it("gives the keys and the image, plain or DynamoDB JSON, with the read time", () => {
    const item = { id: { S: "a" }, n: { N: "12345678901234567890" }, b: { B: Buffer.from("hi") } };
    const plain = snapshotRecord(item, ["id"], "2024-05-01T12:00:00.000Z");
    expect(plain).toMatchObject({ keys: { id: "a" }, sequenceNumber: "0", oldImage: null });
    const typed = snapshotRecord(item, ["id"], "2024-05-01T12:00:00.000Z", true);
    expect(typed.keys).toEqual({ id: { S: "a" } });
    expect(typed.newImage).toMatchObject({ n: { N: "12345678901234567890" } });
  });
});

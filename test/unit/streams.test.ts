/**
 * The New and Changed Items trigger with a mocked SDK. The streams client is answered by a small
 * in-memory stream (shards with records, iterators that are "shardId|index"), so that each case
 * can check both what was delivered and the exact commands that were sent.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandInput,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import {
  compareSequenceNumbers,
  parseState,
  resetStreamSettings,
  streamSettings,
  streamTableArn,
} from "../../src/engines/streams";
import component from "../../src/index";
import { cleanEventTypes } from "../../src/inputs/streams";
import { EXAMPLE_DATA } from "../../src/outputs/trigger";
import { tableChanges } from "../../src/triggers/tableChanges";
import { change, type EventName, FakeStream, STREAM_ARN, seq } from "../support/fakeStream";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

let stream: FakeStream;

function streamTable(overrides: Partial<TableDescription> = {}) {
  return {
    Table: {
      TableName: "Customers",
      TableStatus: "ACTIVE" as const,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" as const },
      LatestStreamArn: STREAM_ARN,
      ...overrides,
    },
  };
}

beforeEach(() => {
  resetCaches();
  resetStreamSettings();
  ddbMock.reset();
  streamsMock.reset();
  stream = new FakeStream();
  ddbMock.on(DescribeTableCommand).resolves(streamTable());
  streamsMock.on(DescribeStreamCommand).callsFake((input) => stream.describe(input));
  streamsMock.on(GetShardIteratorCommand).callsFake((input) => stream.iterator(input));
  streamsMock.on(GetRecordsCommand).callsFake((input) => stream.getRecords(input));
});

afterAll(() => resetStreamSettings());

interface Delivered {
  eventName: string;
  sequenceNumber: string;
  shardId: string;
  keys: Record<string, unknown>;
  newImage: Record<string, unknown> | null;
  oldImage: Record<string, unknown> | null;
}
interface PollOutput {
  payload: {
    body: {
      data: {
        records: Delivered[];
        count: number;
        hasMore: boolean;
        stoppedBy: string | null;
        bytes: number;
        shards: { listed: number; read: number; notReached: number; notReachedIds: string[] };
        dataLoss: { shardId: string; lastSequenceNumber: string | null; message: string }[];
        notices: string[];
        tableName: string;
        streamArn: string;
      };
    };
  };
  resultType: string;
}

/** The platform's store for one instance: the trigger's state lives inside it between polls. */
type InstanceState = Record<string, unknown>;

/** The logger of the last poll: warnings are asserted, not printed. */
let logger: Record<"metric" | "trace" | "debug" | "info" | "log" | "warn" | "error", jest.Mock>;

async function poll(
  params: Record<string, unknown>,
  instanceState: InstanceState,
): Promise<PollOutput> {
  logger = {
    metric: jest.fn(),
    trace: jest.fn(),
    debug: jest.fn(),
    info: jest.fn(),
    log: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
  };
  return (await harness.trigger(
    "tableChanges",
    undefined,
    { ...base, ...params },
    {
      instanceState,
      logger,
    },
  )) as unknown as PollOutput;
}

const savedState = (instanceState: InstanceState) =>
  (instanceState.__prismaticInternal as { polling: Record<string, unknown> }).polling;

/** (shard, sequence number) pairs, the identity of each delivered change. */
const delivered = (output: PollOutput) =>
  output.payload.body.data.records.map((record) => record.sequenceNumber);

const iteratorCalls = () =>
  streamsMock.commandCalls(GetShardIteratorCommand).map((call) => call.args[0].input);

describe("inputs", () => {
  const inputs = () =>
    component.triggers.tableChanges.inputs as unknown as {
      key: string;
      label: string;
      default?: string;
      collection?: string;
    }[];

  it("has the shared keys and labels, then the trigger's own inputs with their defaults", () => {
    expect(inputs().map((entry) => [entry.key, entry.label, entry.default])).toEqual([
      ["awsRegion", "AWS Region", ""],
      ["tableName", "Table Name", ""],
      ["awsConnection", "Connection", undefined],
      ["startPosition", "Start Position", "LATEST"],
      ["eventTypes", "Event Types", ""],
      ["maxRecords", "Max Records", "100"],
      ["returnDynamoJson", "Return DynamoDB JSON", "false"],
      ["initialSnapshot", "Initial Snapshot", "false"],
      ["snapshotSegments", "Snapshot Segments", "4"],
    ]);
    expect(inputs().find((entry) => entry.key === "eventTypes")?.collection).toBe("valuelist");
    expect(component.triggers.tableChanges.display.label).toBe("New and Changed Items");
  });

  it("Event Types accepts a value list or a comma-separated text; blank or all three is no filter", () => {
    expect(cleanEventTypes(["REMOVE"])).toEqual(["REMOVE"]);
    expect(cleanEventTypes("insert, Modify")).toEqual(["INSERT", "MODIFY"]);
    expect(cleanEventTypes("")).toBeUndefined();
    expect(cleanEventTypes([])).toBeUndefined();
    expect(cleanEventTypes(["INSERT", "MODIFY", "REMOVE"])).toBeUndefined();
    expect(() => cleanEventTypes(["UPSERT"])).toThrow(
      'Event Types must be one of INSERT, MODIFY, REMOVE, not "UPSERT".',
    );
  });

  it.each([
    [{ maxRecords: "0" }, 'Max Records must be a whole number from 1 to 1000, not "0".'],
    [{ maxRecords: "1001" }, 'Max Records must be a whole number from 1 to 1000, not "1001".'],
    [
      { startPosition: "EARLIEST" },
      'Start Position must be one of LATEST, TRIM_HORIZON, not "EARLIEST".',
    ],
    [{ eventTypes: "CREATE" }, 'Event Types must be one of INSERT, MODIFY, REMOVE, not "CREATE".'],
  ])("%j is an input error before any AWS call", async (params, message) => {
    await expect(poll(params, {})).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
    expect(streamsMock.calls()).toHaveLength(0);
  });
});

describe("reading the stream", () => {
  it("delivers every change from TRIM_HORIZON as plain JSON and saves the position in the polling state", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [
          change(1, "INSERT", "k1", 1),
          change(2, "MODIFY", "k1", 2),
          change(3, "REMOVE", "k1", 3),
        ],
      },
    ];
    const instanceState: InstanceState = {};
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);

    expect(output.resultType).toBe("completed");
    const data = output.payload.body.data;
    expect(data.records[0]).toEqual({
      eventName: "INSERT",
      eventId: "event-1",
      sequenceNumber: seq(1),
      shardId: "shard-a",
      approximateCreationDateTime: "2024-05-01T12:00:01.000Z",
      keys: { id: "k1" },
      newImage: { id: "k1", version: 1 },
      oldImage: null,
      userIdentity: null,
    });
    expect(data.records.map((record) => record.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE"]);
    expect(data.records[2]).toMatchObject({ newImage: null, oldImage: { id: "k1", version: 2 } });
    expect(data).toMatchObject({
      count: 3,
      hasMore: false,
      dataLoss: [],
      notices: [],
      tableName: "Customers",
      streamArn: STREAM_ARN,
    });
    expect(savedState(instanceState)).toEqual({
      version: 1,
      streamArn: STREAM_ARN,
      shards: { "shard-a": { after: seq(3) } },
      finished: [],
    });
    expect(streamsMock).toHaveReceivedCommandWith(GetShardIteratorCommand, {
      StreamArn: STREAM_ARN,
      ShardId: "shard-a",
      ShardIteratorType: "TRIM_HORIZON",
    });
    // Before a record is seen, a page asks for 16 records (1 MB at an assumed 64 KB each); after
    // that, for the size seen (Max Records 100 is the bound here).
    expect(streamsMock.commandCalls(GetRecordsCommand).map((call) => call.args[0].input)).toEqual([
      { ShardIterator: "shard-a|0", Limit: 16 },
      { ShardIterator: "shard-a|3", Limit: 97 },
    ]);
    expect(data).toMatchObject({ stoppedBy: null, bytes: expect.any(Number) });
    expect(data.bytes).toBe(
      data.records.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0),
    );
  });

  it("Return DynamoDB JSON keeps the typed form of keys and images", async () => {
    stream.shards = [
      { id: "shard-a", start: 1, closed: false, records: [change(1, "MODIFY", "k1", 2)] },
    ];
    const output = await poll({ startPosition: "TRIM_HORIZON", returnDynamoJson: "true" }, {});
    expect(output.payload.body.data.records[0]).toMatchObject({
      keys: { id: { S: "k1" } },
      newImage: { id: { S: "k1" }, version: { N: "2" } },
      oldImage: { id: { S: "k1" }, version: { N: "1" } },
    });
  });

  it("an empty poll returns polledNoChanges, after a bounded number of empty pages", async () => {
    stream.shards = [
      { id: "shard-a", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    streamsMock.resetHistory();

    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.resultType).toBe("polled_no_changes");
    expect(output.payload.body.data).toMatchObject({
      records: [],
      count: 0,
      hasMore: false,
      dataLoss: [],
    });
    expect(iteratorCalls()).toEqual([
      {
        StreamArn: STREAM_ARN,
        ShardId: "shard-a",
        ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
        SequenceNumber: seq(1),
      },
    ]);
    // An open shard resumed after a sequence number is at its tip at the first empty page: an
    // idle shard costs one GetShardIterator and one GetRecords.
    expect(streamsMock.commandCalls(GetRecordsCommand)).toHaveLength(1);
    expect(savedState(instanceState)).toMatchObject({ shards: { "shard-a": { after: seq(1) } } });
  });

  it("keeps reading an open shard from its beginning through an empty page before data further on", async () => {
    stream.shards = [
      { id: "shard-a", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    stream.emptyPagesBefore["shard-a"] = 1;
    const output = await poll({ startPosition: "TRIM_HORIZON" }, {});
    expect(delivered(output)).toEqual([seq(1)]);
  });

  it("the event filter delivers only the chosen types and moves past the others", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [
          change(1, "INSERT", "k1", 1),
          change(2, "MODIFY", "k1", 2),
          change(3, "REMOVE", "k1", 3),
          change(4, "INSERT", "k2", 1),
        ],
      },
    ];
    const instanceState: InstanceState = {};
    const output = await poll(
      { startPosition: "TRIM_HORIZON", eventTypes: ["REMOVE"] },
      instanceState,
    );
    expect(output.payload.body.data.records.map((r) => [r.eventName, r.sequenceNumber])).toEqual([
      ["REMOVE", seq(3)],
    ]);
    // Filtered records are processed too: the next poll does not read them again.
    expect(savedState(instanceState)).toMatchObject({ shards: { "shard-a": { after: seq(4) } } });
    // With a filter, pages are read whole (a small Limit would mean many calls for few records).
    expect(streamsMock).toHaveReceivedCommandWith(GetRecordsCommand, { Limit: 1000 });

    const inserts = await poll({ startPosition: "TRIM_HORIZON", eventTypes: "INSERT, MODIFY" }, {});
    expect(inserts.payload.body.data.records.map((r) => r.eventName)).toEqual([
      "INSERT",
      "MODIFY",
      "INSERT",
    ]);
  });

  it("Max Records cuts mid-shard and the next poll continues exactly after the last delivered record", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [1, 2, 3, 4, 5].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
    ];
    const instanceState: InstanceState = {};
    const first = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "2" }, instanceState);
    expect(delivered(first)).toEqual([seq(1), seq(2)]);
    expect(first.payload.body.data.hasMore).toBe(true);
    expect(savedState(instanceState)).toMatchObject({ shards: { "shard-a": { after: seq(2) } } });
    expect(streamsMock).toHaveReceivedCommandWith(GetRecordsCommand, { Limit: 2 });

    streamsMock.resetHistory();
    const second = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "2" }, instanceState);
    expect(iteratorCalls()[0]).toEqual({
      StreamArn: STREAM_ARN,
      ShardId: "shard-a",
      ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
      SequenceNumber: seq(2),
    });
    expect(delivered(second)).toEqual([seq(3), seq(4)]);

    const third = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "2" }, instanceState);
    expect(delivered(third)).toEqual([seq(5)]);
    const fourth = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "2" }, instanceState);
    expect(fourth.resultType).toBe("polled_no_changes");
  });

  it("Max Records cuts inside a page that holds more records than asked for", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [1, 2, 3, 4].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
    ];
    // A page larger than the Limit (DynamoDB never does this, but nothing may depend on it).
    streamsMock
      .on(GetRecordsCommand)
      .callsFake((input: GetRecordsCommandInput) => stream.getRecords({ ...input, Limit: 1000 }));
    const instanceState: InstanceState = {};
    const first = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "3" }, instanceState);
    expect(delivered(first)).toEqual([seq(1), seq(2), seq(3)]);
    expect(savedState(instanceState)).toMatchObject({ shards: { "shard-a": { after: seq(3) } } });
    const second = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "3" }, instanceState);
    expect(delivered(second)).toEqual([seq(4)]);
  });

  it("stops when the time budget is spent, saves its position and continues on the next poll", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [1, 2, 3].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
    ];
    let clock = 0;
    streamSettings.now = () => clock;
    // Each page takes 15 s: the second page would start after the 20 s budget.
    streamsMock.on(GetRecordsCommand).callsFake((input: GetRecordsCommandInput) => {
      clock += 15_000;
      return stream.getRecords({ ...input, Limit: 1 });
    });
    const instanceState: InstanceState = {};
    const first = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(delivered(first)).toEqual([seq(1), seq(2)]);
    expect(first.payload.body.data.hasMore).toBe(true);
    expect(streamsMock.commandCalls(GetRecordsCommand)).toHaveLength(2);

    clock = 1_000_000;
    const second = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(delivered(second)).toEqual([seq(3)]);
  });
});

describe("rotation", () => {
  it("a poll that runs out of time leaves the other shards to the next, which starts where it stopped; a child still waits for its parent", async () => {
    stream.shards = [
      {
        id: "parent",
        start: 1,
        closed: true,
        records: [change(1, "INSERT", "k1", 1), change(2, "MODIFY", "k1", 2)],
      },
      { id: "x", start: 100, closed: false, records: [change(101, "INSERT", "kx", 1)] },
      {
        id: "child",
        parent: "parent",
        start: 200,
        closed: false,
        records: [change(201, "MODIFY", "k1", 3)],
      },
      { id: "y", start: 300, closed: false, records: [change(301, "INSERT", "ky", 1)] },
    ];
    let clock = 0;
    streamSettings.now = () => clock;
    // Each page takes 25 s, more than the 20 s budget: a poll reads one page of one shard.
    streamsMock.on(GetRecordsCommand).callsFake((input: GetRecordsCommandInput) => {
      clock += 25_000;
      return stream.getRecords(input);
    });
    const instanceState: InstanceState = {};
    const polls: PollOutput["payload"]["body"]["data"][] = [];
    for (let i = 0; i < 4; i++) {
      clock = i * 1_000_000;
      polls.push((await poll({ startPosition: "TRIM_HORIZON" }, instanceState)).payload.body.data);
    }
    expect(polls.map((data) => data.records.map((record) => record.shardId))).toEqual([
      ["parent", "parent"],
      ["x"],
      ["child"],
      ["y"],
    ]);
    expect(polls[0]).toMatchObject({
      hasMore: true,
      stoppedBy: "timeBudget",
      shards: { listed: 4, read: 1, notReached: 3, notReachedIds: ["x", "child", "y"] },
    });
    expect(polls[1].shards).toMatchObject({ read: 1, notReachedIds: ["child", "y"] });
    // Every unfinished shard has a position from the first poll on, read or not.
    expect(savedState(instanceState)).toMatchObject({
      shards: { x: { after: seq(101) }, child: { after: seq(201) }, y: { after: seq(301) } },
      finished: ["parent"],
    });

    // A full rotation later, an idle shard costs one GetShardIterator and one GetRecords.
    streamsMock.on(GetRecordsCommand).callsFake((input) => stream.getRecords(input));
    streamsMock.resetHistory();
    const idle = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(idle.resultType).toBe("polled_no_changes");
    expect(idle.payload.body.data).toMatchObject({
      hasMore: false,
      stoppedBy: null,
      shards: { listed: 4, read: 3, notReached: 0, notReachedIds: [] },
    });
    expect(streamsMock.commandCalls(GetShardIteratorCommand)).toHaveLength(3);
    expect(streamsMock.commandCalls(GetRecordsCommand)).toHaveLength(3);
  });

  it("a poll stopped by Max Records in a busy shard starts the next one with the shard after it", async () => {
    stream.shards = [
      {
        id: "busy",
        start: 1,
        closed: false,
        records: [1, 2, 3, 4].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
      { id: "quiet", start: 100, closed: false, records: [change(101, "INSERT", "q", 1)] },
    ];
    const instanceState: InstanceState = {};
    const first = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "2" }, instanceState);
    expect(delivered(first)).toEqual([seq(1), seq(2)]);
    expect(first.payload.body.data).toMatchObject({
      stoppedBy: "maxRecords",
      shards: { notReachedIds: ["quiet"] },
    });
    const second = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "2" }, instanceState);
    expect(delivered(second)).toEqual([seq(101), seq(3)]);
    const third = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "2" }, instanceState);
    expect(delivered(third)).toEqual([seq(4)]);
  });
});

describe("byte budget", () => {
  const BODY = "x".repeat(300_000);
  /** A MODIFY whose old and new images each carry 300 KB: about 600 KB of JSON. */
  const large = (n: number): _Record => ({
    eventID: `event-${n}`,
    eventName: "MODIFY",
    dynamodb: {
      Keys: { id: { S: `k${n}` } },
      NewImage: { id: { S: `k${n}` }, body: { S: BODY }, version: { N: "2" } },
      OldImage: { id: { S: `k${n}` }, body: { S: BODY }, version: { N: "1" } },
      SequenceNumber: seq(n),
      SizeBytes: 600_020,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  });

  it("stops at a record boundary before about 5 MB of JSON, says so, and the next poll continues after the last record delivered", async () => {
    const COUNT = 20;
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: Array.from({ length: COUNT }, (_, i) => large(i + 1)),
      },
    ];
    const instanceState: InstanceState = {};
    const all: string[] = [];
    const perPoll: number[] = [];
    for (let i = 0; i < 10 && all.length < COUNT; i++) {
      const data = (
        await poll({ startPosition: "TRIM_HORIZON", maxRecords: "1000" }, instanceState)
      ).payload.body.data;
      const bytes = Buffer.byteLength(JSON.stringify(data.records));
      expect(bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
      expect(data.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
      all.push(...delivered({ payload: { body: { data } } } as PollOutput));
      perPoll.push(data.count);
      if (all.length < COUNT) {
        expect(data).toMatchObject({ hasMore: true, stoppedBy: "byteBudget" });
        expect(savedState(instanceState)).toMatchObject({
          shards: { "shard-a": { after: all.at(-1) } },
        });
      }
    }
    // Eight records of about 600 KB fit in 5 MB; nothing lost or repeated.
    expect(perPoll).toEqual([8, 8, 4]);
    expect(all).toEqual(Array.from({ length: COUNT }, (_, i) => seq(i + 1)));
    // Once a poll has seen a record's size, no page asks for more than about 1 MB of records:
    // only each poll's first page asks for more (16, at an assumed 64 KB each).
    const limits = streamsMock
      .commandCalls(GetRecordsCommand)
      .map((call) => call.args[0].input.Limit as number);
    expect(limits.filter((limit) => limit > 1)).toEqual(perPoll.map(() => 16));
  });

  it("a record larger than the budget still goes out, one per poll", async () => {
    streamSettings.byteBudget = 100_000;
    stream.shards = [{ id: "shard-a", start: 1, closed: false, records: [large(1), large(2)] }];
    const instanceState: InstanceState = {};
    const first = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(delivered(first)).toEqual([seq(1)]);
    expect(first.payload.body.data).toMatchObject({ hasMore: true, stoppedBy: "byteBudget" });
    const second = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(delivered(second)).toEqual([seq(2)]);
  });
});

describe("position reset", () => {
  it("a sequence number GetShardIterator refuses resets the shard to TRIM_HORIZON and is reported", async () => {
    stream.shards = [
      { id: "shard-a", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    const refused = seq(999);
    savedState(instanceState).shards = { "shard-a": { after: refused } };
    stream.shards[0].records.push(change(2, "INSERT", "k2", 1));
    streamsMock.on(GetShardIteratorCommand).callsFake((input: GetShardIteratorCommandInput) => {
      if (input.SequenceNumber === refused) {
        throw Object.assign(new Error("Invalid SequenceNumber"), { name: "ValidationException" });
      }
      return stream.iterator(input);
    });
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.resultType).toBe("completed");
    expect(output.payload.body.data.dataLoss).toEqual([
      {
        shardId: "shard-a",
        lastSequenceNumber: refused,
        reason: "positionReset",
        message: expect.stringMatching(/refused sequence number.*TRIM_HORIZON.*delivered again/),
      },
    ]);
    expect(delivered(output)).toEqual([seq(1), seq(2)]);
    expect(logger.warn).toHaveBeenCalledWith(output.payload.body.data.dataLoss[0].message);
  });
});

describe("shard lineage", () => {
  /**
   * A parent that split in two: k1 moved to child-1, k2 to child-2. Sequence numbers are not
   * comparable across shards, so the children here start "lower" than their parent: only the
   * lineage can put the parent first.
   */
  function splitStream(): void {
    stream.shards = [
      {
        id: "child-2",
        parent: "parent",
        start: 20,
        closed: false,
        records: [change(21, "MODIFY", "k2", 3)],
      },
      {
        id: "child-1",
        parent: "parent",
        start: 10,
        closed: false,
        records: [change(11, "MODIFY", "k1", 3), change(12, "REMOVE", "k1", 4)],
      },
      {
        id: "parent",
        start: 30,
        closed: true,
        records: [
          change(31, "INSERT", "k1", 1),
          change(32, "INSERT", "k2", 1),
          change(33, "MODIFY", "k1", 2),
          change(34, "MODIFY", "k2", 2),
        ],
      },
    ];
  }

  it("reads the parent to its end before its children, then drops it from the positions", async () => {
    splitStream();
    const instanceState: InstanceState = {};
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.payload.body.data.records.map((r) => [r.shardId, r.sequenceNumber])).toEqual([
      ["parent", seq(31)],
      ["parent", seq(32)],
      ["parent", seq(33)],
      ["parent", seq(34)],
      ["child-1", seq(11)],
      ["child-1", seq(12)],
      ["child-2", seq(21)],
    ]);
    expect(iteratorCalls().map((input) => input.ShardId)).toEqual(["parent", "child-1", "child-2"]);
    expect(savedState(instanceState)).toEqual({
      version: 1,
      streamArn: STREAM_ARN,
      shards: { "child-1": { after: seq(12) }, "child-2": { after: seq(21) } },
      finished: ["parent"],
    });
  });

  it("never delivers a child's records while its parent is unfinished, across polls", async () => {
    splitStream();
    const instanceState: InstanceState = {};
    const first = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "3" }, instanceState);
    expect(delivered(first)).toEqual([seq(31), seq(32), seq(33)]);
    expect(iteratorCalls().map((input) => input.ShardId)).toEqual(["parent"]);
    expect(savedState(instanceState)).toMatchObject({
      shards: { parent: { after: seq(33) } },
      finished: [],
    });

    const second = await poll({ startPosition: "TRIM_HORIZON", maxRecords: "3" }, instanceState);
    expect(second.payload.body.data.records.map((r) => r.shardId)).toEqual([
      "parent",
      "child-1",
      "child-1",
    ]);
    expect(savedState(instanceState)).toMatchObject({ finished: ["parent"] });
  });

  it("includes new shards as they appear, from their beginning", async () => {
    stream.shards = [
      { id: "parent", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON" }, instanceState);

    // The shard closes after one more record and a child takes over.
    stream.shards[0].records.push(change(2, "MODIFY", "k1", 2));
    stream.shards[0].closed = true;
    stream.shards.push({
      id: "child",
      parent: "parent",
      start: 10,
      closed: false,
      records: [change(10, "MODIFY", "k1", 3)],
    });
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.payload.body.data.records.map((r) => [r.shardId, r.sequenceNumber])).toEqual([
      ["parent", seq(2)],
      ["child", seq(10)],
    ]);
    expect(iteratorCalls().at(-1)).toEqual({
      StreamArn: STREAM_ARN,
      ShardId: "child",
      ShardIteratorType: "TRIM_HORIZON",
    });
  });

  it("keeps a finished shard only while DescribeStream lists it, so the state stays bounded", async () => {
    splitStream();
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(savedState(instanceState)).toMatchObject({ finished: ["parent"] });

    // 24 hours later the parent is trimmed from the stream.
    stream.shards = stream.shards.filter((shard) => shard.id !== "parent");
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.resultType).toBe("polled_no_changes");
    expect(savedState(instanceState)).toMatchObject({ finished: [] });
    expect(output.payload.body.data.dataLoss).toEqual([]);
  });

  it("reads DescribeStream page by page", async () => {
    stream.shards = [1, 2, 3].map((n) => ({
      id: `shard-${n}`,
      start: n * 10,
      closed: false,
      records: [change(n * 10, "INSERT", `k${n}`, 1)],
    }));
    stream.describePageSize = 2;
    const output = await poll({ startPosition: "TRIM_HORIZON" }, {});
    expect(delivered(output)).toEqual([seq(10), seq(20), seq(30)]);
    expect(
      streamsMock.commandCalls(DescribeStreamCommand).map((call) => call.args[0].input),
    ).toEqual([
      { StreamArn: STREAM_ARN },
      { StreamArn: STREAM_ARN, ExclusiveStartShardId: "shard-2" },
    ]);
  });
});

describe("recovery", () => {
  it("an expired iterator is renewed from the saved sequence number", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [1, 2, 3].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON", maxRecords: "1" }, instanceState);
    streamsMock.resetHistory();

    stream.getRecordsErrors = [
      new ExpiredIteratorException({ message: "Iterator expired", $metadata: {} }),
    ];
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(delivered(output)).toEqual([seq(2), seq(3)]);
    const renewal = {
      StreamArn: STREAM_ARN,
      ShardId: "shard-a",
      ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
      SequenceNumber: seq(1),
    };
    expect(iteratorCalls()).toEqual([renewal, renewal]);
    expect(output.payload.body.data.dataLoss).toEqual([]);
  });

  it("an iterator that expires mid-shard is renewed after the last record processed", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [1, 2, 3].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
    ];
    let calls = 0;
    streamsMock.on(GetRecordsCommand).callsFake((input: GetRecordsCommandInput) => {
      calls += 1;
      if (calls === 2)
        throw new ExpiredIteratorException({ message: "Iterator expired", $metadata: {} });
      return stream.getRecords({ ...input, Limit: 2 });
    });
    const output = await poll({ startPosition: "TRIM_HORIZON" }, {});
    expect(delivered(output)).toEqual([seq(1), seq(2), seq(3)]);
    expect(iteratorCalls().at(-1)).toMatchObject({
      ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
      SequenceNumber: seq(2),
    });
  });

  it("an iterator that keeps expiring is an error after a bounded number of renewals", async () => {
    stream.shards = [
      { id: "shard-a", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    streamsMock
      .on(GetRecordsCommand)
      .rejects(new ExpiredIteratorException({ message: "Iterator expired", $metadata: {} }));
    const instanceState: InstanceState = {};
    await expect(poll({ startPosition: "TRIM_HORIZON" }, instanceState)).rejects.toThrow(
      /GetRecords failed on table "Customers" in region us-east-1: ExpiredIteratorException/,
    );
    expect(streamsMock.commandCalls(GetShardIteratorCommand)).toHaveLength(4);
    // Nothing was saved: the failed poll is simply repeated.
    expect(instanceState).toEqual({});
  });

  it("trimmed data is reported in dataLoss, then reading continues from TRIM_HORIZON", async () => {
    stream.shards = [
      {
        id: "shard-a",
        start: 1,
        closed: false,
        records: [1, 2, 3, 4, 5].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON", maxRecords: "1" }, instanceState);
    streamsMock.resetHistory();

    // Records 1 to 3 are trimmed while the trigger was not polling: record 2 and 3 are lost.
    stream.shards[0].trimmedBelow = 4;
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.resultType).toBe("completed");
    expect(output.payload.body.data.dataLoss).toEqual([
      {
        shardId: "shard-a",
        lastSequenceNumber: seq(1),
        reason: "trimmed",
        message: expect.stringMatching(
          new RegExp(
            `shard shard-a after sequence number ${seq(1)} .*some changes were lost.*TRIM_HORIZON`,
          ),
        ),
      },
    ]);
    expect(delivered(output)).toEqual([seq(4), seq(5)]);
    // The loss is in the flow's logs as well.
    expect(logger.warn).toHaveBeenCalledWith(output.payload.body.data.dataLoss[0].message);
    expect(iteratorCalls()).toEqual([
      {
        StreamArn: STREAM_ARN,
        ShardId: "shard-a",
        ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
        SequenceNumber: seq(1),
      },
      { StreamArn: STREAM_ARN, ShardId: "shard-a", ShardIteratorType: "TRIM_HORIZON" },
    ]);
  });

  it("trimmed data found by GetRecords is reported too, and a loss alone still runs the flow", async () => {
    stream.shards = [
      { id: "shard-a", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON" }, instanceState);

    stream.getRecordsErrors = [
      new TrimmedDataAccessException({ message: "trimmed", $metadata: {} }),
    ];
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.payload.body.data.dataLoss).toHaveLength(1);
    expect(output.payload.body.data.dataLoss[0]).toMatchObject({
      shardId: "shard-a",
      lastSequenceNumber: seq(1),
    });
    // The horizon still holds record 1, which is delivered again rather than risk losing more.
    expect(delivered(output)).toEqual([seq(1)]);
    expect(output.resultType).toBe("completed");
  });

  it("an unfinished shard that left the stream is reported as lost", async () => {
    stream.shards = [
      {
        id: "old",
        start: 1,
        closed: true,
        records: [1, 2].map((n) => change(n, "INSERT", `k${n}`, 1)),
      },
      {
        id: "new",
        parent: "old",
        start: 10,
        closed: false,
        records: [change(10, "INSERT", "k9", 1)],
      },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "TRIM_HORIZON", maxRecords: "1" }, instanceState);
    stream.shards = stream.shards.filter((shard) => shard.id !== "old");

    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(output.payload.body.data.dataLoss).toEqual([
      {
        shardId: "old",
        lastSequenceNumber: seq(1),
        reason: "shardLeft",
        message: expect.stringContaining("left the stream"),
      },
    ]);
    // Its child is read: the parent is gone, so nothing can come before it any more.
    expect(delivered(output)).toEqual([seq(10)]);
    expect(savedState(instanceState)).toMatchObject({
      shards: { new: { after: seq(10) } },
      finished: [],
    });
  });

  it("a stream that was disabled and enabled again is read from its beginning, with a notice", async () => {
    stream.shards = [
      { id: "shard-a", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "LATEST" }, instanceState);

    const newArn = STREAM_ARN.replace("2024-05-01T12:00:00.000", "2024-05-02T08:00:00.000");
    ddbMock.on(DescribeTableCommand).resolves(streamTable({ LatestStreamArn: newArn }));
    stream.shards = [
      { id: "shard-b", start: 50, closed: false, records: [change(50, "MODIFY", "k1", 2)] },
    ];
    const output = await poll({ startPosition: "LATEST" }, instanceState);
    expect(delivered(output)).toEqual([seq(50)]);
    expect(output.payload.body.data.notices).toEqual([
      expect.stringContaining("disabled and enabled again"),
    ]);
    expect(savedState(instanceState)).toMatchObject({ streamArn: newArn });
  });
});

it("a notice alone (a replaced, still empty stream) runs the flow, so that it is seen", async () => {
  stream.shards = [
    { id: "shard-a", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
  ];
  const instanceState: InstanceState = {};
  await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
  ddbMock
    .on(DescribeTableCommand)
    .resolves(streamTable({ LatestStreamArn: STREAM_ARN.replace("2024-05-01", "2024-05-03") }));
  stream.shards = [{ id: "shard-b", start: 1, closed: false, records: [] }];
  const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
  expect(output.resultType).toBe("completed");
  expect(output.payload.body.data.records).toEqual([]);
  expect(output.payload.body.data.notices).toHaveLength(1);
  expect(logger.warn).toHaveBeenCalledWith(output.payload.body.data.notices[0]);
});

describe("Start Position LATEST", () => {
  it("the first poll skips history (closed shards and the open shard's records), later polls deliver new changes", async () => {
    stream.shards = [
      { id: "old", start: 1, closed: true, records: [change(1, "INSERT", "k1", 1)] },
      {
        id: "open",
        parent: "old",
        start: 10,
        closed: false,
        records: [change(10, "MODIFY", "k1", 2)],
      },
    ];
    const instanceState: InstanceState = {};
    const first = await poll({}, instanceState);
    expect(first.resultType).toBe("polled_no_changes");
    expect(savedState(instanceState)).toEqual({
      version: 1,
      streamArn: STREAM_ARN,
      shards: { open: { after: seq(10) } },
      finished: ["old"],
    });
    expect(iteratorCalls().map((input) => input.ShardId)).toEqual(["open"]);

    stream.shards[1].records.push(change(11, "REMOVE", "k1", 3));
    const second = await poll({}, instanceState);
    expect(delivered(second)).toEqual([seq(11)]);
  });

  it("an open shard that is empty at the first poll is read from its beginning afterwards", async () => {
    stream.shards = [{ id: "open", start: 1, closed: false, records: [] }];
    const instanceState: InstanceState = {};
    await poll({}, instanceState);
    expect(savedState(instanceState)).toMatchObject({ shards: {}, finished: [] });
    stream.shards[0].records.push(change(1, "INSERT", "k1", 1));
    expect(delivered(await poll({}, instanceState))).toEqual([seq(1)]);
  });

  it("when the first poll runs out of time, the rest of the history is skipped by creation time", async () => {
    const firstPollAt = Date.UTC(2024, 4, 1, 13, 0, 0);
    const before = new Date(firstPollAt - 60_000);
    const after = new Date(firstPollAt + 5_000);
    stream.shards = [
      {
        id: "open",
        start: 1,
        closed: false,
        records: [change(1, "INSERT", "k1", 1, before), change(2, "MODIFY", "k1", 2, before)],
      },
    ];
    let clock = firstPollAt;
    streamSettings.now = () => clock;
    streamsMock.on(GetRecordsCommand).callsFake((input: GetRecordsCommandInput) => {
      clock += 25_000;
      return stream.getRecords({ ...input, Limit: 1 });
    });
    const instanceState: InstanceState = {};
    await poll({}, instanceState);
    expect(savedState(instanceState)).toMatchObject({
      shards: { open: { after: seq(1), skipBefore: firstPollAt } },
    });

    stream.shards[0].records.push(change(3, "REMOVE", "k1", 3, after));
    streamsMock
      .on(GetRecordsCommand)
      .callsFake((input: GetRecordsCommandInput) => stream.getRecords(input));
    const second = await poll({}, instanceState);
    expect(delivered(second)).toEqual([seq(3)]);
    expect(savedState(instanceState)).toMatchObject({ shards: { open: { after: seq(3) } } });
    expect(
      (savedState(instanceState).shards as Record<string, Record<string, unknown>>).open,
    ).not.toHaveProperty("skipBefore");
  });

  it("Start Position applies to the first poll only", async () => {
    stream.shards = [
      { id: "open", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    const instanceState: InstanceState = {};
    await poll({ startPosition: "LATEST" }, instanceState);
    stream.shards[0].records.push(change(2, "MODIFY", "k1", 2));
    // Switching to TRIM_HORIZON later does not replay the history.
    expect(delivered(await poll({ startPosition: "TRIM_HORIZON" }, instanceState))).toEqual([
      seq(2),
    ]);
  });
});

describe("errors", () => {
  it("a table without a stream says how to enable one, before any stream call", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolves(streamTable({ StreamSpecification: undefined, LatestStreamArn: undefined }));
    const error = await poll({}, {}).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^Table "Customers" in us-east-1 has no DynamoDB stream enabled.*Update Table action \(Stream View Type: NEW_AND_OLD_IMAGES.*AWS console/,
    );
    expect(streamsMock.calls()).toHaveLength(0);
  });

  it("a disabled stream (the ARN is still there) gives the same advice", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolves(streamTable({ StreamSpecification: { StreamEnabled: false } }));
    await expect(poll({}, {})).rejects.toThrow(/has no DynamoDB stream enabled/);
  });

  it("a stream that cannot be found gives the same advice", async () => {
    streamsMock
      .on(DescribeStreamCommand)
      .rejects(
        new ResourceNotFoundException({ message: "Requested resource not found", $metadata: {} }),
      );
    await expect(poll({}, {})).rejects.toThrow(
      /has no DynamoDB stream enabled.*DescribeStream: stream .* was not found/,
    );
  });

  it("a permission error is a ConnectionError that names the permissions the trigger needs", async () => {
    const denied = Object.assign(
      new Error("User is not authorized to perform dynamodb:DescribeStream"),
      {
        name: "AccessDeniedException",
      },
    );
    streamsMock.on(DescribeStreamCommand).rejects(denied);
    const error = await poll({}, {}).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /DescribeStream failed on table "Customers" in region us-east-1: AccessDeniedException.*dynamodb:GetShardIterator and dynamodb:GetRecords/,
    );
  });

  it("a saved state that is not recognised starts over from the Start Position, with a notice", async () => {
    stream.shards = [
      { id: "open", start: 1, closed: false, records: [change(1, "INSERT", "k1", 1)] },
    ];
    const instanceState: InstanceState = {
      __prismaticInternal: { polling: { cursor: "something else" } },
    };
    const output = await poll({ startPosition: "TRIM_HORIZON" }, instanceState);
    expect(delivered(output)).toEqual([seq(1)]);
    expect(output.payload.body.data.notices).toEqual([
      expect.stringContaining("was not recognised"),
    ]);
  });
});

describe("helpers", () => {
  it("compares sequence numbers as numbers, whatever their length", () => {
    expect(compareSequenceNumbers("9", "10")).toBe(-1);
    expect(compareSequenceNumbers("100000000000000000000000000001", "99999999999999999999")).toBe(
      1,
    );
    expect(compareSequenceNumbers("42", "42")).toBe(0);
    expect(compareSequenceNumbers(undefined, "1")).toBe(-1);
  });

  it("parseState keeps only what it understands", () => {
    expect(parseState({})).toBeUndefined();
    expect(parseState({ version: 2, streamArn: STREAM_ARN })).toBeUndefined();
    expect(
      parseState({
        version: 1,
        streamArn: STREAM_ARN,
        shards: {
          a: { after: seq(12), extra: true },
          b: "nonsense",
          c: { skipBefore: 5 },
          d: { after: 12 },
          e: { after: "12\u001b[31m" },
          f: {},
          g: { after: "12" },
        },
        finished: ["x", 7],
        resumeAt: "c",
      }),
    ).toEqual({
      version: 1,
      streamArn: STREAM_ARN,
      // A position that is not one is kept as invalid (shown JSON-escaped), to be reset and reported.
      shards: {
        a: { after: seq(12) },
        b: { invalid: '"nonsense"' },
        c: { skipBefore: 5 },
        d: { invalid: "12" },
        e: { invalid: '"12\\u001b[31m"' },
        f: {},
        // Shorter than DynamoDB's 21 digits.
        g: { invalid: '"12"' },
      },
      finished: ["x"],
      resumeAt: "c",
    });
  });

  it("streamTableArn is the table part of a stream ARN", () => {
    expect(streamTableArn(STREAM_ARN)).toBe(
      "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
    );
  });
});

describe("examplePayload", () => {
  it("its body is what perform returns for the example's records", async () => {
    const toSdk = (record: (typeof EXAMPLE_DATA.records)[number]): _Record => {
      const typed = (image: Record<string, unknown> | null) =>
        image
          ? Object.fromEntries(
              Object.entries(image).map(([name, value]) => [
                name,
                typeof value === "number" ? { N: String(value) } : { S: String(value) },
              ]),
            )
          : undefined;
      return {
        eventID: record.eventId ?? undefined,
        eventName: record.eventName as EventName,
        dynamodb: {
          ApproximateCreationDateTime: new Date(String(record.approximateCreationDateTime)),
          Keys: typed(record.keys),
          NewImage: typed(record.newImage),
          OldImage: typed(record.oldImage),
          SequenceNumber: record.sequenceNumber,
          StreamViewType: "NEW_AND_OLD_IMAGES",
        },
      };
    };
    const shardId = EXAMPLE_DATA.records[0].shardId;
    stream.shards = [];
    streamsMock.on(DescribeStreamCommand).resolves({
      StreamDescription: {
        Shards: [
          {
            ShardId: shardId,
            SequenceNumberRange: { StartingSequenceNumber: "111100000000005596432866" },
          },
        ],
      },
    });
    streamsMock.on(GetShardIteratorCommand).resolves({ ShardIterator: "iterator-1" });
    streamsMock
      .on(GetRecordsCommand)
      .resolvesOnce({ Records: EXAMPLE_DATA.records.map(toSdk), NextShardIterator: "iterator-2" })
      .resolves({ Records: [], NextShardIterator: "iterator-3" });

    const output = await poll({ startPosition: "TRIM_HORIZON" }, {});
    const example = tableChanges.examplePayload as {
      payload: { body: { data: unknown } };
      polledNoChanges: boolean;
    };
    expect(output.payload.body.data).toEqual(example.payload.body.data);
    expect(example.polledNoChanges).toBe(false);
    expect(output.resultType).toBe("completed");
  });
});

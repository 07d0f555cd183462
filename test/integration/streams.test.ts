/**
 * The New and Changed Items trigger against DynamoDB Local's streams. DynamoDB Local keeps one
 * open shard per table stream (it never splits or closes one while the stream is on), hands out
 * TRIM_HORIZON, LATEST and AFTER_SEQUENCE_NUMBER iterators, and answers an empty page with a
 * NextShardIterator at the tip, as DynamoDB does. Shard splits, expiry and trimming are covered
 * by the unit tests; here the point is exactly-once, in-order delivery through real polls.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { testing } from "@prismatic-io/spectral";
import { resetStreamSettings } from "../../src/engines/streams";
import component from "../../src/index";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { debugNote } from "../support/quiet";

interface Change {
  eventName: string;
  eventId: string;
  sequenceNumber: string;
  shardId: string;
  approximateCreationDateTime: string | null;
  keys: { id: string };
  newImage: { id: string; version: number } | null;
  oldImage: { id: string; version: number } | null;
}
interface PollOutput {
  payload: {
    body: {
      data: {
        records: Change[];
        count: number;
        hasMore: boolean;
        dataLoss: unknown[];
        notices: string[];
      };
    };
  };
  resultType: "completed" | "polled_no_changes";
}
type InstanceState = Record<string, unknown>;

const KEYS = 50;
const WRITES = 1000;
const BATCH = 100;

const bigTable = uniqueTableName("streams_exactly_once");
const latestTable = uniqueTableName("streams_latest");
const plainTable = uniqueTableName("streams_none");
let raw: DynamoDBClient;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** What each key went through: (event, version) in write order. */
type Expected = Map<string, [string, number][]>;

/**
 * Writes `count` changes over KEYS keys: an absent key is inserted, a present one is updated
 * (UpdateItem or a replacing PutItem) or deleted. Each write of a key gets the next version, so
 * each stream record can be matched to the write that made it.
 */
async function writeChanges(
  table: string,
  count: number,
  next: () => number,
  versions: Map<string, number>,
  present: Set<string>,
  expected: Expected,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `key-${String(Math.floor(next() * KEYS)).padStart(2, "0")}`;
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    const log = expected.get(id) ?? [];
    expected.set(id, log);
    const roll = next();
    if (!present.has(id)) {
      await raw.send(
        new PutItemCommand({
          TableName: table,
          Item: { id: { S: id }, version: { N: String(version) } },
        }),
      );
      present.add(id);
      log.push(["INSERT", version]);
    } else if (roll < 0.25) {
      await raw.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: id } } }));
      present.delete(id);
      // A removal carries the last version in its old image.
      versions.set(id, version - 1);
      log.push(["REMOVE", version - 1]);
    } else if (roll < 0.65) {
      await raw.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: { S: id } },
          UpdateExpression: "SET version = :v",
          ExpressionAttributeValues: { ":v": { N: String(version) } },
        }),
      );
      log.push(["MODIFY", version]);
    } else {
      await raw.send(
        new PutItemCommand({
          TableName: table,
          Item: { id: { S: id }, version: { N: String(version) }, replacedAt: { N: String(i) } },
        }),
      );
      log.push(["MODIFY", version]);
    }
  }
}

/** The (event, version) of a delivered change: the new image's version, or the old one for REMOVE. */
function versionOf(change: Change): number {
  const image = change.eventName === "REMOVE" ? change.oldImage : change.newImage;
  if (!image)
    throw new Error(
      `Change ${change.eventId} has no ${change.eventName === "REMOVE" ? "old" : "new"} image.`,
    );
  return image.version;
}

async function poll(
  table: string,
  params: Record<string, unknown>,
  instanceState: InstanceState,
  runner = harness,
): Promise<PollOutput> {
  return (await runner.trigger(
    "tableChanges",
    undefined,
    { awsConnection: localConnection(), awsRegion: LOCAL_REGION, tableName: table, ...params },
    { instanceState },
  )) as unknown as PollOutput;
}

beforeAll(async () => {
  resetStreamSettings();
  raw = rawClient();
  await Promise.all([
    createTestTable(bigTable, { hashKey: { name: "id", type: "S" }, streams: true }),
    createTestTable(latestTable, { hashKey: { name: "id", type: "S" }, streams: true }),
    createTestTable(plainTable, { hashKey: { name: "id", type: "S" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([
    deleteTestTable(bigTable),
    deleteTestTable(latestTable),
    deleteTestTable(plainTable),
  ]);
  raw.destroy();
  resetCaches();
});

it(`delivers ${WRITES} changes over ${KEYS} keys exactly once and in order per key, across a restart`, async () => {
  const next = random(20240501);
  const versions = new Map<string, number>();
  const present = new Set<string>();
  const expected: Expected = new Map();
  const params = { startPosition: "TRIM_HORIZON", maxRecords: String(BATCH) };

  const deliveredChanges: Change[] = [];
  const batchSizes: number[] = [];
  const pollMs: number[] = [];
  let instanceState: InstanceState = {};
  let runner = harness;

  const pollUntilIdle = async (maxPolls: number) => {
    for (let i = 0; i < maxPolls; i++) {
      const started = performance.now();
      const output = await poll(bigTable, params, instanceState, runner);
      pollMs.push(performance.now() - started);
      const data = output.payload.body.data;
      expect(data.dataLoss).toEqual([]);
      expect(data.count).toBe(data.records.length);
      if (output.resultType === "polled_no_changes") {
        expect(data.records).toEqual([]);
        return;
      }
      expect(data.records.length).toBeLessThanOrEqual(BATCH);
      batchSizes.push(data.records.length);
      deliveredChanges.push(...data.records);
    }
  };

  // Part of the history is written before the first poll and part while polling, so that polls
  // both catch up and wait at the tip of the shard.
  await writeChanges(bigTable, 600, next, versions, present, expected);
  for (let i = 0; i < 3; i++) {
    const output = await poll(bigTable, params, instanceState, runner);
    expect(output.payload.body.data.records).toHaveLength(BATCH);
    expect(output.payload.body.data.hasMore).toBe(true);
    deliveredChanges.push(...output.payload.body.data.records);
    batchSizes.push(BATCH);
  }
  await writeChanges(bigTable, WRITES - 600, next, versions, present, expected);
  for (let i = 0; i < 2; i++) {
    const output = await poll(bigTable, params, instanceState, runner);
    deliveredChanges.push(...output.payload.body.data.records);
    batchSizes.push(output.payload.body.data.records.length);
  }

  // A fresh process: no cached clients or schemas, a new harness, and only the saved state
  // (as the platform stores it, through JSON).
  const saved = JSON.parse(JSON.stringify(instanceState)) as InstanceState;
  expect(Object.keys(saved)).toEqual(["__prismaticInternal"]);
  resetCaches();
  runner = testing.createHarness(component);
  instanceState = saved;
  await pollUntilIdle(20);

  // The mix has every kind of change in numbers.
  const kinds = new Map<string, number>();
  for (const change of deliveredChanges)
    kinds.set(change.eventName, (kinds.get(change.eventName) ?? 0) + 1);
  for (const kind of ["INSERT", "MODIFY", "REMOVE"]) expect(kinds.get(kind)).toBeGreaterThan(100);

  // Exactly once: every write delivered, none twice.
  expect(deliveredChanges).toHaveLength(WRITES);
  expect(new Set(deliveredChanges.map((change) => change.eventId)).size).toBe(WRITES);
  expect(new Set(deliveredChanges.map((change) => change.sequenceNumber)).size).toBe(WRITES);
  // Batches of at most 100, full ones while more was waiting.
  expect(batchSizes.every((size) => size <= BATCH)).toBe(true);
  expect(batchSizes.reduce((sum, size) => sum + size, 0)).toBe(WRITES);

  // In order per key: the delivered (event, version) sequence of each key is what was written.
  const actual: Expected = new Map();
  for (const change of deliveredChanges) {
    const log = actual.get(change.keys.id) ?? [];
    actual.set(change.keys.id, log);
    log.push([change.eventName, versionOf(change)]);
  }
  expect(actual.size).toBe(expected.size);
  for (const [id, log] of expected) expect([id, actual.get(id)]).toEqual([id, log]);

  // Plain JSON output, as every item output of the connector.
  const sample = deliveredChanges.find((change) => change.eventName === "MODIFY");
  expect(sample).toMatchObject({
    keys: { id: expect.any(String) },
    newImage: { id: expect.any(String), version: expect.any(Number) },
    oldImage: { id: expect.any(String), version: expect.any(Number) },
    approximateCreationDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  });

  // The saved state stays small: one position per shard.
  const polling = (
    instanceState.__prismaticInternal as { polling: { shards: Record<string, unknown> } }
  ).polling;
  expect(Object.keys(polling.shards)).toHaveLength(1);
  expect(JSON.stringify(polling).length).toBeLessThan(1000);

  const slowest = Math.max(...pollMs);
  // The measure of one poll against the local engine, printed with DEBUG.
  debugNote(
    `${WRITES} changes (${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(", ")}) in ${batchSizes.length} polls of at most ${BATCH}; slowest poll after the restart ${slowest.toFixed(0)} ms`,
  );
});

it("Start Position LATEST skips what was written before the first poll, and Event Types filters", async () => {
  for (let i = 0; i < 20; i++) {
    await raw.send(
      new PutItemCommand({
        TableName: latestTable,
        Item: { id: { S: `old-${i}` }, version: { N: "1" } },
      }),
    );
  }
  const instanceState: InstanceState = {};
  const params = { eventTypes: ["INSERT", "REMOVE"] };
  const first = await poll(latestTable, params, instanceState);
  expect(first.resultType).toBe("polled_no_changes");

  await raw.send(
    new PutItemCommand({
      TableName: latestTable,
      Item: { id: { S: "new-1" }, version: { N: "1" } },
    }),
  );
  await raw.send(
    new UpdateItemCommand({
      TableName: latestTable,
      Key: { id: { S: "new-1" } },
      UpdateExpression: "SET version = :v",
      ExpressionAttributeValues: { ":v": { N: "2" } },
    }),
  );
  await raw.send(new DeleteItemCommand({ TableName: latestTable, Key: { id: { S: "old-3" } } }));

  const second = await poll(latestTable, params, instanceState);
  expect(
    second.payload.body.data.records.map((change) => [change.eventName, change.keys.id]),
  ).toEqual([
    ["INSERT", "new-1"],
    ["REMOVE", "old-3"],
  ]);
  const third = await poll(latestTable, params, instanceState);
  expect(third.resultType).toBe("polled_no_changes");
});

it("a table without a stream is an error that says how to enable one", async () => {
  await expect(poll(plainTable, {}, {})).rejects.toThrow(
    new RegExp(
      `Table "${plainTable}" in ${LOCAL_REGION} has no DynamoDB stream enabled.*Update Table action`,
    ),
  );
});

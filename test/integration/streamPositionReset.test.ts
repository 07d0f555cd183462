/**
 * A saved trigger state whose position DynamoDB refuses (a sequence number it does not know), that
 * is not a position at all, or that names a shard the stream does not have, must not fail every
 * poll forever: the shard is read again from the Start Position, the reset is reported in
 * `dataLoss` (reason positionReset or shardLeft), and the next change is delivered. Against
 * DynamoDB Local's streams. DynamoDB answers ValidationException for a sequence number the shard
 * does not have; DynamoDB Local accepts one past the shard's end and fails with InternalFailure
 * for one past 2^63, so that answer is injected by the fault proxy.
 */
import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { resetStreamSettings } from "../../src/engines/streams";
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

interface PollData {
  records: { eventName: string; sequenceNumber: string; keys: { id: string } }[];
  hasMore: boolean;
  dataLoss: {
    shardId: string;
    lastSequenceNumber: string | null;
    reason: string;
    message: string;
  }[];
  notices: string[];
}
type InstanceState = Record<string, unknown>;
interface Polling {
  shards: Record<string, { after?: unknown }>;
}

const latestTable = uniqueTableName("streams_reset_latest");
const horizonTable = uniqueTableName("streams_reset_horizon");
let raw: DynamoDBClient;
let proxy: FaultProxy;

async function poll(
  table: string,
  startPosition: string,
  instanceState: InstanceState,
): Promise<PollData> {
  const output = (await harness.trigger(
    "tableChanges",
    undefined,
    {
      awsConnection: localConnection({ endpoint: proxy.endpoint }),
      awsRegion: LOCAL_REGION,
      tableName: table,
      startPosition,
    },
    { instanceState, logger: { ...quietLogger(), trace: jest.fn() } },
  )) as unknown as { payload: { body: { data: PollData } } };
  return output.payload.body.data;
}

const polling = (instanceState: InstanceState) =>
  (instanceState.__prismaticInternal as { polling: Polling }).polling;

async function put(table: string, id: string): Promise<void> {
  await raw.send(new PutItemCommand({ TableName: table, Item: { id: { S: id } } }));
}

/** Polls until a change is delivered (DynamoDB Local shows a write in its stream at once). */
async function deliveredIds(table: string, start: string, state: InstanceState) {
  const data = await poll(table, start, state);
  return { data, ids: data.records.map((record) => record.keys.id) };
}

beforeAll(async () => {
  resetStreamSettings();
  resetCaches();
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await Promise.all([
    createTestTable(latestTable, { hashKey: { name: "id", type: "S" }, streams: true }),
    createTestTable(horizonTable, { hashKey: { name: "id", type: "S" }, streams: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([deleteTestTable(latestTable), deleteTestTable(horizonTable)]);
  raw.destroy();
  await proxy.close();
  resetCaches();
});

it("a sequence number DynamoDB refuses resets the shard to LATEST, is reported, and the next change is delivered", async () => {
  const state: InstanceState = {};
  await put(latestTable, "before-1");
  await poll(latestTable, "LATEST", state);
  await put(latestTable, "a");
  expect((await deliveredIds(latestTable, "LATEST", state)).ids).toEqual(["a"]);
  const [shardId] = Object.keys(polling(state).shards);

  // A well-formed sequence number that this shard never had, refused as DynamoDB does.
  const bogus = "000000000000000099999";
  polling(state).shards[shardId] = { after: bogus };
  proxy.inject("GetShardIterator", {
    kind: "error",
    status: 400,
    type: "com.amazon.coral.validate#ValidationException",
    message: `Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER: ${bogus}`,
  });
  await put(latestTable, "lost-in-reset");
  const reset = await poll(latestTable, "LATEST", state);
  expect(proxy.pending()).toBe(0);
  expect(reset.dataLoss).toEqual([
    {
      shardId,
      lastSequenceNumber: bogus,
      reason: "positionReset",
      message: expect.stringMatching(/could not be used.*LATEST.*not delivered yet were lost/),
    },
  ]);
  expect(reset.records).toEqual([]);
  expect(polling(state).shards[shardId].after).toMatch(/^\d+$/);
  expect(polling(state).shards[shardId].after).not.toBe(bogus);

  // The poll after the reset is a normal one: the next change, once.
  await put(latestTable, "b");
  const next = await deliveredIds(latestTable, "LATEST", state);
  expect(next.ids).toEqual(["b"]);
  expect(next.data.dataLoss).toEqual([]);
  const quiet = await poll(latestTable, "LATEST", state);
  expect(quiet.records).toEqual([]);
  expect(quiet.dataLoss).toEqual([]);
});

it("a position that is not a sequence number resets the shard to TRIM_HORIZON without sending it, and a shard the stream does not have is reported", async () => {
  const state: InstanceState = {};
  await put(horizonTable, "h-1");
  await put(horizonTable, "h-2");
  expect((await deliveredIds(horizonTable, "TRIM_HORIZON", state)).ids).toEqual(["h-1", "h-2"]);
  const [shardId] = Object.keys(polling(state).shards);

  polling(state).shards[shardId] = { after: "12\u001b[31m; DROP" };
  polling(state).shards["shardId-00000000000000000000-deadbeef"] = { after: "1".repeat(21) };
  await put(horizonTable, "h-3");
  const reset = await poll(horizonTable, "TRIM_HORIZON", state);
  const byReason = Object.fromEntries(reset.dataLoss.map((loss) => [loss.reason, loss]));
  expect(Object.keys(byReason).sort()).toEqual(["positionReset", "shardLeft"]);
  expect(byReason.positionReset).toMatchObject({ shardId, lastSequenceNumber: null });
  // The unusable value is shown escaped: no raw escape character reaches a message or log.
  expect(byReason.positionReset.message).toContain("\\u001b[31m");
  expect(byReason.positionReset.message).not.toContain("\u001b");
  expect(byReason.positionReset.message).toMatch(/TRIM_HORIZON.*delivered again/);
  expect(byReason.shardLeft).toMatchObject({
    shardId: "shardId-00000000000000000000-deadbeef",
    lastSequenceNumber: "1".repeat(21),
  });
  // From the oldest record: what was delivered before comes again (as the notice says), then
  // the new change.
  expect(reset.records.map((record) => record.keys.id)).toEqual(["h-1", "h-2", "h-3"]);
  expect(Object.keys(polling(state).shards)).toEqual([shardId]);

  await put(horizonTable, "h-4");
  const next = await deliveredIds(horizonTable, "TRIM_HORIZON", state);
  expect(next.ids).toEqual(["h-4"]);
  expect(next.data.dataLoss).toEqual([]);
});

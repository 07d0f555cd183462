/**
 * The New and Changed Items trigger on a stream of 400 open shards, answered by the loopback fake
 * of DynamoDB Streams (tools/streamFaults.ts) behind the fault proxy, with a latency per call;
 * DescribeTable still reaches DynamoDB Local. A poll that cannot read every shard within its time
 * budget must leave the rest to the next poll (rotation), so every shard is reached within a
 * bounded number of polls; an idle shard costs two calls; every listed shard gets a position, so
 * that a shard that leaves the stream unread is reported.
 *
 * The report had 20 ms per call and a 20 s budget (1,000 calls per poll). Here 5 ms per call and
 * a 3 s budget keep the test short with fewer calls per poll than 400 shards need (3 calls for a
 * shard read for the first time, 2 for an idle one), so rotation is what reaches the last shard.
 */
import { resetStreamSettings, streamSettings } from "../../src/engines/streams";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { type FakeShardedStream, fakeShardedStream } from "../../tools/streamFaults";
import { harness, quietLogger, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  uniqueTableName,
} from "../support/local";
import { debugNote } from "../support/quiet";

const SHARDS = 400;
const LATENCY_MS = 5;
const BUDGET_MS = 3_000;

interface PollData {
  records: { sequenceNumber: string; shardId: string; keys: { id: string } }[];
  count: number;
  hasMore: boolean;
  stoppedBy: string | null;
  shards: { listed: number; read: number; notReached: number; notReachedIds: string[] };
  dataLoss: { shardId: string; lastSequenceNumber: string | null; reason: string }[];
}
type InstanceState = Record<string, unknown>;

const table = uniqueTableName("streams_rotation");
let proxy: FaultProxy;
let stream: FakeShardedStream;

async function poll(instanceState: InstanceState): Promise<PollData> {
  const output = (await harness.trigger(
    "tableChanges",
    undefined,
    {
      awsConnection: localConnection({ endpoint: proxy.endpoint }),
      awsRegion: LOCAL_REGION,
      tableName: table,
      startPosition: "TRIM_HORIZON",
      maxRecords: "1000",
    },
    { instanceState, logger: { ...quietLogger(), trace: jest.fn() } },
  )) as unknown as { payload: { body: { data: PollData } } };
  return output.payload.body.data;
}

const savedShards = (instanceState: InstanceState) =>
  (
    instanceState.__prismaticInternal as {
      polling: { shards: Record<string, { after?: string }> };
    }
  ).polling.shards;

beforeAll(async () => {
  resetCaches();
  stream = fakeShardedStream({ shardCount: SHARDS, latencyMs: LATENCY_MS });
  proxy = await startFaultProxy({
    upstream: localEndpoint(),
    answer: (operation, body) => stream.answer(operation, body),
  });
  await createTestTable(table, { hashKey: { name: "id", type: "S" }, streams: true });
  streamSettings.timeBudgetMs = BUDGET_MS;
});

afterAll(async () => {
  resetStreamSettings();
  await deleteTestTable(table);
  await proxy.close();
  resetCaches();
});

it(`reaches every one of ${SHARDS} shards in rotation, delivers each change once, reports a shard that left unread, and an idle shard costs two calls`, async () => {
  for (let index = 0; index < SHARDS; index++) stream.put(index, `seed-${index}`);
  const instanceState: InstanceState = {};
  const delivered: string[] = [];
  const readPerPoll: number[] = [];

  // First poll: more shards than one poll can read.
  const first = await poll(instanceState);
  delivered.push(...first.records.map((record) => record.keys.id));
  readPerPoll.push(first.shards.read);
  expect(first.shards.listed).toBe(SHARDS);
  expect(first.stoppedBy).toBe("timeBudget");
  expect(first.hasMore).toBe(true);
  expect(first.shards.notReached).toBe(SHARDS - first.shards.read);
  expect(first.shards.notReached).toBeGreaterThan(0);
  // Every listed shard has a position from the first poll on, read or not.
  expect(Object.keys(savedShards(instanceState))).toHaveLength(SHARDS);

  // A shard the first poll did not reach leaves the stream (trimmed 24 hours after it closed):
  // its loss is reported, not silent.
  const gone = first.shards.notReachedIds.at(-1) as string;
  stream.remove(gone);

  let polls = 1;
  let lossReported = false;
  while (delivered.length < SHARDS - 1 && polls < 20) {
    const data = await poll(instanceState);
    polls += 1;
    readPerPoll.push(data.shards.read);
    delivered.push(...data.records.map((record) => record.keys.id));
    if (data.dataLoss.some((loss) => loss.shardId === gone && loss.reason === "shardLeft")) {
      expect(data.dataLoss).toEqual([
        expect.objectContaining({ shardId: gone, lastSequenceNumber: null, reason: "shardLeft" }),
      ]);
      lossReported = true;
    }
  }
  expect(lossReported).toBe(true);
  // Exactly once: every seed record of the 399 remaining shards, none twice.
  expect(delivered).toHaveLength(SHARDS - 1);
  expect(new Set(delivered).size).toBe(SHARDS - 1);
  // Bounded: a full rotation takes the polls that 400 shards need at the fewest shards a poll
  // read (each poll reads on from where the last one stopped), plus one for the poll that
  // started mid-rotation. A shard that a poll's time budget left part-read goes to the back of
  // the rotation (so that it cannot hold the others back) and is read on when the rotation comes
  // round to it again: one more rotation at most.
  const fewest = Math.min(...readPerPoll);
  expect(fewest).toBeGreaterThan(0);
  const bound = 2 * Math.ceil(SHARDS / fewest) + 1;
  expect(polls).toBeLessThanOrEqual(bound);

  // A change on the last shard, written now, is delivered within the same bound (N below).
  const lastShard = stream.shards.at(-1)?.shardId as string;
  const sequenceNumber = stream.put(stream.shards.length - 1, "the-change");
  const limit = bound;
  let pollsToChange = 0;
  let found: PollData["records"][number] | undefined;
  const idleCalls: number[] = [];
  while (!found && pollsToChange < limit) {
    const before = new Map(stream.calls);
    const data = await poll(instanceState);
    pollsToChange += 1;
    found = data.records.find((record) => record.sequenceNumber === sequenceNumber);
    expect(data.records.filter((record) => record.keys.id !== "the-change")).toEqual([]);
    for (const [shardId, calls] of stream.calls) {
      const made = calls - (before.get(shardId) ?? 0);
      if (made > 0 && shardId !== lastShard) idleCalls.push(made);
    }
  }
  expect(found).toMatchObject({ shardId: lastShard, keys: { id: "the-change" } });
  expect(pollsToChange).toBeLessThanOrEqual(limit);
  // An idle shard that has a position: GetShardIterator and one GetRecords.
  expect(idleCalls.length).toBeGreaterThan(0);
  expect(Math.max(...idleCalls)).toBe(2);
  expect(savedShards(instanceState)[lastShard]).toEqual({ after: sequenceNumber });

  debugNote(
    `${SHARDS} shards, ${LATENCY_MS} ms per call, ${BUDGET_MS} ms budget: ${readPerPoll.join(", ")} shards read per poll; the change on the last shard delivered in ${pollsToChange} poll(s) (bound ${limit})`,
  );
}, 120_000);

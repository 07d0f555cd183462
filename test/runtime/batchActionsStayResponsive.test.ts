/**
 * Batch Write Items and Batch Get Items convert and check every entry of their inputs before
 * they send one; a long input lets the rest of the process run while they do (the conversion
 * yields every few ms). Batch Write Items still finds a key given twice by type and value (1 and
 * 1.0 are one number key) across the whole input, though it holds only a digest of each key.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { debugShare, type LoopShare, watchLoop } from "../support/loopShare";

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
/**
 * Converting each input takes 0.5-1 s of CPU here. Unpaced, it is one stretch of that length with
 * the timer run at most a few times before it; paced (every 5 ms), the timer runs often, and no
 * stretch comes near the whole conversion even when garbage collection adds to some. Stretches are
 * measured in this thread's CPU time (support/loopShare.ts): a busy machine lengthens the
 * wall-clock gaps (420 ms against 400 once) but not the CPU the conversion spends between turns.
 */
const MIN_TURNS = 30;
const MAX_STRETCH_CPU_MS = 400;

function expectShared(seen: LoopShare) {
  debugShare("conversion", seen);
  expect(seen.turns).toBeGreaterThanOrEqual(MIN_TURNS);
  expect(seen.longestCpuMs).toBeLessThan(MAX_STRETCH_CPU_MS);
}

function items(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    name: `Customer ${i}`,
    city: "London",
    tags: ["a", "b", "c"],
    address: { street: `${i} High Street`, postcode: "N1 1AA" },
  }));
}

/**
 * Watches the loop (a 1 ms interval timer) from now until the first `command` request: how it
 * was shared then is how the conversion shared it. (After that request, mocked requests answer as
 * microtasks, which a real endpoint's sockets never do.)
 */
function watchUntilFirstSend(
  command: typeof BatchWriteItemCommand | typeof BatchGetItemCommand,
  answer: () => object,
): () => LoopShare {
  const watch = watchLoop();
  let atFirstSend: LoopShare | undefined;
  ddbMock.on(command as typeof BatchWriteItemCommand).callsFake(async () => {
    atFirstSend ??= watch.stop();
    return answer();
  });
  return () => {
    const atEnd = watch.stop();
    return atFirstSend ?? { ...atEnd, longestCpuMs: Number.POSITIVE_INFINITY };
  };
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(TABLE);
  ddbMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
});

describe("Batch Write Items with a long input", () => {
  it("lets timers run while it converts 40,000 items, then writes them all", async () => {
    // A first small step loads the SDK's modules, which is no part of what is measured.
    await harness.action("batchWriteItems", { ...base, putItems: items(1) });
    ddbMock.resetHistory();
    const putItems = items(ITEMS);
    const watch = watchUntilFirstSend(BatchWriteItemCommand, () => ({ UnprocessedItems: {} }));
    const result = await harness.action("batchWriteItems", { ...base, putItems });
    expect(result).toMatchObject({ data: { written: ITEMS, deleted: 0, unprocessedCount: 0 } });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(ITEMS / 25);
    expectShared(watch());
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
    const answer = () => ({ Responses: { Customers: [] }, UnprocessedKeys: {} });
    ddbMock.on(BatchGetItemCommand).resolves(answer());
    await harness.action("batchGetItems", { ...base, keys: [{ id: 1 }] });
    const keys = Array.from({ length: KEYS }, (_, i) => ({ id: i }));
    const watch = watchUntilFirstSend(BatchGetItemCommand, answer);
    const result = await harness.action("batchGetItems", { ...base, keys });
    expect(result).toMatchObject({ data: { count: 0, requested: KEYS, unprocessedCount: 0 } });
    expectShared(watch());
  }, 60_000);
});

describe("the multi-table batch actions with a long input", () => {
  it("Batch Write Items (Multiple Tables) lets timers run while it converts 40,000 writes of 2 tables", async () => {
    await harness.action("batchWriteItemsMultiTable", {
      ...base,
      writesByTable: { Customers: [{ put: items(1)[0] }] },
    });
    ddbMock.resetHistory();
    const all = items(ITEMS).map((item) => ({ put: item }));
    const writesByTable = { Customers: all.slice(0, ITEMS / 2), Archive: all.slice(ITEMS / 2) };
    const watch = watchUntilFirstSend(BatchWriteItemCommand, () => ({ UnprocessedItems: {} }));
    const result = await harness.action("batchWriteItemsMultiTable", { ...base, writesByTable });
    expect(result).toMatchObject({ data: { written: ITEMS, deleted: 0, unprocessedCount: 0 } });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(ITEMS / 25);
    expectShared(watch());
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
    const answer = () => ({ Responses: {}, UnprocessedKeys: {} });
    ddbMock.on(BatchGetItemCommand).resolves(answer());
    await harness.action("batchGetItemsMultiTable", { ...base, keysByTable: { A_1: [{ id: 1 }] } });
    const third = KEYS / 3;
    const keysOf = (from: number) => Array.from({ length: third }, (_, i) => ({ id: from + i }));
    const keysByTable = { T_1: keysOf(0), T_2: keysOf(third), T_3: keysOf(2 * third) };
    const watch = watchUntilFirstSend(BatchGetItemCommand, answer);
    const result = await harness.action("batchGetItemsMultiTable", { ...base, keysByTable });
    expect(result).toMatchObject({ data: { count: 0, requested: KEYS, unprocessedCount: 0 } });
    expectShared(watch());
  }, 60_000);
});

/**
 * Batch Write Items converts and checks every entry of its inputs before it sends one; a long
 * input lets the rest of the process run while it does (the conversion yields every few ms), and
 * a key given twice is still found by type and value (1 and 1.0 are one number key) across the
 * whole input, though only a fixed-size digest of each key is held.
 */
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

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

const ITEMS = 20_000;
/** The longest the loop may wait for a timer: far above the 5 ms between yields, far below
 * what converting 20,000 items in one go takes on this machine. */
const MAX_TIMER_GAP_MS = 100;

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
 * A 1 ms interval timer from now until the first BatchWriteItem request: the longest gap between
 * its ticks, read at that request, is the longest the conversion kept the loop busy. (After it,
 * mocked requests answer as microtasks, which a real endpoint's sockets never do.)
 */
function watchUntilFirstSend(): { longest: () => number } {
  let last = performance.now();
  let longest = 0;
  let atFirstSend: number | undefined;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
    if (atFirstSend === undefined) {
      atFirstSend = Math.max(longest, performance.now() - last);
      clearInterval(timer);
    }
    return { UnprocessedItems: {} };
  });
  return {
    longest: () => {
      clearInterval(timer);
      return atFirstSend ?? Number.POSITIVE_INFINITY;
    },
  };
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(TABLE);
  ddbMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
});

describe("Batch Write Items with a long input", () => {
  it("lets timers run while it converts 20,000 items, then writes them all", async () => {
    // A first small step loads the SDK's modules, which is no part of what is measured.
    await harness.action("batchWriteItems", { ...base, putItems: items(1) });
    ddbMock.resetHistory();
    const putItems = items(ITEMS);
    const watch = watchUntilFirstSend();
    const result = await harness.action("batchWriteItems", { ...base, putItems });
    expect(result).toMatchObject({ data: { written: ITEMS, deleted: 0, unprocessedCount: 0 } });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(ITEMS / 25);
    expect(watch.longest()).toBeLessThan(MAX_TIMER_GAP_MS);
  }, 60_000);

  it("refuses a key given twice by value, 1 and 1.0, at the end of a long input", async () => {
    const putItems = JSON.stringify(items(ITEMS));
    const deleteKeys = '[{"id": 20000}, {"id": 1.0}]';
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

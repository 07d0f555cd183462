/**
 * Child process for batchGetByteBudget.test.ts, run with a small heap: Batch Get Items over
 * `KEYS` keys whose items are ~380 KB each (with `TABLES` above 1, Batch Get Items (Multiple
 * Tables) over that many tables, the keys shared out among them) (a stubbed BatchGetItem that answers at most 16 MB per
 * request, as DynamoDB does). The stub replaces DynamoDBClient.send rather than using
 * aws-sdk-client-mock, whose sinon stub keeps every answer (GBs here) for its call history.
 * Prints one JSON line: the output's size and counts, the peak RSS
 * and heap, and the longest stretch between turns of the event loop (in CPU time).
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { harness, keySecretConnection } from "../harness";
import { watchLoop } from "../loopShare";

const KEYS = Number(process.env.KEYS ?? 3_000);
const TABLES = Number(process.env.TABLES ?? 1);
const ITEM_CHARS = 380 * 1024;
const RESPONSE_LIMIT = 16 * 1024 * 1024;

const DESCRIBE = {
  Table: {
    TableName: "Big",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
  },
};

/** Answers each table's keys in turn until the answer holds 16 MB; the rest are unprocessed. */
function batchGet(input: BatchGetItemCommandInput) {
  const Responses: Record<string, Record<string, AttributeValue>[]> = {};
  const UnprocessedKeys: Record<string, { Keys: Record<string, AttributeValue>[] }> = {};
  let bytes = 0;
  for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
    const keys = request.Keys ?? [];
    const found: Record<string, AttributeValue>[] = [];
    let at = 0;
    for (; at < keys.length && bytes + ITEM_CHARS <= RESPONSE_LIMIT; at++) {
      // A fresh string each time, as the SDK's parser would make.
      const body = `${at}`.padEnd(ITEM_CHARS, "x");
      found.push({ id: keys[at]?.id as AttributeValue, body: { S: body } });
      bytes += ITEM_CHARS;
    }
    Responses[table] = found;
    if (at < keys.length) UnprocessedKeys[table] = { Keys: keys.slice(at) };
  }
  return { Responses, UnprocessedKeys };
}

type Output = Record<string, unknown> & { items: unknown[]; unreadKeys: unknown[] };

/** The step's output as one list of items and of unread keys, whichever action ran. */
async function runAction(keys: { id: number }[]): Promise<Output> {
  const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };
  if (TABLES === 1) {
    const one = { ...base, tableName: "Big", keys: JSON.stringify(keys) };
    return ((await harness.action("batchGetItems", one)) as { data: Output }).data;
  }
  const share = Math.ceil(keys.length / TABLES);
  const keysByTable = Object.fromEntries(
    Array.from({ length: TABLES }, (_, t) => [`Big_${t}`, keys.slice(t * share, (t + 1) * share)]),
  );
  const several = { ...base, keysByTable: JSON.stringify(keysByTable) };
  const result = (await harness.action("batchGetItemsMultiTable", several)) as {
    data: Record<string, unknown> & { tables: { items: unknown[]; unreadKeys: unknown[] }[] };
  };
  const { tables, ...rest } = result.data;
  return {
    ...rest,
    items: tables.flatMap((table) => table.items),
    unreadKeys: tables.flatMap((table) => table.unreadKeys),
  };
}

let requests = 0;
DynamoDBClient.prototype.send = async function send(command: unknown) {
  if (command instanceof DescribeTableCommand) return DESCRIBE;
  if (command instanceof BatchGetItemCommand) {
    requests += 1;
    await new Promise((resolve) => setTimeout(resolve, 1));
    return batchGet(command.input);
  }
  throw new Error(`unexpected command ${String(command)}`);
} as typeof DynamoDBClient.prototype.send;

async function main() {
  let rss = 0;
  let heap = 0;
  const sample = setInterval(() => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  }, 5);
  // How long the work held the loop, in CPU time: a busy machine does not lengthen it (loopShare.ts).
  const loop = watchLoop();
  const keys = Array.from({ length: KEYS }, (_, id) => ({ id }));
  const data = await runAction(keys);
  const held = loop.stop();
  clearInterval(sample);
  const { items, unreadKeys, ...rest } = data;
  process.stdout.write(
    `${JSON.stringify({
      ...rest,
      requests,
      itemsBytes: Buffer.byteLength(JSON.stringify(items), "utf8"),
      ids: items.map((item) => (item as { id: number }).id),
      unreadKeys,
      rssMB: rss / 2 ** 20,
      heapMB: heap / 2 ** 20,
      longestStretchCpuMs: held.longestCpuMs,
      longestGapMs: held.longestWallMs,
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

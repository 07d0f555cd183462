/**
 * Child process for batchActionsStayResponsive.test.ts: runs one batch action over a long input
 * (`CASE`: batchWriteItems, batchGetItems, batchWriteItemsMultiTable, batchGetItemsMultiTable)
 * while a 1 ms timer watches the event loop (loopShare.ts), and prints one JSON line: how the loop
 * was shared from the step's start to its first batch request (the conversion and checks of every
 * entry), that conversion's CPU time, and the step's counts.
 *
 * A child, not the test's own process: a jest worker that has run many suites carries a large
 * heap whose garbage collection runs on this thread (412 ms against a 400 ms bound once), and
 * jest's sandbox makes every global lookup slow. Neither is the step's work.
 * The stub replaces DynamoDBClient.send: after the first request, mocked answers arrive as
 * microtasks, which a real endpoint's sockets never do, so only the conversion is measured.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { customerItems as items } from "../fixtures";
import { harness, keySecretConnection } from "../harness";
import { cpuMs, type LoopShare, watchLoop } from "../loopShare";

const ITEMS = Number(process.env.ITEMS ?? 40_000);
const KEYS = Number(process.env.KEYS ?? 150_000);

const DESCRIBE = {
  Table: {
    TableName: "Customers",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
  },
};

/** What happened at the first batch request: how the loop was shared, and the CPU spent. */
let atFirstSend: (LoopShare & { conversionCpuMs: number }) | undefined;
let watching: { share: ReturnType<typeof watchLoop>; startCpu: number } | undefined;
let batchRequests = 0;

DynamoDBClient.prototype.send = async function send(command: unknown) {
  if (command instanceof DescribeTableCommand) return DESCRIBE;
  if (command instanceof BatchWriteItemCommand || command instanceof BatchGetItemCommand) {
    batchRequests += 1;
    if (watching && !atFirstSend) {
      atFirstSend = { ...watching.share.stop(), conversionCpuMs: cpuMs() - watching.startCpu };
    }
    return command instanceof BatchWriteItemCommand
      ? { UnprocessedItems: {} }
      : { Responses: {}, UnprocessedKeys: {} };
  }
  throw new Error(`unexpected command ${String(command)}`);
} as typeof DynamoDBClient.prototype.send;

const keys = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: from + i }));

/** Each case's small first input (it loads the SDK's modules) and its long input. */
const CASES: Record<
  string,
  { warm: Record<string, unknown>; long: () => Record<string, unknown> }
> = {
  batchWriteItems: {
    warm: { tableName: "Customers", putItems: items(1) },
    long: () => ({ tableName: "Customers", putItems: items(ITEMS) }),
  },
  batchGetItems: {
    warm: { tableName: "Customers", keys: keys(0, 1) },
    long: () => ({ tableName: "Customers", keys: keys(0, KEYS) }),
  },
  batchWriteItemsMultiTable: {
    warm: { writesByTable: { Customers: [{ put: items(1)[0] }] } },
    long: () => {
      const all = items(ITEMS).map((item) => ({ put: item }));
      return {
        writesByTable: { Customers: all.slice(0, ITEMS / 2), Archive: all.slice(ITEMS / 2) },
      };
    },
  },
  batchGetItemsMultiTable: {
    warm: { keysByTable: { A_1: keys(0, 1) } },
    long: () => {
      const third = KEYS / 3;
      return {
        keysByTable: { T_1: keys(0, third), T_2: keys(third, third), T_3: keys(2 * third, third) },
      };
    },
  },
};

async function main() {
  const name = process.env.CASE ?? "";
  const chosen = CASES[name];
  if (!chosen) throw new Error(`unknown CASE ${name}`);
  const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };
  await harness.action(name, { ...base, ...chosen.warm });
  batchRequests = 0;
  const params = { ...base, ...chosen.long() };
  watching = { share: watchLoop(), startCpu: cpuMs() };
  const { data } = (await harness.action(name, params)) as { data: Record<string, unknown> };
  if (!atFirstSend) watching.share.stop();
  const { written, deleted, unprocessedCount, requested, count } = data;
  process.stdout.write(
    `${JSON.stringify({ ...atFirstSend, batchRequests, written, deleted, unprocessedCount, requested, count })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

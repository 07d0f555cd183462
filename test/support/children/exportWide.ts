/**
 * Child process for exportFileSize.test.ts, run with a small heap: Export Items to CSV over
 * `ITEMS` items that each bring their own attribute (so every row gains empty cells), with Max
 * File Size `MAX_FILE_MB`. Scan is stubbed on DynamoDBClient.send (aws-sdk-client-mock's call
 * history would hold every page). Prints one JSON line: the file's size, whether it stopped
 * early, the peak RSS and the longest event-loop delay.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import {
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/client-dynamodb";
import { harness, keySecretConnection } from "../harness";

const ITEMS = Number(process.env.ITEMS ?? 40_000);
const PER_PAGE = 2_000;

function scanPage(input: ScanCommandInput) {
  const from = input.ExclusiveStartKey ? Number(input.ExclusiveStartKey.id?.N) + 1 : 0;
  const to = Math.min(ITEMS, from + PER_PAGE);
  const items = Array.from({ length: to - from }, (_, i) => ({
    id: { N: String(from + i) },
    [`attribute${from + i}`]: { S: `value ${from + i}` },
  }));
  return {
    Items: items,
    Count: items.length,
    ScannedCount: items.length,
    LastEvaluatedKey: to < ITEMS ? { id: { N: String(to - 1) } } : undefined,
  };
}

DynamoDBClient.prototype.send = async function send(command: unknown) {
  if (command instanceof DescribeTableCommand) {
    return {
      Table: {
        TableName: "Wide",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
      },
    };
  }
  if (command instanceof ScanCommand) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return scanPage(command.input);
  }
  throw new Error(`unexpected command ${String(command)}`);
} as typeof DynamoDBClient.prototype.send;

function run() {
  return harness.action("exportItems", {
    awsConnection: keySecretConnection(),
    awsRegion: "us-east-1",
    tableName: "Wide",
    format: "csv",
    maxFileSize: process.env.MAX_FILE_MB ?? "5",
  }) as Promise<{ data: { bytes: number; count: number; truncated: boolean } }>;
}

async function main() {
  // A first run loads the modules a step loads lazily: their loading is not the export's work.
  await run();
  let rss = 0;
  const sample = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 5);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const result = await run();
  delay.disable();
  clearInterval(sample);
  const { bytes, count, truncated } = result.data;
  process.stdout.write(
    `${JSON.stringify({ bytes, count, truncated, rssMB: rss / 2 ** 20, maxDelayMs: delay.max / 1e6 })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

/**
 * One Import Items run in a child process with a small heap (started by
 * test/runtime/importStaysResponsive.test.ts), reporting how long the event loop was held and how
 * much the process grew: argv[2] is "jsonl" (many rows) or "wide" (a CSV of 50,000 columns). The
 * SDK is mocked (aws-sdk-client-mock; its call history is cleared as it goes, so that only the
 * import's own memory is measured). Prints one JSON line.
 */
import { performance } from "node:perf_hooks";
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, keySecretConnection } from "./harness";
import { watchLoop } from "./loopShare";

const mode = process.argv[2];
const ROWS = Number(process.env.IMPORT_ROWS ?? 100_000);
const COLUMNS = 50_000;
const WIDE_ROWS = Number(process.env.IMPORT_WIDE_ROWS ?? 20);

const ddbMock = mockClient(DynamoDBClient);
ddbMock.on(DescribeTableCommand).resolves({
  Table: {
    TableName: "Customers",
    KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "S" }],
  },
});
let written = 0;
ddbMock.on(BatchWriteItemCommand).callsFake(async (input) => {
  written += input.RequestItems.Customers.length;
  setImmediate(() => ddbMock.resetHistory());
  await new Promise((resolve) => setTimeout(resolve, 1));
  return {};
});

function file(): { data: Buffer; contentType: string } {
  if (mode === "jsonl") {
    const lines: string[] = [];
    for (let i = 0; i < ROWS; i++)
      lines.push(JSON.stringify({ customerId: `c${i}`, n: i, note: "x".repeat(20) }));
    return { data: Buffer.from(lines.join("\n")), contentType: "application/x-ndjson" };
  }
  const names = Array.from({ length: COLUMNS - 1 }, (_, i) => `a${i}`);
  const rows = [["customerId", ...names].join(",")];
  const cells = names.map(() => "ab").join(",");
  for (let i = 0; i < WIDE_ROWS; i++) rows.push(`c${i},${cells}`);
  return { data: Buffer.from(rows.join("\n")), contentType: "text/csv" };
}

async function main() {
  const input = file();
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  // How long the import held the loop, in CPU time: a busy machine does not lengthen it
  // (loopShare.ts).
  const loop = watchLoop();
  const start = performance.now();
  const result = (await harness.action(
    "importItems",
    {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
      file: input,
    },
    {
      logger: {
        debug() {},
        info: (m: string) => process.env.IMPORT_LOG && console.error(m),
        log() {},
        warn() {},
        error() {},
        metric() {},
      },
    } as never,
  )) as { data: { written: number } };
  const ms = performance.now() - start;
  const held = loop.stop();
  clearInterval(sampler);
  process.stdout.write(
    `${JSON.stringify({
      bytes: input.data.length,
      written: result.data.written,
      sent: written,
      ms: Math.round(ms),
      longestStretchCpuMs: held.longestCpuMs,
      longestGapMs: held.longestWallMs,
      rssGrowthMb: Math.round((peakRss - baseRss) / 1024 / 1024),
    })}\n`,
  );
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error?.message ?? error) })}\n`);
  process.exitCode = 1;
});

/**
 * Child process for fetchAllByteBudget.test.ts, run with a small heap: Scan Items with Fetch All
 * and Return DynamoDB JSON over items that are lists of NULLs (2 bytes an element to DynamoDB,
 * 14 as DynamoDB JSON). Scan is stubbed (stubScan.ts). Prints one JSON line: the items' JSON size,
 * the truncation, the peak heap and RSS, and the longest event-loop delay.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { harness, keySecretConnection } from "../harness";
import { stubScan } from "./stubScan";

const ITEMS = 2_000;
/** 5,000 NULLs: 10 KB to DynamoDB, so 100 items make a 1 MB page. */
const NULLS = 5_000;
const PER_PAGE = 100;

stubScan({
  tableName: "Nulls",
  items: ITEMS,
  perPage: PER_PAGE,
  itemOf: () => ({
    nulls: { L: Array.from({ length: NULLS }, (): AttributeValue => ({ NULL: true })) },
  }),
});

function run() {
  return harness.action("scanItems", {
    awsConnection: keySecretConnection(),
    awsRegion: "us-east-1",
    tableName: "Nulls",
    fetchAll: true,
    returnDynamoJson: true,
  }) as Promise<{ data: { items: unknown[]; truncated: boolean; truncatedReason: string } }>;
}

async function main() {
  // A first run loads the modules a step loads lazily: their loading is not the scan's work.
  await run();
  let rss = 0;
  let heap = 0;
  const sample = setInterval(() => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  }, 5);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const { data } = await run();
  delay.disable();
  clearInterval(sample);
  process.stdout.write(
    `${JSON.stringify({
      itemsBytes: Buffer.byteLength(JSON.stringify(data.items), "utf8"),
      truncated: data.truncated,
      truncatedReason: data.truncatedReason,
      rssMB: rss / 2 ** 20,
      heapMB: heap / 2 ** 20,
      maxDelayMs: delay.max / 1e6,
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

/**
 * Child process for fetchAllByteBudget.test.ts, run with a small heap: Scan Items with Fetch All
 * and Return DynamoDB JSON over items that are lists of NULLs (2 bytes an element to DynamoDB,
 * 14 as DynamoDB JSON). Scan is stubbed (stubScan.ts). Prints one JSON line: the items' JSON size,
 * the truncation, the peak heap and RSS, and the longest stretch between turns of the event loop (in CPU time).
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { harness, keySecretConnection } from "../harness";
import { watchLoop } from "../loopShare";
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
  // How long the work held the loop, in CPU time: a busy machine does not lengthen it (loopShare.ts).
  const loop = watchLoop();
  const { data } = await run();
  const held = loop.stop();
  clearInterval(sample);
  process.stdout.write(
    `${JSON.stringify({
      itemsBytes: Buffer.byteLength(JSON.stringify(data.items), "utf8"),
      truncated: data.truncated,
      truncatedReason: data.truncatedReason,
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

/**
 * Child process for exportFileRules.test.ts, run with a small heap: Export Items to CSV over
 * `ITEMS` items that each bring their own attribute (so every row gains empty cells), with Max
 * File Size `MAX_FILE_MB`. Scan is stubbed (stubScan.ts). Prints one JSON line: the file's size,
 * whether it stopped early, the peak RSS and the longest stretch between turns of the event loop (in CPU time).
 */
import { harness, keySecretConnection } from "../harness";
import { watchLoop } from "../loopShare";
import { stubScan } from "./stubScan";

const ITEMS = Number(process.env.ITEMS ?? 40_000);
const PER_PAGE = 2_000;

stubScan({
  tableName: "Wide",
  items: ITEMS,
  perPage: PER_PAGE,
  itemOf: (n) => ({ [`attribute${n}`]: { S: `value ${n}` } }),
});

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
  // How long the work held the loop, in CPU time: a busy machine does not lengthen it (loopShare.ts).
  const loop = watchLoop();
  const result = await run();
  const held = loop.stop();
  clearInterval(sample);
  const { bytes, count, truncated } = result.data;
  process.stdout.write(
    `${JSON.stringify({ bytes, count, truncated, rssMB: rss / 2 ** 20, longestStretchCpuMs: held.longestCpuMs, longestGapMs: held.longestWallMs })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

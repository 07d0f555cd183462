/**
 * Child process of test/integration/streamByteBudget.test.ts: polls the New and Changed Items
 * trigger of the built bundle until the stream is drained, under the heap limit the parent gives,
 * and prints (JSON, on stdout) what each poll returned, the peak RSS and the longest stretch
 * between turns of the event loop in CPU time (loopShare.ts: a busy machine does not lengthen it,
 * as it does the wall-clock delay, which is reported beside it for DEBUG output).
 *
 * Started with TYPESCRIPT_CHILD, which lets it require loopShare.ts. Arguments: the bundle's path,
 * then a JSON of { inputs, maxPolls }.
 */
const { testing } = require("@prismatic-io/spectral");
const { watchLoop } = require("./loopShare.ts");

const [bundlePath, argumentsJson] = process.argv.slice(2);
const { inputs, maxPolls } = JSON.parse(argumentsJson);
const harness = testing.createHarness(require(bundlePath).default);
const quiet = () => {};
const logger = {
  debug: quiet,
  info: quiet,
  log: quiet,
  warn: quiet,
  error: quiet,
  metric: quiet,
  trace: quiet,
};

async function main() {
  let peakRss = process.memoryUsage().rss;
  let longestStretchCpuMs = 0;
  let longestGapMs = 0;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const polls = [];
  const instanceState = {};
  for (let i = 0; i < maxPolls; i++) {
    // Only the poll's own blocking counts, not this process's measuring between polls.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const loop = watchLoop();
    const output = await harness.trigger("tableChanges", undefined, inputs, {
      instanceState,
      logger,
    });
    const data = output.payload.body.data;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const held = loop.stop();
    longestStretchCpuMs = Math.max(longestStretchCpuMs, held.longestCpuMs);
    longestGapMs = Math.max(longestGapMs, held.longestWallMs);
    polls.push({
      longestStretchCpuMs: held.longestCpuMs,
      longestGapMs: held.longestWallMs,
      count: data.count,
      bytes: data.bytes,
      jsonBytes: Buffer.byteLength(JSON.stringify(data.records)),
      hasMore: data.hasMore,
      stoppedBy: data.stoppedBy,
      dataLoss: data.dataLoss.length,
      changes: data.records.map((record) => ({
        id: record.keys.id,
        eventName: record.eventName,
        sequenceNumber: record.sequenceNumber,
        version: (record.newImage ?? record.oldImage)?.version ?? null,
      })),
    });
    if (!data.hasMore && data.count === 0) break;
  }
  clearInterval(sample);
  process.stdout.write(JSON.stringify({ polls, peakRss, longestStretchCpuMs, longestGapMs }));
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});

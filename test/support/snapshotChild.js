/**
 * Child process of test/integration/snapshotByteBudget.test.ts: runs the initial snapshot of the
 * New and Changed Items trigger of the built bundle as the platform runs it (on-deploy perform,
 * then its resolver's getOnDeployNextPaginationState, page after page), under the heap limit the
 * parent gives, and prints (JSON, on stdout) what each page returned, the peak RSS and the longest
 * stretch between turns of the event loop in CPU time (loopShare.ts: a busy machine does not
 * lengthen it, as it does the wall-clock delay, which is reported beside it for DEBUG output).
 *
 * Started with TYPESCRIPT_CHILD, which lets it require loopShare.ts. Arguments: the bundle's path,
 * then a JSON of { inputs, maxPages }.
 */
const { testing } = require("@prismatic-io/spectral");
const { watchLoop } = require("./loopShare.ts");

const [bundlePath, argumentsJson] = process.argv.slice(2);
const { inputs, maxPages } = JSON.parse(argumentsJson);
const trigger = require(bundlePath).default.triggers.tableChanges;
// The harness runs the perform of the trigger it is given: here, the on-deploy one.
const harness = testing.createHarness({
  triggers: { tableChanges: { ...trigger, perform: trigger.onDeployPerform } },
});

async function main() {
  let peakRss = process.memoryUsage().rss;
  let longestStretchCpuMs = 0;
  let longestGapMs = 0;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const pages = [];
  const instanceState = {};
  let cursor = null;
  for (let i = 0; i < maxPages; i++) {
    // Only the page's own blocking counts, not this process's measuring between pages.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const loop = watchLoop();
    const result = await harness.trigger(
      "tableChanges",
      cursor ? { paginationState: cursor } : undefined,
      inputs,
      { instanceState },
    );
    const items = trigger.resolveOnDeployItems({}, result);
    const next = trigger.getOnDeployNextPaginationState({}, result);
    const data = result.payload.body.data;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const held = loop.stop();
    longestStretchCpuMs = Math.max(longestStretchCpuMs, held.longestCpuMs);
    longestGapMs = Math.max(longestGapMs, held.longestWallMs);
    pages.push({
      longestStretchCpuMs: held.longestCpuMs,
      longestGapMs: held.longestWallMs,
      phase: data.snapshot.phase,
      count: items.length,
      bytes: data.bytes,
      jsonBytes: Buffer.byteLength(JSON.stringify(items)),
      stoppedBy: data.snapshot.stoppedBy,
      ids: items.map((record) => record.keys.id),
    });
    if (next === null) break;
    cursor = JSON.parse(JSON.stringify(next));
  }
  clearInterval(sample);
  process.stdout.write(JSON.stringify({ pages, peakRss, longestStretchCpuMs, longestGapMs }));
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});

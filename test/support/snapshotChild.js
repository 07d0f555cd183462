/**
 * Child process of test/integration/snapshotByteBudget.test.ts: runs the initial snapshot of the
 * New and Changed Items trigger of the built bundle as the platform runs it (on-deploy perform,
 * then its resolver's getOnDeployNextPaginationState, page after page), under the heap limit the
 * parent gives, and prints (JSON, on stdout) what each page returned, the peak RSS and the event
 * loop's longest delay.
 *
 * Arguments: the bundle's path, then a JSON of { inputs, maxPages }.
 */
const { monitorEventLoopDelay } = require("node:perf_hooks");
const { testing } = require("@prismatic-io/spectral");

const [bundlePath, argumentsJson] = process.argv.slice(2);
const { inputs, maxPages } = JSON.parse(argumentsJson);
const trigger = require(bundlePath).default.triggers.tableChanges;
// The harness runs the perform of the trigger it is given: here, the on-deploy one.
const harness = testing.createHarness({
  triggers: { tableChanges: { ...trigger, perform: trigger.onDeployPerform } },
});

async function main() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let peakRss = process.memoryUsage().rss;
  let maxDelayMs = 0;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const pages = [];
  const instanceState = {};
  let cursor = null;
  for (let i = 0; i < maxPages; i++) {
    // Only the page's own blocking counts, not this process's measuring between pages.
    await new Promise((resolve) => setTimeout(resolve, 20));
    delay.reset();
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
    const pageDelayMs = delay.max / 1e6;
    maxDelayMs = Math.max(maxDelayMs, pageDelayMs);
    pages.push({
      maxDelayMs: pageDelayMs,
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
  delay.disable();
  process.stdout.write(JSON.stringify({ pages, peakRss, maxDelayMs }));
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});

/**
 * One Fetch All measurement in a fresh process, so that its peak memory is its own. Started by
 * bench/run.ts with one JSON argument; prints one JSON line. Both modes load the same modules
 * (the component, spectral's harness and the SDK), so their baselines match.
 *
 * mode "component": queryItems with Fetch All through spectral's createHarness.
 * mode "raw":       paginateQuery on a raw DynamoDBClient + unmarshall of every item.
 */
const { performance } = require("node:perf_hooks");
const { DynamoDBClient, paginateQuery } = require("@aws-sdk/client-dynamodb");
const { unmarshall } = require("@aws-sdk/util-dynamodb");
const { testing } = require("@prismatic-io/spectral");

const options = JSON.parse(process.argv[2]);
const loaded = require(options.componentPath);
const harness = testing.createHarness(loaded.default ?? loaded);
const raw = new DynamoDBClient({
  endpoint: options.endpoint,
  region: options.region,
  credentials: options.credentials,
});

async function component(pk) {
  const result = await harness.action("queryItems", {
    awsConnection: options.connection,
    awsRegion: options.region,
    tableName: options.table,
    keyConditionExpression: "pk = :pk",
    expressionAttributeValues: [{ key: ":pk", value: pk }],
    expressionAttributeValueTypes: [{ key: ":pk", value: "S" }],
    fetchAll: "true",
    maxItems: String(options.maxItems),
  });
  return result.data.items;
}

async function rawQuery(pk) {
  const items = [];
  const pages = paginateQuery(
    { client: raw },
    {
      TableName: options.table,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: pk } },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) items.push(unmarshall(item));
  }
  return items;
}

async function main() {
  const run = options.mode === "raw" ? rawQuery : component;
  // Warm the client, its connection and the code paths on a small partition first.
  await run(options.warmPk);
  global.gc?.();
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed + before.external;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
  };
  const timer = setInterval(sample, 2);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const items = await run(options.pk);
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(timer);
  sample();
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({
      mode: options.mode,
      ms: elapsed,
      cpuMs: (cpu.user + cpu.system) / 1000,
      count: items.length,
      baselineRss: before.rss,
      baselineHeap: before.heapUsed + before.external,
      peakRss: Math.max(peakRss, maxRss),
      peakHeap,
    })}\n`,
  );
  raw.destroy();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);

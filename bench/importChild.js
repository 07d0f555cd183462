/**
 * One import measurement in a fresh process, so that its peak memory is its own. Started by
 * bench/run.ts with one JSON argument; prints one JSON line. Both modes get the same CSV bytes
 * (built before the clock starts) and load the same modules (the component, spectral's harness,
 * the SDK, csv-parse), so their baselines match.
 *
 * mode "component": importItems through spectral's createHarness (every row checked in a first
 *                   pass, then streamed into the batch writer).
 * mode "raw":       csv-parse of the whole file, each row typed by hand (Number, === "true"),
 *                   then bench/rawBatchWrite.js: the plain-SDK batch writer, no checks.
 */
const { performance } = require("node:perf_hooks");
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { parse } = require("csv-parse/sync");
const { testing } = require("@prismatic-io/spectral");
const { rawBatchWrite } = require("./rawBatchWrite");

const options = JSON.parse(process.argv[2]);
const loaded = require(options.componentPath);
const harness = testing.createHarness(loaded.default ?? loaded);
const raw = new DynamoDBClient({
  endpoint: options.endpoint,
  region: options.region,
  credentials: options.credentials,
});

const HEADER = "pk,sk,name,email,age,balance,active,note\n";
/** A row of about 200 bytes: text, numbers (one exact to 20 digits), a boolean. */
function row(pk, i) {
  return `${pk},${i},Customer ${i},customer${i}@example.com,${20 + (i % 60)},${i % 1000}.25,${i % 2 === 0},${"x".repeat(100)}\n`;
}
function csv(pk, rows) {
  const parts = [HEADER];
  for (let i = 0; i < rows; i++) parts.push(row(pk, i));
  return Buffer.from(parts.join(""), "utf8");
}

const quietLogger = { debug() {}, info() {}, log() {}, warn() {}, error() {}, metric() {} };

async function component(bytes) {
  const result = await harness.action(
    "importItems",
    {
      awsConnection: options.connection,
      awsRegion: options.region,
      tableName: options.table,
      file: { data: bytes, contentType: "text/csv" },
      columnTypes: [
        { key: "age", value: "N" },
        { key: "balance", value: "N" },
        { key: "active", value: "BOOL" },
      ],
      concurrency: String(options.concurrency),
    },
    { logger: quietLogger },
  );
  return result.data.written;
}

async function rawImport(bytes) {
  const records = parse(bytes, { columns: true });
  const items = records.map((r) => ({
    pk: r.pk,
    sk: Number(r.sk),
    name: r.name,
    email: r.email,
    age: Number(r.age),
    balance: Number(r.balance),
    active: r.active === "true",
    note: r.note,
  }));
  return rawBatchWrite(raw, options.table, items, options.concurrency);
}

async function main() {
  const run = options.mode === "raw" ? rawImport : component;
  // Warm the client, its connection and the code paths on a small file first.
  await run(csv("import-warm", 50));
  const bytes = csv("import", options.rows);
  global.gc?.();
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const written = await run(bytes);
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(timer);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${JSON.stringify({
      mode: options.mode,
      ms: elapsed,
      cpuMs: (cpu.user + cpu.system) / 1000,
      written,
      fileBytes: bytes.length,
      baselineRss: before.rss,
      peakRss: Math.max(peakRss, maxRss),
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

/**
 * One side of the per-invocation overhead comparison, in a process of its own: "component" loads
 * only the connector (and spectral's harness), "raw" only the AWS SDK. Separate processes keep
 * each side's code as it runs in production, with one copy of the SDK: with two copies in one
 * process (the bundle's and node_modules'), a client of the bundled copy measured 240–280 µs of
 * CPU per call more than the same client of the other.
 *
 * Started by bench/run.ts with one JSON argument; answers IPC messages:
 *   { type: "run", action, count, offset } -> { wall, cpu } (ms per invocation)
 *   { type: "check", action }               -> { ok: true } or { error }
 *   { type: "batch", count, concurrency }   -> { itemsPerSecond, cpuMs } (one batch write)
 */
const { performance } = require("node:perf_hooks");

const options = JSON.parse(process.argv[2]);
const { table, region, connection } = options;

function putPairs(sk) {
  return [
    { key: "pk", value: "put" },
    { key: "sk", value: String(sk) },
    { key: "name", value: "Ada Lovelace" },
    { key: "email", value: "ada@example.com" },
    { key: "age", value: "36" },
    { key: "balance", value: "12.5" },
    { key: "active", value: "true" },
    { key: "tags", value: '["vip","beta"]' },
    { key: "address", value: '{"city":"London","zip":"N1 9GU"}' },
  ];
}
const PUT_TYPES = ["S", "N", "S", "S", "N", "N", "BOOL", "L", "M"].map((value, i) => ({
  key: putPairs(0)[i].key,
  value,
}));
const UPDATE_EXPRESSION = "SET #count = #count + :one, #status = :status";

function componentCases() {
  const { testing, component, action } = require("@prismatic-io/spectral");
  const loaded = require(options.componentPath);
  const harness = testing.createHarness(loaded.default ?? loaded);
  componentCases.harness = harness;
  const common = { awsConnection: connection, awsRegion: region, tableName: table };
  // A no-op action through the same harness, with Get Item's parameters: the harness's own cost.
  const noop = testing.createHarness(
    component({
      key: "bench-noop",
      public: false,
      display: { label: "No-op", description: "No-op", iconPath: "icon.png" },
      actions: {
        noop: action({
          display: { label: "No-op", description: "Returns at once." },
          inputs: {},
          perform: async () => ({ data: null }),
        }),
      },
    }),
  );
  return {
    noop: () => noop.action("noop", { ...common, value: "get", rangeKeyValue: "1" }),
    getItem: () => harness.action("getItem", { ...common, value: "get", rangeKeyValue: "1" }),
    createItem: (i) =>
      harness.action("createItem", { ...common, item: putPairs(i % 100), itemTypes: PUT_TYPES }),
    updateItem: () =>
      harness.action("updateItem", {
        ...common,
        value: "upd",
        rangeKeyValue: "1",
        query: UPDATE_EXPRESSION,
        expressionAttributeNames: [
          { key: "#count", value: "count" },
          { key: "#status", value: "status" },
        ],
        queryParams: [
          { key: ":one", value: "1" },
          { key: ":status", value: "seen" },
        ],
        queryParamTypes: [
          { key: ":one", value: "N" },
          { key: ":status", value: "S" },
        ],
      }),
    queryItems: () =>
      harness.action("queryItems", {
        ...common,
        keyConditionExpression: "pk = :pk",
        expressionAttributeValues: [{ key: ":pk", value: "query" }],
        expressionAttributeValueTypes: [{ key: ":pk", value: "S" }],
      }),
  };
}

function rawCases() {
  const sdk = require("@aws-sdk/client-dynamodb");
  const { marshall } = require("@aws-sdk/util-dynamodb");
  const client = new sdk.DynamoDBClient({
    endpoint: options.endpoint,
    region,
    credentials: options.credentials,
  });
  const base = marshall({
    pk: "put",
    name: "Ada Lovelace",
    email: "ada@example.com",
    age: 36,
    balance: 12.5,
    active: true,
    tags: ["vip", "beta"],
    address: { city: "London", zip: "N1 9GU" },
  });
  return {
    noop: async () => undefined,
    getItem: () =>
      client.send(
        new sdk.GetItemCommand({ TableName: table, Key: { pk: { S: "get" }, sk: { N: "1" } } }),
      ),
    createItem: (i) =>
      client.send(
        new sdk.PutItemCommand({ TableName: table, Item: { ...base, sk: { N: String(i % 100) } } }),
      ),
    updateItem: () =>
      client.send(
        new sdk.UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: "upd" }, sk: { N: "1" } },
          UpdateExpression: UPDATE_EXPRESSION,
          ExpressionAttributeNames: { "#count": "count", "#status": "status" },
          ExpressionAttributeValues: { ":one": { N: "1" }, ":status": { S: "seen" } },
          ReturnValues: "ALL_NEW",
        }),
      ),
    queryItems: () =>
      client.send(
        new sdk.QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": { S: "query" } },
        }),
      ),
  };
}

const cases = options.side === "component" ? componentCases() : rawCases();

/** An item of about 350 bytes with every common attribute type (the same as bench/run.ts). */
function sampleItem(pk, sk) {
  return {
    pk,
    sk,
    name: `Customer ${sk}`,
    email: `customer${sk}@example.com`,
    age: 20 + (sk % 60),
    balance: (sk % 1000) + 0.25,
    active: sk % 2 === 0,
    tags: ["vip", "beta"],
    address: { street: `${sk} Main Street`, city: "London", zip: "N1 9GU" },
    note: "x".repeat(120),
  };
}

let rawClient;
/** The raw side: the plain-SDK batch writer, on one reused client, parsing the same text. */
function rawBatchWriteText(text, concurrency) {
  const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
  const { rawBatchWrite } = require("./rawBatchWrite");
  rawClient ??= new DynamoDBClient({
    endpoint: options.endpoint,
    region,
    credentials: options.credentials,
  });
  return rawBatchWrite(rawClient, table, JSON.parse(text), concurrency);
}

let batchText;
async function batch(count, concurrency) {
  // What a flow hands the action: the JSON text of the array (the raw side parses the same text).
  if (batchText?.count !== count) {
    const items = Array.from({ length: count }, (_, i) => sampleItem("batch", i));
    batchText = { count, text: JSON.stringify(items) };
  }
  const text = batchText.text;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let written;
  if (options.side === "component") {
    const output = await componentCases.harness.action("batchWriteItems", {
      awsConnection: connection,
      awsRegion: region,
      tableName: table,
      putItems: text,
      concurrency: String(concurrency),
    });
    written = output.data.written;
  } else {
    written = await rawBatchWriteText(text, concurrency);
  }
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (written !== count) throw new Error(`${options.side}: wrote ${written} of ${count} items.`);
  return { itemsPerSecond: count / (elapsed / 1000), cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function run(action, count, offset) {
  const invoke = cases[action];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) await invoke(offset + i);
  const wall = (performance.now() - start) / count;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / count };
}

process.on("message", async (message) => {
  try {
    if (message.type === "check") {
      await cases[message.action](0);
      process.send({ ok: true });
    } else if (message.type === "batch") {
      process.send(await batch(message.count, message.concurrency));
    } else {
      process.send(await run(message.action, message.count, message.offset));
    }
  } catch (error) {
    process.send({ error: error instanceof Error ? error.message : String(error) });
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ ready: true });

/**
 * One side of the per-invocation overhead comparison, in a process of its own: "component" loads
 * only the connector (and spectral's harness), "raw" only the AWS SDK. Separate processes keep
 * each side's code as it runs in production, with one copy of the SDK: with two copies in one
 * process (the bundle's and node_modules'), a client of the bundled copy measured 240–280 µs of
 * CPU per call more than the same client of the other.
 *
 * Sides: "platform" calls the bundle's `actions.<key>.perform(context, params)` as the platform's
 * runner does, "component" goes through spectral's test harness, "raw" sends the same commands on
 * one reused DynamoDBClient, already in DynamoDB's typed form, and "document" sends them with
 * plain values through lib-dynamodb's DynamoDBDocumentClient, which converts them as the platform's
 * path must (a reference for the conversion's cost, not a target).
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
/** The item putPairs gives (its sort key apart), as plain values: raw and document put it. */
const PUT_ITEM = {
  pk: "put",
  name: "Ada Lovelace",
  email: "ada@example.com",
  age: 36,
  balance: 12.5,
  active: true,
  tags: ["vip", "beta"],
  address: { city: "London", zip: "N1 9GU" },
};

/** Each measured action's parameters, as a flow step gives them (the harness adds the defaults). */
function actionParams() {
  const common = { awsConnection: connection, awsRegion: region, tableName: table };
  return {
    getItem: () => ({ ...common, value: "get", rangeKeyValue: "1" }),
    createItem: (i) => ({ ...common, item: putPairs(i % 100), itemTypes: PUT_TYPES }),
    updateItem: () => ({
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
    queryItems: () => ({
      ...common,
      keyConditionExpression: "pk = :pk",
      expressionAttributeValues: [{ key: ":pk", value: "query" }],
      expressionAttributeValueTypes: [{ key: ":pk", value: "S" }],
    }),
  };
}

/**
 * What the platform's runner passes an action: one context per step (built once here, as a
 * warm runner reuses its step), with loggers that discard what they get and debug off.
 */
function platformContext() {
  const discard = () => undefined;
  const logger = { metric: discard, trace: discard, debug: discard, info: discard };
  Object.assign(logger, { log: discard, warn: discard, error: discard });
  return {
    logger,
    instanceState: {},
    crossFlowState: {},
    executionState: {},
    integrationState: {},
    configVars: {},
    stepId: "benchStepId",
    executionId: "benchExecutionId",
    webhookUrls: {},
    webhookApiKeys: {},
    invokeUrl: "https://example.com",
    customer: { id: "customerId", name: "Customer 1", externalId: "1234" },
    instance: { id: "instanceId", name: "Instance 1" },
    user: { id: "userId", email: "user@example.com", name: "User 1", externalId: "1234" },
    integration: { id: "integrationId", name: "Integration 1", versionSequenceId: "1" },
    flow: { id: "flowId", name: "Flow 1", stableId: "flowStableId" },
    startedAt: new Date().toISOString(),
    executionFrame: { executionId: "benchExecutionId", stepName: "bench", loopPath: "" },
    globalDebug: false,
    runnerAllocatedMemoryMb: 1024,
  };
}

/**
 * The platform's path: the bundle's exported component's `actions.<key>.perform(context, params)`
 * (spectral's action wrapper: input cleaning, the context copy, the connector's perform), with
 * the context built once and every input given, defaults filled in as the harness does.
 */
function platformCases() {
  const loaded = require(options.componentPath);
  const definition = loaded.default ?? loaded;
  const context = platformContext();
  const params = actionParams();
  const cases = { noop: async () => undefined };
  for (const [key, given] of Object.entries(params)) {
    const { perform, inputs } = definition.actions[key];
    const defaults = {};
    for (const input of inputs) defaults[input.key] = `${input.default ?? ""}`;
    cases[key] = (i) => perform(context, { ...defaults, ...given(i) });
  }
  return cases;
}

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
  const params = actionParams();
  return {
    noop: () => noop.action("noop", { ...common, value: "get", rangeKeyValue: "1" }),
    getItem: (i) => harness.action("getItem", params.getItem(i)),
    createItem: (i) => harness.action("createItem", params.createItem(i)),
    updateItem: (i) => harness.action("updateItem", params.updateItem(i)),
    queryItems: (i) => harness.action("queryItems", params.queryItems(i)),
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
  const base = marshall(PUT_ITEM);
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

/**
 * The same four calls with plain values through the SDK's own converting client
 * (DynamoDBDocumentClient: util-dynamodb's marshall and unmarshall on every call).
 */
function documentCases() {
  const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
  const lib = require("@aws-sdk/lib-dynamodb");
  const client = lib.DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: options.endpoint, region, credentials: options.credentials }),
  );
  return {
    noop: async () => undefined,
    getItem: () => client.send(new lib.GetCommand({ TableName: table, Key: { pk: "get", sk: 1 } })),
    createItem: (i) =>
      client.send(new lib.PutCommand({ TableName: table, Item: { ...PUT_ITEM, sk: i % 100 } })),
    updateItem: () =>
      client.send(
        new lib.UpdateCommand({
          TableName: table,
          Key: { pk: "upd", sk: 1 },
          UpdateExpression: UPDATE_EXPRESSION,
          ExpressionAttributeNames: { "#count": "count", "#status": "status" },
          ExpressionAttributeValues: { ":one": 1, ":status": "seen" },
          ReturnValues: "ALL_NEW",
        }),
      ),
    queryItems: () =>
      client.send(
        new lib.QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": "query" },
        }),
      ),
  };
}

const SIDES = {
  component: componentCases,
  platform: platformCases,
  raw: rawCases,
  document: documentCases,
};
const cases = SIDES[options.side]();

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

/**
 * Without IPC (bench/run.ts's instruction counts, under valgrind): `options.plan` =
 * { warmup, actions, action, count }: `warmup` calls of each of `actions`, then `count` calls of
 * `action` (none without one), then exit. Two plans that differ only in `count` differ only in
 * those calls, so their instruction counts' difference is theirs alone.
 */
async function runPlan({ warmup, actions, action, count, signal }) {
  for (const name of actions) for (let i = 0; i < warmup; i++) await cases[name](i);
  if (signal) await handshake("warm");
  if (action) for (let i = 0; i < count; i++) await cases[action](warmup + i);
  if (signal) await handshake("done");
  process.exit(0);
}

/** Writes `word` on stdout and waits for a line on stdin (the driver toggles callgrind between). */
function handshake(word) {
  return new Promise((resolve) => {
    process.stdin.once("data", () => {
      process.stdin.pause();
      resolve();
    });
    process.stdin.resume();
    process.stdout.write(`${word}\n`);
  });
}

if (options.plan) {
  runPlan(options.plan).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  process.on("message", onMessage);
  process.on("disconnect", () => process.exit(0));
  process.send({ ready: true });
}

async function onMessage(message) {
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
}

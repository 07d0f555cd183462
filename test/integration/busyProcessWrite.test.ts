/**
 * Another tenant's write is applied once when the process stalls (issue 18 case 1), against
 * DynamoDB Local through the fault proxy running in a process of its own (tools/latencyFaults.ts)
 * with 200 ms of latency per call: Update Item `ADD n :one` reaches DynamoDB Local, and while its
 * answer is on its way the test's process is blocked by synchronous work for 2 s longer than the
 * attempt's deadline. The deadline must not fire for that time: the answer that arrived during
 * the stall is taken, nothing is retried, and n ends at 1.
 */
import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { clientSettings, resetClientSettings } from "../../src/aws/client";
import { type RemoteFaultProxy, startFaultProxyProcess } from "../../tools/latencyFaults";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";

const table = uniqueTableName("busy_process_write");
const LATENCY_MS = 200;
const DEADLINE_MS = 500;
const STALL_MS = DEADLINE_MS + 2_000;
let proxy: RemoteFaultProxy;
let raw: DynamoDBClient;

/** Blocks the event loop for `ms`, as a long synchronous import check does. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy: nothing else in the process runs.
  }
}

beforeAll(async () => {
  raw = rawClient();
  [proxy] = await Promise.all([
    startFaultProxyProcess({ upstream: localEndpoint(), latencyMs: LATENCY_MS }),
    createTestTable(table, { hashKey: { name: "id", type: "S" } }),
  ]);
});

afterAll(async () => {
  resetClientSettings();
  resetCaches();
  await proxy?.close();
  await deleteTestTable(table);
  raw.destroy();
});

async function storedN(): Promise<number> {
  const { Item } = await raw.send(
    new GetItemCommand({ TableName: table, Key: { id: { S: "c-1" } }, ConsistentRead: true }),
  );
  return Number(Item?.n?.N);
}

it("applies Update Item's ADD once when the process stalls past the deadline while its answer arrives", async () => {
  clientSettings.requestTimeoutMs = DEADLINE_MS;
  resetCaches();
  const step = harness.action("updateItem", {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    value: "c-1",
    query: "ADD n :one",
    queryParams: [{ key: ":one", value: "1" }],
    queryParamTypes: [{ key: ":one", value: "N" }],
    maxAttempts: "3",
  });
  // Wait until the proxy has the write (it holds DynamoDB Local's answer for 200 ms), then stall.
  const until = Date.now() + 10_000;
  while ((await proxy.count("UpdateItem")) === 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(await proxy.count("UpdateItem")).toBe(1);
  stall(STALL_MS);
  await expect(step).resolves.toBeDefined();
  expect(await proxy.count("UpdateItem")).toBe(1);
  expect(await storedN()).toBe(1);
});

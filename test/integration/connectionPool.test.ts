/**
 * Many concurrent steps on one connection wait for its client's pooled connections without
 * failing as connection timeouts (issue 18 case 9: 300 steps, a 2 s endpoint, 115 failed "did not
 * establish a connection within 5000 ms"). Here at a smaller scale, against DynamoDB Local behind
 * the fault proxy with 300 ms of latency per call: three times the pool's 50 connections at once,
 * with a 200 ms connection timeout that the wait for a free connection far exceeds.
 */
import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { MAX_SOCKETS } from "../../src/aws/attemptDeadline";
import { clientSettings, resetClientSettings } from "../../src/aws/client";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
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

const table = uniqueTableName("connection_pool");
const STEPS = 3 * MAX_SOCKETS;
let proxy: FaultProxy;
let raw: DynamoDBClient;

beforeAll(async () => {
  raw = rawClient();
  [proxy] = await Promise.all([
    startFaultProxy({ upstream: localEndpoint(), latencyMs: 300 }),
    createTestTable(table, { hashKey: { name: "id", type: "S" } }),
  ]);
  await raw.send(
    new PutItemCommand({ TableName: table, Item: { id: { S: "c-1" }, n: { N: "1" } } }),
  );
});

afterAll(async () => {
  resetClientSettings();
  resetCaches();
  await proxy?.close();
  await deleteTestTable(table);
  raw.destroy();
});

it("runs three times the pool's connections at once on one connection, none failing to connect", async () => {
  clientSettings.connectionTimeoutMs = 200;
  resetCaches();
  const connection = localConnection({ endpoint: proxy.endpoint });
  const outcomes = await Promise.allSettled(
    Array.from({ length: STEPS }, () =>
      harness.action("getItem", {
        awsConnection: connection,
        awsRegion: LOCAL_REGION,
        tableName: table,
        value: "c-1",
        maxAttempts: "1",
      }),
    ),
  );
  const failures = outcomes.flatMap((outcome) =>
    outcome.status === "rejected" ? [String((outcome.reason as Error).message)] : [],
  );
  expect(failures).toEqual([]);
  expect(proxy.count("GetItem")).toBe(STEPS);
});

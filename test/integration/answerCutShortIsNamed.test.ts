/**
 * An answer the network cuts short (its headers and part of its body, then the connection
 * closes: the fault proxy's "cut") is retried like a dropped connection, and a step that gets
 * only such answers says what happened: the answer began and was not complete.
 */
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("cut_short");
let proxy: FaultProxy;

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
});

afterAll(async () => {
  await proxy.close();
  await deleteTestTable(table);
});

beforeEach(() => {
  resetCaches();
  proxy.reset();
});

const query = () =>
  harness.action("queryItems", {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    keyConditionExpression: "id = :i",
    expressionAttributeValues: [{ key: ":i", value: "a" }],
    expressionAttributeValueTypes: [{ key: ":i", value: "S" }],
    fetchAll: true,
  });

it("retries an answer cut short", async () => {
  proxy.inject("Query", { kind: "cut" }, { kind: "cut" });
  await expect(query()).resolves.toMatchObject({ data: { count: 0 } });
  expect(proxy.count("Query")).toBe(3);
});

it("names an answer cut short on every attempt as such, with the operation", async () => {
  proxy.inject("Query", ...Array.from({ length: 4 }, () => ({ kind: "cut" as const })));
  const error = await failure(query());
  expect(error.message).toMatch(new RegExp(`^Query failed on table "${table}" in region `));
  expect(error.message).toContain(
    "The endpoint closed the connection before its answer was complete (the answer was cut short).",
  );
});

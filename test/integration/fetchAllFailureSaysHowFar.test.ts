/**
 * Fetch All that fails part way (a page answered 500 behind the fault proxy, after pages that
 * were read) says how far it had read and that a failed step returns none of it, so a flow knows
 * to run it again from the same start; a failure on the first page says only the failure.
 */
import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
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
import { failure } from "../support/outcome";

const table = uniqueTableName("fetch_fail");
let proxy: FaultProxy;
let raw: DynamoDBClient;

function scan(extra: Record<string, unknown> = {}): Promise<unknown> {
  return harness.action("scanItems", {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    fetchAll: true,
    limit: "30",
    maxAttempts: "1",
    ...extra,
  });
}

beforeAll(async () => {
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await createTestTable(table, { hashKey: { name: "id", type: "N" } });
  for (let start = 0; start < 100; start += 25) {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: Array.from({ length: 25 }, (_, i) => ({
            PutRequest: { Item: { id: { N: String(start + i) } } },
          })),
        },
      }),
    );
  }
});

afterAll(async () => {
  await proxy.close();
  await deleteTestTable(table);
  raw.destroy();
});

beforeEach(() => {
  resetCaches();
  proxy.reset();
});

describe("Fetch All that fails part way", () => {
  it("says how many pages and items it had read, and that none are returned", async () => {
    proxy.inject("Scan", { kind: "pass" }, { kind: "pass" }, { kind: "serverError", status: 500 });
    const error = await failure(scan());
    expect(error.message).toMatch(/^Scan failed on table "/);
    expect(error.message).toContain(
      "Before it failed, 2 pages (60 items) had been read; a failed step returns none of them: run it again from the same start.",
    );
  });

  it("Export Items says the same: no file comes from a failed step", async () => {
    proxy.inject("Scan", { kind: "pass" }, { kind: "serverError", status: 500 });
    const error = await failure(
      harness.action("exportItems", {
        awsConnection: localConnection({ endpoint: proxy.endpoint }),
        awsRegion: LOCAL_REGION,
        tableName: table,
        limit: "30",
        maxAttempts: "1",
      }),
    );
    expect(error.message).toContain("Before it failed, 1 page (30 items) had been read");
  });

  it("a failure on the first page says only the failure", async () => {
    proxy.inject("Scan", { kind: "serverError", status: 500 });
    const error = await failure(scan());
    expect(error.message).not.toContain("Before it failed");
  });
});

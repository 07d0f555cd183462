/**
 * An endpoint whose clock differs from this machine's by 30 minutes (the fault proxy's
 * clockSkew fault, in front of DynamoDB Local), refusing requests signed more than 5 minutes off
 * its time as AWS does. With its time in the Date header the SDK corrects and the step succeeds
 * (whatever AWS_DISABLE_CLOCK_SKEW_CORRECTION says); without it the step fails after one attempt
 * with a message about the clock, not about the connection's keys.
 */
import { ConnectionError } from "@prismatic-io/spectral";
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

const table = uniqueTableName("clock_skew");
const THIRTY_MINUTES_MS = 30 * 60_000;
let proxy: FaultProxy;

const getItem = () =>
  harness.action("getItem", {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    value: "c-1",
  });

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
});

afterAll(async () => {
  delete process.env.AWS_DISABLE_CLOCK_SKEW_CORRECTION;
  await proxy.close();
  await deleteTestTable(table);
});

beforeEach(() => {
  // A cached client keeps the clock difference it measured.
  resetCaches();
  proxy.reset();
});

describe("an endpoint whose clock is 30 minutes ahead", () => {
  it("is corrected for from its Date header, even with AWS_DISABLE_CLOCK_SKEW_CORRECTION set", async () => {
    process.env.AWS_DISABLE_CLOCK_SKEW_CORRECTION = "true";
    try {
      proxy.inject(
        "*",
        ...Array.from({ length: 10 }, () => ({
          kind: "clockSkew" as const,
          offsetMs: THIRTY_MINUTES_MS,
        })),
      );
      await expect(getItem()).resolves.toMatchObject({ data: { found: false } });
      // One refused attempt, then every request signed with the endpoint's time.
      expect(proxy.seen.map((request) => request.operation)).toEqual([
        "DescribeTable",
        "DescribeTable",
        "GetItem",
      ]);
    } finally {
      delete process.env.AWS_DISABLE_CLOCK_SKEW_CORRECTION;
    }
  });

  it("without a Date header fails after one attempt, saying the clock is off, not the keys", async () => {
    proxy.inject(
      "*",
      ...Array.from({ length: 10 }, () => ({
        kind: "clockSkew" as const,
        offsetMs: THIRTY_MINUTES_MS,
        withDate: false,
      })),
    );
    const error = await failure(getItem());
    expect(error.message).toContain("InvalidSignatureException: Signature expired");
    expect(error.message).toContain("this machine's clock differs from AWS's");
    expect(error.message).toContain("Check the clock (NTP)");
    expect(error.message).not.toContain("Secret Access Key");
    // The machine's clock is wrong, not the connection.
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(proxy.count()).toBe(1);
  });

  it("that refuses the corrected attempt too is tried twice, no more", async () => {
    // Its Date header says 30 minutes ahead, but it checks signatures against 60 minutes ahead.
    proxy.inject("*", { kind: "clockSkew", offsetMs: THIRTY_MINUTES_MS });
    proxy.inject(
      "*",
      ...Array.from({ length: 10 }, () => ({
        kind: "clockSkew" as const,
        offsetMs: 2 * THIRTY_MINUTES_MS,
        withDate: false,
      })),
    );
    const error = await failure(getItem());
    expect(error.message).toContain("Signature expired");
    expect(proxy.count()).toBe(2);
  });
});

/**
 * An AWS Role ARN connection's session against a fake STS on loopback and DynamoDB Local behind
 * the fault proxy: a session AWS refuses (expired, revoked, not recognised) is renewed once and
 * the request sent again; sessions are kept for their life (no AssumeRole per request, STS called
 * with the connection's keys and DynamoDB only with the temporary ones) and renewed before they
 * lapse, one AssumeRole at a time; sessions that arrive already expired are refused; and a
 * renewal that fails mid-import says what was written, never that nothing was sent.
 */
import { ConnectionError } from "@prismatic-io/spectral";
import { clientSettings, resetClientSettings } from "../../src/aws/client";
import {
  type FakeSts,
  type FaultProxy,
  startFakeSts,
  startFaultProxy,
} from "../../tools/faultProxy";
import { assumeRoleConnection, harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localEndpoint,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("role_sessions");
const ROLE = "arn:aws:iam::123456789012:role/IntegrationRole";
let proxy: FaultProxy;
let sts: FakeSts;

/** An error of DynamoDB's JSON protocol, as the proxy answers it. */
const awsError = (type: string, message: string) => ({
  kind: "error" as const,
  status: 400,
  type: `com.amazon.coral.service#${type}`,
  message,
});
const EXPIRED = awsError(
  "ExpiredTokenException",
  "The security token included in the request is expired",
);
const UNRECOGNIZED = awsError(
  "UnrecognizedClientException",
  "The security token included in the request is invalid.",
);

const connection = () => assumeRoleConnection({ endpoint: proxy.endpoint });
const getItem = (params: Record<string, unknown> = {}) =>
  harness.action("getItem", {
    awsConnection: connection(),
    awsRegion: LOCAL_REGION,
    tableName: table,
    value: "c-1",
    ...params,
  });

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  // DynamoDB Local keeps tables per access key: the temporary key is its test key.
  sts = await startFakeSts(LOCAL_CREDENTIALS);
  clientSettings.stsEndpoint = sts.endpoint;
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
  await harness.action("createItem", {
    awsConnection: assumeRoleConnection({ endpoint: localEndpoint() }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    itemJson: JSON.stringify({ id: "c-1", name: "Ada" }),
  });
});

afterAll(async () => {
  resetClientSettings();
  clientSettings.stsEndpoint = undefined;
  await proxy.close();
  await sts.close();
  await deleteTestTable(table);
});

beforeEach(() => {
  resetCaches();
  proxy.reset();
  sts.calls.length = 0;
  sts.signers.length = 0;
  sts.expiries = [3_600_000];
  sts.refuse = undefined;
  sts.fault = undefined;
});

/** The session tokens DynamoDB saw, request by request. */
const tokensSeen = () => proxy.seen.map((request) => request.sessionToken);

describe("a session AWS refuses", () => {
  it.each([
    ["ExpiredTokenException", EXPIRED],
    ["UnrecognizedClientException", UNRECOGNIZED],
  ])("(%s) is renewed once, and the request sent again succeeds", async (_name, fault) => {
    await expect(getItem()).resolves.toMatchObject({ data: { found: true } });
    expect(sts.calls).toHaveLength(1);
    proxy.reset();
    proxy.inject("GetItem", fault);
    await expect(getItem()).resolves.toMatchObject({ data: { found: true } });
    expect(sts.calls).toHaveLength(2);
    // The refused request carried the first session, the request sent again the new one.
    expect(tokensSeen()).toEqual(["session-token-1", "session-token-2"]);
    // Later steps keep the new session.
    for (let i = 0; i < 5; i++) await getItem();
    expect(sts.calls).toHaveLength(2);
    expect(tokensSeen().at(-1)).toBe("session-token-2");
  });

  it("refused again after the renewal fails the step with a message for a role, and the next step renews again", async () => {
    proxy.inject("GetItem", EXPIRED, EXPIRED);
    const error = await failure(getItem());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("ExpiredTokenException");
    expect(error.message).toContain("assuming the role again");
    expect(error.message).not.toContain("renew the connection's credentials");
    expect(sts.calls).toHaveLength(2);
    expect(proxy.count("GetItem")).toBe(2);
    // Not stuck with the refused session for the rest of its hour.
    await expect(getItem()).resolves.toMatchObject({ data: { found: true } });
    expect(sts.calls).toHaveLength(3);
    expect(tokensSeen().at(-1)).toBe("session-token-3");
  });

  it("by a request while others wait for credentials costs one AssumeRole", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => getItem()));
    expect(results).toEqual(
      Array.from({ length: 8 }, () => expect.objectContaining({ data: expect.anything() })),
    );
    expect(sts.calls).toHaveLength(1);
  });

  it("with an Access Key connection's Session Token says to enter new temporary keys, without a retry", async () => {
    proxy.inject("GetItem", EXPIRED, EXPIRED);
    const error = await failure(
      harness.action("getItem", {
        awsConnection: {
          key: "apiKeySecret",
          configVarKey: "",
          fields: {
            ...LOCAL_CREDENTIALS,
            sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN",
            endpoint: proxy.endpoint,
          },
        },
        awsRegion: LOCAL_REGION,
        tableName: table,
        value: "c-1",
      }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("Session Token has expired");
    expect(error.message).toContain("enter new temporary keys");
    expect(proxy.count("GetItem")).toBe(1);
    expect(sts.calls).toHaveLength(0);
  });
});

describe("session lifetime", () => {
  it("a 10 s session is kept for its life: one AssumeRole for 30 requests, not one per request", async () => {
    sts.expiries = [10_000];
    for (let i = 0; i < 30; i++) {
      await expect(getItem()).resolves.toMatchObject({ data: { found: true } });
    }
    expect(sts.calls).toHaveLength(1);
    expect(new Set(tokensSeen())).toEqual(new Set(["session-token-1"]));
  });

  it("a short session is renewed before it lapses, with one AssumeRole for many waiting requests", async () => {
    // Used for 3 of its 4 s; the next one lasts an hour.
    sts.expiries = [4_000, 3_600_000];
    await getItem();
    proxy.reset();
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    await Promise.all(Array.from({ length: 10 }, () => getItem()));
    expect(sts.calls).toHaveLength(2);
    expect(tokensSeen()).toEqual(Array.from({ length: 10 }, () => "session-token-2"));
  });

  it("credentials that arrive already expired are refused with a ConnectionError naming the role", async () => {
    sts.expiries = [-60_000];
    const error = await failure(getItem({ maxAttempts: "1" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`AssumeRole for role ${ROLE}`);
    expect(error.message).toContain("already past by this machine's clock");
    expect(error.message).toContain("not sent");
    expect(proxy.count()).toBe(0);
    expect(sts.calls).toHaveLength(1);
  });

  const roleConnection = (externalId: string) =>
    assumeRoleConnection({ endpoint: proxy.endpoint, externalId });
  const getWithRole = (externalId: string) =>
    harness.action("getItem", {
      awsConnection: roleConnection(externalId),
      awsRegion: LOCAL_REGION,
      tableName: table,
      value: "c-1",
    });

  it("assumes the role once for 50 invocations while the credentials are far from expiry", async () => {
    sts.expiries = [3_600_000];
    for (let i = 0; i < 50; i++) {
      await expect(getWithRole("far-expiry")).resolves.toMatchObject({ data: { found: true } });
    }
    expect(sts.calls).toHaveLength(1);
    const call = sts.calls[0];
    expect(Object.fromEntries(call)).toMatchObject({
      Action: "AssumeRole",
      RoleArn: "arn:aws:iam::123456789012:role/IntegrationRole",
      RoleSessionName: "prismatic-aws-dynamodb",
      DurationSeconds: "3600",
      ExternalId: "far-expiry",
    });
    // STS was called with the connection's own keys; DynamoDB only ever saw the temporary ones.
    expect(sts.signers).toEqual(["AKIAUNITTEST"]);
    const dynamo = proxy.seen.filter((request) => request.operation !== "unknown");
    expect(dynamo.length).toBe(51);
    expect(new Set(dynamo.map((request) => request.sessionToken))).toEqual(
      new Set(["session-token-1"]),
    );
    expect(new Set(dynamo.map((request) => request.accessKeyId))).toEqual(
      new Set([LOCAL_CREDENTIALS.accessKeyId]),
    );
  });

  it("assumes the role again once the credentials come within their renewal margin, and succeeds", async () => {
    // A 4 s session is renewed with a quarter of its life left (roleSession.ts); the next lasts an hour.
    sts.expiries = [4_000, 3_600_000];
    await expect(getWithRole("soon-expiry")).resolves.toMatchObject({ data: { found: true } });
    expect(sts.calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 3_200));

    await expect(getWithRole("soon-expiry")).resolves.toMatchObject({ data: { found: true } });
    expect(sts.calls).toHaveLength(2);
    // The request after the refresh carried the new session.
    expect(proxy.seen.at(-1)).toMatchObject({
      operation: "GetItem",
      sessionToken: "session-token-2",
    });
    for (let i = 0; i < 5; i++) await getWithRole("soon-expiry");
    expect(sts.calls).toHaveLength(2);
  });
});

describe("a renewal that fails mid-import", () => {
  const csv = (count: number) => ({
    data: Buffer.from(
      `id,body\n${Array.from({ length: count }, (_, i) => `imp-${i},row ${i}`).join("\n")}\n`,
    ),
    contentType: "text/csv",
  });

  it("says how many rows were written, and not that no request was sent", async () => {
    // The first AssumeRole succeeds; every later one is throttled.
    Object.defineProperty(sts, "fault", {
      configurable: true,
      get: () => (sts.calls.length > 1 ? "throttle" : undefined),
      set: () => undefined,
    });
    try {
      proxy.inject(
        "BatchWriteItem",
        ...Array.from({ length: 8 }, () => ({ kind: "pass" as const })),
      );
      proxy.inject("BatchWriteItem", EXPIRED);
      const error = await failure(
        harness.action("importItems", {
          awsConnection: connection(),
          awsRegion: LOCAL_REGION,
          tableName: table,
          file: csv(2_000),
          concurrency: "1",
        }),
      );
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toMatch(/^AssumeRole failed for role .*Throttling/);
      expect(error.message).toContain("session could not be renewed");
      expect(error.message).not.toContain("no DynamoDB request was sent");
      expect(error.message).toContain("Before it failed, 200 of 2,000 rows were written");
      expect((error as Error & { written?: number }).written).toBe(200);
    } finally {
      Object.defineProperty(sts, "fault", {
        configurable: true,
        writable: true,
        enumerable: true,
        value: undefined,
      });
    }
  });
});

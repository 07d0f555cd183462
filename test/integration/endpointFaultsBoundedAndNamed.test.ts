/**
 * An endpoint or STS that misbehaves ends a step in bounded time with a message saying what
 * happened, and never makes a write apply twice; run on the source and on the built bundle
 * (dist/index.js), against DynamoDB Local behind tools/faultProxy.ts:
 * - evicting a cached client never aborts its requests in flight, so a write is never repeated;
 * - each attempt has a total deadline, so an endpoint that hangs or trickles its answer ends the
 *   step within Max Attempts x deadline plus backoff, with a message saying it answered too slowly
 *   or not in time, while a slow answer within the deadline is waited for;
 * - each fault says what it is: an HTML 503 page, a connection closed on every attempt, an
 *   unresolvable host, and an STS that hangs, trickles, answers garbage or refuses (a
 *   ConnectionError named as such);
 * - an answer larger than the cap (64 MB by default), declared or chunked, is refused with a
 *   clear error and not retried, and an answer within it is read.
 * Timeouts are lowered through clientSettings so that no test waits long.
 */
import dns from "node:dns";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { requestBoundMs } from "../../src/aws/attemptDeadline";
import {
  type FakeSts,
  type FaultProxy,
  startFakeSts,
  startFaultProxy,
} from "../../tools/faultProxy";
import {
  type ComponentUnderTest,
  componentsUnderTest,
  useStsEndpoint,
} from "../support/components";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";

const table = uniqueTableName("hardening_counters");
let proxy: FaultProxy;
let sts: FakeSts;
/** The SDK's standard retry strategy waits at most this long before a second attempt (ms). */
const FIRST_BACKOFF_MAX_MS = 200;
/** Slack for a loaded 2-core machine: scheduling, the schema read, process start-up. */
const SLACK_MS = 2_500;

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    (result) => {
      throw new Error(`Expected a failure, got ${JSON.stringify(result).slice(0, 200)}`);
    },
    (error: Error & Record<string, unknown>) => error,
  );
}

/** Fails the test, rather than hanging it, if `promise` outlasts `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function timed<T>(promise: Promise<T>): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  const value = await promise;
  return { value, elapsed: Date.now() - started };
}

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  sts = await startFakeSts({ ...LOCAL_CREDENTIALS, sessionTokenPrefix: "hardening-session" });
  useStsEndpoint(sts.endpoint);
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
  const raw = rawClient();
  try {
    // An answer long enough to trickle: about 300 bytes.
    await raw.send(
      new PutItemCommand({
        TableName: table,
        Item: { id: { S: "long" }, body: { S: "x".repeat(300) } },
      }),
    );
  } finally {
    raw.destroy();
  }
});

afterAll(async () => {
  useStsEndpoint(undefined);
  await proxy.close();
  await sts.close();
  await deleteTestTable(table);
});

describe.each(componentsUnderTest())("%s", (_name, load) => {
  let component: ComponentUnderTest;
  const run = (key: string, params: Record<string, unknown>, connection = proxied()) =>
    component.harness.action(key, {
      awsConnection: connection,
      awsRegion: LOCAL_REGION,
      ...params,
    });
  const proxied = (fields: Record<string, unknown> = {}) =>
    localConnection({ endpoint: proxy.endpoint, ...fields });
  const roleConnection = (tag: string) => ({
    key: "awsAssumeRole",
    configVarKey: "",
    fields: {
      roleARN: "arn:aws:iam::123456789012:role/IntegrationRole",
      accessKeyId: "AKIAHARDENING",
      secretAccessKey: "hardening/secret+key",
      externalId: `hardening-${component.name}-${tag}`,
      endpoint: proxy.endpoint,
    },
  });
  const getItem = (extra: Record<string, unknown> = {}, connection = proxied()) =>
    run("getItem", { tableName: table, value: "long", ...extra }, connection);

  beforeAll(() => {
    component = load();
  });

  beforeEach(() => {
    component.resetCaches();
    proxy.reset();
    sts.calls.length = 0;
    sts.fault = undefined;
    sts.refuse = undefined;
  });

  afterEach(() => {
    component.resetClientSettings();
    component.resetCaches();
  });

  describe("client cache eviction", () => {
    /** 32 steps on 32 connections hold their ADD in the proxy; 10 more connections then evict. */
    async function addOncePerConnection(prefix: string, maxAttempts?: string) {
      const add = (i: number) =>
        run(
          "updateItem",
          {
            tableName: table,
            value: `${prefix}-${i}`,
            query: "ADD n :one",
            queryParams: [{ key: ":one", value: "1" }],
            queryParamTypes: [{ key: ":one", value: "N" }],
            ...(maxAttempts ? { maxAttempts } : {}),
          },
          proxied({ tag: `${prefix}-${i}` }),
        );
      proxy.inject(
        "UpdateItem",
        ...Array.from({ length: 42 }, () => ({ kind: "delay" as const, ms: 2_000 })),
      );
      const first = Array.from({ length: 32 }, (_, i) => add(i));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const second = Array.from({ length: 10 }, (_, i) => add(32 + i));
      const outcomes = await Promise.allSettled([...first, ...second]);
      const raw = rawClient();
      try {
        const counters = await Promise.all(
          outcomes.map(async (_, i) => {
            const { Item } = await raw.send(
              new GetItemCommand({
                TableName: table,
                Key: { id: { S: `${prefix}-${i}` } },
                ConsistentRead: true,
              }),
            );
            return Number(Item?.n?.N ?? 0);
          }),
        );
        return { outcomes, counters };
      } finally {
        raw.destroy();
      }
    }

    it("never aborts a request in flight: each ADD is applied exactly once", async () => {
      const { outcomes, counters } = await addOncePerConnection(`evict-${component.name}`);
      const failures = outcomes.filter((outcome) => outcome.status === "rejected");
      expect(failures).toEqual([]);
      expect(counters).toEqual(Array.from({ length: 42 }, () => 1));
      // No attempt was repeated.
      expect(proxy.count("UpdateItem")).toBe(42);
    });

    it("with Max Attempts 1, no step fails with a closed connection", async () => {
      const { outcomes, counters } = await addOncePerConnection(`evict1-${component.name}`, "1");
      const reasons = outcomes.flatMap((outcome) =>
        outcome.status === "rejected" ? [String((outcome.reason as Error).message)] : [],
      );
      expect(reasons).toEqual([]);
      expect(counters).toEqual(Array.from({ length: 42 }, () => 1));
    });
  });

  describe("the deadline of each attempt", () => {
    /**
     * Reads the table's key schema with the default deadline, then drops the client, so that the
     * short deadline set next applies to the timed GetItem only (a loaded machine can take longer
     * than a short deadline for the cold DescribeTable).
     */
    async function warmKeySchema(maxAttempts: string) {
      await getItem({ maxAttempts });
      component.dropClients();
      proxy.reset();
    }

    it("ends a step whose endpoint trickles its answer, saying it answered too slowly", async () => {
      await warmKeySchema("1");
      component.clientSettings.requestTimeoutMs = 1_000;
      // The answer comes one byte every 300 ms: about 90 s for the whole of it.
      proxy.inject("GetItem", { kind: "trickle", intervalMs: 300 });
      const { value: error, elapsed } = await timed(
        failure(within(getItem({ maxAttempts: "1" }), 10_000, "a trickled Get Item")),
      );
      expect(error.message).toMatch(
        new RegExp(`^GetItem failed on table "${table}" in region ${LOCAL_REGION}: TimeoutError: `),
      );
      expect(error.message).toContain("The endpoint answered too slowly");
      expect(proxy.count("GetItem")).toBe(1);
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(1_000 + SLACK_MS);
    });

    it("bounds a request by Max Attempts x deadline plus backoff, whatever the endpoint does", async () => {
      await warmKeySchema("3");
      component.clientSettings.requestTimeoutMs = 800;
      proxy.inject(
        "GetItem",
        { kind: "trickle", intervalMs: 200 },
        { kind: "delay", ms: 20_000 },
        { kind: "trickle", intervalMs: 200 },
      );
      const { value: error, elapsed } = await timed(
        failure(within(getItem({ maxAttempts: "3" }), 15_000, "a slow Get Item")),
      );
      expect(error.message).toContain("TimeoutError");
      expect(proxy.count("GetItem")).toBe(3);
      // The README's bound: Max Attempts x deadline plus the backoff between attempts (for
      // timeouts the SDK's backoff is far below the bound's throttling allowance).
      expect(elapsed).toBeGreaterThanOrEqual(3 * 800);
      expect(elapsed).toBeLessThan(3 * 800 + 2 * 2 * FIRST_BACKOFF_MAX_MS + SLACK_MS);
      expect(elapsed).toBeLessThan(requestBoundMs(3, 800));
    });

    it("waits for a slow answer that completes within the deadline", async () => {
      component.clientSettings.requestTimeoutMs = 8_000;
      // About 1 s for the whole answer: each byte comes well within the deadline.
      proxy.inject("GetItem", { kind: "trickle", intervalMs: 3 });
      await expect(getItem({ maxAttempts: "1" })).resolves.toMatchObject({
        data: { found: true, item: { id: "long", body: "x".repeat(300) } },
      });
    });

    it("fails in bounded time, with a clear message, when the endpoint hangs", async () => {
      component.clientSettings.requestTimeoutMs = 500;
      component.resetCaches();
      // Each attempt would be held for 20 s: far longer than the request timeout.
      proxy.inject("GetItem", { kind: "delay", ms: 20_000 }, { kind: "delay", ms: 20_000 });
      const started = Date.now();
      const error = await failure(getItem({ maxAttempts: "2" }));
      const elapsed = Date.now() - started;
      expect(error.message).toMatch(
        new RegExp(`^GetItem failed on table "${table}" in region ${LOCAL_REGION}: TimeoutError: `),
      );
      expect(error.message).toContain("DynamoDB did not answer in time");
      expect(proxy.count("GetItem")).toBe(2);
      // Two attempts of 500 ms, a short backoff, and the schema read: well under 20 s.
      expect(elapsed).toBeGreaterThanOrEqual(1_000);
      expect(elapsed).toBeLessThan(5_000);
    });

    it("a slow answer within the timeout is simply waited for", async () => {
      component.clientSettings.requestTimeoutMs = 2_000;
      component.resetCaches();
      proxy.inject("GetItem", { kind: "delay", ms: 300 });
      await expect(getItem()).resolves.toMatchObject({ data: { found: true } });
      expect(proxy.count("GetItem")).toBe(1);
    });
  });

  describe("fault messages", () => {
    it("an HTML 503 page is reported as HTTP 503, not as a JSON syntax error", async () => {
      proxy.inject("GetItem", { kind: "html", status: 503 }, { kind: "html", status: 503 });
      const error = await failure(getItem({ maxAttempts: "2" }));
      expect(error.message).toMatch(
        new RegExp(`^GetItem failed on table "${table}" in region ${LOCAL_REGION}: HTTP 503: `),
      );
      expect(error.message).not.toMatch(/SyntaxError|JSON/);
      // A 503 is retried like any server error.
      expect(proxy.count("GetItem")).toBe(2);
    });

    it("a connection the endpoint drops is reported as closed, not as a timeout", async () => {
      proxy.inject("GetItem", { kind: "drop" }, { kind: "drop" });
      const error = await failure(getItem({ maxAttempts: "2" }));
      expect(error.message).toContain("The endpoint closed the connection before answering");
      expect(error.message).not.toContain("did not answer in time");
    });

    it("reports connections dropped on every attempt as a network failure", async () => {
      proxy.inject("GetItem", { kind: "drop" }, { kind: "drop" });
      const error = await failure(getItem({ maxAttempts: "2" }));
      expect(error.message).toMatch(
        new RegExp(
          `^GetItem failed on table "${table}" in region ${LOCAL_REGION}: .*socket hang up`,
        ),
      );
      // Outside Jest the SDK reports it as TimeoutError (code ECONNRESET), with the network hint;
      // inside Jest, Node's own errors come from another realm and the SDK wraps them as text.
      expect(error.message).toMatch(/TimeoutError: socket hang up/);
      expect(proxy.count("GetItem")).toBe(2);
    });

    it("an unresolvable host is reported as such, at once", async () => {
      // Name resolution fails as a DNS server would answer, without any DNS traffic.
      const lookup = dns.lookup;
      const spy = jest.spyOn(dns, "lookup").mockImplementation(((
        host: string,
        options: unknown,
        callback?: (...args: unknown[]) => void,
      ) => {
        const done = (typeof options === "function" ? options : callback) as (
          ...args: unknown[]
        ) => void;
        if (host.endsWith(".invalid")) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
            code: "ENOTFOUND",
            syscall: "getaddrinfo",
            hostname: host,
          });
          process.nextTick(done, error);
          return;
        }
        return (lookup as (...args: unknown[]) => void)(host, options, callback);
      }) as typeof dns.lookup);
      try {
        const { value: error, elapsed } = await timed(
          failure(
            getItem({}, localConnection({ endpoint: "http://dynamodb.no-such-host.invalid:8000" })),
          ),
        );
        expect(error.message).toContain("cannot be resolved");
        expect(error.message).toContain("ENOTFOUND");
        expect(error.message).not.toContain("did not answer in time");
        expect(elapsed).toBeLessThan(3_000);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe("an answer larger than the cap", () => {
    it("is the default cap 64 MB", () => {
      expect(component.clientSettings.maxAnswerBytes).toBe(64 * 1024 * 1024);
    });

    it.each([
      ["declared in Content-Length", false],
      ["sent chunked, without a length", true],
    ])("%s is refused with a clear error, not retried", async (_how, chunked) => {
      component.clientSettings.maxAnswerBytes = 1024 * 1024;
      proxy.inject("GetItem", { kind: "huge", bytes: 3 * 1024 * 1024, chunked });
      const error = await failure(getItem({ maxAttempts: "2" }));
      expect(error.message).toMatch(new RegExp(`^GetItem failed on table "${table}" in region `));
      expect(error.message).toContain("The endpoint's answer is larger than 1 MB");
      expect(proxy.count("GetItem")).toBe(1);
    });

    it("an answer within the cap is read", async () => {
      component.clientSettings.maxAnswerBytes = 4 * 1024 * 1024;
      proxy.inject("GetItem", { kind: "huge", bytes: 3 * 1024 * 1024, chunked: true });
      const result = (await getItem({ maxAttempts: "2" })) as {
        data: { found: boolean; item: { id: string } };
      };
      expect(result.data.found).toBe(true);
      expect(result.data.item.id.length).toBeGreaterThan(3 * 1024 * 1024 - 100);
    });
  });

  describe("AssumeRole", () => {
    it("a refusal is a ConnectionError that says AssumeRole failed, not a DynamoDB failure", async () => {
      sts.refuse = "User is not authorized to perform: sts:AssumeRole";
      const error = await failure(getItem({}, roleConnection("deny")));
      expect(error.name).toBe("ConnectionError");
      expect(String(error)).toMatch(/^ConnectionError: AssumeRole failed for role /);
      expect(error.message).toContain("AccessDenied");
      expect(error.message).not.toContain("DescribeTable");
      expect(proxy.count()).toBe(0);
    });

    it("a garbage answer is a ConnectionError that says AssumeRole failed", async () => {
      sts.fault = "garbage";
      const error = await failure(getItem({ maxAttempts: "1" }, roleConnection("garbage")));
      expect(error.name).toBe("ConnectionError");
      expect(error.message).toMatch(/^AssumeRole failed for role /);
      expect(error.message).not.toContain("DescribeTable");
      expect(proxy.count()).toBe(0);
    });

    it.each([
      ["hangs", "hang", "did not answer within"],
      ["trickles its answer", "trickle", "answered too slowly"],
    ] as const)(
      "an STS that %s is bounded by the deadline and Max Attempts",
      async (_what, fault, says) => {
        component.clientSettings.requestTimeoutMs = 700;
        sts.fault = fault;
        const { value: error, elapsed } = await timed(
          failure(
            within(getItem({ maxAttempts: "2" }, roleConnection(fault)), 10_000, "AssumeRole"),
          ),
        );
        expect(error.name).toBe("ConnectionError");
        expect(error.message).toMatch(/^AssumeRole failed for role .+: TimeoutError: /);
        expect(error.message).toContain(says);
        expect(sts.calls).toHaveLength(2);
        expect(elapsed).toBeLessThan(2 * 700 + 2 * FIRST_BACKOFF_MAX_MS + SLACK_MS);
        expect(elapsed).toBeLessThan(requestBoundMs(2, 700));
        expect(proxy.count()).toBe(0);
      },
    );
  });
});

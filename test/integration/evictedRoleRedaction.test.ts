/**
 * An assumed role's temporary session token stays redacted for as long as a step can still use
 * or report it: here a Scan that reads page after page with an AWS Role ARN connection, whose
 * client other tenants push out of the 32-client cache while it runs, and whose endpoint holds the
 * second page for over a minute and then echoes the request's credentials (raw, URL-encoded and
 * base64). The token appears in no message, cause or debug log line, in any of those forms.
 * Timers are faked so that the minute passes at once (the proxy's hold is a timer too).
 */
import { inspect } from "node:util";
import { clientSettings, getClients, resetClientSettings } from "../../src/aws/client";
import { secretForms } from "../../src/aws/redaction";
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
  localConnection,
  localEndpoint,
  uniqueTableName,
} from "../support/local";

const table = uniqueTableName("evicted_role");
const TOKEN_PREFIX = "EvictedRoleSessionToken/QUJD+distinctive";
const TOKEN = `${TOKEN_PREFIX}-1`;
let proxy: FaultProxy;
let sts: FakeSts;

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  sts = await startFakeSts({ ...LOCAL_CREDENTIALS, sessionTokenPrefix: TOKEN_PREFIX });
  clientSettings.stsEndpoint = sts.endpoint;
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
  for (const id of ["a", "b", "c"]) {
    await harness.action("createItem", {
      awsConnection: localConnection(),
      awsRegion: LOCAL_REGION,
      tableName: table,
      itemJson: JSON.stringify({ id }),
    });
  }
});

afterAll(async () => {
  jest.useRealTimers();
  resetClientSettings();
  clientSettings.stsEndpoint = undefined;
  resetCaches();
  await proxy.close();
  await sts.close();
  await deleteTestTable(table);
});

/** Waits (on real time, at most 10 s) until `check` holds, letting I/O and promises run. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it("an evicted Role step's token stays redacted between its requests, however long they take", async () => {
  resetCaches();
  // A held page must not hit the attempt deadline while the fake minute passes.
  clientSettings.requestTimeoutMs = 10 * 60_000;
  jest.useFakeTimers({
    doNotFake: ["nextTick", "setImmediate", "queueMicrotask", "Date", "hrtime", "performance"],
  });
  const lines: unknown[][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push([level, ...args]);
  const logger = Object.fromEntries(
    ["debug", "info", "log", "warn", "error", "metric", "trace"].map((level) => [
      level,
      record(level),
    ]),
  );
  proxy.inject(
    "Scan",
    { kind: "delay", ms: 1_000 },
    { kind: "delay", ms: 60_000 },
    { kind: "echo" },
  );
  const outcome = harness
    .action(
      "scanItems",
      {
        awsConnection: assumeRoleConnection({ endpoint: proxy.endpoint }),
        awsRegion: LOCAL_REGION,
        tableName: table,
        fetchAll: "true",
        limit: "1",
      },
      { logger, globalDebug: true } as never,
    )
    .then(
      () => undefined,
      (error: Error) => error,
    );

  await until(() => proxy.count("Scan") === 1, "the first page");
  // Other tenants' connections push the step's client out of the cache (32 clients).
  for (let other = 0; other < 40; other++) {
    getClients(localConnection({ accessKeyId: `AKIAOTHERTENANT${other}` }), LOCAL_REGION);
  }
  jest.advanceTimersByTime(1_000);
  await until(() => proxy.count("Scan") === 2, "the second page");
  // The first page's request ended with the client evicted; over a minute passes.
  jest.advanceTimersByTime(61_000);
  const error = await outcome;
  jest.useRealTimers();

  expect(proxy.count("Scan")).toBe(3);
  expect(error?.message).toContain("echo injected by the fault proxy");
  // The echo carried the token the step's requests were signed with.
  expect(proxy.seen.at(-1)?.sessionToken).toBe(TOKEN);
  const texts = [
    error?.message,
    error?.stack,
    inspect(error, { depth: 20 }),
    inspect((error as Error & { cause?: unknown }).cause, { depth: 20 }),
    ...lines.map((line) => inspect(line, { depth: 20 })),
  ].join("\n");
  expect(texts).toContain("****");
  for (const form of secretForms(TOKEN)) {
    expect({ form, found: texts.includes(form) }).toEqual({ form, found: false });
  }
});

/**
 * Every attempt's deadline (src/aws/attemptDeadline.ts) is watched by the process's one Node
 * timer, set for the soonest deadline: a request does not make and clear a Node timer of its own
 * (each cost Node a list of timers made and dropped), a sooner deadline still fires on time when
 * a later one set the timer, and an idle process holds no timer of the connector's.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DeadlineHttpHandler,
  isDeadlineError,
  patientTimeout,
} from "../../src/aws/attemptDeadline";

const ANSWER = JSON.stringify({ Item: { id: { S: "a" } } });
/** A deadline no other timer of the SDK or of Node's HTTP client uses. */
const LONG_DEADLINE_MS = 41_234;

let server: http.Server;
let port: number;
/** The paths whose requests are never answered. */
const hanging = new Set<string>();

beforeAll(async () => {
  server = http.createServer((incoming, response) => {
    incoming.resume();
    incoming.on("end", () => {
      if (hanging.has(incoming.url ?? "")) return;
      response.writeHead(200, {
        "content-type": "application/x-amz-json-1.0",
        "content-length": Buffer.byteLength(ANSWER),
      });
      response.end(ANSWER);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  jest.restoreAllMocks();
});

function client(attemptDeadlineMs: number): DynamoDBClient {
  return new DynamoDBClient({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
    requestHandler: new DeadlineHttpHandler({ connectionTimeoutMs: 1_000, attemptDeadlineMs }),
  });
}

const getItem = () => new GetItemCommand({ TableName: "t", Key: { id: { S: "a" } } });

/** A raw request to `path` through `handler`, settled to its error (undefined when answered). */
function request(handler: DeadlineHttpHandler, path: string): Promise<Error | undefined> {
  return handler
    .handle({
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      method: "POST",
      path,
      headers: { host: `127.0.0.1:${port}` },
      query: {},
      body: "{}",
    } as never)
    .then(
      (result) => {
        (result.response.body as { destroy?: () => void })?.destroy?.();
        return undefined;
      },
      (error: Error) => error,
    );
}

it("sequential requests set no Node timer for their deadlines", async () => {
  const dynamodb = client(LONG_DEADLINE_MS);
  try {
    // The spy replaces setTimeout, so it is in place before the first deadline sets the timer.
    const setTimeoutSpy = jest.spyOn(global, "setTimeout");
    await dynamodb.send(getItem());
    setTimeoutSpy.mockClear();
    for (let i = 0; i < 20; i++) {
      const answer = await dynamodb.send(getItem());
      expect(answer.Item).toEqual({ id: { S: "a" } });
    }
    const deadlineTimers = setTimeoutSpy.mock.calls.filter(
      ([, ms]) => typeof ms === "number" && ms > LONG_DEADLINE_MS - 1_000 && ms <= LONG_DEADLINE_MS,
    );
    expect(deadlineTimers).toHaveLength(0);
  } finally {
    dynamodb.destroy();
  }
});

it("sequential requests set Node timers of one length, the SDK's keep-alive timer's, so Node keeps one list of them", async () => {
  const dynamodb = client(LONG_DEADLINE_MS);
  try {
    const setTimeoutSpy = jest.spyOn(global, "setTimeout");
    await dynamodb.send(getItem());
    setTimeoutSpy.mockClear();
    for (let i = 0; i < 5; i++) await dynamodb.send(getItem());
    const lengths = new Set(setTimeoutSpy.mock.calls.map(([, ms]) => ms));
    expect([...lengths]).toEqual([3_000]);
  } finally {
    dynamodb.destroy();
  }
});

it("writes no warning of the SDK's when requests wait for a connection longer than its 3 s", async () => {
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  const handler = new DeadlineHttpHandler({
    connectionTimeoutMs: 1_000,
    attemptDeadlineMs: 3_600,
    maxSockets: 1,
  });
  hanging.add("/held");
  try {
    // One request holds the only connection, two wait for it: the SDK's condition for its warning.
    const errors = await Promise.all([1, 2, 3].map(() => request(handler, "/held")));
    expect(errors.every((error) => isDeadlineError(error))).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  } finally {
    hanging.delete("/held");
    handler.destroy();
  }
});

it("ends an attempt on time when a longer deadline set the process's timer first", async () => {
  const longWait = patientTimeout(20_000, () => undefined);
  const handler = new DeadlineHttpHandler({ connectionTimeoutMs: 1_000, attemptDeadlineMs: 300 });
  hanging.add("/never");
  const started = performance.now();
  try {
    const error = await request(handler, "/never");
    const elapsed = performance.now() - started;
    expect(isDeadlineError(error)).toBe(true);
    expect(error?.message).toBe(
      "The endpoint did not answer within 0.3 s, the deadline of each attempt.",
    );
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  } finally {
    longWait.cancel();
    hanging.delete("/never");
    handler.destroy();
  }
});

it("ends each of many overlapping attempts at its own deadline", async () => {
  const short = new DeadlineHttpHandler({ connectionTimeoutMs: 1_000, attemptDeadlineMs: 200 });
  const long = new DeadlineHttpHandler({ connectionTimeoutMs: 1_000, attemptDeadlineMs: 700 });
  hanging.add("/slow");
  const started = performance.now();
  const ended = (error: Error | undefined) => ({ error, at: performance.now() - started });
  try {
    const [first, second, answered] = await Promise.all([
      request(long, "/slow").then(ended),
      request(short, "/slow").then(ended),
      request(short, "/answered").then(ended),
    ]);
    expect(answered.error).toBeUndefined();
    expect(isDeadlineError(second.error)).toBe(true);
    expect(isDeadlineError(first.error)).toBe(true);
    expect(second.at).toBeGreaterThanOrEqual(190);
    expect(second.at).toBeLessThan(650);
    expect(first.at).toBeGreaterThanOrEqual(690);
    expect(first.at).toBeLessThan(2_500);
  } finally {
    hanging.delete("/slow");
    short.destroy();
    long.destroy();
  }
});

it("leaves no timer that keeps an idle process alive", async () => {
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
  const before = timers();
  const dynamodb = client(LONG_DEADLINE_MS);
  try {
    for (let i = 0; i < 3; i++) await dynamodb.send(getItem());
    expect(timers()).toBe(before);
  } finally {
    dynamodb.destroy();
  }
});

it("sets the process's timer again when the one it had can never fire (fake timers taken away)", async () => {
  jest.useFakeTimers({ doNotFake: ["performance", "nextTick", "setImmediate", "queueMicrotask"] });
  let firstEnded = false;
  // Set on the fake clock, which is then taken away: that timer never fires.
  patientTimeout(50, () => {
    firstEnded = true;
  });
  jest.useRealTimers();
  let secondEnded = false;
  // Due later than the stranded timer: only setting the process's timer again ends it.
  patientTimeout(100, () => {
    secondEnded = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(secondEnded).toBe(true);
  expect(firstEnded).toBe(true);
});

/**
 * The per-attempt deadline (src/aws/attemptDeadline.ts) against a loopback server that hangs or trickles its
 * answer, and the bound the errors-and-retries guide states, computed from the same constants the
 * code uses.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  DeadlineHttpHandler,
  isDeadlineError,
  requestBoundMs,
} from "../../src/aws/attemptDeadline";
import { CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from "../../src/aws/client";

type Behaviour = "trickle" | "hang" | "fast";

let server: http.Server;
let port: number;
let behaviour: Behaviour = "fast";
const timers = new Set<NodeJS.Timeout>();
const BODY = JSON.stringify({ Item: { id: { S: "x".repeat(200) } } });
/** Sockets the server saw close: the client destroyed its request (or the answer). */
let socketsClosed = 0;
/** Requests the server received. */
let requestsReceived = 0;

beforeAll(async () => {
  server = http.createServer((incoming, response) => {
    requestsReceived += 1;
    incoming.socket.once("close", () => {
      socketsClosed += 1;
    });
    if (behaviour === "hang") return;
    response.writeHead(200, {
      "content-type": "application/x-amz-json-1.0",
      "content-length": BODY.length,
    });
    if (behaviour === "fast") {
      response.end(BODY);
      return;
    }
    // Headers at once, then one byte every 50 ms: about 10 s in all.
    response.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      if (response.destroyed || sent >= BODY.length) {
        clearInterval(timer);
        if (!response.destroyed) response.end();
        return;
      }
      response.write(BODY[sent]);
      sent += 1;
    }, 50);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function request() {
  return {
    protocol: "http:",
    hostname: "127.0.0.1",
    port,
    method: "POST",
    path: "/",
    headers: { host: `127.0.0.1:${port}` },
    query: {},
    body: "{}",
  } as never;
}

async function attempt(deadlineMs: number, abortSignal?: AbortSignal) {
  const handler = new DeadlineHttpHandler({
    connectionTimeoutMs: 1_000,
    attemptDeadlineMs: deadlineMs,
  });
  const started = performance.now();
  try {
    const result = await handler.handle(request(), abortSignal ? { abortSignal } : {});
    return { result, elapsed: performance.now() - started };
  } catch (error) {
    return { error: error as Error & { code?: string }, elapsed: performance.now() - started };
  } finally {
    handler.destroy();
  }
}

describe("the deadline of one attempt", () => {
  it.each([
    ["trickle", "The endpoint answered too slowly: its answer began but was not complete within"],
    ["hang", "The endpoint did not answer within"],
  ] as const)(
    "cuts off an endpoint that %ss at the deadline, with a retryable TimeoutError saying so",
    async (kind, says) => {
      behaviour = kind;
      const { error, elapsed } = await attempt(400);
      expect(error?.name).toBe("TimeoutError");
      expect(error?.code).toBe("ETIMEDOUT");
      // A loaded machine may run the timer late: that time is given back, and said.
      expect(error?.message).toMatch(
        new RegExp(
          `^${says} 0\\.4 s, the deadline of each attempt(, and \\d+ ms more given because this process was busy with other work)?\\.$`,
        ),
      );
      expect(isDeadlineError(error)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(2_000);
    },
  );

  it.each(["trickle", "hang"] as const)(
    "frees the socket of an endpoint that %ss when the deadline passes",
    async (kind) => {
      behaviour = kind;
      const closedBefore = socketsClosed;
      await attempt(300);
      // The request (or its answer) is destroyed, so the server sees its socket close.
      const until = Date.now() + 2_000;
      while (socketsClosed === closedBefore && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(socketsClosed).toBe(closedBefore + 1);
    },
  );

  it.each(["trickle", "hang"] as const)(
    "stops at once when the caller aborts an attempt to an endpoint that %ss",
    async (kind) => {
      behaviour = kind;
      const caller = new AbortController();
      setTimeout(() => caller.abort(), 100);
      const { error, elapsed } = await attempt(5_000, caller.signal);
      expect(error?.name).toBe("AbortError");
      expect(isDeadlineError(error)).toBe(false);
      expect(elapsed).toBeLessThan(1_000);
    },
  );

  it("sends nothing when the caller has already aborted", async () => {
    behaviour = "fast";
    const caller = new AbortController();
    caller.abort();
    // A request of an earlier case may still be on its way to the server: let it arrive first.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const received = requestsReceived;
    const { error, elapsed } = await attempt(5_000, caller.signal);
    expect(error?.name).toBe("AbortError");
    expect(elapsed).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requestsReceived).toBe(received);
  });

  it("hands a complete answer to the SDK as bytes", async () => {
    behaviour = "fast";
    const { result, error } = await attempt(2_000);
    expect(error).toBeUndefined();
    expect(result?.response.statusCode).toBe(200);
    expect(Buffer.from(result?.response.body as Uint8Array).toString("utf8")).toBe(BODY);
  });
});

describe("the bound the guide states (docs/guides/errors-and-retries.md, Timeouts)", () => {
  const guide = path.join(__dirname, "..", "..", "docs", "guides", "errors-and-retries.md");
  const timeouts =
    fs.readFileSync(guide, "utf8").split("\n## Timeouts\n")[1]?.split("\n## ")[0] ?? "";
  const text = timeouts.replace(/\s+/g, " ");

  it("names the connection timeout and the deadline the code uses", () => {
    expect(CONNECTION_TIMEOUT_MS).toBe(5_000);
    expect(REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(text).toContain("up to **5 seconds to connect**");
    expect(text).toContain("up to **30 seconds in all**");
  });

  it("gives the longest request with the default 4 attempts as the code computes it", () => {
    const bound = requestBoundMs(4, REQUEST_TIMEOUT_MS);
    expect(bound).toBe(142_000);
    expect(text).toContain("2 minutes 22 seconds at most (120 + 7 + 15 seconds)");
    expect(text).toContain("Max Attempts × 30 seconds plus the waits between attempts");
  });

  it("grows with Max Attempts, the SDK's backoff capped at 20 s", () => {
    expect(requestBoundMs(1, 30_000)).toBe(30_000);
    expect(requestBoundMs(2, 30_000)).toBe(60_000 + 1_000 + 5_000);
    expect(requestBoundMs(20, 30_000)).toBe(
      600_000 + [1, 2, 4, 8, 16].reduce((a, b) => a + b, 0) * 1_000 + 14 * 20_000 + 19 * 5_000,
    );
  });
});

/**
 * Which failed attempts may have applied their request (aws/errors.ts mayHaveBeenApplied): a
 * write resent after one of them is reported as uncertain, one resent after a refusal is not.
 */

import net, { type AddressInfo, type Socket } from "node:net";
import { DeadlineHttpHandler } from "../../src/aws/attemptDeadline";
import { mayHaveBeenApplied } from "../../src/aws/errors";

const withStatus = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe("mayHaveBeenApplied", () => {
  it.each([
    ["an HTTP 500", withStatus("InternalServerError", 500), true],
    ["an HTTP 503", withStatus("ServiceUnavailable", 503), true],
    ["an answer cut short (a 200 that failed)", withStatus("Error", 200), true],
    [
      "a connection reset",
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      true,
    ],
    [
      "a deadline passed while waiting for the answer",
      Object.assign(new Error("The endpoint did not answer within 1 s."), { name: "TimeoutError" }),
      true,
    ],
    [
      "a timeout whose text speaks of connecting, from an attempt that was sent",
      Object.assign(new Error("Could not connect to the endpoint: reworded by a proxy"), {
        name: "TimeoutError",
        code: "ETIMEDOUT",
      }),
      true,
    ],
    ["throttling (HTTP 400)", withStatus("ProvisionedThroughputExceededException", 400), false],
    ["a refused connection", Object.assign(new Error("connect"), { code: "ECONNREFUSED" }), false],
    ["an unknown host", Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }), false],
    [
      "a wait for a free connection",
      Object.assign(new Error("waited"), { name: "TimeoutError", $waitedForConnection: true }),
      false,
    ],
    ["no error object", undefined, false],
  ])("%s: %s", (_what, error, expected) => {
    expect(mayHaveBeenApplied(error)).toBe(expected);
  });
});

describe("a connection that never opened, as the connector's HTTP handler fails it", () => {
  // Accepts TCP connections and never answers the TLS handshake: the connection never opens.
  const sockets = new Set<Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.resume();
  });
  let port: number;

  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    port = (silent.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  /** The error of one attempt to the silent endpoint with these timeouts. */
  async function attemptError(connectionTimeoutMs: number, attemptDeadlineMs: number) {
    const handler = new DeadlineHttpHandler({ connectionTimeoutMs, attemptDeadlineMs });
    const request = {
      protocol: "https:",
      hostname: "127.0.0.1",
      port,
      method: "POST",
      path: "/",
      query: {},
      headers: { host: `127.0.0.1:${port}` },
      body: "{}",
    } as never;
    try {
      return await handler.handle(request).then(
        () => undefined,
        (error: Error) => error,
      );
    } finally {
      handler.destroy();
    }
  }

  it.each([
    ["the connection timeout", 200, 3_000],
    ["the attempt's deadline while it was being opened", 3_000, 200],
  ])("%s: not applied, whatever its message says", async (_what, connectMs, deadlineMs) => {
    const error = await attemptError(connectMs, deadlineMs);
    expect(error).toEqual(expect.objectContaining({ name: "TimeoutError", code: "ETIMEDOUT" }));
    expect(mayHaveBeenApplied(error)).toBe(false);
    // Its text is not what decides: a reworded message (a later version's) changes nothing.
    expect(mayHaveBeenApplied(Object.assign(error as Error, { message: "Timed out." }))).toBe(
      false,
    );
  });
});

/**
 * Which failed attempts may have applied their request (aws/errors.ts mayHaveBeenApplied): a
 * write resent after one of them is reported as uncertain, one resent after a refusal is not.
 */
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
    ["throttling (HTTP 400)", withStatus("ProvisionedThroughputExceededException", 400), false],
    ["a refused connection", Object.assign(new Error("connect"), { code: "ECONNREFUSED" }), false],
    ["an unknown host", Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }), false],
    [
      "a wait for a free connection",
      Object.assign(new Error("waited"), { name: "TimeoutError", $waitedForConnection: true }),
      false,
    ],
    [
      "a connection that did not open in time",
      Object.assign(new Error("Could not connect to the endpoint: its DNS lookup ..."), {
        name: "TimeoutError",
        code: "ETIMEDOUT",
      }),
      false,
    ],
    ["no error object", undefined, false],
  ])("%s: %s", (_what, error, expected) => {
    expect(mayHaveBeenApplied(error)).toBe(expected);
  });
});

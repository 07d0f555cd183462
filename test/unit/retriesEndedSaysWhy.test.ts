/**
 * The one phrase saying why a batch's entries are still unprocessed (retriesEnded): Max Retries,
 * the retry time limit (backoffSettings.retryTimeMs) before it, or each for some requests.
 */
import { RetryStops, resetBackoffSettings, retriesEnded } from "../../src/engines/batchRuns";

afterEach(() => resetBackoffSettings());

function stops(maxRetries: number, atMax: number, timed: number[]): RetryStops {
  const result = new RetryStops(maxRetries);
  result.atMaxRetries = atMax;
  for (const retries of timed) result.timeLimit(retries);
  return result;
}

describe("retriesEnded", () => {
  it("names Max Retries when it ended every request's retries", () => {
    expect(retriesEnded(stops(10, 2, []))).toBe("after the 10 retries Max Retries allows");
    expect(retriesEnded(stops(1, 1, []))).toBe("after the 1 retry Max Retries allows");
    expect(retriesEnded(stops(0, 1, []))).toBe("with no retries, as Max Retries is 0");
  });

  it("names the retry time limit, and the retries made, when it ended them first", () => {
    expect(retriesEnded(stops(10, 0, [7]))).toBe(
      "after 7 of the 10 retries Max Retries allows, when the 60 s retry time limit ended them",
    );
    expect(retriesEnded(stops(10, 0, [7, 5]))).toBe(
      "after 5 to 7 of the 10 retries Max Retries allows, when the 60 s retry time limit ended them",
    );
  });

  it("names both when some requests reached Max Retries and others the time limit", () => {
    expect(retriesEnded(stops(10, 1, [7]))).toBe(
      "after the 10 retries Max Retries allows or, for some requests, after 7 of them, when the 60 s retry time limit ended them",
    );
  });

  it("adds the stops of a later wave", () => {
    const first = stops(10, 1, []);
    first.add(stops(10, 0, [4]));
    expect(retriesEnded(first)).toContain("for some requests, after 4 of them");
  });
});

/**
 * The one poll loop every wait uses (pollUntil): it polls with a delay that doubles up to its
 * cap, ends with the check's result or the check's own failure, maps a failed describe to an
 * action error naming the operation, and, once its bound is up, throws a StepError
 * `waitTimedOut` built from the last answer, without sleeping past the bound.
 */

import { pollUntil } from "../../src/engines/polling";
import { StepError } from "../../src/errors/stepError";

/** Slack for a loaded machine's late timers. */
const SLACK_MS = 200;
const context = { operation: "CreateTable", table: "Customers", region: "us-east-1" };

/** A describe that answers the statuses in turn (the last one for ever) and notes when it ran. */
function statuses(...answers: string[]) {
  const calls: number[] = [];
  const describe = async () => {
    calls.push(Date.now());
    return answers[Math.min(calls.length - 1, answers.length - 1)];
  };
  return { calls, describe };
}

/** The failure a promise ends with; a test fails if it resolves. */
function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => new Error("expected a failure"),
    (failure: Error) => failure,
  );
}

const base = {
  context,
  firstDelayMs: 20,
  maxDelayMs: 80,
  timedOutMessage: (last: string | undefined) => `still ${last ?? "nothing"}`,
};

describe("the bounded poll loop", () => {
  it("returns the check's result once it says done, after doubling delays up to the cap", async () => {
    const { calls, describe } = statuses("CREATING", "CREATING", "CREATING", "CREATING", "ACTIVE");
    // The delays the loop asks its timers for: the cap, read without the wall clock, which a
    // loaded machine stretches past any bound (a late 80 ms timer looks like an uncapped 160).
    const timers = jest.spyOn(global, "setTimeout");
    const result = await pollUntil({
      ...base,
      describe,
      maxWaitSeconds: 5,
      check: (status) =>
        status === "ACTIVE" ? { done: true, result: `got ${status}` } : undefined,
    });
    const delays = timers.mock.calls.map(([, ms]) => ms);
    timers.mockRestore();
    expect(result).toBe("got ACTIVE");
    const asked = delays.filter((ms) => [20, 40, 80, 160].includes(ms as number));
    expect(asked).toEqual([20, 40, 80, 80]);
    expect(calls).toHaveLength(5);
    const gaps = calls.slice(1).map((at, index) => at - calls[index]);
    // 20, 40, 80, 80 ms: timers may fire late, never early.
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    expect(gaps[1]).toBeGreaterThanOrEqual(39);
    expect(gaps[2]).toBeGreaterThanOrEqual(79);
    expect(gaps[3]).toBeGreaterThanOrEqual(79);
  });

  it("passes the check's own failure unchanged", async () => {
    const failure = new StepError("backupDeleted", "deleted first");
    const { describe } = statuses("CREATING", "DELETED");
    await expect(
      pollUntil({
        ...base,
        describe,
        maxWaitSeconds: 5,
        check: (status) => {
          if (status === "DELETED") throw failure;
          return undefined;
        },
      }),
    ).rejects.toBe(failure);
  });

  it("maps a failed describe to an action error naming the operation, table and region", async () => {
    const refused = Object.assign(new Error("Too many requests"), {
      name: "LimitExceededException",
    });
    const error = await failureOf(
      pollUntil({
        ...base,
        describe: () => Promise.reject(refused),
        maxWaitSeconds: 5,
        check: () => undefined,
      }),
    );
    expect(error).not.toBe(refused);
    expect(error.name).toBe("LimitExceededException");
    expect(error.message).toMatch(
      /^CreateTable failed on table "Customers" in region us-east-1: LimitExceededException: Too many requests/,
    );
  });

  it("times out with the last answer, without sleeping past its bound", async () => {
    const { calls, describe } = statuses("CREATING", "UPDATING");
    const started = Date.now();
    const error = await failureOf(
      pollUntil({
        ...base,
        firstDelayMs: 300,
        maxDelayMs: 300,
        describe,
        maxWaitSeconds: 1,
        check: () => undefined,
      }),
    );
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).code).toBe("waitTimedOut");
    const stoppedAfter = Date.now() - started;
    expect(error.message).toBe("still UPDATING");
    // Polls about every 300 ms; it stops when the next sleep would end past the bound. Judged at
    // the moment it stopped, not at the last poll: on a loaded machine the loop reads its clock
    // for that decision later than the last describe began (647 ms against 710 once).
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(stoppedAfter + 300).toBeGreaterThan(1_000 - 10);
    expect(stoppedAfter).toBeLessThan(1_000 + SLACK_MS);
  });

  it("times out with nothing seen when even the first describe outlasts the bound", async () => {
    const error = await failureOf(
      pollUntil({
        ...base,
        describe: () => new Promise<string>(() => undefined),
        maxWaitSeconds: 0.1,
        check: () => undefined,
      }),
    );
    expect((error as StepError).code).toBe("waitTimedOut");
    expect(error.message).toBe("still nothing");
  });
});

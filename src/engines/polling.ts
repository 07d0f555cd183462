import { patientTimeout } from "../aws/attemptDeadline";
import { type CallContext, callAws, StepError } from "../aws/errors";
import { failedPartWay } from "./batchRuns";

/*
 * The one bounded poll loop of every wait (tables, indexes, replicas, backups, exports and
 * imports): describe, look, sleep a growing delay, until done, failed or out of time.
 */

/** What beforeWaitEnds gives back when the wait's time limit came first. */
export const WAIT_ENDED = Symbol("the wait's time limit has passed");

/**
 * Runs one request of a wait so that it ends by `waitEnds` (epoch ms, when the wait's time limit
 * is up): then its request is aborted (through the AbortSignal given to `send`) and WAIT_ENDED
 * is returned at once, so that a wait never outlasts its limit by a slow last poll. The limit is
 * a patientTimeout: time the process spent busy with other steps does not count against an
 * answer that arrived meanwhile. (Not to be confused with a request's attempt deadline,
 * src/aws/attemptDeadline.ts, which bounds each attempt of one AWS call.)
 */
export async function beforeWaitEnds<T>(
  waitEnds: number,
  send: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T | typeof WAIT_ENDED> {
  const remaining = waitEnds - Date.now();
  if (remaining <= 0) return WAIT_ENDED;
  const controller = new AbortController();
  let timer: { cancel(): void } | undefined;
  const expired = new Promise<typeof WAIT_ENDED>((resolve) => {
    timer = patientTimeout(remaining, () => {
      controller.abort();
      resolve(WAIT_ENDED);
    });
  });
  const request = send(controller.signal);
  // Once the time limit has won, the aborted request's own failure is expected and ignored.
  request.catch(() => undefined);
  try {
    return await Promise.race([request, expired]);
  } finally {
    timer?.cancel();
  }
}

/** One wait for pollUntil: what to ask, how to read the answer, how long and how often. */
export interface Poll<D, T> {
  /** One describe request; it must pass `abortSignal` to the SDK's `send`. */
  describe: (abortSignal: AbortSignal) => Promise<D>;
  /**
   * Reads one answer: `{ done: true, result }` ends the wait with `result`, undefined polls
   * again; a failed state throws its own error (which passes the error mapping unchanged when a
   * StepError).
   */
  check: (answer: D) => { done: true; result: T } | undefined;
  /** Names the operation, table and region when a describe request fails. */
  context: CallContext;
  /** The bound of the whole wait, its requests included, in seconds. */
  maxWaitSeconds: number;
  /** The delay after the first poll, doubled after each poll up to `maxDelayMs`, in ms. */
  firstDelayMs: number;
  maxDelayMs: number;
  /**
   * The message of the StepError `waitTimedOut` once the time is up, from the last answer
   * (undefined when none came in time): what is still going on and how to check it.
   */
  timedOutMessage: (last: D | undefined) => string;
  /**
   * What was started before the wait and goes on whatever becomes of it, and how to check it:
   * added to a failed describe request's error, so that a wait cut short by the network never
   * reads as if nothing had been done (and the change were to be made again).
   */
  inBackground?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `poll.describe` until `poll.check` says done (returns its result) or throws, or until
 * `poll.maxWaitSeconds` pass in all: the request in flight then is aborted (beforeWaitEnds), and
 * no sleep starts that would end past the bound. Then throws a StepError `waitTimedOut` with
 * `poll.timedOutMessage`. A failed describe request is an action error naming `poll.context`'s
 * operation, table and region (callAws), followed by `poll.inBackground`.
 */
export async function pollUntil<D, T>(poll: Poll<D, T>): Promise<T> {
  const waitEnds = Date.now() + poll.maxWaitSeconds * 1000;
  let delay = poll.firstDelayMs;
  let last: D | undefined;
  const timedOut = () => new StepError("waitTimedOut", poll.timedOutMessage(last));
  for (;;) {
    const answer = await callAws(poll.context, () => beforeWaitEnds(waitEnds, poll.describe)).catch(
      (error: unknown) => {
        throw poll.inBackground ? failedPartWay(error, poll.inBackground, {}) : error;
      },
    );
    if (answer === WAIT_ENDED) throw timedOut();
    last = answer;
    const outcome = poll.check(answer);
    if (outcome) return outcome.result;
    if (Date.now() + delay > waitEnds) throw timedOut();
    await sleep(delay);
    delay = Math.min(delay * 2, poll.maxDelayMs);
  }
}

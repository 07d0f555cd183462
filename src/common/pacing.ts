/**
 * Long synchronous work (the rows of a big file, the items of a big read, the records of a
 * stream poll) lets the event loop run every few milliseconds, so one step never stalls the other
 * steps, timers and sockets of the process. Streams and async generators alone do not: their callbacks run as microtasks, and
 * a whole file can be read without the loop ever turning.
 */
import { performance } from "node:perf_hooks";

/** The most synchronous work (ms) between two turns of the event loop. */
const YIELD_EVERY_MS = 5;

/**
 * One run's clock of synchronous work: `if (pacer.due()) await pacer.pause();` per row or per few
 * hundred cells. `due()` is a clock read, so the common case adds no promise; `pause()` lets the
 * event loop run (setImmediate: after pending I/O and timers).
 */
export class Pacer {
  private last = performance.now();

  /** Has this run worked YIELD_EVERY_MS without letting the loop run? */
  due(): boolean {
    return performance.now() - this.last >= YIELD_EVERY_MS;
  }

  /** Lets the event loop run once. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}

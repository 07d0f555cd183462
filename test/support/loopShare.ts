/**
 * How work shared the event loop, measured so that a busy machine does not change the verdict.
 *
 * A wall-clock gap between two runs of a timer grows whenever the OS runs another process instead
 * of this one (CI runs on two shared cores), so a bound on it fails on a loaded machine although
 * the code yielded as it should. The CPU time this thread spends between two turns of the loop
 * does not grow with load, and it is what the code under test decides: work that never yields
 * holds the loop for its whole CPU time, whatever the load. So the tests bound the longest
 * stretch in CPU time and count the turns; the wall-clock gap is kept for DEBUG output only.
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { debugNote } from "./quiet";

type CpuUsage = { user: number; system: number };

/** Node 22.19+ (and 23.9+); @types/node stays on 20, which lacks it. */
const threadCpuUsage = (process as { threadCpuUsage?: () => CpuUsage }).threadCpuUsage;

/** Linux gives each thread's CPU time (ns, the first field) without threadCpuUsage too. */
const SCHEDSTAT = "/proc/thread-self/schedstat";
const hasSchedstat = !threadCpuUsage && fs.existsSync(SCHEDSTAT);

/**
 * This thread's CPU time in ms: threadCpuUsage on Node 22, Linux's schedstat on Node 20. Never
 * the process's where either exists: the garbage collector's and compiler's helper threads work
 * in whatever window the main thread is paused, and a loaded machine widens those windows, so the
 * process's CPU between two turns grew with load (635 ms against a 400 ms bound once on Node 20).
 * Elsewhere, the process's, which can only read higher.
 */
export function cpuMs(): number {
  if (threadCpuUsage) {
    const { user, system } = threadCpuUsage.call(process);
    return (user + system) / 1000;
  }
  if (hasSchedstat) return Number(fs.readFileSync(SCHEDSTAT, "utf8").split(" ")[0]) / 1e6;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface LoopShare {
  /** How many times a 1 ms interval timer ran: the turns of the loop the work let happen. */
  turns: number;
  /** The most CPU time (ms) the thread spent between two runs of the timer. */
  longestCpuMs: number;
  /** The longest wall-clock gap (ms) between two runs: what the load adds, for DEBUG output. */
  longestWallMs: number;
}

/**
 * Starts a 1 ms interval timer. `now()` reads how the loop was shared so far (the stretch still
 * open included) without stopping; `stop()` clears the timer and reads it.
 */
export function watchLoop(): { now(): LoopShare; stop(): LoopShare } {
  let lastCpu = cpuMs();
  let lastWall = performance.now();
  const seen: LoopShare = { turns: 0, longestCpuMs: 0, longestWallMs: 0 };
  const timer = setInterval(() => {
    const cpu = cpuMs();
    const wall = performance.now();
    seen.longestCpuMs = Math.max(seen.longestCpuMs, cpu - lastCpu);
    seen.longestWallMs = Math.max(seen.longestWallMs, wall - lastWall);
    lastCpu = cpu;
    lastWall = wall;
    seen.turns += 1;
  }, 1);
  const now = (): LoopShare => ({
    turns: seen.turns,
    longestCpuMs: Math.max(seen.longestCpuMs, cpuMs() - lastCpu),
    longestWallMs: Math.max(seen.longestWallMs, performance.now() - lastWall),
  });
  return {
    now,
    stop() {
      const share = now();
      clearInterval(timer);
      return share;
    },
  };
}

/** Prints a measurement with DEBUG (debugNote). */
export function debugShare(what: string, share: LoopShare): void {
  debugNote(
    `${what}: ${share.turns} turns, longest stretch ${share.longestCpuMs.toFixed(1)} ms CPU, ${share.longestWallMs.toFixed(1)} ms wall`,
  );
}

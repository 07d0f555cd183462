/**
 * A big import lets the rest of the process run: in a child process with a 160 MB heap, Import
 * Items reads a JSON Lines file of 100,000 rows (6 MB) and a CSV of 20 rows of 50,000 columns
 * (3 MB) while a timer watches the event loop (support/loopShare.ts), and the process's memory
 * is sampled. Before the write pass was bounded by bytes and the CSV parser by one record, the
 * wide CSV ended this child in "JavaScript heap out of memory" (25 rows of 50,000 attributes in
 * one request, 16 wide rows parsed ahead at once). The JSON Lines case guards the long-file path.
 *
 * The bound is on the longest stretch between two turns of the loop in CPU time, which a busy
 * machine does not lengthen as it does the wall-clock delay. It is generous (1 s against the 5 ms
 * between yields): garbage collection in the small heap, not the import, sets it.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { debugNote } from "../support/quiet";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const CHILD = path.join(__dirname, "..", "support", "importLoopChild.ts");
const MAX_STRETCH_CPU_MS = 1_000;
const MAX_RSS_GROWTH_MB = 150;

interface ChildReport {
  bytes: number;
  written: number;
  sent: number;
  ms: number;
  longestStretchCpuMs: number;
  longestGapMs: number;
  rssGrowthMb: number;
  error?: string;
}

function runChild(mode: "jsonl" | "wide"): ChildReport {
  const run = spawnSync(
    process.execPath,
    ["--max-old-space-size=160", ...TYPESCRIPT_CHILD, CHILD, mode],
    { cwd: path.join(__dirname, "..", ".."), encoding: "utf8", timeout: 170_000 },
  );
  const line = run.stdout.split("\n").find((text) => text.startsWith("{"));
  if (line === undefined) {
    throw new Error(
      `the child printed no report (status ${run.status}): ${run.stderr.slice(-2000)}`,
    );
  }
  return JSON.parse(line) as ChildReport;
}

describe("Import Items keeps the event loop running and its memory bounded", () => {
  it("a JSON Lines file of 100,000 rows", () => {
    const report = runChild("jsonl");
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ written: 100_000, sent: 100_000 });
    expect(report.bytes).toBeGreaterThan(5_000_000);
    // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
    debugNote(
      `longest stretch ${report.longestStretchCpuMs.toFixed(0)} ms CPU, gap ${report.longestGapMs.toFixed(0)} ms wall`,
    );
    expect(report.longestStretchCpuMs).toBeLessThan(MAX_STRETCH_CPU_MS);
    expect(report.rssGrowthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  }, 180_000);

  it("a CSV of 20 rows of 50,000 columns", () => {
    const report = runChild("wide");
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ written: 20, sent: 20 });
    // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
    debugNote(
      `longest stretch ${report.longestStretchCpuMs.toFixed(0)} ms CPU, gap ${report.longestGapMs.toFixed(0)} ms wall`,
    );
    expect(report.longestStretchCpuMs).toBeLessThan(MAX_STRETCH_CPU_MS);
    expect(report.rssGrowthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  }, 180_000);
});

/**
 * A big import lets the rest of the process run: in a child process with a 160 MB heap, Import
 * Items reads a JSON Lines file of 100,000 rows (6 MB) and a CSV of 20 rows of 50,000 columns
 * (3 MB) while perf_hooks.monitorEventLoopDelay watches the event loop, and the process's memory
 * is sampled. Before the write pass was bounded by bytes and the CSV parser by one record, the
 * wide CSV ended this child in "JavaScript heap out of memory" (25 rows of 50,000 attributes in
 * one request, 16 wide rows parsed ahead at once). The JSON Lines case guards the long-file path.
 *
 * The bound on the delay is generous (1 s against the 5 ms between yields) because this machine
 * runs many processes on two cores; garbage collection and scheduling, not the import, set it.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const CHILD = path.join(__dirname, "..", "support", "importLoopChild.ts");
const MAX_LOOP_DELAY_MS = 1_000;
const MAX_RSS_GROWTH_MB = 150;

interface ChildReport {
  bytes: number;
  written: number;
  sent: number;
  ms: number;
  maxDelayMs: number;
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
    expect(report.maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
    expect(report.rssGrowthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  }, 180_000);

  it("a CSV of 20 rows of 50,000 columns", () => {
    const report = runChild("wide");
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ written: 20, sent: 20 });
    expect(report.maxDelayMs).toBeLessThan(MAX_LOOP_DELAY_MS);
    expect(report.rssGrowthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  }, 180_000);
});

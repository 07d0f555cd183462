/**
 * Keeps `npm run bench` working: runs it with tiny sizes (--quick) against the test engine and
 * checks the report's structure and the figures that do not depend on timing: one DynamoDB call
 * per warm item action and one STS call for all assume-role invocations.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BenchResult, NOT_JUDGED, parseOptions, renderText } from "../../bench/run";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";
import { localEndpoint } from "../support/local";
import { describeRuntimeNeutral } from "../support/runtimeNeutral";

const ROOT = path.resolve(__dirname, "../..");
/** The runtime a quick run measures (no --node22): the one running the tests. */
const RUNTIME = `Node ${process.versions.node.split(".")[0]}`;
const REPORT = path.join(ROOT, "BENCHMARKS.md");

/**
 * Runs `npm run bench -- --quick` with `args` against the test engine, writing the JSON result
 * and the Markdown report to the given files; throws with the output if it fails.
 */
function runQuickBench(
  args: string[],
  jsonPath: string,
  markdownPath: string,
  timeoutMs: number,
): { stdout: string; result: BenchResult } {
  const run = spawnSync(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "bench/run.ts",
      "--quick",
      ...args,
      "--endpoint",
      localEndpoint(),
      "--json",
      jsonPath,
      "--out",
      markdownPath,
    ],
    { cwd: ROOT, encoding: "utf8", timeout: timeoutMs },
  );
  if (run.status !== 0) {
    throw new Error(`bench exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  }
  return {
    stdout: run.stdout,
    result: JSON.parse(fs.readFileSync(jsonPath, "utf8")) as BenchResult,
  };
}

describe("bench options", () => {
  it("uses the full sizes by default and tiny ones with --quick", () => {
    const full = parseOptions([], {});
    expect(full).toMatchObject({ quick: false, rounds: 10, ops: 200, items: 10_000, build: true });
    expect(full).toMatchObject({ warmup: 2000, processes: 3 });
    expect(full.stsInvocations).toBe(1000);
    // Node's own young generation unless --instr-young-mb fixes one.
    expect(full.instrYoungMb).toBe(0);
    expect(parseOptions(["--instr-young-mb", "16"], {}).instrYoungMb).toBe(16);
    const quick = parseOptions(["--quick"], {});
    expect(quick).toMatchObject({ quick: true, rounds: 2, ops: 20, items: 200, build: false });
  });

  it("reads flags and BENCH_ variables, flags first", () => {
    const options = parseOptions(["--rounds", "3", "--only=calls,sts"], {
      BENCH_ROUNDS: "9",
      BENCH_OPS: "50",
      BENCH_QUICK: "1",
    });
    expect(options).toMatchObject({ quick: true, rounds: 3, ops: 50, only: ["calls", "sts"] });
  });

  it("rejects bad values with the flag's name", () => {
    expect(() => parseOptions(["--rounds", "0"], {})).toThrow("--rounds must be an integer");
    expect(() => parseOptions(["--only", "speed"], {})).toThrow('unknown section "speed"');
    expect(() => parseOptions(["--component", "lib"], {})).toThrow("--component must be");
    expect(() => parseOptions(["--instr-young-mb", "-1"], {})).toThrow("--instr-young-mb must be");
  });
});

describe("the report of a quick run", () => {
  const targets = [
    {
      metric: "getItem platform path vs raw, Node 22 (CPU)",
      target: "≤ 1.05×",
      result: "1.30×",
      met: false,
      timed: true,
    },
    {
      metric: "Cold require() (median)",
      target: "≤ 70 ms",
      result: "40 ms",
      met: true,
      timed: true,
    },
    {
      metric: "getItem DynamoDB calls per warm invocation",
      target: "= 1",
      result: "2.00",
      met: false,
      timed: false,
    },
  ];
  const render = (quick: boolean) =>
    renderText({ targets, options: { quick } } as unknown as BenchResult);

  it("says quick sizes cannot judge timing targets instead of met or MISSED", () => {
    const text = render(true);
    expect(text).toContain("Quick run: its sizes are too small to judge the timing targets");
    const line = (metric: string) => text.split("\n").find((l) => l.includes(metric)) ?? "";
    expect(line("getItem platform path vs raw")).toContain(NOT_JUDGED);
    expect(line("Cold require()")).toContain(NOT_JUDGED);
    // A count does not depend on the sizes: a quick run judges it.
    expect(line("calls per warm invocation")).toContain("MISSED");
  });

  it("judges every target in a full run", () => {
    const text = render(false);
    expect(text).not.toContain(NOT_JUDGED);
    expect(text).toContain("MISSED");
    expect(text).toContain("met");
  });
});

describeRuntimeNeutral("npm run bench -- --quick", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-test-"));
  const jsonPath = path.join(dir, "result.json");
  const markdownPath = path.join(dir, "report.md");
  let result: BenchResult;
  let stdout: string;
  let reportBefore: string | undefined;

  beforeAll(() => {
    reportBefore = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, "utf8") : undefined;
    // A fixed young generation for the instruction counts, as --instr-young-mb gives node.
    const args = ["--instr-young-mb", "8"];
    ({ stdout, result } = runQuickBench(args, jsonPath, markdownPath, 280_000));
  }, 300_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints every table", () => {
    for (const title of [
      "Summary",
      "Per-invocation overhead",
      "Instructions per invocation",
      "Cold load",
      "DynamoDB calls per invocation",
      "STS calls (AWS Role ARN connection)",
      "Batch write",
      "Fetch All",
      "Import Items",
      "Bundle",
    ]) {
      expect(stdout).toContain(`\n${title}\n`);
    }
    expect(stdout).toMatch(/Machine: \d+ cores .*Node v\d+/);
  });

  it("measures the four actions on the platform's path and through the harness against the raw SDK", () => {
    expect(result.mode).toBe("quick");
    expect(result.runtimes?.map((runtime) => runtime.label)).toEqual([RUNTIME]);
    expect(result.overhead?.map((row) => [row.runtime, row.action])).toEqual(
      ["getItem", "createItem", "updateItem", "queryItems"].map((action) => [RUNTIME, action]),
    );
    for (const row of result.overhead ?? []) {
      expect(row.status).toBe("ok");
      expect(row.platformRounds).toHaveLength(2);
      expect(row.componentRounds).toHaveLength(2);
      expect(row.rawRounds).toHaveLength(2);
      expect(row.platformCpuMs).toBeGreaterThan(0);
      expect(row.componentMs).toBeGreaterThan(0);
      expect(row.rawMs).toBeGreaterThan(0);
      expect(row.platformRatio).toBeCloseTo((row.platformMs as number) / (row.rawMs as number), 10);
      expect(row.ratio).toBeCloseTo((row.componentMs as number) / (row.rawMs as number), 10);
      expect(row.platformCpuRatio).toBeGreaterThan(0);
    }
  });

  it("counts instructions per Get Item with valgrind, and says why when it cannot", () => {
    const instructions = result.instructions;
    if (instructions?.status === "skipped") {
      expect(instructions.reason).toMatch(/valgrind|need the bundle/);
      return;
    }
    expect(instructions?.rows.map((row) => [row.runtime, row.action, row.status])).toEqual([
      [RUNTIME, "getItem", "ok"],
    ]);
    // Every counted process ran with the young generation fixed, and the method says so.
    expect(instructions?.youngMb).toBe(8);
    expect(fs.readFileSync(markdownPath, "utf8")).toContain("young generation fixed at 8 MB");
    const [row] = instructions?.rows ?? [];
    // A Get Item runs millions of instructions on either side; the ratio is theirs.
    expect(row.raw).toBeGreaterThan(100_000);
    expect(row.ratio).toBeCloseTo((row.platform as number) / (row.raw as number), 10);
    // Each side's figure is the median of its runs (one in a quick run), listed beside it.
    expect(row.platformRuns).toHaveLength(instructions?.repeats ?? 0);
    expect(row.platform).toBe([...(row.platformRuns ?? [])].sort((a, b) => a - b)[0]);
    // The main thread's count is part of every thread's.
    expect(row.platformAllThreads).toBeGreaterThanOrEqual(row.platform as number);
    expect(row.ratioAllThreads).toBeCloseTo(
      (row.platformAllThreads as number) / (row.rawAllThreads as number),
      10,
    );
    // DynamoDBDocumentClient, converting plain values as the platform's path does: reported beside.
    expect(row.document).toBeGreaterThan(100_000);
    expect(row.documentRuns).toHaveLength(instructions?.repeats ?? 0);
    expect(row.ratioToDocument).toBeCloseTo(
      (row.platform as number) / (row.document as number),
      10,
    );
    expect(result.targets).toContainEqual(
      expect.objectContaining({
        metric: `getItem platform path vs DynamoDBDocumentClient, ${RUNTIME} (instructions, main thread)`,
        target: "reported",
        met: null,
      }),
    );
  });

  it("compares the bundle's cold load with the raw SDK's", () => {
    const load = result.load ?? [];
    expect(load.map((row) => [row.runtime, row.status])).toEqual([[RUNTIME, "ok"]]);
    expect(load[0].component?.processCpuMs).toBeGreaterThan(0);
    expect(load[0].raw?.processCpuMs).toBeGreaterThan(0);
    expect(load[0].cpuRatio).toBeGreaterThan(0);
  });

  it("counts exactly one DynamoDB call per warm item action", () => {
    const calls = Object.fromEntries((result.calls ?? []).map((row) => [row.action, row]));
    const expected: Record<string, string> = {
      getItem: "GetItem",
      createItem: "PutItem",
      updateItem: "UpdateItem",
      deleteItem: "DeleteItem",
      queryItems: "Query",
    };
    expect(Object.keys(calls).sort()).toEqual(Object.keys(expected).sort());
    for (const [action, operation] of Object.entries(expected)) {
      const row = calls[action];
      expect(row.status).toBe("ok");
      expect(row.warmPerInvocation).toBe(1);
      expect(row.warm).toEqual({ [operation]: row.warmInvocations });
      // A cold call may read the key schema first, and nothing else.
      expect(row.cold?.[operation]).toBe(1);
      expect(Object.keys(row.cold ?? {}).filter((op) => op !== operation)).toEqual(
        operation === "Query" ? [] : ["DescribeTable"],
      );
    }
  });

  it("calls STS once for all assume-role invocations, through the STS endpoint test hook", () => {
    expect(result.sts).toMatchObject({
      status: "ok",
      invocations: 50,
      stsCalls: 1,
      endpointEnvHonoured: true,
      signedWithAssumedRole: 1,
      externalIdSent: "bench-external-id",
      roleArnSent: "arn:aws:iam::123456789012:role/BenchRole",
    });
    // The first Get Item also reads the key schema.
    expect(result.sts?.dynamoCalls).toBe(51);
  });

  it("writes and reads back every item in the batch and Fetch All comparisons", () => {
    expect(result.batch).toMatchObject({ status: "ok", items: 200, concurrency: 4 });
    expect(result.batch?.componentItemsPerSecond).toBeGreaterThan(0);
    expect(result.batch?.rawItemsPerSecond).toBeGreaterThan(0);
    expect(result.fetch).toMatchObject({ status: "ok", items: 200 });
    const runs = result.fetch?.runs ?? [];
    expect(runs.map((run) => run.mode).sort()).toEqual(["component", "raw"]);
    for (const run of runs) {
      expect(run.count).toBe(200);
      expect(run.peakRss).toBeGreaterThanOrEqual(run.baselineRss);
    }
  });

  it("imports every CSV row on both sides, with peak RSS", () => {
    expect(result.import).toMatchObject({ status: "ok", rows: 2_000, concurrency: 4 });
    expect(result.import?.ratio).toBeCloseTo(
      (result.import?.componentRowsPerSecond as number) /
        (result.import?.rawRowsPerSecond as number),
      10,
    );
    const runs = result.import?.runs ?? [];
    expect(runs.map((run) => run.mode).sort()).toEqual(["component", "raw"]);
    for (const run of runs) {
      expect(run.written).toBe(2_000);
      expect(run.peakRss).toBeGreaterThanOrEqual(run.baselineRss);
    }
    expect(result.targets.map((row) => row.metric)).toContain(
      "Import Items 2,000 CSV rows vs raw batch writer (rows/s)",
    );
  });

  it("measures the bundle when it exists, and says so when it does not", () => {
    const bundle = result.bundle;
    if (fs.existsSync(path.join(ROOT, "dist", "index.js"))) {
      expect(bundle?.status).toBe("ok");
      expect(bundle?.bytes).toBeGreaterThan(100_000);
      expect(bundle?.jsFiles).toBe(1);
      expect(bundle?.requireRuns).toHaveLength(2);
    } else {
      expect(bundle).toMatchObject({ status: "skipped" });
      expect(bundle?.error).toContain("npm run build");
    }
  });

  it("lists every target in the summary and leaves BENCHMARKS.md alone", () => {
    expect(result.targets.map((row) => row.metric)).toEqual(
      expect.arrayContaining([
        `getItem platform path vs raw, ${RUNTIME} (CPU)`,
        `getItem through the test harness vs raw, ${RUNTIME} (CPU)`,
        `Cold load vs raw SDK, ${RUNTIME} (CPU)`,
        "getItem DynamoDB calls per warm invocation",
        "STS calls per 50 assume-role invocations",
        "Batch write 200 items vs raw (items/s)",
        "Fetch All 200 items vs raw paginator (time)",
        "dist/index.js size",
        "Cold require() (median)",
      ]),
    );
    const markdown = fs.readFileSync(markdownPath, "utf8");
    expect(markdown).toContain("# Benchmarks");
    expect(markdown).toContain("## Per-invocation overhead");
    const reportAfter = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, "utf8") : undefined;
    expect(reportAfter).toBe(reportBefore);
  });
});

describe("npm run bench -- --baseline FILE", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-baseline-"));
  const jsonPath = path.join(dir, "result.json");
  const markdownPath = path.join(dir, "report.md");

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads the baseline build's path", () => {
    expect(parseOptions([], {}).baseline).toBeUndefined();
    expect(parseOptions(["--baseline", "old/dist/index.js"], {}).baseline).toBe(
      path.resolve("old/dist/index.js"),
    );
    expect(() => parseOptions(["--baseline"], {})).toThrow("--baseline needs a value");
  });

  it("measures an earlier build as a third side of the overhead comparison", () => {
    ensureFreshBundle();
    // The bundle against itself: every ratio is this machine's noise around 1. A quick run has
    // few calls per round, and with the whole suite loading both cores one side's round can
    // read several times the other's (5.02 seen), so the bounds only catch a side not measured.
    const { result } = runQuickBench(
      ["--only", "overhead", "--component", "dist", "--baseline", BUNDLE_PATH],
      jsonPath,
      markdownPath,
      120_000,
    );
    const rows = result.overhead ?? [];
    expect(rows.map((row) => row.action)).toEqual([
      "getItem",
      "createItem",
      "updateItem",
      "queryItems",
    ]);
    for (const row of rows) {
      expect(row.status).toBe("ok");
      expect(row.baselineMs).toBeGreaterThan(0);
      expect(row.baselineCpuMs).toBeGreaterThan(0);
      expect(row.vsBaseline).toBeGreaterThan(0.1);
      expect(row.vsBaseline).toBeLessThan(10);
      expect(row.vsBaselineCpu).toBeGreaterThan(0.1);
      expect(row.vsBaselineCpu).toBeLessThan(10);
    }
    expect(result.targets.map((row) => row.metric)).toContain(
      "getItem client CPU vs baseline build",
    );
    const markdown = fs.readFileSync(markdownPath, "utf8");
    expect(markdown).toContain("| Vs baseline |");
    expect(markdown).toContain("Baseline build: dist/index.js");
  }, 150_000);
});

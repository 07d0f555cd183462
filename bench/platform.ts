/**
 * The platform's path, measured on the runtimes it runs: which Node binaries the benchmark uses
 * (this one, and Node 22, the platform's), instruction counts per invocation under valgrind's
 * callgrind (deterministic to ~0.3% between identical runs, where CPU time on this shared machine
 * varies by 10% and more), and the cold load of the bundle against the raw SDK's.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { median } from "./stats";

/** A Node binary the benchmark runs its sides with. */
export interface Runtime {
  /** "Node 22" and so on: the major version. */
  label: string;
  version: string;
  execPath: string;
}

function versionOf(execPath: string): string | undefined {
  const run = spawnSync(execPath, ["--version"], { encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function runtime(execPath: string): Runtime | undefined {
  const version = versionOf(execPath);
  if (!version) return undefined;
  return { label: `Node ${version.replace(/^v(\d+).*/, "$1")}`, version, execPath };
}

/**
 * Node 22 from npm's node-<platform>-<arch> package (what .ci/run installs), into a cache folder
 * under the temp directory; undefined, with the reason in `why`, when npm cannot fetch it.
 */
function installNode22(why: string[]): string | undefined {
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = path.join(os.tmpdir(), "aws-dynamodb-bench-node22");
  const execPath = path.join(prefix, "node_modules", pkg, "bin", "node");
  if (!fs.existsSync(execPath)) {
    const npm = spawnSync(
      "npm",
      ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `${pkg}@22`],
      { encoding: "utf8", timeout: 300_000 },
    );
    if (npm.status !== 0) {
      why.push(`npm could not install ${pkg}@22: ${(npm.stderr || npm.stdout).trim().slice(-300)}`);
      return undefined;
    }
  }
  return execPath;
}

/**
 * The runtimes to measure: this process's Node, and Node 22 from `node22` (--node22 PATH) or,
 * when `install` is set, from npm. Node 22 is skipped (reason in `skipped`) when neither works.
 */
export function findRuntimes(
  node22: string | undefined,
  install: boolean,
): { runtimes: Runtime[]; skipped?: string } {
  const own = runtime(process.execPath) as Runtime;
  if (own.label === "Node 22") return { runtimes: [own] };
  const why: string[] = [];
  const execPath = node22 ?? (install ? installNode22(why) : undefined);
  const other = execPath ? runtime(execPath) : undefined;
  if (other?.label === "Node 22") return { runtimes: [other, own] };
  const reason = other
    ? `${execPath} is ${other.version}, not Node 22`
    : (why[0] ?? "no Node 22 binary given (--node22 PATH or BENCH_NODE22)");
  return { runtimes: [own], skipped: reason };
}

// ---------------------------------------------------------------------------------------------
// Instruction counts

/** Why instruction counts cannot be taken here, or undefined when valgrind's callgrind is usable. */
export function valgrindMissing(): string | undefined {
  for (const tool of ["valgrind", "callgrind_control"]) {
    const found = spawnSync(tool, ["--version"], { encoding: "utf8" });
    if (found.error || found.status !== 0) {
      return `${tool} is not installed (apt-get install valgrind); instruction counts skipped`;
    }
  }
  return undefined;
}

/** Instructions counted in one process: all its threads, and its main (JavaScript) thread. */
export interface InstructionCount {
  total: number;
  mainThread: number;
}

/**
 * The counts of callgrind's per-thread files `${out}-NN` (--separate-threads=yes): thread 01 is
 * the main thread, the others are V8's helpers (compiler, collector) and libuv's pool. Removes
 * the files.
 */
function readThreadCounts(out: string): InstructionCount | undefined {
  const dir = path.dirname(out);
  const files = fs.readdirSync(dir).filter((name) => name.startsWith(`${path.basename(out)}-`));
  let total = 0;
  let mainThread: number | undefined;
  for (const name of files) {
    const file = path.join(dir, name);
    const count = /^totals: (\d+)/m.exec(fs.readFileSync(file, "utf8"));
    fs.rmSync(file, { force: true });
    if (!count) continue;
    total += Number(count[1]);
    if (name.endsWith("-01")) mainThread = Number(count[1]);
  }
  return mainThread === undefined ? undefined : { total, mainThread };
}

/**
 * Instructions one side executes over `count` invocations of one action after `warmup` of them,
 * in a fresh process under callgrind with instrumentation off during start-up and warm-up: the
 * worker (bench/overheadWorker.js, `plan.signal`) says "warm", this turns callgrind on, the worker
 * runs the measured calls and says "done", this turns it off. Resolves to the count of every
 * thread (the garbage collector's and the compiler's helpers too) and of the main thread alone,
 * which runs the invocations: the helpers' share depends on timing (how long each answer takes),
 * the main thread's much less. `nodeArgs` go to node before the worker's path (such as the young
 * generation's size).
 */
export function countInstructions(
  execPath: string,
  workerOptions: Record<string, unknown>,
  plan: { warmup: number; action: string; count: number },
  nodeArgs: string[] = [],
): Promise<InstructionCount> {
  const out = path.join(
    os.tmpdir(),
    `bench-callgrind-${process.pid}-${Math.random()}`.slice(0, 80),
  );
  const payload = { ...workerOptions, plan: { ...plan, actions: [plan.action], signal: true } };
  const child = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      "--instr-atstart=no",
      "--separate-threads=yes",
      `--callgrind-out-file=${out}`,
      execPath,
      ...nodeArgs,
      path.join(__dirname, "overheadWorker.js"),
      JSON.stringify(payload),
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const toggle = (state: "on" | "off") =>
    spawnSync("callgrind_control", ["-i", state, String(child.pid)], { encoding: "utf8" });
  let stderr = "";
  let signalled = "";
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
    // Valgrind's own line for a fatal signal, which the stack trace after it pushes out of view.
    signalled ||=
      /Process terminating with default action of signal \d+ \(\w+\)/.exec(stderr)?.[0] ?? "";
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const word = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (word === "warm" || word === "done") {
          const toggled = toggle(word === "warm" ? "on" : "off");
          if (toggled.status !== 0) child.kill();
          child.stdin.write("go\n");
        }
        newline = buffered.indexOf("\n");
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const counts = readThreadCounts(out);
      if (code !== 0 || !counts) {
        const why = signalled ? `${signalled}; ` : "";
        reject(new Error(`callgrind run failed (exit ${code}): ${why}${stderr.slice(-600)}`));
      } else {
        resolve(counts);
      }
    });
  });
}

/** Runs `tasks` with at most `limit` at a time, resolving to their results in order. */
export async function limited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

// ---------------------------------------------------------------------------------------------
// Cold load

/** One fresh process's cold load: the require() alone, and the whole process up to then. */
export interface LoadRun {
  requireMs: number;
  requireCpuMs: number;
  /** CPU time of the process from its start to the end of the require (Node's own start-up too). */
  processCpuMs: number;
}

/**
 * What each side loads before its first call: the component is the bundle (SDK, spectral and
 * connector in one file); raw is the AWS SDK's DynamoDB client package with one client built.
 */
export function loadScript(side: "component" | "raw", bundle: string): string {
  const target =
    side === "component"
      ? `require(${JSON.stringify(bundle)})`
      : `new (require(${JSON.stringify(require.resolve("@aws-sdk/client-dynamodb"))}).DynamoDBClient)({region:"us-east-1"})`;
  return `const c=process.cpuUsage(),s=process.hrtime.bigint();${target};const w=Number(process.hrtime.bigint()-s)/1e6,u=process.cpuUsage(c),t=process.cpuUsage();process.stdout.write(JSON.stringify([w,(u.user+u.system)/1e3,(t.user+t.system)/1e3]))`;
}

/** One cold load of `side` in a fresh process of `execPath`. */
export function coldLoad(execPath: string, side: "component" | "raw", bundle: string): LoadRun {
  const child = spawnSync(execPath, ["-e", loadScript(side, bundle)], {
    cwd: os.tmpdir(),
    encoding: "utf8",
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  if (child.status !== 0) throw new Error(`cold load (${side}) failed: ${child.stderr.trim()}`);
  const [requireMs, requireCpuMs, processCpuMs] = JSON.parse(child.stdout) as number[];
  return { requireMs, requireCpuMs, processCpuMs };
}

/** Instructions of a whole fresh process that loads `side` and exits (cachegrind, no cache model). */
export function coldLoadInstructions(
  execPath: string,
  side: "component" | "raw",
  bundle: string,
): number {
  const child = spawnSync(
    "valgrind",
    [
      "--tool=cachegrind",
      "--cache-sim=no",
      "--cachegrind-out-file=/dev/null",
      execPath,
      "-e",
      loadScript(side, bundle),
    ],
    {
      cwd: os.tmpdir(),
      encoding: "utf8",
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
  );
  const refs = /I\s+refs:\s+([\d,]+)/.exec(child.stderr);
  if (child.status !== 0 || !refs) {
    throw new Error(`cachegrind of the cold load (${side}) failed: ${child.stderr.slice(-600)}`);
  }
  return Number(refs[1].replace(/,/g, ""));
}

/** Medians of cold-load runs. */
export function loadMedians(runs: LoadRun[]): LoadRun {
  return {
    requireMs: median(runs.map((r) => r.requireMs)),
    requireCpuMs: median(runs.map((r) => r.requireCpuMs)),
    processCpuMs: median(runs.map((r) => r.processCpuMs)),
  };
}

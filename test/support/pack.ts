/**
 * The npm package as a user gets it: `npm pack` of this repository (after `npm run build:package`
 * when the package build is missing or older than its sources), extracted as npm installs it.
 * Test files that run in parallel share one build: it runs under a lock folder, and the second
 * caller finds it fresh.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const PACKAGE_NAME = "@dynamodb-connector/aws-dynamodb";
const BUILT = path.join(ROOT, "build/package/cjs/index.js");
const LOCK = path.join(ROOT, ".tmp", "package-build.lock");
/** Longest wait for another test file's build (a cold `tsc` of src takes ~20 s on 2 cores). */
const LOCK_WAIT_MS = 180_000;

/** The newest modification time (ms) of a file or of any file under a folder. */
function newest(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    latest = Math.max(latest, newest(path.join(target, entry)));
  }
  return latest;
}

function packageBuildIsStale(): boolean {
  if (!fs.existsSync(BUILT)) return true;
  const sources = ["src", "tsconfig.json", "tsconfig.package.json"];
  return sources.some((source) => newest(path.join(ROOT, source)) > fs.statSync(BUILT).mtimeMs);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `npm run build:package` once if the package build is stale; throws after LOCK_WAIT_MS. */
export function ensureFreshPackageBuild(): void {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${LOCK} held for over ${LOCK_WAIT_MS} ms`);
      sleep(250);
    }
  }
  try {
    if (packageBuildIsStale()) {
      execFileSync("npm", ["run", "build:package", "--silent"], { cwd: ROOT, stdio: "ignore" });
    }
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** What `npm pack` wrote: the tarball's path and the files it holds. */
export interface Packed {
  tarball: string;
  files: string[];
}

/** Packs the package (build first if stale) into `destination`. */
export function packPackage(destination: string): Packed {
  ensureFreshPackageBuild();
  fs.mkdirSync(destination, { recursive: true });
  // --ignore-scripts: prepack's full build would rewrite dist/ under other running test files.
  const output = execFileSync(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", destination],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  const [packed] = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
  return {
    tarball: path.join(destination, packed.filename),
    files: packed.files.map((file) => file.path),
  };
}

/** Extracts a packed tarball into `<project>/node_modules/<PACKAGE_NAME>`, as npm installs it. */
export function extractInto(project: string, tarball: string): string {
  const installed = path.join(project, "node_modules", PACKAGE_NAME);
  fs.rmSync(installed, { recursive: true, force: true });
  fs.mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  return installed;
}

/**
 * Links packages of this repository's node_modules into `<project>/node_modules` (a package
 * manager's install, without the network): Node follows each link to its real path, so a package
 * and its dependencies resolve to one copy, as in a user's project.
 */
export function linkFromRepository(project: string, names: readonly string[]): void {
  for (const name of names) {
    const link = path.join(project, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(path.join(ROOT, "node_modules", name), link, "dir");
  }
}

/**
 * The built bundle dist/index.js, for tests of what can differ between source and bundle
 * (minification, error names, the bundled SDK copy). ensureFreshBundle() builds it when it is
 * missing or older than anything it is built from, so `npm test` works on a fresh clone; the
 * integration project's globalSetup calls it once, before any worker starts.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
export const BUNDLE_PATH = path.join(ROOT, "dist", "index.js");

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

/** Is dist/index.js missing, or older than its sources, the lock file or the build config? */
export function bundleIsStale(): boolean {
  if (!fs.existsSync(BUNDLE_PATH)) return true;
  const built = fs.statSync(BUNDLE_PATH).mtimeMs;
  const sources = [
    "src",
    "assets",
    "tools/webpack",
    "package-lock.json",
    "webpack.config.js",
    "tsconfig.json",
  ];
  return sources.some((source) => newest(path.join(ROOT, source)) > built);
}

/** Builds dist/ with `npm run build` when it is stale; a failed build fails the test run. */
export function ensureFreshBundle(): void {
  if (!bundleIsStale()) return;
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "ignore" });
  // A source edited while the build ran leaves it stale again: that is for the next run to fix.
  if (!fs.existsSync(BUNDLE_PATH)) throw new Error(`npm run build did not produce ${BUNDLE_PATH}`);
}

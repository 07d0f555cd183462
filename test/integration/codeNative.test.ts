/**
 * The package as a code-native integration installs it: `npm pack`, the tarball extracted into
 * examples/code-native/node_modules (no second npm install: spectral, TypeScript and jest come
 * from this repository's node_modules), the example type-checked under `strict`, and the
 * example's own flow test run here against DynamoDB Local.
 *
 * The tarball holds the built bundle and declarations: when they are missing or older than the
 * sources, this file runs `npm run build` first (CI builds before testing, so it never does).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "examples/code-native");
const PACKAGE_NAME = "@dynamodb-connector/aws-dynamodb";
const INSTALLED = path.join(EXAMPLE, "node_modules", PACKAGE_NAME);
const BUILT = ["dist/index.js", "dist/index.mjs", "dist/icon.png", "build/types/index.d.ts"];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  const sources = Math.max(
    newestSource(path.join(ROOT, "src")),
    fs.statSync(path.join(ROOT, "package.json")).mtimeMs,
  );
  const built = BUILT.map((file) => path.join(ROOT, file));
  // The newest output, not each: webpack leaves an unchanged dist/index.js untouched, while
  // `npm run build` always rewrites build/types.
  const stale =
    built.some((file) => !fs.existsSync(file)) ||
    Math.max(...built.map((file) => fs.statSync(file).mtimeMs)) < sources;
  if (stale) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
}

/** Packs the package and extracts the tarball as npm would install it; returns its file list. */
function packAndInstall(): string[] {
  fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
  const destination = fs.mkdtempSync(path.join(ROOT, ".tmp", "pack-"));
  try {
    const [packed] = JSON.parse(
      // Built above when stale; prepack's own build would rewrite dist/ under the other test files.
      execFileSync(
        "npm",
        ["pack", "--json", "--ignore-scripts", "--pack-destination", destination],
        {
          cwd: ROOT,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        },
      ),
    ) as { filename: string; files: { path: string }[] }[];
    fs.rmSync(INSTALLED, { recursive: true, force: true });
    fs.mkdirSync(INSTALLED, { recursive: true });
    execFileSync("tar", [
      "-xzf",
      path.join(destination, packed.filename),
      "-C",
      INSTALLED,
      "--strip-components=1",
    ]);
    return packed.files.map((file) => file.path);
  } finally {
    fs.rmSync(destination, { recursive: true, force: true });
  }
}

// At load time, so that the example's tests (required below) find the package installed.
buildIfStale();
const packedFiles = packAndInstall();

describe("the npm package", () => {
  it("holds the bundle, its icon and the declarations, and no tests, tools or benchmark", () => {
    expect(packedFiles).toEqual(expect.arrayContaining(["package.json", "README.md", ...BUILT]));
    const unexpected = packedFiles.filter(
      (file) =>
        !["package.json", "README.md", "dist/index.js", "dist/index.mjs", "dist/icon.png"].includes(
          file,
        ) && !/^build\/types\/.+\.d\.ts$/.test(file),
    );
    expect(unexpected).toEqual([]);
  });

  it("declares types whose action inputs are typed from the definitions", () => {
    const declarations = fs.readFileSync(path.join(INSTALLED, "build/types/index.d.ts"), "utf8");
    expect(declarations).toContain(
      'export declare const manifest: import("./codeNative").AwsDynamodbManifest',
    );
    const createItem = fs.readFileSync(
      path.join(INSTALLED, "build/types/actions/createItem.d.ts"),
      "utf8",
    );
    expect(createItem).toMatch(/itemJson: \{[^}]*type: "code";/);
  });

  it("type-checks the example integration under strict", () => {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", EXAMPLE], { encoding: "utf8" });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe("");
  });
});

describe("the example's flow test, against DynamoDB Local", () => {
  require(path.join(EXAMPLE, "src/flows.test.ts"));
});

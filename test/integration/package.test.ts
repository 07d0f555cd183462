/**
 * The published package: what `npm pack` ships and how it is imported, from CommonJS and from
 * native ESM (the built bundle dist/index.js and its ESM entry dist/index.mjs).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";

const ROOT = path.join(__dirname, "..", "..");
const manifest = require(path.join(ROOT, "package.json")) as {
  scripts: Record<string, string>;
  exports: Record<string, Record<string, string>>;
};

beforeAll(() => {
  ensureFreshBundle();
});

describe("the package", () => {
  it("is built before it is packed (prepack), so it never ships without its bundle", () => {
    // Its output goes to stderr, so that `npm pack --json` still prints JSON alone.
    expect(manifest.scripts.prepack).toBe("npm run build 1>&2");
  });

  it("ships the bundle, its ESM entry, the icon and the types", () => {
    const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const files = (JSON.parse(output) as { files: { path: string }[] }[])[0].files.map(
      (file) => file.path,
    );
    expect(files).toEqual(
      expect.arrayContaining(["dist/index.js", "dist/index.mjs", "dist/icon.png", "package.json"]),
    );
    expect(files.some((file) => file.startsWith("build/types/") && file.endsWith(".d.ts"))).toBe(
      true,
    );
  });

  it("imports from native ESM by name: the component and every named export of the bundle", () => {
    expect(manifest.exports["."].import).toBe("./dist/index.mjs");
    const output = execFileSync(
      process.execPath,
      [path.join(ROOT, "test", "support", "esm", "importPackage.mjs")],
      { cwd: ROOT, encoding: "utf8" },
    );
    const imported = JSON.parse(output) as {
      names: string[];
      componentKey: string;
      manifestKey: string;
      localActionKeys: number;
    };
    const bundle = require(BUNDLE_PATH) as Record<string, unknown>;
    expect(imported.names).toEqual(Object.keys(bundle).sort());
    expect(imported.componentKey).toBe("aws-dynamodb");
    expect(imported.manifestKey).toBe("aws-dynamodb");
    expect(imported.localActionKeys).toBeGreaterThan(20);
  });
});

/**
 * Every entry of the npm package (`@dynamodb-connector/aws-dynamodb` and its `/testing` hooks) has
 * its type declarations found by TypeScript under each module resolution a user's project may
 * have: `node16`/`nodenext` and `bundler` read `exports`; `node` (node10), the default of
 * `"module": "commonjs"` and so of a plain ts-jest project, does not, and found no types for
 * `/testing` ("Cannot find module '@dynamodb-connector/aws-dynamodb/testing'") while Node and
 * jest load it. The package is resolved as installed, from its package.json, with the
 * declarations `npm run build:package` writes for each source file.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, unknown>;
};
const APP = "/app";
const INSTALLED = `${APP}/node_modules/${manifest.name}`;
const BUILD = "build/package/cjs/";

/**
 * The repository file or folder an installed path stands for; the build by its sources (a
 * declaration by its source file), so that the test does not depend on a build being present.
 */
function inRepository(file: string): string | undefined {
  if (!file.startsWith(`${INSTALLED}/`)) return undefined;
  const inside = file.slice(INSTALLED.length + 1);
  if (`${inside}/` === BUILD || BUILD.startsWith(`${inside}/`)) return path.join(ROOT, "src");
  if (inside.startsWith(BUILD) && inside.endsWith(".d.ts")) {
    return path.join(ROOT, "src", `${inside.slice(BUILD.length, -".d.ts".length)}.ts`);
  }
  if (inside.startsWith(BUILD)) return path.join(ROOT, "src", inside.slice(BUILD.length));
  return path.join(ROOT, inside);
}

const host: ts.ModuleResolutionHost = {
  fileExists: (file) => {
    const real = inRepository(file);
    return real !== undefined && fs.existsSync(real) && fs.statSync(real).isFile();
  },
  readFile: (file) => {
    const real = inRepository(file);
    return real === undefined ? undefined : fs.readFileSync(real, "utf8");
  },
  directoryExists: (directory) =>
    directory === APP ||
    `${INSTALLED}/`.startsWith(`${directory}/`) ||
    (inRepository(directory) !== undefined && fs.existsSync(inRepository(directory) as string)),
  realpath: (file) => file,
};

const entries = Object.keys(manifest.exports)
  .filter((entry) => entry !== "./package.json")
  .map((entry) => (entry === "." ? manifest.name : `${manifest.name}/${entry.slice(2)}`));

const settings: [string, ts.CompilerOptions][] = [
  ["commonjs with its default resolution (node10)", { module: ts.ModuleKind.CommonJS }],
  ["node10", { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }],
  ["node16", { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
  ["bundler", { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
];

it("lists the package's entries", () => {
  expect(entries).toEqual([manifest.name, `${manifest.name}/testing`]);
});

describe.each(settings)("under %s", (_, options) => {
  it.each(entries)("finds the type declarations of %s", (entry) => {
    const { resolvedModule } = ts.resolveModuleName(entry, `${APP}/flow.test.ts`, options, host);
    expect(resolvedModule?.resolvedFileName).toMatch(/\.d\.m?ts$/);
    expect(resolvedModule?.isExternalLibraryImport).toBe(true);
  });
});

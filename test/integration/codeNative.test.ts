/**
 * The example code-native integration (examples/code-native) with the package as it installs it:
 * `npm pack`, the tarball extracted into examples/code-native/node_modules (no second npm install:
 * spectral, the AWS SDK, aws-sdk-client-mock, TypeScript and jest come from this repository's
 * node_modules, one copy of each), the example type-checked with its own tsconfig (strict,
 * node16), and its two tests run here: the flow with the SDK mocked through the package, and the
 * flow against DynamoDB Local.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { extractInto, packPackage, ROOT } from "../support/pack";
import { itRuntimeNeutral } from "../support/runtimeNeutral";

const EXAMPLE = path.join(ROOT, "examples/code-native");

// At load time, so that the example's tests (required below) find the package installed.
fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const destination = fs.mkdtempSync(path.join(ROOT, ".tmp", "pack-"));
try {
  extractInto(EXAMPLE, packPackage(destination).tarball);
} finally {
  fs.rmSync(destination, { recursive: true, force: true });
}

describe("the example", () => {
  it("pins TypeScript 5 and a module resolution TypeScript 7 still accepts", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "package.json"), "utf8"));
    expect(manifest.devDependencies.typescript).toMatch(/^~5\./);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "tsconfig.json"), "utf8"));
    expect(["node16", "nodenext", "bundler"]).toContain(
      tsconfig.compilerOptions.moduleResolution.toLowerCase(),
    );
  });

  itRuntimeNeutral("type-checks under strict with the installed package's declarations", () => {
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

describe("the example's flow test, with the AWS SDK mocked through the package", () => {
  require(path.join(EXAMPLE, "src/flows.mock.test.ts"));
});

describe("the example's flow test, against DynamoDB Local", () => {
  require(path.join(EXAMPLE, "src/flows.test.ts"));
});

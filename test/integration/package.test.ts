/**
 * The npm package as a user installs it: `npm pack`, the tarball installed into an empty folder
 * outside this repository (its dependencies linked from this repository's node_modules, as npm
 * would install them, without the network), then the tests printed in the README's "Use it in
 * tests" and in docs/guides/code-and-tests.md's "Run it against DynamoDB Local" run there exactly
 * as printed, with jest, ts-jest and every network connection except to the local engine refused. Also: the package from native ESM, its types
 * from a node16 project, and `npm publish --dry-run`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { extractInto, linkFromRepository, PACKAGE_NAME, packPackage, ROOT } from "../support/pack";

/** The ```ts blocks of `page` under `## section` whose first line is `// <file>`, by file. */
function printedRecipes(page: string, section: string): Map<string, string> {
  const text =
    fs
      .readFileSync(path.join(ROOT, page), "utf8")
      .split(`\n## ${section}\n`)[1]
      ?.split("\n## ")[0] ?? "";
  const blocks = [...text.matchAll(/```ts\n\/\/ (\S+)\n([\s\S]*?)```/g)];
  return new Map(blocks.map(([, file, code]) => [file, code]));
}

/** Refuses every connection but loopback ones: a request meant for AWS fails the test. */
const NO_NETWORK = `const net = require("node:net");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === "object" && first !== null ? (first.host ?? "localhost") : args[1];
  if (!["localhost", "127.0.0.1", "::1", undefined].includes(host)) {
    throw new Error("Network call attempted to " + host);
  }
  return connect.apply(this, args);
};
`;

const JEST_CONFIG = `module.exports = {
  testEnvironment: "node",
  testTimeout: 60000,
  setupFiles: ["<rootDir>/noNetwork.js"],
  transform: { "^.+\\\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true, esModuleInterop: true } }] },
};
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "node16",
    moduleResolution: "node16",
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node", "jest"],
  },
  include: ["*.ts", "*.mts"],
};

/** An ES module consumer: imports by name, mocks the SDK from ESM, calls Get Item. */
const ESM_CONSUMER = `import { DescribeTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import component, { localActions, manifest } from "${PACKAGE_NAME}";
import { clearClientCache, clientSettings } from "${PACKAGE_NAME}/testing";
import * as everything from "${PACKAGE_NAME}";
import * as hooks from "${PACKAGE_NAME}/testing";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const names = (entry) => Object.keys(entry).sort();
const dynamodb = mockClient(DynamoDBClient);
dynamodb.on(DescribeTableCommand).resolves({
  Table: { KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] },
});
dynamodb.on(GetItemCommand).resolves({ Item: { id: { S: "a" } } });
clearClientCache();
const awsConnection = { key: "apiKeySecret", configVarKey: "", fields: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "x" } };
const { data } = await localActions.getItem({ awsConnection, awsRegion: "us-east-1", tableName: "Things", value: "a" });
process.stdout.write(JSON.stringify({
  sameNames: [
    [names(everything), names(require("${PACKAGE_NAME}"))],
    [names(hooks), names(require("${PACKAGE_NAME}/testing"))],
  ],
  componentKey: component.key,
  manifestKey: manifest.key,
  timeout: typeof clientSettings.requestTimeoutMs,
  data,
  calls: dynamodb.calls().length,
}));
`;

/** A node16 ES module consumer's view of the types, for tsc. */
const ESM_TYPES = `import component, { errorCode, localActions, type ActionInputs, type ErrorCode } from "${PACKAGE_NAME}";
import { clientSettings } from "${PACKAGE_NAME}/testing";

export const actionCount: number = Object.keys(component.actions).length;
export const timeout: number = clientSettings.requestTimeoutMs;
export const input: ActionInputs["queryItems"]["limit"] = 10;
export const call: typeof localActions.getItem = localActions.getItem;
// @ts-expect-error Upsert Item's Return Values is NONE or ALL_OLD.
export const wrong: ActionInputs["createItem"]["returnValues"] = "ALL_NEW";
export const code: ErrorCode | undefined = errorCode(new Error("not the connector's"));
// @ts-expect-error "versionConflit" is no code of the catalogue.
export const misspelt: boolean = errorCode(undefined) === "versionConflit";
`;

const TEST_TOOLS = ["aws-sdk-client-mock", "ts-jest", "typescript", "@types/jest", "@types/node"];

const consumer = fs.mkdtempSync(path.join(os.tmpdir(), "dynamodb-package-"));
let packedFiles: string[] = [];
let installed = "";
let dependencies: string[] = [];

beforeAll(() => {
  const packed = packPackage(path.join(consumer, "pack"));
  packedFiles = packed.files;
  installed = extractInto(consumer, packed.tarball);
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
  dependencies = Object.keys(manifest.dependencies);
  linkFromRepository(consumer, [...dependencies, ...TEST_TOOLS]);
  const recipes = new Map([
    ...printedRecipes("README.md", "Use it in tests"),
    ...printedRecipes("docs/guides/code-and-tests.md", "Run it against DynamoDB Local"),
  ]);
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "consumer", private: true }),
    "jest.config.js": JEST_CONFIG,
    "noNetwork.js": NO_NETWORK,
    "tsconfig.json": JSON.stringify(TSCONFIG),
    "esm.mjs": ESM_CONSUMER,
    "esmTypes.mts": ESM_TYPES,
    ...Object.fromEntries(recipes),
  };
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(consumer, name), text);
  }
});

afterAll(() => {
  fs.rmSync(consumer, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("holds the CommonJS build with its declarations, the ESM entries, the docs, and nothing else", () => {
    const unexpected = packedFiles.filter(
      (file) =>
        !["package.json", "README.md"].includes(file) &&
        !/^build\/package\/cjs\/.+\.(js|d\.ts)$/.test(file) &&
        !/^esm\/\w+\.(mjs|d\.mts)$/.test(file) &&
        !/^docs\/.+\.md$/.test(file),
    );
    expect(unexpected).toEqual([]);
    for (const entry of ["index", "testing"]) {
      expect(packedFiles).toContain(`build/package/cjs/${entry}.js`);
      expect(packedFiles).toContain(`build/package/cjs/${entry}.d.ts`);
      expect(packedFiles).toContain(`esm/${entry}.mjs`);
      expect(packedFiles).toContain(`esm/${entry}.d.mts`);
    }
  });

  it("holds every docs page the README links to, so its links work where the package is installed", () => {
    const readme = fs.readFileSync(path.join(installed, "README.md"), "utf8");
    const linked = [...readme.matchAll(/\]\((docs\/[^)#\s]+\.md)(?:#[^)]*)?\)/g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThan(10);
    for (const page of new Set(linked)) {
      expect(packedFiles).toContain(page);
      expect(fs.existsSync(path.join(installed, page))).toBe(true);
    }
  });

  it("bundles no library: each one it requires is a declared dependency", () => {
    const builtins = new Set(builtinModules);
    const required = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".js")) {
          const text = fs.readFileSync(full, "utf8");
          for (const [, name] of text.matchAll(/require\("([^".][^"]*)"\)/g)) required.add(name);
        }
      }
    };
    walk(path.join(installed, "build/package/cjs"));
    const packages = [...required]
      .filter((name) => !name.startsWith("node:") && !builtins.has(name))
      .map((name) =>
        name
          .split("/")
          .slice(0, name.startsWith("@") ? 2 : 1)
          .join("/"),
      );
    expect(packages).toContain("@aws-sdk/client-dynamodb");
    expect(packages.filter((name) => !dependencies.includes(name))).toEqual([]);
  });

  it("runs the printed tests as printed: mocks answer through the package, the engine locally", () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules/jest/bin/jest.js"),
        "--rootDir",
        consumer,
        "--runInBand",
        "--ci",
        "--json",
      ],
      { cwd: consumer, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
    );
    const report = JSON.parse(run.stdout) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { name: string; message: string }[];
    };
    expect(report.testResults.map((result) => result.message).filter(Boolean)).toEqual([]);
    expect(report.testResults.map((result) => path.basename(result.name)).sort()).toEqual([
      "customers.test.ts",
      "local.test.ts",
    ]);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(3);
  });

  it("imports from native ESM by every name, and the mock in the user's project answers", () => {
    const output = execFileSync(process.execPath, [path.join(consumer, "esm.mjs")], {
      cwd: consumer,
      encoding: "utf8",
    });
    const imported = JSON.parse(output);
    // Every name the CommonJS build exports is importable by name from ESM, and no other.
    for (const [esm, cjs] of imported.sameNames) expect(esm).toEqual(cjs);
    expect(imported.sameNames[0][0]).toEqual(
      expect.arrayContaining(["default", "errorCode", "localActions", "manifest"]),
    );
    expect({ ...imported, sameNames: undefined }).toEqual({
      sameNames: undefined,
      componentKey: "aws-dynamodb",
      manifestKey: "aws-dynamodb",
      timeout: "number",
      data: { found: true, item: { id: "a" } },
      calls: 2,
    });
  });

  it("type-checks a node16 project that requires and imports it, printed recipes included", () => {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    const run = spawnSync(process.execPath, [tsc, "-p", consumer], { encoding: "utf8" });
    expect(run.stdout).toBe("");
    expect(run.status).toBe(0);
  });

  it("passes npm publish --dry-run", () => {
    const run = spawnSync("npm", ["publish", "--dry-run", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`+ ${PACKAGE_NAME}@`);
  });
});

/**
 * Loading the component evaluates none of the packages only a few steps use (the Streams,
 * EventBridge and Pipes clients, STS's credential provider, csv-parse): src/aws/sdkModules.ts and
 * src/files/rows.ts load them on first use, which keeps them out of every cold start. A fresh
 * process loads the sources and lists the packages in its module cache, before and after using
 * each one.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const ROOT = path.resolve(__dirname, "../..");
const DEFERRED = [
  "@aws-sdk/client-dynamodb-streams",
  "@aws-sdk/client-eventbridge",
  "@aws-sdk/client-pipes",
  "@aws-sdk/credential-providers",
  "csv-parse",
];

/** The DEFERRED packages in a fresh process's module cache after `script` ran. */
function loadedAfter(script: string): string[] {
  const program = `
    ${script}
    const files = Object.keys(require.cache);
    const loaded = ${JSON.stringify(DEFERRED)}.filter((name) =>
      files.some((file) => file.includes("/node_modules/" + name + "/")),
    );
    process.stdout.write(JSON.stringify(loaded));
  `;
  const run = spawnSync(process.execPath, [...TYPESCRIPT_CHILD, "-e", program], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`the child process failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

it("loading the component evaluates none of the rarely used packages", () => {
  expect(DEFERRED.map((name) => require.resolve(name))).toHaveLength(DEFERRED.length);
  expect(loadedAfter(`require("./src/index");`)).toEqual([]);
}, 60_000);

it("each one is loaded when first used", () => {
  const script = `
    require("./src/index");
    const sdk = require("./src/aws/sdkModules");
    sdk.streamsSdk(); sdk.eventBridgeSdk(); sdk.pipesSdk(); sdk.credentialProvidersSdk();
  `;
  expect(loadedAfter(script)).toEqual(DEFERRED.filter((name) => name !== "csv-parse"));
}, 60_000);

/**
 * The demo: starts DynamoDB Local (or uses --endpoint URL) and runs every action of the connector
 * end to end through spectral's test harness, so cleans and defaults run as on the platform.
 *
 *   npm start                               embedded DynamoDB Local (needs Java 17+)
 *   npm start -- --verbose                  also prints what each step logs (progress)
 *   npm start -- --endpoint http://host:8000  another endpoint; credentials and region from
 *                                           AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 *                                           AWS_SESSION_TOKEN and AWS_REGION
 */
import { randomBytes } from "node:crypto";
import { type Connection, testing } from "@prismatic-io/spectral";
import { clearClientCache } from "../src/aws/client";
import component from "../src/index";
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoLocal } from "../tools/dynamoLocal";
import {
  collectingLogger,
  type Demo,
  type DemoSection,
  type LoggedLine,
  logView,
  payload,
  shortJson,
} from "./demo";
import batch from "./steps/batch";
import batchAcrossTables from "./steps/batchAcrossTables";
import files from "./steps/files";
import items from "./steps/items";
import query from "./steps/query";
import s3Transfers from "./steps/s3Transfers";
import statements from "./steps/statements";
import streams from "./steps/streams";
import tableAdministration from "./steps/tableAdministration";
import tables from "./steps/tables";
import transactions from "./steps/transactions";

// Keeps the AWS SDK's 10-line NodeVersionSupportWarning (on Node 20) out of the demo, with the
// switch the SDK reads for it; every other warning still shows. README "Node versions" says what
// the warning announces.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const SECTIONS: [string, DemoSection][] = [
  ["Tables", tables],
  ["Items", items],
  ["Query and PartiQL", query],
  ["Scan and batch", batch],
  ["Batch across tables", batchAcrossTables],
  ["Files: import and export", files],
  ["Transactions", transactions],
  ["Indexes, table settings, backups, recovery and tags", tableAdministration],
  ["Exports to and imports from S3", s3Transfers],
  ["Bulk delete, PartiQL batches and transactions, optimistic locking", statements],
  ["Streams trigger", streams],
];

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  if (!value || value.startsWith("--")) {
    throw new Error(`${name} needs a value, for example ${name} http://localhost:8000`);
  }
  return value;
}

function createDemo(connection: Connection, region: string, verbose: boolean): Demo {
  const harness = testing.createHarness(component);
  const runId = randomBytes(3).toString("hex");
  let stepNumber = 0;
  // What the current step logged, printed under it (spectral's harness would print it to the
  // console as it comes, between the steps' lines).
  const logged: LoggedLine[] = [];
  const logger = collectingLogger(logged);
  const printLog = () => {
    for (const line of logView(logged, verbose)) console.log(line);
    logged.length = 0;
  };
  return {
    connection,
    region,
    tableName: (prefix) => `${prefix}-${runId}`,
    action: async (key, params) =>
      (await harness.action(
        key,
        { awsConnection: connection, awsRegion: region, ...params },
        { logger },
      )) as unknown,
    dataSource: async (key, params) =>
      harness.dataSource(
        key,
        { awsConnection: connection, awsRegion: region, ...params },
        { logger },
      ),
    trigger: async (key, params, state = {}) =>
      harness.trigger(
        key,
        undefined,
        { awsConnection: connection, awsRegion: region, ...params },
        { instanceState: state, logger },
      ),
    step: async (title, run, view) => {
      stepNumber += 1;
      const label = `  ${String(stepNumber).padStart(2)}. ${title}`;
      const started = performance.now();
      try {
        const result = await run();
        const elapsed = Math.round(performance.now() - started);
        console.log(`${label}  ok (${elapsed} ms)`);
        const shown = view ? view(result) : shortJson(payload(result));
        if (shown) console.log(`      ${shown}`);
        printLog();
        return result;
      } catch (error) {
        console.log(`${label}  FAILED`);
        printLog();
        throw error;
      }
    },
  };
}

async function main(): Promise<void> {
  const endpointArgument = argument("--endpoint");
  const verbose = process.argv.includes("--verbose");
  let stopEngine: (() => Promise<void>) | undefined;
  let connection: Connection;
  let region: string;
  if (endpointArgument) {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(
        "With --endpoint, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys).",
      );
    }
    region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? LOCAL_REGION;
    connection = {
      key: "apiKeySecret",
      configVarKey: "demo",
      fields: {
        accessKeyId,
        secretAccessKey,
        sessionToken: process.env.AWS_SESSION_TOKEN ?? "",
        endpoint: endpointArgument,
      },
    };
    console.log(`Amazon DynamoDB connector demo against ${endpointArgument} (${region})`);
  } else {
    console.log("Starting DynamoDB Local (the embedded engine)…");
    const engine = await startDynamoLocal();
    stopEngine = engine.stop;
    region = LOCAL_REGION;
    connection = {
      key: "apiKeySecret",
      configVarKey: "demo",
      fields: { ...LOCAL_CREDENTIALS, endpoint: engine.endpoint },
    };
    console.log(`DynamoDB Local is up at ${engine.endpoint}`);
  }

  const demo = createDemo(connection, region, verbose);
  const started = performance.now();
  try {
    for (const [title, section] of SECTIONS) {
      console.log(`\n${title}`);
      await section(demo);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`\nDemo finished: every step succeeded in ${seconds} s.`);
  } finally {
    clearClientCache();
    await stopEngine?.();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\nDemo failed: ${message}`);
  process.exitCode = 1;
});

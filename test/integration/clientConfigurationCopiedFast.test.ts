/**
 * The AWS SDK copies a client's configuration (about 50 properties) with an object spread four to
 * six times per request. V8 builds that configuration as a dictionary, which costs about 9–10 µs
 * a copy; the credential factory (src/aws/client.ts) turns each client's configuration back into
 * fast mode (src/common/fastProperties.ts), where a copy costs about 1.2 µs: together about a
 * quarter of the instructions of a Get Item call (bench/notes.md, 25). Checked with V8's own test
 * of an object's mode, in a child process started with --allow-natives-syntax: for the source and
 * for the bundle the platform loads, after requests have run (the SDK adds properties to the
 * configuration on the first one), and for each of the four clients the factory builds.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const run = promisify(execFile);
const CHILD = path.join(__dirname, "..", "support", "children", "clientConfigurationMode.ts");
const SOURCE = path.join(__dirname, "..", "..", "src", "index.ts");
const CLIENT_FACTORY = path.join(__dirname, "..", "..", "src", "aws", "client.ts");
const table = uniqueTableName("client_configuration_mode");
let raw: DynamoDBClient;

beforeAll(async () => {
  ensureFreshBundle();
  raw = rawClient();
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
  await raw.send(new PutItemCommand({ TableName: table, Item: { id: { S: "a" } } }));
}, 300_000);

afterAll(async () => {
  await deleteTestTable(table);
  raw.destroy();
});

/** What the child reports: for each SDK client configuration built while it ran, is it fast? */
interface ModeReport {
  fast: boolean[];
}

/** Each Max Attempts value gives the connection a client of its own. */
const CLIENTS = 6;

async function modesOf(componentPath: string): Promise<ModeReport> {
  const inputSets = Array.from({ length: CLIENTS }, (_, i) => ({
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    tableName: table,
    value: "a",
    maxAttempts: String(i + 1),
  }));
  const { stdout } = await run(
    process.execPath,
    [
      "--allow-natives-syntax",
      ...TYPESCRIPT_CHILD,
      CHILD,
      componentPath,
      JSON.stringify({ inputSets, calls: 3 }),
    ],
    { env: process.env },
  );
  return JSON.parse(stdout) as ModeReport;
}

it.each([
  ["the source", SOURCE],
  ["the bundle", BUNDLE_PATH],
])(
  "%s keeps each DynamoDB client's configuration in fast mode through requests",
  async (_, componentPath) => {
    const report = await modesOf(componentPath);
    // One DynamoDB client per Max Attempts value, each reused by its three calls.
    expect(report.fast).toEqual(Array.from({ length: CLIENTS }, () => true));
  },
);

it("keeps the configuration of every client the credential factory builds in fast mode", async () => {
  // The Streams, Pipes and EventBridge clients are built on first use; each is checked as built.
  const script = `
    const { getClients } = require(${JSON.stringify(CLIENT_FACTORY)});
    const hasFastProperties = new Function("target", "return %HasFastProperties(target)");
    const clients = getClients(${JSON.stringify(localConnection())}, ${JSON.stringify(LOCAL_REGION)});
    const built = [clients.dynamodb, clients.streams(), clients.pipes(), clients.events()];
    process.stdout.write(JSON.stringify(built.map((client) => hasFastProperties(client.config))));
    process.exit(0);
  `;
  const { stdout } = await run(
    process.execPath,
    ["--allow-natives-syntax", ...TYPESCRIPT_CHILD, "--eval", script],
    { env: process.env },
  );
  expect(JSON.parse(stdout)).toEqual([true, true, true, true]);
});

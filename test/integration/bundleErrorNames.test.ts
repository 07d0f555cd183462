/**
 * What depends on an AWS error's name reads the same from the built bundle (dist/index.js,
 * minified, with its own copy of the AWS SDK) as from source, against DynamoDB Local: a version
 * conflict, a cancelled transaction, a failed batch statement. A missing or stale
 * bundle is built first, so `npm test` alone stays true.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Connection, testing } from "@prismatic-io/spectral";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const ROOT = join(__dirname, "..", "..");
const BUNDLE = join(ROOT, "dist", "index.js");
const table = uniqueTableName("bundle_stmt");

/** The newest modification time of the files under a folder, in ms. */
function newest(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(folder, entry.name);
    const time = entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    return Math.max(latest, time);
  }, 0);
}

function loadBundle() {
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newest(join(ROOT, "src"))) {
    execFileSync("npx", ["webpack"], { cwd: ROOT, stdio: "ignore", timeout: 300_000 });
  }
  // The platform loads the bundle with require, as this does.
  return require(BUNDLE).default;
}

let harness: ReturnType<typeof testing.createHarness>;
let connection: Connection;

beforeAll(async () => {
  harness = testing.createHarness(loadBundle());
  connection = localConnection();
  await createTestTable(table, { hashKey: { name: "id", type: "N" } });
}, 360_000);

afterAll(async () => {
  await deleteTestTable(table);
});

const base = () => ({ awsConnection: connection, awsRegion: LOCAL_REGION });

describe("the bundle", () => {
  it("reports a version conflict by name, saying the item changed since it was read", async () => {
    const upsert = (expectedVersion: string) =>
      harness.action("createItem", {
        ...base(),
        tableName: table,
        itemJson: '{"id": 1, "title": "x"}',
        versionAttribute: "version",
        expectedVersion,
      });
    await upsert("");
    await upsert("1");
    const error = await failure(upsert("1"));
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain(
      'The item changed since it was read: its Version Attribute "version" is now 2, not the Expected Version 1.',
    );
  });

  it("names a cancelled transaction's statement, and a failed batch statement's index", async () => {
    const error = await failure(
      harness.action("executeTransaction", {
        ...base(),
        statements: JSON.stringify([
          `INSERT INTO "${table}" VALUE {'id': 50}`,
          `UPDATE "${table}" SET title = 'y' WHERE id = 1 AND version = 99`,
        ]),
      }),
    );
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toContain("Statements[1] (UPDATE): ConditionalCheckFailed");

    const batch = (await harness.action("batchExecuteStatements", {
      ...base(),
      statements: JSON.stringify([
        `INSERT INTO "${table}" VALUE {'id': 51}`,
        `INSERT INTO "${table}" VALUE {'id': 1}`,
      ]),
    })) as { data: { failedIndexes: number[]; results: { error: { code: string } | null }[] } };
    expect(batch.data.failedIndexes).toEqual([1]);
    expect(batch.data.results[1].error?.code).toBe("DuplicateItem");
  });

  it("deletes items by a key condition, and a Dry Run deletes nothing", async () => {
    const run = (dryRun: string) =>
      harness.action("deleteItems", {
        ...base(),
        tableName: table,
        keyConditionExpression: "id = :id",
        expressionAttributeValues: [{ key: ":id", value: "51" }],
        expressionAttributeValueTypes: [{ key: ":id", value: "N" }],
        dryRun,
      }) as Promise<{ data: { deleted: number; matched: number } }>;
    expect((await run("true")).data).toEqual(expect.objectContaining({ deleted: 0, matched: 1 }));
    expect((await run("false")).data).toEqual(expect.objectContaining({ deleted: 1, matched: 1 }));
    expect((await run("true")).data).toEqual(expect.objectContaining({ deleted: 0, matched: 0 }));
  });
});

/**
 * A wait (Wait Until Active / Deleted / Available) lasts at most its bound in all: a poll request
 * still in flight at the deadline is abandoned (aborted), not waited for. With the SDK mocked.
 */
import {
  DescribeBackupCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { getClients } from "../../src/aws/client";
import { waitForBackup } from "../../src/engines/backups";
import { beforeWaitEnds, WAIT_ENDED } from "../../src/engines/polling";
import { waitForTable } from "../../src/engines/tables";
import { keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4";
/** Slack for a loaded machine. */
const SLACK_MS = 1_500;
const never = () => new Promise<never>(() => undefined);

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});
afterAll(() => ddbMock.restore());

const context = { operation: "CreateTable", table: "Customers", region: "us-east-1" };

async function elapsedFailure(promise: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  const error = await promise.then(
    () => new Error("expected a failure"),
    (failure: Error) => failure,
  );
  return { error, ms: Date.now() - started };
}

describe("the bound of a wait includes its last poll", () => {
  it("Wait Until Active: a DescribeTable that hangs past the deadline ends the wait at the deadline", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: { TableName: "Customers", TableStatus: "CREATING" } })
      .callsFake(never);
    const clients = getClients(keySecretConnection(), "us-east-1");
    const { error, ms } = await elapsedFailure(
      waitForTable(clients, "Customers", "active", context, 2),
    );
    expect(error.message).toBe(
      'CreateTable: table "Customers" in region us-east-1 is still CREATING after 2 s. It goes on in the background; check its status with Describe Table.',
    );
    expect(ms).toBeGreaterThanOrEqual(1_900);
    expect(ms).toBeLessThan(2_000 + SLACK_MS);
  });

  it("Wait Until Available: a DescribeBackup that hangs past the deadline ends the wait at the deadline", async () => {
    ddbMock
      .on(DescribeBackupCommand)
      .resolvesOnce({ BackupDescription: { BackupDetails: { BackupStatus: "CREATING" } as never } })
      .callsFake(never);
    const clients = getClients(keySecretConnection(), "us-east-1");
    const { error, ms } = await elapsedFailure(
      waitForBackup(clients, ARN, { operation: "CreateBackup", region: "us-east-1" }, 2),
    );
    expect(error.message).toMatch(/^CreateBackup: backup .* is still CREATING after 2 s\./);
    expect(ms).toBeGreaterThanOrEqual(1_900);
    expect(ms).toBeLessThan(2_000 + SLACK_MS);
  });

  it("aborts the request in flight at the deadline", async () => {
    let signal: AbortSignal | undefined;
    const result = await beforeWaitEnds(Date.now() + 100, (abortSignal) => {
      signal = abortSignal;
      return never();
    });
    expect(result).toBe(WAIT_ENDED);
    expect(signal?.aborted).toBe(true);
  });

  it("passes the answer of a request that ends in time", async () => {
    let signal: AbortSignal | undefined;
    const result = await beforeWaitEnds(Date.now() + 5_000, async (abortSignal) => {
      signal = abortSignal;
      return "answer";
    });
    expect(result).toBe("answer");
    expect(signal?.aborted).toBe(false);
  });
});

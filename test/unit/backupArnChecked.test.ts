/**
 * Every action that takes a backup ARN sends only the ARN of a backup, of the step's region: a
 * table's ARN, or a backup of another region, is an input error before any request (issue 18,
 * case 12). The error names the input it is about (Backup ARN, Exclusive Start Backup ARN), though
 * one cleaner checks both.
 */
import { DynamoDBClient, ListBackupsCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { cleanBackupArn } from "../../src/inputs/backups";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const BACKUP =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4";
const OTHER_REGION =
  "arn:aws:dynamodb:eu-west-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4";

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});
afterAll(() => ddbMock.restore());

const run = (key: string, params: Record<string, unknown>) =>
  harness.action(key, { awsConnection: keySecretConnection(), awsRegion: "us-east-1", ...params });

const ACTIONS: [string, Record<string, unknown>][] = [
  ["describeBackup", {}],
  ["deleteBackup", {}],
  ["restoreTableFromBackup", { targetTableName: "CustomersRestored" }],
];

describe.each(ACTIONS)("%s", (key, extra) => {
  it.each([
    ["a table's ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/Customers"],
    [
      "a stream's ARN",
      "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-01T12:00:00.000",
    ],
    ["an index's ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/index/byEmail"],
  ])("refuses %s before any request", async (_what, arn) => {
    await expect(run(key, { ...extra, backupArn: arn })).rejects.toThrow(
      /^Backup ARN is not a backup ARN: it is the ARN of a table\. It looks like arn:aws:dynamodb:[^ ]+\/backup\/[^ ]+, ending in \/backup\/ID/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("refuses a backup of another region, naming both regions, before any request", async () => {
    await expect(run(key, { ...extra, backupArn: OTHER_REGION })).rejects.toThrow(
      "Backup ARN is a backup in region eu-west-1, but this step works in region us-east-1. Set AWS Region to eu-west-1, or choose a backup of us-east-1.",
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each([
    [
      "another service",
      "arn:aws:s3:us-east-1:123456789012:table/Customers/backup/01715078400000-a1",
    ],
    [
      "another kind of AWS Backup ARN",
      "arn:aws:backup:us-east-1:123456789012:backup-vault:Default-vault",
    ],
    ["no backup id", "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/"],
  ])("refuses %s before any request", async (_what, arn) => {
    await expect(run(key, { ...extra, backupArn: arn })).rejects.toThrow(
      /^Backup ARN is not a backup ARN \(37 to 1,024 characters\)/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("listBackups", () => {
  it("refuses an Exclusive Start Backup ARN of another region before any request", async () => {
    await expect(run("listBackups", { exclusiveStartBackupArn: OTHER_REGION })).rejects.toThrow(
      "Exclusive Start Backup ARN is a backup in region eu-west-1, but this step works in region us-east-1.",
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("cleanBackupArn", () => {
  it("keeps an AWS Backup recovery point (ListBackups lists them as AWS_BACKUP), region checked too", async () => {
    const point = "arn:aws:backup:us-east-1:123456789012:recovery-point:1a2b3c4d-5e6f-7a8b";
    expect(cleanBackupArn(point)).toBe(point);
    await expect(
      run("describeBackup", { backupArn: point.replace("us-east-1", "eu-west-1") }),
    ).rejects.toThrow(
      "Backup ARN is a backup in region eu-west-1, but this step works in region us-east-1.",
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("keeps a backup ARN of any partition", () => {
    expect(cleanBackupArn(BACKUP)).toBe(BACKUP);
    const china =
      "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/T.x_1-y/backup/01715078400000-a1b2";
    expect(cleanBackupArn(china)).toBe(china);
  });

  it.each([null, 42, true, [], {}, [BACKUP], { arn: BACKUP }, "", " "])(
    "%j is an input error, never a TypeError",
    (value) => {
      expect(() => cleanBackupArn(value)).toThrow(/^Backup ARN/);
    },
  );
});

describe("the one cleaner names the input it cleans", () => {
  it("a bad Exclusive Start Backup ARN is called so, before anything is sent", async () => {
    await expect(run("listBackups", { exclusiveStartBackupArn: "not-an-arn" })).rejects.toThrow(
      /^Exclusive Start Backup ARN is not a backup ARN/,
    );
    expect(ddbMock.commandCalls(ListBackupsCommand)).toHaveLength(0);
  });

  it("a bad Backup ARN is still called Backup ARN", async () => {
    await expect(run("describeBackup", { backupArn: "not-an-arn" })).rejects.toThrow(
      /^Backup ARN is not a backup ARN/,
    );
  });
});

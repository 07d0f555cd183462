/**
 * A wait that fails after the change it awaits was made (the network goes down while Create
 * Table, Create Backup or Export Table to S3 waits) says that the change was made and goes on,
 * and how to check it (the backup's or export's ARN), rather than reading as if nothing had been
 * done, which would lead a user to make it a second time. Before, only the failed describe
 * request was named.
 */
import {
  CreateBackupCommand,
  CreateTableCommand,
  DescribeBackupCommand,
  DescribeExportCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExportTableToPointInTimeCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);
const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1", tableName: "Orders" };
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders";
const BACKUP_ARN = `${TABLE_ARN}/backup/01700000000000-abcdefgh`;
const EXPORT_ARN = `${TABLE_ARN}/export/01700000000000-abcdefgh`;

/** A failure the SDK does not retry: the wait's describe request fails for good. */
const cutOff = () =>
  Object.assign(new Error("Service unavailable"), {
    name: "ValidationException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });

const run = (key: string, params: Record<string, unknown>) =>
  failure(harness.action(key, { ...base, ...params }, { logger: quietLogger() } as never));

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});

describe("A wait that fails after its change was made", () => {
  it("Create Table says the table change was accepted and to check it with Describe Table", async () => {
    ddbMock.on(CreateTableCommand).resolves({
      TableDescription: { TableName: "Orders", TableStatus: "CREATING" },
    });
    ddbMock.on(DescribeTableCommand).rejects(cutOff());
    const error = await run("createTable", { waitUntilActive: "true" });
    expect(error.message).toMatch(/^CreateTable \(waiting until ACTIVE\) failed on table "Orders"/);
    expect(error.message).toContain(
      'The change to table "Orders" was accepted before the wait failed and goes on in the background; check its status with Describe Table rather than making it again.',
    );
  });

  it("Create Backup names the backup created, to check with Describe Backup", async () => {
    ddbMock.on(CreateBackupCommand).resolves({
      BackupDetails: {
        BackupArn: BACKUP_ARN,
        BackupName: "nightly",
        BackupStatus: "CREATING",
        BackupCreationDateTime: new Date(0),
        BackupType: "USER",
      },
    });
    ddbMock.on(DescribeBackupCommand).rejects(cutOff());
    const error = await run("createBackup", { backupName: "nightly", waitUntilAvailable: "true" });
    expect(error.message).toContain(
      `Backup ${BACKUP_ARN} was created before the wait failed and goes on in the background; check it with Describe Backup rather than creating another.`,
    );
  });

  it("Export Table to S3 names the export started, to check with its ARN", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: { TableName: "Orders", TableArn: TABLE_ARN, TableStatus: "ACTIVE" },
    });
    ddbMock.on(ExportTableToPointInTimeCommand).resolves({
      ExportDescription: { ExportArn: EXPORT_ARN, ExportStatus: "IN_PROGRESS" },
    });
    ddbMock.on(DescribeExportCommand).rejects(cutOff());
    const error = await run("exportTableToS3", {
      s3Bucket: "my-exports",
      waitUntilComplete: "true",
    });
    expect(error.message).toContain(
      `The export ${EXPORT_ARN} was started before the wait failed and goes on in the background`,
    );
  });
});

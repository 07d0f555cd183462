/**
 * A mocked client can give an answer's times as DynamoDB's SDK never does: ISO text or epoch
 * milliseconds where the SDK gives a Date, or a Date that is invalid. Select Backup's labels and
 * order, Restore Table to Point in Time's check of the restorable window, and every output that
 * copies an answer read such a time as that time (or an invalid Date as none, written null),
 * never failing with a TypeError or a RangeError.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  RestoreTableToPointInTimeCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, resetCaches } from "../support/harness";
import { BACKUP_ARN, CUSTOMERS, validParams } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);
const MAY_1 = "2024-05-01T00:00:00.000Z";

beforeEach(() => {
  ddbMock.reset();
  resetCaches();
});

afterAll(() => ddbMock.restore());

function backupsCreated(time: unknown) {
  ddbMock.on(ListBackupsCommand).resolves({
    BackupSummaries: [
      { BackupArn: BACKUP_ARN, BackupName: "nightly", BackupCreationDateTime: time },
    ],
  } as never);
}

describe("Select Backup", () => {
  it.each([
    ["ISO text", MAY_1, MAY_1],
    ["epoch milliseconds", Date.parse(MAY_1), MAY_1],
    ["a Date", new Date(MAY_1), MAY_1],
    ["an invalid Date", new Date(Number.NaN), "unknown time"],
  ])("labels a backup created at %s", async (_, time, shown) => {
    backupsCreated(time);
    const result = await harness.dataSource("selectBackup", validParams("selectBackup"));
    expect(result).toEqual({
      result: [{ key: BACKUP_ARN, label: `nightly (${shown}, ?, ?)` }],
    });
  });
});

describe("outputs that copy an answer", () => {
  it("List Backups writes an invalid Date as null", async () => {
    backupsCreated(new Date(Number.NaN));
    const result = (await harness.action("listBackups", validParams("listBackups"))) as {
      data: { backups: Record<string, unknown>[] };
    };
    expect(result.data.backups[0]).toMatchObject({ BackupCreationDateTime: null });
  });

  it("Describe Table writes an invalid Date as null", async () => {
    const table = { ...CUSTOMERS, CreationDateTime: new Date(Number.NaN) };
    ddbMock.on(DescribeTableCommand).resolves({ Table: table });
    const result = (await harness.action("describeTable", validParams("describeTable"))) as {
      data: { table: Record<string, unknown> };
    };
    expect(result.data.table.CreationDateTime).toBeNull();
  });
});

describe("Restore Table to Point in Time", () => {
  it.each([
    ["ISO text", (date: Date) => date.toISOString()],
    ["epoch milliseconds", (date: Date) => date.getTime()],
  ])("checks the restorable window given as %s", async (_, form) => {
    const earliest = new Date(Date.now() - 2 * 86_400_000);
    const latest = new Date(Date.now() - 86_400_000);
    ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
    ddbMock.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: "ENABLED",
        PointInTimeRecoveryDescription: {
          PointInTimeRecoveryStatus: "ENABLED",
          EarliestRestorableDateTime: form(earliest),
          LatestRestorableDateTime: form(latest),
        },
      },
    } as never);
    ddbMock.on(RestoreTableToPointInTimeCommand).resolves({});
    const params = {
      ...validParams("restoreTableToPointInTime"),
      useLatestRestorableTime: false,
      restoreDateTime: new Date(Date.now() - 3_600_000).toISOString(),
    };
    const error = await harness.action("restoreTableToPointInTime", params).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: "InputError", label: "Restore Date Time" });
    expect((error as Error).message).toContain(
      `from ${earliest.toISOString()} to ${latest.toISOString()}`,
    );
  });
});

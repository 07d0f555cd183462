/**
 * Times that point-in-time recovery must reach (Restore Date Time; Export Time, Export From Time,
 * Export To Time) are refused before anything is sent when no table's window can hold them: in the
 * future, or more than 35 days ago (the longest recovery period). Only a time within those bounds
 * is checked against the table's own window, which needs a request.
 */
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExportTableToPointInTimeCommand,
  RestoreTableToPointInTimeCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { cleanRecoveryTimestamp, InputError } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const DAY_MS = 86_400_000;
const fromNow = (ms: number) => new Date(Date.now() + ms);
const base = () => ({ awsConnection: keySecretConnection(), awsRegion: "us-east-1" });

beforeEach(() => {
  ddbMock.reset();
  resetCaches();
});

describe("cleanRecoveryTimestamp", () => {
  const clean = cleanRecoveryTimestamp("Restore Date Time");

  it("keeps a time from a minute ago to 34 days ago, as text or as a Date", () => {
    const minuteAgo = fromNow(-60_000);
    expect(clean(minuteAgo.toISOString())).toEqual(minuteAgo);
    const old = fromNow(-34 * DAY_MS);
    expect(clean(old)).toBe(old);
    expect(clean("")).toBeUndefined();
  });

  it.each([
    ["an hour ahead", fromNow(3_600_000), /\) is in the future; give a time in the past\.$/],
    ["36 days ago", fromNow(-36 * DAY_MS), /\) is more than 35 days ago: point-in-time/],
    ["in 1969", new Date("1969-12-31T23:59:59Z"), /is more than 35 days ago/],
  ])("refuses a time %s, naming the input", (_when, when, message) => {
    for (const value of [when, when.toISOString()]) {
      let error: unknown;
      try {
        clean(value);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).label).toBe("Restore Date Time");
      expect((error as Error).message).toMatch(/^Restore Date Time \(/);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe("the actions send nothing for such a time", () => {
  it.each([
    ["restoreTableToPointInTime", "restoreDateTime", "Restore Date Time"],
    ["exportTableToS3", "exportTime", "Export Time"],
    ["exportTableToS3", "exportToTime", "Export To Time"],
  ])("%s with %s in the future", async (key, name, label) => {
    const params = {
      ...base(),
      tableName: "Customers",
      targetTableName: "CustomersRestored",
      s3Bucket: "my-exports",
      exportType: name === "exportToTime" ? "INCREMENTAL_EXPORT" : "FULL_EXPORT",
      [name]: fromNow(DAY_MS).toISOString(),
    };
    await expect(harness.action(key, params)).rejects.toThrow(new RegExp(`^${label} \\(`));
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("a restore to a time within 35 days is checked against the table's window, then sent", async () => {
    const when = fromNow(-DAY_MS);
    ddbMock.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: "ENABLED",
        PointInTimeRecoveryDescription: {
          PointInTimeRecoveryStatus: "ENABLED",
          EarliestRestorableDateTime: fromNow(-7 * DAY_MS),
          LatestRestorableDateTime: fromNow(-300_000),
        },
      },
    });
    ddbMock.on(RestoreTableToPointInTimeCommand).resolves({
      TableDescription: { TableName: "CustomersRestored", TableStatus: "CREATING" },
    });
    await harness.action("restoreTableToPointInTime", {
      ...base(),
      tableName: "Customers",
      targetTableName: "CustomersRestored",
      restoreDateTime: when.toISOString(),
    });
    expect(ddbMock.commandCalls(DescribeContinuousBackupsCommand)).toHaveLength(1);
    const [restore] = ddbMock.commandCalls(RestoreTableToPointInTimeCommand);
    expect(restore.args[0].input.RestoreDateTime).toEqual(when);
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(ExportTableToPointInTimeCommand)).toHaveLength(0);
  });
});

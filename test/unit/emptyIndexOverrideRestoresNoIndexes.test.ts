/**
 * Global Secondary Index Override: "[]" restores none of the source's indexes, blank keeps them
 * all. A code-native flow that gives the list itself ([] rather than the text "[]") means the
 * same as the text: both restores send an empty GlobalSecondaryIndexOverride, not none at all.
 */
import {
  DynamoDBClient,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, resetCaches, tableStepParams } from "../support/harness";
import { BACKUP_ARN, CUSTOMERS } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);

beforeEach(() => {
  ddbMock.reset();
  resetCaches();
  const restored = { TableDescription: { ...CUSTOMERS, TableName: "CustomersRestored" } };
  ddbMock.on(RestoreTableFromBackupCommand).resolves(restored);
  ddbMock.on(RestoreTableToPointInTimeCommand).resolves(restored);
});

afterAll(() => ddbMock.restore());

const RESTORES = [
  {
    key: "restoreTableFromBackup",
    command: RestoreTableFromBackupCommand,
    params: { ...tableStepParams(), backupArn: BACKUP_ARN },
  },
  {
    key: "restoreTableToPointInTime",
    command: RestoreTableToPointInTimeCommand,
    params: tableStepParams(),
  },
] as const;

/** The override a restore sends for the given Global Secondary Index Override. */
async function sentOverride(restore: (typeof RESTORES)[number], override: unknown) {
  ddbMock.resetHistory();
  await harness.action(restore.key, {
    ...restore.params,
    targetTableName: "CustomersRestored",
    globalSecondaryIndexOverride: override,
  });
  const [call] = ddbMock.commandCalls(restore.command as never);
  return (call.args[0] as { input: { GlobalSecondaryIndexOverride?: unknown } }).input
    .GlobalSecondaryIndexOverride;
}

describe.each(RESTORES)("$key", (restore) => {
  it("an empty list restores no index, as the text [] does", async () => {
    expect(await sentOverride(restore, "[]")).toEqual([]);
    expect(await sentOverride(restore, [])).toEqual([]);
  });

  it("blank keeps every index of the source", async () => {
    expect(await sentOverride(restore, "")).toBeUndefined();
    expect(await sentOverride(restore, undefined)).toBeUndefined();
  });
});

/**
 * The backup actions, the two restores, the continuous-backup actions and Select Backup, with the
 * SDK mocked (DynamoDB Local supports none of them). SDK answers are shaped as the DynamoDB API
 * Reference documents them (Dates where the SDK gives Dates); each test asserts the exact command
 * input and the plain-JSON output (ISO dates), and each example payload is what perform returns.
 */
import {
  CreateBackupCommand,
  DeleteBackupCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  type TableDescription,
  UpdateContinuousBackupsCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createBackup } from "../../src/actions/backups/createBackup";
import { deleteBackup } from "../../src/actions/backups/deleteBackup";
import { describeBackup } from "../../src/actions/backups/describeBackup";
import { describeContinuousBackups } from "../../src/actions/backups/describeContinuousBackups";
import { listBackups } from "../../src/actions/backups/listBackups";
import { restoreTableFromBackup } from "../../src/actions/backups/restoreTableFromBackup";
import { restoreTableToPointInTime } from "../../src/actions/backups/restoreTableToPointInTime";
import { updateContinuousBackups } from "../../src/actions/backups/updateContinuousBackups";
import { selectBackup } from "../../src/dataSources/selectBackup";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4";
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";

const base = () => ({ awsConnection: keySecretConnection(), awsRegion: "us-east-1" });
const run = (key: string, params: Record<string, unknown>) =>
  harness.action(key, { ...base(), ...params });

function sentInput<T>(command: new (...args: never[]) => T, index = 0) {
  return (ddbMock.commandCalls(command as never)[index].args[0] as { input: unknown }).input;
}

/** BackupDetails as the SDK returns them (API_BackupDetails). */
function details(overrides: Record<string, unknown> = {}) {
  return {
    BackupArn: ARN,
    BackupName: "CustomersBeforeImport",
    BackupSizeBytes: 2048,
    BackupStatus: "AVAILABLE" as const,
    BackupType: "USER" as const,
    BackupCreationDateTime: new Date("2024-05-07T10:40:00.000Z"),
    ...overrides,
  };
}

/** SourceTableDetails as the SDK returns them (API_SourceTableDetails). */
const SOURCE = {
  TableName: "Customers",
  TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
  TableArn: TABLE_ARN,
  TableSizeBytes: 2048,
  KeySchema: [
    { AttributeName: "customerId", KeyType: "HASH" as const },
    { AttributeName: "customerName", KeyType: "RANGE" as const },
  ],
  TableCreationDateTime: new Date("2024-05-01T12:00:00.000Z"),
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  ItemCount: 12,
  BillingMode: "PROVISIONED" as const,
};

function restoredTable(summary: Record<string, unknown>): TableDescription {
  return {
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "N" },
      { AttributeName: "customerName", AttributeType: "S" },
    ],
    TableName: "CustomersRestored",
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" },
      { AttributeName: "customerName", KeyType: "RANGE" },
    ],
    TableStatus: "CREATING",
    CreationDateTime: new Date("2024-05-07T11:00:00.000Z"),
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    },
    TableSizeBytes: 0,
    ItemCount: 0,
    TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/CustomersRestored",
    TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
    DeletionProtectionEnabled: false,
    RestoreSummary: summary as unknown as TableDescription["RestoreSummary"],
  };
}

function pitr(status: "ENABLED" | "DISABLED", earliest?: string, latest?: string) {
  return {
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: "ENABLED" as const,
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: status,
        ...(status === "ENABLED" ? { RecoveryPeriodInDays: 35 } : {}),
        ...(earliest ? { EarliestRestorableDateTime: new Date(earliest) } : {}),
        ...(latest ? { LatestRestorableDateTime: new Date(latest) } : {}),
      },
    },
  };
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});

afterAll(() => ddbMock.restore());

describe("createBackup", () => {
  it("sends the table and backup name, and returns the example payload", async () => {
    ddbMock.on(CreateBackupCommand).resolves({
      BackupDetails: details({ BackupStatus: "CREATING" }),
      $metadata: { httpStatusCode: 200 },
    });
    const result = await run("createBackup", {
      tableName: "Customers",
      backupName: " CustomersBeforeImport ",
    });
    expect(sentInput(CreateBackupCommand)).toEqual({
      TableName: "Customers",
      BackupName: "CustomersBeforeImport",
    });
    expect(result).toEqual(createBackup.examplePayload);
    expect(Object.keys(createBackup.inputs)).toEqual([
      "awsRegion",
      "tableName",
      "awsConnection",
      "backupName",
      "waitUntilAvailable",
    ]);
  });

  it("waits until the backup is AVAILABLE with Wait Until Available", async () => {
    ddbMock
      .on(CreateBackupCommand)
      .resolves({ BackupDetails: details({ BackupStatus: "CREATING" }) });
    ddbMock
      .on(DescribeBackupCommand)
      .resolvesOnce({ BackupDescription: { BackupDetails: details({ BackupStatus: "CREATING" }) } })
      .resolves({ BackupDescription: { BackupDetails: details() } });
    const result = (await run("createBackup", {
      tableName: "Customers",
      backupName: "nightly",
      waitUntilAvailable: "true",
    })) as { data: { backup: { BackupStatus: string } } };
    expect(result.data.backup.BackupStatus).toBe("AVAILABLE");
    expect(ddbMock.commandCalls(DescribeBackupCommand)).toHaveLength(2);
    expect(sentInput(DescribeBackupCommand)).toEqual({ BackupArn: ARN });
  });

  it.each([
    [{ backupName: "" }, "Backup Name is required. For example: CustomersBeforeImport"],
    [{ backupName: "ab" }, /^Backup Name "ab" is not a valid name: use 3 to 255 characters/],
    [{ backupName: "before import" }, /^Backup Name "before import" is not a valid name/],
    [{ backupName: ["x"] }, "Backup Name must be text, such as CustomersBeforeImport."],
    [{ waitUntilAvailable: "soon" }, 'Wait Until Available must be true or false, not "soon".'],
  ])("refuses %p before any request", async (params, message) => {
    await expect(
      run("createBackup", { tableName: "Customers", backupName: "nightly", ...params }),
    ).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("maps a failure with the operation, table and region", async () => {
    ddbMock.on(CreateBackupCommand).rejects(
      Object.assign(new Error("Table not found: Customers"), {
        name: "TableNotFoundException",
        $metadata: {},
      }),
    );
    await expect(
      run("createBackup", { tableName: "Customers", backupName: "nightly" }),
    ).rejects.toThrow(
      'CreateBackup failed on table "Customers" in region us-east-1: TableNotFoundException: Table not found: Customers. Check that the source table exists in this region.',
    );
  });
});

describe("describeBackup and deleteBackup", () => {
  it("describe returns the backup, its source table and features, as plain JSON", async () => {
    ddbMock.on(DescribeBackupCommand).resolves({
      BackupDescription: {
        BackupDetails: details(),
        SourceTableDetails: SOURCE,
        SourceTableFeatureDetails: {
          GlobalSecondaryIndexes: [
            {
              IndexName: "byEmail",
              KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
              ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
            },
          ],
          TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" },
        },
      },
    });
    const result = await run("describeBackup", { backupArn: ` ${ARN} ` });
    expect(sentInput(DescribeBackupCommand)).toEqual({ BackupArn: ARN });
    expect(result).toEqual(describeBackup.examplePayload);
  });

  it("delete returns the deleted backup's description", async () => {
    ddbMock.on(DeleteBackupCommand).resolves({
      BackupDescription: {
        BackupDetails: details({ BackupStatus: "DELETED" }),
        SourceTableDetails: SOURCE,
        SourceTableFeatureDetails: {},
      },
    });
    const result = await run("deleteBackup", { backupArn: ARN });
    expect(sentInput(DeleteBackupCommand)).toEqual({ BackupArn: ARN });
    expect(result).toEqual(deleteBackup.examplePayload);
  });

  it("gives null parts when DynamoDB leaves them out", async () => {
    ddbMock.on(DescribeBackupCommand).resolves({});
    await expect(run("describeBackup", { backupArn: ARN })).resolves.toEqual({
      data: { backup: null, sourceTable: null, sourceTableFeatures: null },
    });
  });

  it.each([
    ["", `Backup ARN is required. For example: ${ARN}`],
    ["01715078400000-a1b2c3d4", /^Backup ARN is not a backup ARN \(37 to 1,024 characters\)/],
    [`${ARN} trailing`, /^Backup ARN is not a backup ARN/],
    [
      `arn:aws:dynamodb:us-east-1:123456789012:${"x".repeat(1000)}`,
      /^Backup ARN is not a backup ARN/,
    ],
    [{ arn: ARN }, /^Backup ARN is not a backup ARN/],
  ])("refuses Backup ARN %p before any request", async (backupArn, message) => {
    for (const key of ["describeBackup", "deleteBackup", "restoreTableFromBackup"]) {
      await expect(run(key, { backupArn, targetTableName: "CustomersRestored" })).rejects.toThrow(
        message,
      );
    }
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("hints at the ARN when the backup is not found", async () => {
    ddbMock.on(DeleteBackupCommand).rejects(
      Object.assign(new Error(`Backup not found: ${ARN}`), {
        name: "BackupNotFoundException",
        $metadata: {},
      }),
    );
    await expect(run("deleteBackup", { backupArn: ARN })).rejects.toThrow(
      /^DeleteBackup failed in region us-east-1: BackupNotFoundException: .*Check the Backup ARN/,
    );
  });
});

describe("listBackups", () => {
  const summary = (name: string, created: string, type = "USER") => ({
    TableName: "Customers",
    TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
    TableArn: TABLE_ARN,
    BackupArn: `${TABLE_ARN}/backup/${name}`,
    BackupName: name,
    BackupCreationDateTime: new Date(created),
    BackupStatus: "AVAILABLE" as const,
    BackupType: type as "USER",
    BackupSizeBytes: 2048,
  });

  it("lists one page by table, time range and type, with the cursor, as plain JSON", async () => {
    ddbMock.on(ListBackupsCommand).resolves({
      BackupSummaries: [summary("a", "2024-05-02T00:00:00Z")],
      LastEvaluatedBackupArn: `${TABLE_ARN}/backup/a`,
    });
    const result = await run("listBackups", {
      filterTableName: "Customers",
      timeRangeLowerBound: "2024-05-01T00:00:00Z",
      timeRangeUpperBound: "2024-06-01T02:00:00+02:00",
      backupType: "system",
      limit: "10",
      exclusiveStartBackupArn: `${TABLE_ARN}/backup/0`,
    });
    expect(sentInput(ListBackupsCommand)).toEqual({
      TableName: "Customers",
      TimeRangeLowerBound: new Date("2024-05-01T00:00:00Z"),
      TimeRangeUpperBound: new Date("2024-06-01T00:00:00Z"),
      BackupType: "SYSTEM",
      Limit: 10,
      ExclusiveStartBackupArn: `${TABLE_ARN}/backup/0`,
    });
    expect(result).toEqual({
      data: {
        backups: [
          {
            ...summary("a", "2024-05-02T00:00:00Z"),
            BackupCreationDateTime: "2024-05-02T00:00:00.000Z",
          },
        ],
        count: 1,
        lastEvaluatedBackupArn: `${TABLE_ARN}/backup/a`,
        truncated: false,
      },
    });
  });

  it("asks for DynamoDB's default type USER when nothing is chosen, and returns the example", async () => {
    ddbMock.on(ListBackupsCommand).resolves({
      BackupSummaries: [
        {
          TableName: "Customers",
          TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
          TableArn: TABLE_ARN,
          ...details(),
        },
      ],
    });
    const result = await run("listBackups", {});
    expect(sentInput(ListBackupsCommand)).toEqual({ BackupType: "USER" });
    expect(result).toEqual(listBackups.examplePayload);
  });

  it("Fetch All follows LastEvaluatedBackupArn to the end", async () => {
    ddbMock
      .on(ListBackupsCommand)
      .resolvesOnce({
        BackupSummaries: [
          summary("a", "2024-05-01T00:00:00Z"),
          summary("b", "2024-05-02T00:00:00Z"),
        ],
        LastEvaluatedBackupArn: `${TABLE_ARN}/backup/b`,
      })
      .resolvesOnce({ BackupSummaries: [summary("c", "2024-05-03T00:00:00Z")] });
    const result = (await run("listBackups", { fetchAll: "true", limit: "2" })) as {
      data: { backups: { BackupName: string }[]; lastEvaluatedBackupArn: unknown };
    };
    expect(result.data.backups.map((b) => b.BackupName)).toEqual(["a", "b", "c"]);
    expect(result.data.lastEvaluatedBackupArn).toBeNull();
    expect(sentInput(ListBackupsCommand, 1)).toEqual({
      BackupType: "USER",
      Limit: 2,
      ExclusiveStartBackupArn: `${TABLE_ARN}/backup/b`,
    });
  });

  it("Fetch All stops at Max Items with the cursor of the last backup returned", async () => {
    ddbMock.on(ListBackupsCommand).resolves({
      BackupSummaries: [
        summary("a", "2024-05-01T00:00:00Z"),
        summary("b", "2024-05-02T00:00:00Z"),
        summary("c", "2024-05-03T00:00:00Z"),
      ],
      LastEvaluatedBackupArn: `${TABLE_ARN}/backup/c`,
    });
    const result = (await run("listBackups", { fetchAll: "true", maxItems: "2" })) as {
      data: { count: number; lastEvaluatedBackupArn: unknown; truncated: boolean };
    };
    expect(result.data).toMatchObject({
      count: 2,
      lastEvaluatedBackupArn: `${TABLE_ARN}/backup/b`,
      truncated: true,
    });
    expect(ddbMock.commandCalls(ListBackupsCommand)).toHaveLength(1);
  });

  it("Fetch All that reaches Max Items at the end of a page asks for no further page", async () => {
    ddbMock.on(ListBackupsCommand).resolves({
      BackupSummaries: [summary("a", "2024-05-01T00:00:00Z"), summary("b", "2024-05-02T00:00:00Z")],
      LastEvaluatedBackupArn: `${TABLE_ARN}/backup/b`,
    });
    const result = (await run("listBackups", { fetchAll: "true", maxItems: "2" })) as {
      data: { count: number; lastEvaluatedBackupArn: unknown; truncated: boolean };
    };
    expect(result.data).toMatchObject({
      count: 2,
      lastEvaluatedBackupArn: `${TABLE_ARN}/backup/b`,
      truncated: true,
    });
    expect(ddbMock.commandCalls(ListBackupsCommand)).toHaveLength(1);
  });

  it("Fetch All fails, rather than loop or stop silently, when DynamoDB repeats a cursor", async () => {
    ddbMock.on(ListBackupsCommand).resolves({
      BackupSummaries: [summary("a", "2024-05-01T00:00:00Z")],
      LastEvaluatedBackupArn: `${TABLE_ARN}/backup/a`,
    });
    await expect(run("listBackups", { fetchAll: "true" })).rejects.toThrow(
      /^ListBackups: the endpoint gave a cursor it had already given \(after 2 pages\)/,
    );
    expect(ddbMock.commandCalls(ListBackupsCommand)).toHaveLength(2);
  });

  it.each([
    [
      { backupType: "DAILY" },
      'Backup Type must be one of USER, SYSTEM, AWS_BACKUP, ALL, not "DAILY".',
    ],
    [{ limit: "101" }, 'Limit must be a whole number from 1 to 100, not "101".'],
    [{ filterTableName: "a b" }, /^Table Name Filter "a b" is not a valid name/],
    [
      { timeRangeLowerBound: "2024-05-01" },
      'Time Range Lower Bound must be an ISO 8601 date and time with its time zone, such as 2024-05-01T12:00:00Z, not "2024-05-01".',
    ],
    [
      { timeRangeUpperBound: "2024-05-01T10:00:00" },
      /^Time Range Upper Bound must be an ISO 8601 date and time with its time zone/,
    ],
    [
      { timeRangeUpperBound: "2024-02-30T10:00:00Z" },
      /^Time Range Upper Bound must be an ISO 8601/,
    ],
    [
      { timeRangeUpperBound: "2024-05-01T24:00:00Z" },
      /^Time Range Upper Bound must be an ISO 8601/,
    ],
    [
      { timeRangeUpperBound: "x".repeat(100_000) },
      /^Time Range Upper Bound must be an ISO 8601.*not "x{40}"\.$/,
    ],
    [
      { timeRangeLowerBound: 1714521600 },
      /^Time Range Lower Bound must be an ISO 8601.*not number/,
    ],
    [
      { timeRangeLowerBound: "2024-06-01T00:00:00Z", timeRangeUpperBound: "2024-05-01T00:00:00Z" },
      "Time Range Lower Bound (2024-06-01T00:00:00.000Z) must be before Time Range Upper Bound (2024-05-01T00:00:00.000Z).",
    ],
    [{ maxItems: "5" }, /^Max Items applies only with Fetch All/],
    [{ exclusiveStartBackupArn: "b" }, /^Exclusive Start Backup ARN is not a backup ARN/],
  ])("refuses %p before any request", async (params, message) => {
    await expect(run("listBackups", params)).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("restoreTableFromBackup", () => {
  const summaryOf = {
    SourceBackupArn: ARN,
    SourceTableArn: TABLE_ARN,
    RestoreDateTime: new Date("2024-05-07T10:40:00.000Z"),
    RestoreInProgress: true,
  };

  it("restores into the target table and returns the example payload", async () => {
    ddbMock
      .on(RestoreTableFromBackupCommand)
      .resolves({ TableDescription: restoredTable(summaryOf) });
    const result = await run("restoreTableFromBackup", {
      backupArn: ARN,
      targetTableName: "CustomersRestored",
    });
    expect(sentInput(RestoreTableFromBackupCommand)).toEqual({
      TargetTableName: "CustomersRestored",
      BackupArn: ARN,
    });
    expect(result).toEqual(restoreTableFromBackup.examplePayload);
  });

  it("sends every override that is filled in", async () => {
    ddbMock
      .on(RestoreTableFromBackupCommand)
      .resolves({ TableDescription: restoredTable(summaryOf) });
    await run("restoreTableFromBackup", {
      backupArn: ARN,
      targetTableName: "CustomersRestored",
      billingModeOverride: "PROVISIONED",
      readCapacityUnitsOverride: "10",
      writeCapacityUnitsOverride: "4",
      globalSecondaryIndexOverride: "[]",
      encryptionOverride: "CUSTOMER_KMS_KEY",
      kmsKey: "alias/customers",
    });
    expect(sentInput(RestoreTableFromBackupCommand)).toEqual({
      TargetTableName: "CustomersRestored",
      BackupArn: ARN,
      BillingModeOverride: "PROVISIONED",
      ProvisionedThroughputOverride: { ReadCapacityUnits: 10, WriteCapacityUnits: 4 },
      GlobalSecondaryIndexOverride: [],
      SSESpecificationOverride: {
        Enabled: true,
        SSEType: "KMS",
        KMSMasterKeyId: "alias/customers",
      },
    });
  });

  it.each([
    ["AWS_OWNED_KEY", { Enabled: false }],
    ["AWS_MANAGED_KMS_KEY", { Enabled: true, SSEType: "KMS" }],
  ])("maps Encryption Override %s", async (encryptionOverride, sse) => {
    ddbMock
      .on(RestoreTableFromBackupCommand)
      .resolves({ TableDescription: restoredTable(summaryOf) });
    await run("restoreTableFromBackup", {
      backupArn: ARN,
      targetTableName: "CustomersRestored",
      billingModeOverride: "PAY_PER_REQUEST",
      encryptionOverride,
      globalSecondaryIndexOverride:
        '[{"IndexName":"byEmail","KeySchema":[{"KeyType":"HASH","AttributeName":"email"}]}]',
    });
    expect(sentInput(RestoreTableFromBackupCommand)).toEqual({
      TargetTableName: "CustomersRestored",
      BackupArn: ARN,
      BillingModeOverride: "PAY_PER_REQUEST",
      GlobalSecondaryIndexOverride: [
        {
          IndexName: "byEmail",
          KeySchema: [{ KeyType: "HASH", AttributeName: "email" }],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      SSESpecificationOverride: sse,
    });
  });

  it("waits until the restored table is ACTIVE with Wait Until Active", async () => {
    ddbMock
      .on(RestoreTableFromBackupCommand)
      .resolves({ TableDescription: restoredTable(summaryOf) });
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        ...restoredTable({ ...summaryOf, RestoreInProgress: false }),
        TableStatus: "ACTIVE",
      },
    });
    const result = (await run("restoreTableFromBackup", {
      backupArn: ARN,
      targetTableName: "CustomersRestored",
      waitUntilActive: "true",
    })) as { data: { table: { TableStatus: string; RestoreSummary: unknown } } };
    expect(result.data.table.TableStatus).toBe("ACTIVE");
    expect(sentInput(DescribeTableCommand)).toEqual({ TableName: "CustomersRestored" });
  });

  it.each([
    [{ targetTableName: "" }, "Target Table Name is required. For example: CustomersRestored"],
    [{ targetTableName: "x y" }, /^Target Table Name "x y" is not a valid name/],
    [
      { billingModeOverride: "ON_DEMAND" },
      /^Billing Mode Override must be one of PROVISIONED, PAY_PER_REQUEST/,
    ],
    [
      { readCapacityUnitsOverride: "5" },
      "Give both Read Capacity Units Override and Write Capacity Units Override, or neither. For example: 5 and 5.",
    ],
    [
      { readCapacityUnitsOverride: "0", writeCapacityUnitsOverride: "5" },
      'Read Capacity Units Override must be a whole number 1 or more, not "0".',
    ],
    [
      { billingModeOverride: "PROVISIONED" },
      "Billing Mode Override PROVISIONED needs Read Capacity Units Override and Write Capacity Units Override, such as 5 and 5.",
    ],
    [
      {
        billingModeOverride: "PAY_PER_REQUEST",
        readCapacityUnitsOverride: "5",
        writeCapacityUnitsOverride: "5",
      },
      /^Read Capacity Units Override and Write Capacity Units Override must be blank when Billing Mode Override is PAY_PER_REQUEST/,
    ],
    [{ globalSecondaryIndexOverride: "{" }, /^Global Secondary Index Override is not valid JSON/],
    [
      { globalSecondaryIndexOverride: '[{"IndexName":"byEmail"}]' },
      /^Global Secondary Index Override: index "byEmail" KeySchema/,
    ],
    [
      { encryptionOverride: "KMS" },
      /^Encryption Override must be one of AWS_OWNED_KEY, AWS_MANAGED_KMS_KEY, CUSTOMER_KMS_KEY/,
    ],
    [
      { encryptionOverride: "CUSTOMER_KMS_KEY" },
      "Encryption Override CUSTOMER_KMS_KEY needs KMS Key: your key's ARN, ID or alias.",
    ],
    [
      { kmsKey: "alias/x" },
      "KMS Key is used only with Encryption Override CUSTOMER_KMS_KEY; choose it, or clear KMS Key.",
    ],
    [{ waitUntilActive: "maybe" }, 'Wait Until Active must be true or false, not "maybe".'],
  ])("refuses %p before any request", async (params, message) => {
    await expect(
      run("restoreTableFromBackup", {
        backupArn: ARN,
        targetTableName: "CustomersRestored",
        ...params,
      }),
    ).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("restoreTableToPointInTime", () => {
  const summaryOf = {
    SourceTableArn: TABLE_ARN,
    RestoreDateTime: new Date("2024-05-07T10:30:00.000Z"),
    RestoreInProgress: true,
  };
  const params = { tableName: "Customers", targetTableName: "CustomersRestored" };
  // The clock stands just after the window below, so its times are within the recovery period.
  let clock: jest.SpyInstance;

  beforeEach(() => {
    clock = jest.spyOn(Date, "now").mockReturnValue(Date.parse("2024-05-07T11:00:00Z"));
    ddbMock
      .on(RestoreTableToPointInTimeCommand)
      .resolves({ TableDescription: restoredTable(summaryOf) });
  });

  afterEach(() => clock.mockRestore());

  it("restores to the latest restorable time when no time is given, without reading the window", async () => {
    await run("restoreTableToPointInTime", params);
    expect(sentInput(RestoreTableToPointInTimeCommand)).toEqual({
      SourceTableName: "Customers",
      TargetTableName: "CustomersRestored",
      UseLatestRestorableTime: true,
    });
    expect(ddbMock.commandCalls(DescribeContinuousBackupsCommand)).toHaveLength(0);
  });

  it("checks a given time against the window first, then restores to it (the example)", async () => {
    ddbMock
      .on(DescribeContinuousBackupsCommand)
      .resolves(pitr("ENABLED", "2024-05-01T12:00:00Z", "2024-05-07T10:55:00Z"));
    const result = await run("restoreTableToPointInTime", {
      ...params,
      restoreDateTime: "2024-05-07T12:30:00+02:00",
      billingModeOverride: "PAY_PER_REQUEST",
    });
    expect(sentInput(DescribeContinuousBackupsCommand)).toEqual({ TableName: "Customers" });
    expect(sentInput(RestoreTableToPointInTimeCommand)).toEqual({
      SourceTableName: "Customers",
      TargetTableName: "CustomersRestored",
      RestoreDateTime: new Date("2024-05-07T10:30:00.000Z"),
      BillingModeOverride: "PAY_PER_REQUEST",
    });
    const calls = ddbMock.calls().map((call) => (call.args[0] as object).constructor.name);
    expect(calls).toEqual(["DescribeContinuousBackupsCommand", "RestoreTableToPointInTimeCommand"]);
    expect(result).toEqual(restoreTableToPointInTime.examplePayload);
  });

  it.each([
    [
      "before the earliest restorable time",
      "2024-04-30T00:00:00Z",
      'Restore Date Time 2024-04-30T00:00:00.000Z is outside the restorable times of table "Customers": from 2024-05-01T12:00:00.000Z to 2024-05-07T10:55:00.000Z. Choose a time in between, or leave Restore Date Time blank for the latest.',
    ],
    [
      "after the latest restorable time",
      "2024-05-07T10:56:00Z",
      /^Restore Date Time 2024-05-07T10:56:00.000Z is outside the restorable times/,
    ],
  ])("refuses a time %s, with no restore request", async (_what, restoreDateTime, message) => {
    ddbMock
      .on(DescribeContinuousBackupsCommand)
      .resolves(pitr("ENABLED", "2024-05-01T12:00:00Z", "2024-05-07T10:55:00Z"));
    await expect(run("restoreTableToPointInTime", { ...params, restoreDateTime })).rejects.toThrow(
      message,
    );
    expect(ddbMock.commandCalls(RestoreTableToPointInTimeCommand)).toHaveLength(0);
  });

  it("accepts the bounds themselves", async () => {
    ddbMock
      .on(DescribeContinuousBackupsCommand)
      .resolves(pitr("ENABLED", "2024-05-01T12:00:00Z", "2024-05-07T10:55:00Z"));
    await run("restoreTableToPointInTime", { ...params, restoreDateTime: "2024-05-01T12:00:00Z" });
    await run("restoreTableToPointInTime", { ...params, restoreDateTime: "2024-05-07T10:55:00Z" });
    expect(ddbMock.commandCalls(RestoreTableToPointInTimeCommand)).toHaveLength(2);
  });

  it("refuses a given time when point-in-time recovery is off", async () => {
    ddbMock.on(DescribeContinuousBackupsCommand).resolves(pitr("DISABLED"));
    await expect(
      run("restoreTableToPointInTime", { ...params, restoreDateTime: "2024-05-07T10:30:00Z" }),
    ).rejects.toThrow(
      /^Point-in-time recovery is not enabled on table "Customers" in region us-east-1, so it cannot be restored to 2024-05-07T10:30:00.000Z\. Turn it on with Update Continuous Backups/,
    );
    expect(ddbMock.commandCalls(RestoreTableToPointInTimeCommand)).toHaveLength(0);
  });

  it.each([
    [
      { restoreDateTime: "yesterday" },
      /^Restore Date Time must be an ISO 8601 date and time with its time zone/,
    ],
    [{ restoreDateTime: "2024-05-07 10:30:00Z" }, /^Restore Date Time must be an ISO 8601/],
    [{ targetTableName: "Customers" }, /^Target Table Name must differ from Table Name/],
    [{ tableName: "" }, "Table Name is required. For example: Customers"],
    [{ encryptionOverride: "CUSTOMER_KMS_KEY" }, /needs KMS Key/],
  ])("refuses %p before any request", async (bad, message) => {
    await expect(run("restoreTableToPointInTime", { ...params, ...bad })).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("describeContinuousBackups and updateContinuousBackups", () => {
  it("describe returns the window as ISO text (the example)", async () => {
    ddbMock
      .on(DescribeContinuousBackupsCommand)
      .resolves(pitr("ENABLED", "2024-05-01T12:00:00Z", "2024-05-07T10:55:00Z"));
    const result = await run("describeContinuousBackups", { tableName: "Customers" });
    expect(sentInput(DescribeContinuousBackupsCommand)).toEqual({ TableName: "Customers" });
    expect(result).toEqual(describeContinuousBackups.examplePayload);
  });

  it("turns recovery on with a recovery period", async () => {
    ddbMock
      .on(UpdateContinuousBackupsCommand)
      .resolves(pitr("ENABLED", "2024-05-01T12:00:00Z", "2024-05-07T10:55:00Z"));
    const result = await run("updateContinuousBackups", {
      tableName: "Customers",
      recoveryPeriodInDays: "35",
    });
    expect(sentInput(UpdateContinuousBackupsCommand)).toEqual({
      TableName: "Customers",
      PointInTimeRecoverySpecification: {
        PointInTimeRecoveryEnabled: true,
        RecoveryPeriodInDays: 35,
      },
    });
    expect(result).toEqual(updateContinuousBackups.examplePayload);
  });

  it("turns recovery off", async () => {
    ddbMock.on(UpdateContinuousBackupsCommand).resolves(pitr("DISABLED"));
    const result = await run("updateContinuousBackups", {
      tableName: "Customers",
      pointInTimeRecoveryEnabled: "false",
    });
    expect(sentInput(UpdateContinuousBackupsCommand)).toEqual({
      TableName: "Customers",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
    expect(result).toEqual({
      data: {
        continuousBackups: {
          ContinuousBackupsStatus: "ENABLED",
          PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" },
        },
      },
    });
  });

  it("offers RecoveryPeriodInDays, which the installed SDK's input type has", () => {
    const spec: import("@aws-sdk/client-dynamodb").PointInTimeRecoverySpecification = {
      PointInTimeRecoveryEnabled: true,
      RecoveryPeriodInDays: 7,
    };
    expect(spec.RecoveryPeriodInDays).toBe(7);
    expect(updateContinuousBackups.inputs.recoveryPeriodInDays.label).toBe(
      "Recovery Period In Days",
    );
  });

  it.each([
    [
      { recoveryPeriodInDays: "0" },
      'Recovery Period In Days must be a whole number from 1 to 35, not "0".',
    ],
    [
      { recoveryPeriodInDays: "36" },
      'Recovery Period In Days must be a whole number from 1 to 35, not "36".',
    ],
    [
      { recoveryPeriodInDays: "7.5" },
      /^Recovery Period In Days must be a whole number from 1 to 35/,
    ],
    [
      { pointInTimeRecoveryEnabled: "false", recoveryPeriodInDays: "7" },
      "Recovery Period In Days applies only when Point In Time Recovery Enabled is true; clear it to turn recovery off.",
    ],
    [
      { pointInTimeRecoveryEnabled: "on" },
      'Point In Time Recovery Enabled must be true or false, not "on".',
    ],
  ])("refuses %p before any request", async (params, message) => {
    await expect(
      run("updateContinuousBackups", { tableName: "Customers", ...params }),
    ).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("selectBackup", () => {
  it("lists every backup of the table, of every type, newest first", async () => {
    const backup = (name: string, created: string, type: "USER" | "SYSTEM") => ({
      TableName: "Customers",
      BackupArn: `${TABLE_ARN}/backup/${name}`,
      BackupName: name,
      BackupCreationDateTime: new Date(created),
      BackupStatus: "AVAILABLE" as const,
      BackupType: type,
    });
    ddbMock
      .on(ListBackupsCommand)
      .resolvesOnce({
        BackupSummaries: [backup("old", "2024-05-01T00:00:00Z", "USER")],
        LastEvaluatedBackupArn: `${TABLE_ARN}/backup/old`,
      })
      .resolvesOnce({
        BackupSummaries: [
          backup("newest", "2024-05-09T00:00:00Z", "SYSTEM"),
          backup("middle", "2024-05-05T00:00:00Z", "USER"),
        ],
      });
    const result = await harness.dataSource("selectBackup", { ...base(), tableName: "Customers" });
    expect(sentInput(ListBackupsCommand)).toEqual({ TableName: "Customers", BackupType: "ALL" });
    expect(result).toEqual({
      result: [
        {
          key: `${TABLE_ARN}/backup/newest`,
          label: "newest (2024-05-09T00:00:00.000Z, SYSTEM, AVAILABLE)",
        },
        {
          key: `${TABLE_ARN}/backup/middle`,
          label: "middle (2024-05-05T00:00:00.000Z, USER, AVAILABLE)",
        },
        {
          key: `${TABLE_ARN}/backup/old`,
          label: "old (2024-05-01T00:00:00.000Z, USER, AVAILABLE)",
        },
      ],
    });
  });

  it("returns its example for the example's backup", async () => {
    ddbMock.on(ListBackupsCommand).resolves({ BackupSummaries: [details()] });
    await expect(
      harness.dataSource("selectBackup", { ...base(), tableName: "Customers" }),
    ).resolves.toEqual(selectBackup.examplePayload);
  });
});

/**
 * The backup actions' outputs (Create, Describe, List and Delete Backup, the two restores,
 * Describe and Update Continuous Backups): their schemas, example payloads, and the formatting of
 * DynamoDB's answers into a step's data (dates as ISO 8601 strings).
 */
import type {
  BackupDescription,
  BackupDetails,
  BackupSummary,
  ContinuousBackupsDescription,
} from "@aws-sdk/client-dynamodb";
import { DEFAULT_MAX_ITEMS_TEXT } from "../common/limits";
import type { ListedBackups } from "../engines/backups";
import { EXAMPLE_BACKUP_ARN } from "../inputs";
import { answerDate } from "../values";
import { actionOutputSchema, listCursorSchema, objectListSchema } from "./index";
import { sdkOutputToJson } from "./json";
import { EXAMPLE_TABLE, tableOutputSchema } from "./tables";

/** Create Backup's data: the backup's details. */
export function backupDetailsData(details: BackupDetails | undefined) {
  return { backup: sdkOutputToJson(details) };
}

/** A backup description as the actions return it: the same `backup` path as Create Backup. */
export function backupDescriptionData(description: BackupDescription | undefined) {
  return {
    backup: sdkOutputToJson(description?.BackupDetails),
    sourceTable: sdkOutputToJson(description?.SourceTableDetails),
    sourceTableFeatures: sdkOutputToJson(description?.SourceTableFeatureDetails),
  };
}

/** List Backups' data: the backups, their count, the cursor and whether Fetch All stopped early. */
export function listedBackupsData(listed: ListedBackups) {
  return {
    backups: listed.backups.map((summary) => sdkOutputToJson(summary)),
    count: listed.backups.length,
    lastEvaluatedBackupArn: listed.lastEvaluatedBackupArn ?? null,
    truncated: listed.truncated,
  };
}

/** Describe and Update Continuous Backups' data: the table's continuous backups setting. */
export function continuousBackupsData(description: ContinuousBackupsDescription | undefined) {
  return { continuousBackups: sdkOutputToJson(description) };
}

/**
 * Select Backup's choices: each backup with an ARN, newest first, keyed by its ARN and labelled
 * with its name, creation time, type and status.
 */
export function backupChoices(backups: BackupSummary[]): { key: string; label: string }[] {
  const time = (date: unknown) => answerDate(date)?.getTime() ?? 0;
  const newestFirst = backups
    .filter((backup) => backup.BackupArn)
    .sort((a, b) => time(b.BackupCreationDateTime) - time(a.BackupCreationDateTime));
  return newestFirst.map((backup) => ({
    key: backup.BackupArn as string,
    label: `${backup.BackupName ?? "(no name)"} (${answerDate(backup.BackupCreationDateTime)?.toISOString() ?? "unknown time"}, ${backup.BackupType ?? "?"}, ${backup.BackupStatus ?? "?"})`,
  }));
}

const backupSchema = {
  type: ["object", "null"],
  additionalProperties: true,
  properties: {
    BackupArn: { type: "string" },
    BackupName: { type: "string" },
    BackupStatus: { type: "string", description: "CREATING, AVAILABLE or DELETED." },
    BackupType: { type: "string", description: "USER, SYSTEM or AWS_BACKUP." },
    BackupCreationDateTime: { type: "string", description: "ISO 8601 date and time." },
    BackupExpiryDateTime: {
      type: "string",
      description: "ISO 8601; SYSTEM backups expire 35 days after creation.",
    },
    BackupSizeBytes: { type: "integer", description: "Bytes; updated about every six hours." },
  },
};

/** Output schema of Describe and Delete Backup: the backup, its source table and its features. */
function backupDescriptionOutput(description: string) {
  return actionOutputSchema(
    {
      backup: { ...backupSchema, description },
      sourceTable: {
        type: ["object", "null"],
        additionalProperties: true,
        description:
          "The table the backup was taken of: TableName, TableArn, KeySchema, ItemCount, TableSizeBytes, BillingMode, TableCreationDateTime (ISO).",
      },
      sourceTableFeatures: {
        type: ["object", "null"],
        additionalProperties: true,
        description:
          "What the backup holds besides items: GlobalSecondaryIndexes, LocalSecondaryIndexes, StreamDescription, TimeToLiveDescription, SSEDescription.",
      },
    },
    ["backup", "sourceTable", "sourceTableFeatures"],
  );
}

/** The backup of the examples, as the actions return it. */
const EXAMPLE_BACKUP_DETAILS = {
  BackupArn: EXAMPLE_BACKUP_ARN,
  BackupName: "CustomersBeforeImport",
  BackupSizeBytes: 2048,
  BackupStatus: "AVAILABLE",
  BackupType: "USER",
  BackupCreationDateTime: "2024-05-07T10:40:00.000Z",
};

const EXAMPLE_SOURCE_TABLE = {
  TableName: "Customers",
  TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
  TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
  TableSizeBytes: 2048,
  KeySchema: [
    { AttributeName: "customerId", KeyType: "HASH" },
    { AttributeName: "customerName", KeyType: "RANGE" },
  ],
  TableCreationDateTime: "2024-05-01T12:00:00.000Z",
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  ItemCount: 12,
  BillingMode: "PROVISIONED",
};

/**
 * The example payload of Describe or Delete Backup: the example backup (with `changed` details)
 * of the example source table, and the source table's features.
 */
function exampleBackupDescription(
  changed: Record<string, unknown>,
  sourceTableFeatures: Record<string, unknown>,
) {
  return {
    data: {
      backup: { ...EXAMPLE_BACKUP_DETAILS, ...changed },
      sourceTable: EXAMPLE_SOURCE_TABLE,
      sourceTableFeatures,
    },
  };
}

/** The restored table of the examples: CREATING, with where it came from. */
const EXAMPLE_RESTORED_TABLE = {
  ...EXAMPLE_TABLE,
  TableName: "CustomersRestored",
  TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/CustomersRestored",
  TableStatus: "CREATING",
  CreationDateTime: "2024-05-07T11:00:00.000Z",
  ItemCount: 0,
  TableSizeBytes: 0,
};

/** A restore's example answer: the restored table with its RestoreSummary. */
function restoredTableExample(RestoreSummary: Record<string, unknown>) {
  return { data: { table: { ...EXAMPLE_RESTORED_TABLE, RestoreSummary } } };
}

/** Output schema of Create Backup: `{ data: { backup } }`. */
export const createBackupOutputSchema = actionOutputSchema(
  { backup: { ...backupSchema, description: "The backup's details." } },
  ["backup"],
);
export const createBackupExample = {
  data: { backup: { ...EXAMPLE_BACKUP_DETAILS, BackupStatus: "CREATING" } },
};

export const describeBackupOutputSchema = backupDescriptionOutput(
  "The backup's details: BackupStatus is CREATING until it can be restored, then AVAILABLE.",
);
export const describeBackupExample = exampleBackupDescription(
  {},
  {
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
);

export const deleteBackupOutputSchema = backupDescriptionOutput(
  "The deleted backup's details (BackupStatus DELETED).",
);
export const deleteBackupExample = exampleBackupDescription({ BackupStatus: "DELETED" }, {});

export const listBackupsOutputSchema = actionOutputSchema(
  {
    backups: objectListSchema(
      "The backups in DynamoDB's order: TableName, TableArn, BackupArn, BackupName, BackupCreationDateTime (ISO), BackupStatus, BackupType, BackupSizeBytes.",
    ),
    count: { type: "integer", description: "How many backups are in backups." },
    lastEvaluatedBackupArn: listCursorSchema(
      "The cursor to continue from, or null when every backup was listed. Pass it to Exclusive Start Backup ARN.",
    ),
    truncated: {
      type: "boolean",
      description: `With Fetch All: true when the run stopped at Max Items (default ${DEFAULT_MAX_ITEMS_TEXT}); lastEvaluatedBackupArn then continues after the last backup returned.`,
    },
  },
  ["backups", "count", "lastEvaluatedBackupArn", "truncated"],
);
export const listBackupsExample = {
  data: {
    backups: [
      {
        TableName: "Customers",
        TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
        TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
        ...EXAMPLE_BACKUP_DETAILS,
      },
    ],
    count: 1,
    lastEvaluatedBackupArn: null,
    truncated: false,
  },
};

export const restoreTableFromBackupOutputSchema = tableOutputSchema(
  "The new table's description: TableStatus is CREATING while DynamoDB restores it (ACTIVE with Wait Until Active); RestoreSummary says which backup it came from.",
);
export const restoreTableFromBackupExample = restoredTableExample({
  SourceBackupArn:
    "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4",
  SourceTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
  RestoreDateTime: "2024-05-07T10:40:00.000Z",
  RestoreInProgress: true,
});

export const restoreTableToPointInTimeOutputSchema = tableOutputSchema(
  "The new table's description: TableStatus is CREATING while DynamoDB restores it (ACTIVE with Wait Until Active); RestoreSummary gives the source table and the moment restored.",
);
export const restoreTableToPointInTimeExample = restoredTableExample({
  SourceTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
  RestoreDateTime: "2024-05-07T10:30:00.000Z",
  RestoreInProgress: true,
});

/** Output schema of Describe and Update Continuous Backups: `{ data: { continuousBackups } }`. */
export const continuousBackupsOutputSchema = actionOutputSchema(
  {
    continuousBackups: {
      type: ["object", "null"],
      additionalProperties: true,
      description:
        "ContinuousBackupsStatus (ENABLED or DISABLED) and PointInTimeRecoveryDescription: PointInTimeRecoveryStatus, RecoveryPeriodInDays, and EarliestRestorableDateTime and LatestRestorableDateTime (ISO 8601) while it is ENABLED.",
      properties: {
        ContinuousBackupsStatus: { type: "string" },
        PointInTimeRecoveryDescription: {
          type: "object",
          additionalProperties: true,
          properties: {
            PointInTimeRecoveryStatus: { type: "string" },
            RecoveryPeriodInDays: { type: "integer" },
            EarliestRestorableDateTime: { type: "string" },
            LatestRestorableDateTime: { type: "string" },
          },
        },
      },
    },
  },
  ["continuousBackups"],
);

/** Point-in-time recovery on, as the examples of both continuous backups actions show it. */
export const continuousBackupsExample = {
  data: {
    continuousBackups: {
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: "ENABLED",
        RecoveryPeriodInDays: 35,
        EarliestRestorableDateTime: "2024-05-01T12:00:00.000Z",
        LatestRestorableDateTime: "2024-05-07T10:55:00.000Z",
      },
    },
  },
};

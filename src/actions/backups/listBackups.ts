import type { ListBackupsCommandInput } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  BACKUP_TYPE_FILTERS,
  checkBackupRegion,
  cleanBackupArn,
  cleanIsoTimestamp,
  EXAMPLE_BACKUP_DETAILS,
  listBackups as listBackupPages,
  MAX_LIST_BACKUPS_PAGE,
  plain,
} from "../../engines/backups";
import { InputError } from "../../errors/inputError";
import {
  awsRegion,
  checkMaxItemsNeedsFetchAll,
  checkName,
  choiceInput,
  cleanInteger,
  cleanText,
  connectionInput,
  fetchAll,
  isBlank,
  maxItems,
} from "../../inputs";
import { actionOutput, listCursorSchema, objectListSchema } from "../../outputs";

const TABLE_LABEL = "Table Name Filter";
const LOWER_LABEL = "Time Range Lower Bound";
const UPPER_LABEL = "Time Range Upper Bound";
const TYPE_LABEL = "Backup Type";

export const filterTableName = input({
  label: TABLE_LABEL,
  type: "string",
  required: false,
  dataSource: "selectTable",
  example: "Customers",
  comments:
    "Optional. List only the backups of this table. Leave blank for the backups of every table in the region.",
  clean: (value: unknown) => {
    const name = cleanText(TABLE_LABEL)(value);
    return name === undefined ? undefined : checkName(TABLE_LABEL, name);
  },
});

export const timeRangeLowerBound = input({
  label: LOWER_LABEL,
  type: "string",
  required: false,
  example: "2024-05-01T00:00:00Z",
  comments:
    "Optional. List only backups created at or after this moment: an ISO 8601 date and time with its time zone, such as 2024-05-01T00:00:00Z.",
  clean: cleanIsoTimestamp(LOWER_LABEL),
});

export const timeRangeUpperBound = input({
  label: UPPER_LABEL,
  type: "string",
  required: false,
  example: "2024-06-01T00:00:00Z",
  comments:
    "Optional. List only backups created before this moment (ISO 8601 with its time zone, such as 2024-06-01T00:00:00Z).",
  clean: cleanIsoTimestamp(UPPER_LABEL),
});

export const backupType = choiceInput({
  label: TYPE_LABEL,
  choices: BACKUP_TYPE_FILTERS,
  default: "USER",
  comments:
    "Which backups to list: USER (on-demand backups you made, DynamoDB's default), SYSTEM (made by DynamoDB when a table with point-in-time recovery was deleted), AWS_BACKUP (made by AWS Backup) or ALL.",
});

export const listBackupsLimit = input({
  label: "Limit",
  type: "string",
  required: false,
  example: "100",
  comments:
    "The most backups per page, from 1 to 100. Leave blank for DynamoDB's default. With Fetch All, it is the size of each page fetched.",
  clean: cleanInteger("Limit", 1, MAX_LIST_BACKUPS_PAGE),
});

export const exclusiveStartBackupArn = input({
  label: "Exclusive Start Backup ARN",
  type: "string",
  required: false,
  comments:
    "The cursor to continue from: the lastEvaluatedBackupArn of a previous run's output. Leave blank to start at the beginning.",
  clean: (value: unknown) =>
    isBlank(value) ? undefined : cleanBackupArn(value, "Exclusive Start Backup ARN"),
});

export const listBackups = action({
  display: {
    label: "List Backups",
    description: "List DynamoDB backups, by table, creation time and type",
  },
  inputs: {
    awsRegion,
    awsConnection: connectionInput,
    filterTableName,
    timeRangeLowerBound,
    timeRangeUpperBound,
    backupType,
    fetchAll,
    maxItems,
    limit: listBackupsLimit,
    exclusiveStartBackupArn,
  },
  perform: async (invocation, params) => {
    checkMaxItemsNeedsFetchAll(params.maxItems, params.fetchAll, "clear Max Items");
    const lower = params.timeRangeLowerBound;
    const upper = params.timeRangeUpperBound;
    if (lower && upper && lower.getTime() >= upper.getTime()) {
      throw new InputError(
        LOWER_LABEL,
        "invalidValue",
        `${LOWER_LABEL} (${lower.toISOString()}) must be before ${UPPER_LABEL} (${upper.toISOString()}).`,
      );
    }
    const command: ListBackupsCommandInput = {
      ...(params.filterTableName ? { TableName: params.filterTableName } : {}),
      ...(lower ? { TimeRangeLowerBound: lower } : {}),
      ...(upper ? { TimeRangeUpperBound: upper } : {}),
      BackupType: params.backupType,
      ...(params.limit ? { Limit: params.limit } : {}),
      ...(params.exclusiveStartBackupArn
        ? { ExclusiveStartBackupArn: params.exclusiveStartBackupArn }
        : {}),
    };
    const step = connect(invocation, params);
    const { clients } = step;
    if (params.exclusiveStartBackupArn) {
      checkBackupRegion(
        params.exclusiveStartBackupArn,
        clients.region,
        "Exclusive Start Backup ARN",
      );
    }
    const listed = await listBackupPages(
      clients,
      command,
      { fetchAll: params.fetchAll, maxItems: params.maxItems },
      {
        operation: "ListBackups",
        table: params.filterTableName,
        region: clients.region,
        connection: params.awsConnection,
      },
    );
    return {
      data: {
        backups: listed.backups.map((summary) => plain(summary)),
        count: listed.backups.length,
        lastEvaluatedBackupArn: listed.lastEvaluatedBackupArn ?? null,
        truncated: listed.truncated,
      },
    };
  },
  outputSchema: actionOutput(
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
        description:
          "With Fetch All: true when the run stopped at Max Items (default 10,000); lastEvaluatedBackupArn then continues after the last backup returned.",
      },
    },
    ["backups", "count", "lastEvaluatedBackupArn", "truncated"],
  ),
  examplePayload: {
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
  },
});

export default listBackups;

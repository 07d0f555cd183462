import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { listBackupPages, listBackupsRequest } from "../../engines/backups";
import {
  awsRegion,
  BACKUP_TYPE_FILTERS,
  checkBackupRegion,
  checkMaxItemsNeedsFetchAll,
  checkName,
  choiceInput,
  cleanBackupArn,
  cleanInteger,
  cleanIsoTimestamp,
  cleanText,
  connectionInput,
  fetchAll,
  isBlank,
  MAX_LIST_BACKUPS_PAGE,
  maxItems,
  TIME_RANGE_LOWER_LABEL,
  TIME_RANGE_UPPER_LABEL,
} from "../../inputs";
import {
  listBackupsExample,
  listBackupsOutputSchema,
  listedBackupsData,
} from "../../outputs/backups";

const TABLE_LABEL = "Table Name Filter";
const TYPE_LABEL = "Backup Type";

const filterTableName = input({
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

const timeRangeLowerBound = input({
  label: TIME_RANGE_LOWER_LABEL,
  type: "string",
  required: false,
  example: "2024-05-01T00:00:00Z",
  comments:
    "Optional. List only backups created at or after this moment: an ISO 8601 date and time with its time zone, such as 2024-05-01T00:00:00Z.",
  clean: cleanIsoTimestamp(TIME_RANGE_LOWER_LABEL),
});

const timeRangeUpperBound = input({
  label: TIME_RANGE_UPPER_LABEL,
  type: "string",
  required: false,
  example: "2024-06-01T00:00:00Z",
  comments:
    "Optional. List only backups created before this moment (ISO 8601 with its time zone, such as 2024-06-01T00:00:00Z).",
  clean: cleanIsoTimestamp(TIME_RANGE_UPPER_LABEL),
});

const backupType = choiceInput({
  label: TYPE_LABEL,
  choices: BACKUP_TYPE_FILTERS,
  default: "USER",
  comments:
    "Which backups to list: USER (on-demand backups you made, DynamoDB's default), SYSTEM (made by DynamoDB when a table with point-in-time recovery was deleted), AWS_BACKUP (made by AWS Backup) or ALL.",
});

const listBackupsLimit = input({
  label: "Limit",
  type: "string",
  required: false,
  example: "100",
  comments:
    "The most backups per page, from 1 to 100. Leave blank for DynamoDB's default. With Fetch All, it is the size of each page fetched.",
  clean: cleanInteger("Limit", 1, MAX_LIST_BACKUPS_PAGE),
});

const exclusiveStartBackupArn = input({
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
    const request = listBackupsRequest(params);
    // Errors name the Table Name Filter as the table, where there is one.
    const step = connect(invocation, { ...params, tableName: params.filterTableName });
    if (params.exclusiveStartBackupArn) {
      checkBackupRegion(params.exclusiveStartBackupArn, step.region, "Exclusive Start Backup ARN");
    }
    const options = { fetchAll: params.fetchAll, maxItems: params.maxItems };
    const listed = await step.call("ListBackups", () =>
      listBackupPages(step.clients, request, options),
    );
    return { data: listedBackupsData(listed) };
  },
  outputSchema: listBackupsOutputSchema,
  examplePayload: listBackupsExample,
});

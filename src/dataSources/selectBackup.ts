import { dataSource } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { DEFAULT_MAX_ITEMS } from "../common/limits";
import { listBackupPages } from "../engines/backups";
import { tablePicklistInputs } from "../inputs";
import { backupChoices } from "../outputs/backups";

export const selectBackup = dataSource({
  display: {
    label: "Select Backup",
    description: "Choose one of a DynamoDB table's backups, newest first.",
  },
  dataSourceType: "picklist",
  inputs: tablePicklistInputs,
  perform: async (_context, params) => {
    const step = connect(undefined, params);
    // Every type (on-demand, system and AWS Backup) and every page, up to DEFAULT_MAX_ITEMS.
    const request = { TableName: params.tableName, BackupType: "ALL" as const };
    const options = { fetchAll: true, maxItems: DEFAULT_MAX_ITEMS };
    const { backups } = await step.call("ListBackups", () =>
      listBackupPages(step.clients, request, options),
    );
    return { result: backupChoices(backups) };
  },
  examplePayload: {
    result: [
      {
        key: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4",
        label: "CustomersBeforeImport (2024-05-07T10:40:00.000Z, USER, AVAILABLE)",
      },
    ],
  },
});

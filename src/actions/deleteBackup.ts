import { action } from "@prismatic-io/spectral";
import {
  backupArn,
  backupByArn,
  backupDescriptionOutput,
  EXAMPLE_BACKUP_DETAILS,
  EXAMPLE_SOURCE_TABLE,
} from "../backups";
import { awsRegion, connectionInput } from "../inputs";
import { connect } from "../invocation";

export const deleteBackup = action({
  display: {
    label: "Delete Backup",
    description: "Delete an on-demand DynamoDB backup",
  },
  inputs: { awsRegion, awsConnection: connectionInput, backupArn },
  perform: async (invocation, params) => {
    return backupByArn(connect(invocation, params), params.backupArn, "DeleteBackup");
  },
  outputSchema: backupDescriptionOutput("The deleted backup's details (BackupStatus DELETED)."),
  examplePayload: {
    data: {
      backup: { ...EXAMPLE_BACKUP_DETAILS, BackupStatus: "DELETED" },
      sourceTable: EXAMPLE_SOURCE_TABLE,
      sourceTableFeatures: {},
    },
  },
});

export default deleteBackup;

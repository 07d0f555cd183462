import { DeleteBackupCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { deleteBackupRequest } from "../../engines/backups";
import { backupArnInputs, checkBackupRegion } from "../../inputs";
import {
  backupDescriptionData,
  deleteBackupExample,
  deleteBackupOutputSchema,
} from "../../outputs/backups";

export const deleteBackup = action({
  display: {
    label: "Delete Backup",
    description: "Delete an on-demand DynamoDB backup",
  },
  inputs: backupArnInputs,
  perform: async (invocation, params) => {
    const request = deleteBackupRequest(params);
    const step = connect(invocation, params);
    checkBackupRegion(params.backupArn, step.region);
    const { BackupDescription } = await step.send("DeleteBackup", new DeleteBackupCommand(request));
    return { data: backupDescriptionData(BackupDescription) };
  },
  outputSchema: deleteBackupOutputSchema,
  examplePayload: deleteBackupExample,
});

import { action } from "@prismatic-io/spectral";
import {
  backupArnInputs,
  backupDescriptionOutput,
  exampleBackupDescription,
  performOnBackup,
} from "../../engines/backups";

export const deleteBackup = action({
  display: {
    label: "Delete Backup",
    description: "Delete an on-demand DynamoDB backup",
  },
  inputs: backupArnInputs,
  perform: performOnBackup("DeleteBackup"),
  outputSchema: backupDescriptionOutput("The deleted backup's details (BackupStatus DELETED)."),
  examplePayload: exampleBackupDescription({ BackupStatus: "DELETED" }, {}),
});

export default deleteBackup;

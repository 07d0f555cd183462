import { CreateBackupCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { createBackupRequest, waitForBackup } from "../../engines/backups";
import { cleanDynamoName, tableStepInputs, waitInput } from "../../inputs";
import {
  backupDetailsData,
  createBackupExample,
  createBackupOutputSchema,
} from "../../outputs/backups";

const backupName = input({
  label: "Backup Name",
  type: "string",
  required: true,
  example: "CustomersBeforeImport",
  comments:
    "A name for the backup: 3 to 255 characters from a-z, A-Z, 0-9, underscore (_), hyphen (-) and dot (.). Names need not be unique; the backup's ARN identifies it.",
  clean: cleanDynamoName("Backup Name", "CustomersBeforeImport"),
});

const waitUntilAvailable = waitInput(
  "Wait Until Available",
  "When true, the step finishes only once the backup is AVAILABLE (up to 5 minutes), so a following step can restore it, and returns its details then. When false, it returns at once, usually with the backup CREATING.",
);

export const createBackup = action({
  display: {
    label: "Create Backup",
    description: "Create an on-demand backup of a DynamoDB table",
  },
  inputs: {
    ...tableStepInputs,
    backupName,
    waitUntilAvailable,
  },
  perform: async (invocation, params) => {
    const request = createBackupRequest(params);
    const step = connect(invocation, params);
    const { BackupDetails: created } = await step.send(
      "CreateBackup",
      new CreateBackupCommand(request),
    );
    if (!params.waitUntilAvailable || !created?.BackupArn) {
      return { data: backupDetailsData(created) };
    }
    const context = step.context("CreateBackup (waiting until AVAILABLE)");
    const available = await waitForBackup(step.clients, created.BackupArn, context);
    return { data: backupDetailsData(available?.BackupDetails ?? created) };
  },
  outputSchema: createBackupOutputSchema,
  examplePayload: createBackupExample,
});

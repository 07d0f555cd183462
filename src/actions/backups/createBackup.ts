import { CreateBackupCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { callAws } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import {
  backupDetailsOutput,
  cleanDynamoName,
  EXAMPLE_BACKUP_DETAILS,
  plain,
  waitForBackup,
} from "../../engines/backups";
import { tableStepInputs, waitInput } from "../../inputs";

export const backupName = input({
  label: "Backup Name",
  type: "string",
  required: true,
  example: "CustomersBeforeImport",
  comments:
    "A name for the backup: 3 to 255 characters from a-z, A-Z, 0-9, underscore (_), hyphen (-) and dot (.). Names need not be unique; the backup's ARN identifies it.",
  clean: cleanDynamoName("Backup Name", "CustomersBeforeImport"),
});

export const waitUntilAvailable = waitInput(
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
    const step = connect(invocation, params);
    const { clients } = step;
    const context = step.context("CreateBackup");
    const { BackupDetails } = await callAws(context, () =>
      clients.dynamodb.send(
        new CreateBackupCommand({ TableName: params.tableName, BackupName: params.backupName }),
      ),
    );
    if (params.waitUntilAvailable && BackupDetails?.BackupArn) {
      const after = await waitForBackup(clients, BackupDetails.BackupArn, {
        ...context,
        operation: "CreateBackup (waiting until AVAILABLE)",
      });
      return { data: { backup: plain(after?.BackupDetails ?? BackupDetails) } };
    }
    return { data: { backup: plain(BackupDetails) } };
  },
  outputSchema: backupDetailsOutput,
  examplePayload: { data: { backup: { ...EXAMPLE_BACKUP_DETAILS, BackupStatus: "CREATING" } } },
});

export default createBackup;

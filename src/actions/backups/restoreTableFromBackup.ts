import { RestoreTableFromBackupCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { restoreTableFromBackupRequest } from "../../engines/backups";
import { tableAfterChange } from "../../engines/tables";
import {
  awsRegion,
  backupArn,
  checkBackupRegion,
  connectionInput,
  restoreOverrideInputs,
  targetTableName,
} from "../../inputs";
import {
  restoreTableFromBackupExample,
  restoreTableFromBackupOutputSchema,
} from "../../outputs/backups";
import { tableData } from "../../outputs/tables";

export const restoreTableFromBackup = action({
  display: {
    label: "Restore Table From Backup",
    description: "Create a new DynamoDB table from an on-demand backup",
  },
  inputs: {
    awsRegion,
    awsConnection: connectionInput,
    backupArn,
    targetTableName,
    ...restoreOverrideInputs,
  },
  perform: async (invocation, params) => {
    const request = restoreTableFromBackupRequest(params);
    // The table errors and the wait name is the new one.
    const step = connect(invocation, { ...params, tableName: params.targetTableName });
    checkBackupRegion(params.backupArn, step.region);
    const { TableDescription } = await step.send(
      "RestoreTableFromBackup",
      new RestoreTableFromBackupCommand(request),
    );
    const wait = params.waitUntilActive ? "active" : undefined;
    const table = await tableAfterChange(step, "RestoreTableFromBackup", TableDescription, wait);
    return { data: tableData(table) };
  },
  outputSchema: restoreTableFromBackupOutputSchema,
  examplePayload: restoreTableFromBackupExample,
});

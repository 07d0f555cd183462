import { RestoreTableFromBackupCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { callAws } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import {
  backupArn,
  checkBackupRegion,
  EXAMPLE_RESTORED_TABLE,
  restoreOverrideInputs,
  restoreOverrides,
  targetTableName,
} from "../../engines/backups";
import { tableChangeOutput, tableOutput } from "../../engines/tables";
import { awsRegion, connectionInput } from "../../inputs";

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
    const overrides = restoreOverrides(params);
    const step = connect(invocation, params);
    const { clients } = step;
    checkBackupRegion(params.backupArn, clients.region);
    const context = {
      operation: "RestoreTableFromBackup",
      table: params.targetTableName,
      region: clients.region,
      connection: params.awsConnection,
    };
    const { TableDescription } = await callAws(context, () =>
      clients.dynamodb.send(
        new RestoreTableFromBackupCommand({
          TargetTableName: params.targetTableName,
          BackupArn: params.backupArn,
          ...overrides,
        }),
      ),
    );
    return tableChangeOutput(
      clients,
      params.targetTableName,
      TableDescription,
      context,
      params.waitUntilActive ? "active" : undefined,
    );
  },
  outputSchema: tableOutput(
    "The new table's description: TableStatus is CREATING while DynamoDB restores it (ACTIVE with Wait Until Active); RestoreSummary says which backup it came from.",
  ),
  examplePayload: {
    data: {
      table: {
        ...EXAMPLE_RESTORED_TABLE,
        RestoreSummary: {
          SourceBackupArn:
            "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4",
          SourceTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
          RestoreDateTime: "2024-05-07T10:40:00.000Z",
          RestoreInProgress: true,
        },
      },
    },
  },
});

export default restoreTableFromBackup;

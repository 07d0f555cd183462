import { DescribeBackupCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeBackupRequest } from "../../engines/backups";
import { backupArnInputs, checkBackupRegion } from "../../inputs";
import {
  backupDescriptionData,
  describeBackupExample,
  describeBackupOutputSchema,
} from "../../outputs/backups";

export const describeBackup = action({
  display: {
    label: "Describe Backup",
    description: "Fetch a DynamoDB backup's status, size, source table and features",
  },
  inputs: backupArnInputs,
  perform: async (invocation, params) => {
    const request = describeBackupRequest(params);
    const step = connect(invocation, params);
    checkBackupRegion(params.backupArn, step.region);
    const { BackupDescription } = await step.send(
      "DescribeBackup",
      new DescribeBackupCommand(request),
    );
    return { data: backupDescriptionData(BackupDescription) };
  },
  outputSchema: describeBackupOutputSchema,
  examplePayload: describeBackupExample,
});

import { action } from "@prismatic-io/spectral";
import {
  backupArnInputs,
  backupDescriptionOutput,
  exampleBackupDescription,
  performOnBackup,
} from "../../engines/backups";

export const describeBackup = action({
  display: {
    label: "Describe Backup",
    description: "Fetch a DynamoDB backup's status, size, source table and features",
  },
  inputs: backupArnInputs,
  perform: performOnBackup("DescribeBackup"),
  outputSchema: backupDescriptionOutput(
    "The backup's details: BackupStatus is CREATING until it can be restored, then AVAILABLE.",
  ),
  examplePayload: exampleBackupDescription(
    {},
    {
      GlobalSecondaryIndexes: [
        {
          IndexName: "byEmail",
          KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        },
      ],
      TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" },
    },
  ),
});

export default describeBackup;

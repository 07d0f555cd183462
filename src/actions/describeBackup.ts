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

export const describeBackup = action({
  display: {
    label: "Describe Backup",
    description: "Fetch a DynamoDB backup's status, size, source table and features",
  },
  inputs: { awsRegion, awsConnection: connectionInput, backupArn },
  perform: async (invocation, params) => {
    return backupByArn(connect(invocation, params), params.backupArn, "DescribeBackup");
  },
  outputSchema: backupDescriptionOutput(
    "The backup's details: BackupStatus is CREATING until it can be restored, then AVAILABLE.",
  ),
  examplePayload: {
    data: {
      backup: EXAMPLE_BACKUP_DETAILS,
      sourceTable: EXAMPLE_SOURCE_TABLE,
      sourceTableFeatures: {
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
    },
  },
});

export default describeBackup;

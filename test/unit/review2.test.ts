/**
 * Input faults a review found after the hardening merge, with the SDK mocked: each input error
 * names the input it is about, and no input is dropped silently.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  ListBackupsCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const run = (key: string, params: Record<string, unknown>) =>
  harness.action(key, { awsConnection: keySecretConnection(), awsRegion: "us-east-1", ...params });

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});
afterAll(() => ddbMock.restore());

describe("a shared cleaner names the input it cleans", () => {
  it("a bad Exclusive Start Backup ARN is called so, before anything is sent", async () => {
    await expect(run("listBackups", { exclusiveStartBackupArn: "not-an-arn" })).rejects.toThrow(
      /^Exclusive Start Backup ARN is not a backup ARN/,
    );
    expect(ddbMock.commandCalls(ListBackupsCommand)).toHaveLength(0);
  });

  it("a bad Backup ARN is still called Backup ARN", async () => {
    await expect(run("describeBackup", { backupArn: "not-an-arn" })).rejects.toThrow(
      /^Backup ARN is not a backup ARN/,
    );
  });
});

describe("Create Global Secondary Index", () => {
  it("refuses a Sort Key Type without a Sort Key Name, naming both, before anything is sent", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: "Customers",
        TableStatus: "ACTIVE",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      },
    });
    await expect(
      run("createGlobalSecondaryIndex", {
        tableName: "Customers",
        indexName: "byX",
        partitionKeyName: "x",
        sortKeyType: "N",
      }),
    ).rejects.toThrow(/Sort Key Type N was given without a Sort Key Name/);
    expect(ddbMock.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });
});

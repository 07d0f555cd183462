/**
 * The table, index, backup, TTL and tag actions build their DynamoDB requests from cleaned inputs
 * with pure functions (src/engines/): no client, no await. These tests call the builders directly:
 * what each sends, and the input errors they raise before anything could be sent. The answers come
 * back as plain JSON through one conversion (src/outputs/json.ts).
 */
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import {
  createBackupRequest,
  listBackupsRequest,
  restoreTableFromBackupRequest,
  restoreTableToPointInTimeRequest,
  updateContinuousBackupsRequest,
} from "../../src/engines/backups";
import {
  createGlobalSecondaryIndexRequest,
  deleteGlobalSecondaryIndexRequest,
  indexKeys,
} from "../../src/engines/indexes";
import {
  createTableRequest,
  listTablesRequest,
  updateTableRequest,
} from "../../src/engines/tables";
import {
  listTagsOfResourceRequest,
  tagResourceRequest,
  untagResourceRequest,
} from "../../src/engines/tags";
import { updateTimeToLiveRequest } from "../../src/engines/ttl";
import { InputError } from "../../src/errors/inputError";
import { sdkOutputToJson } from "../../src/outputs/json";
import { timeToLiveChangeData } from "../../src/outputs/ttl";

/** The InputError `build` throws (fails the test when it throws none, or another kind). */
function inputErrorOf(build: () => unknown): InputError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError, but the request was built");
}

const KEYS = {
  attributeDefinition: [
    { AttributeName: "customerId", AttributeType: "N" as const },
    { AttributeName: "email", AttributeType: "S" as const },
  ],
  keySchema: [{ AttributeName: "customerId", KeyType: "HASH" as const }],
};

describe("Create Table's request", () => {
  it("carries the stream, table class, deletion protection and tags that are given", () => {
    const request = createTableRequest({
      tableName: "Customers",
      ...KEYS,
      attributeDefinition: [KEYS.attributeDefinition[0]],
      billingMode: "PAY_PER_REQUEST",
      readCapacityUnits: undefined,
      writeCapacityUnits: undefined,
      streamViewType: "NEW_IMAGE",
      tableClass: "STANDARD_INFREQUENT_ACCESS",
      deletionProtection: true,
      tags: [{ Key: "team", Value: "billing" }],
    });
    expect(request).toEqual({
      TableName: "Customers",
      AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
      KeySchema: KEYS.keySchema,
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
      TableClass: "STANDARD_INFREQUENT_ACCESS",
      DeletionProtectionEnabled: true,
      Tags: [{ Key: "team", Value: "billing" }],
    });
  });

  it("leaves out what is blank, and gives a provisioned table its capacity", () => {
    const request = createTableRequest({
      tableName: "Customers",
      ...KEYS,
      attributeDefinition: [KEYS.attributeDefinition[0]],
      billingMode: "PROVISIONED",
      readCapacityUnits: "5",
      writeCapacityUnits: 7,
      deletionProtection: false,
    });
    expect(request.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 7 });
    for (const field of [
      "StreamSpecification",
      "TableClass",
      "DeletionProtectionEnabled",
      "Tags",
    ]) {
      expect(request).not.toHaveProperty(field);
    }
  });
});

describe("Update Table's request", () => {
  const base = { tableName: "Customers", queryParameters: {} };

  it("turns a stream off with DISABLED and on with a view type", () => {
    expect(updateTableRequest({ ...base, streamViewType: "DISABLED" })).toEqual({
      TableName: "Customers",
      StreamSpecification: { StreamEnabled: false },
    });
    expect(updateTableRequest({ ...base, streamViewType: "KEYS_ONLY" })).toEqual({
      TableName: "Customers",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
    });
  });

  it("keeps deletion protection false as false, and merges further Query Parameters", () => {
    const request = updateTableRequest({
      ...base,
      deletionProtection: false,
      queryParameters: { GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byEmail" } }] },
    });
    expect(request).toEqual({
      TableName: "Customers",
      DeletionProtectionEnabled: false,
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byEmail" } }],
    });
  });

  it("refuses Query Parameters that set what an input sets, naming that input", () => {
    const error = inputErrorOf(() =>
      updateTableRequest({ ...base, queryParameters: { BillingMode: "PAY_PER_REQUEST" } }),
    );
    expect(error.message).toBe(
      "Query Parameters must not set BillingMode; use the Billing Mode input instead.",
    );
  });

  it("refuses a request that changes nothing, and capacity given half", () => {
    expect(inputErrorOf(() => updateTableRequest(base)).message).toMatch(/^Nothing to change/);
    expect(
      inputErrorOf(() => updateTableRequest({ ...base, readCapacityUnits: 10 })).message,
    ).toMatch(/^Give both Read Capacity Units and Write Capacity Units, or neither/);
  });
});

describe("List Tables' and List Backups' requests", () => {
  it("send only the cursor and page size that are given", () => {
    expect(listTablesRequest({})).toEqual({});
    expect(listTablesRequest({ exclusiveStartTableName: "Customers", limit: 10 })).toEqual({
      ExclusiveStartTableName: "Customers",
      Limit: 10,
    });
  });

  it("List Backups sends the filters given, and refuses a time range that ends before it starts", () => {
    const lower = new Date("2024-05-01T00:00:00Z");
    const upper = new Date("2024-06-01T00:00:00Z");
    expect(
      listBackupsRequest({
        filterTableName: "Customers",
        timeRangeLowerBound: lower,
        timeRangeUpperBound: upper,
        backupType: "ALL",
      }),
    ).toEqual({
      TableName: "Customers",
      TimeRangeLowerBound: lower,
      TimeRangeUpperBound: upper,
      BackupType: "ALL",
    });
    const error = inputErrorOf(() =>
      listBackupsRequest({
        timeRangeLowerBound: upper,
        timeRangeUpperBound: lower,
        backupType: "USER",
      }),
    );
    expect(error.label).toBe("Time Range Lower Bound");
  });
});

describe("the backup and restore requests", () => {
  const ARN =
    "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4";

  it("Create Backup names the table and the backup", () => {
    expect(createBackupRequest({ tableName: "Customers", backupName: "Nightly" })).toEqual({
      TableName: "Customers",
      BackupName: "Nightly",
    });
  });

  it("a restore from a backup sends the overrides that are given, and only those", () => {
    expect(
      restoreTableFromBackupRequest({ backupArn: ARN, targetTableName: "CustomersRestored" }),
    ).toEqual({ TargetTableName: "CustomersRestored", BackupArn: ARN });
    expect(
      restoreTableFromBackupRequest({
        backupArn: ARN,
        targetTableName: "CustomersRestored",
        billingModeOverride: "PROVISIONED",
        readCapacityUnitsOverride: 3,
        writeCapacityUnitsOverride: 4,
        globalSecondaryIndexOverride: [],
        encryptionOverride: "CUSTOMER_KMS_KEY",
        kmsKey: "alias/customers",
      }),
    ).toEqual({
      TargetTableName: "CustomersRestored",
      BackupArn: ARN,
      BillingModeOverride: "PROVISIONED",
      ProvisionedThroughputOverride: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      GlobalSecondaryIndexOverride: [],
      SSESpecificationOverride: {
        Enabled: true,
        SSEType: "KMS",
        KMSMasterKeyId: "alias/customers",
      },
    });
  });

  it("AWS_OWNED_KEY turns KMS encryption off; a KMS Key without CUSTOMER_KMS_KEY is refused", () => {
    const owned = restoreTableFromBackupRequest({
      backupArn: ARN,
      targetTableName: "CustomersRestored",
      encryptionOverride: "AWS_OWNED_KEY",
    });
    expect(owned.SSESpecificationOverride).toEqual({ Enabled: false });
    const error = inputErrorOf(() =>
      restoreTableFromBackupRequest({
        backupArn: ARN,
        targetTableName: "CustomersRestored",
        encryptionOverride: "AWS_MANAGED_KMS_KEY",
        kmsKey: "alias/customers",
      }),
    );
    expect(error.label).toBe("KMS Key");
  });

  it("a point-in-time restore uses the latest time when none is given, else that time", () => {
    const params = { tableName: "Customers", targetTableName: "CustomersRestored" };
    expect(restoreTableToPointInTimeRequest(params)).toEqual({
      SourceTableName: "Customers",
      TargetTableName: "CustomersRestored",
      UseLatestRestorableTime: true,
    });
    const when = new Date("2024-05-07T10:30:00Z");
    const request = restoreTableToPointInTimeRequest({ ...params, restoreDateTime: when });
    expect(request.RestoreDateTime).toBe(when);
    expect(request).not.toHaveProperty("UseLatestRestorableTime");
  });

  it("a point-in-time restore into its own source table is refused", () => {
    const error = inputErrorOf(() =>
      restoreTableToPointInTimeRequest({ tableName: "Customers", targetTableName: "Customers" }),
    );
    expect(error.label).toBe("Target Table Name");
    expect(error.code).toBe("conflict");
  });

  it("Update Continuous Backups sends the recovery period only with recovery on", () => {
    expect(
      updateContinuousBackupsRequest({
        tableName: "Customers",
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: 7,
      }),
    ).toEqual({
      TableName: "Customers",
      PointInTimeRecoverySpecification: {
        PointInTimeRecoveryEnabled: true,
        RecoveryPeriodInDays: 7,
      },
    });
    const error = inputErrorOf(() =>
      updateContinuousBackupsRequest({
        tableName: "Customers",
        pointInTimeRecoveryEnabled: false,
        recoveryPeriodInDays: 7,
      }),
    );
    expect(error.label).toBe("Recovery Period In Days");
  });
});

describe("the index requests", () => {
  const provisioned: TableDescription = {
    TableName: "Customers",
    AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
    GlobalSecondaryIndexes: [{ IndexName: "byCity" }],
    LocalSecondaryIndexes: [{ IndexName: "byDate" }],
  };
  const params = { tableName: "Customers", indexName: "byEmail", partitionKeyName: "email" };

  it("Create adds the index's keys to the table's definitions and gives it the table's capacity", () => {
    const request = createGlobalSecondaryIndexRequest(params, indexKeys(params), provisioned);
    expect(request).toEqual({
      TableName: "Customers",
      AttributeDefinitions: [
        { AttributeName: "customerId", AttributeType: "N" },
        { AttributeName: "email", AttributeType: "S" },
      ],
      GlobalSecondaryIndexUpdates: [
        {
          Create: {
            IndexName: "byEmail",
            KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
            Projection: { ProjectionType: "ALL" },
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
          },
        },
      ],
    });
  });

  it("Create gives an on-demand table's index no capacity, and refuses a taken name", () => {
    const onDemand = {
      ...provisioned,
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" as const },
    };
    const request = createGlobalSecondaryIndexRequest(params, indexKeys(params), onDemand);
    expect(request.GlobalSecondaryIndexUpdates?.[0].Create).not.toHaveProperty(
      "ProvisionedThroughput",
    );
    const taken = { ...params, indexName: "byDate" };
    const error = inputErrorOf(() =>
      createGlobalSecondaryIndexRequest(taken, indexKeys(taken), provisioned),
    );
    expect(error.message).toBe(
      'Index Name "byDate" is already an index of table "Customers"; choose another name.',
    );
  });

  it("Create refuses a key attribute the table defines with another type", () => {
    const numeric = { ...params, partitionKeyName: "customerId", partitionKeyType: "S" as const };
    const error = inputErrorOf(() =>
      createGlobalSecondaryIndexRequest(numeric, indexKeys(numeric), provisioned),
    );
    expect(error.label).toBe("Partition Key Type");
  });

  it("Delete names the global index, and refuses a local or unknown one", () => {
    const request = deleteGlobalSecondaryIndexRequest(
      { tableName: "Customers", indexName: "byCity" },
      provisioned,
    );
    expect(request).toEqual({
      TableName: "Customers",
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byCity" } }],
    });
    const local = inputErrorOf(() =>
      deleteGlobalSecondaryIndexRequest(
        { tableName: "Customers", indexName: "byDate" },
        provisioned,
      ),
    );
    expect(local.message).toMatch(/is a local secondary index/);
    const unknown = inputErrorOf(() =>
      deleteGlobalSecondaryIndexRequest(
        { tableName: "Customers", indexName: "byZip" },
        provisioned,
      ),
    );
    expect(unknown.message).toMatch(/its global secondary indexes: byCity\)\.$/);
  });
});

describe("the TTL and tag requests", () => {
  const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";

  it("Update Time To Live asks for the attribute and state given", () => {
    expect(
      updateTimeToLiveRequest({
        tableName: "Customers",
        ttlAttribute: "expiresAt",
        enabled: false,
      }),
    ).toEqual({
      TableName: "Customers",
      TimeToLiveSpecification: { Enabled: false, AttributeName: "expiresAt" },
    });
  });

  it("the tag requests address the resolved ARN; a blank Next Token is left out", () => {
    const tags = [{ Key: "team", Value: "billing" }];
    expect(tagResourceRequest(ARN, tags)).toEqual({ ResourceArn: ARN, Tags: tags });
    expect(untagResourceRequest(ARN, ["team"])).toEqual({ ResourceArn: ARN, TagKeys: ["team"] });
    expect(listTagsOfResourceRequest(ARN, undefined)).toEqual({ ResourceArn: ARN });
    expect(listTagsOfResourceRequest(ARN, "next")).toEqual({ ResourceArn: ARN, NextToken: "next" });
  });
});

describe("the answers as plain JSON", () => {
  it("an SDK description becomes JSON: ISO dates, no undefined fields, no $metadata", () => {
    const json = sdkOutputToJson({
      $metadata: { httpStatusCode: 200 },
      TableName: "Customers",
      CreationDateTime: new Date("2024-05-01T12:00:00Z"),
      StreamSpecification: undefined,
      GlobalSecondaryIndexes: [{ IndexName: "byEmail", Backfilling: false, ItemCount: 0 }],
    });
    expect(json).toEqual({
      TableName: "Customers",
      CreationDateTime: "2024-05-01T12:00:00.000Z",
      GlobalSecondaryIndexes: [{ IndexName: "byEmail", Backfilling: false, ItemCount: 0 }],
    });
    expect(Object.keys(json ?? {})).not.toContain("StreamSpecification");
    expect(sdkOutputToJson(undefined)).toBeNull();
  });

  it("Update Time To Live's data says unchanged when the table already had the setting", () => {
    const wanted = { Enabled: true, AttributeName: "expiresAt" };
    expect(timeToLiveChangeData(wanted, null)).toEqual({ timeToLive: wanted, changed: false });
  });

  it("Update Time To Live's data says what the answer said, null where it gave no setting", () => {
    const wanted = { Enabled: true, AttributeName: "expiresAt" };
    expect(timeToLiveChangeData(wanted, { TimeToLiveSpecification: undefined })).toEqual({
      timeToLive: null,
      changed: true,
    });
    const given = { Enabled: false, AttributeName: "ttl" };
    expect(timeToLiveChangeData(wanted, { TimeToLiveSpecification: given })).toEqual({
      timeToLive: given,
      changed: true,
    });
  });
});

/**
 * Failures the connector words itself carry their code from the error catalogue
 * (src/errors/catalogue.ts), so a flow can branch on `error.code` rather than on the message:
 * the writes, deletes, keys and rows still unprocessed after Max Retries, a restore to a time
 * without point-in-time recovery, Time to Live on another attribute, a Scan cursor that cannot be
 * made, a table without a stream, a DescribeTable answer without the part a step needs, and a
 * Sort Key Type given without a Sort Key Name. With the SDK mocked.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { InputError } from "../../src/errors/inputError";
import { StepError } from "../../src/errors/stepError";
import { customersTable } from "../support/fixtures";
import { harness, resetCaches, tableStepParams } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const base = tableStepParams();
const KEY = { customerId: 1, customerName: "Ada" };

/** The error a step fails with; a test fails if the step succeeds. */
async function failure(key: string, params: Record<string, unknown>): Promise<Error> {
  return harness.action(key, { ...base, ...params }).then(
    () => new Error("expected a failure"),
    (error: Error) => error,
  );
}

/** Expects a StepError with `code`, whose message matches `message`. */
function expectStepError(error: Error, code: string, message: RegExp): void {
  expect(error).toBeInstanceOf(StepError);
  expect((error as StepError).code).toBe(code);
  expect(error.message).toMatch(message);
}

/** DynamoDB leaves every key of every BatchGetItem unprocessed. */
function leaveEveryKey(): void {
  ddbMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => ({
    UnprocessedKeys: input.RequestItems,
  }));
}

/** DynamoDB leaves every write of every BatchWriteItem unprocessed; a Query finds one item. */
function leaveEveryWrite(): void {
  ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => ({
    UnprocessedItems: input.RequestItems,
  }));
  ddbMock
    .on(QueryCommand)
    .resolves({ Items: [{ customerId: { N: "1" }, customerName: { S: "Ada" } }] });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
  backoffSettings.sleep = async () => {};
});
afterEach(() => resetBackoffSettings());
afterAll(() => ddbMock.restore());

describe("still unprocessed after Max Retries: unprocessedAfterRetries", () => {
  it.each([
    [
      "batchGetItems",
      leaveEveryKey,
      { keys: JSON.stringify([KEY]) },
      "Batch Get Items: 1 of 1 keys",
      {},
    ],
    [
      "batchGetItemsMultiTable",
      leaveEveryKey,
      { keysByTable: JSON.stringify({ Customers: [KEY] }) },
      "Batch Get Items (Multiple Tables): 1 of 1 keys",
      {},
    ],
    [
      "batchWriteItems",
      leaveEveryWrite,
      { putItems: JSON.stringify([KEY]) },
      "Batch Write Items: 1 of 1 writes",
      { written: 0, deleted: 0 },
    ],
    [
      "batchWriteItemsMultiTable",
      leaveEveryWrite,
      { writesByTable: JSON.stringify({ Customers: [{ put: KEY }] }) },
      "Batch Write Items (Multiple Tables): 1 of 1 writes",
      { written: 0, deleted: 0 },
    ],
    [
      "deleteItems",
      leaveEveryWrite,
      {
        keyConditionExpression: "customerId = :c",
        expressionAttributeValues: [{ key: ":c", value: "1" }],
        expressionAttributeValueTypes: [{ key: ":c", value: "N" }],
      },
      "Delete Items: 1 deletes",
      { name: "UnprocessedDeletes", deleted: 0, matched: 1 },
    ],
    [
      "importItems",
      leaveEveryWrite,
      { file: { data: Buffer.from("customerId,customerName\n1,Ada\n"), contentType: "text/csv" } },
      "Import Items: 1 of 1 rows",
      { written: 0, unprocessedCount: 1 },
    ],
  ])("%s, keeping the message and what it carried", async (key, leave, params, start, carried) => {
    leave();
    const error = await failure(key, { ...params, maxRetries: "0" });
    const escaped = start.replace(/[()]/g, "\\$&");
    expectStepError(
      error,
      "unprocessedAfterRetries",
      new RegExp(`^${escaped} were still unprocessed with no retries, as Max Retries is 0`),
    );
    expect(error).toMatchObject(carried);
  });
});

describe("the other failures the connector words itself", () => {
  it("a restore to a time without point-in-time recovery: pointInTimeRecoveryDisabled", async () => {
    ddbMock.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: "ENABLED",
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" },
      },
    });
    const error = await failure("restoreTableToPointInTime", {
      targetTableName: "CustomersRestored",
      restoreDateTime: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expectStepError(
      error,
      "pointInTimeRecoveryDisabled",
      /^Point-in-time recovery is not enabled on table "Customers" in region us-east-1/,
    );
  });

  it("Time to Live on another attribute: timeToLiveOnOtherAttribute", async () => {
    ddbMock.on(UpdateTimeToLiveCommand).rejects(
      Object.assign(new Error("TimeToLive is already enabled"), {
        name: "ValidationException",
      }),
    );
    ddbMock
      .on(DescribeTimeToLiveCommand)
      .resolves({ TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "ttl" } });
    const error = await failure("updateTimeToLive", { ttlAttribute: "expiresAt" });
    expectStepError(
      error,
      "timeToLiveOnOtherAttribute",
      /^UpdateTimeToLive failed on table "Customers" in region us-east-1: Time to Live is enabled on the attribute "ttl", not "expiresAt"\./,
    );
  });

  it("a Scan cursor after an item without its key: cursorUnavailable", async () => {
    ddbMock.on(ScanCommand).resolves({
      Items: [{ customerName: { S: "no id" } }, { customerId: { N: "2" } }],
      LastEvaluatedKey: { customerId: { N: "2" }, customerName: { S: "x" } },
    });
    const error = await failure("scanItems", { fetchAll: true, maxItems: "1" });
    expectStepError(
      error,
      "cursorUnavailable",
      /^The scan could not make a cursor: an item from table "Customers" lacks a key attribute\./,
    );
  });

  it("a table without a stream: streamNotFound", async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
    const error = await harness
      .trigger("tableChanges", undefined, base, { instanceState: {} } as never)
      .then(
        () => new Error("expected a failure"),
        (caught: Error) => caught,
      );
    expectStepError(
      error,
      "streamNotFound",
      /^Table "Customers" in us-east-1 has no DynamoDB stream enabled/,
    );
  });

  it.each([
    ["describeReplicas", {}, { TableName: "Customers" }, /^DescribeTable gave no description/],
    [
      "listExports",
      { filterTableName: "Customers", tableName: undefined },
      customersTable({ TableArn: undefined }),
      /^DescribeTable gave no TableArn for table "Customers" in region us-east-1; an export or import filter needs it\./,
    ],
    [
      "listTagsOfResource",
      { resource: "Customers" },
      customersTable({ TableArn: undefined }),
      /^DescribeTable gave no TableArn for table "Customers" in region us-east-1; give the table's ARN/,
    ],
  ])(
    "%s, when DescribeTable's answer lacks what it needs: incompleteAnswer",
    async (key, params, table, message) => {
      ddbMock.on(DescribeTableCommand).resolves(key === "describeReplicas" ? {} : { Table: table });
      const error = await failure(key, params);
      expectStepError(error, "incompleteAnswer", message);
    },
  );

  it("a Sort Key Type without a Sort Key Name is an input error naming Sort Key Type", async () => {
    const error = await failure("createGlobalSecondaryIndex", {
      indexName: "byEmail",
      partitionKeyName: "email",
      sortKeyType: "N",
    });
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ label: "Sort Key Type", code: "conflict" });
    expect(error.message).toBe(
      "Sort Key Type N was given without a Sort Key Name: give the Sort Key Name too, or reset Sort Key Type (the index then has no sort key).",
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

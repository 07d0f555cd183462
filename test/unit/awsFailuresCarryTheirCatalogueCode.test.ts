/**
 * An Error the connector throws for an AWS failure carries `code`: the catalogue code
 * (src/errors/catalogue.ts) of the hint its message gives, so a flow can tell a versioned write's
 * conflict from its own false Condition Expression, or throttling from a missing permission,
 * without parsing the message; with no hint, `code` is undefined. The name stays the AWS
 * exception's. With the SDK mocked (aws-sdk-client-mock) rejecting as the SDK does.
 */
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import {
  assumeRoleError,
  isAccessDenied,
  markResentAfterLostAnswer,
  toActionError,
} from "../../src/aws/errors";
import { withStreamPermissionHint } from "../../src/engines/streams";
import { guardVersion } from "../../src/engines/versioning";
import { AWS_HINTS } from "../../src/errors/catalogue";
import {
  assumeRoleConnection,
  harness,
  keySecretConnection,
  resetCaches,
  tableStepParams,
} from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const base = tableStepParams();
const locked = { versionAttribute: "version", expectedVersion: "3" };
const keyValue = { value: "1" };

/** Every code seen by these tests: each must be a key of the catalogue's hints. */
const seen = new Set<string>();

/** The error a step fails with; a test fails if the step succeeds. */
async function failure(key: string, params: Record<string, unknown>): Promise<Error> {
  const error = await harness.action(key, { ...base, ...params }).then(
    () => new Error("expected a failure"),
    (caught: Error) => caught,
  );
  const { code } = error as { code?: unknown };
  if (typeof code === "string") seen.add(code);
  return error;
}

/** A ConditionalCheckFailedException as the SDK gives it, with the current item when asked. */
function conditionFailed(item?: Record<string, { N: string } | { S: string }>) {
  return new ConditionalCheckFailedException({
    message: "The conditional request failed",
    $metadata: { httpStatusCode: 400 },
    ...(item ? { Item: item } : {}),
  });
}

/** An SDK-shaped service exception of another name (what the SDK builds for unmodelled names). */
function serviceError(name: string, message: string, status = 400) {
  return new DynamoDBServiceException({
    name,
    message,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
    },
  });
});
afterAll(() => {
  ddbMock.restore();
  const catalogued = Object.keys(AWS_HINTS);
  expect([...seen].filter((code) => !catalogued.includes(code))).toEqual([]);
});

describe("a ConditionalCheckFailedException", () => {
  it.each([
    ["createItem", PutItemCommand, { itemJson: '{"customerId": 1}' }],
    ["updateItem", UpdateItemCommand, { ...keyValue, updateJson: '{"status": "done"}' }],
    ["deleteItem", DeleteItemCommand, keyValue],
  ] as const)(
    "of %s's own Condition Expression, without a version, carries conditionFailed",
    async (action, command, params) => {
      ddbMock.on(command as typeof PutItemCommand).rejects(conditionFailed());
      const error = await failure(action, {
        ...params,
        conditionExpression: "attribute_exists(customerId)",
      });
      expect(error.name).toBe("ConditionalCheckFailedException");
      expect(error).toHaveProperty("code", "conditionFailed");
      expect(error.message).toMatch(/The Condition Expression was false for the current item/);
    },
  );

  it.each([
    ["createItem", PutItemCommand, { itemJson: '{"customerId": 1}' }],
    ["updateItem", UpdateItemCommand, { ...keyValue, updateJson: '{"status": "done"}' }],
  ] as const)(
    "of %s with Expected Version, the item at another version, carries versionConflict",
    async (action, command, params) => {
      ddbMock
        .on(command as typeof PutItemCommand)
        .rejects(conditionFailed({ customerId: { N: "1" }, version: { N: "4" } }));
      const error = await failure(action, { ...params, ...locked });
      expect(error.name).toBe("ConditionalCheckFailedException");
      expect(error).toHaveProperty("code", "versionConflict");
      expect(error.message).toMatch(/The item changed since it was read/);
    },
  );

  it.each([
    ["createItem", PutItemCommand, { itemJson: '{"customerId": 1}' }],
    ["updateItem", UpdateItemCommand, { ...keyValue, updateJson: '{"status": "done"}' }],
  ] as const)(
    "of %s with Expected Version, the item gone, carries versionConflict",
    async (action, command, params) => {
      ddbMock.on(command as typeof PutItemCommand).rejects(conditionFailed());
      const error = await failure(action, { ...params, ...locked });
      expect(error).toHaveProperty("code", "versionConflict");
    },
  );

  it("of a first write (Expected Version blank) to an item that has a version carries versionConflict", async () => {
    ddbMock
      .on(PutItemCommand)
      .rejects(conditionFailed({ customerId: { N: "1" }, version: { N: "1" } }));
    const error = await failure("createItem", {
      itemJson: '{"customerId": 1}',
      versionAttribute: "version",
    });
    expect(error).toHaveProperty("code", "versionConflict");
  });

  it.each([
    ["createItem", PutItemCommand, { itemJson: '{"customerId": 1}' }],
    ["updateItem", UpdateItemCommand, { ...keyValue, updateJson: '{"status": "done"}' }],
  ] as const)(
    "of %s with Expected Version, the version matching, carries conditionFailed: the user's condition was false",
    async (action, command, params) => {
      ddbMock
        .on(command as typeof PutItemCommand)
        .rejects(conditionFailed({ customerId: { N: "1" }, version: { N: "3" } }));
      const error = await failure(action, {
        ...params,
        ...locked,
        conditionExpression: "attribute_exists(status)",
      });
      expect(error.name).toBe("ConditionalCheckFailedException");
      expect(error).toHaveProperty("code", "conditionFailed");
      expect(error.message).toMatch(/The version matched, but the Condition Expression was false/);
    },
  );

  it("of a first write with a Condition Expression, the item absent, carries conditionFailed", async () => {
    ddbMock.on(PutItemCommand).rejects(conditionFailed());
    const error = await failure("createItem", {
      itemJson: '{"customerId": 1}',
      versionAttribute: "version",
      conditionExpression: "attribute_exists(status)",
    });
    expect(error).toHaveProperty("code", "conditionFailed");
  });

  const context = { operation: "PutItem", region: "us-east-1", table: "Customers" };

  it("resent after a lost answer carries resentAfterLostAnswer, without a version", () => {
    const error = conditionFailed();
    markResentAfterLostAnswer(error);
    const mapped = toActionError(error, context);
    expect(mapped.name).toBe("ConditionalCheckFailedException");
    expect(mapped).toHaveProperty("code", "resentAfterLostAnswer");
  });

  it("resent after a lost answer carries resentAfterLostAnswer, with a version", async () => {
    const error = conditionFailed({ customerId: { N: "1" }, version: { N: "4" } });
    markResentAfterLostAnswer(error);
    const lock = { attribute: "version", expected: "3", next: "4" };
    const mapped = await guardVersion(lock, context, false, () =>
      Promise.reject(toActionError(error, context)),
    ).catch((caught: Error) => caught);
    expect(mapped.name).toBe("ConditionalCheckFailedException");
    expect(mapped).toHaveProperty("code", "resentAfterLostAnswer");
  });
});

describe("other AWS failures", () => {
  const query = {
    keyConditionExpression: "customerId = :c",
    expressionAttributeValues: [{ key: ":c", value: "1" }],
    expressionAttributeValueTypes: [{ key: ":c", value: "N" }],
  };

  it("ProvisionedThroughputExceededException carries tableThrottled", async () => {
    ddbMock.on(QueryCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: "Rate of requests exceeds the allowed throughput.",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await failure("queryItems", query);
    expect(error.name).toBe("ProvisionedThroughputExceededException");
    expect(error).toHaveProperty("code", "tableThrottled");
  });

  it("AccessDeniedException is a ConnectionError carrying accessDenied", async () => {
    ddbMock
      .on(GetItemCommand)
      .rejects(serviceError("AccessDeniedException", "User is not authorized", 403));
    const error = await failure("getItem", keyValue);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toHaveProperty("code", "accessDenied");
  });

  it("AccessDeniedException of a batch, re-worded with what was written, keeps accessDenied", async () => {
    ddbMock
      .on(BatchWriteItemCommand)
      .rejects(serviceError("AccessDeniedException", "User is not authorized", 403));
    const error = await failure("batchWriteItems", { putItems: '[{"customerId": 1}]' });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toHaveProperty("code", "accessDenied");
    expect(isAccessDenied(error)).toBe(true);
  });

  it("a re-worded refusal still gets the trigger's permissions added", async () => {
    ddbMock
      .on(BatchWriteItemCommand)
      .rejects(serviceError("AccessDeniedException", "User is not authorized", 403));
    const error = await failure("batchWriteItems", { putItems: '[{"customerId": 1}]' });
    const where = { trigger: "tableChanges" as const, table: "Customers", region: "us-east-1" };
    const hinted = withStreamPermissionHint(error, keySecretConnection(), where) as Error;
    expect(hinted).toBeInstanceOf(ConnectionError);
    expect(hinted.message).toMatch(/The trigger needs .*dynamodb:GetRecords/);
    expect(hinted).toHaveProperty("code", "accessDenied");
  });

  it("a key condition's value of another type carries keyConditionType", async () => {
    ddbMock
      .on(QueryCommand)
      .rejects(
        serviceError(
          "ValidationException",
          "One or more parameter values were invalid: Condition parameter type does not match schema type",
        ),
      );
    const error = await failure("queryItems", query);
    expect(error.name).toBe("ValidationException");
    expect(error).toHaveProperty("code", "keyConditionType");
  });

  it("another ValidationException has no hint, and code is undefined", async () => {
    ddbMock.on(QueryCommand).rejects(serviceError("ValidationException", "Something else"));
    const error = await failure("queryItems", query);
    expect(error.name).toBe("ValidationException");
    expect((error as { code?: unknown }).code).toBeUndefined();
  });

  it("a refused connection carries connectionRefused", async () => {
    ddbMock
      .on(GetItemCommand)
      .rejects(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" }),
      );
    const error = await failure("getItem", keyValue);
    expect(error).toHaveProperty("code", "connectionRefused");
  });

  it("an answer that is not AWS's carries unreadableAnswer", async () => {
    ddbMock
      .on(GetItemCommand)
      .rejects(
        Object.assign(new SyntaxError("Unexpected token <"), { $response: { statusCode: 502 } }),
      );
    const error = await failure("getItem", keyValue);
    expect(error).toHaveProperty("code", "unreadableAnswer");
  });

  it("a transaction's reused token carries transactionTokenReused", async () => {
    ddbMock
      .on(TransactWriteItemsCommand)
      .rejects(serviceError("IdempotentParameterMismatchException", "Mismatch"));
    const error = await failure("transactWriteItems", {
      tableName: undefined,
      operations: JSON.stringify([{ put: { tableName: "Customers", item: { customerId: 1 } } }]),
    });
    expect(error.name).toBe("IdempotentParameterMismatchException");
    expect(error).toHaveProperty("code", "transactionTokenReused");
  });

  it("a cancelled transaction carries transactionCanceled", async () => {
    ddbMock.on(TransactWriteItemsCommand).rejects(
      Object.assign(serviceError("TransactionCanceledException", "Transaction cancelled"), {
        CancellationReasons: [{ Code: "ConditionalCheckFailed" }],
      }),
    );
    const error = await failure("transactWriteItems", {
      tableName: undefined,
      operations: JSON.stringify([{ put: { tableName: "Customers", item: { customerId: 1 } } }]),
    });
    expect(error.name).toBe("TransactionCanceledException");
    expect(error).toHaveProperty("code", "transactionCanceled");
  });

  it("a refused replica change carries replicaRefused", async () => {
    ddbMock.on(UpdateTableCommand).rejects(serviceError("ValidationException", "Refused"));
    const error = await failure("addReplica", { replicaRegion: "us-west-2" });
    expect(error.name).toBe("ValidationException");
    expect(error).toHaveProperty("code", "replicaRefused");
  });

  it("STS refusing the role carries assumeRoleDenied", () => {
    const error = assumeRoleError(serviceError("AccessDenied", "Not authorized", 403), {
      connection: assumeRoleConnection(),
      region: "us-east-1",
      roleArn: "arn:aws:iam::123456789012:role/IntegrationRole",
    });
    const { code } = error as { code?: unknown };
    if (typeof code === "string") seen.add(code);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toHaveProperty("code", "assumeRoleDenied");
  });
});

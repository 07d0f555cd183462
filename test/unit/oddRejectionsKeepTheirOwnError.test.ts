/**
 * A mocked client can reject with AWS errors shaped as DynamoDB never shapes them: a `message`
 * that is no string, a ConditionalCheckFailedException whose Item is null or holds a value that
 * is no DynamoDB value, a TransactionCanceledException whose CancellationReasons is no array or
 * holds null. Each step still fails with that error, under its own name and with its message,
 * never with a TypeError, and a current item that cannot be read is said to be so rather than
 * hiding the failure behind another error.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { mockCustomersTable } from "../support/customersMock";
import { harness } from "../support/harness";
import { failure } from "../support/outcome";
import { validParams } from "./corpus/model";

const ddbMock = mockCustomersTable();

/** An error named `name` whose message is `message`, whatever its type. */
function awsError(name: string, message: unknown, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error("placeholder"), { name, message, ...fields });
}

describe("an error whose message is no string", () => {
  it.each([
    ["an object", { reason: "x" }, /ValidationException: an object/],
    ["a number", 5, /ValidationException: 5/],
    ["null", null, /ValidationException: null/],
  ])("Get Item fails with the error's name when its message is %s", async (_, message, text) => {
    ddbMock.on(GetItemCommand).rejects(awsError("ValidationException", message));
    const error = await failure(
      harness.action("getItem", { ...validParams("getItem"), maxAttempts: 1 }),
    );
    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/^GetItem failed on table "Customers" in region us-east-1: /);
    expect(error.message).toMatch(text);
  });

  it("Add Replica keeps its hint after such a message", async () => {
    ddbMock.on(UpdateTableCommand).rejects(awsError("ValidationException", { reason: "x" }));
    const error = await failure(harness.action("addReplica", validParams("addReplica")));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/ValidationException: an object\. A table that gets a replica/);
  });

  it("Transact Write Items names a cancellation whose message is no string", async () => {
    ddbMock.on(TransactWriteItemsCommand).rejects(awsError("TransactionCanceledException", 5));
    const params = validParams("transactWriteItems");
    const error = await failure(harness.action("transactWriteItems", params));
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toMatch(/DynamoDB did not say which entry failed: 5/);
  });
});

describe("a version conflict whose current item is odd", () => {
  const locked = { versionAttribute: "version", expectedVersion: "3" };

  it.each([
    ["createItem", PutItemCommand],
    ["updateItem", UpdateItemCommand],
  ] as const)("%s reads Item: null as no current item", async (action, command) => {
    const conflict = new ConditionalCheckFailedException({
      message: "The conditional request failed",
      $metadata: {},
      Item: null as never,
    });
    ddbMock.on(command as typeof PutItemCommand).rejects(conflict);
    const error = await failure(harness.action(action, { ...validParams(action), ...locked }));
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toMatch(/it no longer exists with "version" = 3/);
  });

  it("says the stored version is no DynamoDB value rather than failing on it", async () => {
    const conflict = new ConditionalCheckFailedException({
      message: "The conditional request failed",
      $metadata: {},
      Item: { version: { L: null } } as never,
    });
    ddbMock.on(PutItemCommand).rejects(conflict);
    const error = await failure(
      harness.action("createItem", { ...validParams("createItem"), ...locked }),
    );
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toMatch(/is now a value that is no DynamoDB value, not the Expected/);
  });
});

describe("a cancelled transaction with odd reasons", () => {
  it.each([
    ["an object", { a: 1 }],
    ["a list holding null", [null]],
  ])("Transact Write Items reads CancellationReasons of %s as no reasons", async (_, reasons) => {
    ddbMock.on(TransactWriteItemsCommand).rejects(
      awsError("TransactionCanceledException", "Transaction cancelled", {
        CancellationReasons: reasons,
      }),
    );
    const params = validParams("transactWriteItems");
    const error = await failure(harness.action("transactWriteItems", params));
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toMatch(/DynamoDB did not say which entry failed: Transaction cancelled/);
  });

  it("Transact Get Items names the failing entry and says its item cannot be read", async () => {
    ddbMock.on(TransactGetItemsCommand).rejects(
      awsError("TransactionCanceledException", "Transaction cancelled", {
        CancellationReasons: [null, { Code: "ConditionalCheckFailed", Item: { a: { N: 5 } } }],
      }),
    );
    const params = validParams("transactGetItems");
    const error = await failure(harness.action("transactGetItems", params));
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toMatch(
      /Entry 1: ConditionalCheckFailed .* Current item: \(not readable: The answer holds attribute "a" that is not a DynamoDB value: N holds 5/,
    );
  });
});

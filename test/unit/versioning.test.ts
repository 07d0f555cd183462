/**
 * Optimistic locking with the SDK mocked: Upsert Item and Update Item with a Version Attribute
 * (and Expected Version) send the version condition and the new version in the same request,
 * joined with the user's condition and clear of its placeholders, counting past 2^53 exactly; a
 * conflict says the item changed since it was read; without a Version Attribute nothing changes.
 */
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createItem } from "../../src/actions/items/createItem";
import { updateItem } from "../../src/actions/items/updateItem";
import { addToSetClause, conflictReason } from "../../src/engines/versioning";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);

const base = () => ({
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Docs",
});

function upsert(extra: Record<string, unknown>) {
  return harness.action("createItem", {
    ...base(),
    itemJson: '{"id": 1, "title": "draft"}',
    versionAttribute: "version",
    ...extra,
  });
}

function update(extra: Record<string, unknown>) {
  return harness.action("updateItem", {
    ...base(),
    value: "1",
    versionAttribute: "version",
    ...extra,
  });
}

const putInput = () => ddbMock.commandCalls(PutItemCommand)[0].args[0].input;
const updateInput = () => ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input;

function conditionFailed(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    $metadata: {},
    message: "The conditional request failed",
    // biome-ignore lint/suspicious/noExplicitAny: the SDK types Item as AttributeValue maps
    Item: item as any,
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  });
  ddbMock.on(PutItemCommand).resolves({});
  ddbMock.on(UpdateItemCommand).resolves({ Attributes: { id: { N: "1" }, version: { N: "4" } } });
});

afterAll(() => ddbMock.restore());

describe("the inputs", () => {
  it.each([[createItem.inputs], [updateItem.inputs]])(
    "are optional, just before Max Attempts, with labels",
    (inputs) => {
      const keys = Object.keys(inputs);
      expect(keys.slice(-3)).toEqual(["versionAttribute", "expectedVersion", "maxAttempts"]);
      expect(inputs.versionAttribute.label).toBe("Version Attribute");
      expect(inputs.expectedVersion.label).toBe("Expected Version");
      expect(inputs.versionAttribute.required).toBe(false);
      expect(inputs.expectedVersion.required).toBe(false);
    },
  );
});

describe("Upsert Item", () => {
  it("without a Version Attribute sends what it always sent", async () => {
    await upsert({ versionAttribute: "" });
    expect(putInput()).toEqual({
      TableName: "Docs",
      Item: { id: { N: "1" }, title: { S: "draft" } },
    });
  });

  it("a first write (blank Expected Version) requires no version yet and writes version 1", async () => {
    const result = await upsert({});
    expect(putInput()).toEqual({
      TableName: "Docs",
      Item: { id: { N: "1" }, title: { S: "draft" }, version: { N: "1" } },
      ConditionExpression: "attribute_not_exists(#version)",
      ExpressionAttributeNames: { "#version": "version" },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(result).toEqual({
      data: { item: { id: 1, title: "draft", version: 1 }, previousItem: null },
    });
  });

  it("with an Expected Version, joins the user's condition and avoids its placeholders", async () => {
    await upsert({
      itemJson: '{"id": 1, "title": "final", "version": 41}',
      expectedVersion: "41",
      conditionExpression: "#version <> :expectedVersion",
      expressionAttributeNames: [{ key: "#version", value: "status" }],
      expressionAttributeValues: [{ key: ":expectedVersion", value: "locked" }],
      expressionAttributeValueTypes: [{ key: ":expectedVersion", value: "S" }],
    });
    expect(putInput()).toEqual({
      TableName: "Docs",
      Item: { id: { N: "1" }, title: { S: "final" }, version: { N: "42" } },
      ConditionExpression: "(#version <> :expectedVersion) AND #version1 = :expectedVersion1",
      ExpressionAttributeNames: { "#version": "status", "#version1": "version" },
      ExpressionAttributeValues: {
        ":expectedVersion": { S: "locked" },
        ":expectedVersion1": { N: "41" },
      },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("counts past 2^53 exactly", async () => {
    await upsert({ expectedVersion: "9007199254740993" });
    expect(putInput().Item?.version).toEqual({ N: "9007199254740994" });
    expect(putInput().ExpressionAttributeValues).toEqual({
      ":expectedVersion": { N: "9007199254740993" },
    });
  });

  it("a conflict says the item changed since it was read, and to which version", async () => {
    ddbMock.on(PutItemCommand).rejects(conditionFailed({ id: { N: "1" }, version: { N: "5" } }));
    const error = await failure(upsert({ expectedVersion: "3" }));
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toBe(
      'PutItem failed on table "Docs" in region us-east-1: ConditionalCheckFailedException: The item changed since it was read: its Version Attribute "version" is now 5, not the Expected Version 3. Nothing was written; read the item again and apply the change to its current version.',
    );
  });

  it.each([
    [
      { expectedVersion: "2" },
      "Expected Version needs a Version Attribute: name the number attribute that holds the item's version, such as version, or clear Expected Version.",
      { versionAttribute: "" },
    ],
    [
      { expectedVersion: "two" },
      'Expected Version must be a whole number 0 or more, such as 3 (the version of the item when it was read), not "two". Leave it blank for a first write.',
      {},
    ],
    [
      { expectedVersion: "9".repeat(38) },
      `Expected Version ${"9".repeat(38)} has no next version within DynamoDB's 38 digits.`,
      {},
    ],
    [
      { itemJson: '{"id": 1, "version": 7}' },
      'Item JSON sets "version" (the Version Attribute) to 7, but Expected Version is blank (a first write). Leave "version" out (the write sets it to 1), or give it the Expected Version.',
      {},
    ],
    [
      { versionAttribute: "__proto__" },
      'Version Attribute: an attribute named "__proto__" cannot be written: DynamoDB would store it, but the AWS SDK drops it from every read, so it would be lost silently. Rename the attribute.',
      {},
    ],
  ])("refuses %j before any request", async (params, message, extra) => {
    const error = await failure(upsert({ ...params, ...extra }));
    expect(error.message).toBe(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("Update Item", () => {
  it("adds the new version to the SET clause of the Update Expression, in the same request", async () => {
    const result = await update({
      query: "REMOVE obsolete SET #s = :s",
      expressionAttributeNames: [{ key: "#s", value: "status" }],
      queryParams: [{ key: ":s", value: "done" }],
      queryParamTypes: [{ key: ":s", value: "S" }],
      expectedVersion: "3",
    });
    expect(updateInput()).toEqual({
      TableName: "Docs",
      Key: { id: { N: "1" } },
      UpdateExpression: "REMOVE obsolete SET #version = :nextVersion, #s = :s",
      ConditionExpression: "#version = :expectedVersion",
      ExpressionAttributeNames: { "#s": "status", "#version": "version" },
      ExpressionAttributeValues: {
        ":s": { S: "done" },
        ":expectedVersion": { N: "3" },
        ":nextVersion": { N: "4" },
      },
      ReturnValues: "ALL_NEW",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(result).toEqual({ data: { item: { id: 1, version: 4 } } });
  });

  it("with Update JSON, leaves the version out of the patch when it is the one read", async () => {
    await update({ updateJson: '{"id": 1, "status": "done", "version": 3}', expectedVersion: "3" });
    expect(updateInput()).toEqual(
      expect.objectContaining({
        UpdateExpression: "SET #version = :nextVersion, #u0 = :u0",
        ConditionExpression: "#version = :expectedVersion",
        ExpressionAttributeNames: { "#u0": "status", "#version": "version" },
        ExpressionAttributeValues: {
          ":u0": { S: "done" },
          ":expectedVersion": { N: "3" },
          ":nextVersion": { N: "4" },
        },
      }),
    );
  });

  it("a first write by Update JSON that only removes: SET is added", async () => {
    await update({ updateJson: '{"old": null}' });
    expect(updateInput()).toEqual(
      expect.objectContaining({
        UpdateExpression: "SET #version = :nextVersion REMOVE #u0",
        ConditionExpression: "attribute_not_exists(#version)",
        ExpressionAttributeValues: { ":nextVersion": { N: "1" } },
      }),
    );
  });

  it("a conflict on a deleted item says the item changed since it was read", async () => {
    ddbMock.on(UpdateItemCommand).rejects(conditionFailed(undefined));
    const error = await failure(update({ updateJson: '{"a": 1}', expectedVersion: "3" }));
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toBe(
      'UpdateItem failed on table "Docs" in region us-east-1: ConditionalCheckFailedException: The item changed since it was read: it no longer exists with "version" = 3 (it was deleted, or changed). Nothing was written; read the item again and apply the change to its current version.',
    );
  });

  it.each([
    [
      "SET version = version + :one",
      'Update Expression names "version", the Version Attribute: the version check sets it to 4 in the same request. Leave it out of the Update Expression.',
      [],
    ],
    [
      "SET a = :one REMOVE #v",
      'Update Expression names "version" (as #v), the Version Attribute: the version check sets it to 4 in the same request. Leave it out of the Update Expression.',
      [{ key: "#v", value: "version" }],
    ],
  ])(
    "refuses an Update Expression that sets the version itself: %s",
    async (query, message, names) => {
      const error = await failure(
        update({
          query,
          expressionAttributeNames: names,
          queryParams: [{ key: ":one", value: "1" }],
          queryParamTypes: [{ key: ":one", value: "N" }],
          expectedVersion: "3",
        }),
      );
      expect(error.message).toBe(message);
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );

  it("lets the Update Expression name attributes that only contain the version's name", async () => {
    await update({
      query: "SET versions = :one, info.version = :one, #versioned = :one",
      expressionAttributeNames: [{ key: "#versioned", value: "versioned" }],
      queryParams: [{ key: ":one", value: "1" }],
      queryParamTypes: [{ key: ":one", value: "N" }],
      expectedVersion: "3",
    });
    expect(updateInput().UpdateExpression).toBe(
      "SET #version = :nextVersion, versions = :one, info.version = :one, #versioned = :one",
    );
  });

  it("refuses Update JSON that sets another version, before any request", async () => {
    const error = await failure(update({ updateJson: '{"version": 9}', expectedVersion: "3" }));
    expect(error.message).toBe(
      'Update JSON sets "version" (the Version Attribute) to 9, but Expected Version is 3. Leave "version" out (the write sets it to 4), or give it the Expected Version.',
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("long names", () => {
  it("refuses a Version Attribute over 64 KB, echoing none of it", async () => {
    const error = await failure(
      update({ query: "SET a = :one", versionAttribute: "v".repeat(70_000) }),
    );
    expect(error.message).toBe(
      "Version Attribute is 70000 bytes long; DynamoDB allows attribute names of at most 64 KB (65536 bytes).",
    );
  });

  it("cuts a long Version Attribute short in messages", async () => {
    const name = "v".repeat(3_000);
    const error = await failure(
      update({
        query: `SET ${name} = :one`,
        versionAttribute: name,
        expectedVersion: "1",
        queryParams: [{ key: ":one", value: "1" }],
        queryParamTypes: [{ key: ":one", value: "N" }],
      }),
    );
    expect(error.message).toContain("Update Expression names");
    expect(error.message.length).toBeLessThan(400);
  });
});

describe("addToSetClause", () => {
  it.each([
    ["SET a = :a", "SET #v = :n, a = :a"],
    ["set a = :a REMOVE b", "set #v = :n, a = :a REMOVE b"],
    ["REMOVE b", "SET #v = :n REMOVE b"],
    ["ADD #set :one", "SET #v = :n ADD #set :one"],
    ["REMOVE settings, :set", "SET #v = :n REMOVE settings, :set"],
    ["REMOVE a.set SET b = :b", "REMOVE a.set SET #v = :n, b = :b"],
  ])("%j -> %j", (expression, expected) => {
    expect(addToSetClause(expression, "#v = :n")).toBe(expected);
  });
});

describe("conflictReason", () => {
  const lock = { attribute: "version", expected: "3", next: "4" };
  it("says when the version matched and the user's condition was false", () => {
    expect(conflictReason(lock, { version: { N: "3" } }, true).text).toBe(
      "The version matched, but the Condition Expression was false for the current item, so nothing was written.",
    );
  });
  it("names a version that is not a number", () => {
    expect(conflictReason(lock, { version: { S: "three" } }, false).text).toContain(
      'is now "three", not the Expected Version 3',
    );
  });
  it("on a first write, says the item already exists", () => {
    expect(
      conflictReason({ attribute: "version", next: "1" }, { version: { N: "1" } }, false).text,
    ).toBe(
      'The item changed since it was read: it already exists with Version Attribute "version" = 1, while Expected Version is blank (a first write). Nothing was written; read the item again and apply the change to its current version.',
    );
  });
});

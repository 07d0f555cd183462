/**
 * The item actions (Upsert, Get, Update, Delete Item) with a mocked SDK: the exact command each
 * sends, the output shape, each example payload, and the input errors raised before any call.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { createItem } from "../../src/actions/items/createItem";
import { deleteItem } from "../../src/actions/items/deleteItem";
import { getItem } from "../../src/actions/items/getItem";
import { updateItem } from "../../src/actions/items/updateItem";
import component from "../../src/index";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

const HASH_ONLY = {
  Table: {
    TableName: "Customers",
    KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" as const }],
    AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" as const }],
  },
};

/** The typed form of the examples' item. */
const EXAMPLE_ITEM = {
  customerId: { N: "1001" },
  customerName: { S: "Ada Lovelace" },
  tags: { SS: ["vip"] },
  balance: { N: "12.5" },
};

const THIRTY_DIGITS = "123456789012345678901234567890";

function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: "The conditional request failed",
    $metadata: { httpStatusCode: 400 },
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(HASH_ONLY);
});

describe("inputs keep the contract's keys, labels and order (contract/compat.json)", () => {
  const inputsOf = (key: string) =>
    component.actions[key].inputs as {
      key: string;
      label: string;
      required?: boolean;
      default?: unknown;
    }[];

  it.each([
    [
      "createItem",
      "Upsert Item",
      [
        "awsRegion",
        "tableName",
        "item",
        "itemTypes",
        "conditionExpression",
        "expressionAttributeValues",
        "expressionAttributeValueTypes",
        "awsConnection",
      ],
    ],
    ["getItem", "Get Item", ["awsRegion", "tableName", "value", "rangeKeyValue", "awsConnection"]],
    [
      "updateItem",
      "Update Item",
      [
        "awsRegion",
        "tableName",
        "value",
        "rangeKeyValue",
        "query",
        "conditionExpression",
        "queryParams",
        "queryParamTypes",
        "awsConnection",
      ],
    ],
    [
      "deleteItem",
      "Delete Item",
      [
        "awsRegion",
        "tableName",
        "value",
        "rangeKeyValue",
        "conditionExpression",
        "expressionAttributeValues",
        "expressionAttributeValueTypes",
        "awsConnection",
      ],
    ],
  ])("%s (%s)", (key, label, compatKeys) => {
    expect(component.actions[key].display.label).toBe(label);
    const inputs = inputsOf(key);
    expect(inputs.slice(0, compatKeys.length).map((i) => i.key)).toEqual(compatKeys);
    // Every input added after the contract's ones is optional.
    for (const extra of inputs.slice(compatKeys.length)) expect(extra.required).not.toBe(true);
  });

  it("labels and required flags of the action-specific inputs", () => {
    const byKey = (action: string, key: string) => inputsOf(action).find((i) => i.key === key);
    // Optional since Item JSON may stand in for them (contract/README.md); perform requires one.
    expect(byKey("createItem", "item")).toMatchObject({
      label: "Value",
      required: false,
      collection: "keyvaluelist",
    });
    expect(byKey("createItem", "itemTypes")).toMatchObject({
      label: "Value Types",
      required: false,
      collection: "keyvaluelist",
    });
    expect(byKey("updateItem", "query")).toMatchObject({
      label: "Update Expression",
      required: false,
    });
    expect(byKey("updateItem", "queryParams")).toMatchObject({
      label: "Expression Attribute Values",
      collection: "keyvaluelist",
    });
    expect(byKey("updateItem", "queryParamTypes")).toMatchObject({
      label: "Expression Attribute Value Types",
    });
    expect(byKey("updateItem", "returnValues")).toMatchObject({ default: "ALL_NEW" });
    expect(byKey("deleteItem", "returnValues")).toMatchObject({ default: "NONE" });
    expect(byKey("createItem", "returnValues")).toMatchObject({ default: "NONE" });
    expect(byKey("createItem", "itemJson")).toMatchObject({ label: "Item JSON", type: "code" });
    expect(byKey("updateItem", "updateJson")).toMatchObject({ label: "Update JSON", type: "code" });
  });
});

describe("Get Item", () => {
  it("sends only the table and the typed key by default", async () => {
    ddbMock.on(GetItemCommand).resolves({});
    await harness.action("getItem", { ...base, value: "1001" });
    expect(ddbMock.commandCalls(GetItemCommand)[0].args[0].input).toStrictEqual({
      TableName: "Customers",
      Key: { customerId: { N: "1001" } },
      ConsistentRead: undefined,
      ProjectionExpression: undefined,
      ExpressionAttributeNames: undefined,
    });
  });

  it("passes Consistent Read, Projection Expression and Expression Attribute Names", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: { name: { S: "Ada" } } });
    const result = await harness.action("getItem", {
      ...base,
      value: "1001",
      consistentRead: "true",
      projectionExpression: "#n, city",
      expressionAttributeNames: kv({ "#n": "name" }),
    });
    expect(ddbMock).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: "Customers",
      Key: { customerId: { N: "1001" } },
      ConsistentRead: true,
      ProjectionExpression: "#n, city",
      ExpressionAttributeNames: { "#n": "name" },
    });
    expect(result).toEqual({ data: { found: true, item: { name: "Ada" } } });
  });

  it("returns found false and a null item when there is no item", async () => {
    ddbMock.on(GetItemCommand).resolves({});
    await expect(harness.action("getItem", { ...base, value: "1" })).resolves.toEqual({
      data: { found: false, item: null },
    });
  });

  it("returns DynamoDB JSON on request", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: EXAMPLE_ITEM });
    const result = await harness.action("getItem", {
      ...base,
      value: "1001",
      returnDynamoJson: "true",
    });
    expect(result).toEqual({ data: { found: true, item: EXAMPLE_ITEM } });
  });

  it("returns numbers digit for digit", async () => {
    ddbMock
      .on(GetItemCommand)
      .resolves({ Item: { customerId: { N: "1" }, big: { N: THIRTY_DIGITS } } });
    const result = await harness.action("getItem", { ...base, value: "1" });
    expect(result).toEqual({ data: { found: true, item: { customerId: 1, big: THIRTY_DIGITS } } });
  });

  it("its example payload is what perform returns for the example item", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: EXAMPLE_ITEM });
    const result = await harness.action("getItem", { ...base, value: "1001" });
    expect(result).toEqual(getItem.examplePayload);
  });

  it("Expression Attribute Names without a Projection Expression is an input error", async () => {
    await expect(
      harness.action("getItem", {
        ...base,
        value: "1",
        expressionAttributeNames: kv({ "#n": "name" }),
      }),
    ).rejects.toThrow(/Expression Attribute Names are only used by the Projection Expression/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("an invalid Consistent Read is an input error", async () => {
    await expect(
      harness.action("getItem", { ...base, value: "1", consistentRead: "yes" }),
    ).rejects.toThrow('Consistent Read must be true or false, not "yes".');
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("Upsert Item", () => {
  const valueAndTypes = {
    item: kv({
      customerId: "1001",
      customerName: "Ada Lovelace",
      tags: '["vip"]',
      balance: "12.5",
    }),
    itemTypes: kv({ customerId: "N", customerName: "S", tags: "SS", balance: "N" }),
  };

  it("puts the typed item and returns it as plain JSON", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    const result = await harness.action("createItem", { ...base, ...valueAndTypes });
    expect(ddbMock.commandCalls(PutItemCommand)[0].args[0].input).toStrictEqual({
      TableName: "Customers",
      Item: EXAMPLE_ITEM,
      ConditionExpression: undefined,
      ExpressionAttributeNames: undefined,
      ExpressionAttributeValues: undefined,
      ReturnValues: undefined,
    });
    expect(result).toEqual(createItem.examplePayload);
    // The key attributes' types come from one DescribeTable (cached for later puts).
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
  });

  it("passes the condition with typed values and names", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    await harness.action("createItem", {
      ...base,
      ...valueAndTypes,
      conditionExpression: "attribute_not_exists(customerId) OR #s <> :closed",
      expressionAttributeValues: kv({ ":closed": "closed" }),
      expressionAttributeValueTypes: kv({ ":closed": "S" }),
      expressionAttributeNames: kv({ "#s": "status" }),
    });
    expect(ddbMock).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: "Customers",
      Item: EXAMPLE_ITEM,
      ConditionExpression: "attribute_not_exists(customerId) OR #s <> :closed",
      ExpressionAttributeValues: { ":closed": { S: "closed" } },
      ExpressionAttributeNames: { "#s": "status" },
    });
  });

  it("Return Values ALL_OLD returns the replaced item as previousItem", async () => {
    ddbMock
      .on(PutItemCommand)
      .resolves({ Attributes: { customerId: { N: "1001" }, old: { BOOL: true } } });
    const result = await harness.action("createItem", {
      ...base,
      ...valueAndTypes,
      returnValues: "ALL_OLD",
    });
    expect(ddbMock.commandCalls(PutItemCommand)[0].args[0].input.ReturnValues).toBe("ALL_OLD");
    expect(result).toEqual({
      data: {
        item: { customerId: 1001, customerName: "Ada Lovelace", tags: ["vip"], balance: 12.5 },
        previousItem: { customerId: 1001, old: true },
      },
    });
  });

  it("Return DynamoDB JSON returns both items typed", async () => {
    ddbMock.on(PutItemCommand).resolves({ Attributes: { customerId: { N: "1001" } } });
    const result = await harness.action("createItem", {
      ...base,
      ...valueAndTypes,
      returnValues: "ALL_OLD",
      returnDynamoJson: "true",
    });
    expect(result).toEqual({
      data: { item: EXAMPLE_ITEM, previousItem: { customerId: { N: "1001" } } },
    });
  });

  it("accepts Item JSON instead of Value and Value Types, keeping every digit", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    const result = await harness.action("createItem", {
      ...base,
      itemJson: `{"customerId": 1001, "status": "new", "big": ${THIRTY_DIGITS}, "address": {"city": "London", "zip": null}, "tags": ["a", 2, true]}`,
    });
    expect(ddbMock.commandCalls(PutItemCommand)[0].args[0].input.Item).toEqual({
      customerId: { N: "1001" },
      status: { S: "new" },
      big: { N: THIRTY_DIGITS },
      address: { M: { city: { S: "London" }, zip: { NULL: true } } },
      tags: { L: [{ S: "a" }, { N: "2" }, { BOOL: true }] },
    });
    expect(result).toEqual({
      data: {
        item: {
          customerId: 1001,
          status: "new",
          big: THIRTY_DIGITS,
          address: { city: "London", zip: null },
          tags: ["a", 2, true],
        },
        previousItem: null,
      },
    });
  });

  it("accepts an Item JSON object from a code-native flow", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    await harness.action("createItem", { ...base, itemJson: { customerId: 7, ok: true } });
    expect(ddbMock.commandCalls(PutItemCommand)[0].args[0].input.Item).toEqual({
      customerId: { N: "7" },
      ok: { BOOL: true },
    });
  });

  it("Value and Item JSON together is an error naming both", async () => {
    await expect(
      harness.action("createItem", { ...base, ...valueAndTypes, itemJson: '{"customerId": 1}' }),
    ).rejects.toThrow(/either as Value \(with Value Types\) or as Item JSON, not both/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("neither Value nor Item JSON is an error", async () => {
    await expect(harness.action("createItem", { ...base })).rejects.toThrow(
      /^Value or Item JSON is required/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("a value without a type names the attribute and Value Types", async () => {
    await expect(
      harness.action("createItem", {
        ...base,
        item: kv({ customerId: "1", name: "Ada" }),
        itemTypes: kv({ customerId: "N" }),
      }),
    ).rejects.toThrow(/name[\s\S]*Value Types|Value Types[\s\S]*name/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("Item JSON that is not an object is an error naming Item JSON", async () => {
    await expect(harness.action("createItem", { ...base, itemJson: "[1, 2]" })).rejects.toThrow(
      /Item JSON/,
    );
    await expect(harness.action("createItem", { ...base, itemJson: "{oops" })).rejects.toThrow(
      /Item JSON/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("rejects an item over 400 KB before sending, naming the input", async () => {
    const big = "x".repeat(400 * 1024);
    await expect(
      harness.action("createItem", {
        ...base,
        item: kv({ customerId: "1", body: big }),
        itemTypes: kv({ customerId: "N", body: "S" }),
      }),
    ).rejects.toThrow(/^Value is \d+ bytes, over DynamoDB's limit of 409600 bytes \(400 KB\)/);
    await expect(
      harness.action("createItem", {
        ...base,
        itemJson: JSON.stringify({ customerId: 1, body: big }),
      }),
    ).rejects.toThrow(/^Item JSON is \d+ bytes/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("accepts an item just under 400 KB", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    // 100 bytes under 400 KB leaves room for the attribute names and the key.
    const body = "x".repeat(400 * 1024 - 100);
    await harness.action("createItem", {
      ...base,
      itemJson: JSON.stringify({ customerId: 1, body }),
    });
    expect(ddbMock.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it("Expression Attribute Values without a Condition Expression is an input error", async () => {
    await expect(
      harness.action("createItem", {
        ...base,
        ...valueAndTypes,
        expressionAttributeValues: kv({ ":a": "1" }),
        expressionAttributeValueTypes: kv({ ":a": "N" }),
      }),
    ).rejects.toThrow(/only used by the Condition Expression, which is blank/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("a false condition is reported as ConditionalCheckFailed with a hint", async () => {
    ddbMock.on(PutItemCommand).rejects(conditionFailed());
    await expect(
      harness.action("createItem", {
        ...base,
        ...valueAndTypes,
        conditionExpression: "attribute_not_exists(customerId)",
      }),
    ).rejects.toThrow(
      /^PutItem failed on table "Customers" in region us-east-1: ConditionalCheckFailedException: The conditional request failed\.? The Condition Expression was false for the current item, so nothing was written\.$/,
    );
  });

  it("Return Values accepts only NONE and ALL_OLD", async () => {
    await expect(
      harness.action("createItem", { ...base, ...valueAndTypes, returnValues: "ALL_NEW" }),
    ).rejects.toThrow('Return Values must be one of NONE, ALL_OLD, not "ALL_NEW".');
  });
});

describe("Update Item", () => {
  it("sends the Update Expression with typed values, names and condition; ALL_NEW by default", async () => {
    ddbMock
      .on(UpdateItemCommand)
      .resolves({ Attributes: { customerId: { N: "1001" }, status: { S: "done" } } });
    const result = await harness.action("updateItem", {
      ...base,
      value: "1001",
      query: "SET #s = :s, visits = visits + :one",
      conditionExpression: "attribute_exists(customerId)",
      queryParams: kv({ ":s": "done", ":one": "1" }),
      queryParamTypes: kv({ ":s": "S", ":one": "N" }),
      expressionAttributeNames: kv({ "#s": "status" }),
    });
    expect(ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input).toStrictEqual({
      TableName: "Customers",
      Key: { customerId: { N: "1001" } },
      UpdateExpression: "SET #s = :s, visits = visits + :one",
      ConditionExpression: "attribute_exists(customerId)",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": { S: "done" }, ":one": { N: "1" } },
      ReturnValues: "ALL_NEW",
    });
    expect(result).toEqual({ data: { item: { customerId: 1001, status: "done" } } });
  });

  it("an expression without values or names sends neither", async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    await harness.action("updateItem", { ...base, value: "1", query: "REMOVE oldField" });
    expect(ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
      Key: { customerId: { N: "1" } },
      UpdateExpression: "REMOVE oldField",
      ReturnValues: "ALL_NEW",
    });
  });

  it("Return Values NONE sends none and returns a null item", async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    const result = await harness.action("updateItem", {
      ...base,
      value: "1",
      query: "REMOVE oldField",
      returnValues: "NONE",
    });
    expect(ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input.ReturnValues).toBeUndefined();
    expect(result).toEqual({ data: { item: null } });
  });

  it.each(["ALL_OLD", "UPDATED_OLD", "UPDATED_NEW"])(
    "Return Values %s is passed on",
    async (choice) => {
      ddbMock.on(UpdateItemCommand).resolves({ Attributes: { visits: { N: "2" } } });
      const result = await harness.action("updateItem", {
        ...base,
        value: "1",
        query: "REMOVE oldField",
        returnValues: choice,
      });
      expect(ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input.ReturnValues).toBe(choice);
      expect(result).toEqual({ data: { item: { visits: 2 } } });
    },
  );

  it("Update JSON generates the expression: set, set a reserved word, remove", async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    await harness.action("updateItem", {
      ...base,
      value: "1",
      updateJson: '{ "status": "done", "count": 3, "old": null }',
    });
    expect(ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
      Key: { customerId: { N: "1" } },
      UpdateExpression: "SET #u0 = :u0, #u1 = :u1 REMOVE #u2",
      ExpressionAttributeNames: { "#u0": "status", "#u1": "count", "#u2": "old" },
      ExpressionAttributeValues: { ":u0": { S: "done" }, ":u1": { N: "3" } },
      ReturnValues: "ALL_NEW",
    });
  });

  it("Update JSON keeps 30-digit numbers", async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    await harness.action("updateItem", {
      ...base,
      value: "1",
      updateJson: `{"big": ${THIRTY_DIGITS}}`,
    });
    expect(
      ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input.ExpressionAttributeValues,
    ).toEqual({
      ":u0": { N: THIRTY_DIGITS },
    });
  });

  it("Update JSON placeholders do not collide with the condition's names and values", async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    await harness.action("updateItem", {
      ...base,
      value: "1",
      updateJson: '{"status": "done"}',
      conditionExpression: "#u0 = :u0",
      queryParams: kv({ ":u0": "open" }),
      queryParamTypes: kv({ ":u0": "S" }),
      expressionAttributeNames: kv({ "#u0": "status" }),
    });
    expect(ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
      Key: { customerId: { N: "1" } },
      UpdateExpression: "SET #u1 = :u1",
      ConditionExpression: "#u0 = :u0",
      ExpressionAttributeNames: { "#u0": "status", "#u1": "status" },
      ExpressionAttributeValues: { ":u0": { S: "open" }, ":u1": { S: "done" } },
      ReturnValues: "ALL_NEW",
    });
  });

  it("Update JSON may repeat the key (a whole item read earlier); the key is left out", async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    await harness.action("updateItem", {
      ...base,
      value: "1",
      updateJson: '{"customerId": 1, "a": "b"}',
    });
    expect(ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input).toMatchObject({
      UpdateExpression: "SET #u0 = :u0",
      ExpressionAttributeNames: { "#u0": "a" },
    });
  });

  it("Update JSON that changes the key is an input error before UpdateItem", async () => {
    await expect(
      harness.action("updateItem", { ...base, value: "1", updateJson: '{"customerId": 2}' }),
    ).rejects.toThrow(
      'Update JSON: "customerId" is part of the table\'s key and cannot be changed',
    );
    expect(ddbMock.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });

  it("Update JSON with names or values but no Condition Expression is an input error", async () => {
    await expect(
      harness.action("updateItem", {
        ...base,
        value: "1",
        updateJson: '{"a": 1}',
        expressionAttributeNames: kv({ "#s": "status" }),
      }),
    ).rejects.toThrow(
      /^With Update JSON, Expression Attribute Values and Expression Attribute Names are only used by the Condition Expression/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("Update Expression and Update JSON together is an error naming both", async () => {
    await expect(
      harness.action("updateItem", {
        ...base,
        value: "1",
        query: "SET a = :a",
        updateJson: '{"a": 1}',
      }),
    ).rejects.toThrow("Give either an Update Expression or Update JSON, not both.");
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("neither Update Expression nor Update JSON is an error", async () => {
    await expect(harness.action("updateItem", { ...base, value: "1" })).rejects.toThrow(
      /^Update Expression or Update JSON is required/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each(["[1]", '"text"', "{not json"])(
    "Update JSON %s is an error naming the input",
    async (json) => {
      await expect(
        harness.action("updateItem", { ...base, value: "1", updateJson: json }),
      ).rejects.toThrow(/Update JSON/);
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );

  it("an empty Update JSON object is an error", async () => {
    await expect(
      harness.action("updateItem", { ...base, value: "1", updateJson: "{}" }),
    ).rejects.toThrow("Update JSON has no attribute to set or remove.");
  });

  it("a value without a type names the value and the types input", async () => {
    await expect(
      harness.action("updateItem", {
        ...base,
        value: "1",
        query: "SET a = :a",
        queryParams: kv({ ":a": "1" }),
      }),
    ).rejects.toThrow(
      /:a[\s\S]*Expression Attribute Value Types|Expression Attribute Value Types[\s\S]*:a/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("a false condition is reported as ConditionalCheckFailed", async () => {
    ddbMock.on(UpdateItemCommand).rejects(conditionFailed());
    await expect(
      harness.action("updateItem", {
        ...base,
        value: "1",
        query: "REMOVE a",
        conditionExpression: "attribute_exists(nope)",
      }),
    ).rejects.toThrow(
      /^UpdateItem failed on table "Customers" in region us-east-1: ConditionalCheckFailedException/,
    );
  });

  it("its example payload is what perform returns for the example item", async () => {
    ddbMock.on(UpdateItemCommand).resolves({
      Attributes: {
        customerId: { N: "1001" },
        customerName: { S: "Ada Lovelace" },
        status: { S: "done" },
        visits: { N: "3" },
      },
    });
    const result = await harness.action("updateItem", {
      ...base,
      value: "1001",
      updateJson: '{"status": "done"}',
    });
    expect(result).toEqual(updateItem.examplePayload);
  });
});

describe("Delete Item", () => {
  it("sends only the table and the key by default, and returns a null item", async () => {
    ddbMock.on(DeleteItemCommand).resolves({});
    const result = await harness.action("deleteItem", { ...base, value: "1001" });
    expect(ddbMock.commandCalls(DeleteItemCommand)[0].args[0].input).toStrictEqual({
      TableName: "Customers",
      Key: { customerId: { N: "1001" } },
      ConditionExpression: undefined,
      ExpressionAttributeNames: undefined,
      ExpressionAttributeValues: undefined,
      ReturnValues: undefined,
    });
    expect(result).toEqual({ data: { item: null } });
  });

  it("passes the condition with typed values and names", async () => {
    ddbMock.on(DeleteItemCommand).resolves({});
    await harness.action("deleteItem", {
      ...base,
      value: "1001",
      conditionExpression: "#s = :closed",
      expressionAttributeValues: kv({ ":closed": "closed" }),
      expressionAttributeValueTypes: kv({ ":closed": "S" }),
      expressionAttributeNames: kv({ "#s": "status" }),
    });
    expect(ddbMock).toHaveReceivedCommandWith(DeleteItemCommand, {
      TableName: "Customers",
      Key: { customerId: { N: "1001" } },
      ConditionExpression: "#s = :closed",
      ExpressionAttributeValues: { ":closed": { S: "closed" } },
      ExpressionAttributeNames: { "#s": "status" },
    });
  });

  it("Return Values ALL_OLD returns the deleted item; its example payload matches", async () => {
    ddbMock.on(DeleteItemCommand).resolves({ Attributes: EXAMPLE_ITEM });
    const result = await harness.action("deleteItem", {
      ...base,
      value: "1001",
      returnValues: "ALL_OLD",
    });
    expect(ddbMock.commandCalls(DeleteItemCommand)[0].args[0].input.ReturnValues).toBe("ALL_OLD");
    expect(result).toEqual(deleteItem.examplePayload);
  });

  it("Return DynamoDB JSON returns the deleted item typed", async () => {
    ddbMock.on(DeleteItemCommand).resolves({ Attributes: EXAMPLE_ITEM });
    const result = await harness.action("deleteItem", {
      ...base,
      value: "1001",
      returnValues: "ALL_OLD",
      returnDynamoJson: "true",
    });
    expect(result).toEqual({ data: { item: EXAMPLE_ITEM } });
  });

  it("Expression Attribute Names without a Condition Expression is an input error", async () => {
    await expect(
      harness.action("deleteItem", {
        ...base,
        value: "1",
        expressionAttributeNames: kv({ "#s": "status" }),
      }),
    ).rejects.toThrow(/only used by the Condition Expression, which is blank/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("a false condition is reported as ConditionalCheckFailed", async () => {
    ddbMock.on(DeleteItemCommand).rejects(conditionFailed());
    await expect(
      harness.action("deleteItem", {
        ...base,
        value: "1",
        conditionExpression: "attribute_exists(nope)",
      }),
    ).rejects.toThrow(
      /^DeleteItem failed .*ConditionalCheckFailedException.*The Condition Expression was false/,
    );
  });
});

describe("errors never leak the secret", () => {
  it("a credential failure on the item call is a ConnectionError without the secret", async () => {
    ddbMock.on(GetItemCommand).rejects(
      Object.assign(
        new Error(
          `The security token is invalid (secret ${base.awsConnection.fields.secretAccessKey})`,
        ),
        {
          name: "UnrecognizedClientException",
          $metadata: {},
        },
      ),
    );
    const error = (await harness
      .action("getItem", { ...base, value: "1" })
      .catch((e: Error) => e)) as Error;
    expect(error.constructor.name).toBe("ConnectionError");
    expect(error.message).not.toContain(String(base.awsConnection.fields.secretAccessKey));
  });
});

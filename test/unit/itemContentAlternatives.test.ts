/**
 * Upsert Item (Value + Value Types, or Item JSON) and Update Item (Update Expression, or Update
 * JSON) take their content from one of two alternatives. The designer refuses a step whose
 * required input is empty, so every alternative is optional in the definition and the action
 * itself requires exactly one, naming both inputs by label. Run through spectral's harness with
 * the formerly required inputs absent, as a step that uses the JSON alternative sends them.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import component from "../../src/index";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

type InputShape = { key: string; label: string; required?: boolean; default?: unknown };

function inputsOf(actionKey: string): InputShape[] {
  return component.actions[actionKey].inputs as unknown as InputShape[];
}

/**
 * What the designer checks before it saves a step: every required input without a default has a
 * value. Returns the labels it would refuse.
 */
function refusedByDesigner(actionKey: string, params: Record<string, unknown>): string[] {
  return inputsOf(actionKey)
    .filter((input) => input.required && (input.default === undefined || input.default === ""))
    .filter((input) => params[input.key] === undefined || params[input.key] === "")
    .map((input) => input.label);
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

describe("the alternatives are optional in the designer", () => {
  it.each([
    ["createItem", "item", "Value"],
    ["createItem", "itemTypes", "Value Types"],
    ["updateItem", "query", "Update Expression"],
  ])("%s.%s (%s) is optional, with its key and label kept", (actionKey, key, label) => {
    const input = inputsOf(actionKey).find((candidate) => candidate.key === key);
    expect(input).toMatchObject({ key, label, required: false });
  });

  it("a step using Item JSON or Update JSON has no empty required input", () => {
    expect(refusedByDesigner("createItem", { ...base, itemJson: '{"customerId": 1}' })).toEqual([]);
    expect(
      refusedByDesigner("updateItem", { ...base, value: "1", updateJson: '{"a": 1}' }),
    ).toEqual([]);
  });

  it("the other required inputs stay required", () => {
    expect(refusedByDesigner("createItem", {})).toEqual(["AWS Region", "Table Name", "Connection"]);
    expect(refusedByDesigner("updateItem", {})).toEqual([
      "AWS Region",
      "Table Name",
      "Hash / Primary Key Value",
      "Connection",
    ]);
  });
});

describe("Upsert Item requires exactly one of Value or Item JSON", () => {
  it("runs with Value and Value Types absent", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    const result = await harness.action("createItem", {
      ...base,
      itemJson: '{"customerId": 7, "name": "Ada"}',
    });
    expect(ddbMock).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: "Customers",
      Item: { customerId: { N: "7" }, name: { S: "Ada" } },
    });
    expect(result).toEqual({
      data: { item: { customerId: 7, name: "Ada" }, previousItem: null },
    });
  });

  it("runs with Item JSON absent", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    await harness.action("createItem", {
      ...base,
      item: [{ key: "customerId", value: "7" }],
      itemTypes: [{ key: "customerId", value: "N" }],
    });
    expect(ddbMock).toHaveReceivedCommandWith(PutItemCommand, {
      Item: { customerId: { N: "7" } },
    });
  });

  it("neither is an error naming both inputs, before any call", async () => {
    await expect(harness.action("createItem", { ...base })).rejects.toThrow(
      /^Value or Item JSON is required: .*Value Types.*Item JSON/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("both is an error naming both inputs, before any call", async () => {
    await expect(
      harness.action("createItem", {
        ...base,
        item: [{ key: "customerId", value: "7" }],
        itemTypes: [{ key: "customerId", value: "N" }],
        itemJson: '{"customerId": 7}',
      }),
    ).rejects.toThrow(/either as Value \(with Value Types\) or as Item JSON, not both/);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("Update Item requires exactly one of Update Expression or Update JSON", () => {
  it("runs with Update Expression absent", async () => {
    ddbMock.on(UpdateItemCommand).resolves({ Attributes: { customerId: { N: "1" } } });
    const result = await harness.action("updateItem", {
      ...base,
      value: "1",
      updateJson: '{"status": "done"}',
    });
    expect(ddbMock).toHaveReceivedCommandWith(UpdateItemCommand, {
      Key: { customerId: { N: "1" } },
      UpdateExpression: "SET #u0 = :u0",
    });
    expect(result).toEqual({ data: { item: { customerId: 1 } } });
  });

  it("runs with Update JSON absent", async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    await harness.action("updateItem", {
      ...base,
      value: "1",
      query: "SET visits = :one",
      queryParams: [{ key: ":one", value: "1" }],
      queryParamTypes: [{ key: ":one", value: "N" }],
    });
    expect(ddbMock).toHaveReceivedCommandWith(UpdateItemCommand, {
      UpdateExpression: "SET visits = :one",
      ExpressionAttributeValues: { ":one": { N: "1" } },
    });
  });

  it("neither is an error naming both inputs, before any call", async () => {
    await expect(harness.action("updateItem", { ...base, value: "1" })).rejects.toThrow(
      /^Update Expression or Update JSON is required/,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("both is an error naming both inputs, before any call", async () => {
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
});

describe("Upsert Item echoes the item as Get Item returns it", () => {
  it("Item JSON numbers come back as the numbers they are, not their typed text", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    const { data } = (await harness.action("createItem", {
      ...base,
      itemJson: '{"customerId": 1e3, "price": 1.50, "tiny": 0.0000001, "huge": 1e21}',
    })) as { data: { item: Record<string, unknown> } };
    expect(data.item).toStrictEqual({ customerId: 1000, price: 1.5, tiny: 1e-7, huge: 1e21 });
    // What was stored keeps the typed text, every digit as given.
    expect(ddbMock.commandCalls(PutItemCommand)[0].args[0].input.Item).toEqual({
      customerId: { N: "1e3" },
      price: { N: "1.50" },
      tiny: { N: "0.0000001" },
      huge: { N: "1e21" },
    });
  });

  it("the echo equals Get Item's output for the same stored item", async () => {
    ddbMock.on(PutItemCommand).resolves({});
    const written = (await harness.action("createItem", {
      ...base,
      item: [
        { key: "customerId", value: "1001" },
        { key: "price", value: "1.50" },
        { key: "big", value: "12345678901234567890" },
        { key: "scores", value: '["1.0", "2.50"]' },
      ],
      itemTypes: [
        { key: "customerId", value: "N" },
        { key: "price", value: "N" },
        { key: "big", value: "N" },
        { key: "scores", value: "NS" },
      ],
    })) as { data: { item: unknown } };
    const stored = ddbMock.commandCalls(PutItemCommand)[0].args[0].input.Item;
    ddbMock.on(GetItemCommand).resolves({ Item: stored });
    const read = (await harness.action("getItem", { ...base, value: "1001" })) as {
      data: { item: unknown };
    };
    expect(written.data.item).toStrictEqual(read.data.item);
    expect(written.data.item).toStrictEqual({
      customerId: 1001,
      price: 1.5,
      big: "12345678901234567890",
      scores: [1, 2.5],
    });
  });
});

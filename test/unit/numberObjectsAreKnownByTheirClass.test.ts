/**
 * A number that arrives as an object is known by its class, never by its shape. The JSON reader
 * keeps a number a double would change as a lossless-json LosslessNumber; a code-native flow may
 * pass the AWS SDK's NumberValue, made by its own copy of @aws-sdk/util-dynamodb (a class other
 * than the one the connector bundles). So:
 * - a user's map that happens to hold {"isLosslessNumber": true, "value": "5"} is that map,
 *   everywhere a value is read, written or echoed, never the number 5;
 * - a NumberValue of another copy is a number wherever the bundled one is: item values, keys,
 *   sets, typed values and expression attribute values.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { LosslessNumber } from "lossless-json";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { show } from "../../src/errors/inputError";
import { InputError } from "../../src/inputs";
import { cleanQueryParameters } from "../../src/inputs/queryParameters";
import { cleanTagList } from "../../src/inputs/tags";
import { givenAsPlain, plainToAttributeValue } from "../../src/values";
import { readKeyValueList } from "../../src/values/keyValue";
import { harness, resetCaches, tableStepParams } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);

/** A user's map whose two attributes look like what lossless-json's class holds. */
const LOOKALIKE_TEXT = '{"isLosslessNumber": true, "value": "5"}';
const lookalike = () => ({ isLosslessNumber: true, value: "5" });
/** That map as DynamoDB stores it. */
const LOOKALIKE_MAP = { M: { isLosslessNumber: { BOOL: true }, value: { S: "5" } } };

/**
 * A NumberValue made by a code-native flow's own copy of @aws-sdk/util-dynamodb: the same shape
 * as the SDK's class (an own string `value`, toString, toJSON), another class identity.
 */
class NumberValue {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

const TWENTY_DIGITS = "12345678901234567890";

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  backoffSettings.sleep = async () => {};
  ddbMock.on(DescribeTableCommand).callsFake(async (input: { TableName: string }) => ({
    Table: {
      TableName: input.TableName,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  }));
  ddbMock.on(PutItemCommand).resolves({});
  ddbMock.on(BatchWriteItemCommand).resolves({});
  ddbMock.on(GetItemCommand).resolves({});
  ddbMock.on(ExecuteStatementCommand).resolves({ Items: [] });
});

afterEach(() => resetBackoffSettings());

const sentItem = () => ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
const sentWrites = () =>
  ddbMock.commandCalls(BatchWriteItemCommand)[0]?.args[0].input.RequestItems?.Customers;

describe("a map shaped like a lossless number is a map", () => {
  it("in Upsert Item's Item JSON, stored and echoed", async () => {
    const result = await harness.action("createItem", {
      ...tableStepParams(),
      itemJson: `{"id": 1, "meta": ${LOOKALIKE_TEXT}, "big": ${TWENTY_DIGITS}}`,
    });
    expect(sentItem()).toEqual({ id: { N: "1" }, meta: LOOKALIKE_MAP, big: { N: TWENTY_DIGITS } });
    expect(result).toMatchObject({
      data: { item: { id: 1, meta: lookalike(), big: TWENTY_DIGITS } },
    });
  });

  it("in Upsert Item's Value with type M", async () => {
    await harness.action("createItem", {
      ...tableStepParams(),
      item: [
        { key: "id", value: "1" },
        { key: "meta", value: LOOKALIKE_TEXT },
      ],
      itemTypes: [
        { key: "id", value: "N" },
        { key: "meta", value: "M" },
      ],
    });
    expect(sentItem()).toEqual({ id: { N: "1" }, meta: LOOKALIKE_MAP });
  });

  it("in Batch Write Items' Items to Put", async () => {
    await harness.action("batchWriteItems", {
      ...tableStepParams(),
      putItems: `[{"id": 1, "meta": ${LOOKALIKE_TEXT}, "big": ${TWENTY_DIGITS}}]`,
    });
    expect(sentWrites()).toEqual([
      { PutRequest: { Item: { id: { N: "1" }, meta: LOOKALIKE_MAP, big: { N: TWENTY_DIGITS } } } },
    ]);
  });

  it("is no number inside a typed key value ({N: ...})", async () => {
    const error = await failure(
      harness.action("batchWriteItems", {
        ...tableStepParams(),
        deleteKeys: `[{"id": {"N": ${LOOKALIKE_TEXT}}}]`,
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/key attribute "id" must be a number, not an object\./);
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("is no number as a key value of Get Item", async () => {
    const error = await failure(
      harness.action("getItem", { ...tableStepParams(), value: lookalike() }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(ddbMock.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it("is no text as a row's key or a tag's value", () => {
    expect(() =>
      readKeyValueList([{ key: lookalike(), value: "status" }], "Expression Attribute Names", {
        rowExample: "#s → status",
      }),
    ).toThrow(/row 1 needs a key of text/);
    expect(() => cleanTagList("Tags", false)(`{"team": ${LOOKALIKE_TEXT}}`)).toThrow(InputError);
  });

  it("is echoed as given: in Query Parameters and a value given back", () => {
    const text = `{"Limit": 10, "ExclusiveStartKey": {"id": {"N": "${TWENTY_DIGITS}"}}, "X": ${LOOKALIKE_TEXT}}`;
    expect(cleanQueryParameters(text)).toEqual({
      Limit: 10,
      ExclusiveStartKey: { id: { N: TWENTY_DIGITS } },
      X: lookalike(),
    });
    const given = { id: 1, meta: lookalike() };
    expect(givenAsPlain(given)).toBe(given);
  });

  it("is shown in a message as an object, not as the number 5", async () => {
    const error = await failure(
      harness.action("createItem", {
        ...tableStepParams(),
        item: { id: "1", name: lookalike() },
        itemTypes: { id: "N", name: "S" },
      }),
    );
    expect(error.message).toMatch(/its value is an object, not text/);
    expect(show(lookalike())).toBe("an object");
  });
});

describe("a NumberValue of another copy of util-dynamodb is a number", () => {
  it("in Upsert Item's Item JSON: key, value, list, map and set", async () => {
    const result = await harness.action("createItem", {
      ...tableStepParams(),
      itemJson: {
        id: new NumberValue("7"),
        big: new NumberValue(TWENTY_DIGITS),
        list: [new NumberValue("1.5")],
        map: { n: new NumberValue("-2") },
        set: new Set([new NumberValue("1"), new NumberValue("2")]),
      },
    });
    expect(sentItem()).toEqual({
      id: { N: "7" },
      big: { N: TWENTY_DIGITS },
      list: { L: [{ N: "1.5" }] },
      map: { M: { n: { N: "-2" } } },
      set: { NS: ["1", "2"] },
    });
    expect(result).toMatchObject({
      data: {
        item: { id: 7, big: TWENTY_DIGITS, list: [1.5], map: { n: -2 }, set: [1, 2] },
      },
    });
  });

  it("in typed values: N, NS, S, L and a condition's expression attribute values", async () => {
    await harness.action("createItem", {
      ...tableStepParams(),
      item: {
        id: new NumberValue("7"),
        n: new NumberValue("42"),
        ns: [new NumberValue("1"), new NumberValue("2")],
        s: new NumberValue("3"),
        l: [new NumberValue("4")],
      },
      itemTypes: { id: "N", n: "N", ns: "NS", s: "S", l: "L" },
      conditionExpression: "attribute_not_exists(id) OR n < :max",
      expressionAttributeValues: { ":max": new NumberValue("100") },
      expressionAttributeValueTypes: { ":max": "N" },
    });
    const sent = ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(sent?.Item).toEqual({
      id: { N: "7" },
      n: { N: "42" },
      ns: { NS: ["1", "2"] },
      s: { S: "3" },
      l: { L: [{ N: "4" }] },
    });
    expect(sent?.ExpressionAttributeValues).toEqual({ ":max": { N: "100" } });
  });

  it("in Batch Write Items' items and keys", async () => {
    await harness.action("batchWriteItems", {
      ...tableStepParams(),
      putItems: [{ id: new NumberValue("1"), n: new NumberValue("2") }],
      deleteKeys: [{ id: new NumberValue("3") }],
    });
    expect(sentWrites()).toEqual([
      { PutRequest: { Item: { id: { N: "1" }, n: { N: "2" } } } },
      { DeleteRequest: { Key: { id: { N: "3" } } } },
    ]);
  });

  it("in Batch Get Items' keys", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Customers: [] } });
    await harness.action("batchGetItems", {
      ...tableStepParams(),
      keys: [{ id: new NumberValue("7") }, { id: { N: new NumberValue("8") } }],
    });
    expect(
      ddbMock.commandCalls(BatchGetItemCommand)[0]?.args[0].input.RequestItems?.Customers?.Keys,
    ).toEqual([{ id: { N: "7" } }, { id: { N: "8" } }]);
  });

  it("in Get Item's key value", async () => {
    await harness.action("getItem", { ...tableStepParams(), value: new NumberValue("7") });
    expect(ddbMock.commandCalls(GetItemCommand)[0]?.args[0].input.Key).toEqual({ id: { N: "7" } });
  });

  it("in PartiQL parameters", async () => {
    await harness.action("rawRequest", {
      awsConnection: tableStepParams().awsConnection,
      awsRegion: "us-east-1",
      statement: "SELECT * FROM Customers WHERE id = ?",
      parameters: [new NumberValue("7")],
    });
    expect(ddbMock.commandCalls(ExecuteStatementCommand)[0]?.args[0].input.Parameters).toEqual([
      { N: "7" },
    ]);
    expect(plainToAttributeValue(new NumberValue("7"), "Parameters")).toEqual({ N: "7" });
  });

  it("is echoed as a number, and a LosslessNumber still is one", () => {
    expect(
      givenAsPlain({ id: new NumberValue("7"), n: new LosslessNumber(TWENTY_DIGITS) }),
    ).toEqual({ id: 7, n: TWENTY_DIGITS });
  });
});

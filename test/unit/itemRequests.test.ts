/**
 * The item actions' requests are built by pure functions (src/engines/items.ts): called here
 * without a client, they give the SDK input the action sends, or an InputError before anything
 * could be sent.
 */
import {
  deleteItemRequest,
  getItemRequest,
  itemToPut,
  putItemRequest,
  readItemUpdate,
  updateItemRequest,
} from "../../src/engines/items";
import type { TableKeys } from "../../src/engines/keySchema";
import { versionLock } from "../../src/engines/versioning";
import { givenItem, InputError } from "../../src/inputs";

const KEYS: TableKeys = {
  table: ["id", "sort"],
  indexes: { byScore: ["score"] },
  types: { id: "N", sort: "S", score: "N" },
};
const KEY = { id: { N: "7" }, sort: { S: "a" } };

/** Update Item's inputs as the platform hands them over, blank where not given. */
const updateInputs = (given: Partial<Parameters<typeof readItemUpdate>[0]>) => ({
  queryParams: undefined,
  queryParamTypes: undefined,
  returnValues: "ALL_NEW" as const,
  ...given,
});

describe("getItemRequest", () => {
  it("sends the key with the read's options, leaving out what is not asked for", () => {
    expect(getItemRequest("T", KEY, { consistentRead: false })).toEqual({
      TableName: "T",
      Key: KEY,
      ConsistentRead: undefined,
      ProjectionExpression: undefined,
      ExpressionAttributeNames: undefined,
    });
    const names = { "#n": "name" };
    const read = {
      consistentRead: true,
      projectionExpression: "#n",
      expressionAttributeNames: names,
    };
    expect(getItemRequest("T", KEY, read)).toMatchObject({
      ConsistentRead: true,
      ProjectionExpression: "#n",
      ExpressionAttributeNames: names,
    });
  });
});

describe("deleteItemRequest", () => {
  it("sends the key with the condition", () => {
    const condition = {
      ConditionExpression: "attribute_exists(id)",
      ReturnValues: "ALL_OLD" as const,
    };
    expect(deleteItemRequest("T", KEY, condition)).toEqual({
      TableName: "T",
      Key: KEY,
      ...condition,
    });
  });
});

describe("putItemRequest and itemToPut", () => {
  it("converts Item JSON's key and index key attributes to the declared types", () => {
    const given = givenItem({
      item: [],
      itemTypes: [],
      itemJson: '{"id": "7", "sort": 12, "score": "3.50", "note": "x"}',
    });
    expect(itemToPut(given, KEYS, "T", undefined)).toEqual({
      id: { N: "7" },
      sort: { S: "12" },
      score: { N: "3.50" },
      note: { S: "x" },
    });
  });

  it("refuses a typed Value whose key has another type, naming the input", () => {
    const given = { item: { id: { S: "7" }, sort: { S: "a" } }, label: "Value" };
    expect(() => itemToPut(given, KEYS, "T", undefined)).toThrow(InputError);
    expect(() => itemToPut(given, KEYS, "T", undefined)).toThrow(/^Value: key attribute "id"/);
  });

  it("with a version lock, writes the next version under the version condition", () => {
    const lock = versionLock({ versionAttribute: "v", expectedVersion: "4" });
    const item = itemToPut({ item: KEY, label: "Value" }, KEYS, "T", lock);
    expect(item.v).toEqual({ N: "5" });
    expect(putItemRequest("T", item, {}, lock)).toMatchObject({
      TableName: "T",
      Item: item,
      ConditionExpression: "#version = :expectedVersion",
      ExpressionAttributeNames: { "#version": "v" },
      ExpressionAttributeValues: { ":expectedVersion": { N: "4" } },
    });
  });
});

describe("readItemUpdate and updateItemRequest", () => {
  it("an Update Expression is sent as given, with its names and values", () => {
    const update = readItemUpdate(
      updateInputs({
        query: "SET #s = :s",
        expressionAttributeNames: { "#s": "status" },
        queryParams: [{ key: ":s", value: "done" }],
        queryParamTypes: [{ key: ":s", value: "S" }],
      }),
    );
    expect(updateItemRequest("T", KEY, update, KEYS)).toEqual({
      TableName: "T",
      Key: KEY,
      UpdateExpression: "SET #s = :s",
      ConditionExpression: undefined,
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": { S: "done" } },
      ReturnValues: "ALL_NEW",
    });
  });

  it("Update JSON is generated for the key: a repeated key attribute is dropped, an index key converted", () => {
    const update = readItemUpdate(
      updateInputs({ updateJson: '{"id": 7, "score": "2", "old": null}', returnValues: "NONE" }),
    );
    expect(updateItemRequest("T", KEY, update, KEYS)).toEqual({
      TableName: "T",
      Key: KEY,
      UpdateExpression: "SET #u0 = :u0 REMOVE #u1",
      ConditionExpression: undefined,
      ExpressionAttributeNames: { "#u0": "score", "#u1": "old" },
      ExpressionAttributeValues: { ":u0": { N: "2" } },
      ReturnValues: undefined,
    });
  });

  it("refuses both or neither of Update Expression and Update JSON, before any request", () => {
    expect(() => readItemUpdate(updateInputs({}))).toThrow(
      /^Update Expression or Update JSON is required/,
    );
    expect(() =>
      readItemUpdate(updateInputs({ query: "SET a = :a", updateJson: '{"a": 1}' })),
    ).toThrow(/^Give either an Update Expression or Update JSON, not both/);
  });
});

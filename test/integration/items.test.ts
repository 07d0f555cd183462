/**
 * Upsert, Get, Update and Delete Item against DynamoDB Local, through the harness (cleans and
 * defaults included): what each writes is what the raw SDK reads back and what each returns is
 * what the table holds; conditions, reserved words and Return Values behave as DynamoDB defines
 * them; key mistakes and items over 400 KB are refused before sending, naming the input; and a
 * table re-created with another key is handled by one key schema re-read.
 */
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

interface ItemResult {
  data: { item: Record<string, unknown> | null; found?: boolean; previousItem?: unknown };
}

const THIRTY_DIGITS = "123456789012345678901234567890";

const rangeTable = uniqueTableName("items_range");
const hashTable = uniqueTableName("items_hash");
let raw: DynamoDBClient;

function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

async function run(key: string, params: Record<string, unknown>): Promise<ItemResult> {
  return (await harness.action(key, {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  })) as ItemResult;
}

/** Writes an item with the raw client, so each test starts from a known state. */
async function seed(table: string, item: Record<string, unknown>): Promise<void> {
  await run("createItem", { tableName: table, itemJson: JSON.stringify(item) });
}

async function rawGet(table: string, key: Record<string, unknown>) {
  const { Item } = await raw.send(
    new GetItemCommand({ TableName: table, Key: key as never, ConsistentRead: true }),
  );
  return Item;
}

beforeAll(async () => {
  raw = rawClient();
  await Promise.all([
    createTestTable(rangeTable, {
      hashKey: { name: "customerId", type: "S" },
      rangeKey: { name: "orderDate", type: "N" },
    }),
    createTestTable(hashTable, { hashKey: { name: "id", type: "N" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([deleteTestTable(rangeTable), deleteTestTable(hashTable)]);
  raw.destroy();
});

describe("Upsert Item", () => {
  it("writes Value + Value Types with each type, readable by the raw SDK", async () => {
    const result = await run("createItem", {
      tableName: rangeTable,
      item: kv({
        customerId: "c-1",
        orderDate: "20240501",
        status: "open",
        total: THIRTY_DIGITS,
        bin: Buffer.from("hi").toString("base64"),
        paid: "false",
        nothing: "",
        lines: '[{"sku": "A", "qty": 2}]',
        address: '{"city": "Oslo"}',
        tags: '["a", "b"]',
        sizes: "[1, 2]",
        blobs: `["${Buffer.from([1]).toString("base64")}"]`,
      }),
      itemTypes: kv({
        customerId: "S",
        orderDate: "N",
        status: "S",
        total: "N",
        bin: "B",
        paid: "BOOL",
        nothing: "NULL",
        lines: "L",
        address: "M",
        tags: "SS",
        sizes: "NS",
        blobs: "BS",
      }),
    });
    expect(result.data.previousItem).toBeNull();
    expect(result.data.item).toMatchObject({
      customerId: "c-1",
      orderDate: 20240501,
      total: THIRTY_DIGITS,
    });
    const stored = await rawGet(rangeTable, {
      customerId: { S: "c-1" },
      orderDate: { N: "20240501" },
    });
    expect(stored).toEqual({
      customerId: { S: "c-1" },
      orderDate: { N: "20240501" },
      status: { S: "open" },
      total: { N: THIRTY_DIGITS },
      bin: { B: new Uint8Array(Buffer.from("hi")) },
      paid: { BOOL: false },
      nothing: { NULL: true },
      lines: { L: [{ M: { sku: { S: "A" }, qty: { N: "2" } } }] },
      address: { M: { city: { S: "Oslo" } } },
      tags: { SS: expect.arrayContaining(["a", "b"]) },
      sizes: { NS: expect.arrayContaining(["1", "2"]) },
      blobs: { BS: [new Uint8Array([1])] },
    });
  });

  it("a false condition fails with ConditionalCheckFailed and writes nothing", async () => {
    await seed(rangeTable, { customerId: "c-2", orderDate: 1, status: "kept" });
    await expect(
      run("createItem", {
        tableName: rangeTable,
        itemJson: '{"customerId": "c-2", "orderDate": 1, "status": "replaced"}',
        conditionExpression: "attribute_not_exists(customerId)",
      }),
    ).rejects.toThrow(
      new RegExp(
        `^PutItem failed on table "${rangeTable}" in region ${LOCAL_REGION}: ConditionalCheckFailedException: .*The Condition Expression was false`,
      ),
    );
    const stored = await rawGet(rangeTable, { customerId: { S: "c-2" }, orderDate: { N: "1" } });
    expect(stored?.status).toEqual({ S: "kept" });
  });

  it("a true condition with a reserved word (names) and typed values writes", async () => {
    await seed(rangeTable, { customerId: "c-3", orderDate: 1, status: "open" });
    const result = await run("createItem", {
      tableName: rangeTable,
      itemJson: '{"customerId": "c-3", "orderDate": 1, "status": "closed"}',
      conditionExpression: "#s = :open",
      expressionAttributeNames: kv({ "#s": "status" }),
      expressionAttributeValues: kv({ ":open": "open" }),
      expressionAttributeValueTypes: kv({ ":open": "S" }),
      returnValues: "ALL_OLD",
    });
    expect(result.data).toEqual({
      item: { customerId: "c-3", orderDate: 1, status: "closed" },
      previousItem: { customerId: "c-3", orderDate: 1, status: "open" },
    });
  });

  it("Return Values ALL_OLD on a new item gives a null previousItem", async () => {
    const result = await run("createItem", {
      tableName: hashTable,
      itemJson: '{"id": 900, "a": 1}',
      returnValues: "ALL_OLD",
    });
    expect(result.data).toEqual({ item: { id: 900, a: 1 }, previousItem: null });
  });

  it("Return DynamoDB JSON returns the written item typed", async () => {
    const result = await run("createItem", {
      tableName: hashTable,
      itemJson: '{"id": 901, "big": 123456789012345678901234567890}',
      returnDynamoJson: "true",
    });
    expect(result.data.item).toEqual({ id: { N: "901" }, big: { N: THIRTY_DIGITS } });
  });

  it("rejects an item over 400 KB before sending it", async () => {
    const body = "x".repeat(400 * 1024);
    await expect(
      run("createItem", { tableName: hashTable, itemJson: JSON.stringify({ id: 902, body }) }),
    ).rejects.toThrow(/^Item JSON is \d+ bytes, over DynamoDB's limit/);
    expect(await rawGet(hashTable, { id: { N: "902" } })).toBeUndefined();
  });

  it("writes an item close to 400 KB (the local check does not reject what DynamoDB accepts)", async () => {
    const body = "x".repeat(400 * 1024 - 100);
    await run("createItem", { tableName: hashTable, itemJson: JSON.stringify({ id: 903, body }) });
    const stored = await rawGet(hashTable, { id: { N: "903" } });
    expect(stored?.body?.S).toHaveLength(body.length);
  });

  it("an item without the table's key is refused before sending, naming the key", async () => {
    await expect(
      run("createItem", { tableName: hashTable, itemJson: '{"other": 1}' }),
    ).rejects.toThrow(/^Item JSON: the key attribute "\w+" is missing\. The table's key is /);
  });
});

describe("Get Item", () => {
  beforeAll(async () => {
    await seed(rangeTable, {
      customerId: "g-1",
      orderDate: 5,
      status: "open",
      name: "Ada",
      city: "London",
    });
  });

  it("finds an item by hash and range, converting the range to a number", async () => {
    const result = await run("getItem", {
      tableName: rangeTable,
      value: "g-1",
      rangeKeyValue: "5",
    });
    expect(result.data).toEqual({
      found: true,
      item: { customerId: "g-1", orderDate: 5, status: "open", name: "Ada", city: "London" },
    });
  });

  it("with Consistent Read", async () => {
    await seed(rangeTable, { customerId: "g-2", orderDate: 1, v: 1 });
    const result = await run("getItem", {
      tableName: rangeTable,
      value: "g-2",
      rangeKeyValue: "1",
      consistentRead: "true",
    });
    expect(result.data.item).toEqual({ customerId: "g-2", orderDate: 1, v: 1 });
  });

  it("with a Projection Expression using names for reserved words", async () => {
    const result = await run("getItem", {
      tableName: rangeTable,
      value: "g-1",
      rangeKeyValue: "5",
      projectionExpression: "#s, #n",
      expressionAttributeNames: kv({ "#s": "status", "#n": "name" }),
    });
    expect(result.data).toEqual({ found: true, item: { status: "open", name: "Ada" } });
  });

  it("a reserved word without names is refused by DynamoDB, and the message says so", async () => {
    await expect(
      run("getItem", {
        tableName: rangeTable,
        value: "g-1",
        rangeKeyValue: "5",
        projectionExpression: "status",
      }),
    ).rejects.toThrow(/GetItem failed .*reserved keyword/);
  });

  it("an absent item: found false, item null", async () => {
    const result = await run("getItem", {
      tableName: rangeTable,
      value: "nobody",
      rangeKeyValue: "1",
    });
    expect(result.data).toEqual({ found: false, item: null });
  });

  it("the sort key is required on a table that has one", async () => {
    await expect(run("getItem", { tableName: rangeTable, value: "g-1" })).rejects.toThrow(
      `Range / Sort Key Value is required: table "${rangeTable}" has the sort key "orderDate" (type N).`,
    );
  });

  it("a sort key value is refused on a table without one", async () => {
    await expect(
      run("getItem", { tableName: hashTable, value: "1", rangeKeyValue: "x" }),
    ).rejects.toThrow(/Range \/ Sort Key Value must be blank/);
  });

  it("a hash value that is not a number, on a number key, names the input", async () => {
    await expect(run("getItem", { tableName: hashTable, value: "abc" })).rejects.toThrow(
      /Hash \/ Primary Key Value/,
    );
  });

  it("a missing table is reported with the table and region", async () => {
    await expect(run("getItem", { tableName: "no-such-table-items", value: "1" })).rejects.toThrow(
      /^DescribeTable failed on table "no-such-table-items" in region us-east-1: ResourceNotFoundException/,
    );
  });
});

describe("Update Item", () => {
  it("an Update Expression with names for a reserved word, typed values, ALL_NEW by default", async () => {
    await seed(rangeTable, { customerId: "u-1", orderDate: 1, status: "open", visits: 1 });
    const result = await run("updateItem", {
      tableName: rangeTable,
      value: "u-1",
      rangeKeyValue: "1",
      query: "SET #s = :s, visits = visits + :one",
      queryParams: kv({ ":s": "shipped", ":one": "1" }),
      queryParamTypes: kv({ ":s": "S", ":one": "N" }),
      expressionAttributeNames: kv({ "#s": "status" }),
    });
    expect(result.data.item).toEqual({
      customerId: "u-1",
      orderDate: 1,
      status: "shipped",
      visits: 2,
    });
  });

  it("Update JSON sets status (a reserved word) and count, and removes old", async () => {
    await seed(rangeTable, {
      customerId: "u-2",
      orderDate: 1,
      status: "open",
      old: "x",
      kept: true,
    });
    const result = await run("updateItem", {
      tableName: rangeTable,
      value: "u-2",
      rangeKeyValue: "1",
      updateJson: '{ "status": "done", "count": 3, "old": null }',
    });
    const expected = { customerId: "u-2", orderDate: 1, status: "done", count: 3, kept: true };
    expect(result.data.item).toEqual(expected);
    const read = await run("getItem", { tableName: rangeTable, value: "u-2", rangeKeyValue: "1" });
    expect(read.data.item).toEqual(expected);
  });

  it("Update JSON with a condition that uses its own names and values", async () => {
    await seed(rangeTable, { customerId: "u-3", orderDate: 1, status: "open" });
    const result = await run("updateItem", {
      tableName: rangeTable,
      value: "u-3",
      rangeKeyValue: "1",
      updateJson: '{"status": "done", "customerId": "u-3", "orderDate": 1}',
      conditionExpression: "#u0 = :u0",
      expressionAttributeNames: kv({ "#u0": "status" }),
      queryParams: kv({ ":u0": "open" }),
      queryParamTypes: kv({ ":u0": "S" }),
    });
    expect(result.data.item).toEqual({ customerId: "u-3", orderDate: 1, status: "done" });
  });

  it("a false condition fails with ConditionalCheckFailed and changes nothing", async () => {
    await seed(rangeTable, { customerId: "u-4", orderDate: 1, status: "open" });
    await expect(
      run("updateItem", {
        tableName: rangeTable,
        value: "u-4",
        rangeKeyValue: "1",
        updateJson: '{"status": "done"}',
        conditionExpression: "attribute_not_exists(customerId)",
      }),
    ).rejects.toThrow(
      /^UpdateItem failed .*ConditionalCheckFailedException.*The Condition Expression was false/,
    );
    const read = await run("getItem", { tableName: rangeTable, value: "u-4", rangeKeyValue: "1" });
    expect(read.data.item?.status).toBe("open");
  });

  it.each([
    ["NONE", null],
    ["ALL_OLD", { customerId: "u-5", orderDate: 1, a: 1, b: "x" }],
    ["UPDATED_OLD", { a: 1 }],
    ["UPDATED_NEW", { a: 2 }],
    ["ALL_NEW", { customerId: "u-5", orderDate: 1, a: 2, b: "x" }],
  ])("Return Values %s", async (returnValues, expected) => {
    await seed(rangeTable, { customerId: "u-5", orderDate: 1, a: 1, b: "x" });
    const result = await run("updateItem", {
      tableName: rangeTable,
      value: "u-5",
      rangeKeyValue: "1",
      updateJson: '{"a": 2}',
      returnValues,
    });
    expect(result.data.item).toEqual(expected);
  });

  it("Update on an absent item creates it (DynamoDB's upsert semantics)", async () => {
    const result = await run("updateItem", {
      tableName: hashTable,
      value: "500",
      updateJson: '{"created": true}',
    });
    expect(result.data.item).toEqual({ id: 500, created: true });
  });

  it("Update JSON that would change the key is refused before the call", async () => {
    await expect(
      run("updateItem", { tableName: hashTable, value: "501", updateJson: '{"id": 502}' }),
    ).rejects.toThrow(/"id" is part of the table's key/);
    expect(await rawGet(hashTable, { id: { N: "501" } })).toBeUndefined();
  });

  it("the sort key is required", async () => {
    await expect(
      run("updateItem", { tableName: rangeTable, value: "u-1", query: "REMOVE a" }),
    ).rejects.toThrow(/^Range \/ Sort Key Value is required/);
  });
});

describe("Delete Item", () => {
  it("deletes; NONE returns a null item; the item is gone", async () => {
    await seed(rangeTable, { customerId: "d-1", orderDate: 1 });
    const result = await run("deleteItem", {
      tableName: rangeTable,
      value: "d-1",
      rangeKeyValue: "1",
    });
    expect(result.data).toEqual({ item: null });
    const read = await run("getItem", { tableName: rangeTable, value: "d-1", rangeKeyValue: "1" });
    expect(read.data).toEqual({ found: false, item: null });
  });

  it("Return Values ALL_OLD returns the deleted item", async () => {
    await seed(rangeTable, { customerId: "d-2", orderDate: 1, note: "bye" });
    const result = await run("deleteItem", {
      tableName: rangeTable,
      value: "d-2",
      rangeKeyValue: "1",
      returnValues: "ALL_OLD",
    });
    expect(result.data).toEqual({ item: { customerId: "d-2", orderDate: 1, note: "bye" } });
  });

  it("ALL_OLD on an absent item returns null", async () => {
    const result = await run("deleteItem", {
      tableName: rangeTable,
      value: "never",
      rangeKeyValue: "1",
      returnValues: "ALL_OLD",
    });
    expect(result.data).toEqual({ item: null });
  });

  it("a condition on a reserved word: false keeps the item, true deletes it", async () => {
    await seed(rangeTable, { customerId: "d-3", orderDate: 1, status: "open" });
    const params = {
      tableName: rangeTable,
      value: "d-3",
      rangeKeyValue: "1",
      conditionExpression: "#s = :s",
      expressionAttributeNames: kv({ "#s": "status" }),
      expressionAttributeValueTypes: kv({ ":s": "S" }),
    };
    await expect(
      run("deleteItem", { ...params, expressionAttributeValues: kv({ ":s": "closed" }) }),
    ).rejects.toThrow(/^DeleteItem failed .*ConditionalCheckFailedException/);
    expect(
      await rawGet(rangeTable, { customerId: { S: "d-3" }, orderDate: { N: "1" } }),
    ).toBeDefined();
    await run("deleteItem", { ...params, expressionAttributeValues: kv({ ":s": "open" }) });
    expect(
      await rawGet(rangeTable, { customerId: { S: "d-3" }, orderDate: { N: "1" } }),
    ).toBeUndefined();
  });

  it("the sort key is required", async () => {
    await expect(run("deleteItem", { tableName: rangeTable, value: "d-1" })).rejects.toThrow(
      /^Range \/ Sort Key Value is required/,
    );
  });
});

describe("a table re-created with another key", () => {
  const renamed = uniqueTableName("items_renamed");
  const retyped = uniqueTableName("items_retyped");

  afterAll(async () => {
    await Promise.all([deleteTestTable(renamed), deleteTestTable(retyped)]);
  });

  /** Creates the table, reads an item (caching the schema), then re-creates it with `next`. */
  async function recreate(
    table: string,
    next: { name: string; type: "S" | "N" },
    item: Record<string, unknown>,
  ): Promise<void> {
    await createTestTable(table, { hashKey: { name: "id", type: "S" } });
    await seed(table, { id: "1", v: "first table" });
    expect((await run("getItem", { tableName: table, value: "1" })).data.item).toEqual({
      id: "1",
      v: "first table",
    });
    await deleteTestTable(table);
    await createTestTable(table, { hashKey: next });
    await raw.send(new PutItemCommand({ TableName: table, Item: item as never }));
  }

  // KNOWN GAP in src/engines/itemCalls.ts (reported): isKeyMismatch recognises only "The provided key element
  // does not match the schema". For a re-created table DynamoDB Local answers "One of the
  // required keys was not given a value" (another key name) and "One or more parameter values
  // were invalid: Type mismatch for key id expected: N actual: S" (another key type; real
  // DynamoDB says the same), so the stale schema is not re-read and the call fails until the
  // cached schema expires. `it.failing` keeps both visible: they turn red once keys.ts handles
  // these messages, and should become `it` then.
  it("with another key name: one schema re-read, and the next Get works without a restart", async () => {
    await recreate(
      renamed,
      { name: "pk", type: "S" },
      { pk: { S: "1" }, v: { S: "second table" } },
    );
    expect((await run("getItem", { tableName: renamed, value: "1" })).data.item).toEqual({
      pk: "1",
      v: "second table",
    });
  });

  it("with another key type: one schema re-read, and the next Get works", async () => {
    await recreate(
      retyped,
      { name: "id", type: "N" },
      { id: { N: "1" }, v: { S: "second table" } },
    );
    expect((await run("getItem", { tableName: retyped, value: "1" })).data.item).toEqual({
      id: 1,
      v: "second table",
    });
  });
});

/**
 * Numbers keep every digit through the connector: a 30-digit number written by Upsert Item,
 * Update Item and Raw Request comes back digit for digit from Get Item, Query Items and Raw
 * Request, and DynamoDB itself holds the exact decimal; so does one written through each input
 * that takes an item or a change (Value + Value Types, Item JSON, Update Expression, Update JSON).
 */
import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

const THIRTY_DIGITS = "123456789012345678901234567890";
const NEGATIVE_DECIMAL = "-98765432109876.5432109876543211";

const table = uniqueTableName("numbers");
let raw: DynamoDBClient;

function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

async function run(
  key: string,
  params: Record<string, unknown>,
): Promise<{ data: Record<string, unknown> }> {
  return (await harness.action(key, {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  })) as { data: Record<string, unknown> };
}

/** Each writer puts both numbers on its own item. */
const WRITERS: Record<string, () => Promise<unknown>> = {
  "Upsert Item": () =>
    run("createItem", {
      tableName: table,
      item: kv({ pk: "upsert", big: THIRTY_DIGITS, negative: NEGATIVE_DECIMAL }),
      itemTypes: kv({ pk: "S", big: "N", negative: "N" }),
    }),
  "Update Item": () =>
    run("updateItem", {
      tableName: table,
      value: "update",
      query: "SET big = :big, negative = :negative",
      queryParams: kv({ ":big": THIRTY_DIGITS, ":negative": NEGATIVE_DECIMAL }),
      queryParamTypes: kv({ ":big": "N", ":negative": "N" }),
    }),
  "Raw Request": () =>
    run("rawRequest", {
      statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'big': ?, 'negative': ?}`,
      parameters: `["raw", ${THIRTY_DIGITS}, ${NEGATIVE_DECIMAL}]`,
    }),
};
const KEYS: Record<string, string> = {
  "Upsert Item": "upsert",
  "Update Item": "update",
  "Raw Request": "raw",
};

beforeAll(async () => {
  raw = rawClient();
  await createTestTable(table, { hashKey: { name: "pk", type: "S" } });
  for (const write of Object.values(WRITERS)) await write();
});

afterAll(async () => {
  await deleteTestTable(table);
  raw.destroy();
});

describe.each(Object.keys(WRITERS))("a 30-digit number written by %s", (writer) => {
  const pk = KEYS[writer];
  const expected = { pk, big: THIRTY_DIGITS, negative: NEGATIVE_DECIMAL };

  it("is stored by DynamoDB as the exact decimal", async () => {
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }),
    );
    expect(Item?.big).toEqual({ N: THIRTY_DIGITS });
    expect(Item?.negative).toEqual({ N: NEGATIVE_DECIMAL });
  });

  it("comes back digit for digit from Get Item", async () => {
    const result = await run("getItem", { tableName: table, value: pk });
    expect(result.data.item).toEqual(expected);
  });

  it("comes back digit for digit from Query Items", async () => {
    const result = await run("queryItems", {
      tableName: table,
      keyConditionExpression: "pk = :pk",
      expressionAttributeValues: kv({ ":pk": pk }),
      expressionAttributeValueTypes: kv({ ":pk": "S" }),
    });
    expect(result.data.items).toEqual([expected]);
  });

  it("comes back digit for digit from Raw Request", async () => {
    const result = await run("rawRequest", {
      statement: `SELECT * FROM "${table}" WHERE pk = ?`,
      parameters: JSON.stringify([pk]),
    });
    expect(result.data.items).toEqual([expected]);
  });

  it("comes back typed and exact with Return DynamoDB JSON", async () => {
    const result = await run("queryItems", {
      tableName: table,
      keyConditionExpression: "pk = :pk",
      expressionAttributeValues: kv({ ":pk": pk }),
      expressionAttributeValueTypes: kv({ ":pk": "S" }),
      returnDynamoJson: "true",
    });
    expect(result.data.items).toEqual([
      { pk: { S: pk }, big: { N: THIRTY_DIGITS }, negative: { N: NEGATIVE_DECIMAL } },
    ]);
  });
});

describe("30-digit numbers through every way of writing an item", () => {
  const sortedTable = uniqueTableName("numbers_sorted");
  const connection = {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    tableName: sortedTable,
  };
  const key = { ...connection, value: "thirty-digits", rangeKeyValue: "1" };

  beforeAll(async () => {
    await createTestTable(sortedTable, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "N" },
    });
  });

  afterAll(async () => {
    await deleteTestTable(sortedTable);
  });

  it("written by Upsert (Value + Value Types and Item JSON) and by Update come back digit for digit", async () => {
    const decimal = "987654321098765432109876543210.5";
    await harness.action("createItem", {
      ...connection,
      item: [
        { key: "pk", value: "thirty-digits" },
        { key: "sk", value: "1" },
        { key: "viaValue", value: THIRTY_DIGITS },
      ],
      itemTypes: [
        { key: "pk", value: "S" },
        { key: "sk", value: "N" },
        { key: "viaValue", value: "N" },
      ],
    });
    await harness.action("updateItem", {
      ...key,
      query: "SET viaExpression = :v",
      queryParams: [{ key: ":v", value: decimal }],
      queryParamTypes: [{ key: ":v", value: "N" }],
    });
    await harness.action("updateItem", {
      ...key,
      updateJson: `{"viaUpdateJson": -${THIRTY_DIGITS}}`,
    });
    const read = (await harness.action("getItem", key)) as {
      data: { item: Record<string, unknown> };
    };
    expect(read.data.item).toEqual({
      pk: "thirty-digits",
      sk: 1,
      viaValue: THIRTY_DIGITS,
      viaExpression: decimal,
      viaUpdateJson: `-${THIRTY_DIGITS}`,
    });
    const typed = (await harness.action("getItem", { ...key, returnDynamoJson: "true" })) as {
      data: { item: Record<string, unknown> };
    };
    expect(typed.data.item.viaValue).toEqual({ N: THIRTY_DIGITS });

    await harness.action("createItem", {
      ...connection,
      itemJson: `{"pk": "thirty-digits", "sk": 2, "viaItemJson": ${THIRTY_DIGITS}}`,
    });
    const second = (await harness.action("getItem", { ...key, rangeKeyValue: "2" })) as {
      data: { item: Record<string, unknown> };
    };
    expect(second.data.item.viaItemJson).toBe(THIRTY_DIGITS);
  });
});

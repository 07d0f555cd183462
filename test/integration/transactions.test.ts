/**
 * Transact Write Items and Transact Get Items against DynamoDB Local: writes are applied all
 * together or not at all, naming every failing operation (with the current item under ALL_OLD);
 * keys that do not fit their table are refused before sending; a Client Request Token makes a
 * repeat idempotent; reads come back in order with null for missing items.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { clearClientCache } from "../../src/aws/client";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

const orders = uniqueTableName("tx_orders");
const stock = uniqueTableName("tx_stock");
const lines = uniqueTableName("tx_lines");
let client: DynamoDBClient;

const base = () => ({ awsConnection: localConnection(), awsRegion: LOCAL_REGION });

async function write(operations: unknown, extra: Record<string, unknown> = {}) {
  return harness.action("transactWriteItems", {
    ...base(),
    operations: typeof operations === "string" ? operations : JSON.stringify(operations),
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error("expected the action to fail, but it succeeded");
  return outcome;
}

async function raw(table: string, key: Record<string, AttributeValue>) {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }),
  );
  return Item;
}

beforeAll(async () => {
  client = rawClient();
  await Promise.all([
    createTestTable(orders, { hashKey: { name: "id", type: "N" } }),
    createTestTable(stock, { hashKey: { name: "sku", type: "S" } }),
    createTestTable(lines, {
      hashKey: { name: "orderId", type: "N" },
      rangeKey: { name: "line", type: "S" },
    }),
  ]);
  await client.send(
    new PutItemCommand({ TableName: stock, Item: { sku: { S: "A1" }, qty: { N: "5" } } }),
  );
  await client.send(
    new PutItemCommand({ TableName: stock, Item: { sku: { S: "EMPTY" }, qty: { N: "0" } } }),
  );
});

afterAll(async () => {
  await Promise.all([orders, stock, lines].map(deleteTestTable));
  client.destroy();
  clearClientCache();
});

describe("transactWriteItems", () => {
  it("applies put, update, delete and condition check together", async () => {
    await client.send(
      new PutItemCommand({ TableName: lines, Item: { orderId: { N: "1" }, line: { S: "old" } } }),
    );
    // Written as JSON text, so that the number reaches the action with every digit.
    const operations = JSON.stringify([
      {
        put: {
          tableName: orders,
          item: { id: 1, status: "new", total: "__BIG__" },
          conditionExpression: "attribute_not_exists(id)",
        },
      },
      {
        update: {
          tableName: stock,
          key: { sku: "A1" },
          updateExpression: "SET #q = #q - :n",
          conditionExpression: "#q >= :n",
          expressionAttributeNames: { "#q": "qty" },
          expressionAttributeValues: { ":n": 2 },
        },
      },
      { Delete: { TableName: lines, Key: { orderId: 1, line: "old" } } },
      {
        conditionCheck: {
          tableName: stock,
          key: { sku: "EMPTY" },
          conditionExpression: "attribute_exists(sku)",
        },
      },
    ]).replace('"__BIG__"', "12345678901234567890.123456789");
    const result = await write(operations);
    expect(result).toEqual({ data: { succeeded: true, operationCount: 4 } });
    expect(await raw(orders, { id: { N: "1" } })).toEqual({
      id: { N: "1" },
      status: { S: "new" },
      total: { N: "12345678901234567890.123456789" },
    });
    expect(await raw(stock, { sku: { S: "A1" } })).toEqual({ sku: { S: "A1" }, qty: { N: "3" } });
    expect(await raw(lines, { orderId: { N: "1" }, line: { S: "old" } })).toBeUndefined();
  });

  it("writes nothing when one condition fails, and names the failing operation", async () => {
    const error = await failure(
      write([
        { put: { tableName: orders, item: { id: 2, status: "new" } } },
        { put: { tableName: lines, item: { orderId: 2, line: "a", sku: "EMPTY" } } },
        {
          update: {
            tableName: stock,
            key: { sku: "EMPTY" },
            updateExpression: "SET qty = qty - :n",
            conditionExpression: "qty >= :n",
            expressionAttributeValues: { ":n": 1 },
          },
        },
        { delete: { tableName: stock, key: { sku: "A1" } } },
      ]),
    );
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toBe(
      `Transaction cancelled; nothing was written. Operations[2] (update on ${stock}): ConditionalCheckFailed — the condition was false. (TransactWriteItems (tables ${orders}, ${lines}, ${stock}) in region ${LOCAL_REGION})`,
    );
    // Raw reads: none of the other operations took effect.
    expect(await raw(orders, { id: { N: "2" } })).toBeUndefined();
    expect(await raw(lines, { orderId: { N: "2" }, line: { S: "a" } })).toBeUndefined();
    expect(await raw(stock, { sku: { S: "A1" } })).toEqual({ sku: { S: "A1" }, qty: { N: "3" } });
    expect(await raw(stock, { sku: { S: "EMPTY" } })).toEqual({
      sku: { S: "EMPTY" },
      qty: { N: "0" },
    });
  });

  it("names every failing operation, with the current item under ALL_OLD", async () => {
    const error = await failure(
      write(
        [
          {
            conditionCheck: {
              tableName: orders,
              key: { id: 404 },
              conditionExpression: "attribute_exists(id)",
            },
          },
          { put: { tableName: orders, item: { id: 3 } } },
          {
            update: {
              tableName: stock,
              key: { sku: "EMPTY" },
              updateExpression: "SET qty = qty - :n",
              conditionExpression: "qty >= :n",
              expressionAttributeValues: { ":n": 1 },
            },
          },
        ],
        { returnValuesOnConditionCheckFailure: "ALL_OLD" },
      ),
    );
    expect(error.message).toContain(
      `Operations[0] (conditionCheck on ${orders}): ConditionalCheckFailed — the condition was false.`,
    );
    expect(error.message).toContain(
      `Operations[2] (update on ${stock}): ConditionalCheckFailed — the condition was false. Current item: {"sku":"EMPTY","qty":0}.`,
    );
    expect(error.message).not.toContain("Operations[1]");
    expect(await raw(orders, { id: { N: "3" } })).toBeUndefined();
  });

  it("refuses a key that cannot have its table's key type before sending, naming the operation", async () => {
    const error = await failure(
      write([
        { put: { tableName: orders, item: { id: 4 } } },
        { delete: { tableName: orders, key: { id: "not-a-number" } } },
      ]),
    );
    expect(error.message).toMatch(
      /^Operations\[1\]\.delete\.key: attribute "id" has type N but "not-a-number" is not a number/,
    );
    expect(await raw(orders, { id: { N: "4" } })).toBeUndefined();
  });

  it("names the operation whose key does not fit its table, before sending", async () => {
    const error = await failure(
      write([
        { delete: { tableName: orders, key: { id: 5 } } },
        { put: { tableName: lines, item: { orderId: 5, note: "no sort key" } } },
        { delete: { tableName: stock, key: { id: "A1" } } },
      ]),
    );
    expect(error.message).toBe(
      `Operations[1].put.item: the key attribute "line" is missing. The table's key is orderId (N) and line (S).`,
    );
    const other = await failure(write([{ delete: { tableName: stock, key: { id: "A1" } } }]));
    expect(other.message).toBe(
      `Operations[0].delete.key: "id" is not a key attribute. A key has exactly the table's key attributes: sku (S).`,
    );
  });

  it("is idempotent with a Client Request Token", async () => {
    const ops = [
      {
        update: {
          tableName: stock,
          key: { sku: "A1" },
          updateExpression: "ADD qty :n",
          expressionAttributeValues: { ":n": 10 },
        },
      },
    ];
    const token = `tok-${Date.now().toString(36)}`;
    await write(ops, { clientRequestToken: token });
    await write(ops, { clientRequestToken: token });
    expect(await raw(stock, { sku: { S: "A1" } })).toEqual({ sku: { S: "A1" }, qty: { N: "13" } });
    // The same token for other operations is refused with an explanation.
    const error = await failure(
      write([{ delete: { tableName: orders, key: { id: 99 } } }], { clientRequestToken: token }),
    );
    expect(error.message).toContain(
      "IdempotentParameterMismatchException: The Client Request Token was already used in the last 10 minutes for a different set of operations",
    );
  });

  it("names the missing table", async () => {
    const missing = uniqueTableName("tx_missing");
    const error = await failure(write([{ delete: { tableName: missing, key: { id: 1 } } }]));
    expect(error.message).toMatch(
      new RegExp(
        `^DescribeTable failed on table "${missing}" in region ${LOCAL_REGION}: ResourceNotFoundException`,
      ),
    );
  });
});

describe("transactGetItems", () => {
  it("reads items from several tables in order, with null for missing ones", async () => {
    const result = await harness.action("transactGetItems", {
      ...base(),
      gets: JSON.stringify([
        {
          tableName: stock,
          key: { sku: "A1" },
          projectionExpression: "#q",
          expressionAttributeNames: { "#q": "qty" },
        },
        { tableName: orders, key: { id: 12345 } },
        { Get: { TableName: orders, Key: { id: 1 } } },
      ]),
    });
    expect(result).toEqual({
      data: {
        items: [
          { qty: 13 },
          null,
          { id: 1, status: "new", total: "12345678901234567890.123456789" },
        ],
        count: 2,
      },
    });
  });

  it("returns DynamoDB JSON on request", async () => {
    const result = await harness.action("transactGetItems", {
      ...base(),
      gets: JSON.stringify([{ tableName: stock, key: { sku: "EMPTY" } }]),
      returnDynamoJson: "true",
    });
    expect(result).toEqual({
      data: { items: [{ sku: { S: "EMPTY" }, qty: { N: "0" } }], count: 1 },
    });
  });

  it("names the entry whose key does not fit its table", async () => {
    const error = await failure(
      harness.action("transactGetItems", {
        ...base(),
        gets: JSON.stringify([
          { tableName: stock, key: { sku: "A1" } },
          { tableName: orders, key: { id: "x" } },
          { tableName: orders, key: { orderId: 1 } },
        ]),
      }),
    );
    expect(error.message).toContain(
      `Items to Get[1] (get on ${orders}): key attribute id of table ${orders} must be a number, not a string.`,
    );
    expect(error.message).toContain(
      `Items to Get[2] (get on ${orders}): the key of table ${orders} is id (a number), but the key given has orderId.`,
    );
    expect(error.message).not.toContain("Items to Get[0]");
  });
});

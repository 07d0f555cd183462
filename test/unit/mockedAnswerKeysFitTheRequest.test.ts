/**
 * A mocked answer whose items or keys are not those the request asked for fails the step with an
 * unexpectedAnswer StepError naming the operation, the table and the stray key, rather than the
 * stray item turning up in the step's output as if asked for (a typo in a mock's key passed
 * silently: Batch Get Items listed the item, Get Item returned it as the item of the key given).
 * Keys are compared by type and value ({"N": "1001.0"} is the number 1001; {"S": "1001"} is not),
 * and only on the key attributes the answered item holds: a projection may leave them out.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  TransactGetItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { StepError } from "../../src/errors/stepError";
import { mockCustomersTable } from "../support/customersMock";
import { harness } from "../support/harness";
import { failure } from "../support/outcome";
import { validParams } from "./corpus/model";

const ddbMock = mockCustomersTable();

/** The item of the key every step below asks for (the corpus's 1001, "Ada"). */
const ASKED = { customerId: { N: "1001" }, customerName: { S: "Ada" } };
/** An item of a key no step below asks for: a mock's typo. */
const STRAY = { customerId: { N: "1002" }, customerName: { S: "Ada" } };
const STRAY_SHOWN = '{"customerId":1002,"customerName":"Ada"}';

type Case = [string, unknown, string, Record<string, unknown>, object, RegExp];

const STRAY_CASES: Case[] = [
  [
    "Batch Get Items: Responses hold an item of a key not asked for",
    BatchGetItemCommand,
    "batchGetItems",
    {},
    { Responses: { Customers: [ASKED, STRAY] } },
    /BatchGetItem's Responses\["Customers"\]\[1\] holds the key \{"customerId":1002,"customerName":"Ada"\} of table "Customers", which the request did not ask for \(it asked for 1 key: \{"customerId":1001,"customerName":"Ada"\}\)/,
  ],
  [
    "Batch Get Items (Multiple Tables): Responses hold an item of a key not asked for",
    BatchGetItemCommand,
    "batchGetItemsMultiTable",
    {},
    { Responses: { Customers: [STRAY] } },
    /BatchGetItem's Responses\["Customers"\]\[0\] holds the key .*1002.* of table "Customers", which the request did not ask for/,
  ],
  [
    "Batch Get Items: the key's number typed as text",
    BatchGetItemCommand,
    "batchGetItems",
    {},
    { Responses: { Customers: [{ ...ASKED, customerId: { S: "1001" } }] } },
    /BatchGetItem's Responses\["Customers"\]\[0\] holds the key \{"customerId":"1001","customerName":"Ada"\}/,
  ],
  [
    "Batch Get Items: UnprocessedKeys hold a key not asked for",
    BatchGetItemCommand,
    "batchGetItems",
    {},
    { Responses: { Customers: [] }, UnprocessedKeys: { Customers: { Keys: [STRAY] } } },
    /BatchGetItem's UnprocessedKeys\["Customers"\]\.Keys\[0\] holds the key .*1002.* of table "Customers", which the request did not ask for/,
  ],
  [
    "Get Item: the Item of another key",
    GetItemCommand,
    "getItem",
    {},
    { Item: STRAY },
    /GetItem's Item holds the key \{"customerId":1002,"customerName":"Ada"\} of table "Customers", which the request did not ask for \(it asked for 1 key: \{"customerId":1001,"customerName":"Ada"\}\)/,
  ],
  [
    "Get Item: the key's number typed as text",
    GetItemCommand,
    "getItem",
    {},
    { Item: { ...ASKED, customerId: { S: "1001" } } },
    /GetItem's Item holds the key \{"customerId":"1001","customerName":"Ada"\}/,
  ],
  [
    "Transact Get Items: Responses[0].Item of another key",
    TransactGetItemsCommand,
    "transactGetItems",
    {},
    { Responses: [{ Item: STRAY }] },
    /TransactGetItems' Responses\[0\]\.Item holds the key .*1002.* of table "Customers", which the request did not ask for/,
  ],
  [
    "Batch Write Items: UnprocessedItems hold a put not sent",
    BatchWriteItemCommand,
    "batchWriteItems",
    {},
    { UnprocessedItems: { Customers: [{ PutRequest: { Item: STRAY } }] } },
    /BatchWriteItem's UnprocessedItems\["Customers"\]\[0\]\.PutRequest\.Item holds the item .*1002.* of table "Customers", which the request did not send \(it sent 1 put: /,
  ],
  [
    "Batch Write Items (Multiple Tables): UnprocessedItems hold a delete not sent",
    BatchWriteItemCommand,
    "batchWriteItemsMultiTable",
    { writesByTable: '{"Customers": [{"delete": {"customerId": 1001, "customerName": "Ada"}}]}' },
    { UnprocessedItems: { Customers: [{ DeleteRequest: { Key: STRAY } }] } },
    /BatchWriteItem's UnprocessedItems\["Customers"\]\[0\]\.DeleteRequest\.Key holds the key .*1002.* of table "Customers", which the request did not send \(it sent 1 delete: /,
  ],
  [
    "Delete Item: the old item (Attributes) of another key",
    DeleteItemCommand,
    "deleteItem",
    { returnValues: "ALL_OLD" },
    { Attributes: STRAY },
    /DeleteItem's Attributes holds the key .*1002.* of table "Customers", which the request did not ask for/,
  ],
  [
    "Update Item: the new item (Attributes) of another key",
    UpdateItemCommand,
    "updateItem",
    { returnValues: "ALL_NEW" },
    { Attributes: { ...STRAY, visits: { N: "1" } } },
    /UpdateItem's Attributes holds the key .*1002.* of table "Customers", which the request did not ask for/,
  ],
];

describe("a mocked answer holding a key the request did not ask for names the operation, table and key", () => {
  it.each(STRAY_CASES)("%s", async (_, command, action, extra, answer, message) => {
    ddbMock.on(command as typeof GetItemCommand).resolves(answer as never);
    const error = await failure(harness.action(action, { ...validParams(action), ...extra }));
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: "unexpectedAnswer" });
    expect(error.message).toMatch(message);
    // It says how to fix the mock.
    expect(error.message).toMatch(/answer a mock with/);
  });

  it("shows a long stray key cut short", async () => {
    const long = "x".repeat(5000);
    ddbMock.on(GetItemCommand).resolves({ Item: { ...ASKED, customerName: { S: long } } });
    const error = await failure(harness.action("getItem", validParams("getItem")));
    expect(error.message).toMatch(
      /GetItem's Item holds the key \{"customerId":1001,"customerName":"x+…/,
    );
    expect(error.message.length).toBeLessThan(1000);
  });

  it("shows the stray key as given", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: STRAY });
    const error = await failure(harness.action("getItem", validParams("getItem")));
    expect(error.message).toContain(STRAY_SHOWN);
  });
});

describe("answered keys that are the ones asked for pass", () => {
  it("a number key written otherwise ({N: '1001.0'}) is the same number", async () => {
    const item = { ...ASKED, customerId: { N: "1001.0" } };
    ddbMock.on(GetItemCommand).resolves({ Item: item });
    const result = await harness.action("getItem", validParams("getItem"));
    expect(result).toMatchObject({ data: { found: true } });
  });

  it("an item whose key attributes a projection left out is not compared", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: { email: { S: "ada@example.com" } } });
    const result = await harness.action("getItem", {
      ...validParams("getItem"),
      projectionExpression: "email",
    });
    expect(result).toMatchObject({ data: { found: true, item: { email: "ada@example.com" } } });
  });

  it("an item holding only some key attributes is compared on those", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: { customerId: { N: "1001" } } });
    await expect(harness.action("getItem", validParams("getItem"))).resolves.toMatchObject({
      data: { found: true },
    });
    ddbMock.on(GetItemCommand).resolves({ Item: { customerId: { N: "1002" } } });
    const error = await failure(harness.action("getItem", validParams("getItem")));
    expect(error.message).toMatch(/GetItem's Item holds the key \{"customerId":1002\} of table/);
  });

  it("Batch Get Items: the items of the keys asked for, in any order", async () => {
    const other = { customerId: { N: "7" }, customerName: { S: "Grace" } };
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Customers: [other, ASKED] } });
    const result = await harness.action("batchGetItems", {
      ...validParams("batchGetItems"),
      keys: '[{"customerId": 1001, "customerName": "Ada"}, {"customerId": 7, "customerName": "Grace"}]',
    });
    expect(result).toMatchObject({ data: { items: [{ customerId: 1001 }, { customerId: 7 }] } });
  });

  it("Batch Write Items: an unprocessed put as it was sent is retried", async () => {
    ddbMock
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { Customers: [{ PutRequest: { Item: ASKED } }] } })
      .resolves({});
    const result = await harness.action("batchWriteItems", {
      ...validParams("batchWriteItems"),
      maxRetries: 1,
    });
    expect(result).toMatchObject({ data: { unprocessedCount: 0 } });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(2);
  });

  it("Transact Get Items: {} for an item that does not exist", async () => {
    ddbMock.on(TransactGetItemsCommand).resolves({ Responses: [{}] });
    await expect(
      harness.action("transactGetItems", validParams("transactGetItems")),
    ).resolves.toHaveProperty("data");
  });
});

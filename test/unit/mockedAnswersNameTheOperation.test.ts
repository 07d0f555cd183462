/**
 * A mocked answer holding a value DynamoDB never sends fails the step with an unexpectedAnswer
 * StepError that names the operation whose mock is wrong ("The answer to Query holds …"), where
 * in the answer the item is and the attribute: a step that makes several calls (a table's key
 * schema, then the item; pages; a batch) otherwise leaves a test writer guessing (the streams
 * trigger's GetRecords: streamRecordsDynamoDbNeverSendsAreStepErrors.test.ts). A value with two types ({"S": "a", "N": "1"}), which the SDK never makes, is refused
 * naming both, where it was read by one and the other dropped. Valid mocked answers still work.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  ExecuteStatementCommand,
  GetItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { StepError } from "../../src/errors/stepError";
import { mockCustomersTable } from "../support/customersMock";
import { harness } from "../support/harness";
import { failure } from "../support/outcome";
import { validParams } from "./corpus/model";

const ddbMock = mockCustomersTable();

const GOOD = { customerId: { N: "1001" }, customerName: { S: "Ada" } };
const BAD_NUMBER = { ...GOOD, visits: { M: { total: { N: 5 } } } };

async function expectRefused(run: Promise<unknown>, ...messages: RegExp[]): Promise<void> {
  const error = await failure(run);
  expect(error).toBeInstanceOf(StepError);
  expect(error).toMatchObject({ code: "unexpectedAnswer" });
  for (const message of messages) expect(error.message).toMatch(message);
}

describe("a mocked answer's odd value names the operation, the part and the attribute", () => {
  it.each([false, true])("Get Item (DynamoDB JSON: %s)", async (returnDynamoJson) => {
    ddbMock.on(GetItemCommand).resolves({ Item: BAD_NUMBER } as never);
    await expectRefused(
      harness.action("getItem", { ...validParams("getItem"), returnDynamoJson }),
      /^The answer to GetItem holds attribute "visits\.total" in Item that is not a DynamoDB value: N holds 5/,
    );
  });

  it("Query Items: an item of a page", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [GOOD, BAD_NUMBER], Count: 2 } as never);
    await expectRefused(
      harness.action("queryItems", validParams("queryItems")),
      /^The answer to Query holds attribute "visits\.total" in Items\[1\] /,
    );
  });

  it("Query Items: LastEvaluatedKey", async () => {
    const key = { customerId: { N: "1001" }, customerName: { S: 7 } };
    ddbMock.on(QueryCommand).resolves({ Items: [GOOD], LastEvaluatedKey: key } as never);
    await expectRefused(
      harness.action("queryItems", validParams("queryItems")),
      /^The answer to Query holds attribute "customerName" in LastEvaluatedKey .*S holds 7/,
    );
  });

  it("Query Items with Fetch All: the second page", async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [GOOD], LastEvaluatedKey: GOOD } as never)
      .resolves({ Items: [{ ...GOOD, tags: { L: [{ NULL: false }] } }] } as never);
    await expectRefused(
      harness.action("queryItems", { ...validParams("queryItems"), fetchAll: true }),
      /^The answer to Query holds attribute "tags\[0\]" in Items\[0\] .*NULL holds false/,
    );
  });

  it("Batch Get Items: a table's response and an unprocessed key", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Customers: [BAD_NUMBER] } } as never);
    await expectRefused(
      harness.action("batchGetItems", validParams("batchGetItems")),
      /^The answer to BatchGetItem holds attribute "visits\.total" in Responses\["Customers"\]\[0\] /,
    );
    ddbMock.on(BatchGetItemCommand).resolves({
      UnprocessedKeys: { Customers: { Keys: [{ customerId: { N: "1e200" } }] } },
    } as never);
    await expectRefused(
      harness.action("batchGetItems", validParams("batchGetItems")),
      /^The answer to BatchGetItem holds attribute "customerId" in UnprocessedKeys\["Customers"\]\.Keys\[0\] .*outside DynamoDB's range/,
    );
  });

  it("Batch Write Items: an unprocessed put's item", async () => {
    ddbMock.on(BatchWriteItemCommand).resolves({
      UnprocessedItems: {
        Customers: [{ PutRequest: { Item: { ...GOOD, photo: { B: "AQI=" } } } }],
      },
    } as never);
    await expectRefused(
      harness.action("batchWriteItems", validParams("batchWriteItems")),
      /^The answer to BatchWriteItem holds attribute "photo" in UnprocessedItems\["Customers"\]\[0\]\.PutRequest\.Item .*B holds "AQI="/,
    );
  });

  it("Transact Get Items: an item of Responses", async () => {
    ddbMock.on(TransactGetItemsCommand).resolves({ Responses: [{ Item: BAD_NUMBER }] } as never);
    await expectRefused(
      harness.action("transactGetItems", validParams("transactGetItems")),
      /^The answer to TransactGetItems holds attribute "visits\.total" in Responses\[0\]\.Item /,
    );
  });

  it("Execute PartiQL (ExecuteStatement): an item", async () => {
    ddbMock.on(ExecuteStatementCommand).resolves({ Items: [{ a: { BOOL: "yes" } }] } as never);
    await expectRefused(
      harness.action("rawRequest", validParams("rawRequest")),
      /^The answer to ExecuteStatement holds attribute "a" in Items\[0\] .*BOOL holds "yes"/,
    );
  });

  it("Delete Item: a part the action does not read (ItemCollectionMetrics)", async () => {
    ddbMock.on(DeleteItemCommand).resolves({
      ItemCollectionMetrics: { ItemCollectionKey: { customerId: { N: 1001 } } },
    } as never);
    await expectRefused(
      harness.action("deleteItem", validParams("deleteItem")),
      /^The answer to DeleteItem holds attribute "customerId" in ItemCollectionMetrics\.ItemCollectionKey /,
    );
  });
});

describe("an item or key that is no object names the operation too", () => {
  it.each([
    [
      "Get Item's Item",
      GetItemCommand,
      "getItem",
      { Item: "Ada" },
      /GetItem holds a value in Item /,
    ],
    [
      "Query's LastEvaluatedKey",
      QueryCommand,
      "queryItems",
      { LastEvaluatedKey: 5 },
      /Query .* in LastEvaluatedKey /,
    ],
    [
      "an item of Query's Items",
      QueryCommand,
      "queryItems",
      { Items: [GOOD, [GOOD]] },
      /Query .* in Items\[1\] /,
    ],
  ] as const)("%s", async (_, command, action, answer, message) => {
    ddbMock.on(command as typeof GetItemCommand).resolves(answer as never);
    await expectRefused(
      harness.action(action, validParams(action)),
      /^The answer to /,
      message,
      /an item or map must be an object of attributes/,
    );
  });

  it("leaves an item that is null to the action, as without a mock", async () => {
    ddbMock.on(GetItemCommand).resolves({ Item: null } as never);
    const result = await harness.action("getItem", validParams("getItem"));
    expect(result).toEqual({ data: { found: false, item: null } });
  });
});

describe("a value with two types", () => {
  it.each([
    ["text and a number", { S: "a", N: "1" }, /attribute "a" .*2 types, "S" and "N", where/],
    ["a bad text read as its number", { S: 5, N: "1" }, /attribute "a" .*2 types, "S" and "N"/],
    ["three types", { BOOL: true, NULL: true, S: "x" }, /3 types, "BOOL", "NULL" and "S"/],
    ["bytes and a list", { B: new Uint8Array([1]), L: [] }, /2 types, "B" and "L"/],
    ["two types in a map", { M: { b: { SS: ["x"], NS: ["1"] } } }, /"a\.b" .*"SS" and "NS"/],
    ["two types in a list", { L: [{ S: "x" }, { N: "1", M: {} }] }, /"a\[1\]" .*"N" and "M"/],
    ["a type beside an unknown key", { S: "a", X: 1 }, /key "X" is none of DynamoDB's types/],
    ["a plain object", { name: "x", age: 3 }, /key "name" is none of DynamoDB's types/],
  ])("is refused in Get Item, both types named: %s", async (_, value, message) => {
    for (const returnDynamoJson of [false, true]) {
      ddbMock.on(GetItemCommand).resolves({ Item: { ...GOOD, a: value } } as never);
      const params = { ...validParams("getItem"), returnDynamoJson };
      await expectRefused(harness.action("getItem", params), /^The answer to GetItem /, message);
    }
  });

  it("is refused in Query Items and Transact Get Items", async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [{ a: { N: "1", BOOL: false } }] } as never);
    await expectRefused(
      harness.action("queryItems", validParams("queryItems")),
      /^The answer to Query holds attribute "a" in Items\[0\] .*"N" and "BOOL"/,
    );
    ddbMock
      .on(TransactGetItemsCommand)
      .resolves({ Responses: [{ Item: { a: { NULL: true, S: "" } } }] } as never);
    await expectRefused(
      harness.action("transactGetItems", validParams("transactGetItems")),
      /^The answer to TransactGetItems .*"NULL" and "S"/,
    );
  });
});

describe("valid mocked answers still convert", () => {
  it("reads a value whose other types are undefined as its one type", async () => {
    ddbMock
      .on(GetItemCommand)
      .resolves({ Item: { ...GOOD, a: { S: "x", N: undefined } } } as never);
    const result = await harness.action("getItem", validParams("getItem"));
    expect(result).toEqual({
      data: { found: true, item: { customerId: 1001, customerName: "Ada", a: "x" } },
    });
  });

  it("Batch Get Items, Transact Get Items and Execute PartiQL", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Customers: [GOOD] } });
    ddbMock.on(TransactGetItemsCommand).resolves({ Responses: [{ Item: GOOD }] });
    ddbMock.on(ExecuteStatementCommand).resolves({ Items: [GOOD] });
    const plain = { customerId: 1001, customerName: "Ada" };
    const batch = await harness.action("batchGetItems", validParams("batchGetItems"));
    expect(batch).toMatchObject({ data: { items: [plain] } });
    const transact = await harness.action("transactGetItems", validParams("transactGetItems"));
    expect(JSON.stringify(transact)).toContain(JSON.stringify(plain));
    const partiql = await harness.action("rawRequest", validParams("rawRequest"));
    expect(partiql).toMatchObject({ data: { items: [plain] } });
  });
});

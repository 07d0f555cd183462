/**
 * A mocked answer whose parts around its items and keys are shaped as DynamoDB never shapes them
 * (Items that is 5 or {}, a list of items holding null, Responses that is text, an unprocessed
 * table's entry that is no object) fails the step with an unexpectedAnswer StepError that names
 * the operation whose mock is wrong and the part, as a wrong value in an item does
 * (mockedAnswersNameTheOperation.test.ts): never a message without the operation, and never
 * an answer read as no items (a Batch Get whose Responses is text reported every key as absent).
 * So does an answer that does not fit its request: a batch answering for a table it did not ask
 * about (a mock keyed "customers" for table Customers), a TransactGetItems with more or fewer
 * Responses than items asked for; each would otherwise be read as "no item".
 */
import {
  BatchExecuteStatementCommand,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { StepError } from "../../src/errors/stepError";
import { mockCustomersTable } from "../support/customersMock";
import { harness } from "../support/harness";
import { failure } from "../support/outcome";
import { validParams } from "./corpus/model";

const ddbMock = mockCustomersTable();

const GOOD = { customerId: { N: "1001" }, customerName: { S: "Ada" } };

/** The start of a shape error that names the operation (possessive) and the part. */
function shape(operationAndPart: string): RegExp {
  const escaped = operationAndPart.replace(/[[\]().*+?{}|^$\\]/g, "\\$&");
  return new RegExp(`^The answer is not shaped as DynamoDB shapes it: ${escaped} `);
}

type Case = [string, unknown, string, object, RegExp];

const CASES: Case[] = [
  ["Query: Items [null]", QueryCommand, "queryItems", { Items: [null] }, shape("Query's Items[0]")],
  ["Query: Items 5", QueryCommand, "queryItems", { Items: 5 }, shape("Query's Items")],
  ["Query: Items {}", QueryCommand, "queryItems", { Items: {} }, shape("Query's Items")],
  [
    "Scan: Items [item, null]",
    ScanCommand,
    "scanItems",
    { Items: [GOOD, null] },
    shape("Scan's Items[1]"),
  ],
  ["Scan: Items text", ScanCommand, "scanItems", { Items: "x" }, shape("Scan's Items")],
  [
    "ExecuteStatement: Items [null]",
    ExecuteStatementCommand,
    "rawRequest",
    { Items: [null] },
    shape("ExecuteStatement's Items[0]"),
  ],
  [
    "ExecuteStatement: Items {}",
    ExecuteStatementCommand,
    "rawRequest",
    { Items: {} },
    shape("ExecuteStatement's Items"),
  ],
  [
    "ExecuteStatement: LastEvaluatedKey a list",
    ExecuteStatementCommand,
    "rawRequest",
    { Items: [], LastEvaluatedKey: [GOOD] },
    /^The answer to ExecuteStatement holds a value in LastEvaluatedKey .*not a list/,
  ],
  [
    "Query: LastEvaluatedKey 5",
    QueryCommand,
    "queryItems",
    { Items: [], LastEvaluatedKey: 5 },
    /^The answer to Query holds a value in LastEvaluatedKey /,
  ],
  [
    "GetItem: Item a list",
    GetItemCommand,
    "getItem",
    { Item: [GOOD] },
    /^The answer to GetItem holds a value in Item .*not a list/,
  ],
  [
    "UpdateItem: Attributes text",
    UpdateItemCommand,
    "updateItem",
    { Attributes: "x" },
    /^The answer to UpdateItem holds a value in Attributes /,
  ],
  [
    "BatchGetItem: Responses 5",
    BatchGetItemCommand,
    "batchGetItems",
    { Responses: 5 },
    shape("BatchGetItem's Responses"),
  ],
  [
    "BatchGetItem: Responses a list",
    BatchGetItemCommand,
    "batchGetItems",
    { Responses: [GOOD] },
    shape("BatchGetItem's Responses"),
  ],
  [
    "BatchGetItem: a table's Responses {}",
    BatchGetItemCommand,
    "batchGetItems",
    { Responses: { Customers: {} } },
    shape('BatchGetItem\'s Responses["Customers"]'),
  ],
  [
    "BatchGetItem: UnprocessedKeys text",
    BatchGetItemCommand,
    "batchGetItems",
    { UnprocessedKeys: "x" },
    shape("BatchGetItem's UnprocessedKeys"),
  ],
  [
    "BatchGetItem: a table's UnprocessedKeys 5",
    BatchGetItemCommand,
    "batchGetItemsMultiTable",
    { UnprocessedKeys: { Customers: 5 } },
    shape('BatchGetItem\'s UnprocessedKeys["Customers"]'),
  ],
  [
    "TransactGetItems: Responses 5",
    TransactGetItemsCommand,
    "transactGetItems",
    { Responses: 5 },
    shape("TransactGetItems' Responses"),
  ],
  [
    "TransactGetItems: Responses {}",
    TransactGetItemsCommand,
    "transactGetItems",
    { Responses: {} },
    shape("TransactGetItems' Responses"),
  ],
  [
    "TransactGetItems: Responses [null]",
    TransactGetItemsCommand,
    "transactGetItems",
    { Responses: [null] },
    shape("TransactGetItems' Responses[0]"),
  ],
  [
    "BatchGetItem: Responses for a table the request did not name",
    BatchGetItemCommand,
    "batchGetItems",
    { Responses: { customers: [GOOD] } },
    /^The answer is not shaped as DynamoDB shapes it: BatchGetItem's Responses holds table "customers", which the request did not name \(it named "Customers"\)/,
  ],
  [
    "BatchGetItem: UnprocessedKeys of a table the request did not name",
    BatchGetItemCommand,
    "batchGetItems",
    { Responses: { Customers: [] }, UnprocessedKeys: { Orders: { Keys: [GOOD] } } },
    /BatchGetItem's UnprocessedKeys holds table "Orders", which the request did not name/,
  ],
  [
    "BatchWriteItem: UnprocessedItems of a table the request did not name",
    BatchWriteItemCommand,
    "batchWriteItems",
    { UnprocessedItems: { customers: [{ PutRequest: { Item: GOOD } }] } },
    /BatchWriteItem's UnprocessedItems holds table "customers", which the request did not name/,
  ],
  [
    "TransactGetItems: no Responses entry for the item asked for",
    TransactGetItemsCommand,
    "transactGetItems",
    { Responses: [] },
    /TransactGetItems' Responses has 0 entries for the 1 of the request's TransactItems/,
  ],
  [
    "TransactGetItems: more Responses than items asked for",
    TransactGetItemsCommand,
    "transactGetItems",
    { Responses: [{ Item: GOOD }, { Item: GOOD }] },
    /TransactGetItems' Responses has 2 entries for the 1 of the request's TransactItems/,
  ],
  [
    "ExecuteTransaction: Responses text",
    ExecuteTransactionCommand,
    "executeTransaction",
    { Responses: "x" },
    shape("ExecuteTransaction's Responses"),
  ],
  [
    "BatchExecuteStatement: Responses [5]",
    BatchExecuteStatementCommand,
    "batchExecuteStatements",
    { Responses: [5] },
    shape("BatchExecuteStatement's Responses[0]"),
  ],
];

describe("a mocked answer's part shaped as DynamoDB never shapes it names the operation", () => {
  it.each(CASES)("%s", async (_, command, action, answer, message) => {
    ddbMock.on(command as typeof QueryCommand).resolves(answer as never);
    const error = await failure(harness.action(action, validParams(action)));
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: "unexpectedAnswer" });
    expect(error.message).toMatch(message);
  });
});

describe("absent parts and items are still none", () => {
  it.each([
    ["Query: Items null", QueryCommand, "queryItems", { Items: null, LastEvaluatedKey: null }],
    ["GetItem: Item null", GetItemCommand, "getItem", { Item: null }],
    ["BatchGetItem: Responses null", BatchGetItemCommand, "batchGetItems", { Responses: null }],
    [
      "TransactGetItems: an item not found",
      TransactGetItemsCommand,
      "transactGetItems",
      {
        Responses: [{}],
      },
    ],
  ] as const)("%s", async (_, command, action, answer) => {
    ddbMock.on(command as typeof QueryCommand).resolves(answer as never);
    await expect(harness.action(action, validParams(action))).resolves.toHaveProperty("data");
  });
});

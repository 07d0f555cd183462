/**
 * Transact Write Items and Transact Get Items with the SDK mocked: the inputs in order, the exact
 * requests (the AWS spelling accepted, numbers exact, up to 100 operations), every malformed
 * operation refused before any AWS call, each cancelled operation named with its kind, table and
 * reason, key schemas read once per table (afresh after a key error), and no secret in a message.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  IdempotentParameterMismatchException,
  ResourceNotFoundException,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { transactGetItems } from "../../src/actions/transactions/transactGetItems";
import { transactWriteItems } from "../../src/actions/transactions/transactWriteItems";
import { OPERATIONS_EXAMPLE } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = () => ({ awsConnection: keySecretConnection(), awsRegion: "us-east-1" });

async function write(operations: unknown, extra: Record<string, unknown> = {}) {
  return harness.action("transactWriteItems", {
    ...base(),
    operations: typeof operations === "string" ? operations : JSON.stringify(operations),
    ...extra,
  });
}

async function get(gets: unknown, extra: Record<string, unknown> = {}) {
  return harness.action("transactGetItems", {
    ...base(),
    gets: typeof gets === "string" ? gets : JSON.stringify(gets),
    ...extra,
  });
}

function writeInput(): TransactWriteItemsCommandInput {
  return ddbMock.commandCalls(TransactWriteItemsCommand)[0].args[0].input;
}

/** The input DynamoDB gets for OPERATIONS_EXAMPLE, in its typed form. */
const EXAMPLE_COMMAND: TransactWriteItemsCommandInput = {
  TransactItems: [
    {
      Put: {
        TableName: "Orders",
        Item: { id: { N: "1" }, status: { S: "new" } },
        ConditionExpression: "attribute_not_exists(id)",
      },
    },
    {
      Update: {
        TableName: "Stock",
        Key: { sku: { S: "A1" } },
        UpdateExpression: "SET #q = #q - :n",
        ConditionExpression: "#q >= :n",
        ExpressionAttributeNames: { "#q": "qty" },
        ExpressionAttributeValues: { ":n": { N: "1" } },
      },
    },
    { Delete: { TableName: "Carts", Key: { id: { N: "7" } } } },
    {
      ConditionCheck: {
        TableName: "Users",
        Key: { id: { N: "9" } },
        ConditionExpression: "attribute_exists(id)",
      },
    },
  ],
};

function cancelled(
  reasons: { Code: string; Message?: string; Item?: Record<string, unknown> }[] | undefined,
) {
  const codes = (reasons ?? []).map((reason) => reason.Code).join(", ");
  return new TransactionCanceledException({
    $metadata: {},
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    // biome-ignore lint/suspicious/noExplicitAny: the SDK types Item as AttributeValue maps
    CancellationReasons: reasons as any,
  });
}

/** A DescribeTable answer for a table keyed on `hash` (and `range`), of the types given. */
function keyedOn(hash: [string, "S" | "N" | "B"], range?: [string, "S" | "N" | "B"]) {
  const keys = range ? [hash, range] : [hash];
  return {
    Table: {
      AttributeDefinitions: keys.map(([name, type]) => ({
        AttributeName: name,
        AttributeType: type,
      })),
      KeySchema: keys.map(([name], index) => ({
        AttributeName: name,
        KeyType: index === 0 ? ("HASH" as const) : ("RANGE" as const),
      })),
    },
  };
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  // Every table of these tests is keyed on a number id, but Stock (sku, text).
  ddbMock.on(DescribeTableCommand).resolves(keyedOn(["id", "N"]));
  ddbMock.on(DescribeTableCommand, { TableName: "Stock" }).resolves(keyedOn(["sku", "S"]));
});

afterAll(() => ddbMock.restore());

describe("transactWriteItems definition", () => {
  it("has its inputs in order, with labels", () => {
    const { inputs } = transactWriteItems;
    expect(Object.keys(inputs)).toEqual([
      "awsRegion",
      "operations",
      "awsConnection",
      "clientRequestToken",
      "returnValuesOnConditionCheckFailure",
      "maxAttempts",
    ]);
    expect(inputs.operations.label).toBe("Operations");
    expect(inputs.operations.type).toBe("code");
    expect(inputs.clientRequestToken.label).toBe("Client Request Token");
    expect(inputs.clientRequestToken.required).toBe(false);
    expect(inputs.awsRegion.label).toBe("AWS Region");
    expect(inputs.awsConnection.label).toBe("Connection");
  });

  it("returns exactly the example payload for the documented example", async () => {
    ddbMock.on(TransactWriteItemsCommand).resolves({});
    const result = await write(OPERATIONS_EXAMPLE);
    expect(result).toEqual(transactWriteItems.examplePayload);
    expect(writeInput()).toEqual(EXAMPLE_COMMAND);
  });
});

describe("transactWriteItems requests", () => {
  beforeEach(() => {
    ddbMock.on(TransactWriteItemsCommand).resolves({});
  });

  it("accepts the AWS spelling (Put, TableName, Item, ...) and sends the same request", async () => {
    await write([
      {
        Put: {
          TableName: "Orders",
          Item: { id: 1, status: "new" },
          ConditionExpression: "attribute_not_exists(id)",
        },
      },
      {
        Update: {
          TableName: "Stock",
          Key: { sku: "A1" },
          UpdateExpression: "SET #q = #q - :n",
          ConditionExpression: "#q >= :n",
          ExpressionAttributeNames: { "#q": "qty" },
          ExpressionAttributeValues: { ":n": 1 },
        },
      },
      { Delete: { TableName: "Carts", Key: { id: 7 } } },
      {
        ConditionCheck: {
          TableName: "Users",
          Key: { id: 9 },
          ConditionExpression: "attribute_exists(id)",
        },
      },
    ]);
    expect(writeInput()).toEqual(EXAMPLE_COMMAND);
  });

  it("keeps every digit of numbers, and marshals nested plain values", async () => {
    await write(
      '[{"put": {"tableName": "Ledger", "item": {"id": 12345678901234567890123, "amount": 0.1000000000000000055511151231257827, "tags": ["a"], "meta": {"ok": true, "none": null}}}}]',
    );
    expect(writeInput()).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: "Ledger",
            Item: {
              id: { N: "12345678901234567890123" },
              amount: { N: "0.1000000000000000055511151231257827" },
              tags: { L: [{ S: "a" }] },
              meta: { M: { ok: { BOOL: true }, none: { NULL: true } } },
            },
          },
        },
      ],
    });
  });

  it("accepts an already-parsed list (code-native flows)", async () => {
    ddbMock
      .on(DescribeTableCommand, { TableName: "Carts" })
      .resolves(keyedOn(["id", "N"], ["line", "S"]));
    await harness.action("transactWriteItems", {
      ...base(),
      operations: [{ delete: { tableName: "Carts", key: { id: 7, line: "x" } } }],
    });
    expect(writeInput()).toEqual({
      TransactItems: [
        { Delete: { TableName: "Carts", Key: { id: { N: "7" }, line: { S: "x" } } } },
      ],
    });
  });

  it("sends the Client Request Token", async () => {
    await write([{ delete: { tableName: "Carts", key: { id: 7 } } }], {
      clientRequestToken: "order-1001-checkout",
    });
    expect(writeInput().ClientRequestToken).toBe("order-1001-checkout");
  });

  it("applies Return Values On Condition Check Failure to conditional operations that set none", async () => {
    await write(
      [
        {
          put: {
            tableName: "Orders",
            item: { id: 1 },
            conditionExpression: "attribute_not_exists(id)",
          },
        },
        { delete: { tableName: "Carts", key: { id: 7 } } },
        {
          conditionCheck: {
            tableName: "Users",
            key: { id: 9 },
            conditionExpression: "attribute_exists(id)",
            returnValuesOnConditionCheckFailure: "NONE",
          },
        },
      ],
      { returnValuesOnConditionCheckFailure: "ALL_OLD" },
    );
    expect(writeInput().TransactItems).toEqual([
      {
        Put: {
          TableName: "Orders",
          Item: { id: { N: "1" } },
          ConditionExpression: "attribute_not_exists(id)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      { Delete: { TableName: "Carts", Key: { id: { N: "7" } } } },
      {
        ConditionCheck: {
          TableName: "Users",
          Key: { id: { N: "9" } },
          ConditionExpression: "attribute_exists(id)",
          ReturnValuesOnConditionCheckFailure: "NONE",
        },
      },
    ]);
  });

  it("accepts 100 operations", async () => {
    const ops = Array.from({ length: 100 }, (_, id) => ({
      delete: { tableName: "Carts", key: { id } },
    }));
    await expect(write(ops)).resolves.toEqual({ data: { succeeded: true, operationCount: 100 } });
    expect(writeInput().TransactItems).toHaveLength(100);
  });
});

describe("transactWriteItems validation (before any AWS call)", () => {
  const cases: [string, unknown, string | RegExp][] = [
    ["blank", "", /^Operations is required/],
    ["not JSON", "[{put", /Operations/],
    ["not a list", '{"put": {}}', /^Operations must be a JSON list/],
    ["an empty list", "[]", /^Operations is empty/],
    [
      "101 operations",
      Array.from({ length: 101 }, (_, id) => ({ delete: { tableName: "Carts", key: { id } } })),
      "Operations has 101 entries; a transaction takes at most 100. Split it into several transactions.",
    ],
    ["an entry that is not an object", [42], /^Operations\[0\] must be an object/],
    [
      "an entry with two kinds",
      [{ put: {}, delete: {} }],
      'Operations[0] must have exactly one of put, update, delete or conditionCheck (or Put, Update, Delete, ConditionCheck), not "put", "delete".',
    ],
    [
      "an unknown kind",
      [{ upsert: {} }],
      /^Operations\[0\] must have exactly one of .* not "upsert"\.$/,
    ],
    [
      "an update without updateExpression",
      [
        { delete: { tableName: "Carts", key: { id: 1 } } },
        { delete: { tableName: "Carts", key: { id: 2 } } },
        { update: { tableName: "Stock", key: { sku: "A1" } } },
      ],
      "Operations[2].update: updateExpression is required.",
    ],
    [
      "a conditionCheck without a condition",
      [{ conditionCheck: { tableName: "Users", key: { id: 9 } } }],
      "Operations[0].conditionCheck: conditionExpression is required.",
    ],
    [
      "a put without item",
      [{ put: { tableName: "Orders" } }],
      "Operations[0].put: item is required.",
    ],
    [
      "a misspelt field",
      [{ delete: { tableName: "Carts", key: { id: 7 }, conditionExpresion: "x" } }],
      /^Operations\[0\]\.delete: unknown field "conditionExpresion"; delete takes tableName, key, conditionExpression/,
    ],
    [
      "the same field in two spellings",
      [{ delete: { tableName: "Carts", TableName: "Carts", key: { id: 7 } } }],
      'Operations[0].delete: "TableName" is given twice (in two spellings).',
    ],
    [
      "an invalid table name",
      [{ delete: { tableName: "a b", key: { id: 7 } } }],
      /^Operations\[0\]\.delete\.tableName "a b" is not a valid name/,
    ],
    [
      "a key with three attributes",
      [{ delete: { tableName: "Carts", key: { a: 1, b: 2, c: 3 } } }],
      /^Operations\[0\]\.delete\.key must have the partition key .* not 3\.$/,
    ],
    [
      "a key attribute that is not a string or number",
      [{ delete: { tableName: "Carts", key: { id: true } } }],
      'Operations[0].delete.key: key attribute "id" must be a string or a number.',
    ],
    [
      "a placeholder that is not defined",
      [
        {
          update: {
            tableName: "Stock",
            key: { sku: "A1" },
            updateExpression: "SET qty = qty - :n",
          },
        },
      ],
      "Operations[0].update: updateExpression uses :n, which expressionAttributeValues does not define.",
    ],
    [
      "a placeholder that is not used",
      [
        {
          delete: {
            tableName: "Carts",
            key: { id: 7 },
            conditionExpression: "attribute_exists(id)",
            expressionAttributeNames: { "#s": "status" },
          },
        },
      ],
      "Operations[0].delete: expressionAttributeNames defines #s, which no expression uses. Remove it (DynamoDB rejects unused placeholders).",
    ],
    [
      "a value placeholder without a colon",
      [
        {
          update: {
            tableName: "Stock",
            key: { sku: "A1" },
            updateExpression: "SET qty = :n",
            expressionAttributeValues: { n: 1 },
          },
        },
      ],
      /^Operations\[0\]\.update\.expressionAttributeValues: "n" must start with a colon/,
    ],
    [
      "two operations on the same item",
      [
        { delete: { tableName: "Carts", key: { id: 7 } } },
        {
          conditionCheck: {
            tableName: "Carts",
            key: { id: 7 },
            conditionExpression: "attribute_exists(id)",
          },
        },
      ],
      'Operations[0] and Operations[1] act on the same item (table Carts, key {"id":7}); a transaction may include each item only once.',
    ],
    [
      "a put of an item that another operation deletes",
      [
        { put: { tableName: "Carts", item: { id: 7, total: 3 } } },
        { delete: { tableName: "Carts", key: { id: 7 } } },
      ],
      /^Operations\[0\] and Operations\[1\] act on the same item/,
    ],
    [
      "an invalid per-operation Return Values setting",
      [
        {
          delete: {
            tableName: "Carts",
            key: { id: 7 },
            conditionExpression: "attribute_exists(id)",
            returnValuesOnConditionCheckFailure: "ALL_NEW",
          },
        },
      ],
      'Operations[0].delete.returnValuesOnConditionCheckFailure must be one of NONE, ALL_OLD, not "ALL_NEW".',
    ],
  ];

  it.each(cases)("rejects %s", async (_name, operations, message) => {
    const attempt = write(operations);
    if (typeof message === "string") await expect(attempt).rejects.toThrow(new Error(message));
    else await expect(attempt).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("does not confuse the same key on different tables, or different keys", async () => {
    ddbMock.on(TransactWriteItemsCommand).resolves({});
    await write([
      { delete: { tableName: "Carts", key: { id: 7 } } },
      { delete: { tableName: "Orders", key: { id: 7 } } },
      { put: { tableName: "Carts", item: { id: 8 } } },
    ]);
    expect(writeInput().TransactItems).toHaveLength(3);
  });

  it("rejects a Client Request Token longer than 36 characters", async () => {
    await expect(
      write([{ delete: { tableName: "Carts", key: { id: 7 } } }], {
        clientRequestToken: "x".repeat(37),
      }),
    ).rejects.toThrow("Client Request Token must be 1 to 36 characters, not 37.");
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("transactWriteItems failures", () => {
  const ops = [
    {
      put: {
        tableName: "Orders",
        item: { id: 1 },
        conditionExpression: "attribute_not_exists(id)",
      },
    },
    {
      update: {
        tableName: "Stock",
        key: { sku: "A1" },
        updateExpression: "SET #q = #q - :n",
        conditionExpression: "#q >= :n",
        expressionAttributeNames: { "#q": "qty" },
        expressionAttributeValues: { ":n": 1 },
      },
    },
    { delete: { tableName: "Carts", key: { id: 7 } } },
  ];

  it("names each failing operation, its kind, table and reason", async () => {
    ddbMock
      .on(TransactWriteItemsCommand)
      .rejects(
        cancelled([
          { Code: "None" },
          { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
          { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" },
        ]),
      );
    const error = await write(ops).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("TransactionCanceledException");
    expect((error as Error).message).toBe(
      "Transaction cancelled; nothing was written. Operations[1] (update on Stock): ConditionalCheckFailed — the condition was false. Operations[2] (delete on Carts): TransactionConflict — another request was changing the same item at the same time; run the transaction again. (TransactWriteItems (tables Orders, Stock, Carts) in region us-east-1)",
    );
  });

  it("shows the current item with ALL_OLD, and DynamoDB's message for validation errors", async () => {
    ddbMock.on(TransactWriteItemsCommand).rejects(
      cancelled([
        {
          Code: "ValidationError",
          Message: "One or more parameter values were invalid: Type mismatch for key",
        },
        {
          Code: "ConditionalCheckFailed",
          Message: "The conditional request failed",
          Item: { sku: { S: "A1" }, qty: { N: "0" } },
        },
        { Code: "None" },
      ]),
    );
    await expect(write(ops, { returnValuesOnConditionCheckFailure: "ALL_OLD" })).rejects.toThrow(
      'Transaction cancelled; nothing was written. Operations[0] (put on Orders): ValidationError — One or more parameter values were invalid: Type mismatch for key. Operations[1] (update on Stock): ConditionalCheckFailed — the condition was false. Current item: {"sku":"A1","qty":0}.',
    );
  });

  it("falls back to the codes in DynamoDB's message when there are no CancellationReasons", async () => {
    ddbMock.on(TransactWriteItemsCommand).rejects(
      new TransactionCanceledException({
        $metadata: {},
        message:
          "Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed]",
      }),
    );
    await expect(write(ops)).rejects.toThrow(
      "Transaction cancelled; nothing was written. Operations[2] (delete on Carts): ConditionalCheckFailed — the condition was false.",
    );
  });

  it("reads each table's key schema once: a second transaction sends only TransactWriteItems", async () => {
    ddbMock.on(TransactWriteItemsCommand).resolves({});
    await write(ops);
    expect(
      ddbMock.commandCalls(DescribeTableCommand).map((call) => call.args[0].input.TableName),
    ).toEqual(["Orders", "Stock", "Carts"]);
    ddbMock.resetHistory();
    await write(ops);
    expect(ddbMock.calls()).toHaveLength(1);
  });

  it("refuses a key that does not fit its table's key schema before sending, naming the operation", async () => {
    ddbMock
      .on(DescribeTableCommand, { TableName: "Stock" })
      .resolves(keyedOn(["sku", "S"], ["site", "S"]));
    await expect(write(ops)).rejects.toThrow(
      'Operations[1].update.key: the key attribute "site" is missing. The table\'s key is sku (S) and site (S).',
    );
    expect(ddbMock.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it("after an unattributed key error, reads the key schemas afresh (a re-created table) to name the operation", async () => {
    await write(ops).catch(() => undefined);
    ddbMock.on(TransactWriteItemsCommand).rejects(
      Object.assign(new Error("One of the required keys was not given a value"), {
        name: "ValidationException",
      }),
    );
    // Stock and Carts were re-created with other keys since their schemas were cached.
    ddbMock
      .on(DescribeTableCommand, { TableName: "Stock" })
      .resolves(keyedOn(["sku", "S"], ["site", "S"]));
    ddbMock.on(DescribeTableCommand, { TableName: "Carts" }).resolves(keyedOn(["id", "S"]));
    await expect(write(ops)).rejects.toThrow(
      "TransactWriteItems (tables Orders, Stock, Carts) failed in region us-east-1: ValidationException: One of the required keys was not given a value. Operations[1] (update on Stock): the key of table Stock is sku (a string) and site (a string), but the key given has sku. Operations[2] (delete on Carts): key attribute id of table Carts must be a string, not a number.",
    );
  });

  it("after an unattributed key error, blames no key that fits, whatever Object.prototype holds as S", async () => {
    ddbMock.on(TransactWriteItemsCommand).rejects(
      Object.assign(new Error("One of the required keys was not given a value"), {
        name: "ValidationException",
      }),
    );
    Object.defineProperty(Object.prototype, "S", {
      value: "x",
      writable: true,
      configurable: true,
    });
    try {
      const error = await write(ops).catch((caught: Error) => caught);
      expect((error as Error).message).toMatch(/^TransactWriteItems .*ValidationException/);
      expect((error as Error).message).not.toMatch(/must be a number/);
    } finally {
      delete (Object.prototype as Record<string, unknown>).S;
    }
  });

  it("fails naming DescribeTable when a key schema cannot be read, before sending", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .rejects(
        new ResourceNotFoundException({ $metadata: {}, message: "Requested resource not found" }),
      );
    await expect(write(ops)).rejects.toThrow(
      /^DescribeTable failed on table "Orders" in region us-east-1: ResourceNotFoundException/,
    );
    expect(ddbMock.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it("explains a Client Request Token reused for other operations", async () => {
    ddbMock
      .on(TransactWriteItemsCommand)
      .rejects(
        new IdempotentParameterMismatchException({ $metadata: {}, message: "UnknownError" }),
      );
    await expect(write(ops, { clientRequestToken: "t-1" })).rejects.toThrow(
      "TransactWriteItems (tables Orders, Stock, Carts) failed in region us-east-1: IdempotentParameterMismatchException: The Client Request Token was already used in the last 10 minutes for a different set of operations; use a new token for a different transaction.",
    );
  });

  it("names the table of a one-table transaction that does not exist", async () => {
    ddbMock
      .on(TransactWriteItemsCommand)
      .rejects(
        new ResourceNotFoundException({ $metadata: {}, message: "Requested resource not found" }),
      );
    await expect(write([{ delete: { tableName: "Carts", key: { id: 7 } } }])).rejects.toThrow(
      /^TransactWriteItems failed on table "Carts" in region us-east-1: ResourceNotFoundException/,
    );
  });

  it("never shows the secret access key", async () => {
    ddbMock
      .on(TransactWriteItemsCommand)
      .rejects(cancelled([{ Code: "ValidationError", Message: `bad value ${TEST_SECRET}` }]));
    const error = await write([{ delete: { tableName: "Carts", key: { id: 7 } } }]).catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toContain(
      "Operations[0] (delete on Carts): ValidationError — bad value ****",
    );
    expect((error as Error).message).not.toContain(TEST_SECRET);
  });
});

describe("transactGetItems", () => {
  it("has its inputs in order, with labels", () => {
    expect(Object.keys(transactGetItems.inputs)).toEqual([
      "awsRegion",
      "gets",
      "awsConnection",
      "returnDynamoJson",
      "maxAttempts",
    ]);
    expect(transactGetItems.inputs.gets.label).toBe("Items to Get");
  });

  it("sends the exact request, and returns items in order with null for missing ones", async () => {
    ddbMock.on(TransactGetItemsCommand).resolves({
      Responses: [{ Item: { id: { N: "1" }, status: { S: "new" }, total: { N: "42.5" } } }, {}],
    });
    const result = await get([
      { tableName: "Orders", key: { id: 1 } },
      {
        tableName: "Stock",
        key: { sku: "A1" },
        projectionExpression: "sku, #q",
        expressionAttributeNames: { "#q": "qty" },
      },
    ]);
    expect(ddbMock.commandCalls(TransactGetItemsCommand)[0].args[0].input).toEqual({
      TransactItems: [
        { Get: { TableName: "Orders", Key: { id: { N: "1" } } } },
        {
          Get: {
            TableName: "Stock",
            Key: { sku: { S: "A1" } },
            ProjectionExpression: "sku, #q",
            ExpressionAttributeNames: { "#q": "qty" },
          },
        },
      ],
    });
    expect(result).toEqual(transactGetItems.examplePayload);
  });

  it("accepts the AWS shape {Get: {TableName, Key}} and returns DynamoDB JSON on request", async () => {
    ddbMock.on(TransactGetItemsCommand).resolves({ Responses: [{ Item: { id: { N: "1" } } }] });
    const result = await get([{ Get: { TableName: "Orders", Key: { id: 1 } } }], {
      returnDynamoJson: "true",
    });
    expect(ddbMock.commandCalls(TransactGetItemsCommand)[0].args[0].input).toEqual({
      TransactItems: [{ Get: { TableName: "Orders", Key: { id: { N: "1" } } } }],
    });
    expect(result).toEqual({ data: { items: [{ id: { N: "1" } }], count: 1 } });
  });

  const invalid: [string, unknown, string | RegExp][] = [
    ["blank", "", /^Items to Get is required/],
    ["no key", [{ tableName: "Orders" }], "Items to Get[0]: key is required."],
    [
      "an unknown field",
      [{ tableName: "Orders", key: { id: 1 }, consistentRead: true }],
      /^Items to Get\[0\]: unknown field "consistentRead"/,
    ],
    [
      "the same item twice",
      [
        { tableName: "Orders", key: { id: 1 } },
        { tableName: "Orders", key: { id: 2 } },
        { tableName: "Orders", key: { id: 1 } },
      ],
      "Items to Get[0] and Items to Get[2] read the same item (table Orders); a transaction may include each item only once.",
    ],
    [
      "an undefined name placeholder",
      [{ tableName: "Orders", key: { id: 1 }, projectionExpression: "#s" }],
      "Items to Get[0]: projectionExpression uses #s, which expressionAttributeNames does not define.",
    ],
    [
      "101 entries",
      Array.from({ length: 101 }, (_, id) => ({ tableName: "Orders", key: { id } })),
      /^Items to Get has 101 entries; a transaction takes at most 100/,
    ],
  ];

  it.each(invalid)("rejects %s before any AWS call", async (_name, gets, message) => {
    const attempt = get(gets);
    if (typeof message === "string") await expect(attempt).rejects.toThrow(new Error(message));
    else await expect(attempt).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("names the entry whose read was cancelled", async () => {
    ddbMock
      .on(TransactGetItemsCommand)
      .rejects(cancelled([{ Code: "None" }, { Code: "TransactionConflict", Message: "conflict" }]));
    await expect(
      get([
        { tableName: "Orders", key: { id: 1 } },
        { tableName: "Stock", key: { sku: "A1" } },
      ]),
    ).rejects.toThrow(
      "Transaction cancelled; nothing was read. Items to Get[1] (get on Stock): TransactionConflict — another request was changing the same item at the same time; run the transaction again.",
    );
  });
});

/**
 * Batch Execute Statements and Execute Transaction (PartiQL) with the SDK mocked: the exact
 * statements sent (numbers exact, the AWS spelling accepted), each failed or cancelled statement
 * named by its index with its reason and current item, throttled statements sent again alone up to
 * Max Retries, none dropped, a reused Client Request Token explained; and firstKeyword reading a
 * statement's keyword in linear time.
 */
import {
  BatchExecuteStatementCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteTransactionCommand,
  IdempotentParameterMismatchException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { batchExecuteStatements } from "../../src/actions/partiql/batchExecuteStatements";
import { executeTransaction } from "../../src/actions/partiql/executeTransaction";
import { firstKeyword } from "../../src/common/partiqlText";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { BATCH_STATEMENTS_EXAMPLE, TRANSACTION_STATEMENTS_EXAMPLE } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";
import { failure } from "../support/outcome";
import { expectMatchesSchema } from "../support/schema";

const ddbMock = mockClient(DynamoDBClient);

const base = () => ({ awsConnection: keySecretConnection(), awsRegion: "us-east-1" });

function batch(statements: unknown, extra: Record<string, unknown> = {}) {
  return harness.action("batchExecuteStatements", {
    ...base(),
    statements: typeof statements === "string" ? statements : JSON.stringify(statements),
    ...extra,
  }) as Promise<{ data: Record<string, unknown> }>;
}

function transaction(statements: unknown, extra: Record<string, unknown> = {}) {
  return harness.action("executeTransaction", {
    ...base(),
    statements: typeof statements === "string" ? statements : JSON.stringify(statements),
    ...extra,
  }) as Promise<{ data: Record<string, unknown> }>;
}

/** A short test title for a long input. */
const cut = (text: string) => (text.length > 70 ? `${text.slice(0, 67)}...` : text);

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  backoffSettings.sleep = async () => {};
});

afterAll(() => {
  ddbMock.restore();
  resetBackoffSettings();
});

describe("firstKeyword", () => {
  it.each([
    ["SELECT * FROM t", "select"],
    ["  -- note\n /* c */ (select 1)", "select"],
    ["update t set a = 1", "update"],
    ["EXISTS(SELECT * FROM t)", "exists"],
    ["/* never closed", ""],
    ["", ""],
  ])("%j -> %j", (statement, keyword) => {
    expect(firstKeyword(statement)).toBe(keyword);
  });

  it("reads a long run of comments in linear time", () => {
    const started = Date.now();
    expect(firstKeyword(`${"/**/".repeat(200_000)}x`)).toBe("x");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("batchExecuteStatements", () => {
  it("sends the documented example as typed statements, numbers exact", async () => {
    ddbMock.on(BatchExecuteStatementCommand).resolves({
      Responses: [
        { TableName: "Stock" },
        {
          TableName: "Orders",
          Error: { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" },
        },
        { TableName: "Carts" },
      ],
    });
    const result = await batch(BATCH_STATEMENTS_EXAMPLE);
    expect(result).toEqual(batchExecuteStatements.examplePayload);
    expectMatchesSchema(batchExecuteStatements, result);
    expect(ddbMock.commandCalls(BatchExecuteStatementCommand)[0].args[0].input).toEqual({
      Statements: [
        {
          Statement: 'UPDATE "Stock" SET qty = qty - ? WHERE sku = ?',
          Parameters: [{ N: "1" }, { S: "A1" }],
        },
        {
          Statement: `INSERT INTO "Orders" VALUE {'id': ?, 'status': ?}`,
          Parameters: [{ N: "1001" }, { S: "new" }],
        },
        { Statement: 'DELETE FROM "Carts" WHERE id = 7' },
      ],
    });
  });

  it("keeps every digit, takes the AWS spelling, consistentRead and returnValuesOnConditionCheckFailure", async () => {
    ddbMock.on(BatchExecuteStatementCommand).resolves({
      Responses: [{ TableName: "T", Item: { id: { N: "123456789012345678901234567890" } } }],
    });
    const result = await batch(
      '[{"Statement": "SELECT * FROM T WHERE id = ?", "Parameters": [123456789012345678901234567890], "ConsistentRead": true, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}]',
    );
    expect(ddbMock.commandCalls(BatchExecuteStatementCommand)[0].args[0].input).toEqual({
      Statements: [
        {
          Statement: "SELECT * FROM T WHERE id = ?",
          Parameters: [{ N: "123456789012345678901234567890" }],
          ConsistentRead: true,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      ],
    });
    expect(result.data.results).toEqual([
      {
        index: 0,
        succeeded: true,
        tableName: "T",
        item: { id: "123456789012345678901234567890" },
        error: null,
        uncertain: false,
      },
    ]);
  });

  it("names each failed statement by its index, with the current item when asked for", async () => {
    ddbMock.on(BatchExecuteStatementCommand).resolves({
      Responses: [
        { TableName: "T" },
        {
          Error: {
            Code: "ConditionalCheckFailed",
            Message: "The conditional request failed",
            Item: { id: { N: "2" }, qty: { N: "0" } },
          },
        },
      ],
    });
    const result = await batch([
      "UPDATE T SET qty = 1 WHERE id = 1",
      { statement: "UPDATE T SET qty = 1 WHERE id = 2 AND qty > 5" },
    ]);
    expectMatchesSchema(batchExecuteStatements, result);
    expect(result.data).toEqual({
      results: [
        { index: 0, succeeded: true, tableName: "T", item: null, error: null, uncertain: false },
        {
          index: 1,
          succeeded: false,
          tableName: null,
          item: null,
          error: {
            code: "ConditionalCheckFailed",
            message: "The conditional request failed",
            item: { id: 2, qty: 0 },
          },
          uncertain: false,
        },
      ],
      succeededCount: 1,
      failedCount: 1,
      failedIndexes: [1],
      uncertainIndexes: [],
    });
  });

  it("sends a throttled statement again, alone, and reports its final outcome in its place", async () => {
    ddbMock
      .on(BatchExecuteStatementCommand)
      .resolvesOnce({
        Responses: [
          { TableName: "T" },
          { Error: { Code: "ThrottlingError", Message: "Throughput exceeds the limit" } },
          { Error: { Code: "ConditionalCheckFailed", Message: "The conditional request failed" } },
        ],
      })
      .resolvesOnce({ Responses: [{ TableName: "T" }] });
    const result = await batch([
      "DELETE FROM T WHERE id = 1",
      "DELETE FROM T WHERE id = 2",
      "DELETE FROM T WHERE id = 3 AND a = 1",
    ]);
    const sent = ddbMock
      .commandCalls(BatchExecuteStatementCommand)
      .map((call) => call.args[0].input);
    expect(sent.map((input) => input.Statements?.map((entry) => entry.Statement))).toEqual([
      [
        "DELETE FROM T WHERE id = 1",
        "DELETE FROM T WHERE id = 2",
        "DELETE FROM T WHERE id = 3 AND a = 1",
      ],
      ["DELETE FROM T WHERE id = 2"],
    ]);
    expect(result.data.failedIndexes).toEqual([2]);
    expect((result.data.results as { succeeded: boolean }[]).map((r) => r.succeeded)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("reports a statement still throttled after Max Retries as failed, by its index", async () => {
    ddbMock.on(BatchExecuteStatementCommand).resolves({
      Responses: [{ Error: { Code: "ProvisionedThroughputExceeded", Message: "capacity" } }],
    });
    const result = await batch(["DELETE FROM T WHERE id = 1"], { maxRetries: "2" });
    expect(ddbMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(3);
    expect(result.data.failedIndexes).toEqual([0]);
    expect((result.data.results as { error: { code: string } }[])[0].error.code).toBe(
      "ProvisionedThroughputExceeded",
    );
  });

  it("reports a statement DynamoDB gave no answer for, rather than dropping it", async () => {
    ddbMock.on(BatchExecuteStatementCommand).resolves({ Responses: [{ TableName: "T" }] });
    const result = await batch(["DELETE FROM T WHERE id = 1", "DELETE FROM T WHERE id = 2"]);
    expect(result.data.failedIndexes).toEqual([1]);
    expect((result.data.results as { error: unknown }[])[1].error).toEqual({
      code: "MissingResponse",
      message: "DynamoDB returned no answer for this statement.",
      item: null,
    });
  });

  it.each(
    [
      ["", "Statements is required: a JSON list such as"],
      ["[]", "Statements is empty: give at least one entry, such as"],
      [
        JSON.stringify(Array.from({ length: 26 }, () => "DELETE FROM T WHERE id = 1")),
        "Statements has 26 entries; a batch takes at most 25. Split it into several batches.",
      ],
      [
        '[{"statement": "SELECT * FROM T WHERE id = ?", "parameters": []}]',
        "Statements[0]: the statement has 1 ? placeholder but Statements[0].parameters has 0 values. Give one value per ?, in order.",
      ],
      [
        '["DELETE FROM T WHERE id = 1", {"statement": "DELETE FROM T WHERE id = 2", "parameters": [5]}]',
        "Statements[1]: the statement has 0 ? placeholders but Statements[1].parameters has 1 value. Give one value per ?, in order, or clear Statements[1].parameters.",
      ],
      [
        '["SELECT * FROM T WHERE id = 1", "DELETE FROM T WHERE id = 2"]',
        "Statements mixes reads and writes: Statements[0] is a SELECT and Statements[1] is a DELETE. DynamoDB runs a batch of only reads or only writes; split them into two steps.",
      ],
      ['[{"statement": "  "}]', "Statements[0].statement must be a non-empty string."],
      [
        '[{"statement": "DELETE FROM T", "parameters": "[1]"}]',
        "Statements[0]: the statement has 0 ? placeholders but Statements[0].parameters has 1 value.",
      ],
      [
        `[{"statement": "SELECT * FROM T WHERE id = ?", "parameters": [${"9".repeat(39)}]}]`,
        "Statements[0].parameters[0] holds a number DynamoDB cannot store",
      ],
    ].map(([statements, message]) => [cut(statements), statements, message]),
  )("refuses %s before any request", async (_, statements, message) => {
    const error = await failure(batch(statements));
    expect(error.message).toContain(message);
    expect(error.name).toBe("InputError");
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("executeTransaction", () => {
  it("sends the example with its Client Request Token and returns the example payload", async () => {
    ddbMock.on(ExecuteTransactionCommand).resolves({ Responses: [{}, {}] });
    const result = await transaction(TRANSACTION_STATEMENTS_EXAMPLE, {
      clientRequestToken: "order-1001",
    });
    expect(result).toEqual(executeTransaction.examplePayload);
    expectMatchesSchema(executeTransaction, result);
    expect(ddbMock.commandCalls(ExecuteTransactionCommand)[0].args[0].input).toEqual({
      TransactStatements: [
        {
          Statement: 'UPDATE "Stock" SET qty = qty - ? WHERE sku = ? AND qty >= ?',
          Parameters: [{ N: "1" }, { S: "A1" }, { N: "1" }],
        },
        {
          Statement: `INSERT INTO "Orders" VALUE {'id': ?, 'sku': ?}`,
          Parameters: [{ N: "1001" }, { S: "A1" }],
        },
      ],
      ClientRequestToken: "order-1001",
    });
  });

  it("returns what SELECT statements read, one entry per statement", async () => {
    ddbMock.on(ExecuteTransactionCommand).resolves({
      Responses: [{ Item: { id: { N: "1" }, tags: { SS: ["a"] } } }, {}],
    });
    const result = await transaction([
      "SELECT * FROM T WHERE id = 1",
      "SELECT * FROM T WHERE id = 2",
    ]);
    expect(result.data).toEqual({
      succeeded: true,
      statementCount: 2,
      items: [{ id: 1, tags: ["a"] }, null],
      count: 1,
    });
  });

  it("names the cancelled statements by index, with the reason and the current item", async () => {
    ddbMock.on(ExecuteTransactionCommand).rejects(
      new TransactionCanceledException({
        $metadata: {},
        message:
          "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, DuplicateItem]",
        CancellationReasons: [
          { Code: "None" },
          { Code: "ConditionalCheckFailed", Item: { sku: { S: "A1" }, qty: { N: "0" } } },
          { Code: "DuplicateItem" },
        ],
      }),
    );
    const error = await failure(
      transaction([
        "UPDATE Stock SET qty = 1 WHERE sku = 'B'",
        {
          statement: "UPDATE Stock SET qty = qty - 1 WHERE sku = 'A1' AND qty > 0",
          returnValuesOnConditionCheckFailure: "ALL_OLD",
        },
        "INSERT INTO Orders VALUE {'id': 1}",
      ]),
    );
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toBe(
      'Transaction cancelled; no statement was applied. Statements[1] (UPDATE): ConditionalCheckFailed — the condition was false. Current item: {"sku":"A1","qty":0}. Statements[2] (INSERT): DuplicateItem — an item with this key already exists (a PartiQL INSERT never replaces an item; use UPDATE, or check with EXISTS first). (ExecuteTransaction in region us-east-1)',
    );
    expect(
      ddbMock.commandCalls(ExecuteTransactionCommand)[0].args[0].input.TransactStatements?.[1],
    ).toEqual(expect.objectContaining({ ReturnValuesOnConditionCheckFailure: "ALL_OLD" }));
    // PartiQL names no key to compare: no DescribeTable is read to diagnose it.
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
  });

  it("explains a reused Client Request Token", async () => {
    ddbMock
      .on(ExecuteTransactionCommand)
      .rejects(new IdempotentParameterMismatchException({ $metadata: {}, message: "mismatch" }));
    const error = await failure(
      transaction(["DELETE FROM T WHERE id = 1"], { clientRequestToken: "tok" }),
    );
    expect(error.message).toContain("The Client Request Token was already used");
    expect(error.message).not.toContain(TEST_SECRET);
  });

  it.each(
    [
      [
        JSON.stringify(Array.from({ length: 101 }, () => "DELETE FROM T WHERE id = 1")),
        "Statements has 101 entries; a transaction takes at most 100. Split it into several transactions.",
      ],
      [
        '[{"statement": "SELECT * FROM T WHERE id = 1", "consistentRead": true}]',
        'Statements[0]: unknown field "consistentRead"; each entry takes statement, parameters, returnValuesOnConditionCheckFailure.',
      ],
      [
        '["UPDATE T SET a = 1 WHERE id = 1", "SELECT * FROM T WHERE id = 2"]',
        "Statements mixes reads and writes: Statements[1] is a SELECT and Statements[0] is an UPDATE. DynamoDB runs a transaction of only reads or only writes; split them into two steps.",
      ],
      [
        '[{"statement": "DELETE FROM T WHERE id = 1", "returnValuesOnConditionCheckFailure": "ALL_NEW"}]',
        'Statements[0].returnValuesOnConditionCheckFailure must be one of NONE, ALL_OLD, not "ALL_NEW".',
      ],
    ].map(([statements, message]) => [cut(statements), statements, message]),
  )("refuses %s before any request", async (_, statements, message) => {
    const error = await failure(transaction(statements));
    expect(error.message).toBe(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("lets EXISTS checks join writes", async () => {
    ddbMock.on(ExecuteTransactionCommand).resolves({ Responses: [{}, {}] });
    await transaction([
      "EXISTS(SELECT * FROM Users WHERE id = 9 AND active = true)",
      "DELETE FROM Carts WHERE id = 7",
    ]);
    expect(ddbMock.commandCalls(ExecuteTransactionCommand)).toHaveLength(1);
  });

  it("refuses a Client Request Token over 36 characters", async () => {
    const error = await failure(
      transaction(["DELETE FROM T WHERE id = 1"], { clientRequestToken: "x".repeat(37) }),
    );
    expect(error.message).toBe(
      "Client Request Token must be 1 to 36 characters, not 37. For example: order-1001-checkout",
    );
  });
});

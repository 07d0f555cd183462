/**
 * The transaction and statement-list request builders, called without a client: TransactWriteItems,
 * TransactGetItems, ExecuteTransaction and BatchExecuteStatement requests from cleaned entries (in
 * order, the Client Request Token only when given), and how a cancellation message names each entry.
 */
import {
  BATCH_STATEMENTS,
  batchExecuteStatementRequest,
  cleanStatements,
  executeTransactionRequest,
  statementEntries,
  TRANSACTION_STATEMENTS,
} from "../../src/engines/statements";
import {
  cleanGets,
  cleanOperations,
  getEntries,
  operationEntries,
  transactGetRequest,
  transactWriteRequest,
} from "../../src/engines/transactions";

const operations = () =>
  cleanOperations(
    JSON.stringify([
      { put: { tableName: "Orders", item: { id: 1, status: "new" } } },
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
      { Delete: { TableName: "Carts", Key: { id: 7 } } },
    ]),
    "ALL_OLD",
  );

describe("transactWriteRequest", () => {
  it("sends the operations in order, the default return only on conditional ones", () => {
    expect(transactWriteRequest(operations())).toEqual({
      TransactItems: [
        { Put: { TableName: "Orders", Item: { id: { N: "1" }, status: { S: "new" } } } },
        {
          Update: {
            TableName: "Stock",
            Key: { sku: { S: "A1" } },
            UpdateExpression: "SET #q = #q - :n",
            ConditionExpression: "#q >= :n",
            ExpressionAttributeNames: { "#q": "qty" },
            ExpressionAttributeValues: { ":n": { N: "1" } },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        { Delete: { TableName: "Carts", Key: { id: { N: "7" } } } },
      ],
    });
  });

  it("adds the Client Request Token only when one is given", () => {
    expect(transactWriteRequest(operations(), "order-1001")).toMatchObject({
      ClientRequestToken: "order-1001",
    });
    expect(transactWriteRequest(operations(), undefined)).not.toHaveProperty("ClientRequestToken");
    expect(transactWriteRequest(operations(), "")).not.toHaveProperty("ClientRequestToken");
  });

  it("names each operation by its place, kind and table", () => {
    expect(operationEntries(operations()).map((entry) => entry.name)).toEqual([
      "Operations[0] (put on Orders)",
      "Operations[1] (update on Stock)",
      "Operations[2] (delete on Carts)",
    ]);
  });
});

describe("transactGetRequest", () => {
  const gets = () =>
    cleanGets(
      JSON.stringify([
        { tableName: "Orders", key: { id: 1 } },
        { Get: { tableName: "Stock", key: { sku: "A1" }, projectionExpression: "sku" } },
      ]),
    );

  it("sends the gets in order, projections as given", () => {
    expect(transactGetRequest(gets())).toEqual({
      TransactItems: [
        { Get: { TableName: "Orders", Key: { id: { N: "1" } } } },
        { Get: { TableName: "Stock", Key: { sku: { S: "A1" } }, ProjectionExpression: "sku" } },
      ],
    });
  });

  it("names each get by its place and table, with its key", () => {
    expect(getEntries(gets())).toEqual([
      { name: "Items to Get[0] (get on Orders)", table: "Orders", key: { id: { N: "1" } } },
      { name: "Items to Get[1] (get on Stock)", table: "Stock", key: { sku: { S: "A1" } } },
    ]);
  });
});

describe("the PartiQL list requests", () => {
  const writes = JSON.stringify([
    { statement: 'UPDATE "Stock" SET qty = qty - ? WHERE sku = ?', parameters: [1, "A1"] },
    'DELETE FROM "Carts" WHERE id = 7',
  ]);

  it("executeTransactionRequest sends the statements in order, with the token when given", () => {
    const statements = cleanStatements(writes, TRANSACTION_STATEMENTS);
    const expected = {
      TransactStatements: [
        {
          Statement: 'UPDATE "Stock" SET qty = qty - ? WHERE sku = ?',
          Parameters: [{ N: "1" }, { S: "A1" }],
        },
        { Statement: 'DELETE FROM "Carts" WHERE id = 7' },
      ],
    };
    expect(executeTransactionRequest(statements)).toEqual(expected);
    expect(executeTransactionRequest(statements, "t-1")).toEqual({
      ...expected,
      ClientRequestToken: "t-1",
    });
  });

  it("batchExecuteStatementRequest keeps each statement's consistent read and return setting", () => {
    const statements = cleanStatements(
      JSON.stringify([
        {
          statement: 'SELECT * FROM "Stock" WHERE sku = ?',
          parameters: ["A1"],
          consistentRead: true,
        },
        {
          statement: 'SELECT * FROM "Stock" WHERE sku = ?',
          parameters: ["B2"],
          returnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      ]),
      BATCH_STATEMENTS,
    );
    expect(batchExecuteStatementRequest(statements)).toEqual({
      Statements: [
        {
          Statement: 'SELECT * FROM "Stock" WHERE sku = ?',
          Parameters: [{ S: "A1" }],
          ConsistentRead: true,
        },
        {
          Statement: 'SELECT * FROM "Stock" WHERE sku = ?',
          Parameters: [{ S: "B2" }],
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      ],
    });
  });

  it("statementEntries names each statement by its place and first keyword", () => {
    const statements = cleanStatements(writes, TRANSACTION_STATEMENTS);
    expect(statementEntries(statements)).toEqual([
      { name: "Statements[0] (UPDATE)", table: "" },
      { name: "Statements[1] (DELETE)", table: "" },
    ]);
  });
});

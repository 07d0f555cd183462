/**
 * Batch Execute Statements and Execute Transaction (PartiQL) against DynamoDB Local: a batch
 * applies every statement that succeeds and names the one that fails by its index; reads are exact
 * (numbers digit for digit, null for no item); a transaction applies all its statements or none,
 * naming the statement whose condition was false, and reads in one snapshot.
 */
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { batchExecuteStatements } from "../../src/actions/partiql/batchExecuteStatements";
import { executeTransaction } from "../../src/actions/partiql/executeTransaction";
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
import { failure } from "../support/outcome";
import { expectMatchesSchema } from "../support/schema";

const stock = uniqueTableName("stmt_stock");
let client: DynamoDBClient;

const base = () => ({ awsConnection: localConnection(), awsRegion: LOCAL_REGION });

async function qtyOf(sku: string): Promise<string | undefined> {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: stock, Key: { sku: { S: sku } }, ConsistentRead: true }),
  );
  return Item?.qty?.N;
}

beforeAll(async () => {
  client = rawClient();
  await createTestTable(stock, { hashKey: { name: "sku", type: "S" } });
  for (let i = 0; i < 10; i++) {
    await client.send(
      new PutItemCommand({
        TableName: stock,
        Item: { sku: { S: `S${i}` }, qty: { N: "5" } },
      }),
    );
  }
});

afterAll(async () => {
  await deleteTestTable(stock);
  client.destroy();
  clearClientCache();
});

describe("batchExecuteStatements", () => {
  it("runs ten writes, names the one that fails by its index and applies the other nine", async () => {
    const statements = Array.from({ length: 10 }, (_, i) =>
      i === 6
        ? // A false condition: S6 has qty 5.
          {
            statement: `UPDATE "${stock}" SET qty = qty - ? WHERE sku = ? AND qty >= ?`,
            parameters: [1, `S${i}`, 100],
          }
        : {
            statement: `UPDATE "${stock}" SET qty = qty - ? WHERE sku = ?`,
            parameters: [1, `S${i}`],
          },
    );
    const result = (await harness.action("batchExecuteStatements", {
      ...base(),
      statements: JSON.stringify(statements),
    })) as { data: { results: { index: number; succeeded: boolean; error: unknown }[] } };
    expectMatchesSchema(batchExecuteStatements, result);
    const data = result.data as unknown as {
      results: { index: number; succeeded: boolean; error: { code: string } | null }[];
      succeededCount: number;
      failedCount: number;
      failedIndexes: number[];
    };
    expect(data.failedIndexes).toEqual([6]);
    expect(data.succeededCount).toBe(9);
    expect(data.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(data.results[6].error?.code).toBe("ConditionalCheckFailed");
    for (let i = 0; i < 10; i++) {
      expect([i, await qtyOf(`S${i}`)]).toEqual([i, i === 6 ? "5" : "4"]);
    }
  });

  it("reads items with SELECT, numbers exact, and null for a key with no item", async () => {
    await client.send(
      new PutItemCommand({
        TableName: stock,
        Item: { sku: { S: "BIG" }, qty: { N: "12345678901234567890123456789" } },
      }),
    );
    const result = (await harness.action("batchExecuteStatements", {
      ...base(),
      statements: `[{"statement": "SELECT * FROM \\"${stock}\\" WHERE sku = ?", "parameters": ["BIG"], "consistentRead": true},
        "SELECT * FROM \\"${stock}\\" WHERE sku = 'NONE'"]`,
    })) as { data: { results: { item: unknown; succeeded: boolean }[] } };
    expectMatchesSchema(batchExecuteStatements, result);
    expect(result.data.results[0]).toEqual(
      expect.objectContaining({
        succeeded: true,
        item: { sku: "BIG", qty: "12345678901234567890123456789" },
      }),
    );
    expect(result.data.results[1]).toEqual(
      expect.objectContaining({ succeeded: true, item: null }),
    );
  });
});

describe("executeTransaction", () => {
  it("applies every statement together", async () => {
    const result = await harness.action("executeTransaction", {
      ...base(),
      statements: JSON.stringify([
        { statement: `UPDATE "${stock}" SET qty = ? WHERE sku = ?`, parameters: [20, "S0"] },
        { statement: `INSERT INTO "${stock}" VALUE {'sku': ?, 'qty': ?}`, parameters: ["NEW", 1] },
      ]),
      clientRequestToken: "stmt-tx-1",
    });
    expectMatchesSchema(executeTransaction, result);
    expect(result).toEqual({
      data: { succeeded: true, statementCount: 2, items: [null, null], count: 0 },
    });
    expect(await qtyOf("S0")).toBe("20");
    expect(await qtyOf("NEW")).toBe("1");
  });

  it("writes nothing when one statement's condition is false, and names that statement", async () => {
    const before = await Promise.all(["S1", "S2", "S3"].map(qtyOf));
    const error = await failure(
      harness.action("executeTransaction", {
        ...base(),
        statements: JSON.stringify([
          { statement: `UPDATE "${stock}" SET qty = ? WHERE sku = ?`, parameters: [99, "S1"] },
          { statement: `UPDATE "${stock}" SET qty = ? WHERE sku = ?`, parameters: [99, "S2"] },
          {
            statement: `UPDATE "${stock}" SET qty = ? WHERE sku = ? AND qty > ?`,
            parameters: [99, "S3", 1000],
          },
          { statement: `INSERT INTO "${stock}" VALUE {'sku': 'TXNEW', 'qty': 1}` },
        ]),
      }),
    );
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toContain("Transaction cancelled; no statement was applied.");
    expect(error.message).toContain("Statements[2] (UPDATE): ConditionalCheckFailed");
    expect(error.message).not.toContain("Statements[0]");
    expect(await Promise.all(["S1", "S2", "S3"].map(qtyOf))).toEqual(before);
    expect(await qtyOf("TXNEW")).toBeUndefined();
  });

  it("reads items in one snapshot", async () => {
    const result = (await harness.action("executeTransaction", {
      ...base(),
      statements: JSON.stringify([
        { statement: `SELECT * FROM "${stock}" WHERE sku = ?`, parameters: ["S0"] },
        { statement: `SELECT * FROM "${stock}" WHERE sku = ?`, parameters: ["NOPE"] },
      ]),
    })) as { data: { items: unknown[]; count: number } };
    expectMatchesSchema(executeTransaction, result);
    expect(result.data.items).toEqual([{ sku: "S0", qty: 20 }, null]);
    expect(result.data.count).toBe(1);
  });
});

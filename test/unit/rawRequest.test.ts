/**
 * Raw Request (PartiQL) with a mocked SDK: the inputs of contract/compat.json and the ["Rose"]
 * default, the exact ExecuteStatementCommand input, placeholder counting, parameters (lossless
 * numbers), Query Parameters, Next Token, Fetch All over NextToken with Max Items, and input
 * errors.
 */
import { DynamoDBClient, ExecuteStatementCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { rawRequest } from "../../src/actions/partiql/rawRequest";
import { countPlaceholders, isSelect } from "../../src/engines/partiql";
import component from "../../src/index";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const THIRTY_DIGITS = "123456789012345678901234567890";

const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };

interface RawResult {
  data: {
    items: Record<string, unknown>[];
    count: number;
    nextToken: string | null;
    truncated: boolean;
    truncatedReason: string | null;
  };
}

async function run(params: Record<string, unknown>): Promise<RawResult> {
  return (await harness.action("rawRequest", { ...base, ...params })) as RawResult;
}

const sentInputs = () => ddbMock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);

function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(ExecuteStatementCommand).resolves({ Items: [] });
});

describe("inputs keep the contract's keys, labels and default (contract/compat.json)", () => {
  const inputs = component.actions.rawRequest.inputs as {
    key: string;
    label: string;
    default?: unknown;
    required?: boolean;
    type: string;
  }[];

  it("starts with the seed's inputs, then the new optional ones", () => {
    expect(component.actions.rawRequest.display).toMatchObject({
      label: "Raw Request",
      description: "Execute single PartiQL statements.",
    });
    expect(inputs.map((i) => i.key)).toEqual([
      "awsRegion",
      "statement",
      "parameters",
      "queryParameters",
      "awsConnection",
      "fetchAll",
      "maxItems",
      "nextToken",
      "consistentRead",
      "returnDynamoJson",
      "maxAttempts",
    ]);
    const byKey = Object.fromEntries(inputs.map((i) => [i.key, i]));
    expect(byKey.statement).toMatchObject({ label: "Statement", required: true });
    expect(byKey.parameters).toMatchObject({
      label: "Parameters",
      type: "code",
      default: JSON.stringify(["Rose"], null, 2),
    });
    expect(byKey.queryParameters.label).toBe("Query Parameters");
    expect(byKey.fetchAll).toMatchObject({ label: "Fetch All", default: "false" });
    expect(byKey.nextToken.label).toBe("Next Token");
    for (const key of Object.keys(byKey).slice(5)) expect(byKey[key].required).toBeFalsy();
  });
});

describe("countPlaceholders", () => {
  it.each([
    ["SELECT * FROM t", 0],
    ["SELECT * FROM t WHERE a = ? AND b = ?", 2],
    ["SELECT * FROM t WHERE a = '?' AND b = ?", 1],
    ["SELECT * FROM t WHERE a = 'it''s ?' AND b = ?", 1],
    ['SELECT "odd?name" FROM "t?" WHERE a = ?', 1],
    ['SELECT "say ""?""" FROM t WHERE a=?', 1],
    ["SELECT * FROM t WHERE a = `{x: '?'}` AND b = ?", 1],
    ["SELECT * FROM t -- why?\nWHERE a = ?", 1],
    ["SELECT * FROM t /* ? */ WHERE a = ?", 1],
    ["INSERT INTO t VALUE {'a': ?, 'b': ?, 'c': [?, ?]}", 4],
    ["SELECT * FROM t WHERE a = 'unterminated ?", 0],
  ])("%s has %i", (statement, count) => {
    expect(countPlaceholders(statement)).toBe(count);
  });
});

describe("isSelect", () => {
  it.each([
    ["SELECT * FROM t", true],
    ["  select a FROM t", true],
    ["-- note\n/* more */ (SELECT a FROM t)", true],
    ["INSERT INTO t VALUE {'a': 1}", false],
    ["UPDATE t SET a = 1 WHERE k = 1 RETURNING ALL NEW *", false],
    ["selector", false],
  ])("%s: %s", (statement, expected) => {
    expect(isSelect(statement)).toBe(expected);
  });
});

describe("the ExecuteStatementCommand", () => {
  it('a statement without placeholders is sent alone: the default ["Rose"] is not sent', async () => {
    await run({ statement: 'SELECT * FROM "Customers"' });
    expect(sentInputs()).toEqual([{ Statement: 'SELECT * FROM "Customers"' }]);
  });

  it('the untouched default ["Rose"] fills a single placeholder, as in the old component', async () => {
    await run({ statement: 'SELECT * FROM "Customers" WHERE customerName = ?' });
    expect(sentInputs()).toEqual([
      {
        Statement: 'SELECT * FROM "Customers" WHERE customerName = ?',
        Parameters: [{ S: "Rose" }],
      },
    ]);
  });

  it("parameters are plain JSON, numbers keep every digit", async () => {
    await run({
      statement: "INSERT INTO \"T\" VALUE {'a': ?, 'b': ?, 'c': ?, 'd': ?, 'e': ?, 'f': ?}",
      parameters: `["text", ${THIRTY_DIGITS}, true, null, [1, "x"], {"k": 2.5}]`,
    });
    expect(sentInputs()[0].Parameters).toEqual([
      { S: "text" },
      { N: THIRTY_DIGITS },
      { BOOL: true },
      { NULL: true },
      { L: [{ N: "1" }, { S: "x" }] },
      { M: { k: { N: "2.5" } } },
    ]);
  });

  it("takes an already-parsed array (code-native flows)", async () => {
    await run({ statement: "SELECT * FROM t WHERE a = ? AND b = ?", parameters: ["x", 2] });
    expect(sentInputs()[0].Parameters).toEqual([{ S: "x" }, { N: "2" }]);
  });

  it("sends Next Token and Consistent Read", async () => {
    await run({ statement: "SELECT * FROM t", nextToken: "token-1", consistentRead: "true" });
    expect(sentInputs()).toEqual([
      { Statement: "SELECT * FROM t", NextToken: "token-1", ConsistentRead: true },
    ]);
  });

  it("merges Query Parameters into the command", async () => {
    await run({
      statement: "SELECT * FROM t",
      queryParameters: kv({ Limit: "10", ReturnConsumedCapacity: "TOTAL" }),
    });
    expect(sentInputs()).toEqual([
      { Statement: "SELECT * FROM t", Limit: 10, ReturnConsumedCapacity: "TOTAL" },
    ]);
  });

  it("typed Parameters in Query Parameters stand in for the untouched default", async () => {
    await run({
      statement: "SELECT * FROM t WHERE a = ? AND b = ?",
      queryParameters: kv({ Parameters: '[{"S": "x"}, {"N": "2"}]' }),
    });
    expect(sentInputs()).toEqual([
      { Statement: "SELECT * FROM t WHERE a = ? AND b = ?", Parameters: [{ S: "x" }, { N: "2" }] },
    ]);
  });

  it.each([
    ["Statement", '"SELECT 1"', "Statement", {}],
    ["Parameters", '[{"S": "x"}]', "Parameters", { parameters: '["y"]' }],
    ["NextToken", '"abc"', "Next Token", { nextToken: "def" }],
  ])(
    "a Query Parameter %s that an input sets too is an error naming both",
    async (name, value, label, extra) => {
      await expect(
        run({
          statement: "SELECT * FROM t WHERE a = ?",
          ...extra,
          queryParameters: kv({ [name]: value }),
        }),
      ).rejects.toThrow(`Query Parameters: "${name}" conflicts with the ${label} input`);
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );

  it("returns items as plain JSON, or typed with Return DynamoDB JSON, and the next token", async () => {
    const item = { id: { N: THIRTY_DIGITS }, name: { S: "Rose" }, tags: { SS: ["a"] } };
    ddbMock.on(ExecuteStatementCommand).resolves({ Items: [item], NextToken: "next-1" });
    const plain = await run({ statement: "SELECT * FROM t" });
    expect(plain.data).toEqual({
      items: [{ id: THIRTY_DIGITS, name: "Rose", tags: ["a"] }],
      count: 1,
      nextToken: "next-1",
      truncated: false,
      truncatedReason: null,
    });
    const typed = await run({ statement: "SELECT * FROM t", returnDynamoJson: "true" });
    expect(typed.data.items).toEqual([item]);
  });

  it("AWS errors name the operation and region", async () => {
    const error = Object.assign(new Error("Statement wasn't well formed"), {
      name: "ValidationException",
    });
    ddbMock.on(ExecuteStatementCommand).rejects(error);
    await expect(run({ statement: "SELEC * FROM t" })).rejects.toThrow(
      "ExecuteStatement failed in region us-east-1: ValidationException: Statement wasn't well formed",
    );
  });
});

describe("input errors, before any call", () => {
  it.each([
    ["no statement", { statement: "" }, "Statement is required."],
    [
      "more parameters than placeholders",
      { statement: "SELECT * FROM t WHERE a = ?", parameters: '["a", "b"]' },
      "The Statement has 1 ? placeholder but Parameters has 2 values. Give one value per ?, in order.",
    ],
    [
      "parameters for a statement without placeholders",
      { statement: "SELECT * FROM t", parameters: '["a"]' },
      "The Statement has 0 ? placeholders but Parameters has 1 value. Give one value per ?, in order, or clear Parameters.",
    ],
    [
      "the default for two placeholders",
      { statement: "SELECT * FROM t WHERE a = ? AND b = ?" },
      'The Statement has 2 ? placeholders but Parameters is still its default ["Rose"] (1 value).',
    ],
    [
      "no parameters for a placeholder",
      { statement: "SELECT * FROM t WHERE a = ?", parameters: "" },
      "The Statement has 1 ? placeholder but Parameters has 0 values.",
    ],
    [
      "parameters that are not an array",
      { statement: "SELECT * FROM t WHERE a = ?", parameters: '{"a": 1}' },
      'Parameters must be a JSON array with one value per ? in the Statement, such as ["Rose", 42, true].',
    ],
    [
      "parameters that are not JSON",
      { statement: "SELECT * FROM t WHERE a = ?", parameters: "['a']" },
      "Parameters is not valid JSON",
    ],
    [
      "a number DynamoDB cannot store",
      { statement: "SELECT * FROM t WHERE a = ?", parameters: "[1e999]" },
      "Parameters (value 1) holds a number DynamoDB cannot store",
    ],
    [
      "Max Items without Fetch All",
      { statement: "SELECT * FROM t", maxItems: "5" },
      "Max Items applies only with Fetch All. Turn on Fetch All, or clear Max Items.",
    ],
  ])("%s", async (_name, params, message) => {
    await expect(run(params)).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("Fetch All", () => {
  const item = (n: number) => ({ n: { N: String(n) } });
  const items = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => item(from + i));

  it("follows NextToken to the end, asking for no more than Max Items", async () => {
    ddbMock
      .on(ExecuteStatementCommand)
      .resolvesOnce({ Items: items(1, 3), NextToken: "t1" })
      .resolvesOnce({ Items: items(4, 5) });
    const result = await run({
      statement: "SELECT * FROM t WHERE a = ?",
      parameters: '["x"]',
      fetchAll: "true",
    });
    expect(sentInputs()).toEqual([
      { Statement: "SELECT * FROM t WHERE a = ?", Parameters: [{ S: "x" }], Limit: 10_000 },
      {
        Statement: "SELECT * FROM t WHERE a = ?",
        Parameters: [{ S: "x" }],
        Limit: 9_997,
        NextToken: "t1",
      },
    ]);
    expect(result.data).toEqual({
      items: [1, 2, 3, 4, 5].map((n) => ({ n })),
      count: 5,
      nextToken: null,
      truncated: false,
      truncatedReason: null,
    });
  });

  it("stops at Max Items with the token to continue from; a smaller page Limit is kept", async () => {
    ddbMock
      .on(ExecuteStatementCommand)
      .resolvesOnce({ Items: items(1, 4), NextToken: "t1" })
      .resolvesOnce({ Items: items(5, 6), NextToken: "t2" });
    const result = await run({
      statement: "SELECT * FROM t",
      fetchAll: "true",
      maxItems: "6",
      nextToken: "t0",
      queryParameters: kv({ Limit: "4" }),
    });
    expect(sentInputs()).toEqual([
      { Statement: "SELECT * FROM t", NextToken: "t0", Limit: 4 },
      { Statement: "SELECT * FROM t", NextToken: "t1", Limit: 2 },
    ]);
    expect(result.data).toEqual({
      items: [1, 2, 3, 4, 5, 6].map((n) => ({ n })),
      count: 6,
      nextToken: "t2",
      truncated: true,
      truncatedReason: "maxItems",
    });
  });

  it("sends no Limit with a statement that is not a SELECT", async () => {
    await run({ statement: "DELETE FROM t WHERE a = ?", parameters: "[1]", fetchAll: "true" });
    expect(sentInputs()).toEqual([
      { Statement: "DELETE FROM t WHERE a = ?", Parameters: [{ N: "1" }] },
    ]);
  });
});

describe("examplePayload", () => {
  it("is what perform returns for the documented example", async () => {
    ddbMock.on(ExecuteStatementCommand).resolves({
      Items: [{ customerId: { N: "1001" }, customerName: { S: "Rose" }, tags: { SS: ["vip"] } }],
    });
    const result = await run({ statement: 'SELECT * FROM "Customers" WHERE customerName = ?' });
    expect(result).toEqual(rawRequest.examplePayload);
  });
});

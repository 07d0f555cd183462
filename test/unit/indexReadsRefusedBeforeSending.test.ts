/**
 * A read DynamoDB refuses because of the kind of index it reads (a consistent read of a global
 * secondary index; Select ALL_ATTRIBUTES on a global index that does not project ALL) is refused
 * with an InputError naming the input by its label, before the Query or Scan is sent: the table's
 * keys are read (cached, else one DescribeTable) only for such a read. Reads DynamoDB accepts (a
 * local index, a global index that projects ALL) go out unchanged, and a read of an index without
 * Consistent Read or Select ALL_ATTRIBUTES reads no keys.
 */
import {
  BatchExecuteStatementCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { InputError } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);

const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1", tableName: "Orders" };
const index = (name: string, hash: string, projection?: "ALL" | "KEYS_ONLY" | "INCLUDE") => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: hash, KeyType: "HASH" as const },
    { AttributeName: "sk", KeyType: "RANGE" as const },
  ],
  ...(projection ? { Projection: { ProjectionType: projection } } : {}),
});
const ORDERS = {
  Table: {
    TableName: "Orders",
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" as const },
      { AttributeName: "sk", KeyType: "RANGE" as const },
    ],
    AttributeDefinitions: ["pk", "sk", "status", "email", "total"].map((name) => ({
      AttributeName: name,
      AttributeType: "S" as const,
    })),
    GlobalSecondaryIndexes: [
      index("byStatus", "status", "ALL"),
      index("byEmail", "email", "KEYS_ONLY"),
      index("byEmailNoProjection", "email"),
    ],
    LocalSecondaryIndexes: [
      {
        ...index("byTotal", "pk", "KEYS_ONLY"),
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" as const },
          { AttributeName: "total", KeyType: "RANGE" as const },
        ],
      },
    ],
  },
};

const kv = (entries: Record<string, string>) =>
  Object.entries(entries).map(([key, value]) => ({ key, value }));

const sent = () => ddbMock.calls().map((call) => (call.args[0] as object).constructor.name);

/** A Query Items step's inputs reading `indexName` by its hash key `hash`. */
const queryOn = (indexName: string, hash: string, extra: Record<string, unknown> = {}) => ({
  ...base,
  indexName,
  keyConditionExpression: `${hash} = :v`,
  expressionAttributeValues: kv({ ":v": "a" }),
  expressionAttributeValueTypes: kv({ ":v": "S" }),
  ...extra,
});

/** Caches the table's keys as an earlier step would (Get Item), then forgets the calls made. */
async function warm(): Promise<void> {
  await harness.action("getItem", { ...base, value: "a", rangeKeyValue: "b" });
  expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
  ddbMock.resetHistory();
}

/** The step fails with an InputError for `label`, naming it and `mentions`, having sent nothing. */
async function expectRefused(
  run: Promise<unknown>,
  label: string,
  mentions: RegExp,
  allowed: string[] = [],
): Promise<void> {
  const error = await failure(run);
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).label).toBe(label);
  expect((error as InputError).code).toBe("conflict");
  expect((error as InputError).message).toContain(label);
  expect((error as InputError).message).toMatch(mentions);
  expect(sent().filter((name) => !allowed.includes(name))).toEqual([]);
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.onAnyCommand().resolves({});
  ddbMock.on(DescribeTableCommand).resolves(ORDERS);
  ddbMock.on(GetItemCommand).resolves({});
  ddbMock.on(QueryCommand).resolves({ Items: [], Count: 0, ScannedCount: 0 });
  ddbMock.on(ScanCommand).resolves({ Items: [], Count: 0, ScannedCount: 0 });
  ddbMock.on(ExecuteStatementCommand).resolves({ Items: [] });
  ddbMock.on(BatchExecuteStatementCommand).resolves({ Responses: [{}, {}] });
});

describe("Consistent Read on a global secondary index", () => {
  it("Query Items refuses it, naming Consistent Read and Index Name, before the Query", async () => {
    await warm();
    await expectRefused(
      harness.action("queryItems", queryOn("byStatus", "status", { consistentRead: true })),
      "Consistent Read",
      /Index Name "byStatus" is a global secondary index of table "Orders"/,
    );
  });

  it("Query Items with Fetch All refuses it too", async () => {
    await warm();
    await expectRefused(
      harness.action(
        "queryItems",
        queryOn("byStatus", "status", { consistentRead: true, fetchAll: true }),
      ),
      "Consistent Read",
      /eventual consistency/,
    );
  });

  it("Query Items refuses it set in Query Parameters, naming Query Parameters", async () => {
    await warm();
    await expectRefused(
      harness.action(
        "queryItems",
        queryOn("byStatus", "status", { queryParameters: kv({ ConsistentRead: "true" }) }),
      ),
      "Query Parameters",
      /ConsistentRead in Query Parameters is true/,
    );
  });

  it("with a cursor and nothing cached, only the DescribeTable the cursor needs is sent", async () => {
    await expectRefused(
      harness.action(
        "queryItems",
        queryOn("byStatus", "status", {
          consistentRead: true,
          exclusiveStartKey: JSON.stringify({ pk: "p", sk: "s", status: "a" }),
        }),
      ),
      "Consistent Read",
      /byStatus/,
      ["DescribeTableCommand"],
    );
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("Scan Items refuses it, one page or parallel segments", async () => {
    await warm();
    await expectRefused(
      harness.action("scanItems", { ...base, indexName: "byEmail", consistentRead: true }),
      "Consistent Read",
      /Index Name "byEmail"/,
    );
    await expectRefused(
      harness.action("scanItems", {
        ...base,
        indexName: "byEmail",
        consistentRead: true,
        fetchAll: true,
        totalSegments: "4",
      }),
      "Consistent Read",
      /global secondary index/,
    );
  });

  it("Export Items refuses it, as a query and as a scan", async () => {
    await warm();
    const exportOn = (extra: Record<string, unknown>) =>
      harness.action("exportItems", {
        ...base,
        format: "jsonl",
        indexName: "byStatus",
        consistentRead: true,
        ...extra,
      });
    await expectRefused(exportOn({}), "Consistent Read", /byStatus/);
    await expectRefused(
      exportOn({
        keyConditionExpression: "status = :v",
        expressionAttributeValues: kv({ ":v": "a" }),
        expressionAttributeValueTypes: kv({ ":v": "S" }),
      }),
      "Consistent Read",
      /byStatus/,
    );
  });

  it("a local secondary index, or the table, is read consistently as asked", async () => {
    await warm();
    await harness.action("queryItems", queryOn("byTotal", "pk", { consistentRead: true }));
    await harness.action("scanItems", { ...base, consistentRead: true });
    expect(ddbMock.commandCalls(QueryCommand)[0].args[0].input).toMatchObject({
      IndexName: "byTotal",
      ConsistentRead: true,
    });
    expect(ddbMock.commandCalls(ScanCommand)[0].args[0].input.ConsistentRead).toBe(true);
  });

  it("with nothing cached, reads the keys once and refuses; a plain index read reads none", async () => {
    await expectRefused(
      harness.action("queryItems", queryOn("byStatus", "status", { consistentRead: true })),
      "Consistent Read",
      /"byStatus" is a global secondary index/,
      ["DescribeTableCommand"],
    );
    expect(sent()).toEqual(["DescribeTableCommand"]);
    resetCaches();
    ddbMock.resetHistory();
    await expectRefused(
      harness.action("scanItems", { ...base, indexName: "byStatus", consistentRead: true }),
      "Consistent Read",
      /"byStatus" is a global secondary index/,
      ["DescribeTableCommand"],
    );
    resetCaches();
    ddbMock.resetHistory();
    await harness.action("queryItems", queryOn("byStatus", "status"));
    expect(sent()).toEqual(["QueryCommand"]);
  });
});

describe("Select ALL_ATTRIBUTES on a global index that does not project ALL", () => {
  const select = (value: string) => ({ queryParameters: kv({ Select: value }) });

  it("is refused, naming Query Parameters and the index's projection", async () => {
    await warm();
    await expectRefused(
      harness.action("queryItems", queryOn("byEmail", "email", select("ALL_ATTRIBUTES"))),
      "Query Parameters",
      /Select in Query Parameters is ALL_ATTRIBUTES.*"byEmail".*KEYS_ONLY/,
    );
  });

  it("is sent on a global index that projects ALL, on a local index, and where the projection is unknown", async () => {
    await warm();
    await harness.action("queryItems", queryOn("byStatus", "status", select("ALL_ATTRIBUTES")));
    await harness.action("queryItems", queryOn("byTotal", "pk", select("ALL_ATTRIBUTES")));
    await harness.action(
      "queryItems",
      queryOn("byEmailNoProjection", "email", select("ALL_ATTRIBUTES")),
    );
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(3);
  });
});

describe("PartiQL: Consistent Read on a global secondary index", () => {
  /** A Raw Request step's inputs running `statement` with one parameter. */
  const statementOn = (statement: string, extra: Record<string, unknown> = {}) => ({
    awsConnection: base.awsConnection,
    awsRegion: base.awsRegion,
    statement,
    parameters: '["a"]',
    ...extra,
  });
  const ON_GLOBAL = 'SELECT * FROM "Orders"."byStatus" WHERE status = ?';

  it("Raw Request refuses it, naming Consistent Read and the index, before the statement", async () => {
    await warm();
    await expectRefused(
      harness.action("rawRequest", statementOn(ON_GLOBAL, { consistentRead: true })),
      "Consistent Read",
      /the Statement's index "byStatus" is a global secondary index of table "Orders"/,
    );
  });

  it("Raw Request with Fetch All, or ConsistentRead in Query Parameters, refuses it too", async () => {
    await warm();
    await expectRefused(
      harness.action(
        "rawRequest",
        statementOn(ON_GLOBAL, { consistentRead: true, fetchAll: true }),
      ),
      "Consistent Read",
      /eventual consistency/,
    );
    await expectRefused(
      harness.action(
        "rawRequest",
        statementOn(ON_GLOBAL, { queryParameters: kv({ ConsistentRead: "true" }) }),
      ),
      "Query Parameters",
      /ConsistentRead in Query Parameters is true/,
    );
  });

  it("reads the index however the statement spells it: bare names, spaces, comments, escaped quotes", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: { ...ORDERS.Table, TableName: 'Or"ders' },
    });
    for (const statement of [
      "SELECT * FROM Orders.byStatus WHERE status = ?",
      'select * from "Orders" . "byStatus" where status = ?',
      'SELECT * /* a comment */ FROM /* "x" */ "Orders"\n.-- a line\n"byStatus" WHERE status = ?',
      'SELECT * FROM "Or""ders"."byStatus" WHERE status = ?',
    ]) {
      resetCaches();
      ddbMock.resetHistory();
      await expectRefused(
        harness.action("rawRequest", statementOn(statement, { consistentRead: true })),
        "Consistent Read",
        /"byStatus" is a global secondary index/,
        ["DescribeTableCommand"],
      );
    }
  });

  it("with nothing cached, reads the keys once and refuses", async () => {
    await expectRefused(
      harness.action("rawRequest", statementOn(ON_GLOBAL, { consistentRead: true })),
      "Consistent Read",
      /"byStatus"/,
      ["DescribeTableCommand"],
    );
    expect(sent()).toEqual(["DescribeTableCommand"]);
  });

  it("a local secondary index, or the table, is read consistently as asked", async () => {
    await warm();
    await harness.action(
      "rawRequest",
      statementOn('SELECT * FROM "Orders"."byTotal" WHERE pk = ?', { consistentRead: true }),
    );
    await harness.action(
      "rawRequest",
      statementOn('SELECT * FROM "Orders" WHERE pk = ?', { consistentRead: true }),
    );
    const inputs = ddbMock.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.ConsistentRead)).toEqual([true, true]);
    expect(sent()).toEqual(["ExecuteStatementCommand", "ExecuteStatementCommand"]);
  });

  it("reads no keys where no index is read consistently", async () => {
    for (const [statement, extra] of [
      ['SELECT * FROM "Orders" WHERE pk = ?', { consistentRead: true }],
      [ON_GLOBAL, {}],
      // FROM "Orders"."byStatus" in a string, a quoted name or a comment is no index read.
      [
        'SELECT * FROM "Orders" WHERE note = \'FROM "Orders"."byStatus"\' AND pk = ?',
        { consistentRead: true },
      ],
      [
        'SELECT "from" FROM "Orders" WHERE pk = ? -- FROM "Orders"."byStatus"',
        { consistentRead: true },
      ],
      ["UPDATE \"Orders\" SET note = 'x' WHERE pk = ?", { consistentRead: true }],
    ] as const) {
      resetCaches();
      ddbMock.resetHistory();
      await harness.action("rawRequest", statementOn(statement, extra));
      expect(sent()).toEqual(["ExecuteStatementCommand"]);
    }
  });

  it("Batch Execute Statements refuses it, naming the entry's consistentRead, before the batch", async () => {
    await warm();
    const statements = JSON.stringify([
      { statement: 'SELECT * FROM "Orders" WHERE pk = ? AND sk = ?', parameters: ["a", "b"] },
      {
        statement: 'SELECT * FROM "Orders"."byStatus" WHERE status = ? AND sk = ?',
        parameters: ["a", "b"],
        consistentRead: true,
      },
    ]);
    await expectRefused(
      harness.action("batchExecuteStatements", { ...base, statements }),
      "Statements",
      /^Statements\[1\]\.consistentRead is true, but Statements\[1\]\.statement's index "byStatus" is a global secondary index of table "Orders"/,
    );
  });

  it("Batch Execute Statements sends a consistent read of the table or a local index", async () => {
    await warm();
    const statements = JSON.stringify([
      {
        statement: 'SELECT * FROM "Orders"."byTotal" WHERE pk = ? AND total = ?',
        parameters: ["a", "b"],
        consistentRead: true,
      },
      {
        statement: 'SELECT * FROM "Orders" WHERE pk = ? AND sk = ?',
        parameters: ["a", "b"],
        consistentRead: true,
      },
    ]);
    await harness.action("batchExecuteStatements", { ...base, statements });
    expect(sent()).toEqual(["BatchExecuteStatementCommand"]);
  });
});

/**
 * The reads the connector refuses before sending are the reads DynamoDB refuses: each
 * combination is first sent as is with a raw client (DynamoDB Local answers ValidationException),
 * then through the connector (an InputError naming the input). The neighbouring reads DynamoDB
 * accepts (a consistent read of a local index, ALL_ATTRIBUTES on a global index that projects
 * ALL or on a local index) go through the connector too. PartiQL's SELECT from "table"."index"
 * with Consistent Read (Raw Request, Batch Execute Statements) likewise.
 */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ExecuteStatementCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { InputError } from "../../src/inputs";
import { waitForTableActive } from "../../tools/dynamoLocal";
import { harness } from "../support/harness";
import {
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("reads_refused");
let raw: DynamoDBClient;

const key = (hash: string, range: string) => [
  { AttributeName: hash, KeyType: "HASH" as const },
  { AttributeName: range, KeyType: "RANGE" as const },
];

beforeAll(async () => {
  raw = rawClient();
  await raw.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: ["pk", "sk", "g", "l"].map((name) => ({
        AttributeName: name,
        AttributeType: "S" as const,
      })),
      KeySchema: key("pk", "sk"),
      GlobalSecondaryIndexes: [
        { IndexName: "gAll", KeySchema: key("g", "sk"), Projection: { ProjectionType: "ALL" } },
        {
          IndexName: "gKeys",
          KeySchema: key("g", "sk"),
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "lKeys",
          KeySchema: key("pk", "l"),
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    }),
  );
  await waitForTableActive(raw, table);
});

afterAll(async () => {
  await deleteTestTable(table);
  raw.destroy();
});

const kv = (entries: Record<string, string>) =>
  Object.entries(entries).map(([name, value]) => ({ key: name, value }));

/** Query Items' inputs for a query of `index` (by `hash`), and the raw Query they stand for. */
function queryOf(index: string | undefined, hash: string, parameters: Record<string, string>) {
  const typed: QueryCommandInput = {
    TableName: table,
    IndexName: index,
    KeyConditionExpression: `${hash} = :v`,
    ExpressionAttributeValues: { ":v": { S: "a" } },
    ...Object.fromEntries(
      Object.entries(parameters).map(([name, value]) => [name, JSON.parse(value)]),
    ),
  };
  const inputs = {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    tableName: table,
    indexName: index,
    keyConditionExpression: `${hash} = :v`,
    expressionAttributeValues: kv({ ":v": "a" }),
    expressionAttributeValueTypes: kv({ ":v": "S" }),
    queryParameters: kv(parameters),
  };
  return { typed, inputs };
}

const REFUSED: [string, string | undefined, string, Record<string, string>][] = [
  ["ConsistentRead on a global index", "gAll", "g", { ConsistentRead: "true" }],
  [
    "Select ALL_ATTRIBUTES on a KEYS_ONLY global index",
    "gKeys",
    "g",
    { Select: '"ALL_ATTRIBUTES"' },
  ],
  [
    "Select ALL_PROJECTED_ATTRIBUTES on the table",
    undefined,
    "pk",
    { Select: '"ALL_PROJECTED_ATTRIBUTES"' },
  ],
  [
    "Select COUNT with a projection",
    undefined,
    "pk",
    { Select: '"COUNT"', ProjectionExpression: '"pk"' },
  ],
  ["a legacy parameter beside the key condition", undefined, "pk", { AttributesToGet: '["pk"]' }],
];

describe("refused by DynamoDB, and by the connector before sending", () => {
  it.each(REFUSED)("%s", async (_, index, hash, parameters) => {
    const { typed, inputs } = queryOf(index, hash, parameters);
    const answer = await failure(raw.send(new QueryCommand(typed)));
    expect(answer.name).toBe("ValidationException");
    // Keys cached as any earlier step on the table would have them.
    await harness.action("getItem", { ...inputs, value: "a", rangeKeyValue: "b" });
    const refused = await failure(harness.action("queryItems", inputs));
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).label).toBe("Query Parameters");
  });

  it("a consistent scan of a global index", async () => {
    const answer = await failure(
      raw.send(new ScanCommand({ TableName: table, IndexName: "gKeys", ConsistentRead: true })),
    );
    expect(answer.name).toBe("ValidationException");
    const refused = await failure(
      harness.action("scanItems", {
        awsConnection: localConnection(),
        awsRegion: LOCAL_REGION,
        tableName: table,
        indexName: "gKeys",
        consistentRead: "true",
      }),
    );
    expect((refused as InputError).label).toBe("Consistent Read");
  });
});

describe("accepted by DynamoDB, and sent by the connector", () => {
  it.each([
    ["ConsistentRead on a local index", "lKeys", "pk", { ConsistentRead: "true" }],
    [
      "Select ALL_ATTRIBUTES on a global index that projects ALL",
      "gAll",
      "g",
      { Select: '"ALL_ATTRIBUTES"' },
    ],
    ["Select ALL_ATTRIBUTES on a local index", "lKeys", "pk", { Select: '"ALL_ATTRIBUTES"' }],
    [
      "Select ALL_PROJECTED_ATTRIBUTES on an index",
      "gKeys",
      "g",
      { Select: '"ALL_PROJECTED_ATTRIBUTES"' },
    ],
  ] as [string, string, string, Record<string, string>][])(
    "%s",
    async (_, index, hash, parameters) => {
      const { inputs } = queryOf(index, hash, parameters);
      await harness.action("getItem", { ...inputs, value: "a", rangeKeyValue: "b" });
      const result = (await harness.action("queryItems", inputs)) as { data: { count: number } };
      expect(result.data.count).toBe(0);
    },
  );
});

describe("PartiQL: a consistent read of an index", () => {
  const statementInputs = (statement: string, extra: Record<string, unknown>) => ({
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    statement,
    parameters: '["a"]',
    ...extra,
  });

  it("of a global index: refused by DynamoDB, and by Raw Request before sending", async () => {
    const statement = `SELECT * FROM "${table}"."gAll" WHERE g = ?`;
    const answer = await failure(
      raw.send(
        new ExecuteStatementCommand({
          Statement: statement,
          Parameters: [{ S: "a" }],
          ConsistentRead: true,
        }),
      ),
    );
    expect(answer.name).toBe("ValidationException");
    for (const extra of [
      { consistentRead: "true" },
      { queryParameters: kv({ ConsistentRead: "true" }) },
    ]) {
      const refused = await failure(
        harness.action("rawRequest", statementInputs(statement, extra)),
      );
      expect(refused).toBeInstanceOf(InputError);
      expect(refused.message).toMatch(/"gAll" is a global secondary index/);
    }
  });

  it("of a global index in Batch Execute Statements: refused before sending", async () => {
    const statements = JSON.stringify([
      {
        statement: `SELECT * FROM "${table}"."gAll" WHERE g = ? AND sk = ?`,
        parameters: ["a", "b"],
        consistentRead: true,
      },
    ]);
    const refused = await failure(
      harness.action("batchExecuteStatements", {
        awsConnection: localConnection(),
        awsRegion: LOCAL_REGION,
        statements,
      }),
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).label).toBe("Statements");
    expect(refused.message).toMatch(/^Statements\[0\]\.consistentRead is true, .*"gAll"/);
  });

  it("of a local index, or of the table: accepted by DynamoDB, and sent by Raw Request", async () => {
    for (const statement of [
      `SELECT * FROM "${table}"."lKeys" WHERE pk = ?`,
      `SELECT * FROM "${table}" WHERE pk = ?`,
    ]) {
      const result = (await harness.action(
        "rawRequest",
        statementInputs(statement, { consistentRead: "true" }),
      )) as { data: { count: number } };
      expect(result.data.count).toBe(0);
    }
  });
});

/**
 * A bad input is refused with an InputError naming it by its label, before anything is sent (or
 * after only the DescribeTable read a key check needs), by one rule per kind of input that every
 * action agrees on: JSON read one way, placeholders that no expression uses or defines refused,
 * inherited property names never taken for data, an attribute that could never be read back
 * (`__proto__`) refused on every write path, odd objects and 10,000-deep nesting never crashing a
 * step, what DynamoDB would refuse (sizes, a cursor not of the table's key) refused first,
 * DynamoDB JSON where plain JSON is expected explained, and messages echoing a short prefix of the
 * value, never megabytes or [object Object]. Run through the harness as the platform runs a step.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { InputError } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};
const HASH_ONLY = {
  Table: {
    TableName: "Customers",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }],
    GlobalSecondaryIndexes: [
      {
        IndexName: "byName",
        KeySchema: [{ AttributeName: "name", KeyType: "HASH" as const }],
        Projection: { ProjectionType: "ALL" as const },
      },
    ],
  },
};

const kv = (entries: Record<string, unknown>) =>
  Object.entries(entries).map(([key, value]) => ({ key, value }));

function nullPrototype(fields: Record<string, unknown> = { a: "1" }): Record<string, unknown> {
  return Object.assign(Object.create(null), fields);
}
function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}
function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}
const deepJsonText = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const deepItemText = (depth: number) =>
  `{"id": "a", "deep": ${"[".repeat(depth)}1${"]".repeat(depth)}}`;

const sent = () => ddbMock.calls().map((call) => (call.args[0] as object).constructor.name);

/** The step fails with an InputError for `label` (named in the message), having sent `allowed` only. */
async function expectInputError(
  run: Promise<unknown>,
  label: string,
  message?: RegExp,
  allowed: string[] = [],
): Promise<InputError> {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  const inputError = error as InputError;
  expect(inputError.label).toBe(label);
  expect(typeof inputError.code).toBe("string");
  expect(inputError.message).toContain(label);
  if (message) expect(inputError.message).toMatch(message);
  expect(inputError.message.length).toBeLessThan(2000);
  expect(sent().filter((name) => !allowed.includes(name))).toEqual([]);
  return inputError;
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.onAnyCommand().resolves({});
  ddbMock.on(DescribeTableCommand).resolves(HASH_ONLY);
});

describe("one rule per kind of input, agreeing everywhere", () => {
  it("Create Table reads JSON like every other JSON input: a duplicate key is refused", async () => {
    await expectInputError(
      harness.action("createTable", {
        ...base,
        attributeDefinition: '[{"AttributeName":"id","AttributeName":"other","AttributeType":"S"}]',
        keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
        billingMode: "PAY_PER_REQUEST",
      }),
      "Attribute Definition",
      /not valid JSON/,
    );
  });

  it.each([
    ["createTable", "attributeDefinition", "Attribute Definition"],
    ["createItem", "itemJson", "Item JSON"],
    ["updateItem", "updateJson", "Update JSON"],
    ["transactWriteItems", "operations", "Operations"],
    ["rawRequest", "parameters", "Parameters"],
  ])("%s %s: invalid JSON gets the one reader's message", async (key, input, label) => {
    const params: Record<string, unknown> = {
      ...base,
      value: "a",
      statement: 'SELECT * FROM "Customers" WHERE id = ?',
      [input]: "[1, 2",
    };
    await expectInputError(harness.action(key, params), label, /is not valid JSON/, [
      "DescribeTableCommand",
    ]);
  });

  it("Tags take the same forms as Expression Attribute Values: JSON text of an object", async () => {
    await harness.action("createTable", {
      ...base,
      attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
      keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
      billingMode: "PAY_PER_REQUEST",
      tags: '{"team": "billing"}',
    });
    const command = ddbMock.commandCalls(CreateTableCommand)[0].args[0].input;
    expect(command.Tags).toEqual([{ Key: "team", Value: "billing" }]);
  });

  it("Query Items refuses Expression Attribute Names that no expression uses", async () => {
    await expectInputError(
      harness.action("queryItems", {
        ...base,
        keyConditionExpression: "id = :id",
        expressionAttributeValues: kv({ ":id": "a" }),
        expressionAttributeValueTypes: kv({ ":id": "S" }),
        expressionAttributeNames: kv({ "#unused": "status" }),
      }),
      "Expression Attribute Names",
      /#unused/,
    );
  });

  it("Query Items refuses a value placeholder that no expression uses", async () => {
    await expectInputError(
      harness.action("queryItems", {
        ...base,
        keyConditionExpression: "id = :id",
        expressionAttributeValues: kv({ ":id": "a", ":extra": "b" }),
        expressionAttributeValueTypes: kv({ ":id": "S", ":extra": "S" }),
      }),
      "Expression Attribute Values",
      /:extra/,
    );
  });

  it("Scan Items refuses a placeholder used in an expression but defined nowhere", async () => {
    await expectInputError(
      harness.action("scanItems", { ...base, filterExpression: "#s = :open" }),
      "Expression Attribute Names",
      /#s/,
    );
  });

  it("a plain Error from a dependency is not taken for an input error", async () => {
    ddbMock.on(PutItemCommand).rejects(new Error("socket hang up"));
    const error = await harness
      .action("createItem", { ...base, itemJson: '{"id": "a"}' })
      .catch((thrown: unknown) => thrown as Error);
    expect(error).not.toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/PutItem failed on table "Customers"/);
  });
});

describe("inherited properties are not data", () => {
  it.each(["constructor", "toString", "valueOf", "hasOwnProperty"])(
    "Update JSON may set an attribute named %s",
    async (name) => {
      await harness.action("updateItem", { ...base, value: "a", updateJson: `{"${name}": "x"}` });
      const command = ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input;
      expect(command.UpdateExpression).toBe("SET #u0 = :u0");
      expect(command.ExpressionAttributeNames).toEqual({ "#u0": name });
    },
  );

  it("a table whose key is named like an Object.prototype member still needs it given", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: "Customers",
        KeySchema: [{ AttributeName: "constructor", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "constructor", AttributeType: "S" }],
      },
    });
    await expectInputError(
      harness.action("batchGetItems", { ...base, keys: '[{"id": "a"}]' }),
      "Keys",
      /"constructor" is missing|not a key attribute/,
      ["DescribeTableCommand"],
    );
    await expectInputError(
      harness.action("batchWriteItems", { ...base, putItems: '[{"id": "a"}]' }),
      "Items to Put",
      /"constructor" is missing/,
      ["DescribeTableCommand"],
    );
  });

  it("an Index Name that is an Object.prototype member is not an index", async () => {
    await expectInputError(
      harness.action("queryItems", {
        ...base,
        indexName: "toString",
        keyConditionExpression: "id = :id",
        expressionAttributeValues: kv({ ":id": "a" }),
        expressionAttributeValueTypes: kv({ ":id": "S" }),
        projectionExpression: "id",
        fetchAll: true,
      }),
      "Index Name",
      /not an index of table/,
      ["DescribeTableCommand"],
    );
  });
});

describe("an attribute that could never be read back is refused on every write path", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "Upsert Value",
      {
        item: [
          { key: "id", value: "a" },
          { key: "__proto__", value: "x" },
        ],
        itemTypes: [
          { key: "id", value: "S" },
          { key: "__proto__", value: "S" },
        ],
      },
      "Value",
    ],
    ["Upsert Item JSON", { itemJson: '{"id": "a", "__proto__": "x"}' }, "Item JSON"],
  ])("%s", async (_, params, label) => {
    await expectInputError(
      harness.action("createItem", { ...base, ...params }),
      label,
      /__proto__/,
    );
  });

  it("Update JSON", async () => {
    await expectInputError(
      harness.action("updateItem", { ...base, value: "a", updateJson: '{"__proto__": 1}' }),
      "Update JSON",
      /__proto__/,
      ["DescribeTableCommand"],
    );
  });

  it("Expression Attribute Names standing for __proto__", async () => {
    await expectInputError(
      harness.action("updateItem", {
        ...base,
        value: "a",
        query: "SET #p = :v",
        expressionAttributeNames: kv({ "#p": "__proto__" }),
        queryParams: kv({ ":v": "1" }),
        queryParamTypes: kv({ ":v": "N" }),
      }),
      "Expression Attribute Names",
      /__proto__/,
    );
  });

  it("a PartiQL INSERT or UPDATE", async () => {
    await expectInputError(
      harness.action("rawRequest", {
        ...base,
        statement: `INSERT INTO "Customers" VALUE {'id': 'a', '__proto__': 1}`,
        parameters: "",
      }),
      "Statement",
      /__proto__/,
    );
  });

  it("Batch Write Items and Transact Write Items", async () => {
    await expectInputError(
      harness.action("batchWriteItems", { ...base, putItems: '[{"id": "a", "__proto__": 1}]' }),
      "Items to Put",
      /__proto__/,
      ["DescribeTableCommand"],
    );
    ddbMock.resetHistory();
    await expectInputError(
      harness.action("transactWriteItems", {
        ...base,
        operations: '[{"put": {"tableName": "Customers", "item": {"id": "a", "__proto__": 1}}}]',
      }),
      "Operations",
      /__proto__/,
    );
  });
});

describe("no input crashes a step", () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ["boolean", "queryItems", { fetchAll: nullPrototype() }, "Fetch All"],
    ["integer", "queryItems", { limit: nullPrototype() }, "Limit"],
    ["choice", "createTable", { billingMode: nullPrototype() }, "Billing Mode"],
    ["string", "queryItems", { filterExpression: circular() }, "Filter Expression"],
    [
      "string (deep array)",
      "queryItems",
      { filterExpression: deepArray(10_000) },
      "Filter Expression",
    ],
    ["boolean (deep array)", "queryItems", { fetchAll: deepArray(10_000) }, "Fetch All"],
    ["region", "queryItems", { awsRegion: nullPrototype() }, "AWS Region"],
    ["table name", "queryItems", { tableName: circular() }, "Table Name"],
  ])("a %s input given an odd object", async (_, key, params, label) => {
    await expectInputError(
      harness.action(key, {
        ...base,
        keyConditionExpression: "id = :id",
        expressionAttributeValues: kv({ ":id": "a" }),
        expressionAttributeValueTypes: kv({ ":id": "S" }),
        ...params,
      }),
      label,
    );
  });

  it("a null-prototype object in a connection field", async () => {
    const error = await harness
      .action("listTables", {
        awsRegion: "us-east-1",
        awsConnection: keySecretConnection({ accessKeyId: nullPrototype() }),
      })
      .catch((thrown: unknown) => thrown as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain("Access Key ID");
    expect(sent()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["Item JSON", { itemJson: deepItemText(10_000) }, "createItem"],
    ["Update JSON", { value: "a", updateJson: deepItemText(10_000) }, "updateItem"],
    [
      "Value",
      { item: kv({ id: "a", l: deepJsonText(10_000) }), itemTypes: kv({ id: "S", l: "L" }) },
      "createItem",
    ],
    [
      "Operations",
      {
        operations: `[{"put": {"tableName": "Customers", "item": ${deepItemText(10_000)}}}]`,
      },
      "transactWriteItems",
    ],
  ])(
    "%s nested 10,000 deep says it is too deep, not that it is invalid",
    async (label, params, key) => {
      await expectInputError(
        harness.action(key, { ...base, ...params }),
        label,
        /nested more than 32 levels/,
        ["DescribeTableCommand"],
      );
    },
  );
});

describe("what DynamoDB would refuse is refused before it is sent", () => {
  const query = {
    ...base,
    keyConditionExpression: "id = :id",
    expressionAttributeValues: kv({ ":id": "a" }),
    expressionAttributeValueTypes: kv({ ":id": "S" }),
  };

  it("an Expression Attribute Values key without its colon", async () => {
    await expectInputError(
      harness.action("queryItems", {
        ...query,
        keyConditionExpression: "id = :id",
        expressionAttributeValues: kv({ id: "a" }),
        expressionAttributeValueTypes: kv({ id: "S" }),
      }),
      "Expression Attribute Values",
      /:/,
    );
  });

  it("an expression over 4 KB", async () => {
    await expectInputError(
      harness.action("queryItems", {
        ...query,
        filterExpression: `${"attribute_exists(a) AND ".repeat(200)}attribute_exists(b)`,
      }),
      "Filter Expression",
      /4 KB|4,096/,
    );
  });

  it("a PartiQL statement over 8,192 characters", async () => {
    await expectInputError(
      harness.action("rawRequest", {
        ...base,
        statement: `SELECT * FROM "Customers" WHERE id = '${"a".repeat(8200)}'`,
        parameters: "",
      }),
      "Statement",
      /8,192/,
    );
    expect(ddbMock.commandCalls(ExecuteStatementCommand)).toHaveLength(0);
  });

  it("a 10 MB PartiQL parameter", async () => {
    await expectInputError(
      harness.action("rawRequest", {
        ...base,
        statement: 'SELECT * FROM "Customers" WHERE id = ?',
        parameters: JSON.stringify(["x".repeat(10 * 1024 * 1024)]),
      }),
      "Parameters",
    );
  });

  it("a 10 MB Next Token", async () => {
    await expectInputError(
      harness.action("rawRequest", {
        ...base,
        statement: 'SELECT * FROM "Customers"',
        parameters: "",
        nextToken: "x".repeat(10 * 1024 * 1024),
      }),
      "Next Token",
    );
  });

  it("a 10 MB Exclusive Start Key value", async () => {
    await expectInputError(
      harness.action("scanItems", {
        ...base,
        exclusiveStartKey: JSON.stringify({ id: "x".repeat(10 * 1024 * 1024) }),
      }),
      "Exclusive Start Key",
      undefined,
      ["DescribeTableCommand"],
    );
    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it("a cursor whose attributes are not the table's key", async () => {
    await expectInputError(
      harness.action("queryItems", { ...query, exclusiveStartKey: '{"notTheKey": 5}' }),
      "Exclusive Start Key",
      /id/,
      ["DescribeTableCommand"],
    );
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("Select ALL_PROJECTED_ATTRIBUTES without an index", async () => {
    await expectInputError(
      harness.action("queryItems", {
        ...query,
        queryParameters: kv({ Select: "ALL_PROJECTED_ATTRIBUTES" }),
      }),
      "Query Parameters",
      /Select in Query Parameters is ALL_PROJECTED_ATTRIBUTES.*Index Name is blank/,
    );
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it.each(["COUNT", "ALL_ATTRIBUTES"])(
    "Select %s beside a Projection Expression",
    async (select) => {
      await expectInputError(
        harness.action("queryItems", {
          ...query,
          projectionExpression: "id",
          queryParameters: kv({ Select: select }),
        }),
        "Query Parameters",
        new RegExp(`Select in Query Parameters is "${select}".*Clear Projection Expression`),
      );
      expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
    },
  );

  it("Select beside a ProjectionExpression, both in Query Parameters", async () => {
    await expectInputError(
      harness.action("queryItems", {
        ...query,
        queryParameters: kv({ Select: "COUNT", ProjectionExpression: "id" }),
      }),
      "Query Parameters",
      /Clear ProjectionExpression in Query Parameters/,
    );
  });

  it("Select SPECIFIC_ATTRIBUTES beside a projection, or ALL_PROJECTED_ATTRIBUTES on an index, is sent", async () => {
    await harness.action("queryItems", {
      ...query,
      projectionExpression: "id",
      queryParameters: kv({ Select: "SPECIFIC_ATTRIBUTES" }),
    });
    await harness.action("queryItems", {
      ...query,
      keyConditionExpression: "#n = :id",
      expressionAttributeNames: kv({ "#n": "name" }),
      indexName: "byName",
      queryParameters: kv({ Select: "ALL_PROJECTED_ATTRIBUTES" }),
    });
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(2);
  });

  it.each([
    ["AttributesToGet", '["id"]', /Projection Expression instead/],
    [
      "KeyConditions",
      '{"id": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}}',
      /Key Condition Expression instead/,
    ],
    ["QueryFilter", '{"n": {"ComparisonOperator": "NOT_NULL"}}', /Filter Expression instead/],
    ["ConditionalOperator", "AND", /Filter Expression instead/],
  ])(
    "the legacy parameter %s in Query Parameters, beside the key condition",
    async (name, value, remedy) => {
      await expectInputError(
        harness.action("queryItems", { ...query, queryParameters: kv({ [name]: value }) }),
        "Query Parameters",
        new RegExp(`"${name}" is a legacy parameter.*${remedy.source}`),
      );
      expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
    },
  );

  it.each([
    ["an object", { a: 1 }],
    ["an array", ["id = :id"]],
  ])("%s given to an expression input", async (_, value) => {
    await expectInputError(
      harness.action("queryItems", { ...query, filterExpression: value }),
      "Filter Expression",
    );
  });
});

describe("DynamoDB JSON where plain JSON is expected", () => {
  it("Item JSON in DynamoDB's typed form names the attribute and shows the plain form", async () => {
    const error = await expectInputError(
      harness.action("createItem", { ...base, itemJson: '{"id": {"S": "a1"}, "n": {"N": "5"}}' }),
      "Item JSON",
      /DynamoDB JSON/,
    );
    expect(error.message).toContain('"id"');
    expect(error.message).toContain('{"id":"a1","n":5}');
  });
});

describe("messages echo a short prefix, never megabytes or [object Object]", () => {
  const huge = "x".repeat(10 * 1024 * 1024);
  it.each<[string, string, Record<string, unknown>, string]>([
    ["Table Name", "describeTable", { tableName: huge }, "Table Name"],
    ["AWS Region", "describeTable", { awsRegion: huge }, "AWS Region"],
    ["Billing Mode", "createTable", { billingMode: huge }, "Billing Mode"],
  ])("a 10 MB %s", async (_, key, params, label) => {
    const error = await expectInputError(harness.action(key, { ...base, ...params }), label);
    expect(error.message.length).toBeLessThan(500);
  });

  it("a 10 MB Endpoint URL", async () => {
    const error = await harness
      .action("describeTable", { ...base, awsConnection: keySecretConnection({ endpoint: huge }) })
      .catch((thrown: unknown) => thrown as Error);
    expect((error as Error).message).toContain("Endpoint URL");
    expect((error as Error).message.length).toBeLessThan(500);
  });

  it("an object is described, not echoed as [object Object]", async () => {
    const error = await expectInputError(
      harness.action("createTable", { ...base, billingMode: { mode: "PROVISIONED" } }),
      "Billing Mode",
    );
    expect(error.message).not.toContain("[object Object]");
  });
});

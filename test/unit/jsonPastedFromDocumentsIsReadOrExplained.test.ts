/**
 * JSON a builder pastes into a code input from a file or a document: a leading byte order mark
 * (U+FEFF, which editors on Windows write and which is invisible) is read as the JSON it starts,
 * and JSON that curly quotes or a trailing comma break gets an error that says which, not only
 * the parser's position. Run through the harness as the platform runs a step.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { InputError } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };
const BOM = "\uFEFF";

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.onAnyCommand().resolves({});
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    },
  });
});

describe("a code input that starts with a byte order mark", () => {
  it("Raw Request reads Parameters after it", async () => {
    await harness.action("rawRequest", {
      ...base,
      statement: 'SELECT * FROM "Customers" WHERE customerId = ?',
      parameters: `${BOM}[1001]`,
    });
    expect(ddbMock).toHaveReceivedCommandWith(ExecuteStatementCommand, {
      Parameters: [{ N: "1001" }],
    });
  });

  it("Create Table reads Attribute Definition and Key Schema after it", async () => {
    await harness.action("createTable", {
      ...base,
      tableName: "Customers",
      attributeDefinition: `${BOM}[{"AttributeName":"id","AttributeType":"S"}]`,
      keySchema: `${BOM}[{"AttributeName":"id","KeyType":"HASH"}]`,
      billingMode: "PAY_PER_REQUEST",
    });
    expect(ddbMock).toHaveReceivedCommandWith(CreateTableCommand, {
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    });
  });

  it("Batch Write Items (Multiple Tables) reads Writes by Table after it", async () => {
    await harness.action("batchWriteItemsMultiTable", {
      ...base,
      writesByTable: `${BOM}{"Customers": [{"put": {"id": "a"}}]}`,
    });
    expect(ddbMock).toHaveReceivedCommandWith(BatchWriteItemCommand, {
      RequestItems: { Customers: [{ PutRequest: { Item: { id: { S: "a" } } } }] },
    });
  });
});

/** The InputError a step fails with, and that nothing was sent. */
async function refusal(key: string, params: Record<string, unknown>): Promise<InputError> {
  const error = await harness.action(key, { ...base, ...params } as never).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  expect(ddbMock.calls()).toHaveLength(0);
  return error as InputError;
}

describe("JSON broken by what documents and editors leave", () => {
  it("curly quotes are named, with the straight quote to use", async () => {
    const error = await refusal("rawRequest", {
      statement: 'SELECT * FROM "Customers" WHERE customerName = ?',
      parameters: "[“Ada”]",
    });
    expect(error.label).toBe("Parameters");
    expect(error.message).toMatch(/^Parameters is not valid JSON/);
    expect(error.message).toMatch(/curly quote “, .*straight double quotes \("\)/);
  });

  it("a trailing comma is named, with where it stands", async () => {
    const error = await refusal("rawRequest", {
      statement: 'SELECT * FROM "Customers" WHERE customerId = ? AND customerName = ?',
      parameters: '[1001, "Ada",\r\n]',
    });
    expect(error.message).toMatch(/^Parameters is not valid JSON/);
    expect(error.message).toMatch(/comma before the closing \] at position \d+; remove it/);
  });

  it("a trailing comma in an object is named too", async () => {
    const error = await refusal("createTable", {
      tableName: "Customers",
      attributeDefinition: '[{"AttributeName":"id","AttributeType":"S",}]',
    });
    expect(error.label).toBe("Attribute Definition");
    expect(error.message).toMatch(/comma before the closing \} at position \d+; remove it/);
  });

  it("other broken JSON keeps the parser's own words only", async () => {
    const error = await refusal("rawRequest", {
      statement: 'SELECT * FROM "Customers" WHERE customerId = ?',
      parameters: "[1001",
    });
    expect(error.message).not.toMatch(/curly|comma/);
  });
});

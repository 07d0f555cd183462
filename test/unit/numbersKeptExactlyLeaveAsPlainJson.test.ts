/**
 * A JSON input that holds one number a double would change (20 digits, 1.50, 1e5, or only such
 * text inside a string, like a KMS key ID "1e2f...") is read whole by the lossless parser, which
 * keeps every number of it as an object ({isLosslessNumber, value}); a code-native flow may pass
 * the SDK's NumberValue or a bigint. Such numbers are numbers everywhere a step's input is read
 * or echoed: unread keys given back are plain JSON (numbers where a double holds them, else their
 * exact text), request parameters are JS numbers, and a number is read as its text where text
 * is wanted (tags, capacity units, key-value rows), never refused as "an object".
 */
import {
  BatchGetItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { NumberValueImpl } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { InputError } from "../../src/inputs";
import { cleanQueryParameters } from "../../src/inputs/queryParameters";
import { cleanGlobalSecondaryIndexes } from "../../src/inputs/tableDefinition";
import { cleanTagList } from "../../src/inputs/tags";
import { plainToMap } from "../../src/values";
import { readKeyValueList } from "../../src/values/keyValue";
import { harness, keySecretConnection, resetCaches, tableStepParams } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);
const connection = keySecretConnection();
const TWENTY_DIGITS = "12345678901234567890";

/** Every lossless-number object JSON would write, wherever it is. */
const LEAKED = /isLosslessNumber|\[object Object\]/;

type ReadFailure = Error & {
  unreadKeys?: unknown[];
  tables?: { tableName: string; unreadKeys: unknown[] }[];
};

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  backoffSettings.sleep = async () => {};
  ddbMock.on(DescribeTableCommand).callsFake(async (input: { TableName: string }) => ({
    Table: {
      TableName: input.TableName,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  }));
  // Every read is refused, so that every key given comes back unread.
  ddbMock.on(BatchGetItemCommand).rejects(
    Object.assign(new Error("Too many items requested"), {
      name: "ValidationException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    }),
  );
});

afterEach(() => resetBackoffSettings());

describe("Batch Get Items' unread keys, as given", () => {
  const readKeys = (keys: unknown) =>
    failure(
      harness.action("batchGetItems", {
        awsConnection: connection,
        awsRegion: "us-east-1",
        tableName: "Customers",
        keys,
      }),
    ) as Promise<ReadFailure>;

  it("are plain JSON inside a typed value ({N: ...}) too", async () => {
    const error = await readKeys(`[{"id": {"N": ${TWENTY_DIGITS}}}, {"id": {"N": 1.50}}]`);
    expect(error.unreadKeys).toEqual([{ id: { N: TWENTY_DIGITS } }, { id: { N: 1.5 } }]);
    expect(JSON.stringify(error.unreadKeys)).not.toMatch(LEAKED);
  });

  it("write a code-native flow's bigint and NumberValue as JSON can", async () => {
    const error = await readKeys([
      { id: BigInt(TWENTY_DIGITS) },
      { id: NumberValueImpl.from("42") },
    ]);
    // The NumberValue key was read as the number it is, and sent.
    const sent = ddbMock.commandCalls(BatchGetItemCommand)[0]?.args[0].input;
    expect(sent?.RequestItems?.Customers?.Keys).toEqual([
      { id: { N: TWENTY_DIGITS } },
      { id: { N: "42" } },
    ]);
    expect(error.unreadKeys).toEqual([{ id: TWENTY_DIGITS }, { id: 42 }]);
    expect(JSON.parse(JSON.stringify(error.unreadKeys))).toEqual(error.unreadKeys);
  });

  it("of Multiple Tables are plain JSON inside a typed value too", async () => {
    const error = (await failure(
      harness.action("batchGetItemsMultiTable", {
        awsConnection: connection,
        awsRegion: "us-east-1",
        keysByTable: '{"1e5": [{"id": {"N": 1.50}}], "Orders": [{"id": 7}]}',
      }),
    )) as ReadFailure;
    expect(error.tables?.map((table) => table.unreadKeys)).toEqual([
      [{ id: { N: 1.5 } }],
      [{ id: 7 }],
    ]);
    expect(JSON.stringify(error.tables)).not.toMatch(LEAKED);
  });
});

describe("Query Parameters read with numbers kept exactly", () => {
  it("send JS numbers, not lossless-number objects (a KMS key ID with 1e in it)", async () => {
    ddbMock.on(UpdateTableCommand).resolves({
      TableDescription: { TableName: "Customers", TableStatus: "UPDATING" },
    });
    const CAPACITY = { ReadCapacityUnits: 5, WriteCapacityUnits: 10 };
    const kmsKey = "arn:aws:kms:us-east-1:123456789012:key/1e2f3a4b-5c6d-7e8f-9a0b-1c2d3e4f5a6b";
    await harness.action("updateTable", {
      ...tableStepParams(),
      queryParameters: JSON.stringify({
        GlobalSecondaryIndexUpdates: [
          { Update: { IndexName: "byEmail", ProvisionedThroughput: CAPACITY } },
        ],
        SSESpecification: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: kmsKey },
      }),
    });
    const sent = ddbMock.commandCalls(UpdateTableCommand)[0]?.args[0].input;
    expect(sent?.GlobalSecondaryIndexUpdates).toEqual([
      { Update: { IndexName: "byEmail", ProvisionedThroughput: CAPACITY } },
    ]);
    expect(JSON.stringify(sent)).not.toMatch(LEAKED);
  });

  it("take a Limit written next to a long number", () => {
    const text = `{"Limit": 10, "ExclusiveStartKey": {"id": {"N": "${TWENTY_DIGITS}"}}}`;
    expect(cleanQueryParameters(text)).toEqual({
      Limit: 10,
      ExclusiveStartKey: { id: { N: TWENTY_DIGITS } },
    });
  });
});

describe("a number kept exactly, where text is wanted", () => {
  it("is a tag's value as written", () => {
    const tags = cleanTagList("Tags", false);
    expect(tags('{"team": "billing", "budget": 1.50}')).toEqual([
      { Key: "team", Value: "billing" },
      { Key: "budget", Value: "1.50" },
    ]);
    expect(tags(`[{"key": "account", "value": ${TWENTY_DIGITS}}]`)).toEqual([
      { Key: "account", Value: TWENTY_DIGITS },
    ]);
  });

  it("is a key-value row's key", () => {
    const rows = readKeyValueList('[{"key": 2024, "value": "v1e2"}]', "Tags", {
      rowExample: "team → billing",
    });
    expect(rows).toEqual([["2024", "v1e2"]]);
  });

  it("is an index's capacity units", () => {
    const [index] =
      cleanGlobalSecondaryIndexes(
        '[{"IndexName": "gsi1Email", "KeySchema": [{"KeyType": "HASH", "AttributeName": "email"}], "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}]',
      ) ?? [];
    expect(index?.index.ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
  });
});

describe("a message that quotes a value given", () => {
  it("writes a number kept exactly as plain JSON", () => {
    let error: unknown;
    try {
      plainToMap('{"price": {"N": 1.50}}', "Item JSON");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('typed values such as "price": {"N":1.5}');
    expect((error as Error).message).not.toMatch(LEAKED);
  });
});

/**
 * Key resolution for Get, Update and Delete Item: the key schema is read once per table (one
 * DescribeTable when cold, none when warm), values are converted to the key's declared types,
 * sort key mistakes are input errors before the item call, and a re-created table is handled
 * by one re-read and retry.
 */
import {
  DeleteItemCommand,
  DescribeTableCommand,
  type DescribeTableCommandOutput,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

type KeyType = "S" | "N" | "B";

function tableDescription(
  hash: [string, KeyType],
  range?: [string, KeyType],
): Partial<DescribeTableCommandOutput> {
  return {
    Table: {
      TableName: "Orders",
      KeySchema: [
        { AttributeName: hash[0], KeyType: "HASH" },
        ...(range ? [{ AttributeName: range[0], KeyType: "RANGE" as const }] : []),
      ],
      AttributeDefinitions: [
        { AttributeName: hash[0], AttributeType: hash[1] },
        ...(range ? [{ AttributeName: range[0], AttributeType: range[1] }] : []),
      ],
    },
  };
}

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Orders",
};

/** The command names the mock received, in order, from call number `from` on. */
function sentCommands(from = 0): string[] {
  return ddbMock
    .calls()
    .slice(from)
    .map((call) => (call.args[0] as object).constructor.name);
}

function keyMismatch(): Error {
  return Object.assign(new Error("The provided key element does not match the schema"), {
    name: "ValidationException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});

describe("one DynamoDB call when warm", () => {
  beforeEach(() => {
    ddbMock.on(DescribeTableCommand).resolves(tableDescription(["customerId", "N"]));
    // The item of the key asked for: an item of another key is a mock's mistake, refused.
    ddbMock.on(GetItemCommand).callsFake((input) => ({ Item: input.Key }));
    ddbMock.on(UpdateItemCommand).resolves({ Attributes: { customerId: { N: "1" } } });
    ddbMock.on(DeleteItemCommand).resolves({});
  });

  it("Get Item: DescribeTable + GetItem first, GetItem only the second time", async () => {
    await harness.action("getItem", { ...base, value: "1" });
    expect(sentCommands()).toEqual(["DescribeTableCommand", "GetItemCommand"]);
    ddbMock.resetHistory();
    await harness.action("getItem", { ...base, value: "2" });
    expect(sentCommands()).toEqual(["GetItemCommand"]);
    expect(ddbMock.commandCalls(GetItemCommand)[0].args[0].input.Key).toEqual({
      customerId: { N: "2" },
    });
  });

  it("Update Item: DescribeTable + UpdateItem first, UpdateItem only the second time", async () => {
    const params = { ...base, value: "1", query: "SET visits = visits + :one" };
    const values = {
      queryParams: [{ key: ":one", value: "1" }],
      queryParamTypes: [{ key: ":one", value: "N" }],
    };
    await harness.action("updateItem", { ...params, ...values });
    expect(sentCommands()).toEqual(["DescribeTableCommand", "UpdateItemCommand"]);
    ddbMock.resetHistory();
    await harness.action("updateItem", { ...params, ...values });
    expect(sentCommands()).toEqual(["UpdateItemCommand"]);
  });

  it("Delete Item: DescribeTable + DeleteItem first, DeleteItem only the second time", async () => {
    await harness.action("deleteItem", { ...base, value: "1" });
    expect(sentCommands()).toEqual(["DescribeTableCommand", "DeleteItemCommand"]);
    ddbMock.resetHistory();
    await harness.action("deleteItem", { ...base, value: "2" });
    expect(sentCommands()).toEqual(["DeleteItemCommand"]);
  });

  it("shares the schema between the item actions of one table", async () => {
    await harness.action("getItem", { ...base, value: "1" });
    await harness.action("deleteItem", { ...base, value: "1" });
    expect(sentCommands()).toEqual(["DescribeTableCommand", "GetItemCommand", "DeleteItemCommand"]);
  });

  it("reads the schema of each table once", async () => {
    await harness.action("getItem", { ...base, value: "1" });
    await harness.action("getItem", { ...base, tableName: "Invoices", value: "1" });
    await harness.action("getItem", { ...base, tableName: "Invoices", value: "1" });
    expect(ddbMock.commandCalls(DescribeTableCommand).map((c) => c.args[0].input)).toEqual([
      { TableName: "Orders" },
      { TableName: "Invoices" },
    ]);
  });

  it("keeps a schema per connection", async () => {
    await harness.action("getItem", { ...base, value: "1" });
    await harness.action("getItem", {
      ...base,
      awsConnection: keySecretConnection({ accessKeyId: "AKIAOTHERACCOUNT" }),
      value: "1",
    });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(2);
  });
});

describe("key values are converted to the key's declared types", () => {
  it.each<[KeyType, string, unknown]>([
    ["S", "1001", { S: "1001" }],
    ["N", "1001", { N: "1001" }],
    ["N", "123456789012345678901234567890", { N: "123456789012345678901234567890" }],
    ["B", "AQID", { B: new Uint8Array([1, 2, 3]) }],
  ])("hash key of type %s from %p", async (type, value, expected) => {
    ddbMock.on(DescribeTableCommand).resolves(tableDescription(["pk", type]));
    ddbMock.on(GetItemCommand).resolves({});
    await harness.action("getItem", { ...base, value });
    expect(ddbMock.commandCalls(GetItemCommand)[0].args[0].input.Key).toEqual({ pk: expected });
  });

  it("hash and range together", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolves(tableDescription(["customerId", "S"], ["orderedAt", "N"]));
    ddbMock.on(GetItemCommand).resolves({});
    await harness.action("getItem", { ...base, value: "c-1", rangeKeyValue: "1700000000" });
    expect(ddbMock.commandCalls(GetItemCommand)[0].args[0].input.Key).toEqual({
      customerId: { S: "c-1" },
      orderedAt: { N: "1700000000" },
    });
  });

  it("a hash value that is not a number, for a number key, fails before the item call", async () => {
    ddbMock.on(DescribeTableCommand).resolves(tableDescription(["customerId", "N"]));
    await expect(harness.action("getItem", { ...base, value: "abc" })).rejects.toThrow(
      /Hash \/ Primary Key Value/,
    );
    expect(sentCommands()).toEqual(["DescribeTableCommand"]);
  });
});

describe("sort key errors come before the item call", () => {
  const withRange = tableDescription(["customerId", "S"], ["orderedAt", "N"]);
  const hashOnly = tableDescription(["customerId", "S"]);

  it.each(["getItem", "updateItem", "deleteItem"])(
    "%s: a missing range value names the input and the sort key",
    async (key) => {
      ddbMock.on(DescribeTableCommand).resolves(withRange);
      const error = await harness
        .action(key, { ...base, value: "c-1", query: "REMOVE x" })
        .catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        'Range / Sort Key Value is required: table "Orders" has the sort key "orderedAt" (type N).',
      );
      expect(sentCommands()).toEqual(["DescribeTableCommand"]);
    },
  );

  it.each(["getItem", "updateItem", "deleteItem"])(
    "%s: a range value for a table without a sort key is an error",
    async (key) => {
      ddbMock.on(DescribeTableCommand).resolves(hashOnly);
      await expect(
        harness.action(key, { ...base, value: "c-1", rangeKeyValue: "5", query: "REMOVE x" }),
      ).rejects.toThrow(
        'Range / Sort Key Value must be blank: table "Orders" has no sort key, only the hash key "customerId".',
      );
      expect(sentCommands()).toEqual(["DescribeTableCommand"]);
    },
  );

  it("a warm call whose key does not fit re-reads the schema once (the table may have been re-created) and sends no item call", async () => {
    ddbMock.on(DescribeTableCommand).resolves(withRange);
    ddbMock.on(GetItemCommand).resolves({});
    await harness.action("getItem", { ...base, value: "c-1", rangeKeyValue: "1" });
    ddbMock.resetHistory();
    await expect(harness.action("getItem", { ...base, value: "c-1" })).rejects.toThrow(
      /Range \/ Sort Key Value is required/,
    );
    expect(sentCommands()).toEqual(["DescribeTableCommand"]);
  });

  it("a warm call follows a table re-created with a sort key: the fresh schema is used", async () => {
    ddbMock.on(DescribeTableCommand).resolvesOnce(hashOnly).resolves(withRange);
    ddbMock.on(GetItemCommand).resolves({ Item: { customerId: { S: "c-1" } } });
    await harness.action("getItem", { ...base, value: "c-1" });
    // No resetHistory here: it would also rewind resolvesOnce.
    const warmFrom = ddbMock.calls().length;
    const result = await harness.action("getItem", { ...base, value: "c-1", rangeKeyValue: "7" });
    expect(sentCommands(warmFrom)).toEqual(["DescribeTableCommand", "GetItemCommand"]);
    expect(ddbMock.commandCalls(GetItemCommand)[1].args[0].input.Key).toEqual(
      expect.objectContaining({ customerId: { S: "c-1" } }),
    );
    expect((result as { data: { found: boolean } }).data.found).toBe(true);
  });
});

describe("a re-created table", () => {
  it("re-reads the schema once and retries when the key no longer matches", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce(tableDescription(["customerId", "S"]))
      .resolvesOnce(tableDescription(["customerId", "N"]));
    ddbMock
      .on(GetItemCommand)
      .rejectsOnce(keyMismatch())
      .resolves({ Item: { customerId: { N: "7" } } });
    const result = await harness.action("getItem", { ...base, value: "7" });
    expect(result).toEqual({ data: { found: true, item: { customerId: 7 } } });
    expect(sentCommands()).toEqual([
      "DescribeTableCommand",
      "GetItemCommand",
      "DescribeTableCommand",
      "GetItemCommand",
    ]);
    const keys = ddbMock.commandCalls(GetItemCommand).map((c) => c.args[0].input.Key);
    expect(keys).toEqual([{ customerId: { S: "7" } }, { customerId: { N: "7" } }]);

    // The fresh schema is cached: the next call is one GetItem. (History is kept: resetting it
    // would replay the mock's rejectsOnce.)
    const mark = ddbMock.calls().length;
    await harness.action("getItem", { ...base, value: "7" });
    expect(sentCommands(mark)).toEqual(["GetItemCommand"]);
  });

  it.each([
    ["updateItem", UpdateItemCommand, "UpdateItemCommand"],
    ["deleteItem", DeleteItemCommand, "DeleteItemCommand"],
  ] as const)("%s retries the same way", async (key, command, name) => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce(tableDescription(["id", "S"]))
      .resolvesOnce(tableDescription(["id", "N"]));
    ddbMock.on(command).rejectsOnce(keyMismatch()).resolves({});
    await harness.action(key, { ...base, value: "7", query: "REMOVE x" });
    expect(sentCommands()).toEqual(["DescribeTableCommand", name, "DescribeTableCommand", name]);
    expect(ddbMock.commandCalls(command)[1].args[0].input.Key).toEqual({ id: { N: "7" } });
  });

  it("retries only once: a second mismatch is reported", async () => {
    ddbMock.on(DescribeTableCommand).resolves(tableDescription(["customerId", "S"]));
    ddbMock.on(GetItemCommand).rejects(keyMismatch());
    await expect(harness.action("getItem", { ...base, value: "7" })).rejects.toThrow(
      'GetItem failed on table "Orders" in region us-east-1: ValidationException: The provided key element does not match the schema',
    );
    expect(sentCommands()).toEqual([
      "DescribeTableCommand",
      "GetItemCommand",
      "DescribeTableCommand",
      "GetItemCommand",
    ]);
  });

  // KNOWN GAP in src/engines/itemCalls.ts (reported): DynamoDB reports a key whose type changed as
  // "Type mismatch for key", which isKeyMismatch does not recognise yet. Turns red (and should
  // become `it`) once keys.ts retries on it.
  it("a key type change (Type mismatch for key) is retried too", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce(tableDescription(["customerId", "S"]))
      .resolvesOnce(tableDescription(["customerId", "N"]));
    ddbMock
      .on(GetItemCommand)
      .rejectsOnce(
        Object.assign(
          new Error(
            "One or more parameter values were invalid: Type mismatch for key customerId expected: N actual: S",
          ),
          { name: "ValidationException", $metadata: {} },
        ),
      )
      .resolves({ Item: { customerId: { N: "7" } } });
    await harness.action("getItem", { ...base, value: "7" });
    expect(sentCommands()).toEqual([
      "DescribeTableCommand",
      "GetItemCommand",
      "DescribeTableCommand",
      "GetItemCommand",
    ]);
  });

  it("other validation errors are not retried", async () => {
    ddbMock.on(DescribeTableCommand).resolves(tableDescription(["customerId", "S"]));
    ddbMock.on(GetItemCommand).rejects(
      Object.assign(new Error("Invalid ProjectionExpression: Syntax error"), {
        name: "ValidationException",
        $metadata: {},
      }),
    );
    await expect(
      harness.action("getItem", { ...base, value: "7", projectionExpression: "a,," }),
    ).rejects.toThrow(/Invalid ProjectionExpression/);
    expect(sentCommands()).toEqual(["DescribeTableCommand", "GetItemCommand"]);
  });
});

describe("DescribeTable failures", () => {
  it("a missing table is reported with the operation, table and region", async () => {
    ddbMock.on(DescribeTableCommand).rejects(
      Object.assign(new Error("Requested resource not found: Table: Orders not found"), {
        name: "ResourceNotFoundException",
        $metadata: {},
      }),
    );
    await expect(harness.action("getItem", { ...base, value: "1" })).rejects.toThrow(
      /^DescribeTable failed on table "Orders" in region us-east-1: ResourceNotFoundException: .*Check that the table/,
    );
    expect(sentCommands()).toEqual(["DescribeTableCommand"]);
  });
});

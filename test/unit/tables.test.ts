/**
 * Create, Delete, Describe and List Tables and the Select Table data source, with the SDK mocked:
 * the contract's keys, labels and defaults (new inputs keep the old behaviour), the exact requests
 * for each billing mode, index and option, the input errors raised before any call, waiting until
 * ACTIVE or gone, what an existing or missing table's error says, and Fetch All over ListTables.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { createTable } from "../../src/actions/tables/createTable";
import { deleteTable } from "../../src/actions/tables/deleteTable";
import { describeTable } from "../../src/actions/tables/describeTable";
import { listTables } from "../../src/actions/tables/listTables";
import { selectTable } from "../../src/dataSources/selectTable";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = () => ({ awsConnection: keySecretConnection(), awsRegion: "us-east-1" });

interface TableResult {
  data: { table: Record<string, unknown> | null };
}
interface ListResult {
  data: { tableNames: string[]; lastEvaluatedTableName: string | null };
}

async function run<T>(key: string, params: Record<string, unknown>): Promise<T> {
  return (await harness.action(key, { ...base(), ...params })) as T;
}

const DEFAULT_DEFINITIONS = [
  { AttributeName: "customerId", AttributeType: "N" },
  { AttributeName: "customerName", AttributeType: "S" },
];
const DEFAULT_KEYS = [
  { AttributeName: "customerId", KeyType: "HASH" },
  { AttributeName: "customerName", KeyType: "RANGE" },
];

function createInput(index = 0) {
  return ddbMock.commandCalls(CreateTableCommand)[index].args[0].input;
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});

afterAll(() => ddbMock.restore());

describe("createTable inputs (the compatibility contract)", () => {
  it("keeps the old keys first, in the old order", () => {
    expect(Object.keys(createTable.inputs).slice(0, 8)).toEqual([
      "awsRegion",
      "tableName",
      "attributeDefinition",
      "keySchema",
      "billingMode",
      "readCapacityUnits",
      "writeCapacityUnits",
      "awsConnection",
    ]);
  });

  it("keeps the old labels and defaults", () => {
    const { inputs } = createTable;
    expect(inputs.attributeDefinition.label).toBe("Attribute Definition");
    expect(inputs.attributeDefinition.default).toBe(
      JSON.stringify(
        [
          { AttributeName: "customerId", AttributeType: "N" },
          { AttributeName: "customerName", AttributeType: "S" },
        ],
        null,
        2,
      ),
    );
    expect(inputs.keySchema.label).toBe("Key Schema");
    expect(inputs.keySchema.default).toBe(
      JSON.stringify(
        [
          { KeyType: "HASH", AttributeName: "customerId" },
          { KeyType: "RANGE", AttributeName: "customerName" },
        ],
        null,
        2,
      ),
    );
    expect(inputs.billingMode.label).toBe("Billing Mode");
    expect(inputs.billingMode.default).toBe("PROVISIONED");
    expect(inputs.billingMode.model?.map((m) => m.value)).toEqual([
      "PROVISIONED",
      "PAY_PER_REQUEST",
    ]);
    expect(inputs.readCapacityUnits.label).toBe("Read Capacity Units");
    expect(inputs.readCapacityUnits.default).toBe("5");
    expect(inputs.writeCapacityUnits.label).toBe("Write Capacity Units");
    expect(inputs.writeCapacityUnits.default).toBe("5");
  });

  it("gives every new input the old behaviour by default", () => {
    const { inputs } = createTable;
    for (const key of ["waitUntilActive", "deletionProtection"] as const) {
      expect(inputs[key].default).toBe("false");
      expect(inputs[key].required).toBe(false);
    }
    for (const key of ["globalSecondaryIndexes", "streamViewType", "tableClass", "tags"] as const) {
      expect("default" in inputs[key] ? inputs[key].default : undefined).toBeUndefined();
      expect(inputs[key].required).toBe(false);
    }
  });

  it("keeps the old keys of the other table actions, in order", () => {
    expect(Object.keys(deleteTable.inputs)).toEqual([
      "awsRegion",
      "tableName",
      "awsConnection",
      "waitUntilDeleted",
    ]);
    expect(Object.keys(describeTable.inputs)).toEqual(["awsRegion", "tableName", "awsConnection"]);
    expect(Object.keys(listTables.inputs)).toEqual([
      "awsRegion",
      "awsConnection",
      "fetchAll",
      "exclusiveStartTableName",
      "limit",
    ]);
    expect(listTables.inputs.fetchAll.default).toBe("false");
    expect(Object.keys(selectTable.inputs)).toEqual(["awsConnection", "awsRegion"]);
    expect(selectTable.inputs.awsConnection.label).toBe("Connection");
  });
});

describe("createTable", () => {
  beforeEach(() => {
    ddbMock.on(CreateTableCommand).resolves({
      TableDescription: customersTable({
        TableStatus: "CREATING",
        ItemCount: 0,
        TableSizeBytes: 0,
      }),
    });
  });

  it("sends 5/5 provisioned capacity with the defaults", async () => {
    await run("createTable", { tableName: "Customers" });
    expect(createInput()).toEqual({
      TableName: "Customers",
      AttributeDefinitions: DEFAULT_DEFINITIONS,
      KeySchema: DEFAULT_KEYS,
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
  });

  it("sends no ProvisionedThroughput with PAY_PER_REQUEST (whatever the capacity inputs say)", async () => {
    await run("createTable", {
      tableName: "Customers",
      billingMode: "PAY_PER_REQUEST",
      readCapacityUnits: "not used",
    });
    const input = createInput();
    expect(input).toEqual({
      TableName: "Customers",
      AttributeDefinitions: DEFAULT_DEFINITIONS,
      KeySchema: DEFAULT_KEYS,
      BillingMode: "PAY_PER_REQUEST",
    });
    expect("ProvisionedThroughput" in input).toBe(false);
  });

  it("sends the capacity that was given", async () => {
    await run("createTable", {
      tableName: "Customers",
      readCapacityUnits: "10",
      writeCapacityUnits: " 2 ",
    });
    expect(createInput().ProvisionedThroughput).toEqual({
      ReadCapacityUnits: 10,
      WriteCapacityUnits: 2,
    });
  });

  it("takes a hash-only key and the arrays as values (code-native callers)", async () => {
    await run("createTable", {
      tableName: "Events",
      attributeDefinition: [{ AttributeName: "id", AttributeType: "s" }],
      keySchema: [{ AttributeName: "id", KeyType: "hash" }],
      billingMode: "PAY_PER_REQUEST",
    });
    expect(createInput()).toEqual({
      TableName: "Events",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("sends stream, table class, deletion protection and tags when asked", async () => {
    await run("createTable", {
      tableName: "Customers",
      billingMode: "PAY_PER_REQUEST",
      streamViewType: "NEW_AND_OLD_IMAGES",
      tableClass: "STANDARD_INFREQUENT_ACCESS",
      deletionProtection: "true",
      tags: [
        { key: "team", value: "billing" },
        { key: "env", value: "" },
      ],
    });
    expect(createInput()).toEqual({
      TableName: "Customers",
      AttributeDefinitions: DEFAULT_DEFINITIONS,
      KeySchema: DEFAULT_KEYS,
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      TableClass: "STANDARD_INFREQUENT_ACCESS",
      DeletionProtectionEnabled: true,
      Tags: [
        { Key: "team", Value: "billing" },
        { Key: "env", Value: "" },
      ],
    });
  });

  it("creates global secondary indexes, with the table's capacity when PROVISIONED", async () => {
    await run("createTable", {
      tableName: "Customers",
      attributeDefinition: JSON.stringify([
        ...DEFAULT_DEFINITIONS,
        { AttributeName: "email", AttributeType: "S" },
      ]),
      globalSecondaryIndexes: JSON.stringify([
        { IndexName: "byEmail", KeySchema: [{ KeyType: "HASH", AttributeName: "email" }] },
        {
          IndexName: "byName",
          KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["email"] },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 },
        },
      ]),
    });
    expect(createInput().GlobalSecondaryIndexes).toEqual([
      {
        IndexName: "byEmail",
        KeySchema: [{ KeyType: "HASH", AttributeName: "email" }],
        Projection: { ProjectionType: "ALL" },
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      },
      {
        IndexName: "byName",
        KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["email"] },
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 },
      },
    ]);
  });

  it("creates indexes without throughput with PAY_PER_REQUEST", async () => {
    await run("createTable", {
      tableName: "Customers",
      billingMode: "PAY_PER_REQUEST",
      attributeDefinition: [...DEFAULT_DEFINITIONS, { AttributeName: "email", AttributeType: "S" }],
      globalSecondaryIndexes: [
        { IndexName: "byEmail", KeySchema: [{ KeyType: "HASH", AttributeName: "email" }] },
      ],
    });
    expect(createInput().GlobalSecondaryIndexes).toEqual([
      {
        IndexName: "byEmail",
        KeySchema: [{ KeyType: "HASH", AttributeName: "email" }],
        Projection: { ProjectionType: "ALL" },
      },
    ]);
  });

  it("returns the table description as plain JSON (the example payload)", async () => {
    const result = await run<TableResult>("createTable", { tableName: "Customers" });
    expect(result).toEqual(createTable.examplePayload);
    expect(result.data.table?.CreationDateTime).toBe("2024-05-01T12:00:00.000Z");
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  describe("input errors, before any call", () => {
    afterEach(() => expect(ddbMock.calls()).toHaveLength(0));

    it.each([
      [
        "keySchema",
        "[{KeyType: HASH}]",
        /^Key Schema is not valid JSON \(.+\)\. Use a JSON array such as \[\{"KeyType":"HASH","AttributeName":"customerId"\}/,
      ],
      [
        "attributeDefinition",
        '[{"AttributeName":"id",}]',
        /^Attribute Definition is not valid JSON.*\[\{"AttributeName":"customerId","AttributeType":"N"\}/,
      ],
      [
        "keySchema",
        '{"KeyType":"HASH","AttributeName":"customerId"}',
        /^Key Schema must be a JSON array of objects, not a single object/,
      ],
      [
        "attributeDefinition",
        '"customerId"',
        /^Attribute Definition must be a JSON array of objects, not "customerId"/,
      ],
      ["attributeDefinition", "[]", /^Attribute Definition must define at least the hash key/],
      ["attributeDefinition", "", /^Attribute Definition is required/],
      ["keySchema", "  ", /^Key Schema is required/],
    ])("%s %p", async (key, value, message) => {
      await expect(run("createTable", { tableName: "Customers", [key]: value })).rejects.toThrow(
        message,
      );
    });

    const definitions = (items: unknown[]) => ({ attributeDefinition: JSON.stringify(items) });
    const keys = (items: unknown[]) => ({ keySchema: JSON.stringify(items) });

    it.each([
      [
        "a missing AttributeType",
        definitions([{ AttributeName: "customerId" }]),
        /Attribute Definition: "customerId" has AttributeType null; use "S" \(string\), "N" \(number\) or "B"/,
      ],
      [
        "a wrong AttributeType",
        definitions([{ AttributeName: "customerId", AttributeType: "STRING" }]),
        /"customerId" has AttributeType "STRING"/,
      ],
      [
        "a missing AttributeName",
        definitions([{ AttributeType: "S" }]),
        /Attribute Definition: element 1 needs an AttributeName/,
      ],
      [
        "a misspelt field",
        definitions([{ AttributeName: "customerId", Type: "N" }]),
        /Attribute Definition: element 1 has an unknown field "Type"/,
      ],
      [
        "a non-object element",
        definitions(["customerId"]),
        /Attribute Definition: element 1 must be an object with AttributeName and AttributeType/,
      ],
      [
        "a duplicate definition",
        definitions([
          { AttributeName: "customerId", AttributeType: "N" },
          { AttributeName: "customerId", AttributeType: "S" },
        ]),
        /"customerId" is defined twice/,
      ],
      [
        "a wrong KeyType",
        keys([{ KeyType: "PRIMARY", AttributeName: "customerId" }]),
        /Key Schema: "customerId" has KeyType "PRIMARY"; use "HASH".*or "RANGE"/,
      ],
      [
        "no HASH",
        keys([{ KeyType: "RANGE", AttributeName: "customerName" }]),
        /Key Schema must have exactly one HASH \(partition key\) element, not 0/,
      ],
      [
        "two HASH",
        keys([
          { KeyType: "HASH", AttributeName: "customerId" },
          { KeyType: "HASH", AttributeName: "customerName" },
        ]),
        /exactly one HASH \(partition key\) element, not 2/,
      ],
      [
        "two RANGE",
        keys([
          { KeyType: "HASH", AttributeName: "customerId" },
          { KeyType: "RANGE", AttributeName: "customerName" },
          { KeyType: "RANGE", AttributeName: "x" },
        ]),
        /at most one RANGE \(sort key\) element, not 2/,
      ],
      [
        "RANGE first",
        keys([
          { KeyType: "RANGE", AttributeName: "customerName" },
          { KeyType: "HASH", AttributeName: "customerId" },
        ]),
        /the HASH element must come first/,
      ],
      [
        "the same attribute twice",
        keys([
          { KeyType: "HASH", AttributeName: "customerId" },
          { KeyType: "RANGE", AttributeName: "customerId" },
        ]),
        /cannot be both the partition key and the sort key/,
      ],
      [
        "a key attribute that is not defined",
        keys([{ KeyType: "HASH", AttributeName: "orderId" }]),
        /^Key Schema uses "orderId", which Attribute Definition does not define/,
      ],
      [
        "a definition no key uses",
        keys([{ KeyType: "HASH", AttributeName: "customerId" }]),
        /^Attribute Definition defines "customerName", which no key uses/,
      ],
      [
        "a zero capacity",
        { readCapacityUnits: "0" },
        /^Read Capacity Units must be a whole number of 1 or more when Billing Mode is PROVISIONED, not "0"/,
      ],
      [
        "a fractional capacity",
        { writeCapacityUnits: "2.5" },
        /^Write Capacity Units must be a whole number of 1 or more.*not "2.5"/,
      ],
      [
        "a blank capacity",
        { readCapacityUnits: "" },
        /^Read Capacity Units must be a whole number/,
      ],
      [
        "a text capacity",
        { writeCapacityUnits: "five" },
        /^Write Capacity Units must be a whole number/,
      ],
      [
        "an unknown billing mode",
        { billingMode: "ON_DEMAND" },
        /^Billing Mode must be one of PROVISIONED, PAY_PER_REQUEST, not "ON_DEMAND"/,
      ],
      [
        "an unknown stream view type",
        { streamViewType: "ALL" },
        /^Stream View Type must be one of NEW_AND_OLD_IMAGES/,
      ],
      ["a blank tag key", { tags: [{ key: " ", value: "x" }] }, /^Tags: row 1 needs a key/],
      [
        "a repeated tag key",
        {
          tags: [
            { key: "a", value: "1" },
            { key: "a", value: "2" },
          ],
        },
        /^Tags: the key "a" appears twice/,
      ],
      ["a bad table name", { tableName: "my table" }, /^Table Name "my table" is not a valid name/],
    ])("%s", async (_what, params, message) => {
      await expect(run("createTable", { tableName: "Customers", ...params })).rejects.toThrow(
        message,
      );
    });

    it.each([
      ["bad JSON", "[{", /^Global Secondary Indexes is not valid JSON.*"IndexName":"byEmail"/],
      [
        "no KeySchema",
        [{ IndexName: "byEmail" }],
        /^Global Secondary Indexes: index "byEmail" KeySchema is required/,
      ],
      [
        "an undefined key attribute",
        [{ IndexName: "byEmail", KeySchema: [{ KeyType: "HASH", AttributeName: "email" }] }],
        /^Global Secondary Indexes: index "byEmail" KeySchema uses "email", which Attribute Definition does not define/,
      ],
      [
        "a bad index name",
        [{ IndexName: "x", KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }] }],
        /IndexName "x" is not a valid name/,
      ],
      [
        "INCLUDE without attributes",
        [
          {
            IndexName: "byName",
            KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }],
            Projection: { ProjectionType: "INCLUDE" },
          },
        ],
        /index "byName" Projection: with ProjectionType "INCLUDE", NonKeyAttributes must list/,
      ],
      [
        "a repeated index",
        [
          { IndexName: "byName", KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }] },
          { IndexName: "byName", KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }] },
        ],
        /index "byName" appears twice/,
      ],
    ])("Global Secondary Indexes with %s", async (_what, value, message) => {
      await expect(
        run("createTable", { tableName: "Customers", globalSecondaryIndexes: value }),
      ).rejects.toThrow(message);
    });

    it("Global Secondary Indexes with throughput on an on-demand table", async () => {
      await expect(
        run("createTable", {
          tableName: "Customers",
          billingMode: "PAY_PER_REQUEST",
          globalSecondaryIndexes: [
            {
              IndexName: "byName",
              KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }],
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            },
          ],
        }),
      ).rejects.toThrow(
        /index "byName" has a ProvisionedThroughput, but Billing Mode is PAY_PER_REQUEST/,
      );
    });
  });

  it("waits until the table is ACTIVE when asked, and returns the ACTIVE description", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: "not yet", $metadata: {} }))
      .resolvesOnce({ Table: customersTable({ TableStatus: "CREATING" }) })
      .resolves({ Table: customersTable() });
    const result = await run<TableResult>("createTable", {
      tableName: "Customers",
      waitUntilActive: "true",
    });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(3);
    expect(ddbMock.commandCalls(DescribeTableCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
    });
    expect(result.data.table?.TableStatus).toBe("ACTIVE");
  });

  it("does not describe the table when not asked to wait", async () => {
    const result = await run<TableResult>("createTable", { tableName: "Customers" });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
    expect(result.data.table?.TableStatus).toBe("CREATING");
  });

  it("stops waiting at once on a permission error", async () => {
    ddbMock.on(DescribeTableCommand).rejects(
      Object.assign(new Error("not authorized to perform dynamodb:DescribeTable"), {
        name: "AccessDeniedException",
      }),
    );
    const error = await run("createTable", {
      tableName: "Customers",
      waitUntilActive: "true",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /^CreateTable \(waiting until ACTIVE\) failed on table "Customers" in region us-east-1: AccessDeniedException/,
    );
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
  });

  const inUse = () =>
    Object.assign(new Error("Table already exists: Customers"), {
      name: "ResourceInUseException",
    });

  it("says a table of that name exists, and its status, when it is there", async () => {
    ddbMock.on(CreateTableCommand).rejects(inUse());
    ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable({ TableStatus: "ACTIVE" }) });
    const error = (await run("createTable", { tableName: "Customers" }).catch((e) => e)) as Error;
    expect(error.message).toBe(
      'CreateTable failed on table "Customers" in region us-east-1: ResourceInUseException: the table already exists (status ACTIVE). Use it as it is, delete it first with Delete Table, or choose another Table Name.',
    );
    expect(error.name).toBe("ResourceInUseException");
    expect(error.message).not.toMatch(/Wait until/);
  });

  it("says when the existing table is still being created", async () => {
    ddbMock.on(CreateTableCommand).rejects(inUse());
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: customersTable({ TableStatus: "CREATING" }) });
    await expect(run("createTable", { tableName: "Customers" })).rejects.toThrow(
      /the table already exists \(status CREATING\)\. Describe Table shows when it is ACTIVE\.$/,
    );
  });

  it("names the table and region when DynamoDB refuses and the status cannot be read", async () => {
    ddbMock.on(CreateTableCommand).rejects(inUse());
    ddbMock.on(DescribeTableCommand).rejects(
      Object.assign(new Error("Requested resource not found"), {
        name: "ResourceNotFoundException",
      }),
    );
    await expect(run("createTable", { tableName: "Customers" })).rejects.toThrow(
      /^CreateTable failed on table "Customers" in region us-east-1: ResourceInUseException: Table already exists: Customers/,
    );
  });
});

describe("deleteTable", () => {
  beforeEach(() => {
    ddbMock
      .on(DeleteTableCommand)
      .resolves({ TableDescription: customersTable({ TableStatus: "DELETING" }) });
  });

  it("sends the table name and returns the description (the example payload)", async () => {
    const result = await run<TableResult>("deleteTable", { tableName: "Customers" });
    expect(ddbMock.commandCalls(DeleteTableCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
    });
    expect(result).toEqual(deleteTable.examplePayload);
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
  });

  it("waits until the table is gone when asked", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: customersTable({ TableStatus: "DELETING" }) })
      .rejects(new ResourceNotFoundException({ message: "gone", $metadata: {} }));
    const result = await run<TableResult>("deleteTable", {
      tableName: "Customers",
      waitUntilDeleted: "true",
    });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(2);
    expect(result.data.table?.TableStatus).toBe("DELETING");
  });

  it("says the table or region is wrong when the table does not exist", async () => {
    ddbMock
      .on(DeleteTableCommand)
      .rejects(
        new ResourceNotFoundException({ message: "Requested resource not found", $metadata: {} }),
      );
    await expect(run("deleteTable", { tableName: "Nope" })).rejects.toThrow(
      /^DeleteTable failed on table "Nope" in region us-east-1: ResourceNotFoundException.*exists in this region/,
    );
  });
});

describe("describeTable", () => {
  it("sends the table name and returns the description (the example payload)", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: customersTable(), $metadata: { httpStatusCode: 200 } });
    const result = await run<TableResult>("describeTable", { tableName: "Customers" });
    expect(ddbMock.commandCalls(DescribeTableCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
    });
    expect(result).toEqual(describeTable.examplePayload);
    expect(JSON.stringify(result)).not.toContain("$metadata");
  });

  it("converts nested dates too", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: customersTable({
        BillingModeSummary: {
          BillingMode: "PAY_PER_REQUEST",
          LastUpdateToPayPerRequestDateTime: new Date("2024-06-02T08:30:00.000Z"),
        },
        ProvisionedThroughput: undefined,
      }),
    });
    const result = await run<TableResult>("describeTable", { tableName: "Customers" });
    expect(result.data.table?.BillingModeSummary).toEqual({
      BillingMode: "PAY_PER_REQUEST",
      LastUpdateToPayPerRequestDateTime: "2024-06-02T08:30:00.000Z",
    });
    expect(result.data.table && "ProvisionedThroughput" in result.data.table).toBe(false);
  });

  it("requires a Table Name before any call", async () => {
    await expect(run("describeTable", {})).rejects.toThrow(/^Table Name is required/);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("listTables", () => {
  it("returns one page and its cursor, and accepts the cursor back", async () => {
    ddbMock
      .on(ListTablesCommand)
      .resolves({ TableNames: ["a-table", "b-table"], LastEvaluatedTableName: "b-table" });
    ddbMock
      .on(ListTablesCommand, { ExclusiveStartTableName: "b-table" })
      .resolves({ TableNames: ["c-table"] });

    const first = await run<ListResult>("listTables", { limit: "2" });
    expect(first).toEqual({
      data: { tableNames: ["a-table", "b-table"], lastEvaluatedTableName: "b-table" },
    });
    expect(ddbMock.commandCalls(ListTablesCommand)[0].args[0].input).toEqual({ Limit: 2 });

    const second = await run<ListResult>("listTables", {
      limit: "2",
      exclusiveStartTableName: first.data.lastEvaluatedTableName,
    });
    expect(second).toEqual({ data: { tableNames: ["c-table"], lastEvaluatedTableName: null } });
    expect(ddbMock.commandCalls(ListTablesCommand)[1].args[0].input).toEqual({
      ExclusiveStartTableName: "b-table",
      Limit: 2,
    });
  });

  it("sends an empty input with the defaults", async () => {
    ddbMock.on(ListTablesCommand).resolves({ TableNames: [] });
    const result = await run<ListResult>("listTables", {});
    expect(ddbMock.commandCalls(ListTablesCommand)[0].args[0].input).toEqual({});
    expect(result).toEqual({ data: { tableNames: [], lastEvaluatedTableName: null } });
  });

  it("fetches every page with Fetch All", async () => {
    ddbMock
      .on(ListTablesCommand)
      .resolves({ TableNames: ["t1", "t2"], LastEvaluatedTableName: "t2" });
    ddbMock
      .on(ListTablesCommand, { ExclusiveStartTableName: "t2" })
      .resolves({ TableNames: ["t3", "t4"], LastEvaluatedTableName: "t4" });
    ddbMock
      .on(ListTablesCommand, { ExclusiveStartTableName: "t4" })
      .resolves({ TableNames: ["t5"] });

    const result = await run<ListResult>("listTables", { fetchAll: "true" });
    expect(result).toEqual({
      data: { tableNames: ["t1", "t2", "t3", "t4", "t5"], lastEvaluatedTableName: null },
    });
    expect(ddbMock.commandCalls(ListTablesCommand)).toHaveLength(3);
  });

  it("starts Fetch All at the cursor, with Limit as the page size", async () => {
    ddbMock.on(ListTablesCommand).resolves({ TableNames: ["wrong"] });
    ddbMock
      .on(ListTablesCommand, { ExclusiveStartTableName: "table2", Limit: 50 })
      .resolves({ TableNames: ["table3"] });
    const result = await run<ListResult>("listTables", {
      fetchAll: "true",
      exclusiveStartTableName: "table2",
      limit: "50",
    });
    expect(result.data.tableNames).toEqual(["table3"]);
    expect(ddbMock.commandCalls(ListTablesCommand)).toHaveLength(1);
  });

  it("returns the example payload for the example's tables", async () => {
    ddbMock.on(ListTablesCommand).resolves({ TableNames: ["Customers", "Invoices", "Orders"] });
    expect(await run("listTables", {})).toEqual(listTables.examplePayload);
  });

  it.each([
    ["0", /^Limit must be a whole number from 1 to 100, not "0"/],
    ["101", /^Limit must be a whole number from 1 to 100, not "101"/],
    ["ten", /^Limit must be a whole number/],
  ])("rejects Limit %p before any call", async (limit, message) => {
    await expect(run("listTables", { limit })).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("rejects a cursor that cannot be a table name", async () => {
    await expect(
      run("listTables", { exclusiveStartTableName: "no spaces allowed" }),
    ).rejects.toThrow(/^Exclusive Start Table Name "no spaces allowed" is not a valid name/);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("rejects a Fetch All that is not a boolean", async () => {
    await expect(run("listTables", { fetchAll: "yes" })).rejects.toThrow(
      /^Fetch All must be true or false/,
    );
  });
});

describe("selectTable", () => {
  it("reads every page and sorts the names", async () => {
    ddbMock
      .on(ListTablesCommand)
      .resolves({ TableNames: ["orders", "Customers"], LastEvaluatedTableName: "Customers" });
    ddbMock
      .on(ListTablesCommand, { ExclusiveStartTableName: "Customers" })
      .resolves({ TableNames: ["invoices", "Archive", "archive"] });
    const result = await harness.dataSource("selectTable", base());
    expect(result).toEqual({
      result: [
        { key: "Archive", label: "Archive" },
        { key: "archive", label: "archive" },
        { key: "Customers", label: "Customers" },
        { key: "invoices", label: "invoices" },
        { key: "orders", label: "orders" },
      ],
    });
    expect(ddbMock.commandCalls(ListTablesCommand)).toHaveLength(2);
  });

  it("returns the example payload for the example's tables", async () => {
    ddbMock.on(ListTablesCommand).resolves({ TableNames: ["Orders", "Customers"] });
    expect(await harness.dataSource("selectTable", base())).toEqual(selectTable.examplePayload);
  });

  it("names AWS Region when it is missing", async () => {
    await expect(
      harness.dataSource("selectTable", { awsConnection: keySecretConnection(), awsRegion: "" }),
    ).rejects.toThrow(/AWS Region is required/);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

/**
 * A mocked client can answer with lists shaped as DynamoDB never shapes them: a batch read's
 * Responses or UnprocessedKeys holding null, an unprocessed write without its item, a page of
 * Items that is text, TableNames holding a number, a list of backup, export or import summaries
 * or of tags holding null. Each step fails with a StepError (code unexpectedAnswer) that names
 * the operation and the part of its answer, never with a TypeError, and never takes an unprocessed write or key it
 * cannot match for done, nor spreads a text into names.
 */
import {
  BatchExecuteStatementCommand,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DescribeTableCommand,
  ListBackupsCommand,
  ListExportsCommand,
  ListImportsCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { StepError } from "../../src/errors/stepError";
import { mockCustomersTable } from "../support/customersMock";
import { harness } from "../support/harness";
import { failure } from "../support/outcome";
import { CUSTOMERS, validParams } from "./corpus/model";

const ddbMock = mockCustomersTable();

function run(kind: "action" | "dataSource", key: string): Promise<unknown> {
  return kind === "action"
    ? harness.action(key, validParams(key))
    : harness.dataSource(key, validParams(key));
}

async function expectShapeError(kind: "action" | "dataSource", key: string, part: RegExp) {
  const error = await failure(run(kind, key));
  expect(error).toBeInstanceOf(StepError);
  expect(error).toMatchObject({ code: "unexpectedAnswer" });
  // The part is named with the operation that answered, such as "ListTables' TableNames".
  expect((error as Error).message).toMatch(
    /^The answer is not shaped as DynamoDB shapes it: (BatchExecuteStatement|BatchGetItem|BatchWriteItem|DescribeTable|ListBackups|ListExports|ListImports|ListTables|ListTagsOfResource|Query)'s? /,
  );
  expect((error as Error).message).toMatch(part);
}

describe.each(["batchGetItems", "batchGetItemsMultiTable"])("%s", (action) => {
  it("refuses a response item that is null", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Customers: [null] } } as never);
    await expectShapeError(
      "action",
      action,
      /Responses\["Customers"\]\[0\] is null, not an object/,
    );
  });

  it("refuses an unprocessed key that is null rather than taking it as read", async () => {
    ddbMock
      .on(BatchGetItemCommand)
      .resolves({ UnprocessedKeys: { Customers: { Keys: [null] } } } as never);
    await expectShapeError("action", action, /UnprocessedKeys\["Customers"\]\.Keys\[0\] is null/);
  });

  it("reads Responses: null as no items", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: null } as never);
    const result = (await run("action", action)) as { data: { count: number } };
    expect(result.data.count).toBe(0);
  });
});

describe.each(["batchWriteItems", "batchWriteItemsMultiTable", "importItems"])("%s", (action) => {
  it.each([
    ["null", null, /is null, not an object/],
    ["a PutRequest without its Item", { PutRequest: {} }, /is an object, not a PutRequest/],
  ])(
    "refuses an unprocessed write that is %s rather than taking it as written",
    async (_, request, text) => {
      ddbMock
        .on(BatchWriteItemCommand)
        .resolves({ UnprocessedItems: { Customers: [request] } } as never);
      await expectShapeError("action", action, /UnprocessedItems\["Customers"\]\[0\] /);
      await expectShapeError("action", action, text);
    },
  );
});

describe("Delete Items", () => {
  it.each([
    ["text", "x", /Items is "x", not an array/],
    ["a list holding null", [null], /Items\[0\] is null, not an object/],
  ])("refuses a page of Items that is %s", async (_, items, text) => {
    ddbMock.on(QueryCommand).resolves({ Items: items } as never);
    await expectShapeError("action", "deleteItems", text);
  });
});

describe("table names", () => {
  it.each([
    ["action", "listTables"],
    ["dataSource", "selectTable"],
  ] as const)("%s %s refuses TableNames that hold no text or are text", async (kind, key) => {
    ddbMock.on(ListTablesCommand).resolves({ TableNames: ["Orders", 1] } as never);
    await expectShapeError(kind, key, /TableNames\[1\] is 1, not text/);
    ddbMock.on(ListTablesCommand).resolves({ TableNames: "Orders" } as never);
    await expectShapeError(kind, key, /TableNames is "Orders", not an array/);
  });
});

describe("Batch Execute Statements", () => {
  it("reports each statement as unanswered when Responses is null", async () => {
    ddbMock.on(BatchExecuteStatementCommand).resolves({ Responses: null } as never);
    const result = (await run("action", "batchExecuteStatements")) as {
      data: { failedCount: number; results: { error: { code: string } | null }[] };
    };
    expect(result.data.failedCount).toBe(result.data.results.length);
    expect(result.data.results[0].error?.code).toBe("MissingResponse");
  });

  it("refuses a statement's response that is text rather than taking it as succeeded", async () => {
    ddbMock.on(BatchExecuteStatementCommand).resolves({ Responses: ["x"] } as never);
    await expectShapeError(
      "action",
      "batchExecuteStatements",
      /Responses\[0\] is "x", not an object/,
    );
  });

  it("gives a failed statement's code, message and table as text, whatever a mock gives", async () => {
    const failure = { Code: 5, Message: { why: "odd" } };
    ddbMock
      .on(BatchExecuteStatementCommand)
      .resolves({ Responses: [{ Error: failure, TableName: 7 }] } as never);
    const result = (await run("action", "batchExecuteStatements")) as {
      data: { results: { tableName: unknown; error: { code: unknown; message: unknown } }[] };
    };
    const [first] = result.data.results;
    expect(first.error.code).toBe("5");
    expect(typeof first.error.message).toBe("string");
    expect(first.error.message).not.toMatch(/\[object/);
    expect(first.tableName).toBe("7");
  });
});

describe("lists of summaries and tags", () => {
  it.each([
    ["action", "listBackups", ListBackupsCommand, "BackupSummaries"],
    ["dataSource", "selectBackup", ListBackupsCommand, "BackupSummaries"],
    ["action", "listExports", ListExportsCommand, "ExportSummaries"],
    ["dataSource", "selectExport", ListExportsCommand, "ExportSummaries"],
    ["action", "listImports", ListImportsCommand, "ImportSummaryList"],
    ["action", "listTagsOfResource", ListTagsOfResourceCommand, "Tags"],
  ] as const)(
    "%s %s refuses %s holding null or given as text",
    async (kind, key, command, field) => {
      const mock = ddbMock.on(command as typeof ListBackupsCommand);
      mock.resolves({ [field]: [null] } as never);
      await expectShapeError(kind, key, new RegExp(`${field}\\[0\\] is null, not an object`));
      mock.resolves({ [field]: "x" } as never);
      await expectShapeError(kind, key, new RegExp(`${field} is "x", not an array`));
    },
  );
});

describe("a table description with odd lists", () => {
  const oddTables: [string, Record<string, unknown>, RegExp][] = [
    ["KeySchema holding null", { KeySchema: [null] }, /Table\.KeySchema\[0\] is null/],
    ["KeySchema as text", { KeySchema: "x" }, /Table\.KeySchema is "x", not an array/],
    ["AttributeDefinitions holding null", { AttributeDefinitions: [null] }, /Definitions\[0\]/],
    ["an index that is null", { GlobalSecondaryIndexes: [null] }, /Indexes\[0\] is null/],
    [
      "an index whose KeySchema is text",
      { LocalSecondaryIndexes: [{ IndexName: "byDate", KeySchema: "x" }] },
      /Table\.LocalSecondaryIndexes\[0\]\.KeySchema is "x"/,
    ],
    ["Replicas as text", { Replicas: "x" }, /Table\.Replicas is "x", not an array/],
  ];

  it.each(
    oddTables.flatMap(([what, fields, text]) =>
      [
        ["action", "getItem"],
        ["action", "addReplica"],
        ["action", "describeReplicas"],
        ["action", "createGlobalSecondaryIndex"],
        ["dataSource", "selectIndex"],
      ].map(([kind, key]) => [`${kind} ${key}`, what, kind, key, fields, text] as const),
    ),
  )("%s refuses %s", async (_, _what, kind, key, fields, text) => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: { ...CUSTOMERS, ...fields } } as never);
    await expectShapeError(kind as "action" | "dataSource", key, text);
  });
});

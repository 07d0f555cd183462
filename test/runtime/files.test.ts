/**
 * Import Items and Export Items with a mocked SDK: the exact BatchWriteItem requests a file
 * becomes (types, empty cells, CSV quoting, JSON Lines, JSON arrays, DynamoDB JSON), format
 * detection, bad rows stopped or skipped by line, retries of unprocessed rows, accounting when a
 * request fails, progress in the step's log; the exact Scan and Query requests of an export,
 * its files (numbers exact, CSV columns and types), its bounds and cursors. Every output is checked
 * against the action's output schema.
 */

import { gzipSync } from "node:zlib";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import Ajv from "ajv";
import { mockClient } from "aws-sdk-client-mock";
import { exportItems } from "../../src/actions/files/exportItems";
import { importItems } from "../../src/actions/files/importItems";
import { backoffSettings, resetBackoffSettings, runBatchStream } from "../../src/engines/batchRuns";
import { jsonArrayElements } from "../../src/files/rows";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const ajv = new Ajv({ strict: false, allErrors: true });
const schemaOf = (definition: unknown) =>
  (definition as { outputSchema: { schema: object } }).outputSchema.schema;
const importOutput = ajv.compile(schemaOf(importItems));
const exportOutput = ajv.compile(schemaOf(exportItems));

const TABLE = {
  Table: {
    TableName: "Customers",
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" as const },
      { AttributeName: "customerName", KeyType: "RANGE" as const },
    ],
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "N" as const },
      { AttributeName: "customerName", AttributeType: "S" as const },
    ],
  },
};
const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

async function importFile(params: Record<string, unknown>, log = quietLogger()) {
  const result = (await harness.action("importItems", { ...base, ...params }, {
    logger: log,
  } as never)) as {
    data: Record<string, unknown>;
  };
  expect(importOutput(result)).toBe(true);
  return result.data;
}

async function exportFile(params: Record<string, unknown>) {
  const result = (await harness.action("exportItems", { ...base, ...params }, {
    logger: quietLogger(),
  } as never)) as {
    data: Record<string, unknown> & { file: { data: Buffer; contentType: string } };
  };
  expect(exportOutput.errors ?? []).toEqual([]);
  expect(exportOutput(result)).toBe(true);
  return result.data;
}

function written(): Record<string, AttributeValue>[] {
  return ddbMock
    .commandCalls(BatchWriteItemCommand)
    .flatMap(
      (call) => (call.args[0].input as BatchWriteItemCommandInput).RequestItems?.Customers ?? [],
    )
    .map((request: WriteRequest) => request.PutRequest?.Item as Record<string, AttributeValue>);
}

const csv = (text: string, contentType = "text/csv") => ({
  data: Buffer.from(text, "utf8"),
  contentType,
});

beforeEach(() => {
  resetCaches();
  resetBackoffSettings();
  backoffSettings.sleep = async () => {};
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(TABLE);
  ddbMock.on(BatchWriteItemCommand).resolves({});
});

describe("Import Items: what a file becomes", () => {
  it("writes typed CSV columns exactly; empty cells are left out; key columns take the table's types", async () => {
    const file = csv(
      [
        "customerId,customerName,balance,active,tags,scores,address,nothing,note",
        '1001,"Lovelace, Ada",12345678901234567890.50,TRUE,"[""a"",""b""]",[1.5],"{""city"": ""London"", ""zip"": 12345678901234567890}",x,"said ""hi"""',
        "1002,Grace,,false,,,,,",
      ].join("\r\n"),
    );
    const data = await importFile({
      file,
      columnTypes: [
        { key: "balance", value: "N" },
        { key: "active", value: "BOOL" },
        { key: "tags", value: "SS" },
        { key: "scores", value: "NS" },
        { key: "address", value: "M" },
        { key: "nothing", value: "NULL" },
      ],
    });
    expect(data).toEqual({
      format: "csv",
      rows: 2,
      written: 2,
      skippedCount: 0,
      skipped: [],
      unprocessedCount: 0,
      unprocessed: { puts: [], lines: [], elements: [] },
      unprocessedTruncated: false,
    });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(BatchWriteItemCommand)[0].args[0].input).toEqual({
      RequestItems: {
        Customers: [
          {
            PutRequest: {
              Item: {
                customerId: { N: "1001" },
                customerName: { S: "Lovelace, Ada" },
                balance: { N: "12345678901234567890.50" },
                active: { BOOL: true },
                tags: { SS: ["a", "b"] },
                scores: { NS: ["1.5"] },
                address: { M: { city: { S: "London" }, zip: { N: "12345678901234567890" } } },
                nothing: { NULL: true },
                note: { S: 'said "hi"' },
              },
            },
          },
          {
            PutRequest: {
              Item: {
                customerId: { N: "1002" },
                customerName: { S: "Grace" },
                active: { BOOL: false },
              },
            },
          },
        ],
      },
    });
  });

  it("takes Export Items' columnTypes object, a semicolon delimiter, another quote and a byte order mark", async () => {
    await importFile({
      file: csv("\ufeffcustomerId;customerName;balance\n1;'Ada; Countess';7\n"),
      columnTypes: { balance: "N" },
      delimiter: ";",
      quote: "'",
    });
    expect(written()).toEqual([
      { customerId: { N: "1" }, customerName: { S: "Ada; Countess" }, balance: { N: "7" } },
    ]);
  });

  it("reads JSON Lines with exact numbers, blank lines passed over and number keys given as text", async () => {
    const data = await importFile({
      file: csv(
        '{"customerId": "7", "customerName": "Ada", "n": 123456789012345678901234567890.5}\n\n{"customerId": 8, "customerName": "Grace", "l": [1E-130, null]}\r\n',
        "application/x-ndjson",
      ),
    });
    expect(data.format).toBe("jsonl");
    expect(written()).toEqual([
      {
        customerId: { N: "7" },
        customerName: { S: "Ada" },
        n: { N: "123456789012345678901234567890.5" },
      },
      {
        customerId: { N: "8" },
        customerName: { S: "Grace" },
        l: { L: [{ N: "1E-130" }, { NULL: true }] },
      },
    ]);
  });

  it("detects a JSON array by its first character and splits it without parsing it whole", async () => {
    const data = await importFile({
      file: '  [ {"customerId": 1, "customerName": "a, [b] {c}", "q": "\\"]"},\n{"customerId": 2, "customerName": "x", "m": {"k": [1, {"z": "}"}]}} ]  ',
    });
    expect(data.format).toBe("json");
    expect(written()).toEqual([
      { customerId: { N: "1" }, customerName: { S: "a, [b] {c}" }, q: { S: '"]' } },
      {
        customerId: { N: "2" },
        customerName: { S: "x" },
        m: { M: { k: { L: [{ N: "1" }, { M: { z: { S: "}" } } }] } } },
      },
    ]);
    expect([...jsonArrayElements(Buffer.from("[1,\n 2 ,\n\n3]"))]).toEqual([
      { index: 1, line: 1, element: 1, value: "1" },
      { index: 2, line: 2, element: 2, value: "2" },
      { index: 3, line: 4, element: 3, value: "3" },
    ]);
  });

  it('reads DynamoDB JSON, and DynamoDB\'s own export lines ({"Item": ...}), sets and binary exactly', async () => {
    await importFile({
      file: csv(
        '{"Item": {"customerId": {"N": "1"}, "customerName": {"S": "Ada"}, "tags": {"SS": ["a"]}}}\n{"customerId": {"N": "2"}, "customerName": {"S": "B"}, "blob": {"B": "AAE="}, "ns": {"NS": ["1", "2"]}}\n',
        "application/x-ndjson",
      ),
      dynamoJson: "true",
    });
    expect(written()).toEqual([
      { customerId: { N: "1" }, customerName: { S: "Ada" }, tags: { SS: ["a"] } },
      {
        customerId: { N: "2" },
        customerName: { S: "B" },
        blob: { B: Uint8Array.from([0, 1]) },
        ns: { NS: ["1", "2"] },
      },
    ]);
  });

  it('unpacks a gzip file, such as a DynamoDB export to S3 (gzipped JSON Lines of {"Item": ...})', async () => {
    const lines =
      '{"Item":{"customerId":{"N":"1"},"customerName":{"S":"Ada"},"ns":{"NS":["1","2"]}}}\n{"Item":{"customerId":{"N":"2"},"customerName":{"S":"Grace"}}}\n';
    const data = await importFile({
      file: { data: gzipSync(Buffer.from(lines)), contentType: "application/gzip" },
      dynamoJson: "true",
    });
    expect(data).toMatchObject({ format: "jsonl", rows: 2, written: 2 });
    expect(written()).toEqual([
      { customerId: { N: "1" }, customerName: { S: "Ada" }, ns: { NS: ["1", "2"] } },
      { customerId: { N: "2" }, customerName: { S: "Grace" } },
    ]);
  });

  it("takes an array of items from a code-native flow (a previous step's items)", async () => {
    const data = await importFile({ file: [{ customerId: 5, customerName: "Ada", n: 1.5 }] });
    expect(data).toMatchObject({ format: "json", rows: 1, written: 1 });
    expect(written()).toEqual([
      { customerId: { N: "5" }, customerName: { S: "Ada" }, n: { N: "1.5" } },
    ]);
  });

  it("writes nothing for a header-only CSV or an empty array", async () => {
    expect(await importFile({ file: csv("customerId,customerName\n") })).toMatchObject({
      rows: 0,
      written: 0,
    });
    expect(await importFile({ file: "[]" })).toMatchObject({ rows: 0, written: 0 });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("sends requests of 25, at most Concurrency at once, and reports progress in the step's log", async () => {
    let inFlight = 0;
    let most = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return {};
    });
    const rows = Array.from({ length: 12_000 }, (_, i) => `${i},n${i}`).join("\n");
    const log = quietLogger();
    const data = await importFile(
      { file: csv(`customerId,customerName\n${rows}\n`), concurrency: "3" },
      log,
    );
    expect(data).toMatchObject({ rows: 12_000, written: 12_000 });
    const sizes = ddbMock
      .commandCalls(BatchWriteItemCommand)
      .map((call) => call.args[0].input.RequestItems?.Customers?.length);
    expect(sizes).toHaveLength(480);
    expect(sizes.every((size) => size === 25)).toBe(true);
    expect(most).toBeLessThanOrEqual(3);
    const lines = log.info.mock.calls.map(([message]) => message);
    expect(lines).toEqual(
      expect.arrayContaining([
        "Import Items: checked 5,000 rows.",
        "Import Items: checked 10,000 rows.",
        "Import Items: 12,000 rows checked, 12,000 to write.",
        "Import Items: wrote 5,000 of 12,000 items.",
        "Import Items: wrote 10,000 of 12,000 items.",
      ]),
    );
    expect(new Set(written().map((item) => item.customerId.N)).size).toBe(12_000);
    // 12,000 rows through the mocked SDK: seconds on a machine shared with other work.
  }, 30_000);
});

describe("example payloads are what perform returns", () => {
  it("Import Items", async () => {
    const result = await harness.action(
      "importItems",
      {
        ...base,
        file: csv(
          'customerId,customerName,balance\n1001,Ada,12.5\n1002,Grace,"12,50"\n1003,Alan,0\n',
        ),
        columnTypes: { balance: "N" },
        badRows: "skip",
      },
      { logger: quietLogger() } as never,
    );
    expect(result).toEqual(importItems.examplePayload);
  });

  it("Export Items", async () => {
    ddbMock.on(ScanCommand).resolves(
      scanned([
        { customerId: { N: "1001" }, name: { S: "Ada" }, balance: { N: "12345678901234567890.5" } },
        { customerId: { N: "1002" }, name: { S: "Grace" }, balance: { N: "0" } },
      ]),
    );
    const result = await harness.action("exportItems", { ...base, format: "csv" }, {
      logger: quietLogger(),
    } as never);
    expect(result).toEqual(exportItems.examplePayload);
  });
});

describe("Import Items: bad rows", () => {
  const file = csv(
    "customerId,customerName,balance\n1,Ada,1\n2,Grace,x\n3,,3\n4,Alan,4\n1,Ada,9\n",
  );
  const columnTypes = { balance: "N" };

  it("stops before anything is written, naming every bad line (Bad Rows = Stop, the default)", async () => {
    const attempt = harness.action("importItems", { ...base, file, columnTypes });
    await expect(attempt).rejects.toMatchObject({
      name: "InputError",
      label: "File",
      code: "invalidValue",
    });
    await expect(attempt).rejects.toThrow(
      'File: lines 3, 4, 6 are not valid, so nothing was written. File (line 3): attribute "balance" has type N but "x" is not a number. A number looks like 42, -3.5 or 1.2E+10 (up to 38 significant digits). File (line 4): the key attribute "customerName" is missing. The table\'s key is customerId (N) and customerName (S). File (line 6) has the same key {"customerId":1,"customerName":"Ada"} as line 2. Each item may appear once in a file: a later row would replace the earlier one. Correct the file, or set Bad Rows to Skip to write the other rows and list the bad ones in the output.',
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("writes the others and lists the bad ones with their lines (Bad Rows = Skip)", async () => {
    const data = await importFile({ file, columnTypes, badRows: "skip" });
    expect(data).toMatchObject({ rows: 5, written: 2, skippedCount: 3 });
    expect((data.skipped as { line: number }[]).map((row) => row.line)).toEqual([3, 4, 6]);
    expect(written().map((item) => item.customerId.N)).toEqual(["1", "4"]);
  });

  it("names the line a multi-line quoted row starts on", async () => {
    const attempt = harness.action("importItems", {
      ...base,
      file: csv('customerId,customerName,n\n1,"two\nlines",bad\n2,x,bad\n'),
      columnTypes: { n: "N" },
    });
    await expect(attempt).rejects.toThrow(
      /^File: lines 2, 4 are not valid, so nothing was written/,
    );
  });
});

describe("input errors, as the user reads them", () => {
  const header = "customerId,customerName\n1,Ada\n";
  it.each([
    [
      "no File",
      { file: "" },
      "File is required. Reference a file from an earlier step (such as an SFTP, S3 or HTTP download), or give the file's text.",
    ],
    [
      "a File that is an object",
      { file: { name: "x.csv" } },
      "File must be a file, not an object. Reference a file from an earlier step (such as an SFTP, S3 or HTTP download), or give the file's text.",
    ],
    [
      "a spreadsheet instead of text",
      {
        file: {
          data: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
      },
      "File is not UTF-8 text (it holds NUL bytes: a spreadsheet, an archive or UTF-16 text?). Export or save it as UTF-8 CSV, JSON Lines or JSON.",
    ],
    [
      "a broken gzip file",
      { file: { data: Buffer.from([0x1f, 0x8b, 1, 2, 3]), contentType: "application/gzip" } },
      "File is gzip-compressed, but it is not a valid gzip file. Split the file, or give it unpacked.",
    ],
    [
      "an unknown Format",
      { file: header, format: "xml" },
      'Format must be one of auto, csv, jsonl, json, not "xml".',
    ],
    [
      "the same Delimiter and Quote",
      { file: header, delimiter: "|", quote: "|" },
      'Quote and Delimiter are both "|"; they must differ.',
    ],
    [
      "Column Types for JSON Lines",
      { file: '{"customerId": 1, "customerName": "Ada"}', columnTypes: { n: "N" } },
      "Column Types apply to CSV files only, and this file is JSON Lines (its values carry their own types). Clear Column Types, or set Format to CSV.",
    ],
    [
      "a header without a key column",
      { file: "customerId;customerName\n1;Ada\n" },
      'File: the header row (line 1) has no column for the key attribute "customerId", so no row could be written. The table\'s key is customerId (N) and customerName (S); add the column, or check the Delimiter.',
    ],
    [
      "Column Types naming a missing column",
      { file: header, columnTypes: { price: "N" } },
      'Column Types names the column "price", which is not in the file\'s header row (customerId, customerName). Correct the name or remove the row.',
    ],
    [
      "Column Types against the key's type",
      { file: header, columnTypes: { customerId: "S" } },
      'Column Types gives the key column "customerId" the type S, but the table declares it as N. Remove the row (key columns take the table\'s type) or correct it.',
    ],
    [
      "an unclosed quote",
      { file: 'customerId,customerName\n1,"Ada\n' },
      'File: the CSV cannot be read at line 2 (Quote Not Closed: the parsing is finished with an opening quote at line 2), so nothing was written. Check the Delimiter and Quote inputs, and that a quote inside a quoted value is doubled ("").',
    ],
  ])("%s", async (_, params, message) => {
    await expect(harness.action("importItems", { ...base, ...params })).rejects.toThrow(message);
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it.each([
    [
      "Columns for JSON Lines",
      { columns: "a" },
      "Columns apply to CSV only. Clear them, or set Format to CSV.",
    ],
    [
      "Total Segments with a query",
      {
        totalSegments: "2",
        keyConditionExpression: "customerId = :id",
        expressionAttributeValues: { ":id": "1" },
        expressionAttributeValueTypes: { ":id": "N" },
      },
      "Total Segments applies to scans only, and a Key Condition Expression makes this export a query. Set Total Segments to 1, or clear the Key Condition Expression to scan the table.",
    ],
    [
      "a Max File Size of 0",
      { maxFileSize: "0" },
      'Max File Size must be a whole number from 1 to 100, not "0".',
    ],
  ])("Export Items: %s", async (_, params, message) => {
    await expect(harness.action("exportItems", { ...base, ...params })).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("lists the first 1,000 skipped rows and counts them all", async () => {
    const rows = Array.from({ length: 1_200 }, (_, i) => `${i},`).join("\n");
    const data = await importFile({
      file: csv(`customerId,customerName\n${rows}\n`),
      badRows: "skip",
    });
    expect(data).toMatchObject({ rows: 1_200, written: 0, skippedCount: 1_200 });
    expect(data.skipped).toHaveLength(1_000);
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });
});

describe("Import Items: what DynamoDB leaves undone", () => {
  it("retries unprocessed rows, and returns those still left with their lines (Return Unprocessed)", async () => {
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
      const requests = input.RequestItems?.Customers ?? [];
      // Row 2 (customerId 2) is always throttled.
      return {
        UnprocessedItems: {
          Customers: requests.filter((r) => r.PutRequest?.Item?.customerId.N === "2"),
        },
      };
    });
    const data = await importFile({
      file: csv("customerId,customerName\n1,a\n2,b\n3,c\n"),
      maxRetries: "2",
      returnUnprocessed: "true",
    });
    expect(data).toMatchObject({
      written: 2,
      unprocessedCount: 1,
      unprocessed: { puts: [{ customerId: 2, customerName: "b" }], lines: [3] },
    });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(3);
    await expect(
      harness.action("importItems", {
        ...base,
        file: csv("customerId,customerName\n2,b\n"),
        maxRetries: "0",
      }),
    ).rejects.toThrow(
      /1 of 1 rows were still unprocessed with no retries, as Max Retries is 0 .* Unprocessed lines: 2\./,
    );
  });

  it("says how many rows were written before a request failed", async () => {
    let calls = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      calls += 1;
      if (calls === 3)
        throw Object.assign(new Error("Internal failure"), { name: "InternalServerError" });
      return {};
    });
    const rows = Array.from({ length: 100 }, (_, i) => `${i},n`).join("\n");
    const attempt = harness.action("importItems", {
      ...base,
      file: csv(`customerId,customerName\n${rows}\n`),
      concurrency: "1",
    });
    await expect(attempt).rejects.toThrow(/Before it failed, 50 of 100 rows were written/);
    await expect(attempt).rejects.toMatchObject({ written: 50 });
  });
});

describe("runBatchStream", () => {
  it("pulls chunks from the source as requests finish, never more than concurrency at once", async () => {
    let produced = 0;
    let sentMax = 0;
    let active = 0;
    async function* source() {
      for (let i = 0; i < 1000; i++) {
        produced += 1;
        // The source never runs far ahead of the requests: at most the chunks in flight plus one.
        expect(produced - sentMax).toBeLessThanOrEqual(10 * 3 + 10);
        yield i;
      }
    }
    const seen: number[] = [];
    const result = await runBatchStream<number>({
      source: source(),
      chunkSize: 10,
      concurrency: 3,
      maxRetries: 0,
      send: async (entries) => {
        active += 1;
        expect(active).toBeLessThanOrEqual(3);
        await new Promise((resolve) => setTimeout(resolve, 0));
        seen.push(...entries);
        sentMax = Math.max(sentMax, ...entries) + 1;
        active -= 1;
        return [];
      },
    });
    expect(result.unprocessed).toEqual([]);
    expect(result.requests).toBe(100);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it("stops pulling after a failure, lets requests in flight finish and throws the first error", async () => {
    let sent = 0;
    const attempt = runBatchStream<number>({
      source: Array.from({ length: 100 }, (_, i) => i),
      chunkSize: 5,
      concurrency: 2,
      maxRetries: 0,
      send: async (entries) => {
        sent += 1;
        if (entries[0] === 10) throw new Error("boom");
        return [];
      },
    });
    await expect(attempt).rejects.toThrow("boom");
    expect(sent).toBeLessThan(6);
  });
});

const scanned = (
  items: Record<string, AttributeValue>[],
  last?: Record<string, AttributeValue>,
) => ({
  Items: items,
  Count: items.length,
  ScannedCount: items.length,
  LastEvaluatedKey: last,
});

describe("Export Items", () => {
  const items: Record<string, AttributeValue>[] = [
    {
      customerId: { N: "1" },
      customerName: { S: 'Ada, "the" Countess' },
      balance: { N: "12345678901234567890.5" },
      tiny: { N: "1E-130" },
      tags: { SS: ["a"] },
      nested: {
        M: {
          big: { N: "123456789012345678901234567890" },
          l: { L: [{ BOOL: true }, { NULL: true }] },
        },
      },
      blob: { B: Uint8Array.from([0, 255]) },
    },
    {
      customerId: { N: "2" },
      customerName: { S: "Grace" },
      balance: { S: "unknown" },
      nothing: { NULL: true },
    },
  ];

  it("scans the table and writes JSON Lines with every digit of every number", async () => {
    ddbMock.on(ScanCommand).resolves(scanned(items));
    const data = await exportFile({});
    expect(ddbMock.commandCalls(ScanCommand)[0].args[0].input).toEqual({ TableName: "Customers" });
    expect(data.file.contentType).toBe("application/x-ndjson");
    expect(data.file.data.toString("utf8")).toBe(
      '{"customerId":1,"customerName":"Ada, \\"the\\" Countess","balance":12345678901234567890.5,"tiny":1E-130,"tags":["a"],"nested":{"big":123456789012345678901234567890,"l":[true,null]},"blob":"AP8="}\n' +
        '{"customerId":2,"customerName":"Grace","balance":"unknown","nothing":null}\n',
    );
    expect(data).toMatchObject({
      format: "jsonl",
      operation: "Scan",
      count: 2,
      truncated: false,
      lastEvaluatedKey: null,
    });
    expect(data.bytes).toBe(data.file.data.length);
  });

  it("writes DynamoDB JSON with Return DynamoDB JSON", async () => {
    ddbMock.on(ScanCommand).resolves(scanned([items[1]]));
    const data = await exportFile({ returnDynamoJson: "true" });
    expect(data.file.data.toString("utf8")).toBe(
      '{"customerId":{"N":"2"},"customerName":{"S":"Grace"},"balance":{"S":"unknown"},"nothing":{"NULL":true}}\n',
    );
  });

  it("writes CSV with the union of attributes, JSON text for nested values, and the column types", async () => {
    ddbMock.on(ScanCommand).resolves(scanned(items));
    const data = await exportFile({ format: "csv" });
    expect(data.file.contentType).toBe("text/csv");
    expect(data.file.data.toString("utf8")).toBe(
      "customerId,customerName,balance,tiny,tags,nested,blob,nothing\n" +
        '1,"Ada, ""the"" Countess",12345678901234567890.5,1E-130,"[""a""]","{""big"":123456789012345678901234567890,""l"":[true,null]}",AP8=,\n' +
        "2,Grace,unknown,,,,,\n",
    );
    expect(data.columns).toEqual([
      "customerId",
      "customerName",
      "balance",
      "tiny",
      "tags",
      "nested",
      "blob",
      "nothing",
    ]);
    // balance is N in one item and S in the other: no one type, so it is left out.
    expect(data.columnTypes).toEqual({
      customerId: "N",
      customerName: "S",
      tiny: "N",
      tags: "SS",
      nested: "M",
      blob: "B",
      nothing: "NULL",
    });
  });

  it("queries with the inputs Query Items takes, and writes the given columns with another delimiter", async () => {
    ddbMock.on(QueryCommand).resolves(scanned(items));
    const data = await exportFile({
      format: "csv",
      columns: "customerName, customerId",
      delimiter: "\\t",
      keyConditionExpression: "customerId = :id",
      filterExpression: "#b > :zero",
      expressionAttributeNames: [{ key: "#b", value: "balance" }],
      expressionAttributeValues: { ":id": "1", ":zero": "0" },
      expressionAttributeValueTypes: { ":id": "N", ":zero": "N" },
      indexName: "byName",
      scanIndexForward: "false",
      limit: "50",
    });
    expect(ddbMock.commandCalls(QueryCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
      IndexName: "byName",
      KeyConditionExpression: "customerId = :id",
      FilterExpression: "#b > :zero",
      ExpressionAttributeNames: { "#b": "balance" },
      ExpressionAttributeValues: { ":id": { N: "1" }, ":zero": { N: "0" } },
      ScanIndexForward: false,
      Limit: 50,
    });
    expect(data.file.data.toString("utf8")).toBe(
      'customerName\tcustomerId\n"Ada, ""the"" Countess"\t1\nGrace\t2\n',
    );
    expect(data.operation).toBe("Query");
  });

  it("stops at Max Items with the cursor after the last item written", async () => {
    ddbMock
      .on(ScanCommand)
      .resolves(scanned(items, { customerId: { N: "2" }, customerName: { S: "Grace" } }));
    const data = await exportFile({ maxItems: "1" });
    expect(data).toMatchObject({
      count: 1,
      truncated: true,
      truncatedReason: "maxItems",
      lastEvaluatedKey: { customerId: 1, customerName: 'Ada, "the" Countess' },
    });
    expect(data.file.data.toString("utf8").split("\n")).toHaveLength(2);
  });

  it("stops before the file passes Max File Size", async () => {
    const big = Array.from({ length: 40 }, (_, i) => ({
      customerId: { N: String(i) },
      customerName: { S: "x".repeat(100_000) },
    }));
    ddbMock.on(ScanCommand).resolves(scanned(big));
    const data = await exportFile({ maxFileSize: "1" });
    expect(data).toMatchObject({ truncated: true, truncatedReason: "byteBudget" });
    expect(data.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(data.count).toBe(10);
    expect(data.lastEvaluatedKey).toEqual({ customerId: 9, customerName: "x".repeat(100_000) });
  });

  it("leaves out of the CSV header the attributes of an item cut by Max File Size", async () => {
    ddbMock.on(ScanCommand).resolves(
      scanned([
        { customerId: { N: "1" }, customerName: { S: "Ada" } },
        {
          customerId: { N: "2" },
          customerName: { S: "Grace" },
          huge: { S: "x".repeat(1_100_000) },
        },
      ]),
    );
    const data = await exportFile({ format: "csv", maxFileSize: "1" });
    expect(data).toMatchObject({
      count: 1,
      truncated: true,
      truncatedReason: "byteBudget",
      columns: ["customerId", "customerName"],
      columnTypes: { customerId: "N", customerName: "S" },
      lastEvaluatedKey: { customerId: 1, customerName: "Ada" },
    });
    expect(data.file.data.toString("utf8")).toBe("customerId,customerName\n1,Ada\n");
  });

  it("reads parallel segments and returns their cursors", async () => {
    ddbMock
      .on(ScanCommand)
      .callsFake(async (input) =>
        scanned([{ customerId: { N: String(input.Segment) }, customerName: { S: "s" } }]),
      );
    const data = await exportFile({ totalSegments: "3" });
    expect(
      ddbMock
        .commandCalls(ScanCommand)
        .map((call) => call.args[0].input.Segment)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(data).toMatchObject({ count: 3, truncated: false, segmentCursors: [null, null, null] });
  });
});

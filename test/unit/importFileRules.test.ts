/**
 * Import Items' rules about the file as a whole, each applied before anything is written: the
 * whole file is UTF-8 (a Latin-1 "Müller" is refused, naming the byte, not stored as mojibake);
 * secondary index keys are checked and converted like the table's key; the chosen Quote character
 * escapes itself; Delimiter and Quote are CSV-only; empty files say how "no rows" is written;
 * header names and Column Types are never echoed raw; and a failed import's error carries the
 * output's counts.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { printable } from "../../src/common/text";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};
const csv = (text: string | Buffer) => ({
  data: typeof text === "string" ? Buffer.from(text, "utf8") : text,
  contentType: "text/csv",
});

function run(params: Record<string, unknown>) {
  return harness.action("importItems", { ...base, ...params }, {
    logger: quietLogger(),
  } as never) as Promise<{ data: Record<string, unknown> }>;
}

function puts() {
  return ddbMock
    .commandCalls(BatchWriteItemCommand)
    .flatMap(
      (call) => (call.args[0].input as BatchWriteItemCommandInput).RequestItems?.Customers ?? [],
    )
    .map((request) => request.PutRequest?.Item);
}

/** Customers with a global secondary index keyed on the number attribute "score". */
const withScoreIndex = customersTable({
  AttributeDefinitions: [
    { AttributeName: "customerId", AttributeType: "N" },
    { AttributeName: "customerName", AttributeType: "S" },
    { AttributeName: "score", AttributeType: "N" },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: "byScore",
      KeySchema: [{ AttributeName: "score", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
    },
  ],
});

beforeEach(() => {
  resetCaches();
  resetBackoffSettings();
  backoffSettings.sleep = async () => {};
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
  ddbMock.on(BatchWriteItemCommand).resolves({});
});

describe("Import Items: the whole file must be UTF-8", () => {
  it("refuses a Latin-1 CSV, naming the byte and line, for every format", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("customerId,customerName\n1,Ada\n2,M"),
      Buffer.from([0xfc]),
      Buffer.from("ller\n"),
    ]);
    const attempt = run({ file: csv(latin1) });
    await expect(attempt).rejects.toMatchObject({ name: "InputError", label: "File" });
    await expect(attempt).rejects.toThrow(
      /^File is not UTF-8 text: the byte at offset 33 \(line 3, 0xFC\) is not valid UTF-8, so nothing was written\./,
    );
    const jsonl = Buffer.concat([
      Buffer.from('{"customerId": 1, "customerName": "M'),
      Buffer.from([0xfc]),
      Buffer.from('ller"}\n'),
    ]);
    await expect(run({ file: { data: jsonl } })).rejects.toThrow(
      /the byte at offset 36 \(line 1, 0xFC\)/,
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("finds a bad byte far into the file, past the first 4 KB", async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `${i},name${i}`).join("\n");
    const bytes = Buffer.concat([
      Buffer.from(`customerId,customerName\n${rows}\n5000,`),
      Buffer.from([0xe9]),
    ]);
    await expect(run({ file: csv(bytes) })).rejects.toThrow(/offset 25,809 \(line 2,002, 0xE9\)/);
  });

  it("accepts UTF-8 with a byte order mark and every script", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("customerId,customerName\n1,Müller\n2,日本\n3,😀\n"),
    ]);
    const { data } = await run({ file: csv(bytes) });
    expect(data).toMatchObject({ written: 3 });
    expect(puts().map((item) => item?.customerName.S)).toEqual(["Müller", "日本", "😀"]);
  });
});

describe("Import Items: secondary index keys are checked before anything is written", () => {
  beforeEach(() => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: withScoreIndex });
  });

  it("converts a CSV column that is a number index key, without Column Types", async () => {
    const { data } = await run({ file: csv("customerId,customerName,score\n1,a,10\n2,b,\n") });
    expect(data).toMatchObject({ written: 2 });
    expect(puts()).toEqual([
      { customerId: { N: "1" }, customerName: { S: "a" }, score: { N: "10" } },
      { customerId: { N: "2" }, customerName: { S: "b" } },
    ]);
  });

  it("stops on a CSV index key that is not a number, having written nothing", async () => {
    const rows = Array.from({ length: 59 }, (_, i) => `${i},n,${i}`).join("\n");
    const attempt = run({ file: csv(`customerId,customerName,score\n${rows}\n99,n,high\n`) });
    await expect(attempt).rejects.toThrow(
      /^File: line 61 is not valid, so nothing was written\. File \(line 61\): attribute "score" has type N but "high" is not a number/,
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("refuses Column Types that contradict an index key's type", async () => {
    await expect(
      run({ file: csv("customerId,customerName,score\n1,a,10\n"), columnTypes: { score: "S" } }),
    ).rejects.toThrow(
      'Column Types gives the index key column "score" the type S, but the table declares it as N.',
    );
  });

  it("converts plain JSON index keys as keys are converted, and checks DynamoDB JSON ones", async () => {
    const { data } = await run({
      file: '{"customerId": 1, "customerName": "a", "score": "12"}\n{"customerId": 2, "customerName": "b", "score": null}\n',
      badRows: "skip",
    });
    expect(data).toMatchObject({ written: 1, skippedCount: 1 });
    expect(puts()[0]?.score).toEqual({ N: "12" });
    ddbMock.resetHistory();
    const typed = await run({
      file: '{"customerId": {"N": "1"}, "customerName": {"S": "a"}, "score": {"S": "12"}}\n',
      dynamoJson: "true",
      badRows: "skip",
    });
    expect(typed.data).toMatchObject({ written: 0, skippedCount: 1 });
    expect((typed.data.skipped as { reason: string }[])[0].reason).toContain(
      'attribute "score" is a key of index byScore, declared as N (number), but it is typed S',
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });
});

describe("Import Items: the chosen Quote", () => {
  it("a quote inside a value quoted with ' is written twice, and \" is plain text", async () => {
    const { data } = await run({
      file: csv("customerId,customerName\n1,'it''s'\n2,'say \"x\"'\n3,'a,b'\n"),
      quote: "'",
    });
    expect(data).toMatchObject({ written: 3 });
    expect(puts().map((item) => item?.customerName.S)).toEqual(["it's", 'say "x"', "a,b"]);
  });

  it('a broken file names the chosen quote, not "', async () => {
    await expect(
      run({ file: csv("customerId,customerName\n1,'open\n"), quote: "'" }),
    ).rejects.toThrow(/that a quote inside a quoted value is doubled \(''\)\.$/);
  });
});

describe("Import Items: Delimiter and Quote are CSV-only", () => {
  it.each([
    ["Delimiter", { delimiter: ";" }, "JSON Lines"],
    ["Quote", { quote: "'" }, "JSON Lines"],
  ])("a changed %s with a JSON file is an input error", async (label, params, format) => {
    const attempt = run({ file: '{"customerId": 1, "customerName": "a"}\n', ...params });
    await expect(attempt).rejects.toMatchObject({ name: "InputError", label, code: "conflict" });
    await expect(attempt).rejects.toThrow(
      `${label} applies to CSV files only, and this file is ${format}.`,
    );
  });

  it("the defaults the platform sends are fine with JSON", async () => {
    const { data } = await run({ file: "[]", delimiter: ",", quote: '"' });
    expect(data).toMatchObject({ rows: 0, written: 0 });
  });
});

describe("Import Items: files of no rows", () => {
  it.each([
    ["a header-only CSV", csv("customerId,customerName\n")],
    ["an empty JSON array", { data: Buffer.from("[]"), contentType: "application/json" }],
    ["an empty JSON Lines file", { data: Buffer.alloc(0), contentType: "application/x-ndjson" }],
    [
      "a JSON Lines file of blank lines",
      { data: Buffer.from("\n\n"), contentType: "application/x-ndjson" },
    ],
  ])("%s writes nothing and succeeds", async (_, file) => {
    const { data } = await run({ file });
    expect(data).toMatchObject({ rows: 0, written: 0, skippedCount: 0 });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("a 0-byte CSV is refused, saying how to write no rows", async () => {
    await expect(run({ file: csv(Buffer.alloc(0)) })).rejects.toThrow(
      "File is empty (0 bytes), so nothing was written. A file of no items is a CSV header row alone (such as customerId,name), an empty JSON array ([]), or an empty JSON Lines file (set Format to JSON Lines).",
    );
  });
});

describe("Import Items: user text in messages is never raw", () => {
  const evil = "price\n[ERROR] forged\u001b[31m";
  it.each([
    [
      "a repeated header name",
      {
        file: csv(
          `customerId,customerName,${JSON.stringify(evil)},${JSON.stringify(evil)}\n1,a,1,2\n`,
        ),
      },
    ],
    [
      "Column Types naming a missing column",
      { file: csv("customerId,customerName\n1,a\n"), columnTypes: { [evil]: "N" } },
    ],
    [
      "a bad value under such a header",
      {
        file: csv(`customerId,customerName,${JSON.stringify(evil)}\n1,a,x\n`),
        columnTypes: { [evil]: "N" },
      },
    ],
  ])("%s", async (_, params) => {
    const error = (await run(params).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(printable(evil));
    expect(error.message).not.toContain("\n");
    expect(error.message).not.toContain("\u001b");
  });

  it("printable escapes control characters, separators and bidi overrides, and nothing else", () => {
    expect(printable("a\nb\r\tc\u001b[0m\u2028\u202e d é 日")).toBe(
      "a\\nb\\r\\tc\\u001b[0m\\u2028\\u202e d é 日",
    );
  });
});

describe("Import Items: a failed import's error carries the output's counts", () => {
  it.each([
    ["a credential failure (ConnectionError)", "UnrecognizedClientException", "ConnectionError"],
    ["a service failure", "InternalServerError", "InternalServerError"],
  ])("%s", async (_, name, errorName) => {
    let calls = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      calls += 1;
      if (calls === 3) throw Object.assign(new Error("The request failed."), { name });
      return {};
    });
    const rows = Array.from({ length: 100 }, (_, i) => `${i},n`).join("\n");
    const attempt = run({ file: csv(`customerId,customerName\n${rows}\n`), concurrency: "1" });
    await expect(attempt).rejects.toThrow(/Before it failed, 50 of 100 rows were written/);
    await expect(attempt).rejects.toMatchObject({
      name: errorName,
      format: "csv",
      rows: 100,
      written: 50,
      skippedCount: 0,
    });
  });
});

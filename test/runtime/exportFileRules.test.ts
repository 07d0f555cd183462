/**
 * Export Items' files: Max File Size is measured on the final file exactly (the CSV header, and
 * the empty cells earlier rows gain when a later item adds a column, included); an export that
 * stops at it says so with a cursor that continues without loss or repeat; an item that alone
 * cannot fit is an error naming Max File Size; CSV text cells that start like a spreadsheet
 * formula are escaped unless Escape Formulas is false; an empty table's CSV is a header of its
 * key; and a projection naming only attributes sends no empty ExpressionAttributeNames.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { parse } from "csv-parse/sync";
import { csvWriter, jsonLinesWriter } from "../../src/files/exportFile";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";
import { debugNote } from "../support/quiet";
import { TYPESCRIPT_CHILD } from "../support/typescriptChild";

const ddbMock = mockClient(DynamoDBClient);
const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};
const MB = 1024 * 1024;

type Item = Record<string, AttributeValue>;
interface ExportData {
  file: { data: Buffer };
  bytes: number;
  count: number;
  columns: string[] | null;
  lastEvaluatedKey: Record<string, unknown> | null;
  truncated: boolean;
  truncatedReason: string | null;
}

/** Items with differing attributes: item i has its own attribute `a<i>` of 2,000 characters. */
function differing(id: number): Item {
  return {
    id: { N: String(id) },
    sk: { S: "s" },
    [`a${id}`]: { S: `v${id}`.padEnd(2_000, "x") },
  };
}

/** Serves `count` items in pages of `perPage`, continuing after the cursor's id. */
function serve(count: number, perPage: number, make: (id: number) => Item) {
  ddbMock.on(ScanCommand).callsFake(async (input: ScanCommandInput) => {
    const from = input.ExclusiveStartKey ? Number(input.ExclusiveStartKey.id?.N) + 1 : 0;
    const to = Math.min(count, from + perPage);
    const items = Array.from({ length: to - from }, (_, i) => make(from + i));
    return {
      Items: items,
      Count: items.length,
      ScannedCount: items.length,
      LastEvaluatedKey: to < count ? { id: { N: String(to - 1) }, sk: { S: "s" } } : undefined,
    };
  });
}

async function exportItems(params: Record<string, unknown>): Promise<ExportData> {
  const result = (await harness.action("exportItems", { ...base, ...params }, {
    logger: quietLogger(),
  } as never)) as { data: ExportData };
  return result.data;
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [
        { AttributeName: "id", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "N" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
    },
  });
});

describe("Max File Size is the final file's size", () => {
  it("CSV of items with differing attributes: 1 MB gives at most 1 MB, and the cursors read every item once", async () => {
    serve(1_500, 500, differing);
    const ids: number[] = [];
    let cursor: Record<string, unknown> | null = null;
    for (let run = 0; run < 200; run++) {
      const data = await exportItems({
        format: "csv",
        maxFileSize: "1",
        ...(cursor ? { exclusiveStartKey: JSON.stringify(cursor) } : {}),
      });
      expect(data.file.data.length).toBeLessThanOrEqual(MB);
      expect(data.bytes).toBe(data.file.data.length);
      const [header, ...rows] = parse(data.file.data) as string[][];
      expect(header?.slice(0, 2)).toEqual(["id", "sk"]);
      expect(rows).toHaveLength(data.count);
      ids.push(...rows.map((row) => Number(row[0])));
      if (!data.truncated) break;
      expect(data.truncatedReason).toBe("byteBudget");
      cursor = data.lastEvaluatedKey;
      expect(cursor).toEqual({ id: ids[ids.length - 1], sk: "s" });
    }
    expect(ids).toEqual(Array.from({ length: 1_500 }, (_, i) => i));
  }, 30_000);

  it("the measure of every item adds up to the file, byte for byte, whatever the cells hold", async () => {
    const cells: AttributeValue[] = [
      { S: 'say "hi", then\nleave' },
      { S: "Müller ☃ 𝄞" },
      { S: "tab\there;semi" },
      { S: "\r\nonly breaks" },
      { S: "" },
      { N: "-5" },
      { NULL: true },
      { L: [{ S: "a,b" }, { N: "1" }] },
      { B: new Uint8Array([0xfb, 0xff]) },
      { BOOL: false },
      { S: "=1+1" },
    ];
    for (const delimiter of [",", ";", "\t", "|"]) {
      for (const escapeFormulas of [true, false]) {
        const writer = csvWriter({ delimiter, escapeFormulas });
        let measured = 0;
        cells.forEach((value, index) => {
          // Each item brings a new column and skips some earlier ones.
          const item: Item = { id: { N: String(index) }, [`c${index}`]: value };
          if (index % 3 === 0) item.shared = value;
          measured += writer.measure(item);
          writer.add(item);
        });
        const file = await writer.finish();
        expect(file.file.data.length).toBe(measured);
        const rows = parse(file.file.data, { delimiter, relax_column_count: false }) as string[][];
        expect(rows).toHaveLength(cells.length + 1);
        expect(rows[1]?.[1]).toBe('say "hi", then\nleave');
      }
    }
  });

  it("JSON Lines: the measures add up to the file", async () => {
    const writer = jsonLinesWriter(true);
    let measured = 0;
    for (let id = 0; id < 50; id++) {
      const item = differing(id);
      measured += writer.measure(item);
      writer.add(item);
    }
    const file = await writer.finish();
    expect(file.file.data.length).toBe(measured);
  });

  it("an item that alone exceeds Max File Size is an error naming it", async () => {
    serve(3, 10, (id) => ({ id: { N: String(id) }, body: { S: "x".repeat(1_100_000) } }));
    await expect(exportItems({ format: "csv", maxFileSize: "1" })).rejects.toThrow(
      /Max File Size is 1 MB, but the first item alone takes 1,100,\d{3} bytes/,
    );
  });
});

describe("formula escaping (Escape Formulas)", () => {
  const risky = ["=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-1+1", "\tx", "\rx", "plain"];
  const items = (): Item[] =>
    risky.map((text, id) => ({ id: { N: String(id) }, note: { S: text }, n: { N: "-5" } }));

  it("escapes text cells that start like a formula, but not numbers", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: items() });
    const data = await exportItems({ format: "csv" });
    const rows = parse(data.file.data, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.note)).toEqual([
      "'=cmd|' /C calc'!A0",
      "'@SUM(1+1)",
      "'+1+1",
      "'-1+1",
      "'\tx",
      "'\rx",
      "plain",
    ]);
    expect(rows.map((row) => row.n)).toEqual(risky.map(() => "-5"));
  });

  it("escapes a header name that starts like a formula", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [{ id: { N: "1" }, "=HYPERLINK()": { S: "x" } }] });
    const data = await exportItems({ format: "csv" });
    expect(data.file.data.toString("utf8").split("\n")[0]).toBe("id,'=HYPERLINK()");
    expect(data.columns).toEqual(["id", "=HYPERLINK()"]);
  });

  it("writes cells as they are with Escape Formulas false", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: items() });
    const data = await exportItems({ format: "csv", escapeFormulas: false });
    const rows = parse(data.file.data, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.note)).toEqual(risky);
  });

  it("refuses Escape Formulas false with JSON Lines, before any call", async () => {
    await expect(exportItems({ format: "jsonl", escapeFormulas: false })).rejects.toThrow(
      /Escape Formulas applies to CSV only/,
    );
    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
  });
});

describe("an empty export", () => {
  it("CSV: a header of the table's key attribute names, which csv-parse reads as 0 rows", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [], Count: 0, ScannedCount: 0 });
    const data = await exportItems({ format: "csv" });
    expect(data.file.data.toString("utf8")).toBe("id,sk\n");
    expect(data).toMatchObject({ count: 0, columns: ["id", "sk"], truncated: false });
    expect(parse(data.file.data, { columns: true })).toEqual([]);
  });

  it("CSV with Columns: a header of the Columns", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [] });
    const data = await exportItems({ format: "csv", columns: "name, id" });
    expect(data.file.data.toString("utf8")).toBe("name,id\n");
  });

  it("JSON Lines: an empty file", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [] });
    const data = await exportItems({ format: "jsonl" });
    expect(data.file.data.length).toBe(0);
  });
});

describe("Projection Expression without placeholders", () => {
  it("sends no empty ExpressionAttributeNames (scan and query exports)", async () => {
    ddbMock
      .on(ScanCommand)
      .resolves({ Items: [{ id: { N: "1" }, sk: { S: "a" }, n: { N: "2" } }] });
    const data = await exportItems({ format: "csv", projectionExpression: "id, sk, n" });
    expect(data.count).toBe(1);
    const sent = ddbMock.commandCalls(ScanCommand)[0]?.args[0].input;
    expect(sent?.ProjectionExpression).toBe("id, sk, n");
    expect(sent?.ExpressionAttributeNames).toBeUndefined();
  });
});

describe("memory and event loop", () => {
  it("a 5 MB CSV export of 40,000 items with differing attributes: bounded RSS and loop delay", async () => {
    const child = path.join(__dirname, "../support/children/exportWide.ts");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--max-old-space-size=256", ...TYPESCRIPT_CHILD, child],
      { env: { ...process.env, ITEMS: "40000", MAX_FILE_MB: "5" }, timeout: 90_000 },
    );
    const lines = stdout.trim().split("\n");
    const result = JSON.parse(lines[lines.length - 1] as string);
    expect(result.bytes).toBeLessThanOrEqual(5 * MB);
    expect(result.truncated).toBe(true);
    expect(result.rssMB).toBeLessThan(400);
    // The longest stretch between turns of the loop, in CPU time: load does not lengthen it.
    debugNote(
      `longest stretch ${result.longestStretchCpuMs.toFixed(0)} ms CPU, gap ${result.longestGapMs.toFixed(0)} ms wall`,
    );
    expect(result.longestStretchCpuMs).toBeLessThan(200);
  }, 120_000);
});

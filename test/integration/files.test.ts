/**
 * Import Items and Export Items against DynamoDB Local: a 100,000-row typed CSV imported exactly;
 * a bad row refused before any write; 20,000 items exported as JSON Lines and imported into an
 * empty table, digit for digit; CSV round trips of scalar attributes; exports cut by Max Items and
 * continued with their cursors, parallel segments included. Where the engine's own rules matter: a
 * Projection Expression of plain names (`pk, sk, n`) is accepted (no empty
 * ExpressionAttributeNames is sent, which DynamoDB refuses), an empty table exports to a
 * header-only CSV of its key, and a CSV text cell that starts like a formula comes out escaped
 * while numbers do not.
 */

import fs from "node:fs";
import path from "node:path";
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  paginateScan,
} from "@aws-sdk/client-dynamodb";
import { type Connection, testing } from "@prismatic-io/spectral";
import { parse } from "csv-parse/sync";
import { harness, quietLogger } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { describeRuntimeNeutral, itRuntimeNeutral } from "../support/runtimeNeutral";

type Item = Record<string, AttributeValue>;
interface ImportResult {
  data: {
    format: string;
    rows: number;
    written: number;
    skippedCount: number;
    skipped: { line: number; reason: string }[];
    unprocessedCount: number;
  };
}
interface ExportResult {
  data: {
    file: { data: Buffer; contentType: string; suggestedExtension: string };
    format: string;
    count: number;
    bytes: number;
    columns: string[] | null;
    columnTypes: Record<string, string> | null;
    lastEvaluatedKey: Record<string, unknown> | null;
    segmentCursors?: (Record<string, unknown> | null)[];
    truncated: boolean;
    truncatedReason: string | null;
  };
}

const KEY = {
  hashKey: { name: "pk", type: "S" as const },
  rangeKey: { name: "sk", type: "N" as const },
};
const tables: string[] = [];
let raw: DynamoDBClient;

async function run<T>(key: string, params: Record<string, unknown>): Promise<T> {
  return (await harness.action(
    key,
    { awsConnection: localConnection(), awsRegion: LOCAL_REGION, ...params },
    { logger: quietLogger() } as never,
  )) as T;
}

async function newTable(prefix: string): Promise<string> {
  const name = uniqueTableName(prefix);
  tables.push(name);
  await createTestTable(name, KEY);
  return name;
}

/** Every item of a table, by "pk|sk". */
async function scanAll(table: string): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  for await (const page of paginateScan({ client: raw }, { TableName: table })) {
    for (const item of page.Items ?? []) items.set(`${item.pk.S}|${item.sk.N}`, item);
  }
  return items;
}

/** Sets come back in any order; everything else is compared as DynamoDB returns it. */
function canonical(item: Item): unknown {
  const sortSets = (value: AttributeValue): unknown => {
    if (value.SS) return { SS: [...value.SS].sort() };
    if (value.NS) return { NS: [...value.NS].sort() };
    if (value.BS) return { BS: value.BS.map((b) => Buffer.from(b).toString("base64")).sort() };
    if (value.B) return { B: Buffer.from(value.B).toString("base64") };
    if (value.M)
      return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, sortSets(v)])) };
    if (value.L) return { L: value.L.map(sortSets) };
    return value;
  };
  return Object.fromEntries(
    Object.keys(item)
      .sort()
      .map((name) => [name, sortSets(item[name])]),
  );
}

function expectSameItems(actual: Map<string, Item>, expected: Map<string, Item>): void {
  expect(actual.size).toBe(expected.size);
  for (const [key, item] of expected) {
    expect([key, canonical(actual.get(key) ?? {})]).toEqual([key, canonical(item)]);
  }
}

/** Row i of the typed CSV: exact long numbers, quotes and commas, JSON columns, empty cells. */
function csvRow(i: number): string {
  const amount =
    i % 97 === 0
      ? `1234567890123456789012345678901234567.${i % 10}`
      : `${i}.${String(i % 100).padStart(2, "0")}`;
  const note = i % 11 === 0 ? `"said ""hi"", then left"` : i % 13 === 0 ? "" : `note ${i}`;
  const tags = i % 5 === 0 ? "" : `"[""t${i % 7}"",""all""]"`;
  const meta = i % 10 === 1 ? `"{""n"": ${i}, ""deep"": {""x"": 0.1}}"` : "";
  return `p${i % 500},${i},${amount},${i % 2 === 0},${note},${tags},${meta}\n`;
}
const CSV_HEADER = "pk,sk,amount,active,note,tags,meta\n";
const CSV_TYPES = { amount: "N", active: "BOOL", tags: "SS", meta: "M" };

beforeAll(() => {
  raw = rawClient();
});

afterAll(async () => {
  await Promise.all(tables.map(deleteTestTable));
  raw.destroy();
});

describe("Import Items", () => {
  // DynamoDB Local writes a few thousand items a second on two cores; the bound is the engine's.
  itRuntimeNeutral(
    "imports a 100,000-row typed CSV exactly",
    async () => {
      const table = await newTable("files_import100k");
      const rows = 100_000;
      const parts: string[] = [CSV_HEADER];
      for (let i = 1; i <= rows; i++) parts.push(csvRow(i));
      const file = { data: Buffer.from(parts.join(""), "utf8"), contentType: "text/csv" };
      const result = await run<ImportResult>("importItems", {
        tableName: table,
        file,
        columnTypes: CSV_TYPES,
        concurrency: "8",
      });
      expect(result.data).toMatchObject({ format: "csv", rows, written: rows, skippedCount: 0 });

      let count = 0;
      for await (const page of paginateScan(
        { client: raw },
        { TableName: table, Select: "COUNT" },
      )) {
        count += page.Count ?? 0;
      }
      expect(count).toBe(rows);
      const get = async (i: number) =>
        (
          await raw.send(
            new GetItemCommand({
              TableName: table,
              Key: { pk: { S: `p${i % 500}` }, sk: { N: String(i) } },
            }),
          )
        ).Item;
      expect(await get(97 * 3)).toEqual({
        pk: { S: "p291" },
        sk: { N: "291" },
        amount: { N: "1234567890123456789012345678901234567.1" },
        active: { BOOL: false },
        note: { S: "note 291" },
        tags: { SS: expect.arrayContaining(["t4", "all"]) },
        meta: { M: { n: { N: "291" }, deep: { M: { x: { N: "0.1" } } } } },
      });
      // Quotes and commas inside a value; an empty note and empty tags are left out.
      expect((await get(11 * 5))?.note).toEqual({ S: 'said "hi", then left' });
      const thirteen = await get(13 * 10);
      expect(thirteen?.note).toBeUndefined();
      expect(thirteen?.tags).toBeUndefined();
      expect(thirteen?.amount).toEqual({ N: "130.3" });
      expect((await get(100_000))?.amount).toEqual({ N: "100000" });
    },
    300_000,
  );

  it("refuses a file with a bad row on line 4,711 before writing anything", async () => {
    const table = await newTable("files_badrow");
    const parts: string[] = [CSV_HEADER];
    // Line 1 is the header, so row i is on line i + 1.
    for (let i = 1; i <= 10_000; i++) {
      parts.push(i + 1 === 4711 ? `p1,${i},12.5.1,true,x,,{}\n` : csvRow(i));
    }
    const attempt = run("importItems", {
      tableName: table,
      file: { data: Buffer.from(parts.join("")), contentType: "text/csv" },
      columnTypes: CSV_TYPES,
    });
    await expect(attempt).rejects.toThrow(/line 4,711 is not valid, so nothing was written/);
    await expect(attempt).rejects.toThrow(
      /attribute "amount" has type N but "12\.5\.1" is not a number/,
    );
    expect((await scanAll(table)).size).toBe(0);

    // With Bad Rows = Skip, the other rows are written and the bad one is listed.
    const skipped = await run<ImportResult>("importItems", {
      tableName: table,
      file: { data: Buffer.from(parts.join("")), contentType: "text/csv" },
      columnTypes: CSV_TYPES,
      badRows: "skip",
    });
    expect(skipped.data).toMatchObject({ rows: 10_000, written: 9_999, skippedCount: 1 });
    expect(skipped.data.skipped).toEqual([
      { line: 4711, reason: expect.stringContaining("line 4,711") },
    ]);
    expect((await scanAll(table)).size).toBe(9_999);
  });
});

/** Item i of the export table: every scalar and nested type, numbers at DynamoDB's limits. */
function richItem(i: number, withSetsAndBinary: boolean): Item {
  const item: Item = {
    pk: { S: `part-${i % 40}` },
    sk: { N: String(i) },
    exact: {
      N:
        i % 3 === 0
          ? `9999999999999999999999999999999999999${i % 10}`
          : `-${i}.000000000000000000000000000000001`,
    },
    tiny: { N: "1E-130" },
    name: { S: i % 7 === 0 ? `line\nbreak, "quoted" ${i}` : `name ${i}` },
    flag: { BOOL: i % 2 === 0 },
    nothing: { NULL: true },
    list: { L: [{ N: "12345678901234567890.5" }, { S: "x" }, { M: { deep: { N: String(i) } } }] },
    map: { M: { a: { N: "0.1" }, b: { L: [] }, c: { BOOL: true } } },
  };
  if (withSetsAndBinary) {
    item.tags = { SS: ["red", `c${i % 5}`] };
    item.nums = { NS: ["1", "12345678901234567890123456789012345678"] };
    item.blob = { B: Buffer.from([0, 255, i % 256]) };
  }
  return item;
}

async function seed(table: string, items: Item[]): Promise<void> {
  const { BatchWriteItemCommand } = await import("@aws-sdk/client-dynamodb");
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await raw.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

describeRuntimeNeutral("Export Items", () => {
  const source = { name: "", items: new Map<string, Item>() };

  beforeAll(async () => {
    source.name = await newTable("files_export");
    const items = Array.from({ length: 20_000 }, (_, i) => richItem(i, false));
    await seed(source.name, items);
    source.items = await scanAll(source.name);
    expect(source.items.size).toBe(20_000);
  });

  it("exports 20,000 items as JSON Lines that import into an empty table digit for digit", async () => {
    const exported = await run<ExportResult>("exportItems", {
      tableName: source.name,
      maxFileSize: "20",
    });
    expect(exported.data).toMatchObject({
      format: "jsonl",
      count: 20_000,
      truncated: false,
      lastEvaluatedKey: null,
      columns: null,
    });
    expect(exported.data.file.contentType).toBe("application/x-ndjson");
    expect(exported.data.bytes).toBe(exported.data.file.data.length);
    const text = exported.data.file.data.toString("utf8");
    expect(text).toContain('"exact":99999999999999999999999999999999999990');
    // DynamoDB gives 1E-130 back as its full decimal text, which is written as it is.
    expect(text).toContain(`"tiny":0.${"0".repeat(129)}1,`);

    const target = await newTable("files_jsonl_target");
    const imported = await run<ImportResult>("importItems", {
      tableName: target,
      file: exported.data.file,
    });
    expect(imported.data).toMatchObject({ format: "jsonl", rows: 20_000, written: 20_000 });
    expectSameItems(await scanAll(target), source.items);
  });

  it("round-trips sets and binary exactly with DynamoDB JSON", async () => {
    const table = await newTable("files_typed_source");
    await seed(
      table,
      Array.from({ length: 2_000 }, (_, i) => richItem(i, true)),
    );
    const expected = await scanAll(table);
    const exported = await run<ExportResult>("exportItems", {
      tableName: table,
      returnDynamoJson: true,
    });
    expect(exported.data.count).toBe(2_000);
    const target = await newTable("files_typed_target");
    await run("importItems", { tableName: target, file: exported.data.file, dynamoJson: true });
    expectSameItems(await scanAll(target), expected);
  });

  it("round-trips scalar attributes through CSV with the exported column types", async () => {
    const exported = await run<ExportResult>("exportItems", {
      tableName: source.name,
      format: "csv",
      columns: "pk, sk, exact, tiny, name, flag",
    });
    expect(exported.data).toMatchObject({
      format: "csv",
      count: 20_000,
      columns: ["pk", "sk", "exact", "tiny", "name", "flag"],
      columnTypes: { pk: "S", sk: "N", exact: "N", tiny: "N", name: "S", flag: "BOOL" },
    });
    expect(exported.data.file.contentType).toBe("text/csv");
    const target = await newTable("files_csv_target");
    const imported = await run<ImportResult>("importItems", {
      tableName: target,
      file: exported.data.file,
      columnTypes: exported.data.columnTypes,
    });
    expect(imported.data.written).toBe(20_000);
    const scalars = new Map(
      [...source.items].map(([key, item]) => [
        key,
        {
          pk: item.pk,
          sk: item.sk,
          exact: item.exact,
          tiny: item.tiny,
          name: item.name,
          flag: item.flag,
        },
      ]),
    );
    expectSameItems(await scanAll(target), scalars);
  });

  it("stops at Max Items and continues from its cursor, in parallel segments too", async () => {
    for (const segments of [1, 4]) {
      const seen = new Set<string>();
      let cursor: unknown;
      let runs = 0;
      do {
        const page = await run<ExportResult>("exportItems", {
          tableName: source.name,
          maxItems: "6000",
          totalSegments: String(segments),
          ...(cursor ? { exclusiveStartKey: JSON.stringify(cursor) } : {}),
        });
        runs += 1;
        expect(page.data.count).toBeLessThanOrEqual(6000);
        for (const line of page.data.file.data.toString("utf8").split("\n").filter(Boolean)) {
          const { pk, sk } = JSON.parse(line);
          const key = `${pk}|${sk}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
        }
        cursor = page.data.truncated
          ? segments > 1
            ? page.data.segmentCursors
            : page.data.lastEvaluatedKey
          : undefined;
        if (page.data.truncated) expect(page.data.truncatedReason).toBe("maxItems");
      } while (cursor && runs < 10);
      expect(seen.size).toBe(20_000);
      expect(runs).toBeGreaterThanOrEqual(4);
    }
  });

  it("exports a query of one partition", async () => {
    const page = await run<ExportResult>("exportItems", {
      tableName: source.name,
      keyConditionExpression: "pk = :p",
      expressionAttributeValues: { ":p": "part-3" },
      expressionAttributeValueTypes: { ":p": "S" },
      scanIndexForward: "false",
      format: "csv",
      columns: "pk,sk",
    });
    const lines = page.data.file.data.toString("utf8").trim().split("\n");
    expect(lines[0]).toBe("pk,sk");
    expect(lines).toHaveLength(1 + 500);
    expect(lines[1]).toBe("part-3,19963");
  });
});

// The bundle carries its own copies of csv-parse, csv-stringify and the SDK: the same round trip
// and a CSV syntax error (csv-parse's CsvError, recognised by class) through dist/index.js.
const BUNDLE = path.resolve(__dirname, "..", "..", "dist", "index.js");
(fs.existsSync(BUNDLE) ? describe : describe.skip)("the bundle (dist/index.js)", () => {
  // biome-ignore lint/suspicious/noExplicitAny: the bundle is loaded untyped.
  const loaded = require(BUNDLE) as any;
  const bundled = testing.createHarness(loaded.default ?? loaded);
  const call = (key: string, params: Record<string, unknown>) =>
    bundled.action(
      key,
      { awsConnection: localConnection() as Connection, awsRegion: LOCAL_REGION, ...params },
      { logger: quietLogger() } as never,
    );

  it("imports a CSV, exports it as JSON Lines and CSV, and names a broken line", async () => {
    const table = await newTable("files_bundle");
    const csvText = 'pk,sk,n,t\na,1,12345678901234567890.5,"x, ""y"""\nb,2,-1E-130,z\n';
    const imported = (await call("importItems", {
      tableName: table,
      file: { data: Buffer.from(csvText), contentType: "text/csv" },
      columnTypes: { n: "N" },
    })) as ImportResult;
    expect(imported.data).toMatchObject({ rows: 2, written: 2 });
    const lines = ((await call("exportItems", { tableName: table })) as ExportResult).data.file.data
      .toString("utf8")
      .trim()
      .split("\n")
      .sort();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"n":12345678901234567890.5');
    expect(lines[0]).toContain('"t":"x, \\"y\\""');
    expect(lines[1]).toContain(`"n":-0.${"0".repeat(129)}1`);
    const csvOut = (await call("exportItems", {
      tableName: table,
      format: "csv",
      columns: "pk,sk,n,t",
    })) as ExportResult;
    expect(csvOut.data.file.data.toString("utf8").split("\n")[0]).toBe("pk,sk,n,t");
    expect(csvOut.data.columnTypes).toEqual({ pk: "S", sk: "N", n: "N", t: "S" });
    await expect(
      call("importItems", {
        tableName: table,
        file: { data: Buffer.from('pk,sk\na,"1\n'), contentType: "text/csv" },
      }),
    ).rejects.toThrow(/File: the CSV cannot be read at line \d+ .*so nothing was written/);
  });
});

describe("Export Items where the engine's own rules matter", () => {
  let filled = "";
  let empty = "";
  const exportItems = (params: Record<string, unknown>) => run<ExportResult>("exportItems", params);

  beforeAll(async () => {
    [filled, empty] = await Promise.all([newTable("export_edges"), newTable("export_empty")]);
    const rows = [
      { note: "=cmd|' /C calc'!A0", n: "-5" },
      { note: "@SUM(1+1)", n: "7" },
    ];
    for (const [index, row] of rows.entries()) {
      await raw.send(
        new PutItemCommand({
          TableName: filled,
          Item: {
            pk: { S: "p" },
            sk: { N: String(index) },
            n: { N: row.n },
            note: { S: row.note },
          },
        }),
      );
    }
  });

  it("exports with Projection Expression `pk, sk, n` (a query and a scan)", async () => {
    const scan = await exportItems({ tableName: filled, projectionExpression: "pk, sk, n" });
    expect(scan.data.count).toBe(2);
    const query = await exportItems({
      tableName: filled,
      keyConditionExpression: "pk = :p",
      expressionAttributeValues: { ":p": "p" },
      expressionAttributeValueTypes: { ":p": "S" },
      projectionExpression: "pk, sk, n",
    });
    const lines = query.data.file.data.toString("utf8").trim().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { pk: "p", sk: 0, n: -5 },
      { pk: "p", sk: 1, n: 7 },
    ]);
  });

  it("an empty table exports to a CSV header of its key attributes", async () => {
    const { data } = await exportItems({ tableName: empty, format: "csv" });
    expect(data.file.data.toString("utf8")).toBe("pk,sk\n");
    expect(data).toMatchObject({ count: 0, columns: ["pk", "sk"] });
  });

  it("escapes formula-like text cells in CSV, not numbers", async () => {
    const { data } = await exportItems({
      tableName: filled,
      format: "csv",
      columns: "sk, note, n",
    });
    expect(parse(data.file.data)).toEqual([
      ["sk", "note", "n"],
      ["0", "'=cmd|' /C calc'!A0", "-5"],
      ["1", "'@SUM(1+1)", "7"],
    ]);
  });
});

import { type DemoSection, shortJson } from "../demo";

interface ImportData {
  data: {
    format: string;
    rows: number;
    written: number;
    skippedCount: number;
    skipped: { line: number; reason: string }[];
  };
}
interface ExportData {
  data: {
    file: { data: Buffer; contentType: string; suggestedExtension: string };
    count: number;
    bytes: number;
    columns: string[] | null;
    columnTypes: Record<string, string> | null;
    lastEvaluatedKey: Record<string, unknown> | null;
    truncated: boolean;
  };
}

/** A CSV as an SFTP, S3 or HTTP step would hand it over: a Buffer with its content type. */
const CUSTOMERS_CSV = {
  data: Buffer.from(
    [
      "customerId,name,balance,vip,tags",
      '1001,"Lovelace, Ada",12345678901234567890.50,true,"[""math"",""poetry""]"',
      "1002,Grace Hopper,0,false,",
      '1003,Alan Turing,-7.25,false,"[""math""]"',
      "1004,Katherine Johnson,99.5,true,",
    ].join("\n"),
    "utf8",
  ),
  contentType: "text/csv",
};
const COLUMN_TYPES = [
  { key: "balance", value: "N" },
  { key: "vip", value: "BOOL" },
  { key: "tags", value: "SS" },
];

/** Imports a CSV, refuses a bad one by line, exports as CSV and JSON Lines, copies a table. */
const section: DemoSection = async (demo) => {
  const tableName = demo.tableName("demo-files");
  const copyName = demo.tableName("demo-files-copy");
  const create = (name: string) =>
    demo.action("createTable", {
      tableName: name,
      attributeDefinition: '[{"AttributeName":"customerId","AttributeType":"N"}]',
      keySchema: '[{"KeyType":"HASH","AttributeName":"customerId"}]',
      billingMode: "PAY_PER_REQUEST",
      waitUntilActive: "true",
    });
  await demo.step(
    "Create two tables (hash key customerId N)",
    async () => {
      await create(tableName);
      await create(copyName);
    },
    () => `${tableName}, ${copyName}`,
  );

  try {
    await demo.step(
      "Import Items: a CSV file from an earlier step, with Column Types (N, BOOL, SS)",
      async () =>
        (await demo.action("importItems", {
          tableName,
          file: CUSTOMERS_CSV,
          columnTypes: COLUMN_TYPES,
        })) as ImportData,
      (r) => shortJson(r.data),
    );

    const badCsv =
      'customerId,name,balance\n2001,Ada,1\n2002,Grace,2\n2003,Alan,"12,5"\n2004,Kate,4\n';
    await demo.step(
      "Import Items refuses a file with a bad row (line 4) before writing anything",
      async () => {
        try {
          await demo.action("importItems", {
            tableName,
            file: badCsv,
            columnTypes: [{ key: "balance", value: "N" }],
          });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error("Import Items accepted a bad row.");
      },
      (message) => message,
    );

    await demo.step(
      "Import Items with Bad Rows = Skip: the good rows are written, the bad one listed",
      async () =>
        (await demo.action("importItems", {
          tableName,
          file: badCsv,
          columnTypes: [{ key: "balance", value: "N" }],
          badRows: "skip",
        })) as ImportData,
      (r) => shortJson({ written: r.data.written, skipped: r.data.skipped }),
    );

    await demo.step(
      "Export Items: the table as CSV, with the column types to read it back",
      async () =>
        (await demo.action("exportItems", {
          tableName,
          format: "csv",
          columns: "customerId, name, balance, vip, tags",
        })) as ExportData,
      (r) =>
        `${shortJson({ count: r.data.count, columnTypes: r.data.columnTypes })}\n${r.data.file.data
          .toString("utf8")
          .trim()
          .split("\n")
          .slice(0, 3)
          .map((line) => `        ${line}`)
          .join("\n")}`,
    );

    const firstPart = await demo.step(
      "Export Items: JSON Lines, cut at Max Items 4 (numbers exact)",
      async () => (await demo.action("exportItems", { tableName, maxItems: "4" })) as ExportData,
      (r) =>
        shortJson({
          count: r.data.count,
          truncated: r.data.truncated,
          lastEvaluatedKey: r.data.lastEvaluatedKey,
          firstLine: r.data.file.data.toString("utf8").split("\n")[0],
        }),
    );
    const rest = await demo.step(
      "Export Items: the rest, from that cursor (Exclusive Start Key)",
      async () =>
        (await demo.action("exportItems", {
          tableName,
          exclusiveStartKey: JSON.stringify(firstPart.data.lastEvaluatedKey),
        })) as ExportData,
      (r) => shortJson({ count: r.data.count, truncated: r.data.truncated }),
    );

    await demo.step(
      "Import Items: both JSON Lines files into the copy table",
      async () => {
        const first = (await demo.action("importItems", {
          tableName: copyName,
          file: firstPart.data.file,
        })) as ImportData;
        const second = (await demo.action("importItems", {
          tableName: copyName,
          file: rest.data.file,
        })) as ImportData;
        return first.data.written + second.data.written;
      },
      (written) => `${written} items copied`,
    );
  } finally {
    await demo.step(
      "Delete both tables",
      async () => {
        await demo.action("deleteTable", { tableName, waitUntilDeleted: "true" });
        await demo.action("deleteTable", { tableName: copyName, waitUntilDeleted: "true" });
      },
      () => `${tableName}, ${copyName}`,
    );
  }
};

export default section;

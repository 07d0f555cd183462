/**
 * Import Items and Export Items: the File input and its format options, the CSV options, column
 * types and columns, the file size budget, and rows that DynamoDB would refuse. Whole-input
 * mistakes fail before any request; a bad row fails after the key schema read and before any
 * write, naming its line.
 */
import { type BadInputCase, casesFor, HASH_ONLY, HINT, kv, OVER_400_KB } from "./model";

const afterSchema = { stage: "afterSchema" as const };
const csv = (text: string) => ({ data: Buffer.from(text, "utf8"), contentType: "text/csv" });
const jsonLines = (text: string) => ({
  data: Buffer.from(text, "utf8"),
  contentType: "application/x-ndjson",
});
const circular: Record<string, unknown> = {};
circular.self = circular;

const importing = casesFor("importItems");
const FILE_HINT = /Reference a file from an earlier step/;
const importCases: BadInputCase[] = [
  importing("no File", { file: "" }, "File", HINT.required),
  importing("a File that is a number", { file: 42 }, "File", FILE_HINT),
  importing(
    "a File that is an object without data",
    { file: { name: "x.csv" } },
    "File",
    FILE_HINT,
  ),
  importing("a File whose data is a number", { file: { data: 42 } }, "File", FILE_HINT),
  importing("a File whose data is circular", { file: { data: circular } }, "File", FILE_HINT),
  importing(
    "a UTF-16 file",
    {
      file: { data: Buffer.from("customerId,customerName\n", "utf16le"), contentType: "text/csv" },
    },
    "File",
    /Export or save it as UTF-8 CSV/,
  ),
  importing(
    "a file that claims gzip but is not",
    { file: { data: Buffer.from([0x1f, 0x8b, 0x08, 0, 9]), contentType: "application/gzip" } },
    "File",
    /not a valid gzip file/,
  ),
  importing("an unknown Format", { format: "xml" }, "Format", /one of auto, csv, jsonl, json/),
  importing(
    "Format CSV for a list of items",
    { file: [{ customerId: 1 }], format: "csv" },
    "Format",
    /Set Format to Detect or JSON Array/,
  ),
  importing("a Delimiter of two characters", { delimiter: ";;" }, "Delimiter", /one character/),
  importing("a line break as Delimiter", { delimiter: "\n" }, "Delimiter", /one character/),
  importing("a Quote given as a list (code-native)", { quote: ["'"] }, "Quote", /one character/),
  importing("the same Delimiter and Quote", { delimiter: "'", quote: "'" }, "Quote", /must differ/),
  importing(
    "an unknown type in Column Types",
    { columnTypes: kv({ id: "INT" }) },
    "Column Types",
    HINT.typeCodes,
  ),
  importing(
    "Column Types that are a number",
    { columnTypes: 7 },
    "Column Types",
    /such as price → N/,
  ),
  importing(
    "Column Types for a JSON Lines file",
    { file: jsonLines('{"customerId": 1, "customerName": "Ada"}\n'), columnTypes: kv({ a: "N" }) },
    "Column Types",
    /apply to CSV files only/,
  ),
  importing(
    "DynamoDB JSON for a CSV file",
    { dynamoJson: "true" },
    "DynamoDB JSON",
    /JSON Lines and JSON arrays only/,
  ),
  importing(
    "a DynamoDB JSON that is not a boolean",
    { dynamoJson: "yes" },
    "DynamoDB JSON",
    HINT.boolean,
  ),
  importing("an unknown Bad Rows choice", { badRows: "ignore" }, "Bad Rows", /one of stop, skip/),
  importing("a Concurrency of 0", { concurrency: "0" }, "Concurrency", HINT.wholeNumber),
  importing("a Max Retries of 21", { maxRetries: "21" }, "Max Retries", HINT.wholeNumber),
  importing(
    "a Return Unprocessed that is not a boolean",
    { returnUnprocessed: "1" },
    "Return Unprocessed",
    HINT.boolean,
  ),
  // Rows: after the key schema read, before any write.
  importing(
    "a row with a bad number",
    {
      file: csv("customerId,customerName,balance\n1001,Ada,12,50\n"),
      columnTypes: kv({ balance: "N" }),
    },
    "File",
    /line 2 is not valid, so nothing was written/,
    afterSchema,
  ),
  importing(
    "a row with a typed bad number",
    {
      file: csv("customerId,customerName,balance\n1001,Ada,1.2.3\n"),
      columnTypes: kv({ balance: "N" }),
    },
    "File",
    HINT.number,
    afterSchema,
  ),
  importing(
    "a row without its sort key",
    { file: csv("customerId,customerName\n1001,\n") },
    "File",
    /line 2.*the key attribute "customerName" is missing/,
    afterSchema,
  ),
  importing(
    "a key that is not a number in a number key column",
    { file: csv("customerId,customerName\nabc,Ada\n") },
    "File",
    HINT.number,
    afterSchema,
  ),
  importing(
    "a row over 400 KB",
    { file: csv(`customerId,customerName,notes\n1001,Ada,${OVER_400_KB}\n`) },
    "File",
    /400 KB/,
    afterSchema,
  ),
  importing(
    "the same key on two lines",
    { file: csv("customerId,customerName\n1001,Ada\n1001.0,Ada\n") },
    "File",
    /line 3\) has the same key .* as line 2/,
    afterSchema,
  ),
  importing(
    "a row with more values than the header",
    { file: csv("customerId,customerName\n1001,Ada,extra\n") },
    "File",
    /has 3 values, but the header row names 2 columns/,
    afterSchema,
  ),
  importing(
    "a header with a blank column name",
    { file: csv("customerId,,customerName\n1001,x,Ada\n") },
    "File",
    /column 2 of the header row \(line 1\) has no name/,
    afterSchema,
  ),
  importing(
    "a header naming a column twice",
    { file: csv("customerId,customerName,customerName\n1001,Ada,Ada\n") },
    "File",
    /names the column "customerName" twice/,
    afterSchema,
  ),
  importing(
    "a header with a __proto__ column",
    { file: csv("customerId,customerName,__proto__\n1001,Ada,x\n") },
    "File",
    /Rename the attribute/,
    afterSchema,
  ),
  importing(
    "Column Types naming a column the file lacks",
    { columnTypes: kv({ balance: "N" }) },
    "Column Types",
    /not in the file's header row/,
    afterSchema,
  ),
  importing(
    "Column Types giving a key column another type",
    { columnTypes: kv({ customerId: "S" }) },
    "Column Types",
    /the table declares it as N/,
    afterSchema,
  ),
  importing(
    "a CSV with an unclosed quote",
    { file: csv('customerId,customerName\n1001,"Ada\n') },
    "File",
    /the CSV cannot be read at line \d+.*a quote inside a quoted value is doubled/,
    afterSchema,
  ),
  importing(
    "a CSV of blank lines",
    { file: csv("\n\n\n") },
    "File",
    /starts with a header row of attribute names/,
    afterSchema,
  ),
  importing(
    "a JSON Lines file with a line that is not JSON",
    { file: jsonLines('{"customerId": 1, "customerName": "Ada"}\n{customerId: 2}\n') },
    "File",
    /line 2 is not valid.*not valid JSON/,
    afterSchema,
  ),
  importing(
    "a JSON Lines row that is an array",
    { file: jsonLines("[1, 2]\n") },
    "File",
    /not a JSON object; each row must be an item such as/,
    afterSchema,
  ),
  importing(
    "a JSON array file that never closes",
    { file: '[{"customerId": 1, "customerName": "Ada"},' },
    "File",
    /not a valid JSON array: it ends before its closing \]/,
    afterSchema,
  ),
  importing(
    "a JSON array file with text after it",
    { file: '[{"customerId": 1, "customerName": "Ada"}] trailing' },
    "File",
    /there is more after the closing \]/,
    afterSchema,
  ),
  importing(
    "a plain row with DynamoDB JSON on",
    { file: jsonLines('{"customerId": 1, "customerName": "Ada"}\n'), dynamoJson: "true" },
    "File",
    /not a typed value such as \{"S": "text"\}/,
    afterSchema,
  ),
  importing(
    "DynamoDB JSON pasted into a plain import",
    { file: jsonLines('{"customerId": {"N": "1"}, "customerName": {"S": "Ada"}}\n') },
    "File",
    /is DynamoDB JSON .* but it takes plain JSON/,
    afterSchema,
  ),
  importing(
    "an item list with a number in it (code-native)",
    { file: [{ customerId: 1, customerName: "Ada" }, 7] },
    "File",
    /element 2\) is 7, not a JSON object/,
    afterSchema,
  ),
  importing(
    "a hash-only table and a header without its key",
    { file: csv("name\nAda\n") },
    "File",
    /the header row \(line 1\) has no column for the key attribute "customerId"/,
    { ...afterSchema, schema: HASH_ONLY },
  ),
];

const exporting = casesFor("exportItems");
const exportCases: BadInputCase[] = [
  exporting("an unknown Format", { format: "xlsx" }, "Format", /one of jsonl, csv/),
  exporting("Columns for JSON Lines", { columns: "a,b" }, "Columns", /apply to CSV only/),
  exporting(
    "Columns that are numbers",
    { format: "csv", columns: "[1, 2]" },
    "Columns",
    /not an attribute name/,
  ),
  exporting(
    "Columns with a blank name",
    { format: "csv", columns: "a,,b" },
    "Columns",
    /not an attribute name/,
  ),
  exporting(
    "Columns naming one twice",
    { format: "csv", columns: "a, b, a" },
    "Columns",
    /names "a" twice/,
  ),
  exporting(
    "Columns that are an object",
    { format: "csv", columns: { a: 1 } },
    "Columns",
    /must be attribute names/,
  ),
  exporting("a Max File Size of 0", { maxFileSize: "0" }, "Max File Size", /from 1 to 100/),
  exporting("a Max File Size over 100", { maxFileSize: "500" }, "Max File Size", /from 1 to 100/),
  exporting("a Max Items of 0", { maxItems: "0" }, "Max Items", HINT.wholeNumber),
  exporting("Total Segments of 65", { totalSegments: "65" }, "Total Segments", HINT.wholeNumber),
  exporting(
    "Total Segments with a Key Condition Expression",
    {
      totalSegments: "4",
      keyConditionExpression: "customerId = :id",
      expressionAttributeValues: kv({ ":id": "1" }),
      expressionAttributeValueTypes: kv({ ":id": "N" }),
    },
    "Total Segments",
    /applies to scans only/,
  ),
  exporting(
    "Scan Index Forward false for a scan",
    { scanIndexForward: "false" },
    "Scan Index Forward",
    /applies to queries only/,
  ),
  exporting(
    "Return DynamoDB JSON for CSV",
    { format: "csv", returnDynamoJson: "true" },
    "Return DynamoDB JSON",
    /applies to JSON Lines only/,
  ),
  exporting(
    "Escape Formulas false for JSON Lines",
    { escapeFormulas: "false" },
    "Escape Formulas",
    /applies to CSV only/,
  ),
  exporting(
    "an Escape Formulas that is not a boolean",
    { format: "csv", escapeFormulas: "maybe" },
    "Escape Formulas",
    HINT.boolean,
  ),
  exporting(
    "a Delimiter of two characters",
    { format: "csv", delimiter: "||" },
    "Delimiter",
    /one character/,
  ),
  exporting(
    "Expression Attribute Values without a Filter Expression",
    {
      expressionAttributeValues: kv({ ":x": "1" }),
      expressionAttributeValueTypes: kv({ ":x": "N" }),
    },
    "Expression Attribute Values",
    /Fill in the Filter Expression or clear the values/,
  ),
  exporting(
    "a single cursor for a parallel export",
    { totalSegments: "2", exclusiveStartKey: '{"customerId": 1, "customerName": "Ada"}' },
    "Exclusive Start Key",
    /segmentCursors array of a previous run/,
  ),
  exporting(
    "a cursor that is not the table's key",
    { exclusiveStartKey: '{"id": 1}' },
    "Exclusive Start Key",
    /pass the lastEvaluatedKey of a previous page as it was returned/,
    afterSchema,
  ),
];

export const fileCases: BadInputCase[] = [...importCases, ...exportCases];

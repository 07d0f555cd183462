import { action, ConnectionError, input } from "@prismatic-io/spectral";
import { connectionError } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import { formatCount, listSome, sentence } from "../../common/messages";
import { Pacer } from "../../common/pacing";
import { isKeyMismatch } from "../../engines/itemCalls";
import { forgetTableKeys, keySchemaOf, readTableKeys } from "../../engines/keySchema";
import { indexKeyAttributes } from "../../engines/keyValues";
import {
  badRowsError,
  checkRows,
  MAX_SKIPPED_LISTED,
  UNPROCESSED_BUDGET_BYTES,
  type WriteResult,
  writeRows,
} from "../../files/importRun";
import { itemRows } from "../../files/itemRows";
import {
  awsRegion,
  COLUMN_TYPES_LABEL,
  CONTENT_TYPES,
  checkCsvCharacters,
  checkNotEmpty,
  choiceInput,
  cleanBoolean,
  cleanColumnTypes,
  cleanCsvCharacter,
  cleanFileFormat,
  concurrencyInput,
  connectionInput,
  csvDelimiterInput,
  DELIMITER_LABEL,
  detectFormat,
  FILE_LABEL,
  FORMAT_LABEL,
  FORMAT_NAMES,
  fail,
  fileText,
  maxAttempts,
  maxRetriesInput,
  QUOTE_LABEL,
  readFileInput,
  returnUnprocessedInput,
  tableName,
} from "../../inputs";
import { actionOutput, unprocessedCountSchema } from "../../outputs";
import { formatItem, TYPE_CODE_CHOICES } from "../../values";

const BAD_ROWS_LABEL = "Bad Rows";
const DYNAMO_JSON_LABEL = "DynamoDB JSON";

const file = input({
  label: FILE_LABEL,
  type: "data",
  required: true,
  comments: `The file to import: a file from an earlier step (such as an SFTP, S3 or HTTP download; its content type tells the format) or its text. CSV: a header row of attribute names, then one item per row. JSON Lines: one JSON object per line. JSON array: [{...}, {...}]. From a code-native flow, an array of items works too. The rows of a file of any length are read as a stream, twice: once to check every row, once to write.`,
  example: "customerId,name,balance\n1001,Ada,12.50\n1002,Grace,0",
  clean: readFileInput,
});

const format = input({
  label: FORMAT_LABEL,
  type: "string",
  required: false,
  default: "auto",
  model: [
    { label: "Detect", value: "auto" as const },
    { label: "CSV", value: "csv" as const },
    { label: "JSON Lines", value: "jsonl" as const },
    { label: "JSON Array", value: "json" as const },
  ],
  comments: `Detect (the default) reads the file's content type (${CONTENT_TYPES.csv}, ${CONTENT_TYPES.jsonl}), and otherwise its first character: [ for a JSON array, { for JSON Lines, anything else for CSV.`,
  clean: cleanFileFormat,
});

const columnTypes = input({
  label: COLUMN_TYPES_LABEL,
  type: "string",
  collection: "keyvaluelist",
  required: false,
  model: TYPE_CODE_CHOICES,
  comments:
    "CSV only. The DynamoDB type of a column, by its header name: N for numbers (kept exactly, up to 38 digits), BOOL for true/false, NULL, L or M for JSON text, SS or NS for a JSON array, B or BS for base64. Other columns are text (S); key columns take the table's key types. Export Items' columnTypes output can be given as it is. Empty cells are left out of the item, never stored as empty text.",
  clean: cleanColumnTypes,
});

const quote = input({
  label: QUOTE_LABEL,
  type: "string",
  required: false,
  default: '"',
  comments:
    'CSV only. The character that encloses values holding the delimiter, quotes or line breaks; " by default. A quote inside a quoted value is written twice.',
  clean: cleanCsvCharacter(QUOTE_LABEL, '"'),
});

const dynamoJson = input({
  label: DYNAMO_JSON_LABEL,
  type: "boolean",
  required: false,
  default: "false",
  comments:
    'JSON Lines and JSON arrays only. When true, each row is in DynamoDB\'s typed form ({"customerId": {"N": "1001"}, "tags": {"SS": ["a"]}}), as Export Items writes it with Return DynamoDB JSON, or as DynamoDB\'s export to S3 writes it ({"Item": {...}}): sets and binary values then come back exactly. When false, rows are plain JSON.',
  clean: cleanBoolean(DYNAMO_JSON_LABEL),
});

const badRows = choiceInput({
  label: BAD_ROWS_LABEL,
  choices: [
    { label: "Stop: write nothing", value: "stop" },
    { label: "Skip and list them", value: "skip" },
  ],
  default: "stop",
  comments:
    "Every row is checked before anything is written: key attributes present and of the table's types, numbers DynamoDB can store, items within 400 KB, each key once. Stop (the default): a bad row fails the step, naming its line, and nothing is written. Skip: the other rows are written and the bad ones are listed in the output's skipped, with their line and reason.",
});

/** The inputs that apply to one format only must not be set for another: they would do nothing. */
function checkFormatInputs(
  chosen: keyof typeof FORMAT_NAMES,
  params: {
    columnTypes: Record<string, unknown>;
    dynamoJson: boolean;
    delimiter: string;
    quote: string;
  },
): void {
  // The platform sends the defaults, so only a changed Delimiter or Quote is a mistake.
  for (const [label, value, byDefault] of [
    [DELIMITER_LABEL, params.delimiter, ","],
    [QUOTE_LABEL, params.quote, '"'],
  ] as const) {
    if (chosen !== "csv" && value !== byDefault) {
      fail(
        label,
        "conflict",
        `${label} applies to CSV files only, and this file is ${FORMAT_NAMES[chosen]}. Set ${label} back to ${JSON.stringify(byDefault)}, or set ${FORMAT_LABEL} to CSV.`,
      );
    }
  }
  if (chosen !== "csv" && Object.keys(params.columnTypes).length > 0) {
    fail(
      COLUMN_TYPES_LABEL,
      "conflict",
      `${COLUMN_TYPES_LABEL} apply to CSV files only, and this file is ${FORMAT_NAMES[chosen]} (its values carry their own types). Clear ${COLUMN_TYPES_LABEL}, or set ${FORMAT_LABEL} to CSV.`,
    );
  }
  if (chosen === "csv" && params.dynamoJson) {
    fail(
      DYNAMO_JSON_LABEL,
      "conflict",
      `${DYNAMO_JSON_LABEL} applies to JSON Lines and JSON arrays only, and this file is CSV. Set it to false, or choose the file's real ${FORMAT_LABEL}.`,
    );
  }
}

export const importItems = action({
  display: {
    label: "Import Items",
    description:
      "Write the rows of a CSV, JSON Lines or JSON file from an earlier step into a DynamoDB table, every row checked before anything is written",
  },
  inputs: {
    awsRegion,
    tableName,
    awsConnection: connectionInput,
    file,
    format,
    columnTypes,
    delimiter: csvDelimiterInput,
    quote,
    dynamoJson,
    badRows,
    concurrency: concurrencyInput,
    maxRetries: maxRetriesInput,
    returnUnprocessed: returnUnprocessedInput("rows"),
    maxAttempts,
  },
  perform: async (context, params) => {
    const source = await fileText(params.file);
    const chosen = detectFormat(source, params.format);
    checkNotEmpty(source, chosen);
    checkFormatInputs(chosen, params);
    if (chosen === "csv") checkCsvCharacters(params.delimiter, params.quote);
    const step = connect(context, params);
    const log = (message: string) => context.logger.info(message);
    const tableKeys = await readTableKeys(step.clients, step.table, step.connection);
    const schema = keySchemaOf(tableKeys, step.table);
    const keys = { schema, indexKeys: indexKeyAttributes(tableKeys) };
    const options = {
      format: chosen,
      delimiter: params.delimiter,
      quote: params.quote,
      columnTypes: params.columnTypes,
      dynamoJson: params.dynamoJson,
    };
    const pacer = new Pacer();
    const read = () => itemRows(source, options, keys, pacer);

    const check = await checkRows(read(), schema, { policy: params.badRows, log });
    if (params.badRows === "stop" && check.badCount > 0) throw badRowsError(check);
    const total = check.rows - check.badCount;
    log(
      `Import Items: ${formatCount(check.rows)} rows checked, ${formatCount(total)} to write${check.badCount > 0 ? `, ${formatCount(check.badCount)} skipped` : ""}.`,
    );
    // What a flow's error handler reads from a failed import: the output's counts.
    const counts = (written: number) => ({
      format: chosen,
      rows: check.rows,
      written,
      skippedCount: check.badCount,
    });

    let written = 0;
    let left: Pick<WriteResult, "unprocessed" | "unprocessedCount" | "unprocessedTruncated"> = {
      unprocessed: [],
      unprocessedCount: 0,
      unprocessedTruncated: false,
    };
    if (total > 0) {
      try {
        const result = await writeRows(
          read(),
          {
            clients: step.clients,
            context: { ...step.context("BatchWriteItem"), table: step.table },
            schema,
          },
          { concurrency: params.concurrency, maxRetries: params.maxRetries, total, log },
        );
        written = result.written;
        left = result;
      } catch (error) {
        if (isKeyMismatch(error)) forgetTableKeys(step.clients, step.table);
        const done = (error as { written?: number }).written ?? 0;
        // Never hide what was applied: a flow must know how far a failed import got.
        const message = `${sentence(error)} Before it failed, ${formatCount(done)} of ${formatCount(total)} rows were written; the others were not written or not confirmed. Importing the file again rewrites the same items.`;
        if (error instanceof ConnectionError) {
          throw connectionError(error.connection, message, counts(done));
        }
        throw Object.assign(error instanceof Error ? error : new Error(message), {
          message,
          ...counts(done),
        });
      }
    }
    const { unprocessed, unprocessedCount, unprocessedTruncated } = left;
    if (unprocessedCount > 0 && !params.returnUnprocessed) {
      throw Object.assign(
        new Error(
          `Import Items: ${formatCount(unprocessedCount)} of ${formatCount(total)} rows were still unprocessed after ${params.maxRetries} retries (DynamoDB was throttling them); ${formatCount(written)} were written. Unprocessed lines: ${listSome(
            unprocessed.map((entry) => formatCount(entry.line)),
            unprocessedCount,
          )}. Raise Max Retries or the table's write capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
        ),
        { ...counts(written), unprocessedCount },
      );
    }
    return {
      data: {
        format: chosen,
        rows: check.rows,
        written,
        skippedCount: check.badCount,
        skipped: check.bad.slice(0, MAX_SKIPPED_LISTED),
        unprocessedCount,
        unprocessed: {
          puts: unprocessed.map((entry) => formatItem(entry.item)),
          lines: unprocessed.map((entry) => entry.line),
          elements: unprocessed.flatMap((entry) =>
            entry.element === undefined ? [] : [entry.element],
          ),
        },
        unprocessedTruncated,
      },
    };
  },
  outputSchema: actionOutput(
    {
      format: {
        type: "string",
        enum: ["csv", "jsonl", "json"],
        description: "The format the file was read as: csv, jsonl (JSON Lines) or json (array).",
      },
      rows: { type: "integer", description: "How many rows the file has (a CSV header excluded)." },
      written: { type: "integer", description: "How many items were written." },
      skippedCount: {
        type: "integer",
        description: "How many bad rows were skipped (Bad Rows = Skip; otherwise 0).",
      },
      skipped: {
        type: "array",
        description: `The skipped rows, in file order (the first ${formatCount(MAX_SKIPPED_LISTED)}): the line each starts on (for an array of items given directly, its position), for a JSON array its element, and why it was not written.`,
        items: {
          type: "object",
          properties: {
            line: { type: "integer" },
            element: { type: "integer" },
            reason: { type: "string" },
          },
          required: ["line", "reason"],
        },
      },
      unprocessedCount: unprocessedCountSchema("rows"),
      unprocessed: {
        type: "object",
        description:
          "The rows still unprocessed after Max Retries: puts (the items, to give to Batch Write Items' Items to Put), lines (where they are in the file) and, for a JSON array, elements (their positions in it).",
        properties: {
          puts: { type: "array", items: { type: "object", additionalProperties: true } },
          lines: { type: "array", items: { type: "integer" } },
          elements: { type: "array", items: { type: "integer" } },
        },
        required: ["puts", "lines"],
      },
      unprocessedTruncated: {
        type: "boolean",
        description: `True when unprocessed lists fewer rows than unprocessedCount: it holds the rows given up first, up to ${UNPROCESSED_BUDGET_BYTES / 1024 / 1024} MB as JSON text (UNPROCESSED_BUDGET_BYTES). Importing the file again writes the others (it rewrites the same items).`,
      },
    },
    [
      "format",
      "rows",
      "written",
      "skippedCount",
      "skipped",
      "unprocessedCount",
      "unprocessed",
      "unprocessedTruncated",
    ],
  ),
  examplePayload: {
    data: {
      format: "csv",
      rows: 3,
      written: 2,
      skippedCount: 1,
      skipped: [
        {
          line: 3,
          reason:
            'File (line 3): attribute "balance" has type N but "12,50" is not a number. A number looks like 42, -3.5 or 1.2E+10 (up to 38 significant digits).',
        },
      ],
      unprocessedCount: 0,
      unprocessed: { puts: [], lines: [], elements: [] },
      unprocessedTruncated: false,
    },
  },
});

export default importItems;

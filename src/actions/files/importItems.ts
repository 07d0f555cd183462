import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { Pacer } from "../../common/pacing";
import { keySchemaOf, tableKeys } from "../../engines/keySchema";
import { indexKeyAttributes } from "../../engines/keyValues";
import { importRows, MAX_SKIPPED_LISTED, UNPROCESSED_BUDGET_BYTES } from "../../files/importRun";
import { itemRows } from "../../files/itemRows";
import {
  awsRegion,
  COLUMN_TYPES_LABEL,
  CONTENT_TYPES,
  checkCsvCharacters,
  checkFormatInputs,
  checkNotEmpty,
  choiceInput,
  cleanBoolean,
  cleanColumnTypes,
  cleanCsvCharacter,
  cleanFileFormat,
  concurrencyInput,
  connectionInput,
  csvDelimiterInput,
  DYNAMO_JSON_LABEL,
  detectFormat,
  FILE_LABEL,
  FORMAT_LABEL,
  fileText,
  maxAttempts,
  maxRetriesInput,
  QUOTE_LABEL,
  readFileInput,
  returnUnprocessedInput,
  tableName,
} from "../../inputs";
import { importData, importItemsExample, importItemsOutputSchema } from "../../outputs/importFile";
import { TYPE_CODE_CHOICES } from "../../values";

const BAD_ROWS_LABEL = "Bad Rows";

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

const returnUnprocessed = returnUnprocessedInput("rows");

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
    returnUnprocessed,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const source = await fileText(params.file);
    const chosen = detectFormat(source, params.format);
    checkNotEmpty(source, chosen);
    checkFormatInputs(chosen, params);
    if (chosen === "csv") checkCsvCharacters(params.delimiter, params.quote);
    const step = connect(invocation, params);
    const keysOfTable = await tableKeys(step);
    const schema = keySchemaOf(keysOfTable, step.table);
    // The same index key types as every other write: the key schema cache's (indexKeyAttributes).
    const keys = { schema, indexKeys: indexKeyAttributes(keysOfTable) };
    const { delimiter, quote, columnTypes, dynamoJson } = params;
    const options = { format: chosen, delimiter, quote, columnTypes, dynamoJson };
    const pacer = new Pacer();
    const outcome = await importRows(step, schema, () => itemRows(source, options, keys, pacer), {
      format: chosen,
      badRows: params.badRows,
      concurrency: params.concurrency,
      maxRetries: params.maxRetries,
      returnUnprocessed: params.returnUnprocessed,
      log: (message) => invocation.logger.info(message),
    });
    return { data: importData(outcome) };
  },
  outputSchema: importItemsOutputSchema({
    maxSkippedListed: MAX_SKIPPED_LISTED,
    unprocessedBudgetBytes: UNPROCESSED_BUDGET_BYTES,
  }),
  examplePayload: importItemsExample,
});

import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { formatCount } from "../../common/messages";
import {
  emptyExportHeader,
  exportBounds,
  exportRequest,
  readForExport,
} from "../../engines/exportRead";
import { fileWriter } from "../../files/exportFile";
import {
  awsRegion,
  COLUMNS_LABEL,
  CONTENT_TYPES,
  choiceInput,
  cleanBoolean,
  cleanColumns,
  cleanInteger,
  connectionInput,
  consistentRead,
  csvDelimiterInput,
  DEFAULT_EXPORT_ITEMS,
  DEFAULT_FILE_MB,
  DOCS,
  ESCAPE_LABEL,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  FORMAT_LABEL,
  indexName,
  keyConditionExpression,
  limit,
  MAX_FILE_LABEL,
  MAX_FILE_MB,
  maxAttempts,
  maxItems,
  projectionExpression,
  returnDynamoJson,
  scanFilterExpression,
  scanIndexForward,
  tableName,
  totalSegments,
  withComments,
} from "../../inputs";
import {
  exportItemsData,
  exportItemsExample,
  exportItemsOutputSchema,
  exportSummary,
} from "../../outputs/exportFile";
import { parallelScanFailure } from "../../outputs/queries";

const exportFormat = choiceInput({
  label: FORMAT_LABEL,
  choices: [
    { label: "JSON Lines", value: "jsonl" },
    { label: "CSV", value: "csv" },
  ],
  default: "jsonl",
  comments: `JSON Lines (the default, ${CONTENT_TYPES.jsonl}): one item per line as plain JSON with every number exact, or DynamoDB JSON with Return DynamoDB JSON; Import Items reads it back unchanged. CSV (${CONTENT_TYPES.csv}): a header row, then one item per row; lists, maps and sets as JSON text, NULL as an empty cell.`,
});

const filterExpression = withComments(
  scanFilterExpression,
  `Optional. A condition items must meet to be exported, such as #status = :open. It is applied after items are read. Learn more about [filter expressions](${DOCS}/Scan.html#Scan.FilterExpression).`,
);

const columns = input({
  label: COLUMNS_LABEL,
  type: "string",
  required: false,
  comments:
    "CSV only. The attributes to write, in order, separated by commas (or a JSON array of names). Leave blank for every attribute the exported items have, in the order they were first seen.",
  example: "customerId, name, balance",
  clean: cleanColumns,
});

const maxFileSize = input({
  label: MAX_FILE_LABEL,
  type: "string",
  required: false,
  default: String(DEFAULT_FILE_MB),
  comments: `In megabytes (MB): stop before the file passes this size, from 1 to ${MAX_FILE_MB}, and return the cursor to continue from. ${DEFAULT_FILE_MB} by default; keep files well under the platform's step result limit (128 MB).`,
  example: "20",
  clean: (value: unknown) => cleanInteger(MAX_FILE_LABEL, 1, MAX_FILE_MB)(value) ?? DEFAULT_FILE_MB,
});

const escapeFormulas = input({
  label: ESCAPE_LABEL,
  type: "boolean",
  required: false,
  default: "true",
  comments:
    "CSV only. When true (the default), a text cell or header name that starts with =, +, -, @, a tab or a carriage return is written with a single quote (') before it, so that a spreadsheet shows it as text instead of running it as a formula (CSV injection). Numbers are never changed. Import Items reads an escaped cell back with its quote: set this to false for a file meant for Import Items.",
  clean: cleanBoolean(ESCAPE_LABEL, true),
});

const exportMaxItems = withComments(
  maxItems,
  `Stop after this many items and return the cursor to continue from. Leave blank for ${formatCount(DEFAULT_EXPORT_ITEMS)}.`,
);

const exportSegments = withComments(
  totalSegments,
  "Scans only. How many segments to read at the same time, from 1 to 64 (a parallel scan). When the export stops early, pass its segmentCursors to Exclusive Start Key with the same Total Segments to continue.",
);

const exportKeyCondition = withComments(
  keyConditionExpression,
  `Optional. With a key condition the export is a query of one partition, such as customerId = :id; without one it is a scan of the whole table or index. Learn more about [key condition expressions](${DOCS}/Query.html#Query.KeyConditionExpressions).`,
);

export const exportItems = action({
  display: {
    label: "Export Items",
    description:
      "Write the items of a DynamoDB scan or query to a JSON Lines or CSV file for a later step, with the cursor to continue when it stops early",
  },
  inputs: {
    awsRegion,
    tableName,
    awsConnection: connectionInput,
    format: exportFormat,
    keyConditionExpression: exportKeyCondition,
    filterExpression,
    expressionAttributeNames,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    projectionExpression,
    indexName,
    scanIndexForward,
    consistentRead,
    totalSegments: exportSegments,
    limit,
    exclusiveStartKey,
    maxItems: exportMaxItems,
    maxFileSize,
    columns,
    delimiter: csvDelimiterInput,
    returnDynamoJson,
    maxAttempts,
    escapeFormulas,
  },
  perform: async (invocation, params) => {
    // Built first, so that every input error comes before any call.
    const read = exportRequest(params);
    const writer = fileWriter(params.format, {
      columns: params.columns,
      delimiter: params.delimiter,
      dynamoJson: params.returnDynamoJson,
      escapeFormulas: params.escapeFormulas,
    });
    const step = connect(invocation, params);
    const result = await readForExport(step, read, {
      ...exportBounds(params, writer),
      totalSegments: params.totalSegments,
    }).catch((error: unknown) => {
      throw parallelScanFailure(error, params.returnDynamoJson);
    });
    const header = await emptyExportHeader(step, result, params, invocation.logger);
    const file = await writer.finish(header);
    invocation.logger.info(exportSummary(result, file));
    return { data: exportItemsData(result, file, params.returnDynamoJson) };
  },
  outputSchema: exportItemsOutputSchema,
  examplePayload: exportItemsExample,
});

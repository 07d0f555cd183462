import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { formatCount, sentence } from "../../common/messages";
import { stepTableKeys, type TruncationReason } from "../../engines/paging";
import { queryRequest, readQuery, startQuery } from "../../engines/query";
import { readScan, scanRequest, startScan } from "../../engines/scan";
import { InputError } from "../../errors/inputError";
import { type ExportFile, type FileWriter, fileWriter } from "../../files/exportFile";
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
  DEFAULT_FILE_MB,
  DOCS,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  FORMAT_LABEL,
  fail,
  indexName,
  keyConditionExpression,
  limit,
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
import { actionOutput, lastEvaluatedKeySchema } from "../../outputs";
import { formatCursor } from "../../outputs/queries";
import { type AttributeMap, formatItem, TYPE_CODE_CHOICES } from "../../values";

/** Export Items reads up to this many items unless Max Items says otherwise. */
export const DEFAULT_EXPORT_ITEMS = 100_000;
const MAX_FILE_LABEL = "Max File Size";

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

const ESCAPE_LABEL = "Escape Formulas";

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

type ExportParams = Parameters<typeof exportItems.perform>[1];

/** The inputs of one kind of read must not be set for the other: they would do nothing. */
function checkReadInputs(params: ExportParams): void {
  const query = params.keyConditionExpression !== undefined;
  if (query && params.totalSegments > 1) {
    fail(
      "Total Segments",
      "conflict",
      "Total Segments applies to scans only, and a Key Condition Expression makes this export a query. Set Total Segments to 1, or clear the Key Condition Expression to scan the table.",
    );
  }
  if (!query && !params.scanIndexForward) {
    fail(
      "Scan Index Forward",
      "conflict",
      "Scan Index Forward applies to queries only (a scan has no order). Set it to true, or give a Key Condition Expression to query.",
    );
  }
  if (params.format !== "csv") {
    if (!params.escapeFormulas) {
      fail(
        ESCAPE_LABEL,
        "conflict",
        `${ESCAPE_LABEL} applies to CSV only: JSON Lines cells are never read as formulas. Set it to true, or set ${FORMAT_LABEL} to CSV.`,
      );
    }
    if (params.columns !== undefined) {
      fail(
        COLUMNS_LABEL,
        "conflict",
        `${COLUMNS_LABEL} apply to CSV only. Clear them, or set ${FORMAT_LABEL} to CSV.`,
      );
    }
  } else if (params.returnDynamoJson) {
    fail(
      "Return DynamoDB JSON",
      "conflict",
      "Return DynamoDB JSON applies to JSON Lines only: a CSV cell holds plain values. Set it to false, or set Format to JSON Lines.",
    );
  }
}

interface ExportRead {
  operation: "Query" | "Scan";
  /** The table's key attribute names (the header of an empty CSV export). */
  keyNames: () => Promise<string[]>;
  scannedCount: number;
  lastEvaluatedKey?: AttributeMap;
  segmentCursors?: (AttributeMap | null)[];
  truncated: boolean;
  reason?: TruncationReason;
}

/** The Scan or Query the inputs describe, each item handed to the writer as it comes. */
async function readInto(
  invocation: Parameters<typeof exportItems.perform>[0],
  params: ExportParams,
  writer: FileWriter,
  counter: { count: number },
): Promise<ExportRead> {
  const bounds = {
    maxItems: params.maxItems ?? DEFAULT_EXPORT_ITEMS,
    byteBudget: params.maxFileSize * 1024 * 1024,
    sizeOf: writer.measure,
    tooLarge: (size: number) =>
      new InputError(
        MAX_FILE_LABEL,
        "tooLarge",
        `${MAX_FILE_LABEL} is ${params.maxFileSize} MB, but the first item alone takes ${formatCount(size)} bytes in the file${params.format === "csv" ? " (its row and the header)" : ""}: nothing could be written. Raise ${MAX_FILE_LABEL}, or leave attributes out with Projection Expression${params.format === "csv" ? ` or ${COLUMNS_LABEL}` : ""}.`,
      ),
    onItem: (item: AttributeMap) => {
      writer.add(item);
      counter.count += 1;
    },
  };
  const common = { ...params, fetchAll: true, maxItems: bounds.maxItems };
  if (params.keyConditionExpression !== undefined) {
    const request = queryRequest({ ...common, queryParameters: {} });
    const step = connect(invocation, params);
    const query = await startQuery(step, request);
    const read = await readQuery(step, query.request, query.tableKeys, bounds);
    return { operation: "Query", keyNames: async () => (await query.tableKeys()).table, ...read };
  }
  const request = scanRequest(common);
  const step = connect(invocation, params);
  const { plan, start, segmentStarts } = await startScan(step, request);
  const keyNames = async () => (await stepTableKeys(step)()).table;
  const read = await readScan(
    plan,
    { start, segmentStarts },
    { ...bounds, totalSegments: params.totalSegments },
  );
  return { operation: "Scan", keyNames, ...read };
}

/**
 * The header of a CSV export with no items and no Columns: the table's key attribute names, so
 * that the file is a valid CSV (header only) that Import Items reads as 0 rows. Without
 * permission to describe the table the file stays empty, and the log says why.
 */
async function emptyHeader(
  read: ExportRead,
  params: ExportParams,
  count: number,
  invocation: Parameters<typeof exportItems.perform>[0],
): Promise<string[] | undefined> {
  if (params.format !== "csv" || count > 0 || params.columns !== undefined) return undefined;
  try {
    return await read.keyNames();
  } catch (error) {
    invocation.logger.warn(
      `Export Items: no items, and the table's key could not be read for the CSV header (${sentence(error)}); the file is empty.`,
    );
    return undefined;
  }
}

function exportOutput(read: ExportRead, file: ExportFile, count: number, dynamoJson: boolean) {
  return {
    file: file.file,
    format: file.columns ? ("csv" as const) : ("jsonl" as const),
    operation: read.operation,
    count,
    bytes: file.bytes,
    scannedCount: read.scannedCount,
    columns: file.columns ?? null,
    columnTypes: file.columnTypes ?? null,
    lastEvaluatedKey: formatCursor(read.lastEvaluatedKey, dynamoJson),
    truncated: read.truncated,
    truncatedReason: read.reason ?? null,
    ...(read.segmentCursors
      ? {
          segmentCursors: read.segmentCursors.map((cursor) =>
            cursor === null ? null : formatItem(cursor, dynamoJson),
          ),
        }
      : {}),
  };
}

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
    keyConditionExpression: withComments(
      keyConditionExpression,
      `Optional. With a key condition the export is a query of one partition, such as customerId = :id; without one it is a scan of the whole table or index. Learn more about [key condition expressions](${DOCS}/Query.html#Query.KeyConditionExpressions).`,
    ),
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
    checkReadInputs(params);
    const writer = fileWriter(params.format, {
      columns: params.columns,
      delimiter: params.delimiter,
      dynamoJson: params.returnDynamoJson,
      escapeFormulas: params.escapeFormulas,
    });
    const counter = { count: 0 };
    const read = await readInto(invocation, params, writer, counter);
    const file = await writer.finish(await emptyHeader(read, params, counter.count, invocation));
    invocation.logger.info(
      `Export Items: wrote ${formatCount(counter.count)} items (${formatCount(file.bytes)} bytes)${read.truncated ? `; stopped early (${read.reason}), the cursor continues` : ""}.`,
    );
    return { data: exportOutput(read, file, counter.count, params.returnDynamoJson) };
  },
  outputSchema: actionOutput(
    {
      file: {
        type: "object",
        description:
          "The file, as a later step (SFTP, Amazon S3, HTTP) takes it: data (its bytes, a Buffer), contentType and suggestedExtension.",
        properties: {
          data: { type: "object", description: "The file's bytes (a Buffer)." },
          contentType: { type: "string", enum: [CONTENT_TYPES.jsonl, CONTENT_TYPES.csv] },
          suggestedExtension: { type: "string", enum: ["jsonl", "csv"] },
        },
        required: ["data", "contentType", "suggestedExtension"],
      },
      format: { type: "string", enum: ["jsonl", "csv"] },
      operation: { type: "string", enum: ["Query", "Scan"] },
      count: { type: "integer", description: "How many items are in the file." },
      bytes: { type: "integer", description: "The file's size in bytes." },
      scannedCount: {
        type: "integer",
        description: "How many items DynamoDB read before the Filter Expression.",
      },
      columns: {
        type: ["array", "null"],
        items: { type: "string" },
        description: "CSV: the header row's attribute names; null for JSON Lines.",
      },
      columnTypes: {
        type: ["object", "null"],
        additionalProperties: { type: "string", enum: TYPE_CODE_CHOICES.map((c) => c.value) },
        description:
          "CSV: the DynamoDB type of each column whose values all have one type, to give to Import Items' Column Types; null for JSON Lines.",
      },
      lastEvaluatedKey: lastEvaluatedKeySchema,
      truncated: {
        type: "boolean",
        description:
          "True when the export stopped at Max Items or Max File Size; lastEvaluatedKey (or segmentCursors) then continues after the last item in the file.",
      },
      truncatedReason: {
        type: ["string", "null"],
        enum: ["maxItems", "byteBudget", "pageLimit", null],
        description:
          "Why the export stopped early: maxItems, byteBudget (Max File Size), or pageLimit (1,000 pages read, for a filter that keeps few items); else null.",
      },
      segmentCursors: {
        type: "array",
        items: { type: ["object", "null"], additionalProperties: true },
        description:
          "Parallel scans only: where each segment continues (null when read to the end). Pass the array to Exclusive Start Key, with the same Total Segments, to continue.",
      },
    },
    [
      "file",
      "format",
      "operation",
      "count",
      "bytes",
      "scannedCount",
      "columns",
      "columnTypes",
      "lastEvaluatedKey",
      "truncated",
      "truncatedReason",
    ],
  ),
  examplePayload: {
    data: {
      file: {
        data: Buffer.from(
          "customerId,name,balance\n1001,Ada,12345678901234567890.5\n1002,Grace,0\n",
          "utf8",
        ),
        contentType: CONTENT_TYPES.csv,
        suggestedExtension: "csv",
      },
      format: "csv",
      operation: "Scan",
      count: 2,
      bytes: 69,
      scannedCount: 2,
      columns: ["customerId", "name", "balance"],
      columnTypes: { customerId: "N", name: "S", balance: "N" },
      lastEvaluatedKey: null,
      truncated: false,
      truncatedReason: null,
    },
  },
});

export default exportItems;

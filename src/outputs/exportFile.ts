/** Export Items' output: its schema, example payload, and the formatting of a finished export. */

import { MAX_PAGES_TEXT } from "../common/limits";
import { formatCount } from "../common/messages";
import type { ExportRead } from "../engines/exportRead";
import { CONTENT_TYPES } from "../inputs";
import { TYPE_CODE_CHOICES, type TypeCode } from "../values";
import { actionOutputSchema, lastEvaluatedKeySchema, truncation } from "./index";
import { formatCursor, formatSegmentCursors } from "./queries";

/** The written file, as the file writer (files/exportFile.ts) gives it. */
export interface WrittenFile {
  file: { data: Buffer; contentType: string; suggestedExtension: string };
  bytes: number;
  columns?: string[];
  columnTypes?: Record<string, TypeCode>;
}

/** A finished export as Export Items returns it: the file, its counts and where to continue. */
export function exportItemsData(read: ExportRead, file: WrittenFile, dynamoJson: boolean) {
  return {
    file: file.file,
    format: file.columns ? ("csv" as const) : ("jsonl" as const),
    operation: read.operation,
    count: read.count,
    bytes: file.bytes,
    scannedCount: read.scannedCount,
    columns: file.columns ?? null,
    columnTypes: file.columnTypes ?? null,
    lastEvaluatedKey: formatCursor(read.lastEvaluatedKey, dynamoJson),
    ...truncation(read.reason),
    ...(read.segmentCursors
      ? { segmentCursors: formatSegmentCursors(read.segmentCursors, dynamoJson) }
      : {}),
  };
}

/** The log line of a finished export. */
export function exportSummary(read: ExportRead, file: WrittenFile): string {
  return `Export Items: wrote ${formatCount(read.count)} items (${formatCount(file.bytes)} bytes)${read.truncated ? `; stopped early (${read.reason}), the cursor continues` : ""}.`;
}

export const exportItemsOutputSchema = actionOutputSchema(
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
      description: `Why the export stopped early: maxItems, byteBudget (Max File Size), or pageLimit (${MAX_PAGES_TEXT} read, for a filter that keeps few items); else null.`,
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
);

export const exportItemsExample: { data: ReturnType<typeof exportItemsData> } = {
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
};

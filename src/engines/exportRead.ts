/**
 * Export Items' read: a Query (with a Key Condition Expression) or a Scan, each item handed to
 * the file writer as it comes, bounded by Max Items and Max File Size as the writer measures the
 * file, so that the reader holds one page of raw items at a time.
 */
import type { QueryCommandInput, ScanCommandInput } from "@aws-sdk/client-dynamodb";
import type { Step } from "../aws/invocation";
import { formatCount, sentence } from "../common/messages";
import { InputError } from "../errors/inputError";
import {
  checkExportInputs,
  DEFAULT_EXPORT_ITEMS,
  type ExportChoices,
  MAX_FILE_LABEL,
} from "../inputs/exportFile";
import { COLUMNS_LABEL } from "../inputs/files";
import type { AttributeMap } from "../values";
import { tableKeys } from "./keySchema";
import type { EarlyStop, ReadOptions } from "./paging";
import { type QueryParams, queryRequest, readQuery, startQuery } from "./query";
import { readScan, type ScanParams, type ScanStarts, scanRequest, startScan } from "./scan";

/** The cleaned inputs of Export Items that its read is built from. */
export type ExportParams = ExportChoices &
  Omit<QueryParams, "queryParameters" | "fetchAll"> &
  Omit<ScanParams, "fetchAll"> & { maxFileSize: number };

/** The read an export makes: a Query, or a Scan and where it starts. */
export type ExportRequest =
  | { operation: "Query"; request: QueryCommandInput }
  | { operation: "Scan"; request: { input: ScanCommandInput } & ScanStarts };

/**
 * The read the inputs describe: a Query when there is a Key Condition Expression, else a Scan,
 * reading on up to Max Items (default DEFAULT_EXPORT_ITEMS). Pure: no client, no call. Throws an
 * InputError naming the input for every input error, including inputs of the other kind of read
 * or format that would do nothing.
 */
export function exportRequest(params: ExportParams): ExportRequest {
  checkExportInputs(params);
  const common = { ...params, fetchAll: true, maxItems: params.maxItems ?? DEFAULT_EXPORT_ITEMS };
  return params.keyConditionExpression !== undefined
    ? { operation: "Query", request: queryRequest({ ...common, queryParameters: {} }) }
    : { operation: "Scan", request: scanRequest(common) };
}

/** Where the items go: the file writer (files/exportFile.ts), which measures each item first. */
export interface ItemSink {
  measure(item: AttributeMap): number;
  add(item: AttributeMap): void;
}

/**
 * The bounds of an export: Max Items, and Max File Size as the sink measures the file. An item
 * that alone passes Max File Size is an InputError naming Max File Size (nothing is written).
 */
export function exportBounds(params: ExportParams, sink: ItemSink): ReadOptions {
  const csv = params.format === "csv";
  return {
    maxItems: params.maxItems ?? DEFAULT_EXPORT_ITEMS,
    byteBudget: params.maxFileSize * 1024 * 1024,
    sizeOf: sink.measure,
    tooLarge: (size: number) =>
      new InputError(
        MAX_FILE_LABEL,
        "tooLarge",
        `${MAX_FILE_LABEL} is ${params.maxFileSize} MB, but the first item alone takes ${formatCount(size)} bytes in the file${csv ? " (its row and the header)" : ""}: nothing could be written. Raise ${MAX_FILE_LABEL}, or leave attributes out with Projection Expression${csv ? ` or ${COLUMNS_LABEL}` : ""}.`,
      ),
    onItem: sink.add,
  };
}

/** What an export read: how many items went to the file, counts and where to continue. */
export type ExportRead = EarlyStop & {
  operation: "Query" | "Scan";
  count: number;
  scannedCount: number;
  lastEvaluatedKey?: AttributeMap;
  segmentCursors?: (AttributeMap | null)[];
};

/** Reads the export's Query or Scan, each item handed to `options.onItem` as it comes. */
export async function readForExport(
  step: Step,
  read: ExportRequest,
  options: ReadOptions & { totalSegments: number },
): Promise<ExportRead> {
  let count = 0;
  const onItem = options.onItem;
  const bounds = {
    ...options,
    onItem: (item: AttributeMap) => {
      onItem?.(item);
      count += 1;
    },
  };
  if (read.operation === "Query") {
    const query = await startQuery(step, read.request);
    const { items: _, ...rest } = await readQuery(step, query.request, query.tableKeys, bounds);
    return { ...rest, operation: "Query", count };
  }
  const { plan, start, segmentStarts } = await startScan(step, read.request);
  const { items: _, ...rest } = await readScan(plan, { start, segmentStarts }, bounds);
  return { ...rest, operation: "Scan", count };
}

/**
 * The header of a CSV export with no items and no Columns: the table's key attribute names, so
 * that the file is a valid CSV (header only) that Import Items reads as 0 rows. Without
 * permission to describe the table the file stays empty, and the log says why.
 */
export async function emptyExportHeader(
  step: Step,
  read: ExportRead,
  params: Pick<ExportParams, "format" | "columns">,
  logger: { warn: (message: string) => void },
): Promise<string[] | undefined> {
  if (params.format !== "csv" || read.count > 0 || params.columns !== undefined) return undefined;
  try {
    return (await tableKeys(step)).table;
  } catch (error) {
    logger.warn(
      `Export Items: no items, and the table's key could not be read for the CSV header (${sentence(error)}); the file is empty.`,
    );
    return undefined;
  }
}

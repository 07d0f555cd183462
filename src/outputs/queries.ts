/**
 * Query Items' and Scan Items' outputs: their schemas and example payloads, and the formatting of
 * a page or a Fetch All read into a step's `data` (items and cursors as plain JSON, or DynamoDB
 * JSON with Return DynamoDB JSON). Export Items and Delete Items format their cursors here too.
 */
import type {
  ConsumedCapacity,
  QueryCommandOutput,
  ScanCommandOutput,
  Select,
} from "@aws-sdk/client-dynamodb";
import { type EarlyStop, segmentCursorsOf, type TruncationReason } from "../engines/paging";
import type { QueryRead } from "../engines/query";
import type { ScanRead } from "../engines/scan";
import { type AttributeMap, formatItem, formatItemOrNull, formatItems } from "../values";
import {
  consumedCapacitySchema,
  readItemsOutputSchema,
  type Truncation,
  truncation,
  withConsumedCapacity,
} from "./index";

/** A cursor for the output: null when there is nothing more to read. */
export function formatCursor(
  cursor: AttributeMap | undefined,
  dynamoJson: boolean,
): Record<string, unknown> | null {
  return formatItemOrNull(cursor, dynamoJson);
}

/** A parallel scan's segment cursors for the output: null for a segment read to the end. */
export function formatSegmentCursors(
  cursors: (AttributeMap | null)[],
  dynamoJson: boolean,
): (Record<string, unknown> | null)[] {
  return cursors.map((cursor) => (cursor === null ? null : formatItem(cursor, dynamoJson)));
}

/**
 * The error of a parallel scan that failed part way (paging's collectSegments), with where each
 * segment resumes, `segmentCursors`, as the output gives them (and Exclusive Start Key takes them
 * back), and a message that says so. Other errors are returned as they are.
 */
export function parallelScanFailure(error: unknown, dynamoJson: boolean): unknown {
  const cursors = segmentCursorsOf<AttributeMap>(error);
  if (!cursors) return error;
  const failed = error as Error;
  return Object.assign(failed, {
    message: `${failed.message} Or continue from the error's segmentCursors, where each segment resumes without losing an item (null: read to its end by an earlier run, not read again): pass them to Exclusive Start Key with the same Total Segments.`,
    segmentCursors: formatSegmentCursors([...cursors], dynamoJson),
  });
}

/** What a Query or Scan read, page or Fetch All, before it is formatted for the output. */
export type ReadResult = EarlyStop & {
  items: AttributeMap[] | undefined;
  count: number;
  scannedCount: number;
  lastEvaluatedKey?: AttributeMap;
};

/**
 * Query Items' and Scan Items' output (Export Items writes the items to a file instead): the
 * items and cursor as plain JSON (or DynamoDB JSON), the counts, and whether and why Fetch All
 * stopped early.
 */
function readOutput(read: ReadResult, dynamoJson: boolean) {
  return {
    items: formatItems(read.items, dynamoJson),
    count: read.count,
    scannedCount: read.scannedCount,
    lastEvaluatedKey: formatCursor(read.lastEvaluatedKey, dynamoJson),
    ...truncation(read.reason),
  };
}

/** Query Items' output (and Scan Items' without segment cursors). */
export type ReadOutput = ReturnType<typeof readOutput>;

/** One page of a read, as it came, with its count. */
function pageOutput(
  page: Pick<QueryCommandOutput, "Items" | "ScannedCount" | "LastEvaluatedKey">,
  count: number,
  dynamoJson: boolean,
) {
  const read = {
    items: page.Items,
    count,
    scannedCount: page.ScannedCount ?? 0,
    lastEvaluatedKey: page.LastEvaluatedKey,
    truncated: false as const,
  };
  return readOutput(read, dynamoJson);
}

/**
 * Query Items' output for one page: DynamoDB's Count (the only count with Select COUNT), and the
 * capacity the page consumed when Query Parameters asked for it.
 */
export function queryPageData(page: QueryCommandOutput, dynamoJson: boolean): QueryItemsOutput {
  return withConsumedCapacity(
    pageOutput(page, page.Count ?? page.Items?.length ?? 0, dynamoJson),
    page.ConsumedCapacity,
  );
}

/** Query Items' output for Fetch All; with Select COUNT there are no items, only DynamoDB's count. */
export function queryReadData(
  read: QueryRead,
  select: Select | undefined,
  dynamoJson: boolean,
): QueryItemsOutput {
  const count = select === "COUNT" ? read.count : read.items.length;
  return withConsumedCapacity(readOutput({ ...read, count }, dynamoJson), read.consumedCapacity);
}

/** Scan Items' output. Exported because the package's type declarations name it. */
export type SegmentCursorOutput = {
  items: Record<string, unknown>[];
  count: number;
  scannedCount: number;
  lastEvaluatedKey: Record<string, unknown> | null;
  segmentCursors?: (Record<string, unknown> | null)[];
} & Truncation<TruncationReason>;

/** Scan Items' output for one page. */
export function scanPageData(page: ScanCommandOutput, dynamoJson: boolean): SegmentCursorOutput {
  return pageOutput(page, page.Items?.length ?? 0, dynamoJson);
}

/** Scan Items' output for Fetch All, with the segment cursors of a parallel scan. */
export function scanReadData(read: ScanRead, dynamoJson: boolean): SegmentCursorOutput {
  return {
    ...readOutput({ ...read, count: read.items.length }, dynamoJson),
    ...(read.segmentCursors
      ? { segmentCursors: formatSegmentCursors(read.segmentCursors, dynamoJson) }
      : {}),
  };
}

export const queryItemsOutputSchema = readItemsOutputSchema(
  "How many items DynamoDB read before the Filter Expression (over every page read, with Fetch All).",
  { optional: consumedCapacitySchema },
);

/** An example of a read that returned every item it found (Fetch All not cut short). */
function readExample(
  items: Record<string, unknown>[],
  scannedCount: number,
  lastEvaluatedKey: Record<string, unknown>,
): { data: ReadOutput } {
  const data = { items, count: items.length, scannedCount, lastEvaluatedKey };
  return { data: { ...data, truncated: false, truncatedReason: null } };
}

/** Query Items' output: a read's, with the capacity it consumed when Query Parameters asked. */
export type QueryItemsOutput = ReadOutput & { consumedCapacity?: ConsumedCapacity };

export const queryItemsExample: { data: QueryItemsOutput } = readExample(
  [
    { customerId: 1001, orderDate: "2024-05-01", status: "shipped", total: 25.5 },
    { customerId: 1001, orderDate: "2024-05-07", status: "open", total: 12 },
  ],
  2,
  { customerId: 1001, orderDate: "2024-05-07" },
);

export const scanItemsOutputSchema = readItemsOutputSchema(
  "How many items DynamoDB read before the Filter Expression; read capacity is charged for these.",
  {
    continues: "lastEvaluatedKey (or segmentCursors)",
    optional: {
      segmentCursors: {
        type: "array",
        items: { type: ["object", "null"], additionalProperties: true },
        description:
          "Parallel scans only: where each segment continues: null when it was read to the end, {} when it has not started, otherwise the key to continue after. Pass the array to Exclusive Start Key, with the same Total Segments, to continue.",
      },
    },
  },
);

export const scanItemsExample: { data: SegmentCursorOutput } = readExample(
  [
    { customerId: 1001, customerName: "Ada Lovelace", status: "open", balance: 12.5 },
    { customerId: 1002, customerName: "Grace Hopper", status: "open", balance: 0 },
  ],
  5,
  { customerId: 1002, customerName: "Grace Hopper" },
);

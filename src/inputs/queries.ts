/**
 * The inputs the reads of many items share (Query Items, Scan Items, Export Items, Delete Items):
 * the key condition, the filter, the order of a query, the segments of a parallel scan, and the
 * segment cursors a parallel scan continues from.
 */

import { input } from "@prismatic-io/spectral";
import { InputError } from "../errors/inputError";
import { type AttributeMap, parseKeyCursor } from "../values";
import { parseJsonArrayInput } from "../values/json";
import { DOCS } from "./definitions";
import { cleanBoolean, cleanExpression, cleanInteger, isBlank } from "./scalars";

/** The label of the cursor input of Query, Scan, Export and Delete Items. */
export const START_KEY_LABEL = "Exclusive Start Key";

/** Total Segments' upper bound (DynamoDB's own is 1,000,000). */
const MAX_SEGMENTS = 64;

export const keyConditionExpression = input({
  label: "Key Condition Expression",
  type: "string",
  required: false,
  comments: `The condition specifying key values for the query: the partition key with =, and optionally a sort key condition (=, <, <=, >, >=, BETWEEN, begins_with), such as customerId = :id AND orderDate >= :from. Required. Learn more about [key condition expressions](${DOCS}/Query.html#Query.KeyConditionExpressions).`,
  example: "customerId = :id",
  clean: cleanExpression("Key Condition Expression"),
});

/** Filter Expression with the comments and example of the read it filters. */
function filterExpressionInput(comments: string, example: string) {
  return input({
    label: "Filter Expression",
    type: "string",
    required: false,
    comments,
    example,
    clean: cleanExpression("Filter Expression"),
  });
}

/** Filter Expression of a query (Query Items, Delete Items). */
export const filterExpression = filterExpressionInput(
  `Optional. A condition to filter query results after they're read, such as #status = :status. Cannot filter on partition or sort keys. Filtered items still count toward Limit and the read capacity. Learn more about [filter expressions](${DOCS}/Query.html#Query.FilterExpression).`,
  "#status = :status",
);

/** Filter Expression of a scan (Scan Items, Export Items). */
export const scanFilterExpression = filterExpressionInput(
  `Optional. A condition that items must meet to be returned, such as #status = :open. It is applied after items are read, so it does not lower the read capacity a scan uses. Learn more about [filter expressions](${DOCS}/Scan.html#Scan.FilterExpression).`,
  "#status = :open",
);

export const scanIndexForward = input({
  label: "Scan Index Forward",
  type: "boolean",
  required: false,
  default: "true",
  comments:
    "When true (the default), items come in ascending order of the sort key; when false, in descending order (for example the newest first).",
  clean: cleanBoolean("Scan Index Forward", true),
});

export const totalSegments = input({
  label: "Total Segments",
  type: "string",
  required: false,
  default: "1",
  comments:
    "How many segments to split the scan into and read at the same time, from 1 to 64. Above 1 (a parallel scan) needs Fetch All: every segment is read to its end, up to Max Items in total. Faster on large tables, at the same read capacity. Then lastEvaluatedKey is null and the output has segmentCursors, one per segment (null when the segment was read to the end); when the scan stops early (truncated: true), pass segmentCursors to Exclusive Start Key with the same Total Segments to continue.",
  example: "4",
  clean: (value: unknown) => cleanInteger("Total Segments", 1, MAX_SEGMENTS)(value) ?? 1,
});

/** Where one segment of a parallel scan starts: done (read to the end before), or at `cursor`. */
export interface SegmentStart {
  done: boolean;
  cursor?: AttributeMap;
}

/**
 * Exclusive Start Key for a parallel scan: the segmentCursors array of a previous run, one entry
 * per segment: null for a segment that was read to the end, {} for one that has not started, or
 * the key to continue after. A single key cannot say where each segment stands: it is refused.
 * Throws an InputError naming Exclusive Start Key.
 */
export function parseSegmentCursors(
  value: unknown,
  totalSegments: number,
): SegmentStart[] | undefined {
  if (isBlank(value)) return undefined;
  const parsed = parseJsonArrayInput(
    value,
    START_KEY_LABEL,
    `${START_KEY_LABEL} must be blank or the segmentCursors array of a previous run when Total Segments is above 1: a single key cannot say where each segment stands. To continue from a lastEvaluatedKey, set Total Segments to 1.`,
  );
  if (parsed.length !== totalSegments) {
    throw new InputError(
      START_KEY_LABEL,
      "invalidValue",
      `${START_KEY_LABEL} has ${parsed.length} segment cursors but Total Segments is ${totalSegments}. Continue with the Total Segments of the run that returned these segmentCursors.`,
    );
  }
  return parsed.map((cursor, segment) =>
    cursor === null
      ? { done: true }
      : { done: false, cursor: parseKeyCursor(cursor, `${START_KEY_LABEL} (segment ${segment})`) },
  );
}

import { paginateScan, ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import type { AwsClients, InvocationContext } from "../../aws/client";
import type { CallContext } from "../../aws/errors";
import { connect, type Step, type StepInputs } from "../../aws/invocation";
import { mapWithConcurrency } from "../../engines/batchRuns";
import { readTableKeys } from "../../engines/keySchema";
import {
  collectPages,
  cursorKeyNames,
  DEFAULT_BYTE_BUDGET,
  DEFAULT_MAX_ITEMS,
  keyOfItem,
  MAX_PAGE_BYTES,
  type Page,
  projectKeyAttributes,
  type ReadOptions,
  readOutput,
  restoreCursor,
  type SharedBudget,
  sdkPages,
  type TruncationReason,
  withoutAttributes,
} from "../../engines/paging";
import { fail, InputError } from "../../errors/inputError";
import {
  checkMaxItemsNeedsFetchAll,
  checkPlaceholders,
  cleanExpression,
  cleanExpressionValues,
  cleanInteger,
  consistentRead,
  DOCS,
  EXPRESSION_VALUE_LABELS,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  fetchAll,
  indexName,
  isBlank,
  limit,
  maxAttempts,
  maxItems,
  NAMES_LABEL,
  parseJsonArrayInput,
  projectionExpression,
  returnDynamoJson,
  tableStepInputs,
} from "../../inputs";
import { readItemsOutputSchema } from "../../outputs";
import { type AttributeMap, formatItem, outputSize, parseKeyCursor } from "../../values";

const CURSOR_LABEL = "Exclusive Start Key";
const MAX_SEGMENTS = 64;

/** What the scan asks DynamoDB, and what it needs to make a cursor when it cuts a page. */
export interface ScanPlan {
  clients: AwsClients;
  table: string;
  context: CallContext;
  input: ScanCommandInput;
  /** The key attribute names of a cursor; read (cached) the first time one is needed. */
  cursorNames: () => Promise<string[]>;
}

/** Scan pages with the SDK paginator; every page is counted and its errors are mapped. */
function scanPages(
  plan: ScanPlan,
  extra: Partial<ScanCommandInput>,
  scanned: { count: number },
): AsyncGenerator<Page<AttributeMap>> {
  // The paginator writes each page's ExclusiveStartKey into its input: one object per run.
  const pages = paginateScan({ client: plan.clients.dynamodb }, { ...plan.input, ...extra });
  return sdkPages(pages, plan.context, (page) => {
    scanned.count += page.ScannedCount ?? 0;
  });
}

async function cursorAfter(plan: ScanPlan, item: AttributeMap): Promise<AttributeMap> {
  const key = keyOfItem(item, await plan.cursorNames());
  if (!key) {
    throw new Error(
      `Scan Items could not make a cursor: an item from table "${plan.table}" lacks a key attribute. Run again without Max Items, or with Fetch All off.`,
    );
  }
  return key;
}

/** Stops a segment's pages once another segment has failed, so that it does not read on in vain. */
async function* unlessFailed<T>(
  pages: AsyncIterable<T>,
  failure: { failed: boolean },
): AsyncGenerator<T> {
  try {
    for await (const page of pages) {
      if (failure.failed) return;
      yield page;
    }
  } catch (error) {
    failure.failed = true;
    throw error;
  }
}

/**
 * Exclusive Start Key for a parallel scan: the segmentCursors array of a previous run, one entry
 * per segment: null for a segment that was read to the end, {} for one that has not started, or
 * the key to continue after. A single key cannot say where each segment stands: it is refused.
 */
function parseSegmentCursors(value: unknown, totalSegments: number): SegmentStart[] | undefined {
  if (isBlank(value)) return undefined;
  const parsed = parseJsonArrayInput(
    value,
    CURSOR_LABEL,
    `${CURSOR_LABEL} must be blank or the segmentCursors array of a previous run when Total Segments is above 1: a single key cannot say where each segment stands. To continue from a lastEvaluatedKey, set Total Segments to 1.`,
  );
  if (parsed.length !== totalSegments) {
    throw new InputError(
      CURSOR_LABEL,
      "invalidValue",
      `${CURSOR_LABEL} has ${parsed.length} segment cursors but Total Segments is ${totalSegments}. Continue with the Total Segments of the run that returned these segmentCursors.`,
    );
  }
  return parsed.map((cursor, segment) =>
    cursor === null
      ? { done: true }
      : { done: false, cursor: parseKeyCursor(cursor, `${CURSOR_LABEL} (segment ${segment})`) },
  );
}

export interface SegmentStart {
  done: boolean;
  cursor?: AttributeMap;
}

/** Exported because the package's type declarations name it (Scan Items' output). */
export interface SegmentCursorOutput {
  items: Record<string, unknown>[];
  count: number;
  scannedCount: number;
  lastEvaluatedKey: Record<string, unknown> | null;
  truncated: boolean;
  truncatedReason: TruncationReason | null;
  segmentCursors?: (Record<string, unknown> | null)[];
}

export type ScanParams = {
  tableName: string;
  filterExpression?: string;
  projectionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues: unknown;
  expressionAttributeValueTypes: unknown;
  indexName?: string;
  consistentRead: boolean;
  limit?: number;
  exclusiveStartKey: unknown;
  fetchAll: boolean;
  maxItems?: number;
  totalSegments: number;
};

/** The Scan input and where it starts; every input error is raised here, before any call. */
export function scanRequest(params: ScanParams) {
  const totalSegments = params.totalSegments;
  const parallel = totalSegments > 1;
  checkMaxItemsNeedsFetchAll(
    params.maxItems,
    params.fetchAll,
    "use Limit for the size of one page",
  );
  if (parallel && !params.fetchAll) {
    fail(
      "Total Segments",
      "conflict",
      `Total Segments ${totalSegments} needs Fetch All set to true: a parallel scan reads every segment to its end (up to Max Items). Set Fetch All to true, or Total Segments to 1 to read one page.`,
    );
  }
  const values = cleanExpressionValues(
    params.expressionAttributeValues,
    params.expressionAttributeValueTypes,
  );
  const hasValues = Object.keys(values).length > 0;
  const names = params.expressionAttributeNames;
  if (hasValues && !params.filterExpression) {
    fail(
      EXPRESSION_VALUE_LABELS.values,
      "unusedPlaceholder",
      "Expression Attribute Values are only used by the Filter Expression, which is blank. Fill in the Filter Expression or clear the values.",
    );
  }
  if (names && !params.filterExpression && !params.projectionExpression) {
    fail(
      NAMES_LABEL,
      "unusedPlaceholder",
      "Expression Attribute Names are only used by the Filter Expression and the Projection Expression, which are both blank. Fill in one of them or clear the names.",
    );
  }
  checkPlaceholders({
    expressions: {
      "Filter Expression": params.filterExpression,
      "Projection Expression": params.projectionExpression,
    },
    names,
    values,
  });
  const input: ScanCommandInput = {
    TableName: params.tableName,
    IndexName: params.indexName,
    FilterExpression: params.filterExpression,
    ProjectionExpression: params.projectionExpression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: hasValues ? values : undefined,
    ConsistentRead: params.consistentRead || undefined,
    Limit: params.limit,
  };
  return parallel
    ? { input, segmentStarts: parseSegmentCursors(params.exclusiveStartKey, totalSegments) }
    : { input, start: parseKeyCursor(params.exclusiveStartKey, CURSOR_LABEL) };
}

/** One page, as it comes. */
async function scanPage(
  step: Step,
  input: ScanCommandInput,
  dynamoJson: boolean,
): Promise<SegmentCursorOutput> {
  const output = await step.call("Scan", () => step.clients.dynamodb.send(new ScanCommand(input)));
  const read = {
    items: output.Items,
    count: output.Items?.length ?? 0,
    scannedCount: output.ScannedCount ?? 0,
    lastEvaluatedKey: output.LastEvaluatedKey,
    truncated: false,
  };
  return readOutput(read, dynamoJson);
}

/** A Fetch All scan: its items (none with onItem), counts and where to continue. */
export interface ScanRead {
  items: AttributeMap[];
  scannedCount: number;
  lastEvaluatedKey?: AttributeMap;
  truncated: boolean;
  reason?: TruncationReason;
  /** Parallel scans: per segment, null when read to the end, else the key to continue after ({} when not started). */
  segmentCursors?: (AttributeMap | null)[];
}

/** The options with key attributes added for the cursor taken out of the items they see. */
function presented(options: ReadOptions, added: string[]): ReadOptions {
  const strip = (item: AttributeMap) => withoutAttributes(item, added);
  const { sizeOf, onItem } = options;
  return {
    ...options,
    sizeOf: sizeOf && ((item) => sizeOf(strip(item))),
    onItem: onItem && ((item) => onItem(strip(item))),
  };
}

/**
 * How many segments of a parallel scan read at once: each has up to one page (MAX_PAGE_BYTES) in
 * flight, so at most byte budget / MAX_PAGE_BYTES of them (at least 1), and the pages in flight
 * never hold more than the budget. A segment that finds the shared budget spent when its turn
 * comes does not start (its cursor is {}, or the one it was given).
 */
export function segmentsAtOnce(totalSegments: number, byteBudget: number): number {
  return Math.max(1, Math.min(totalSegments, Math.floor(byteBudget / MAX_PAGE_BYTES)));
}

/** Fetch All: reads the scan, or each segment, from its start, up to Max Items and the byte budget. */
export async function readScan(
  plan: ScanPlan,
  starts: { start?: AttributeMap; segmentStarts?: SegmentStart[] },
  options: ReadOptions & { totalSegments: number },
): Promise<ScanRead> {
  const addedForCursor = await projectKeyAttributes(plan.input, plan.cursorNames);
  const bounds = presented(options, addedForCursor);
  const scanned = { count: 0 };
  const failure = { failed: false };
  const collect = (
    segment: Partial<ScanCommandInput>,
    start: AttributeMap | undefined,
    shared?: SharedBudget,
  ) =>
    collectPages(
      unlessFailed(scanPages(plan, { ...segment, ExclusiveStartKey: start }, scanned), failure),
      {
        maxItems: bounds.maxItems ?? DEFAULT_MAX_ITEMS,
        byteBudget: bounds.byteBudget,
        tooLarge: bounds.tooLarge,
        sizeOf: bounds.sizeOf,
        onItem: bounds.onItem,
        startCursor: start,
        cursorAfter: (item) => cursorAfter(plan, item),
        shared,
      },
    );
  const strip = (items: AttributeMap[]) =>
    items.map((item) => withoutAttributes(item, addedForCursor));
  if (options.totalSegments === 1) {
    const collected = await collect({}, starts.start);
    return {
      items: strip(collected.items),
      scannedCount: scanned.count,
      lastEvaluatedKey: collected.lastEvaluatedKey,
      truncated: collected.truncated,
      reason: collected.reason,
    };
  }
  // The segments share one budget: Max Items and the byte budget bound them all together.
  const budget: SharedBudget = { items: 0, bytes: 0 };
  const segmentStarts =
    starts.segmentStarts ??
    Array.from({ length: options.totalSegments }, () => ({ done: false }) as SegmentStart);
  // A segment that an earlier run finished (null cursor) is not read again.
  const results = await mapWithConcurrency(
    segmentStarts,
    segmentsAtOnce(options.totalSegments, bounds.byteBudget ?? DEFAULT_BYTE_BUDGET),
    (start, segment) =>
      start.done
        ? Promise.resolve(undefined)
        : collect({ Segment: segment, TotalSegments: options.totalSegments }, start.cursor, budget),
  );
  // A segment stopped early continues at its cursor; undefined there means at its beginning.
  const segmentCursors = results.map((result) =>
    result?.truncated ? (result.lastEvaluatedKey ?? {}) : null,
  );
  return {
    items: strip(results.flatMap((result) => result?.items ?? [])),
    scannedCount: scanned.count,
    truncated: segmentCursors.some((cursor) => cursor !== null),
    reason: budget.reason,
    segmentCursors,
  };
}

/** Fetch All, as Scan Items returns it. */
async function scanAllPages(
  plan: ScanPlan,
  starts: { start?: AttributeMap; segmentStarts?: SegmentStart[] },
  options: { maxItems?: number; dynamoJson: boolean; totalSegments: number },
): Promise<SegmentCursorOutput> {
  const read = await readScan(plan, starts, {
    ...options,
    sizeOf: (item) => outputSize(item, options.dynamoJson),
  });
  return {
    ...readOutput({ ...read, count: read.items.length }, options.dynamoJson),
    ...(read.segmentCursors
      ? {
          segmentCursors: read.segmentCursors.map((cursor) =>
            cursor === null ? null : formatItem(cursor, options.dynamoJson),
          ),
        }
      : {}),
  };
}

/**
 * The scan the inputs describe, ready to run: every input error raised, the connection made and
 * the cursors restored against the table's key. Scan Items and Export Items start here.
 */
export async function prepareScan(
  invocation: InvocationContext | undefined,
  params: ScanParams & StepInputs,
) {
  const request = scanRequest(params);
  const step = connect(invocation, params);
  const index = params.indexName;
  const tableKeys = () => readTableKeys(step.clients, step.table, step.connection);
  // A plain cursor cannot tell a string from base64 binary or a long number; the table can.
  const restore = (cursor: AttributeMap | undefined) =>
    restoreCursor(cursor, tableKeys, CURSOR_LABEL, { table: step.table, index });
  const start = await restore(request.start);
  const segmentStarts = request.segmentStarts
    ? await Promise.all(
        request.segmentStarts.map(async (given) => ({
          done: given.done,
          cursor: await restore(given.cursor),
        })),
      )
    : undefined;
  const plan: ScanPlan = {
    clients: step.clients,
    table: step.table,
    context: step.context("Scan"),
    input: request.input,
    cursorNames: async () => cursorKeyNames(await tableKeys(), step.table, index),
  };
  return { step, plan, start, segmentStarts };
}

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

export const scanItems = action({
  display: {
    label: "Scan Items",
    description:
      "Read every item of a DynamoDB table or index, optionally filtered, page by page or all at once, in parallel segments if wanted",
  },
  inputs: {
    ...tableStepInputs,
    filterExpression: input({
      label: "Filter Expression",
      type: "string",
      required: false,
      comments: `Optional. A condition that items must meet to be returned, such as #status = :open. It is applied after items are read, so it does not lower the read capacity a scan uses. Learn more about [filter expressions](${DOCS}/Scan.html#Scan.FilterExpression).`,
      example: "#status = :open",
      clean: cleanExpression("Filter Expression"),
    }),
    expressionAttributeNames,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    projectionExpression,
    indexName,
    limit,
    exclusiveStartKey,
    fetchAll,
    maxItems,
    consistentRead,
    totalSegments,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const { step, plan, start, segmentStarts } = await prepareScan(invocation, params);
    if (!params.fetchAll) {
      const data = await scanPage(
        step,
        { ...plan.input, ExclusiveStartKey: start },
        params.returnDynamoJson,
      );
      return { data };
    }
    const data = await scanAllPages(
      plan,
      { start, segmentStarts },
      {
        maxItems: params.maxItems,
        dynamoJson: params.returnDynamoJson,
        totalSegments: params.totalSegments,
      },
    );
    return { data };
  },
  outputSchema: readItemsOutputSchema(
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
  ),
  examplePayload: {
    data: {
      items: [
        { customerId: 1001, customerName: "Ada Lovelace", status: "open", balance: 12.5 },
        { customerId: 1002, customerName: "Grace Hopper", status: "open", balance: 0 },
      ],
      count: 2,
      scannedCount: 5,
      lastEvaluatedKey: { customerId: 1002, customerName: "Grace Hopper" },
      truncated: false,
      truncatedReason: null,
    },
  },
});

export default scanItems;

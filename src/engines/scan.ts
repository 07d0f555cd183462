/**
 * The Scan engine (Scan Items, Export Items): the Scan request and where it starts, built without
 * a client (`scanRequest`), its cursors checked against the table (`startScan`), and Fetch All
 * (`readScan`), one run or parallel segments sharing one budget of items and bytes.
 */
import { paginateScan, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import type { AwsClients } from "../aws/client";
import type { CallContext } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { DEFAULT_BYTE_BUDGET, DEFAULT_MAX_ITEMS } from "../common/limits";
import { fail } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import { checkMaxItemsNeedsFetchAll } from "../inputs/definitions";
import {
  checkPlaceholders,
  cleanExpressionValues,
  EXPRESSION_VALUE_LABELS,
  NAMES_LABEL,
} from "../inputs/placeholders";
import { parseSegmentCursors, type SegmentStart, START_KEY_LABEL } from "../inputs/queries";
import { type AttributeMap, parseKeyCursor } from "../values";
import { checkIndexRead, dependsOnIndexKind } from "./indexReads";
import { tableKeys } from "./keySchema";
import {
  type Collected,
  collectPages,
  collectSegments,
  cursorKeyNames,
  type EarlyStop,
  earlyStop,
  keyOfItem,
  MAX_PAGE_BYTES,
  type Page,
  presentedOptions,
  projectKeyAttributes,
  type ReadOptions,
  restoreCursor,
  type SharedBudget,
  sdkPages,
  withoutAttributes,
} from "./paging";

/** The input that sets each parameter checkIndexRead reads (a scan has no Query Parameters). */
const SCAN_LABELS: Record<string, string> = {
  IndexName: "Index Name",
  ConsistentRead: "Consistent Read",
};

/** What the scan asks DynamoDB, and what it needs to make a cursor when it cuts a page. */
export interface ScanPlan {
  clients: AwsClients;
  table: string;
  context: CallContext;
  input: ScanCommandInput;
  /** The key attribute names of a cursor; read (cached) the first time one is needed. */
  cursorNames: () => Promise<string[]>;
}

/** Where a scan starts: one cursor, or (a parallel scan) one start per segment. */
export interface ScanStarts {
  start?: AttributeMap;
  segmentStarts?: SegmentStart[];
}

/** The cleaned inputs a Scan is built from (Scan Items' inputs; Export Items fills in its own). */
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

/** The expression inputs of a scan: placeholders defined and used, none without its expression. */
function scanExpressionValues(params: ScanParams): AttributeMap {
  const values = cleanExpressionValues(
    params.expressionAttributeValues,
    params.expressionAttributeValueTypes,
  );
  const names = params.expressionAttributeNames;
  if (Object.keys(values).length > 0 && !params.filterExpression) {
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
  return values;
}

/**
 * The Scan request the inputs describe and where it starts (a parallel scan: each segment's
 * start, from the segmentCursors in Exclusive Start Key). Pure: no client, no call. Throws an
 * InputError naming the input for every input error.
 */
export function scanRequest(params: ScanParams): { input: ScanCommandInput } & ScanStarts {
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
  const values = scanExpressionValues(params);
  const input: ScanCommandInput = {
    TableName: params.tableName,
    IndexName: params.indexName,
    FilterExpression: params.filterExpression,
    ProjectionExpression: params.projectionExpression,
    ExpressionAttributeNames: params.expressionAttributeNames,
    ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
    ConsistentRead: params.consistentRead || undefined,
    Limit: params.limit,
  };
  return parallel
    ? { input, segmentStarts: parseSegmentCursors(params.exclusiveStartKey, totalSegments) }
    : { input, start: parseKeyCursor(params.exclusiveStartKey, START_KEY_LABEL) };
}

/**
 * The scan ready to run: its cursors checked against the table (or index) key, their types
 * restored (a plain cursor cannot tell a string from base64 binary or a long number), and a read
 * DynamoDB refuses on a global index refused (checkIndexRead). Throws an InputError naming
 * Exclusive Start Key (or Index Name) when a cursor does not fit.
 */
export async function startScan(
  step: Step,
  request: { input: ScanCommandInput } & ScanStarts,
): Promise<{ plan: ScanPlan } & ScanStarts> {
  const index = request.input.IndexName;
  const keysOfTable = () => tableKeys(step, step.table, index);
  const restore = (cursor: AttributeMap | undefined) =>
    restoreCursor(cursor, keysOfTable, START_KEY_LABEL, { table: step.table, index });
  const start = await restore(request.start);
  const segmentStarts = request.segmentStarts
    ? await Promise.all(
        request.segmentStarts.map(async (given) => ({
          done: given.done,
          cursor: await restore(given.cursor),
        })),
      )
    : undefined;
  // After the cursors, whose check reads the keys when they were not cached.
  if (dependsOnIndexKind(request.input)) {
    checkIndexRead(await keysOfTable(), step.table, request.input, (key) => SCAN_LABELS[key]);
  }
  const plan: ScanPlan = {
    clients: step.clients,
    table: step.table,
    context: step.context("Scan"),
    input: request.input,
    cursorNames: async () => cursorKeyNames(await keysOfTable(), step.table, index),
  };
  return { plan, start, segmentStarts };
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
    throw new StepError(
      "cursorUnavailable",
      // Scan Items and Export Items both scan here: the message names the scan, not an action.
      `The scan could not make a cursor: an item from table "${plan.table}" lacks a key attribute. Run again without Max Items (or, in Scan Items, with Fetch All off).`,
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

/** A Fetch All scan: its items (none with onItem), counts and where to continue. */
export type ScanRead = EarlyStop & {
  items: AttributeMap[];
  scannedCount: number;
  lastEvaluatedKey?: AttributeMap;
  /** Parallel scans: per segment, null when read to the end, else the key to continue after ({} when not started). */
  segmentCursors?: (AttributeMap | null)[];
};

/**
 * How many segments of a parallel scan read at once: each has up to one page (MAX_PAGE_BYTES) in
 * flight, so at most byte budget / MAX_PAGE_BYTES of them (at least 1), and the pages in flight
 * never hold more than the budget. A segment that finds the shared budget spent when its turn
 * comes does not start (its cursor is {}, or the one it was given).
 */
function segmentsAtOnce(totalSegments: number, byteBudget: number): number {
  return Math.max(1, Math.min(totalSegments, Math.floor(byteBudget / MAX_PAGE_BYTES)));
}

/** What the runs of one readScan share: the plan, its bounds as the caller sees items, its counts. */
interface ScanRun {
  plan: ScanPlan;
  bounds: ReadOptions;
  scanned: { count: number };
  /** Set once a segment failed, so that the others stop reading (unlessFailed). */
  failure: { failed: boolean };
}

/**
 * Fetch All over the scan, or over one `segment` of it, from `start`; with `shared`, drawing on
 * the budget all the segments share. Cutting a page needs a cursor: cursorAfter.
 */
function collectScan(
  run: ScanRun,
  segment: Partial<ScanCommandInput>,
  start: AttributeMap | undefined,
  shared?: SharedBudget,
): Promise<Collected<AttributeMap>> {
  const { plan, bounds } = run;
  return collectPages(
    unlessFailed(
      scanPages(plan, { ...segment, ExclusiveStartKey: start }, run.scanned),
      run.failure,
    ),
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
}

/**
 * A parallel scan's segments, segmentsAtOnce of them at a time, sharing `budget` (paging's
 * collectSegments, which also reports a failure for all of them).
 */
function scanSegments(
  run: ScanRun,
  starts: ScanStarts,
  totalSegments: number,
  budget: SharedBudget,
): Promise<(Collected<AttributeMap> | undefined)[]> {
  const segmentStarts =
    starts.segmentStarts ??
    Array.from({ length: totalSegments }, () => ({ done: false }) as SegmentStart);
  return collectSegments(
    segmentStarts,
    segmentsAtOnce(totalSegments, run.bounds.byteBudget ?? DEFAULT_BYTE_BUDGET),
    budget,
    (start, segment) =>
      collectScan(run, { Segment: segment, TotalSegments: totalSegments }, start, budget),
  );
}

/**
 * Fetch All: reads the scan, or each segment, from its start, up to Max Items and the byte budget.
 * A projection gets the key attributes a cursor needs added to the plan's input (and taken out of
 * the items). Throws when an item lacks a key attribute where a cursor is needed.
 */
export async function readScan(
  plan: ScanPlan,
  starts: ScanStarts,
  options: ReadOptions & { totalSegments: number },
): Promise<ScanRead> {
  const addedForCursor = await projectKeyAttributes(plan.input, plan.cursorNames);
  const run: ScanRun = {
    plan,
    bounds: presentedOptions(options, addedForCursor),
    scanned: { count: 0 },
    failure: { failed: false },
  };
  const strip = (items: AttributeMap[]) =>
    items.map((item) => withoutAttributes(item, addedForCursor));
  if (options.totalSegments === 1) {
    const collected = await collectScan(run, {}, starts.start);
    return {
      items: strip(collected.items),
      scannedCount: run.scanned.count,
      lastEvaluatedKey: collected.lastEvaluatedKey,
      ...earlyStop(collected.reason),
    };
  }
  // The segments share one budget: Max Items and the byte budget bound them all together.
  const budget: SharedBudget = { items: 0, bytes: 0 };
  const results = await scanSegments(run, starts, options.totalSegments, budget);
  // A segment stopped early continues at its cursor; undefined there means at its beginning.
  const segmentCursors = results.map((result) =>
    result?.truncated ? (result.lastEvaluatedKey ?? {}) : null,
  );
  return {
    items: strip(results.flatMap((result) => result?.items ?? [])),
    scannedCount: run.scanned.count,
    // A segment stops early only through the shared budget, which keeps the first reason.
    ...earlyStop(budget.reason),
    segmentCursors,
  };
}

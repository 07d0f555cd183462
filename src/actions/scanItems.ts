import { paginateScan, ScanCommand, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { type AwsClients, getClients } from "../client";
import { type CallContext, callAws } from "../errors";
import {
  awsRegion,
  cleanAttributeNames,
  cleanInteger,
  cleanOptionalString,
  connectionInput,
  consistentRead,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  fetchAll,
  indexName,
  isBlank,
  limit,
  maxItems,
  projectionExpression,
  returnDynamoJson,
  tableName,
} from "../inputs";
import { actionOutput, lastEvaluatedKeySchema } from "../outputs";
import {
  collectPages,
  cursorKeyNames,
  cursorNeedsTypes,
  DEFAULT_BYTE_BUDGET,
  DEFAULT_MAX_ITEMS,
  describeTableKeys,
  keyOfItem,
  type Page,
  projectionWithKeys,
  restoreCursorTypes,
  type TableKeys,
  type TruncationReason,
  withoutAttributes,
} from "../paging";
import { mapWithConcurrency } from "../retry";
import {
  type AttributeMap,
  formatItem,
  formatItems,
  itemSize,
  parseCursor,
  parseJsonInput,
  typedPairsToMap,
} from "../values";

const DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide";
const CURSOR_LABEL = "Exclusive Start Key";
const MAX_SEGMENTS = 64;
const VALUES_LABELS = {
  values: "Expression Attribute Values",
  types: "Expression Attribute Value Types",
};

/** What the scan asks DynamoDB, and what it needs to make a cursor when it cuts a page. */
interface ScanPlan {
  clients: AwsClients;
  table: string;
  index?: string;
  context: CallContext;
  input: ScanCommandInput;
  /** The key attribute names of a cursor; read (once, cached) the first time one is needed. */
  cursorNames: () => Promise<string[]>;
}

/** Scan pages with the SDK paginator; every page is counted and its errors are mapped. */
async function* scanPages(
  plan: ScanPlan,
  extra: Partial<ScanCommandInput>,
  scanned: { count: number },
): AsyncGenerator<Page<AttributeMap>> {
  // The paginator writes each page's ExclusiveStartKey into its input: one object per run.
  const pages = paginateScan({ client: plan.clients.dynamodb }, { ...plan.input, ...extra });
  const iterator = pages[Symbol.asyncIterator]();
  while (true) {
    const next = await callAws(plan.context, () => iterator.next());
    if (next.done) return;
    scanned.count += next.value.ScannedCount ?? 0;
    yield { items: next.value.Items ?? [], lastEvaluatedKey: next.value.LastEvaluatedKey };
  }
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

/** The budget that all segments of one parallel scan share. */
interface SharedBudget {
  maxItems: number;
  byteBudget: number;
  items: number;
  bytes: number;
  /** Set when a segment fails, so that the others stop at their next page instead of reading on. */
  failed: boolean;
  /** Set when a segment stops early because the budget ran out. */
  reason?: TruncationReason;
}

function stopReason(budget: SharedBudget): TruncationReason {
  return budget.items >= budget.maxItems ? "maxItems" : "byteBudget";
}

interface SegmentResult {
  items: AttributeMap[];
  /** True when the segment was read to its end. */
  done: boolean;
  /** Where the segment continues when not done; undefined means from its beginning. */
  cursor?: AttributeMap;
}

/**
 * Reads one segment to its end, or until the shared budget runs out. It follows the same rules
 * as collectPages (paging.ts) with the budget shared between segments: a page is cut after the
 * last item that fits, and the segment's cursor continues right after that item. JavaScript runs
 * one page's loop at a time, so the segments never take more than the budget between them.
 */
async function readSegment(
  plan: ScanPlan,
  segment: number,
  totalSegments: number,
  start: AttributeMap | undefined,
  budget: SharedBudget,
  scanned: { count: number },
): Promise<SegmentResult> {
  const items: AttributeMap[] = [];
  let pageStart = start;
  const exhausted = () => budget.items >= budget.maxItems || budget.bytes >= budget.byteBudget;
  if (exhausted()) {
    budget.reason ??= stopReason(budget);
    return { items, done: false, cursor: start };
  }
  const pages = scanPages(
    plan,
    { Segment: segment, TotalSegments: totalSegments, ExclusiveStartKey: start },
    scanned,
  );
  for await (const page of guard(pages, budget)) {
    for (let index = 0; index < page.items.length; index++) {
      const item = page.items[index];
      const size = itemSize(item);
      // As in collectPages, at least one item always goes out.
      const fits =
        budget.items < budget.maxItems &&
        (budget.items === 0 || budget.bytes + size <= budget.byteBudget);
      if (!fits) {
        budget.reason ??= stopReason(budget);
        // Cut before this page's first item, the segment continues where the page started
        // (possibly its very beginning, when another segment used the budget first).
        const cursor = index === 0 ? pageStart : await cursorAfter(plan, page.items[index - 1]);
        return { items, done: false, cursor };
      }
      items.push(item);
      budget.items += 1;
      budget.bytes += size;
    }
    if (page.lastEvaluatedKey === undefined) return { items, done: true };
    pageStart = page.lastEvaluatedKey;
    if (exhausted()) {
      budget.reason ??= stopReason(budget);
      return { items, done: false, cursor: page.lastEvaluatedKey };
    }
  }
  return { items, done: true };
}

/** Stops a segment's pages once another segment has failed; marks the budget when this one fails. */
async function* guard<T>(pages: AsyncGenerator<T>, budget: SharedBudget): AsyncGenerator<T> {
  try {
    for await (const page of pages) {
      if (budget.failed) return;
      yield page;
    }
  } catch (error) {
    budget.failed = true;
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
  const parsed = parseJsonInput(value, CURSOR_LABEL);
  if (!Array.isArray(parsed)) {
    throw new Error(
      `${CURSOR_LABEL} must be blank or the segmentCursors array of a previous run when Total Segments is above 1: a single key cannot say where each segment stands. To continue from a lastEvaluatedKey, set Total Segments to 1.`,
    );
  }
  if (parsed.length !== totalSegments) {
    throw new Error(
      `${CURSOR_LABEL} has ${parsed.length} segment cursors but Total Segments is ${totalSegments}. Continue with the Total Segments of the run that returned these segmentCursors.`,
    );
  }
  return parsed.map((cursor, segment) =>
    cursor === null
      ? { done: true }
      : { done: false, cursor: parseCursor(cursor, `${CURSOR_LABEL} (segment ${segment})`) },
  );
}

interface SegmentStart {
  done: boolean;
  cursor?: AttributeMap;
}

interface SegmentCursorOutput {
  items: Record<string, unknown>[];
  count: number;
  scannedCount: number;
  lastEvaluatedKey: Record<string, unknown> | null;
  truncated: boolean;
  truncatedReason: TruncationReason | null;
  segmentCursors?: (Record<string, unknown> | null)[];
}

export const scanItems = action({
  display: {
    label: "Scan Items",
    description:
      "Read every item of a DynamoDB table or index, optionally filtered, page by page or all at once, in parallel segments if wanted",
  },
  inputs: {
    awsRegion,
    tableName,
    awsConnection: connectionInput,
    filterExpression: input({
      label: "Filter Expression",
      type: "string",
      required: false,
      comments: `Optional. A condition that items must meet to be returned, such as #status = :open. It is applied after items are read, so it does not lower the read capacity a scan uses. Learn more about [filter expressions](${DOCS}/Scan.html#Scan.FilterExpression).`,
      example: "#status = :open",
      clean: cleanOptionalString,
    }),
    expressionAttributeNames: { ...expressionAttributeNames, clean: cleanAttributeNames },
    expressionAttributeValues,
    expressionAttributeValueTypes,
    projectionExpression,
    indexName,
    limit,
    exclusiveStartKey,
    fetchAll,
    maxItems,
    consistentRead,
    totalSegments: input({
      label: "Total Segments",
      type: "string",
      required: false,
      default: "1",
      comments:
        "How many segments to split the scan into and read at the same time, from 1 to 64. Above 1 (a parallel scan) needs Fetch All: every segment is read to its end, up to Max Items in total. Faster on large tables, at the same read capacity. Then lastEvaluatedKey is null and the output has segmentCursors, one per segment (null when the segment was read to the end); when the scan stops early (truncated: true), pass segmentCursors to Exclusive Start Key with the same Total Segments to continue.",
      example: "4",
      clean: (value: unknown) => cleanInteger("Total Segments", 1, MAX_SEGMENTS)(value) ?? 1,
    }),
    returnDynamoJson,
  },
  perform: async (_context, params) => {
    const totalSegments = params.totalSegments;
    const parallel = totalSegments > 1;
    if (params.maxItems !== undefined && !params.fetchAll) {
      throw new Error(
        "Max Items applies only with Fetch All. Turn on Fetch All, or use Limit for the size of one page.",
      );
    }
    if (parallel && !params.fetchAll) {
      throw new Error(
        `Total Segments ${totalSegments} needs Fetch All set to true: a parallel scan reads every segment to its end (up to Max Items). Set Fetch All to true, or Total Segments to 1 to read one page.`,
      );
    }
    const values = typedPairsToMap(
      params.expressionAttributeValues,
      params.expressionAttributeValueTypes,
      VALUES_LABELS,
    );
    const hasValues = Object.keys(values).length > 0;
    if (hasValues && !params.filterExpression) {
      throw new Error(
        "Expression Attribute Values are only used by the Filter Expression, which is blank. Fill in the Filter Expression or clear the values.",
      );
    }
    if (
      params.expressionAttributeNames &&
      !params.filterExpression &&
      !params.projectionExpression
    ) {
      throw new Error(
        "Expression Attribute Names are only used by the Filter Expression and the Projection Expression, which are both blank. Fill in one of them or clear the names.",
      );
    }
    const segmentStarts = parallel
      ? parseSegmentCursors(params.exclusiveStartKey, totalSegments)
      : undefined;
    const singleStart = parallel ? undefined : parseCursor(params.exclusiveStartKey, CURSOR_LABEL);

    const clients = getClients(params.awsConnection, params.awsRegion);
    const table = params.tableName;
    const index = params.indexName;
    const context = { table, region: clients.region, connection: params.awsConnection };
    const dynamoJson = params.returnDynamoJson;
    let tableKeys: TableKeys | undefined;
    const readTableKeys = async () => {
      tableKeys ??= await callAws({ ...context, operation: "DescribeTable" }, () =>
        describeTableKeys(clients, table),
      );
      return tableKeys;
    };
    // A plain cursor cannot tell a string from base64 binary or a long number; the table's
    // attribute definitions can. Without DescribeTable permission the cursor is sent as given.
    const restore = async (cursor: AttributeMap | undefined) => {
      if (!cursor || !cursorNeedsTypes(cursor)) return cursor;
      const keys = await readTableKeys().catch(() => undefined);
      return keys ? restoreCursorTypes(cursor, keys.types, CURSOR_LABEL) : cursor;
    };

    const input: ScanCommandInput = {
      TableName: table,
      IndexName: index,
      FilterExpression: params.filterExpression,
      ProjectionExpression: params.projectionExpression,
      ExpressionAttributeNames: params.expressionAttributeNames,
      ExpressionAttributeValues: hasValues ? values : undefined,
      ConsistentRead: params.consistentRead || undefined,
      Limit: params.limit,
    };

    if (!params.fetchAll) {
      const start = await restore(singleStart);
      const output = await callAws({ ...context, operation: "Scan" }, () =>
        clients.dynamodb.send(new ScanCommand({ ...input, ExclusiveStartKey: start })),
      );
      const data: SegmentCursorOutput = {
        items: formatItems(output.Items, dynamoJson),
        count: output.Items?.length ?? 0,
        scannedCount: output.ScannedCount ?? 0,
        lastEvaluatedKey: output.LastEvaluatedKey
          ? formatItem(output.LastEvaluatedKey, dynamoJson)
          : null,
        truncated: false,
        truncatedReason: null,
      };
      return { data };
    }

    // Fetch All may cut a page at Max Items; the cut needs each item's key attributes, so a
    // projection gets them added (and they are dropped again from the output).
    const cursorNames = async () => cursorKeyNames(await readTableKeys(), table, index);
    let addedForCursor: string[] = [];
    if (params.projectionExpression) {
      const projection = projectionWithKeys(
        params.projectionExpression,
        params.expressionAttributeNames,
        await cursorNames(),
      );
      input.ProjectionExpression = projection.ProjectionExpression;
      input.ExpressionAttributeNames = projection.ExpressionAttributeNames;
      addedForCursor = projection.added;
    }
    const plan: ScanPlan = {
      clients,
      table,
      index,
      context: { ...context, operation: "Scan" },
      input,
      cursorNames,
    };
    const scanned = { count: 0 };
    const maxItemCount = params.maxItems ?? DEFAULT_MAX_ITEMS;
    const present = (items: AttributeMap[]) =>
      formatItems(
        items.map((item) => withoutAttributes(item, addedForCursor)),
        dynamoJson,
      );

    if (!parallel) {
      const start = await restore(singleStart);
      const collected = await collectPages(scanPages(plan, { ExclusiveStartKey: start }, scanned), {
        maxItems: maxItemCount,
        startCursor: start,
        cursorAfter: (item) => cursorAfter(plan, item),
      });
      const data: SegmentCursorOutput = {
        items: present(collected.items),
        count: collected.items.length,
        scannedCount: scanned.count,
        lastEvaluatedKey: collected.lastEvaluatedKey
          ? formatItem(collected.lastEvaluatedKey, dynamoJson)
          : null,
        truncated: collected.truncated,
        truncatedReason: collected.reason ?? null,
      };
      return { data };
    }

    const starts: SegmentStart[] = await Promise.all(
      Array.from({ length: totalSegments }, async (_, segment) => {
        const given = segmentStarts?.[segment];
        return given ? { done: given.done, cursor: await restore(given.cursor) } : { done: false };
      }),
    );
    const budget: SharedBudget = {
      maxItems: maxItemCount,
      byteBudget: DEFAULT_BYTE_BUDGET,
      items: 0,
      bytes: 0,
      failed: false,
    };
    // A segment that an earlier run finished (null cursor) is not read again.
    const results = await mapWithConcurrency(starts, totalSegments, (start, segment) =>
      start.done
        ? Promise.resolve<SegmentResult>({ items: [], done: true })
        : readSegment(plan, segment, totalSegments, start.cursor, budget, scanned),
    );
    const items = results.flatMap((result) => result.items);
    const segmentCursors = results.map((result) =>
      result.done ? null : formatItem(result.cursor ?? {}, dynamoJson),
    );
    const data: SegmentCursorOutput = {
      items: present(items),
      count: items.length,
      scannedCount: scanned.count,
      lastEvaluatedKey: null,
      truncated: segmentCursors.some((cursor) => cursor !== null),
      truncatedReason: budget.reason ?? null,
      segmentCursors,
    };
    return { data };
  },
  outputSchema: actionOutput(
    {
      items: {
        type: "array",
        items: { type: "object", additionalProperties: true },
        description: "The items, as plain JSON (or DynamoDB JSON with Return DynamoDB JSON).",
      },
      count: { type: "integer", description: "How many items are in items." },
      scannedCount: {
        type: "integer",
        description:
          "How many items DynamoDB read before the Filter Expression; read capacity is charged for these.",
      },
      lastEvaluatedKey: lastEvaluatedKeySchema,
      truncated: {
        type: "boolean",
        description:
          "With Fetch All: true when the run stopped at Max Items or the size budget; lastEvaluatedKey (or segmentCursors) then continues after the last item returned. Always false without Fetch All.",
      },
      truncatedReason: {
        type: ["string", "null"],
        enum: ["maxItems", "byteBudget", null],
        description: "Why Fetch All stopped early: maxItems or byteBudget (about 5 MB); else null.",
      },
      segmentCursors: {
        type: "array",
        items: { type: ["object", "null"], additionalProperties: true },
        description:
          "Parallel scans only: where each segment continues: null when it was read to the end, {} when it has not started, otherwise the key to continue after. Pass the array to Exclusive Start Key, with the same Total Segments, to continue.",
      },
    },
    ["items", "count", "scannedCount", "lastEvaluatedKey", "truncated", "truncatedReason"],
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

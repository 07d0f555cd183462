/**
 * Fetch All, bounded: pages are read until every item is in, or until Max Items or a byte budget
 * is reached, and then the cursor that continues exactly after the last returned item is given
 * back, so a flow can pick up where this run stopped without losing or repeating an item.
 *
 * `collectPages` is generic: it takes pages from an async iterable (an SDK paginator mapped to
 * `Page`s) or from a page fetcher (for APIs without a paginator, such as ExecuteStatement).
 *
 * Cutting a page in the middle needs a cursor that DynamoDB did not give: the key of the last
 * returned item. For Query and Scan that key is what LastEvaluatedKey would hold, namely the
 * table's key attributes plus, when reading an index, the index's key attributes. Their names
 * come from DescribeTable (`describeTableKeys` in keySchema.ts, cached), not from the shape of a page's
 * LastEvaluatedKey: the last page has none, so a run of a single page that is cut would have
 * nothing to copy.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { type CallContext, StepError, toActionError } from "../aws/errors";
import { hiddenMark } from "../common/hiddenMarks";
import { DEFAULT_BYTE_BUDGET, DEFAULT_MAX_ITEMS, MAX_PAGES } from "../common/limits";
import { Pacer } from "../common/pacing";
import { cut, fail, InputError } from "../errors/inputError";
import { type AttributeMap, outputSize, toAttributeValue } from "../values";
import { ownType } from "../values/types";
import { failedPartWay, mapWithConcurrency } from "./batchRuns";
import type { KeyType, TableKeys } from "./keySchema";

/**
 * DynamoDB's limit on one Query or Scan page (before a filter), in its own item sizes: what one
 * request in flight can hold. Parallel scans keep at most byte budget / this many segment
 * requests in flight, so that reading holds at most about twice the budget.
 */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** The page limit in force; tests lower it. */
export const pagingLimits = { maxPages: MAX_PAGES };

/**
 * Follows the cursors of one paging loop: counts its pages and refuses a cursor given before
 * (a loop, which a page limit alone would only end after MAX_PAGES requests).
 */
export class PageGuard {
  private readonly seen = new Set<string>();
  /** How many pages were counted. */
  pages = 0;

  constructor(private readonly operation: string) {}

  /**
   * Counts a page whose next cursor is `cursor` (defined). Throws an Error when that cursor was
   * given before; returns true when the page limit is reached (the caller stops there).
   */
  next(cursor: unknown): boolean {
    this.pages += 1;
    const token = JSON.stringify(cursor) ?? String(cursor);
    if (this.seen.has(token)) {
      throw new StepError(
        "cursorRepeated",
        `${this.operation}: the endpoint gave a cursor it had already given (after ${this.pages} pages), so reading on would loop forever; stopped. Check the Endpoint URL.`,
      );
    }
    this.seen.add(token);
    return this.pages >= pagingLimits.maxPages;
  }

  /** The error of a loop that reached the page limit where no truncated result can be given. */
  limitError(): Error {
    return new StepError(
      "pageLimit",
      `${this.operation}: stopped after ${this.pages} pages, the most one step reads (the endpoint kept giving more). Narrow the request, or page with the cursor inputs.`,
    );
  }
}

/**
 * The pages of an SDK paginator, bounded by a PageGuard: a repeated cursor or more than
 * MAX_PAGES pages end it with an Error. `cursorOf` reads a page's next cursor.
 */
export async function* boundedPages<P>(
  paginator: AsyncIterable<P>,
  operation: string,
  cursorOf: (page: P) => unknown,
): AsyncGenerator<P> {
  const guard = new PageGuard(operation);
  for await (const page of paginator) {
    yield page;
    const cursor = cursorOf(page);
    if (cursor === undefined || cursor === null) return;
    if (guard.next(cursor)) throw guard.limitError();
  }
}

export type TruncationReason = "maxItems" | "byteBudget" | "pageLimit";

/**
 * Whether a run stopped early, and why: `reason` is there exactly when `truncated` is true, so
 * that the output's truncatedReason narrows on truncated (outputs/index.ts truncation).
 */
export type EarlyStop =
  | { truncated: true; reason: TruncationReason }
  | { truncated: false; reason?: undefined };

/** The EarlyStop of a run that stopped early for `reason`, or read to its end (undefined). */
export function earlyStop(reason: TruncationReason | undefined): EarlyStop {
  return reason === undefined ? { truncated: false } : { truncated: true, reason };
}

/** One page: its items and the cursor to the next page (absent on the last page). */
export interface Page<C> {
  items: AttributeMap[];
  lastEvaluatedKey?: C;
}

/**
 * Fetches the page that starts at `cursor`. `limit` is how many items are still wanted; a fetcher
 * that passes it on as DynamoDB's Limit never gets a page that goes past Max Items, so no page
 * has to be cut (needed where the cursor is opaque, like PartiQL's NextToken).
 */
export type PageFetcher<C> = (cursor: C | undefined, limit: number) => Promise<Page<C>>;

export interface CollectOptions<C> {
  /** Default DEFAULT_MAX_ITEMS. */
  maxItems?: number;
  /** Default DEFAULT_BYTE_BUDGET. */
  byteBudget?: number;
  /** Default outputSize as plain JSON (the bytes the item adds to the output). */
  sizeOf?: (item: AttributeMap) => number;
  /**
   * When given, an item that exceeds the byte budget on its own (as the first item) ends the run
   * with this error instead of going out alone over the budget (Export Items: a file must not
   * pass Max File Size).
   */
  tooLarge?: (size: number, budget: number) => Error;
  /** The cursor the first page starts at (the user's Exclusive Start Key or Next Token). */
  startCursor?: C;
  /** The operation read, for the error of a cursor loop (PageGuard). Default "Fetch All". */
  operation?: string;
  /**
   * The cursor that continues right after `item`, or undefined when there is none (say the item
   * lacks a key attribute). Without one a page is not cut in the middle: the rest of the page is
   * kept and the run continues after it, so the byte budget may be passed by at most one page
   * (1 MB), and Max Items relies on the fetcher's `limit`.
   */
  cursorAfter?: (item: AttributeMap) => C | undefined | Promise<C | undefined>;
  /**
   * A budget that several runs draw down together (the segments of a parallel scan): Max Items
   * and the byte budget then bound the items of all of them, and a run that finds the budget
   * spent stops at once, before requesting a page.
   */
  shared?: SharedBudget;
  /**
   * When given, each item taken is handed to it and not kept (`items` stays empty): a reader that
   * writes items out as they come (Export Items) then holds one page at a time.
   */
  onItem?: (item: AttributeMap) => void;
}

/** What the runs that share a budget have taken so far, and why the first of them stopped. */
export interface SharedBudget {
  items: number;
  bytes: number;
  reason?: TruncationReason;
  /** How many pages the runs have requested between them (counted when given). */
  pages?: number;
}

/** How a Fetch All run is bounded, and (Export Items) where its items go. */
export interface ReadOptions {
  maxItems?: number;
  /** Default DEFAULT_BYTE_BUDGET, as measured by `sizeOf` (default outputSize, plain JSON). */
  byteBudget?: number;
  sizeOf?: (item: AttributeMap) => number;
  /** See CollectOptions.tooLarge. */
  tooLarge?: (size: number, budget: number) => Error;
  /** When given, items are handed to it as they come and not kept (see collectPages). */
  onItem?: (item: AttributeMap) => void;
}

export type Collected<C> = EarlyStop & {
  items: AttributeMap[];
  /** Where to continue from; undefined when every item was read. */
  lastEvaluatedKey: C | undefined;
  /** How many pages were requested. */
  pages: number;
};

/**
 * The pages of an SDK paginator (paginateQuery, paginateScan) as `Page`s. `onPage` sees each SDK
 * page first (for its counts); a failure is mapped with toActionError.
 */
export async function* sdkPages<
  P extends { Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap },
>(
  paginator: AsyncIterable<P>,
  context: CallContext,
  onPage?: (page: P) => void,
): AsyncGenerator<Page<AttributeMap>> {
  try {
    for await (const page of paginator) {
      onPage?.(page);
      yield { items: page.Items ?? [], lastEvaluatedKey: page.LastEvaluatedKey };
    }
  } catch (error) {
    throw toActionError(error, context);
  }
}

/**
 * The pages `fetch` gives from `start` on, each asked for with the number of items still wanted
 * (`remaining()`), until one has no cursor. A repeated cursor is collectPages' PageGuard's to
 * refuse: it sees each cursor before this generator resumes.
 */
async function* pagesFrom<C>(
  fetch: PageFetcher<C>,
  start: C | undefined,
  remaining: () => number,
): AsyncGenerator<Page<C>> {
  let cursor = start;
  while (true) {
    const page = await fetch(cursor, remaining());
    yield page;
    cursor = page.lastEvaluatedKey;
    if (cursor === undefined) return;
  }
}

/**
 * One collectPages run: its bounds, the budget it draws on (its own, or one shared with other
 * runs), the items it has taken, and the result it ends with. Made once per run, so that the
 * loop over a page's items allocates nothing per item.
 */
class PageRun<C> {
  readonly items: AttributeMap[] = [];
  readonly maxItems: number;
  readonly byteBudget: number;
  readonly sizeOf: (item: AttributeMap) => number;
  readonly budget: SharedBudget;
  /** How many pages were requested. */
  pages = 0;

  constructor(private readonly options: CollectOptions<C>) {
    this.maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
    this.byteBudget = options.byteBudget ?? DEFAULT_BYTE_BUDGET;
    this.sizeOf = options.sizeOf ?? ((item: AttributeMap) => outputSize(item));
    this.budget = options.shared ?? { items: 0, bytes: 0 };
  }

  /** Takes an item of `size` bytes: hands it to onItem, or keeps it, and counts it. */
  take(item: AttributeMap, size: number): void {
    if (this.options.onItem) this.options.onItem(item);
    else this.items.push(item);
    this.budget.items += 1;
    this.budget.bytes += size;
  }

  /** Why no further item may be taken, once Max Items or the byte budget is reached. */
  spent(): TruncationReason | undefined {
    const { budget } = this;
    if (budget.items >= this.maxItems) return "maxItems";
    return budget.bytes >= this.byteBudget ? "byteBudget" : undefined;
  }

  /**
   * Why an item of `size` bytes may not be taken, or undefined to take it. At least one item goes
   * out, or a single huge item could never be read; unless the caller must not pass the budget at
   * all (tooLarge, thrown).
   */
  refusal(size: number): TruncationReason | undefined {
    const { budget } = this;
    if (budget.items >= this.maxItems) return "maxItems";
    if (budget.bytes + size > this.byteBudget) {
      if (budget.items === 0 && this.options.tooLarge) {
        throw this.options.tooLarge(size, this.byteBudget);
      }
      if (budget.items > 0) return "byteBudget";
    }
    return undefined;
  }

  /** The result of a run stopped early at `reason`, continuing at `cursor`. */
  stop(cursor: C | undefined, reason: TruncationReason): Collected<C> {
    this.budget.reason ??= reason;
    return {
      items: this.items,
      lastEvaluatedKey: cursor,
      truncated: true,
      reason,
      pages: this.pages,
    };
  }

  /** The result of a run that read every item. */
  finished(): Collected<C> {
    return { items: this.items, lastEvaluatedKey: undefined, truncated: false, pages: this.pages };
  }

  /**
   * The result of a run that refused the page's item at `index` (not its first) for `reason`: it
   * ends at `cursor`, the one after the item before. Without one (no cursor inside the page), the
   * rest of the page is taken and the run ends after the page, at `next`, the page's own cursor.
   */
  cutInside(
    pageItems: AttributeMap[],
    index: number,
    cursor: C | undefined,
    reason: TruncationReason,
    next: C | undefined,
  ): Collected<C> {
    if (cursor !== undefined) return this.stop(cursor, reason);
    const { sizeOf } = this;
    for (const rest of pageItems.slice(index)) this.take(rest, sizeOf(rest));
    return next === undefined ? this.finished() : this.stop(next, reason);
  }
}

/**
 * Reads pages until the end, Max Items or the byte budget; see the file comment. Only one page's
 * loop runs at a time (JavaScript), so runs that share a budget never take more than it between them.
 */
export async function collectPages<C>(
  source: AsyncIterable<Page<C>> | PageFetcher<C>,
  options: CollectOptions<C> = {},
): Promise<Collected<C>> {
  const run = new PageRun(options);
  const { budget } = run;
  const pacer = new Pacer();
  const guard = new PageGuard(options.operation ?? "Fetch All");
  // The cursor the current page started at: the continuation when a page is cut before its first item.
  const pageStart = options.startCursor;
  // Another run that shares the budget may have spent it already.
  const spentBefore = options.shared && run.spent();
  if (spentBefore) return run.stop(pageStart, spentBefore);
  const iterable =
    typeof source === "function"
      ? pagesFrom(source, options.startCursor, () => run.maxItems - budget.items)
      : source;
  try {
    return await readPages(iterable, run, { options, pacer, guard, pageStart });
  } catch (error) {
    // Runs that share a budget are segments: collectSegments reports for all of them at once.
    throw options.shared ? error : failedAfterPages(error, run);
  }
}

/**
 * A read that failed after some pages (an AWS failure: the connector's own refusals say enough)
 * says how far it had read, and that a failed step returns none of it.
 */
function failedAfterPages<C>(error: unknown, run: PageRun<C>): unknown {
  if (run.pages === 0 || error instanceof StepError || error instanceof InputError) return error;
  const progress = `Before it failed, ${pagesAndItems(run.pages, run.budget.items)} had been read; a failed step returns none of them: run it again from the same start.`;
  return failedPartWay(error, progress, {});
}

function pagesAndItems(pages: number, items: number): string {
  return `${pages} ${pages === 1 ? "page" : "pages"} (${items} ${items === 1 ? "item" : "items"})`;
}

/** Where one segment of a parallel read starts: done when an earlier run read it to the end. */
export interface SegmentStartAt<C> {
  done: boolean;
  cursor?: C;
}

/** Where the error of a parallel read that failed keeps each segment's resume position. */
const SEGMENT_CURSORS = hiddenMark<readonly unknown[]>("segmentCursors");

/**
 * The segments of a parallel read, `atOnce` of them at a time, each read by `read` from its start
 * drawing on `budget` (shared): each one's result in segment order, or undefined for a segment an
 * earlier run finished, which is not read again. When one fails, the others stop (their reads
 * see the failure), and the error says how many pages and items all of them had read, and
 * carries each segment's resume position (segmentCursorsOf) for the output layer.
 */
export async function collectSegments<C>(
  starts: readonly SegmentStartAt<C>[],
  atOnce: number,
  budget: SharedBudget,
  read: (start: C | undefined, segment: number) => Promise<Collected<C>>,
): Promise<(Collected<C> | undefined)[]> {
  budget.pages ??= 0;
  try {
    return await mapWithConcurrency(starts, atOnce, (start, segment) =>
      start.done ? Promise.resolve(undefined) : read(start.cursor, segment),
    );
  } catch (error) {
    throw failedAfterSegments(error, budget, starts);
  }
}

/**
 * A parallel read that failed after some pages, in any segment: how far all the segments had
 * read, and where each can resume without losing an item. A failed step returns none of the items
 * read, so that is where this run started it: its cursor ({} from its beginning), or null for a
 * segment an earlier run finished, which is not read again. Saying how to pass them back is the
 * output layer's (an action that takes them back as Exclusive Start Key).
 */
function failedAfterSegments<C>(
  error: unknown,
  budget: SharedBudget,
  starts: readonly SegmentStartAt<C>[],
): unknown {
  const pages = budget.pages ?? 0;
  if (pages === 0 || error instanceof StepError || error instanceof InputError) return error;
  const cursors = starts.map((start) => (start.done ? null : (start.cursor ?? ({} as C))));
  const progress = `Before it failed, ${pagesAndItems(pages, budget.items)} had been read over ${starts.length} segments; a failed step returns none of them: run it again from the same start.`;
  return SEGMENT_CURSORS.set(failedPartWay(error, progress, {}), cursors);
}

/** The segment cursors collectSegments marked a failed parallel read's error with, or undefined. */
export function segmentCursorsOf<C>(error: unknown): readonly (C | null)[] | undefined {
  return SEGMENT_CURSORS.get(error) as readonly (C | null)[] | undefined;
}

/** collectPages' loop over the pages, once its run is set up. */
async function readPages<C>(
  iterable: AsyncIterable<Page<C>>,
  run: PageRun<C>,
  loop: { options: CollectOptions<C>; pacer: Pacer; guard: PageGuard; pageStart: C | undefined },
): Promise<Collected<C>> {
  const { options, pacer, guard } = loop;
  const { sizeOf } = run;
  let { pageStart } = loop;
  for await (const page of iterable) {
    run.pages += 1;
    if (run.budget.pages !== undefined) run.budget.pages += 1;
    const pageItems = page.items ?? [];
    for (let index = 0; index < pageItems.length; index++) {
      // Measuring and formatting a page is synchronous work: others' steps get a turn.
      if (pacer.due()) await pacer.pause();
      const item = pageItems[index];
      const size = sizeOf(item);
      const reason = run.refusal(size);
      if (reason === undefined) {
        run.take(item, size);
        continue;
      }
      if (index === 0) return run.stop(pageStart, reason);
      const cursor = await options.cursorAfter?.(pageItems[index - 1]);
      return run.cutInside(pageItems, index, cursor, reason, page.lastEvaluatedKey);
    }
    if (page.lastEvaluatedKey === undefined) break;
    pageStart = page.lastEvaluatedKey;
    if (guard.next(page.lastEvaluatedKey)) return run.stop(page.lastEvaluatedKey, "pageLimit");
    // Stop before asking for a page that could not be returned. (The next page may turn out to
    // be empty; the continuation then simply returns no items.)
    const reason = run.spent();
    if (reason) return run.stop(page.lastEvaluatedKey, reason);
  }
  return run.finished();
}

// ---------------------------------------------------------------------------------------------
// Cursors made of a table's (and index's) key attributes

/**
 * The attribute names of a LastEvaluatedKey when reading `indexName` (or the table): the table's
 * key plus the index's key (for a local index the hash key is the table's, so it appears once).
 */
export function cursorKeyNames(keys: TableKeys, tableName: string, indexName?: string): string[] {
  if (indexName === undefined) return [...keys.table];
  const indexKeys = Object.hasOwn(keys.indexes, indexName) ? keys.indexes[indexName] : undefined;
  if (!indexKeys) {
    const known = Object.keys(keys.indexes);
    throw new InputError(
      "Index Name",
      "invalidValue",
      `Index Name "${indexName}" is not an index of table "${tableName}". ${
        known.length > 0 ? `Its indexes are: ${known.join(", ")}.` : "The table has no indexes."
      }`,
    );
  }
  return [...new Set([...keys.table, ...indexKeys])];
}

/** The cursor that continues right after `item`: its key attributes, or undefined if one is missing. */
export function keyOfItem(item: AttributeMap, names: string[]): AttributeMap | undefined {
  const key: AttributeMap = {};
  for (const name of names) {
    if (!Object.hasOwn(item, name)) return undefined;
    key[name] = item[name];
  }
  return key;
}

/**
 * A cursor given back in plain JSON loses one thing: a string may have been binary (base64) or a
 * number too long for a JS number (returned as its exact digits in a string). The table's
 * attribute definitions say which, so such values are turned back into B or N here.
 */
export function restoreCursorTypes(
  cursor: AttributeMap,
  types: Record<string, KeyType>,
  label: string,
): AttributeMap {
  const restored: AttributeMap = {};
  for (const [name, value] of Object.entries(cursor)) {
    const type = Object.hasOwn(types, name) ? types[name] : undefined;
    restored[name] =
      (type === "N" || type === "B") && ownType(value) === "S"
        ? toAttributeValue(value.S, type, { attribute: name, input: label })
        : value;
  }
  return restored;
}

/** Whether a cursor has a string value that could stand for a binary or long number key. */
export function cursorNeedsTypes(cursor: AttributeMap | undefined): boolean {
  return cursor !== undefined && Object.values(cursor).some((value) => ownType(value) === "S");
}

/**
 * A cursor as given by the user, checked against the table: its attributes must be exactly the
 * key attributes a page of this table (or index) returns, and their types are restored from the
 * attribute definitions (a plain cursor cannot tell a string from base64 binary or a long number).
 * The keys come from the cached DescribeTable; without permission for it the cursor is sent as
 * given, which is right unless it holds a binary or long number key.
 */
export async function restoreCursor(
  cursor: AttributeMap | undefined,
  tableKeys: () => Promise<TableKeys>,
  label: string,
  where?: { table: string; index?: string },
): Promise<AttributeMap | undefined> {
  if (!cursor) return cursor;
  if (!where && !cursorNeedsTypes(cursor)) return cursor;
  const keys = await tableKeys().catch(() => undefined);
  if (!keys) return cursor;
  const restored = cursorNeedsTypes(cursor)
    ? restoreCursorTypes(cursor, keys.types, label)
    : cursor;
  if (where) checkCursorNames(cursor, cursorKeyNames(keys, where.table, where.index), label, where);
  return restored;
}

/** A cursor holds exactly the key attributes a page's LastEvaluatedKey holds. */
function checkCursorNames(
  cursor: AttributeMap,
  names: string[],
  label: string,
  where: { table: string; index?: string },
): void {
  const given = Object.keys(cursor);
  const odd = given.find((name) => !names.includes(name));
  const missing = names.find((name) => !Object.hasOwn(cursor, name));
  if (odd === undefined && missing === undefined) return;
  const of = where.index
    ? `index "${where.index}" of table "${where.table}"`
    : `table "${where.table}"`;
  const problem =
    odd !== undefined
      ? `"${cut(odd)}" is not one of its key attributes`
      : `the key attribute "${missing}" is missing`;
  fail(
    label,
    "keyMismatch",
    `${label}: ${problem}. A cursor of ${of} has exactly ${names.join(", ")}: pass the lastEvaluatedKey of a previous page as it was returned.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Projection: a cut needs the key attributes in each item

/** The top-level attribute names a projection expression asks for (#placeholders resolved). */
export function projectedAttributes(
  projection: string,
  names: Record<string, string> | undefined,
): Set<string> {
  const attributes = new Set<string>();
  for (const path of projection.split(",")) {
    const first = path.trim().split(/[.[]/)[0].trim();
    if (first === "") continue;
    attributes.add(first.startsWith("#") ? (names?.[first] ?? first) : first);
  }
  return attributes;
}

export interface KeyProjection {
  ProjectionExpression: string;
  /** Undefined when there are no names (never an empty map). */
  ExpressionAttributeNames: Record<string, string> | undefined;
  /** Key attributes added to the projection, to drop from the items after the cursor is made. */
  added: string[];
}

/**
 * Adds the key attributes a projection leaves out, under placeholders of its own (so reserved
 * words and odd characters need nothing from the user), so that every item can give a cursor.
 */
export function projectionWithKeys(
  projection: string,
  names: Record<string, string> | undefined,
  keyAttributeNames: string[],
): KeyProjection {
  const present = projectedAttributes(projection, names);
  const allNames: Record<string, string> = { ...names };
  const added: string[] = [];
  const paths: string[] = [];
  let counter = 0;
  for (const name of keyAttributeNames) {
    if (present.has(name)) continue;
    let placeholder = `#key${counter}`;
    while (placeholder in allNames) placeholder = `#key${++counter}`;
    counter += 1;
    allNames[placeholder] = name;
    paths.push(placeholder);
    added.push(name);
  }
  return {
    // A blank projection gives one of the key attributes only (Delete Items reads keys only).
    ProjectionExpression: [projection, ...paths].filter((part) => part !== "").join(", "),
    // DynamoDB refuses an empty map ("ExpressionAttributeNames must not be empty").
    ExpressionAttributeNames: Object.keys(allNames).length > 0 ? allNames : undefined,
    added,
  };
}

/**
 * Fetch All may cut a page, and the cut needs each item's key attributes: a command with a
 * projection gets those it leaves out added (read only then). Returns the attributes added, to
 * drop from the items again with withoutAttributes.
 */
export async function projectKeyAttributes(
  command: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> },
  keyNames: () => Promise<string[]>,
): Promise<string[]> {
  if (!command.ProjectionExpression) return [];
  const projection = projectionWithKeys(
    command.ProjectionExpression,
    command.ExpressionAttributeNames,
    await keyNames(),
  );
  command.ProjectionExpression = projection.ProjectionExpression;
  command.ExpressionAttributeNames = projection.ExpressionAttributeNames;
  return projection.added;
}

/** The item without the given attributes (those added only for the cursor). */
export function withoutAttributes(item: AttributeMap, names: string[]): AttributeMap {
  if (names.length === 0) return item;
  const copy: Record<string, AttributeValue> = { ...item };
  for (const name of names) delete copy[name];
  return copy;
}

/**
 * The read options as the caller sees items: `sizeOf` and `onItem` get each item without the
 * key attributes that were added to the projection only for the cursor.
 */
export function presentedOptions(options: ReadOptions, added: string[]): ReadOptions {
  const strip = (item: AttributeMap) => withoutAttributes(item, added);
  const { sizeOf, onItem } = options;
  return {
    ...options,
    sizeOf: sizeOf && ((item) => sizeOf(strip(item))),
    onItem: onItem && ((item) => onItem(strip(item))),
  };
}

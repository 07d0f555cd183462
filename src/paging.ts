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
 * come from DescribeTable (`describeTableKeys`), not from the shape of a page's LastEvaluatedKey:
 * the last page has none, so a run of a single page that is cut would have nothing to copy.
 * DescribeTable is always right and is read at most once per table every few minutes (cached).
 */
import {
  type AttributeValue,
  DescribeTableCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import type { AwsClients } from "./client";
import { type AttributeMap, itemSize, toAttributeValue } from "./values";

/** Fetch All stops after this many items unless Max Items says otherwise. */
export const DEFAULT_MAX_ITEMS = 10_000;
/**
 * Fetch All stops before the items pass about 5 MB (DynamoDB's size estimate of each item), so
 * that a step's output stays a size the platform and the next steps handle comfortably.
 */
export const DEFAULT_BYTE_BUDGET = 5 * 1024 * 1024;

export type TruncationReason = "maxItems" | "byteBudget";

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
  /** Default itemSize (DynamoDB's own estimate). */
  sizeOf?: (item: AttributeMap) => number;
  /** The cursor the first page starts at (the user's Exclusive Start Key or Next Token). */
  startCursor?: C;
  /**
   * The cursor that continues right after `item`, or undefined when there is none (say the item
   * lacks a key attribute). Without one a page is not cut in the middle: the rest of the page is
   * kept and the run continues after it, so the byte budget may be passed by at most one page
   * (1 MB), and Max Items relies on the fetcher's `limit`.
   */
  cursorAfter?: (item: AttributeMap) => C | undefined | Promise<C | undefined>;
}

export interface Collected<C> {
  items: AttributeMap[];
  /** Where to continue from; undefined when every item was read. */
  lastEvaluatedKey: C | undefined;
  /** True when the run stopped early at Max Items or the byte budget. */
  truncated: boolean;
  reason?: TruncationReason;
  /** How many pages were requested. */
  pages: number;
}

async function* pagesFrom<C>(
  fetch: PageFetcher<C>,
  start: C | undefined,
  remaining: () => number,
): AsyncGenerator<Page<C>> {
  let cursor = start;
  const seen = new Set<string>();
  while (true) {
    const page = await fetch(cursor, remaining());
    yield page;
    cursor = page.lastEvaluatedKey;
    if (cursor === undefined) return;
    // A cursor seen before would loop forever; stop as the SDK paginators do (stopOnSameToken).
    const token = JSON.stringify(cursor);
    if (seen.has(token)) return;
    seen.add(token);
  }
}

/** Reads pages until the end, Max Items or the byte budget; see the file comment. */
export async function collectPages<C>(
  source: AsyncIterable<Page<C>> | PageFetcher<C>,
  options: CollectOptions<C> = {},
): Promise<Collected<C>> {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const byteBudget = options.byteBudget ?? DEFAULT_BYTE_BUDGET;
  const sizeOf = options.sizeOf ?? itemSize;
  const items: AttributeMap[] = [];
  let bytes = 0;
  let pages = 0;
  // The cursor the current page started at: the continuation when a page is cut before its first item.
  let pageStart = options.startCursor;
  const stop = (cursor: C | undefined, reason: TruncationReason): Collected<C> => ({
    items,
    lastEvaluatedKey: cursor,
    truncated: true,
    reason,
    pages,
  });

  const iterable =
    typeof source === "function"
      ? pagesFrom(source, options.startCursor, () => maxItems - items.length)
      : source;
  for await (const page of iterable) {
    pages += 1;
    const pageItems = page.items ?? [];
    for (let index = 0; index < pageItems.length; index++) {
      const item = pageItems[index];
      const size = sizeOf(item);
      let reason: TruncationReason | undefined;
      if (items.length >= maxItems) reason = "maxItems";
      // At least one item always goes out, or a single huge item could never be read.
      else if (items.length > 0 && bytes + size > byteBudget) reason = "byteBudget";
      if (reason === undefined) {
        items.push(item);
        bytes += size;
        continue;
      }
      if (index === 0) return stop(pageStart, reason);
      const cursor = await options.cursorAfter?.(pageItems[index - 1]);
      if (cursor !== undefined) return stop(cursor, reason);
      // No cursor inside the page: keep the rest of it and continue after it.
      items.push(...pageItems.slice(index));
      return page.lastEvaluatedKey === undefined
        ? { items, lastEvaluatedKey: undefined, truncated: false, pages }
        : stop(page.lastEvaluatedKey, reason);
    }
    if (page.lastEvaluatedKey === undefined) break;
    pageStart = page.lastEvaluatedKey;
    // Stop before asking for a page that could not be returned. (The next page may turn out to
    // be empty; the continuation then simply returns no items.)
    if (items.length >= maxItems) return stop(page.lastEvaluatedKey, "maxItems");
    if (bytes >= byteBudget) return stop(page.lastEvaluatedKey, "byteBudget");
  }
  return { items, lastEvaluatedKey: undefined, truncated: false, pages };
}

// ---------------------------------------------------------------------------------------------
// Key attributes of a table and its indexes (for cursors)

type KeyType = "S" | "N" | "B";

export interface TableKeys {
  /** The table's key attribute names: hash, then range. */
  table: string[];
  /** Each secondary index's own key attribute names, by index name. */
  indexes: Record<string, string[]>;
  /** The type of every key attribute (table and indexes), from AttributeDefinitions. */
  types: Record<string, KeyType>;
}

function keyNames(schema: { AttributeName?: string; KeyType?: string }[] | undefined): string[] {
  const hash = schema?.find((k) => k.KeyType === "HASH")?.AttributeName;
  const range = schema?.find((k) => k.KeyType === "RANGE")?.AttributeName;
  return [hash, range].filter((name): name is string => Boolean(name));
}

/** Reads the key attributes of a table and its indexes out of a DescribeTable answer. */
export function tableKeysOf(table: TableDescription | undefined): TableKeys {
  const types: Record<string, KeyType> = {};
  for (const definition of table?.AttributeDefinitions ?? []) {
    const type = definition.AttributeType;
    if (definition.AttributeName && (type === "S" || type === "N" || type === "B")) {
      types[definition.AttributeName] = type;
    }
  }
  const indexes: Record<string, string[]> = {};
  for (const index of [
    ...(table?.GlobalSecondaryIndexes ?? []),
    ...(table?.LocalSecondaryIndexes ?? []),
  ]) {
    if (index.IndexName) indexes[index.IndexName] = keyNames(index.KeySchema);
  }
  return { table: keyNames(table?.KeySchema), indexes, types };
}

const KEYS_TTL_MS = 10 * 60 * 1000;
const MAX_CACHED_TABLES = 1000;
const tableKeysCache = new Map<string, { keys: TableKeys; expires: number }>();

/** The key attributes of a table and its indexes: one DescribeTable, cached for a while. */
export async function describeTableKeys(clients: AwsClients, table: string): Promise<TableKeys> {
  const cacheKey = `${clients.cacheKey}\u0000${table}`;
  const cached = tableKeysCache.get(cacheKey);
  if (cached && cached.expires > Date.now()) return cached.keys;
  const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
  const keys = tableKeysOf(Table);
  tableKeysCache.delete(cacheKey);
  tableKeysCache.set(cacheKey, { keys, expires: Date.now() + KEYS_TTL_MS });
  if (tableKeysCache.size > MAX_CACHED_TABLES) {
    tableKeysCache.delete(tableKeysCache.keys().next().value as string);
  }
  return keys;
}

export function clearTableKeysCache(): void {
  tableKeysCache.clear();
}

/**
 * The attribute names of a LastEvaluatedKey when reading `indexName` (or the table): the table's
 * key plus the index's key (for a local index the hash key is the table's, so it appears once).
 */
export function cursorKeyNames(keys: TableKeys, tableName: string, indexName?: string): string[] {
  if (indexName === undefined) return [...keys.table];
  const indexKeys = keys.indexes[indexName];
  if (!indexKeys) {
    const known = Object.keys(keys.indexes);
    throw new Error(
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
    const type = types[name];
    restored[name] =
      value.S !== undefined && (type === "N" || type === "B")
        ? toAttributeValue(value.S, type, { attribute: name, input: label })
        : value;
  }
  return restored;
}

/** Whether a cursor has a string value that could stand for a binary or long number key. */
export function cursorNeedsTypes(cursor: AttributeMap | undefined): boolean {
  return cursor !== undefined && Object.values(cursor).some((value) => value.S !== undefined);
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
  ExpressionAttributeNames: Record<string, string>;
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
    ProjectionExpression: paths.length > 0 ? `${projection}, ${paths.join(", ")}` : projection,
    ExpressionAttributeNames: allNames,
    added,
  };
}

/** The item without the given attributes (those added only for the cursor). */
export function withoutAttributes(item: AttributeMap, names: string[]): AttributeMap {
  if (names.length === 0) return item;
  const copy: Record<string, AttributeValue> = { ...item };
  for (const name of names) delete copy[name];
  return copy;
}

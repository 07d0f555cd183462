/**
 * The connector's own bounds on one step's work (items, bytes, pages, time), and the words the
 * help texts, output descriptions and messages use for them. Every text that states a bound is
 * built from these, so that a changed bound cannot leave a help text saying the old one.
 * (DynamoDB's own limits, such as 25 writes per BatchWriteItem, live beside the code that keeps
 * them and are quoted from the API reference.)
 */
import { formatCount } from "./messages";

/**
 * Fetch All (of items, backups, exports and imports) and Delete Items stop after this many
 * entries unless Max Items says otherwise.
 */
export const DEFAULT_MAX_ITEMS = 10_000;

/**
 * Fetch All (and Batch Get Items) stop before the items pass 5 MB as the output serialises them
 * (`outputSize`: the JSON text of each item in the returned form, plain or DynamoDB JSON), so
 * that a step's output stays a size the platform and the next steps handle comfortably.
 */
export const DEFAULT_BYTE_BUDGET = 5 * 1024 * 1024;

/**
 * Every loop that follows cursors (Fetch All, List Tables, Select Table, List Backups, the shards
 * of a stream) reads at most this many pages in one step, so that an endpoint that keeps giving
 * new cursors (with empty pages) cannot hold a step forever: 1,000 pages are 1 GB of Query or
 * Scan reading (1 MB per page), 100,000 tables or backups, 100,000 shards.
 */
export const MAX_PAGES = 1_000;

/**
 * How long one request's retries of its unprocessed remainder (Batch Get, Batch Write, Import
 * Items, Delete Items) may go on, in ms from its first send, whatever Max Retries allows.
 */
export const RETRY_TIME_LIMIT_MS = 60_000;

/**
 * Fetch All of exports or imports asks for no page after this long (ms) from its first: listing
 * is a step's small part.
 */
export const LIST_TIME_BUDGET_MS = 60_000;

/** `bytes` in whole or decimal megabytes (MiB, as the budgets count them): "5 MB". */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** DEFAULT_MAX_ITEMS as help texts write it: "10,000". */
export const DEFAULT_MAX_ITEMS_TEXT = formatCount(DEFAULT_MAX_ITEMS);
/** DEFAULT_BYTE_BUDGET as help texts write it: "5 MB". */
export const BYTE_BUDGET_TEXT = megabytes(DEFAULT_BYTE_BUDGET);
/** MAX_PAGES as help texts write it: "1,000 pages". */
export const MAX_PAGES_TEXT = `${formatCount(MAX_PAGES)} pages`;
/** LIST_TIME_BUDGET_MS as help texts write it: "60 s". */
export const LIST_TIME_BUDGET_TEXT = `${LIST_TIME_BUDGET_MS / 1000} s`;
/** RETRY_TIME_LIMIT_MS as help texts write it: "60 s". */
export const RETRY_TIME_LIMIT_TEXT = `${RETRY_TIME_LIMIT_MS / 1000} s`;

/**
 * A table's snapshot for a trigger's initial sync on deploy: where a snapshot stands between its
 * pages (the on-deploy pagination state), and one page of it, a byte-bounded parallel Scan whose
 * items become SNAPSHOT records of the same shape as the stream's change records.
 *
 * A snapshot runs in two phases, each page doing one: `fix` pages fix the stream position that
 * changes continue from (catchUpStream, or what the trigger supplies), then `scan` pages read the
 * table. Every scan page starts after the fix is done, and every read is strongly consistent, so
 * an item's state as of the fix is in the snapshot or a later change is after the fixed position.
 */

import type { StepError } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { DEFAULT_BYTE_BUDGET } from "../common/limits";
import { Pacer } from "../common/pacing";
import { InputError } from "../errors/inputError";
import { parseSegmentCursors } from "../inputs/queries";
import { type AttributeMap, formatItem } from "../values";
import { isPlainObject } from "../values/json";
import { tableKeys } from "./keySchema";
import { cursorKeyNames, keyOfItem, type TruncationReason } from "./paging";
import { readScan, scanRequest, startScan } from "./scan";
import type { ChangeRecord } from "./streams";
import { paginationStateError } from "./triggerPages";

/** The eventName of a record that is an item as the snapshot read it, not a change. */
export const SNAPSHOT_EVENT = "SNAPSHOT";

/**
 * A SNAPSHOT record's sequence number: lower than every change's (DynamoDB's are 21 to 40
 * digits), as the snapshot holds each item as of a moment no later than any change delivered
 * after it, so "the greater sequence number wins" applies records in the right order.
 */
export const SNAPSHOT_SEQUENCE_NUMBER = "0";

/**
 * The fix phase stops after this many pages even when shards are left to catch up: the position
 * saved so far is already safe (polls deliver what was not skipped), only duplicates grow.
 */
export const MAX_FIX_PAGES = 5;

/** Where a snapshot stands between two pages of one on-deploy run (JSON, a few KB at most). */
export interface SnapshotCursor {
  phase: "fix" | "scan";
  /** Pages of the current phase run so far. */
  pages: number;
  /** The scan's segments (Snapshot Segments when the run started). */
  totalSegments: number;
  /**
   * Per segment, what the scan continues after: null when read to its end, else the last key
   * delivered in DynamoDB JSON ({} when not started). Absent before the scan starts.
   */
  segments?: (Record<string, unknown> | null)[];
  /**
   * What the fix pages carry from one to the next (the trigger's fixPosition decides: the polling
   * trigger's stream position so far), so that a fix goes on whether or not the platform keeps
   * the instance state between the pages of one run.
   */
  fix?: Record<string, unknown>;
  /** SNAPSHOT records delivered by the pages before this one. */
  delivered: number;
  /** When the first page ran (ISO 8601). */
  startedAt: string;
}

/** The cursor of a run's first page: the fix phase, nothing delivered. */
export function firstSnapshotCursor(totalSegments: number, now: Date): SnapshotCursor {
  return { phase: "fix", pages: 0, totalSegments, delivered: 0, startedAt: now.toISOString() };
}

const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

function invalidCursor(why: string): StepError {
  return paginationStateError("snapshot's", why);
}

/**
 * Reads the pagination state a snapshot page handed on: undefined on a run's first page (none
 * given). Throws a StepError (paginationStateInvalid) for anything this code did not write, rather
 * than starting over silently.
 */
export function parseSnapshotCursor(value: unknown): SnapshotCursor | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw invalidCursor("not an object");
  const { phase, pages, totalSegments, segments, delivered, startedAt, fix } = value;
  if (phase !== "fix" && phase !== "scan") throw invalidCursor("unknown phase");
  if (!isCount(pages) || !isCount(delivered)) throw invalidCursor("counts are not numbers");
  if (!isCount(totalSegments) || totalSegments < 1) throw invalidCursor("no segment count");
  if (typeof startedAt !== "string") throw invalidCursor("no start time");
  const cursor: SnapshotCursor = { phase, pages, totalSegments, delivered, startedAt };
  if (fix !== undefined) {
    if (!isPlainObject(fix)) throw invalidCursor("the fix carried is not an object");
    cursor.fix = fix;
  }
  if (segments !== undefined) {
    if (!Array.isArray(segments) || segments.length !== totalSegments) {
      throw invalidCursor("segments do not match the segment count");
    }
    if (!segments.every((segment) => segment === null || isPlainObject(segment))) {
      throw invalidCursor("a segment cursor is not a key");
    }
    cursor.segments = segments as (Record<string, unknown> | null)[];
  }
  return cursor;
}

/** One item as a SNAPSHOT record: its keys and image, no old image, read at `readAt`. */
export function snapshotRecord(
  item: AttributeMap,
  keyNames: string[],
  readAt: string,
  dynamoJson = false,
): ChangeRecord {
  return {
    eventName: SNAPSHOT_EVENT,
    eventId: null,
    sequenceNumber: SNAPSHOT_SEQUENCE_NUMBER,
    shardId: "",
    approximateCreationDateTime: readAt,
    keys: formatItem(keyOfItem(item, keyNames) ?? {}, dynamoJson),
    newImage: formatItem(item, dynamoJson),
    oldImage: null,
    userIdentity: null,
  };
}

/** One scan page of a snapshot: its records and where the next page goes on (null: done). */
export interface SnapshotPage {
  records: ChangeRecord[];
  /** Items DynamoDB examined for this page. */
  scannedCount: number;
  /** The limit that ended this page before the table's end, or null when every segment ended. */
  stoppedBy: TruncationReason | null;
  /** Segments read to their end, this page included. */
  segmentsDone: number;
  /** The next page's segment cursors; null when the scan is complete. */
  segments: (Record<string, unknown> | null)[] | null;
}

/**
 * Reads one page of the table for a snapshot: every segment from where the cursor says, in
 * parallel, strongly consistent, until about DEFAULT_BYTE_BUDGET (5 MB) of JSON is taken in all
 * (one item always goes out). Throws what Scan throws (mapped), and a StepError
 * (paginationStateInvalid) when the cursor's keys do not fit the table.
 */
export async function readSnapshotPage(
  step: Step,
  cursor: SnapshotCursor,
  options: { dynamoJson?: boolean; now?: () => Date } = {},
): Promise<SnapshotPage> {
  const request = scanRequest({
    tableName: step.table,
    consistentRead: true,
    fetchAll: true,
    totalSegments: cursor.totalSegments,
    exclusiveStartKey: undefined,
    expressionAttributeValues: undefined,
    expressionAttributeValueTypes: undefined,
  });
  try {
    // The segment cursors this code wrote, read back as Scan Items reads its segmentCursors.
    if (cursor.segments && cursor.totalSegments === 1) {
      request.start = parseSegmentCursors(cursor.segments, 1)?.[0]?.cursor;
    } else if (cursor.segments) {
      request.segmentStarts = parseSegmentCursors(cursor.segments, cursor.totalSegments);
    }
  } catch (error) {
    if (error instanceof InputError) throw invalidCursor("a segment cursor is not a key");
    throw error;
  }
  const { plan, start, segmentStarts: starts } = await startScan(step, request);
  const keyNames = cursorKeyNames(await tableKeys(step), step.table);
  const read = await readScan(
    plan,
    { start, segmentStarts: starts },
    { totalSegments: cursor.totalSegments, byteBudget: DEFAULT_BYTE_BUDGET },
  );
  const readAt = (options.now?.() ?? new Date()).toISOString();
  // Up to 5 MB of items are formatted here: the event loop gets a turn every few ms.
  const pacer = new Pacer();
  const records: ChangeRecord[] = [];
  for (const item of read.items) {
    if (pacer.due()) await pacer.pause();
    records.push(snapshotRecord(item, keyNames, readAt, options.dynamoJson));
  }
  const cursors = read.segmentCursors ?? (read.truncated ? [read.lastEvaluatedKey ?? {}] : [null]);
  // A segment's cursor is kept in DynamoDB JSON: it says binary and long numbers exactly.
  const next = cursors.map((key) => (key === null ? null : formatItem(key, true)));
  return {
    records,
    scannedCount: read.scannedCount,
    stoppedBy: read.truncated ? (read.reason ?? null) : null,
    segmentsDone: next.filter((key) => key === null).length,
    segments: next.every((key) => key === null) ? null : next,
  };
}

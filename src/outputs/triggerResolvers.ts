/**
 * What makes a change trigger run one execution per change and take an initial snapshot on
 * deploy, shared by every trigger whose perform returns TableChangesData (`body.data`):
 *
 * - `changeRecordsResolver`, its `triggerResolver` and `onDeployResolver`: one item per record,
 *   and the next page while the perform says so (`payload.paginationState`, null when done);
 * - `withNextPage`, how a perform hands the next page's cursor to the resolver;
 * - `snapshotOnDeployPerform(fixPosition)`, its `onDeployPerform`: fixes where changes continue
 *   (the trigger's own `fixPosition`), then scans the table page by page as SNAPSHOT records;
 * - `pollingStreamPosition`, the `fixPosition` of a trigger that polls the stream itself.
 */

import type {
  ActionContext,
  PollingState,
  TriggerBaseResult,
  TriggerPayload,
  TriggerResolverBehavior,
} from "@prismatic-io/spectral";
import { connect, type StepInputs } from "../aws/invocation";
import type { PermissionKey } from "../aws/permissions";
import { Pacer } from "../common/pacing";
import {
  firstSnapshotCursor,
  MAX_FIX_PAGES,
  parseSnapshotCursor,
  readSnapshotPage,
  type SnapshotCursor,
} from "../engines/snapshot";
import {
  type ChangeRecord,
  catchUpStream,
  type PollResult,
  parseState,
  tableStreamArn,
  withStreamPermissionHint,
} from "../engines/streams";
import { isPlainObject } from "../values/json";
import { type SnapshotPageSummary, snapshotData } from "./trigger";

/** The records of a result's `body.data` (TableChangesData); none when it holds no list. */
function recordsOf(result: TriggerBaseResult<TriggerPayload>): ChangeRecord[] {
  const body = result.payload?.body;
  const data = isPlainObject(body) ? body.data : undefined;
  const records = isPlainObject(data) ? data.records : undefined;
  return Array.isArray(records) ? (records as ChangeRecord[]) : [];
}

/**
 * The resolver of a trigger whose `body.data` is TableChangesData, for its `triggerResolver` and
 * its `onDeployResolver`: each record is one item (batch size 1: one execution per change, the
 * record itself as the execution's trigger data), and the run goes on to the page whose cursor the
 * perform put on `payload.paginationState` (withNextPage), or ends where there is none.
 */
export const changeRecordsResolver: TriggerResolverBehavior<
  // biome-ignore lint/suspicious/noExplicitAny: the config variables of any integration.
  any,
  TriggerPayload,
  ChangeRecord
> = {
  resolveItems: (_context, result) => recordsOf(result),
  getNextPaginationState: (_context, result) => {
    const next = result.payload?.paginationState;
    return isPlainObject(next) ? next : null;
  },
};

/**
 * The payload a perform returns with the next page's cursor for changeRecordsResolver: on
 * `paginationState` when there is a next page; without the field when the run is done (a flow
 * that does not batch sees no change to its payload then).
 */
export function withNextPage<P extends TriggerPayload>(
  payload: P,
  next: object | null,
): Omit<P, "paginationState"> & { paginationState?: Record<string, unknown> } {
  const { paginationState: _consumed, ...rest } = payload;
  return next ? { ...rest, paginationState: { ...next } } : rest;
}

/** What fixing the position did on one page: done (the scan may start), and its poll's report. */
export interface FixedPosition {
  done: boolean;
  /** What the next fix page gets back on `cursor.fix` (JSON); none when done. */
  carry?: Record<string, unknown>;
  position: "kept" | "fixed" | "partlyFixed";
  poll?: Pick<PollResult, "shards" | "dataLoss" | "notices" | "stoppedBy">;
  notices: string[];
}

/**
 * Fixes the stream position a trigger's changes continue from, before the snapshot's scan starts:
 * called once per fix page (cursor.pages counts them) until it says done. Whatever it saves must
 * be no later than the moment it returns done, so that a change made after that is delivered.
 */
export type FixPosition = (
  context: ActionContext,
  step: ReturnType<typeof connect>,
  streamArn: string,
  cursor: SnapshotCursor,
) => Promise<FixedPosition>;

/**
 * The polling trigger's state in an on-deploy perform, which spectral runs without
 * `context.polling`: where spectral 10.31 keeps it (serverTypes/pollingState.js), so that the
 * polls read what the snapshot saved.
 */
function pollingStateOf(context: ActionContext & { polling?: PollingState }): PollingState {
  if (context.polling) return context.polling;
  const state = context.instanceState;
  const internal = () =>
    isPlainObject(state.__prismaticInternal)
      ? state.__prismaticInternal
      : ({} as Record<string, unknown>);
  return {
    getState: () => {
      const polling = internal().polling;
      return isPlainObject(polling) ? polling : {};
    },
    setState: (polling) => {
      state.__prismaticInternal = { ...internal(), polling };
    },
  };
}

/** What the polling trigger's fix pages carry: the position so far, and the shards at their tip. */
function fixCarried(fix: Record<string, unknown> | undefined): {
  state?: unknown;
  atTip: string[];
} {
  const atTip = Array.isArray(fix?.atTip) ? fix.atTip.filter((id) => typeof id === "string") : [];
  return { state: fix?.state, atTip };
}

/**
 * The fixPosition of a trigger that polls the stream (New and Changed Items): a saved position
 * for this stream is kept (it is earlier than now, so nothing after it is missed); otherwise
 * every shard is read to its tip without delivering (catchUpStream), over as many pages as it
 * takes, the position saved in the polling state (and carried to the next page) on every page.
 * It is done when every shard not finished was read to its tip on one of the pages. After
 * MAX_FIX_PAGES pages the scan starts anyway: the saved positions are exact, so the polls deliver
 * the remaining records of the shards not caught up (duplicates of changes the snapshot holds,
 * never a loss).
 */
export const pollingStreamPosition: FixPosition = async (context, step, streamArn, cursor) => {
  const polling = pollingStateOf(context);
  const carried = fixCarried(cursor.fix);
  // A later fix page goes on from the position the page before it reached.
  const saved = carried.state ?? polling.getState();
  if (cursor.pages === 0 && parseState(saved)?.streamArn === streamArn) {
    return { done: true, position: "kept", notices: [] };
  }
  const poll = await catchUpStream(
    step.clients.streams(),
    { streamArn, context: { table: step.table, region: step.region, connection: step.connection } },
    saved,
  );
  polling.setState({ ...poll.state });
  const atTip = new Set([...carried.atTip, ...(poll.atTip ?? [])]);
  const behind = Object.keys(poll.state.shards).filter((id) => !atTip.has(id));
  if (behind.length === 0) return { done: true, position: "fixed", poll, notices: [] };
  if (cursor.pages + 1 < MAX_FIX_PAGES) {
    const carry = {
      state: { ...poll.state },
      atTip: [...atTip].filter((id) => id in poll.state.shards),
    };
    return { done: false, carry, position: "partlyFixed", poll, notices: [] };
  }
  return {
    done: true,
    position: "partlyFixed",
    poll,
    notices: [
      `The stream position was fixed in ${MAX_FIX_PAGES} pages without catching up with ${behind.length} of ${Object.keys(poll.state.shards).length} open shard(s), so the scan started anyway: those continue from their saved positions, and changes made in them before the snapshot may also arrive as changes.`,
    ],
  };
};

/** The inputs a snapshot reads besides the connection, region and table. */
export interface SnapshotInputs extends StepInputs {
  tableName: string;
  initialSnapshot?: boolean;
  snapshotSegments?: number;
  returnDynamoJson?: boolean;
}

const SCAN_PERMISSION = "With Initial Snapshot it also needs dynamodb:Scan on the table.";

const TURNED_OFF =
  "Initial Snapshot is false, so deploying delivered no items; set it to true for a snapshot of the table on the next deploy.";

async function sizeOf(records: ChangeRecord[]): Promise<number> {
  const pacer = new Pacer();
  let bytes = 0;
  for (const record of records) {
    if (pacer.due()) await pacer.pause();
    bytes += Buffer.byteLength(JSON.stringify(record));
  }
  return bytes;
}

/** One page of the run: a fix page, or a scan page; and the next page's cursor. */
async function snapshotPage(
  context: ActionContext,
  step: ReturnType<typeof connect>,
  streamArn: string,
  cursor: SnapshotCursor,
  params: SnapshotInputs,
  fixPosition: FixPosition,
): Promise<{ summary: SnapshotPageSummary; next: SnapshotCursor | null }> {
  if (cursor.phase === "fix") {
    const fixed = await fixPosition(context, step, streamArn, cursor);
    for (const loss of fixed.poll?.dataLoss ?? []) context.logger.warn(loss.message);
    for (const notice of [...(fixed.poll?.notices ?? []), ...fixed.notices]) {
      context.logger.warn(notice);
    }
    const { fix: _done, ...rest } = cursor;
    const next: SnapshotCursor = fixed.done
      ? { ...rest, phase: "scan", pages: 0 }
      : { ...rest, pages: cursor.pages + 1, ...(fixed.carry ? { fix: fixed.carry } : {}) };
    const summary: SnapshotPageSummary = {
      cursor,
      phase: "fix",
      position: fixed.position,
      records: [],
      bytes: 0,
      hasMore: true,
      scannedCount: 0,
      segmentsDone: 0,
      stoppedBy: null,
      poll: fixed.poll,
      notices: fixed.notices,
    };
    return { summary, next };
  }
  const page = await readSnapshotPage(step, cursor, { dynamoJson: params.returnDynamoJson });
  const next: SnapshotCursor | null = page.segments
    ? {
        ...cursor,
        pages: cursor.pages + 1,
        segments: page.segments,
        delivered: cursor.delivered + page.records.length,
      }
    : null;
  const summary: SnapshotPageSummary = {
    cursor,
    phase: "scan",
    position: null,
    records: page.records,
    bytes: await sizeOf(page.records),
    hasMore: next !== null,
    scannedCount: page.scannedCount,
    segmentsDone: page.segmentsDone,
    stoppedBy: page.stoppedBy,
    notices: [],
  };
  return { summary, next };
}

/**
 * An onDeployPerform that takes the table's snapshot when Initial Snapshot is true: its first
 * pages fix the stream position (`fixPosition`), the next ones scan the table (Snapshot Segments
 * in parallel, about 5 MB of JSON a page), each item a SNAPSHOT record. The cursor between pages
 * is `payload.paginationState` (changeRecordsResolver reads it). With Initial Snapshot false it
 * delivers nothing and makes no call. Throws what DescribeTable, the stream and Scan calls throw
 * (a permission error with what the trigger needs), and a StepError (paginationStateInvalid) for
 * a cursor it did not write.
 */
export function snapshotOnDeployPerform(trigger: PermissionKey, fixPosition: FixPosition) {
  return async <P extends TriggerPayload>(
    context: ActionContext,
    payload: P,
    params: SnapshotInputs,
  ) => {
    const cursor =
      parseSnapshotCursor(payload.paginationState) ??
      firstSnapshotCursor(params.snapshotSegments ?? 1, new Date());
    if (!params.initialSnapshot) {
      const summary: SnapshotPageSummary = {
        cursor,
        phase: "off",
        position: null,
        records: [],
        bytes: 0,
        hasMore: false,
        scannedCount: 0,
        segmentsDone: 0,
        stoppedBy: null,
        notices: [TURNED_OFF],
      };
      const data = snapshotData(summary, params.tableName, "");
      return { payload: withNextPage({ ...payload, body: { data } }, null), polledNoChanges: true };
    }
    const step = connect(context, params);
    try {
      const streamArn = await tableStreamArn(step);
      const { summary, next } = await snapshotPage(
        context,
        step,
        streamArn,
        cursor,
        params,
        fixPosition,
      );
      const data = snapshotData(summary, step.table, streamArn);
      return {
        payload: withNextPage({ ...payload, body: { data } }, next),
        polledNoChanges: false,
      };
    } catch (error) {
      throw withStreamPermissionHint(
        error,
        params.awsConnection,
        { trigger, table: step.table, region: step.region },
        SCAN_PERMISSION,
      );
    }
  };
}

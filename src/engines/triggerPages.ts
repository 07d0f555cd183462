/**
 * The pagination state of a trigger run that drains a stream backlog page by page (a trigger
 * resolver's getNextPaginationState): which page of the run comes next, and the stream position
 * the previous page ended at.
 *
 * The rule that keeps every change delivered once: a page reads from the position the previous
 * page of its run ended at (the run's first page: the saved polling state), delivers the records
 * after it, and saves where it stopped both in the polling state (for the next run) and in the
 * next page's pagination state (for this run). Pages of one run therefore follow each other
 * exactly, and the next run starts where the last page ended, whether or not the platform keeps
 * the polling state between the pages of one run.
 */
import { StepError } from "../aws/errors";
import { parseState, type StreamState } from "./streams";

/**
 * A run drains at most this many pages, then leaves the rest to the next scheduled run: with Max
 * Records 1,000 and about 5 MB per page that is up to 50,000 changes (250 MB) per run, and the
 * time budget (20 s a page) bounds it to about 17 minutes.
 */
export const MAX_DRAIN_PAGES = 50;

/** Where a draining run stands between two pages. */
export interface DrainCursor {
  /** The page of the run that comes next (the first page is 1). */
  page: number;
  /** The stream position the previous page ended at, as it saved it. */
  state: StreamState;
}

/** The error for a pagination state this code did not write; nothing is read from it. */
export function paginationStateError(what: string, why: string): StepError {
  return new StepError(
    "paginationStateInvalid",
    `The ${what} pagination state from the previous page was not recognised (${why}), so the run cannot go on where that page stopped.`,
  );
}

/**
 * The drain cursor a page was handed: undefined on a run's first page. Throws a StepError
 * (paginationStateInvalid) for anything else that is not one, or one for another stream.
 */
export function parseDrainCursor(value: unknown, streamArn: string): DrainCursor | undefined {
  if (value === undefined || value === null) return undefined;
  const record = typeof value === "object" && !Array.isArray(value) ? value : undefined;
  const page = record && "page" in record ? record.page : undefined;
  if (typeof page !== "number" || !Number.isSafeInteger(page) || page < 2) {
    throw paginationStateError("trigger's", "no page number");
  }
  const state = parseState(record && "state" in record ? record.state : undefined);
  if (!state) throw paginationStateError("trigger's", "no stream position");
  if (state.streamArn !== streamArn) {
    throw paginationStateError("trigger's", "the position is of another stream");
  }
  return { page, state };
}

/**
 * The next page's cursor: null when the page read everything ready (caught up) or the run has
 * drained MAX_DRAIN_PAGES pages; the next scheduled run then continues from the polling state.
 */
export function nextDrainCursor(
  current: DrainCursor | undefined,
  poll: { hasMore: boolean; state: StreamState },
): DrainCursor | null {
  const page = current?.page ?? 1;
  if (!poll.hasMore || page >= MAX_DRAIN_PAGES) return null;
  return { page: page + 1, state: poll.state };
}

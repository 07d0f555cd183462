/**
 * Import Items in two passes over the file, so that "a bad row stops the import before anything
 * is written" holds with memory bounded however long the file is:
 *   1. check: every row is converted and checked, and its key remembered as a digest (KeyDigests)
 *      to find a key given twice; nothing else is kept but the first bad rows; with Bad Rows =
 *      Stop the first bad rows end the import here;
 *   2. write: the file is read again, the same checks decide the same rows again (so no list of
 *      bad rows is held), and the good rows are streamed into the batch writer in requests
 *      bounded by bytes (WRITE_BUDGET_BYTES), so that only the requests in flight are held.
 * Rows are told apart by their position in the file, never by their line (one line can hold a
 * whole JSON array). Both passes let the event loop run every few milliseconds (Pacer).
 */

import type { Step } from "../aws/invocation";
import { DEFAULT_BYTE_BUDGET } from "../common/limits";
import { formatCount, listSome } from "../common/messages";
import { failedPartWay, RetryStops, retriesEnded, runBatchStream } from "../engines/batchRuns";
import { batchWriteSender, WRITE_CHUNK_SIZE, type WriteRequestEntry } from "../engines/batchWrites";
import { forgetKeysOnMismatch } from "../engines/itemCalls";
import { KEY_DIGEST_BUDGET_BYTES, KeyDigests, MAX_KEY_DIGESTS } from "../engines/keyDigests";
import type { KeySchema } from "../engines/keySchema";
import { describeKey, keyIdentity, typedKeyOf } from "../engines/keyValues";
import { StepError } from "../errors/stepError";
import { type BadRowPolicy, FILE_LABEL, type FileFormat, InputError } from "../inputs";
import { type AttributeMap, BoundedList, outputSize } from "../values";
import type { ItemRow, RowItem, RowPlace } from "./itemRows";
import { describeRanges, type RowRange, rowRanges } from "./rowRanges";

/** Progress goes to the step's log every this many rows. */
const PROGRESS_EVERY = 5_000;
/** With Bad Rows = Stop, checking stops after this many bad rows (they are all named). */
const MAX_BAD_ROWS_REPORTED = 5;
/** With Bad Rows = Skip, the output lists this many skipped rows (skippedCount counts all). */
export const MAX_SKIPPED_LISTED = 1_000;
/**
 * The most bytes of rows the write pass holds in its requests (WRITE_BUDGET_BYTES, 8 MiB), all
 * requests together, a row counted as its DynamoDB size plus ATTRIBUTE_OVERHEAD_BYTES per
 * attribute (what an attribute costs in memory and in the request beyond its name and value).
 * A request takes up to 25 rows and up to this budget divided by Concurrency; a larger row is sent
 * alone, and only when nothing else is in flight.
 */
export const WRITE_BUDGET_BYTES = 8 * 1024 * 1024;
export const ATTRIBUTE_OVERHEAD_BYTES = 100;

export interface BadRow {
  line: number;
  /** For a JSON array file: the element's position, from 1. */
  element?: number;
  reason: string;
}

export interface CheckResult {
  /** Rows read (header excluded). */
  rows: number;
  /** Bad rows: every one up to MAX_SKIPPED_LISTED (MAX_BAD_ROWS_REPORTED with Stop). */
  bad: BadRow[];
  badCount: number;
  /** True when checking stopped early at MAX_BAD_ROWS_REPORTED bad rows (Stop). */
  stoppedEarly: boolean;
}

type Rows = AsyncIterable<ItemRow>;
type Log = (message: string) => void;

/** The import stops when its file has more keys than KeyDigests holds. */
function tooManyRows(): InputError {
  return new InputError(
    FILE_LABEL,
    "tooLarge",
    `${FILE_LABEL} has more than ${formatCount(MAX_KEY_DIGESTS)} rows: finding a key given twice holds 16 bytes a row, within Import Items' budget of ${KEY_DIGEST_BUDGET_BYTES / 1024 / 1024} MiB (KEY_DIGEST_BUDGET_BYTES), so the import stopped. Split the file into parts of fewer rows.`,
  );
}

/** How a row's first sighting is remembered and named: its element in an array, else its line. */
function placeNumber(row: Pick<RowPlace, "line" | "element">): number {
  return row.element ?? row.line;
}

function placeName(row: RowPlace, place: number): string {
  return `${row.element === undefined ? "line" : "element"} ${formatCount(place)}`;
}

/**
 * Why a row is not written, or undefined for a good row: its own problem, or a key seen before
 * (the later row would replace the earlier one, or race it in parallel requests).
 */
function rowProblem(row: ItemRow, schema: KeySchema, seen: KeyDigests): string | undefined {
  if (row.item === undefined) return row.problem;
  const first = seen.firstOrAdd(keyIdentity(row.item, schema) as string, placeNumber(row));
  if (first === undefined) return undefined;
  const where =
    row.element === undefined
      ? `${FILE_LABEL} (line ${formatCount(row.line)})`
      : `${FILE_LABEL} (element ${formatCount(row.element)}, line ${formatCount(row.line)})`;
  return `${where} has the same key ${describeKey(typedKeyOf(row.item, schema))} as ${placeName(row, first)}. Each item may appear once in a file: a later row would replace the earlier one.`;
}

/** Pass 1: every row is converted and checked, and each key may appear once. */
async function checkRows(
  rows: Rows,
  schema: KeySchema,
  options: { policy: BadRowPolicy; log: Log },
): Promise<CheckResult> {
  const result: CheckResult = { rows: 0, bad: [], badCount: 0, stoppedEarly: false };
  const seen = new KeyDigests(tooManyRows);
  const limit = options.policy === "stop" ? MAX_BAD_ROWS_REPORTED : MAX_SKIPPED_LISTED;
  for await (const row of rows) {
    result.rows += 1;
    if (result.rows % PROGRESS_EVERY === 0) {
      options.log(`Import Items: checked ${formatCount(result.rows)} rows.`);
    }
    const reason = rowProblem(row, schema, seen);
    if (reason === undefined) continue;
    result.badCount += 1;
    if (result.bad.length < limit) {
      result.bad.push(
        row.element === undefined
          ? { line: row.line, reason }
          : { line: row.line, element: row.element, reason },
      );
    }
    if (options.policy === "stop" && result.badCount >= MAX_BAD_ROWS_REPORTED) {
      result.stoppedEarly = true;
      break;
    }
  }
  return result;
}

/** With Bad Rows = Stop: the InputError that ends the import before anything is written. */
function badRowsError(check: CheckResult): InputError {
  const names = check.bad.map((bad) =>
    bad.element === undefined
      ? formatCount(bad.line)
      : `${formatCount(bad.line)} (element ${formatCount(bad.element)})`,
  );
  const which =
    check.bad.length === 1
      ? `line ${names[0]} is not valid`
      : `lines ${names.join(", ")} are not valid${check.stoppedEarly ? " (checking stopped there)" : ""}`;
  return new InputError(
    FILE_LABEL,
    "invalidValue",
    `${FILE_LABEL}: ${which}, so nothing was written. ${check.bad.map((bad) => bad.reason).join(" ")} Correct the file, or set Bad Rows to Skip to write the other rows and list the bad ones in the output.`,
  );
}

/** A row on its way to DynamoDB. */
export interface ImportEntry extends WriteRequestEntry {
  line: number;
  element?: number;
  item: AttributeMap;
}

/** The rows of one BatchWriteItem request, and what they count against WRITE_BUDGET_BYTES. */
interface WriteGroup {
  entries: ImportEntry[];
  bytes: number;
}

/** A row's weight against WRITE_BUDGET_BYTES. */
function rowBytes(row: RowItem): number {
  return row.bytes + ATTRIBUTE_OVERHEAD_BYTES * row.attributes;
}

/**
 * The bytes the write pass holds in flight: a group waits until its bytes fit within
 * WRITE_BUDGET_BYTES, or nothing else is in flight (so a single large row still goes).
 */
class WriteBudget {
  private held = 0;
  private waiting: (() => void)[] = [];
  private open = true;

  async acquire(bytes: number): Promise<void> {
    while (this.open && this.held > 0 && this.held + bytes > WRITE_BUDGET_BYTES) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.held += bytes;
  }

  release(bytes: number): void {
    this.held -= bytes;
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** After a failure nothing more is sent: no reader may wait for bytes that stay held. */
  close(): void {
    this.open = false;
    for (const wake of this.waiting.splice(0)) wake();
  }
}

function entryOf(row: RowPlace & RowItem): ImportEntry {
  const entry: ImportEntry = {
    line: row.line,
    item: row.item,
    request: { PutRequest: { Item: row.item } },
  };
  if (row.element !== undefined) entry.element = row.element;
  return entry;
}

/**
 * The good rows pass 2 has handed out to requests and not seen confirmed, and where the rows not
 * handed out yet begin, so that a failure can name every row not written (notWritten).
 */
class Unconfirmed {
  /** Groups handed out whose rows are neither all confirmed nor given up. */
  readonly open = new Set<WriteGroup>();
  /** The places of the rows given up after their retries, the first MAX_SKIPPED_LISTED. */
  readonly givenUp = new BoundedList<number>(MAX_SKIPPED_LISTED);
  handedOut = 0;
  /** The place of the last row handed out; 0 before the first. */
  private last = 0;
  private filling: WriteGroup = { entries: [], bytes: 0 };

  /** A new group to fill, the one whose rows are read but not handed out. */
  building(): WriteGroup {
    this.filling = { entries: [], bytes: 0 };
    return this.filling;
  }

  handOut(group: WriteGroup): void {
    this.open.add(group);
    this.handedOut += group.entries.length;
    this.last = placeNumber(group.entries[group.entries.length - 1] as ImportEntry);
  }

  /** Where the rows never handed out begin: the first read and not handed out, else the next. */
  tailFrom(): number {
    const first = this.filling.entries[0];
    return first ? placeNumber(first) : this.last + 1;
  }
}

/**
 * Pass 2's requests: the rows pass 1 found good (the same checks, in the same order, decide the
 * same), in groups of up to 25 rows and `groupBytes`, each handed out (pass.unconfirmed), then
 * acquired from the budget.
 */
async function* writeGroups(
  rows: Rows,
  schema: KeySchema,
  pass: Pick<WritePass, "budget" | "unconfirmed">,
  groupBytes: number,
) {
  const seen = new KeyDigests(tooManyRows);
  let group = pass.unconfirmed.building();
  const handOut = async () => {
    const full = group;
    pass.unconfirmed.handOut(full);
    group = pass.unconfirmed.building();
    await pass.budget.acquire(full.bytes);
    return full;
  };
  for await (const row of rows) {
    if (rowProblem(row, schema, seen) !== undefined || row.item === undefined) continue;
    const bytes = rowBytes(row);
    if (group.entries.length > 0 && group.bytes + bytes > groupBytes) yield await handOut();
    group.entries.push(entryOf(row));
    group.bytes += bytes;
    if (group.entries.length === WRITE_CHUNK_SIZE) yield await handOut();
  }
  if (group.entries.length > 0) yield await handOut();
}

export interface WriteResult {
  written: number;
  /**
   * Rows still unprocessed after Max Retries, in file order: those given up first, as many as
   * fit in UNPROCESSED_BUDGET_BYTES of output.
   */
  unprocessed: ImportEntry[];
  /** How many rows were still unprocessed, all of them. */
  unprocessedCount: number;
  /** True when `unprocessed` holds fewer than unprocessedCount rows (the budget was reached). */
  unprocessedTruncated: boolean;
}

/**
 * The most bytes of unprocessed rows an import keeps and returns (UNPROCESSED_BUDGET_BYTES,
 * DEFAULT_BYTE_BUDGET: 5 MB), measured as the output serialises them: each row's item as plain
 * JSON (outputSize), its line and its element.
 */
export const UNPROCESSED_BUDGET_BYTES = DEFAULT_BYTE_BUDGET;

/** A row's bytes in the output's unprocessed lists (puts, lines, elements). */
function unprocessedBytes(entry: ImportEntry): number {
  const place = (n: number | undefined) => (n === undefined ? 0 : String(n).length + 1);
  return outputSize(entry.item) + place(entry.line) + place(entry.element);
}

/** Counts the rows pass 2 wrote, and logs progress each time another PROGRESS_EVERY are written. */
class WriteProgress {
  written = 0;
  private nextReport = PROGRESS_EVERY;

  constructor(
    private readonly total: number,
    private readonly log: Log,
  ) {}

  add(done: number): void {
    this.written += done;
    if (this.written < this.nextReport) return;
    this.log(
      `Import Items: wrote ${formatCount(this.written)} of ${formatCount(this.total)} items.`,
    );
    this.nextReport = (Math.floor(this.written / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
  }
}

/** What pass 2's requests share: the bytes in flight, the rows given up on, the progress. */
interface WritePass {
  budget: WriteBudget;
  /** Rows given up on after Max Retries, kept for the output within UNPROCESSED_BUDGET_BYTES. */
  leftovers: BoundedList<ImportEntry>;
  progress: WriteProgress;
  unconfirmed: Unconfirmed;
}

/**
 * Pass 2's `send` for runBatchStream: one request of a group, whose rows left unprocessed stay in
 * the group for the next try. A group done gives its bytes back to the budget. A failing request
 * closes the budget (nothing more is sent) and is thrown.
 */
function groupSender(
  send: (entries: ImportEntry[]) => Promise<ImportEntry[]>,
  pass: WritePass,
): (groups: WriteGroup[]) => Promise<WriteGroup[]> {
  return async ([group]) => {
    let returned: ImportEntry[];
    try {
      returned = await send(group.entries);
    } catch (error) {
      pass.budget.close();
      throw error;
    }
    pass.progress.add(group.entries.length - returned.length);
    group.entries = returned;
    if (returned.length > 0) return [group];
    pass.budget.release(group.bytes);
    pass.unconfirmed.open.delete(group);
    return [];
  };
}

/**
 * Pass 2's `onGiveUp`: a group whose retries ended (Max Retries or the retry time) gives its
 * bytes back, and its rows are kept only as the output's unprocessed rows.
 */
function groupGivenUp(pass: WritePass): (groups: WriteGroup[]) => void {
  return (groups) => {
    for (const group of groups) {
      pass.budget.release(group.bytes);
      pass.unconfirmed.open.delete(group);
      for (const entry of group.entries) pass.unconfirmed.givenUp.add(placeNumber(entry), () => 1);
      group.entries = group.entries.filter((entry) => pass.leftovers.add(entry, unprocessedBytes));
    }
  };
}

/** Rows still unprocessed, in file order (their line, then their element in the line). */
function inFileOrder(groups: WriteGroup[]): ImportEntry[] {
  return groups
    .flatMap((group) => group.entries)
    .sort((a, b) => a.line - b.line || (a.element ?? 0) - (b.element ?? 0));
}

/**
 * Pass 2: the good rows, streamed into the batch writer. A failing request ends the import with
 * an error that says how many items were written before it (and carries `written`).
 */
async function writeRows(
  rows: Rows,
  target: { step: Step; schema: KeySchema },
  options: { concurrency: number; maxRetries: number; total: number; log: Log },
): Promise<{ write: WriteResult; stops: RetryStops }> {
  const pass: WritePass = {
    budget: new WriteBudget(),
    leftovers: new BoundedList<ImportEntry>(UNPROCESSED_BUDGET_BYTES),
    progress: new WriteProgress(options.total, options.log),
    unconfirmed: new Unconfirmed(),
  };
  const send = batchWriteSender<ImportEntry>(target.step, target.schema);
  const groupBytes = Math.floor(WRITE_BUDGET_BYTES / Math.max(1, options.concurrency));
  try {
    const result = await runBatchStream<WriteGroup>({
      source: writeGroups(rows, target.schema, pass, groupBytes),
      chunkSize: 1,
      concurrency: options.concurrency,
      maxRetries: options.maxRetries,
      send: groupSender(send, pass),
      onGiveUp: groupGivenUp(pass),
    });
    const write = {
      written: pass.progress.written,
      unprocessed: inFileOrder(result.unprocessed),
      unprocessedCount: pass.leftovers.count,
      unprocessedTruncated: pass.leftovers.truncated,
    };
    return { write, stops: result.stops };
  } catch (error) {
    throw new WriteStopped(
      error,
      pass.progress.written,
      notWritten(pass.unconfirmed, options.total),
    );
  }
}

/** Why and where pass 2 stopped: its error, the rows written, and the rows not (notWritten). */
class WriteStopped {
  constructor(
    readonly error: unknown,
    readonly written: number,
    readonly notWritten: { ranges: RowRange[]; truncated: boolean },
  ) {}
}

/**
 * The rows of a stopped pass 2 not written or not confirmed, as ranges of their places in file
 * order: those in requests not confirmed, those given up after their retries, and every row from
 * the first never handed out, at most MAX_SKIPPED_LISTED ranges.
 */
function notWritten(unconfirmed: Unconfirmed, total: number) {
  const places = [...unconfirmed.open].flatMap((group) => group.entries.map(placeNumber));
  places.push(...unconfirmed.givenUp.kept);
  const tailFrom = unconfirmed.handedOut < total ? unconfirmed.tailFrom() : undefined;
  const { ranges, truncated } = rowRanges(places, tailFrom, MAX_SKIPPED_LISTED);
  return { ranges, truncated: truncated || unconfirmed.givenUp.truncated };
}

/** What Import Items did: the rows read, written, skipped and still unprocessed. */
export interface ImportResult extends WriteResult {
  format: FileFormat;
  rows: number;
  skippedCount: number;
  /** The skipped rows, the first MAX_SKIPPED_LISTED. */
  skipped: BadRow[];
}

/** How Import Items runs: the file's format, Bad Rows, and the batch writer's settings. */
export interface ImportOptions {
  format: FileFormat;
  badRows: BadRowPolicy;
  concurrency: number;
  maxRetries: number;
  returnUnprocessed: boolean;
  log: Log;
}

/**
 * Import Items' two passes (see the top of this module) over the rows `read` gives, into the
 * step's table. Throws badRowsError for a bad row with Bad Rows = Stop, before anything is
 * written; a failed write says how far it got (writeFailure); rows still unprocessed after Max
 * Retries are an error unless Return Unprocessed is true (unprocessedRowsError).
 */
export async function importRows(
  step: Step,
  schema: KeySchema,
  read: () => Rows,
  options: ImportOptions,
): Promise<ImportResult> {
  const { log } = options;
  const check = await checkRows(read(), schema, { policy: options.badRows, log });
  if (options.badRows === "stop" && check.badCount > 0) throw badRowsError(check);
  const total = check.rows - check.badCount;
  const skipped = check.badCount > 0 ? `, ${formatCount(check.badCount)} skipped` : "";
  log(
    `Import Items: ${formatCount(check.rows)} rows checked, ${formatCount(total)} to write${skipped}.`,
  );
  // What a flow's error handler reads from a failed import: the output's counts.
  const counts = { format: options.format, rows: check.rows, skippedCount: check.badCount };
  let write: WriteResult = {
    written: 0,
    unprocessed: [],
    unprocessedCount: 0,
    unprocessedTruncated: false,
  };
  let stops = new RetryStops(options.maxRetries);
  if (total > 0) {
    const { concurrency, maxRetries } = options;
    try {
      ({ write, stops } = await writeRows(
        read(),
        { step, schema },
        { concurrency, maxRetries, total, log },
      ));
    } catch (stopped) {
      const { error } = stopped as WriteStopped;
      forgetKeysOnMismatch(error, step.clients, step.table);
      throw writeFailure(stopped as WriteStopped, total, counts);
    }
  }
  if (write.unprocessedCount > 0 && !options.returnUnprocessed) {
    throw unprocessedRowsError(write, total, stops, counts);
  }
  return { ...counts, ...write, skipped: check.bad.slice(0, MAX_SKIPPED_LISTED) };
}

/** The output's counts, carried by the errors of a failed import. */
type ImportCounts = Pick<ImportResult, "format" | "rows" | "skippedCount">;

/**
 * A failed write pass: how many rows were written before it, and which were not written or not
 * confirmed (notWrittenRanges, by line, or by element in a JSON array), so that the user imports
 * only those again; never hide what was applied.
 */
function writeFailure(stopped: WriteStopped, total: number, counts: ImportCounts): Error {
  const { written, notWritten } = stopped;
  const left = total - written;
  const unit = counts.format === "json" ? "element" : "line";
  const cut = notWritten.truncated ? "; the list is cut short" : "";
  const which =
    left === 0
      ? "every row was written."
      : `the other ${formatCount(left)} were not written or not confirmed: ${describeRanges(notWritten.ranges, unit)} (the error's notWrittenRanges${cut}). Importing those rows again rewrites the same items.`;
  const message = `Before it failed, ${formatCount(written)} of ${formatCount(total)} rows were written; ${which}`;
  const failed = failedPartWay(stopped.error, message, {
    format: counts.format,
    rows: counts.rows,
    written,
    skippedCount: counts.skippedCount,
    notWrittenCount: left,
  });
  return Object.assign(failed, {
    notWrittenRanges: notWritten.ranges,
    notWrittenTruncated: notWritten.truncated,
  });
}

/** Rows still unprocessed after Max Retries, when Return Unprocessed is false. */
function unprocessedRowsError(
  write: WriteResult,
  total: number,
  stops: RetryStops,
  counts: ImportCounts,
): Error {
  const { written, unprocessed, unprocessedCount } = write;
  const lines = listSome(
    unprocessed.map((entry) => formatCount(entry.line)),
    unprocessedCount,
  );
  return Object.assign(
    new StepError(
      "unprocessedAfterRetries",
      `Import Items: ${formatCount(unprocessedCount)} of ${formatCount(total)} rows were still unprocessed ${retriesEnded(stops)} (DynamoDB was throttling them); ${formatCount(written)} were written. Unprocessed lines: ${lines}. Raise Max Retries or the table's write capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
    ),
    {
      format: counts.format,
      rows: counts.rows,
      written,
      skippedCount: counts.skippedCount,
      unprocessedCount,
    },
  );
}

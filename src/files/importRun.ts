/**
 * Import Items in two passes over the file, so that "a bad row stops the import before anything
 * is written" holds with memory bounded however long the file is:
 *   1. check: every row is converted and checked (and its key remembered, to find a key given
 *      twice), nothing is kept but the keys and the bad rows; with Bad Rows = Stop the first bad
 *      rows end the import here;
 *   2. write: the file is read again and its good rows are streamed into the batch writer
 *      (runBatchStream), so that only the requests in flight are held.
 * The file is a Buffer already in memory, so reading it twice costs CPU only.
 */

import { batchWriteSender, type WriteRequestEntry } from "../batchWrites";
import type { AwsClients } from "../client";
import type { CallContext } from "../errors";
import { type BadRowPolicy, FILE_LABEL, InputError } from "../inputs";
import { describeKey, type KeySchema, keyIdentity } from "../keys";
import { formatCount } from "../messages";
import { runBatchStream } from "../retry";
import type { AttributeMap } from "../values";
import type { ItemRow } from "./itemRows";

/** Progress goes to the step's log every this many rows. */
export const PROGRESS_EVERY = 5_000;
/** With Bad Rows = Stop, checking stops after this many bad rows (they are all named). */
export const MAX_BAD_ROWS_REPORTED = 5;
/** With Bad Rows = Skip, the output lists this many skipped rows (skippedCount counts all). */
export const MAX_SKIPPED_LISTED = 1_000;
/** DynamoDB's limit of writes per BatchWriteItem request. */
const WRITE_CHUNK_SIZE = 25;

export interface BadRow {
  line: number;
  reason: string;
}

export interface CheckResult {
  /** Rows read (header excluded). */
  rows: number;
  /** Bad rows: every one up to MAX_SKIPPED_LISTED (MAX_BAD_ROWS_REPORTED with Stop). */
  bad: BadRow[];
  badCount: number;
  /** The lines of every bad row, so the write pass leaves them out. */
  badLines: Set<number>;
  /** True when checking stopped early at MAX_BAD_ROWS_REPORTED bad rows (Stop). */
  stoppedEarly: boolean;
}

type Rows = AsyncIterable<ItemRow> | Iterable<ItemRow>;
type Log = (message: string) => void;

/**
 * Pass 1: every row is converted and checked; a key given twice is a bad row (its later line),
 * because the later row would replace the earlier one, or race it in parallel requests.
 */
export async function checkRows(
  rows: Rows,
  schema: KeySchema,
  options: { policy: BadRowPolicy; log: Log },
): Promise<CheckResult> {
  const result: CheckResult = {
    rows: 0,
    bad: [],
    badCount: 0,
    badLines: new Set(),
    stoppedEarly: false,
  };
  const firstLineOf = new Map<string, number>();
  const limit = options.policy === "stop" ? MAX_BAD_ROWS_REPORTED : MAX_SKIPPED_LISTED;
  for await (const row of rows) {
    result.rows += 1;
    if (result.rows % PROGRESS_EVERY === 0) {
      options.log(`Import Items: checked ${formatCount(result.rows)} rows.`);
    }
    let reason = row.problem;
    if (row.item) {
      const identity = keyIdentity(row.item, schema) as string;
      const first = firstLineOf.get(identity);
      if (first === undefined) firstLineOf.set(identity, row.line);
      else {
        reason = `${FILE_LABEL} (line ${formatCount(row.line)}) has the same key ${describeKey(keyOf(row.item, schema))} as line ${formatCount(first)}. Each item may appear once in a file: a later row would replace the earlier one.`;
      }
    }
    if (reason === undefined) continue;
    result.badCount += 1;
    result.badLines.add(row.line);
    if (result.bad.length < limit) result.bad.push({ line: row.line, reason });
    if (options.policy === "stop" && result.badCount >= MAX_BAD_ROWS_REPORTED) {
      result.stoppedEarly = true;
      break;
    }
  }
  return result;
}

function keyOf(item: AttributeMap, schema: KeySchema): AttributeMap {
  const key: AttributeMap = {};
  key[schema.hash.name] = item[schema.hash.name];
  if (schema.range) key[schema.range.name] = item[schema.range.name];
  return key;
}

/** With Bad Rows = Stop: the InputError that ends the import before anything is written. */
export function badRowsError(check: CheckResult): InputError {
  const lines = check.bad.map((bad) => formatCount(bad.line));
  const which =
    check.bad.length === 1
      ? `line ${lines[0]} is not valid`
      : `lines ${lines.join(", ")} are not valid${check.stoppedEarly ? " (checking stopped there)" : ""}`;
  return new InputError(
    FILE_LABEL,
    "invalidValue",
    `${FILE_LABEL}: ${which}, so nothing was written. ${check.bad.map((bad) => bad.reason).join(" ")} Correct the file, or set Bad Rows to Skip to write the other rows and list the bad ones in the output.`,
  );
}

/** A row on its way to DynamoDB. */
export interface ImportEntry extends WriteRequestEntry {
  line: number;
  item: AttributeMap;
}

async function* entries(rows: Rows, skip: Set<number>, schema: KeySchema) {
  for await (const row of rows) {
    if (skip.has(row.line)) continue;
    if (!row.item) {
      // The check pass converted the same bytes the same way; this cannot differ.
      throw new Error(`Import Items: line ${row.line} changed between the check and the write.`);
    }
    const entry: ImportEntry = {
      line: row.line,
      item: row.item,
      identity: keyIdentity(row.item, schema) as string,
      request: { PutRequest: { Item: row.item } },
    };
    yield entry;
  }
}

export interface WriteResult {
  written: number;
  /** Rows still unprocessed after Max Retries, in file order. */
  unprocessed: ImportEntry[];
}

/**
 * Pass 2: the good rows, streamed into the batch writer. A failing request ends the import with
 * an error that says how many items were written before it (and carries `written`).
 */
export async function writeRows(
  rows: Rows,
  skip: Set<number>,
  target: { clients: AwsClients; context: CallContext & { table: string }; schema: KeySchema },
  options: { concurrency: number; maxRetries: number; total: number; log: Log },
): Promise<WriteResult> {
  let written = 0;
  let nextReport = PROGRESS_EVERY;
  try {
    const result = await runBatchStream<ImportEntry>({
      source: entries(rows, skip, target.schema),
      chunkSize: WRITE_CHUNK_SIZE,
      concurrency: options.concurrency,
      maxRetries: options.maxRetries,
      send: batchWriteSender(target.clients, target.context, target.schema),
      onDone: (done) => {
        written += done.length;
        if (written >= nextReport) {
          options.log(
            `Import Items: wrote ${formatCount(written)} of ${formatCount(options.total)} items.`,
          );
          nextReport = (Math.floor(written / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
        }
      },
    });
    const unprocessed = result.unprocessed.sort((a, b) => a.line - b.line);
    return { written, unprocessed };
  } catch (error) {
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { written });
  }
}

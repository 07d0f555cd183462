/**
 * Backoff and bounded concurrency for the batch actions.
 *
 * DynamoDB answers a throttled batch with a partial success (UnprocessedItems / UnprocessedKeys)
 * rather than an error, so the SDK's own retry strategy never sees it; the batch actions retry the
 * remainder themselves with exponential backoff and full jitter, as AWS recommends. A batch that
 * fails part way says how far it got (failedPartWay).
 */
import { ConnectionError } from "@prismatic-io/spectral";
import { rewordedConnectionError } from "../aws/errors";
import { hiddenMark } from "../common/hiddenMarks";
import { RETRY_TIME_LIMIT_MS } from "../common/limits";
import { sentence } from "../common/messages";

export interface BackoffSettings {
  /** The first retry waits up to this long. */
  baseMs: number;
  /** No retry waits longer than this. */
  capMs: number;
  /** How to wait; replaceable so that tests do not sleep. */
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1); replaceable so that tests are deterministic. */
  random: () => number;
  /**
   * One request's retries end once its next wait would end more than this long after its first
   * send, whatever Max Retries allows: a table that never drains UnprocessedItems / UnprocessedKeys
   * holds a step for a bounded time, not for Max Retries of ever longer waits.
   */
  retryTimeMs: number;
  /** The clock retryTimeMs is measured on; replaceable so that tests do not sleep. */
  now: () => number;
}

const DEFAULT_SETTINGS: BackoffSettings = {
  baseMs: 50,
  capMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  retryTimeMs: RETRY_TIME_LIMIT_MS,
  now: Date.now,
};

/** The settings every batch action uses. Tests change them; code reads them at each retry. */
export const backoffSettings: BackoffSettings = { ...DEFAULT_SETTINGS };

export function resetBackoffSettings(): void {
  Object.assign(backoffSettings, DEFAULT_SETTINGS);
}

/**
 * "Full jitter": a uniformly random wait between 0 and min(cap, base * 2^retry), where retry
 * counts from 0. Spreading retries out keeps many clients from hitting a throttled table in step.
 */
export function backoffDelay(retry: number, settings: BackoffSettings = backoffSettings): number {
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(settings.random() * ceiling);
}

/**
 * Waits before retry number `retry` (0-based) of a request first sent at `started`; resolves to
 * false, without waiting, when the wait would end past the retry time (retryTimeMs).
 */
async function waitBeforeRetry(retry: number, started: number): Promise<boolean> {
  const delay = backoffDelay(retry);
  if (backoffSettings.now() + delay > started + backoffSettings.retryTimeMs) return false;
  await backoffSettings.sleep(delay);
  return true;
}

/**
 * Runs `work` for every element with at most `concurrency` running at once.
 *
 * On the first failure no new work is started, the work already running is allowed to finish
 * (so that callers can account for everything that was applied), and then the first error is
 * thrown. Results keep the order of `elements`.
 */
export async function mapWithConcurrency<T, R>(
  elements: readonly T[],
  concurrency: number,
  work: (element: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(elements.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < elements.length) {
      const index = next++;
      try {
        results[index] = await work(elements[index] as T, index);
      } catch (error) {
        if (!failed) {
          failed = true;
          firstError = error;
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(concurrency) || 1, elements.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failed) throw firstError;
  return results;
}

/** Splits a list into consecutive chunks of at most `size` elements. */
export function chunk<T>(elements: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < elements.length; start += size) {
    chunks.push(elements.slice(start, start + size));
  }
  return chunks;
}

export interface BatchRunOptions<E> {
  /** Everything to send, in order. */
  entries: readonly E[];
  /** DynamoDB's per-request limit: 25 for BatchWriteItem, 100 for BatchGetItem. */
  chunkSize: number;
  concurrency: number;
  /** How many times one request's unprocessed remainder is sent again before giving up. */
  maxRetries: number;
  /**
   * Sends one request and returns the entries DynamoDB left unprocessed: a subset of `entries`
   * (the same objects). Everything else in `entries` counts as done.
   */
  send: (entries: E[]) => Promise<E[]>;
  /** Called as soon as a request answers, with the entries it completed. */
  onDone?: (entries: E[]) => void;
  /** Called when a request's retries end (count or time) with entries still unprocessed. */
  onGiveUp?: (entries: E[]) => void;
}

export interface BatchRunResult<E> {
  /** The entries still unprocessed when their request's retry budget ran out, in input order. */
  unprocessed: E[];
  /** How many requests were sent, retries included. */
  requests: number;
  /** Why the retries of the requests that left `unprocessed` ended (retriesEnded words it). */
  stops: RetryStops;
}

/**
 * Why requests' retries ended with entries still unprocessed: at Max Retries, or at the retry
 * time limit (backoffSettings.retryTimeMs) before it, with how many retries those had made.
 */
export class RetryStops {
  /** Requests given up once they had made Max Retries retries. */
  atMaxRetries = 0;
  /** Requests given up at the retry time limit, and the fewest and most retries they had made. */
  atTimeLimit = 0;
  fewest = Number.POSITIVE_INFINITY;
  most = 0;
  /** The retry time limit the run had, read when the run starts. */
  readonly retryTimeMs = backoffSettings.retryTimeMs;

  constructor(readonly maxRetries: number) {}

  timeLimit(retries: number): void {
    this.atTimeLimit += 1;
    this.fewest = Math.min(this.fewest, retries);
    this.most = Math.max(this.most, retries);
  }

  /** Adds the stops of another run (a later wave of the same action). */
  add(other: RetryStops): void {
    this.atMaxRetries += other.atMaxRetries;
    if (other.atTimeLimit === 0) return;
    this.atTimeLimit += other.atTimeLimit;
    this.fewest = Math.min(this.fewest, other.fewest);
    this.most = Math.max(this.most, other.most);
  }
}

/**
 * The one phrase saying why entries are still unprocessed, for "… were still unprocessed
 * <phrase> (DynamoDB was throttling them)": "after the 10 retries Max Retries allows", "after 7
 * of the 10 retries Max Retries allows, when the 60 s retry time limit ended them", or both.
 */
export function retriesEnded(stops: RetryStops): string {
  const max = stops.maxRetries;
  const allowed =
    max === 0
      ? "with no retries, as Max Retries is 0"
      : `after the ${retries(max)} Max Retries allows`;
  if (stops.atTimeLimit === 0) return allowed;
  const made = stops.fewest === stops.most ? `${stops.most}` : `${stops.fewest} to ${stops.most}`;
  const limit = `when the ${stops.retryTimeMs / 1000} s retry time limit ended them`;
  if (stops.atMaxRetries === 0)
    return `after ${made} of the ${retries(max)} Max Retries allows, ${limit}`;
  return `${allowed} or, for some requests, after ${made} of them, ${limit}`;
}

function retries(count: number): string {
  return count === 1 ? "1 retry" : `${count} retries`;
}

/**
 * Sends `entries` in chunks with bounded concurrency, and re-sends each chunk's unprocessed
 * remainder with backoff until it is done or its retry budget runs out. Only the entries that
 * DynamoDB reported as unprocessed are sent again, so an entry is never applied twice by us.
 * On an error, the requests already running finish (their `onDone` still fires) and the first
 * error is thrown; the caller's `onDone` tallies say what was applied before it.
 */
export async function runBatches<E>(options: BatchRunOptions<E>): Promise<BatchRunResult<E>> {
  const run: ChunkRun = { requests: 0, stops: new RetryStops(options.maxRetries) };
  // Each chunk's leftovers keep their order, so chunk order is input order (no map of entries).
  const leftovers = await mapWithConcurrency(
    chunk(options.entries, options.chunkSize),
    options.concurrency,
    (first) => sendChunk(first, options, run),
  );
  return { unprocessed: leftovers.flat(), requests: run.requests, stops: run.stops };
}

interface ChunkRun {
  requests: number;
  stops: RetryStops;
}

/**
 * One request and the retries of its unprocessed remainder, until done, out of retries, or out
 * of retry time (backoffSettings.retryTimeMs); resolves to the entries still unprocessed then, in
 * their order in `first`.
 */
async function sendChunk<E>(
  first: E[],
  options: Pick<BatchRunOptions<E>, "maxRetries" | "send" | "onDone" | "onGiveUp">,
  run: ChunkRun,
): Promise<E[]> {
  let pending = first;
  const started = backoffSettings.now();
  for (let retry = 0; ; retry++) {
    run.requests += 1;
    const returned = new Set(await options.send(pending));
    const stillPending = pending.filter((entry) => returned.has(entry));
    const done = pending.filter((entry) => !returned.has(entry));
    if (done.length > 0) options.onDone?.(done);
    if (stillPending.length === 0) return stillPending;
    if (retry >= options.maxRetries) run.stops.atMaxRetries += 1;
    else if (!(await waitBeforeRetry(retry, started))) run.stops.timeLimit(retry);
    else {
      pending = stillPending;
      continue;
    }
    options.onGiveUp?.(stillPending);
    return stillPending;
  }
}

export interface BatchStreamOptions<E> extends Omit<BatchRunOptions<E>, "entries"> {
  /** Everything to send, produced as the requests need it (a file being read, say). */
  source: AsyncIterable<E> | Iterable<E>;
}

/** The first error among concurrent workers: once one is recorded, no new work starts. */
class FirstFailure {
  failed = false;
  error: unknown;

  record(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.error = error;
  }
}

/**
 * runBatchStream's source, read a chunk at a time: each read waits for the one before (so each
 * chunk holds consecutive entries), and no more is read once a request failed.
 */
class ChunkReader<E> {
  /** True once the source has given its last entry. */
  exhausted = false;
  private readonly iterator: Iterator<E> | AsyncIterator<E>;
  private reading: Promise<E[]> = Promise.resolve([]);

  constructor(
    source: AsyncIterable<E> | Iterable<E>,
    private readonly chunkSize: number,
    private readonly failure: FirstFailure,
  ) {
    this.iterator =
      Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  /** The next chunk, read after the one before (whether that read failed or not); [] at the end. */
  next(): Promise<E[]> {
    this.reading = this.reading.then(this.read, this.read);
    return this.reading;
  }

  /** Ends a source not read to its end (a generator's finally blocks run). */
  close(): unknown {
    return this.iterator.return?.();
  }

  private readonly read = async (): Promise<E[]> => {
    const entries: E[] = [];
    while (!this.exhausted && !this.failure.failed && entries.length < this.chunkSize) {
      const next = await this.iterator.next();
      if (next.done) this.exhausted = true;
      else entries.push(next.value);
    }
    return entries;
  };
}

/**
 * runBatches for entries that come from a source read as it goes: each of `concurrency` workers
 * takes the next `chunkSize` entries when its request is done, so at most `concurrency` chunks
 * are held at once, however long the source, and no request waits for another to finish. The
 * failure and retry rules are those of runBatches; unprocessed entries come in the order their
 * requests gave up.
 */
export async function runBatchStream<E>(
  options: BatchStreamOptions<E>,
): Promise<BatchRunResult<E>> {
  const failure = new FirstFailure();
  const chunks = new ChunkReader(options.source, options.chunkSize, failure);
  const run: ChunkRun = { requests: 0, stops: new RetryStops(options.maxRetries) };
  const leftovers: E[] = [];
  const worker = async (): Promise<void> => {
    while (!failure.failed) {
      let entries: E[];
      try {
        entries = await chunks.next();
      } catch (error) {
        // The source failed (a row that cannot be read): no new request starts.
        failure.record(error);
        return;
      }
      // Another request failed while this chunk was read: it is not sent.
      if (entries.length === 0 || failure.failed) return;
      try {
        leftovers.push(...(await sendChunk(entries, options, run)));
      } catch (error) {
        failure.record(error);
      }
    }
  };
  const workers = Math.max(1, Math.floor(options.concurrency) || 1);
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    if (!chunks.exhausted) await chunks.close();
  }
  if (failure.failed) throw failure.error;
  return { unprocessed: leftovers, requests: run.requests, stops: run.stops };
}

/**
 * The error of a batch that failed part way: the error's message followed by `progress` (what
 * was applied before it, a sentence), carrying `counts` (such as `written`) for a flow's error
 * handler. A ConnectionError stays one (rewordedConnectionError), so the platform still flags the
 * connection.
 */
export function failedPartWay(
  error: unknown,
  progress: string,
  counts: Record<string, number | string>,
): Error {
  const message = `${sentence(error)} ${progress}`;
  if (error instanceof ConnectionError) {
    return rewordedConnectionError(error, message, counts);
  }
  return Object.assign(error instanceof Error ? error : new Error(message), { message, ...counts });
}

/** Where an error of a batch that stopped early keeps the entries it left undone. */
const UNDONE = hiddenMark<readonly unknown[]>("undone");

/**
 * Marks the error of a batch that stopped early with the entries it left undone (not applied,
 * not confirmed, or still unprocessed), in input order, for the output layer to list in the
 * step's error as the output would (outputs/batch.ts). Kept out of sight (common/hiddenMarks.ts),
 * so that the raw DynamoDB values never reach a log or the platform as they are.
 */
export function withUndone<E>(error: Error, entries: readonly E[]): Error {
  return UNDONE.set(error, entries);
}

/** The entries withUndone marked `error` with, or undefined. */
export function undoneOf<E>(error: unknown): readonly E[] | undefined {
  return UNDONE.get(error) as readonly E[] | undefined;
}

/** Where an error of a batch that stopped early keeps what it had done that a flow may need. */
const DONE = hiddenMark<readonly unknown[]>("done");

/**
 * Marks the error of a batch that stopped early with what it had done that is not found again
 * elsewhere (the items a read had found), for the output layer to put in the step's error as the
 * output would, so that nothing done is lost with the failure. Kept out of sight, as withUndone's
 * entries are.
 */
export function withDone<D>(error: Error, done: readonly D[]): Error {
  return DONE.set(error, done);
}

/** What withDone marked `error` with, or undefined. */
export function doneOf<D>(error: unknown): readonly D[] | undefined {
  return DONE.get(error) as readonly D[] | undefined;
}

/**
 * A total deadline for each HTTP attempt, from sending the request to the last byte of the answer.
 *
 * The SDK's NodeHttpHandler bounds the connection (connectionTimeout) and the wait for the answer's
 * headers (requestTimeout), but not the body: an endpoint that sends headers and then one byte
 * every few seconds would hold a request forever, since each byte resets the socket's idle timer.
 * This handler is the SDK's own NodeHttpHandler with the body read inside the same deadline.
 * It runs once per attempt (below the SDK's retry middleware), so a request that passes the
 * deadline fails with a TimeoutError that the SDK's retry strategy retries like any timeout, and
 * the longest a request can take is Max Attempts x deadline plus the backoff between attempts.
 */
import type { Readable } from "node:stream";
import { NodeHttpHandler } from "@smithy/node-http-handler";

type HandleArguments = Parameters<NodeHttpHandler["handle"]>;
type HandleResult = Awaited<ReturnType<NodeHttpHandler["handle"]>>;

/** Settings of one handler; the timeouts are in milliseconds. */
export interface DeadlineSettings {
  /** The longest a TCP (and TLS) connection may take to open. */
  connectionTimeoutMs: number;
  /** The longest one attempt may take, from sending the request to the last byte of the answer. */
  attemptDeadlineMs: number;
  /** The largest answer body accepted, in bytes (MAX_ANSWER_BYTES unless a test lowers it). */
  maxAnswerBytes?: number;
}

/**
 * The largest answer body read, in bytes. DynamoDB's largest answers are a BatchGetItem of up to
 * 16 MB of items and a Query or Scan page of 1 MB (before the JSON encoding's overhead), see
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html; 64 MB
 * leaves room for that overhead, while an endpoint that sends more cannot fill the memory.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** The error of an answer larger than the cap; not a timeout, so the SDK does not retry it. */
function tooLargeError(maxBytes: number): Error {
  return Object.assign(
    new Error(
      `The endpoint's answer is larger than ${megabytes(maxBytes)}, more than any DynamoDB answer can be; it was not read. Check the Endpoint URL.`,
    ),
    { name: "AnswerTooLargeError" },
  );
}

/** Is this the error of an attempt that ran past its deadline? */
export function isDeadlineError(error: unknown): boolean {
  return (error as { $attemptDeadlineMs?: unknown } | null)?.$attemptDeadlineMs !== undefined;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The error of an attempt past its deadline. Named TimeoutError with code ETIMEDOUT so that the
 * SDK's retry strategy treats it as the timeout it is.
 */
function deadlineError(ms: number): Error {
  return Object.assign(
    new Error(
      `The endpoint answered too slowly: no complete answer within ${seconds(ms)}, the deadline of each attempt.`,
    ),
    { name: "TimeoutError", code: "ETIMEDOUT", $attemptDeadlineMs: ms },
  );
}

/** The error of an attempt its caller aborted (the SDK's own name and message for it). */
function callerAbortError(): Error {
  return Object.assign(new Error("Request aborted"), { name: "AbortError" });
}

function isReadable(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.on === "function";
}

/**
 * Reads a whole answer body of at most `maxBytes`; rejects if the stream ends early or grows past
 * `maxBytes` (the rest is not read). The deadline stops it by destroying `body` (a close before
 * the end rejects).
 */
function readBody(body: Readable, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    let size = 0;
    body.on("data", (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        ended = true;
        chunks.length = 0;
        reject(tooLargeError(maxBytes));
        body.destroy();
        return;
      }
      chunks.push(bytes);
    });
    body.once("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    body.once("error", reject);
    body.once("close", () => {
      if (!ended) {
        reject(
          Object.assign(
            new Error("The endpoint closed the connection before the answer was complete."),
            {
              name: "TimeoutError",
              code: "ECONNRESET",
            },
          ),
        );
      }
    });
  });
}

/**
 * The abort signal of one attempt, in the shape NodeHttpHandler reads (`aborted`, `onabort`):
 * it sets `onabort` and calls it on abort. A plain object rather than an AbortController, whose
 * creation and EventTarget listeners cost ~10-20 µs of CPU on every request (BENCHMARKS.md).
 */
class AttemptSignal {
  aborted = false;
  onabort: (() => void) | null = null;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.onabort?.();
  }
}

/**
 * NodeHttpHandler with a total deadline per attempt (see the module comment). The answer's body
 * is read within the deadline and handed to the SDK as bytes, which the SDK would read whole
 * anyway; an answer larger than MAX_ANSWER_BYTES is refused (AnswerTooLargeError).
 */
export class DeadlineHttpHandler extends NodeHttpHandler {
  private readonly deadlineMs: number;
  private readonly maxAnswerBytes: number;

  constructor(settings: DeadlineSettings) {
    super({
      connectionTimeout: settings.connectionTimeoutMs,
      // A backstop only: the deadline below fires first.
      requestTimeout: settings.attemptDeadlineMs + 1_000,
      throwOnRequestTimeout: true,
    });
    this.deadlineMs = settings.attemptDeadlineMs;
    this.maxAnswerBytes = settings.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  }

  /**
   * One attempt: the request and the whole answer body within the deadline. One promise settles
   * it (no race of two): at the deadline it rejects with deadlineError and the request (or its
   * body) is destroyed, freeing the socket.
   */
  override handle(...[request, options = {}]: HandleArguments): Promise<HandleResult> {
    const outer = options.abortSignal as AbortSignal | undefined;
    if (outer?.aborted) return Promise.reject(callerAbortError());
    const signal = new AttemptSignal();
    let body: Readable | undefined;
    return new Promise<HandleResult>((resolve, reject) => {
      let settled = false;
      const settle = (error: unknown, result?: HandleResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outer?.removeEventListener?.("abort", onCallerAbort);
        if (result) resolve(result);
        else reject(error);
      };
      // Settles first, then frees the socket: the request (or the answer being read) is destroyed.
      const stop = (error: Error) => {
        settle(error);
        signal.abort();
        body?.destroy();
      };
      const onCallerAbort = () => stop(callerAbortError());
      const timer = setTimeout(() => stop(deadlineError(this.deadlineMs)), this.deadlineMs);
      outer?.addEventListener?.("abort", onCallerAbort, { once: true });
      super.handle(request, { ...options, abortSignal: signal }).then((result) => {
        const answer = result.response.body;
        if (settled) {
          // The deadline won just before the answer came: its body is never read.
          if (isReadable(answer)) answer.destroy();
          return;
        }
        const declared = Number(result.response.headers?.["content-length"]);
        if (declared > this.maxAnswerBytes) {
          signal.abort();
          if (isReadable(answer)) answer.destroy();
          settle(tooLargeError(this.maxAnswerBytes));
          return;
        }
        if (!isReadable(answer)) {
          settle(undefined, result);
          return;
        }
        body = answer;
        readBody(answer, this.maxAnswerBytes).then((bytes) => {
          result.response.body = bytes;
          settle(undefined, result);
        }, settle);
      }, settle);
    });
  }
}

/**
 * The SDK's standard retry strategy (@smithy/core, StandardRetryStrategy): before retry n it waits
 * a random time up to min(base x 2^(n-1), 20 s), with a base of 1 s for throttling (less for other
 * errors), and up to 5 s more when the answer carries a retry-after hint.
 */
const SDK_THROTTLING_BACKOFF_BASE_MS = 1_000;
const SDK_MAX_BACKOFF_MS = 20_000;
const SDK_RETRY_AFTER_EXTRA_MS = 5_000;

/**
 * The longest one request can take, in ms: `maxAttempts` attempts of at most `attemptDeadlineMs`
 * each, and the SDK's longest wait before each retry. This is the bound the README states.
 */
export function requestBoundMs(maxAttempts: number, attemptDeadlineMs: number): number {
  let total = maxAttempts * attemptDeadlineMs;
  for (let retry = 1; retry < maxAttempts; retry++) {
    const backoff = Math.min(SDK_THROTTLING_BACKOFF_BASE_MS * 2 ** (retry - 1), SDK_MAX_BACKOFF_MS);
    total += backoff + SDK_RETRY_AFTER_EXTRA_MS;
  }
  return total;
}

/**
 * A total deadline for each HTTP attempt, from asking for a connection to the last byte of the
 * answer, and a connection timeout that counts only the opening of a connection.
 *
 * The SDK's NodeHttpHandler bounds the connection (connectionTimeout) and the wait for the answer's
 * headers (requestTimeout), but not the body: an endpoint that sends headers and then one byte
 * every few seconds would hold a request forever, since each byte resets the socket's idle timer.
 * Its connectionTimeout also starts when the request is made, so a request queued behind a full
 * pool of sockets failed as "did not establish a connection" without ever trying to connect.
 * This handler is the SDK's own NodeHttpHandler with the body read inside the same deadline, and
 * with its own agents, whose connection timeout starts when a socket starts to connect.
 *
 * It runs once per attempt (below the SDK's retry middleware), so a request that passes the
 * deadline fails with a TimeoutError that the SDK's retry strategy retries like any timeout, and
 * the longest a request can take is Max Attempts x deadline plus the backoff between attempts
 * (plus the time the process itself was busy, see PatientTimer).
 */
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { Readable } from "node:stream";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { megabytes } from "../common/limits";

type HandleArguments = Parameters<NodeHttpHandler["handle"]>;
type HandleResult = Awaited<ReturnType<NodeHttpHandler["handle"]>>;

/** Settings of one handler; the timeouts are in milliseconds. */
export interface DeadlineSettings {
  /** The longest a TCP (and TLS) connection may take to open, from the start of its opening. */
  connectionTimeoutMs: number;
  /**
   * The longest one attempt may take, from asking for a connection (waiting for a free one
   * included) to the last byte of the answer.
   */
  attemptDeadlineMs: number;
  /** The largest answer body accepted, in bytes (MAX_ANSWER_BYTES unless a test lowers it). */
  maxAnswerBytes?: number;
  /** The connections kept open per endpoint (MAX_SOCKETS unless a test lowers it). */
  maxSockets?: number;
  /** Tests only: the one certificate HTTPS trusts (a loopback TLS server's), not the usual CAs. */
  tlsCa?: string;
}

/**
 * The largest answer body read, in bytes. DynamoDB's largest answers are a BatchGetItem of up to
 * 16 MB of items and a Query or Scan page of 1 MB (before the JSON encoding's overhead), see
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html; 64 MB
 * leaves room for that overhead, while an endpoint that sends more cannot fill the memory.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * The connections each client keeps open to its endpoint: the SDK's own default (NodeHttpHandler's
 * maxSockets). A request that finds them all busy waits for one, inside its attempt's deadline.
 */
export const MAX_SOCKETS = 50;

/**
 * How late a timer must fire, in ms, to be taken as the process having been busy (synchronous
 * work of any step in the process): timers fire a few ms late under ordinary load.
 */
const BUSY_LATENESS_MS = 20;

/**
 * The error of an answer larger than the cap, declared so (nothing read) or found so while
 * reading (the rest not read); not a timeout, so the SDK does not retry it.
 */
function tooLargeError(maxBytes: number, declared: boolean): Error {
  const what = declared ? "it was not read" : `reading it stopped at ${megabytes(maxBytes)}`;
  return Object.assign(
    new Error(
      `The endpoint's answer is larger than ${megabytes(maxBytes)}, more than any DynamoDB answer can be; ${what}. Check the Endpoint URL.`,
    ),
    { name: "AnswerTooLargeError" },
  );
}

/** Is this the error of an attempt that ran past its deadline? */
export function isDeadlineError(error: unknown): boolean {
  return (error as { $attemptDeadlineMs?: unknown } | null)?.$attemptDeadlineMs !== undefined;
}

/**
 * Is this the error of an attempt whose deadline passed while it waited for a free connection
 * (so it was never sent)?
 */
export function isConnectionWaitError(error: unknown): boolean {
  return (error as { $waitedForConnection?: unknown } | null)?.$waitedForConnection === true;
}

function seconds(ms: number): string {
  const rounded = Math.round(ms);
  return rounded % 1000 === 0 ? `${rounded / 1000} s` : `${(rounded / 1000).toFixed(1)} s`;
}

/**
 * Is this the error of an attempt whose connection never opened (the connection timeout, or the
 * deadline while the connection was still being opened), so its request was never sent? Told by
 * the mark this module sets on those errors, never by their text. Looked for on its causes too.
 */
export function isUnopenedConnectionError(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    if ((current as { $connectionNeverOpened?: unknown }).$connectionNeverOpened === true) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The error of an attempt its caller aborted (the SDK's own name and message for it). */
function callerAbortError(): Error {
  return Object.assign(new Error("Request aborted"), { name: "AbortError" });
}

/**
 * The error of a connection that did not open in time. Named TimeoutError with code ETIMEDOUT so
 * that the SDK's retry strategy treats it as the timeout it is; marked as never opened
 * (isUnopenedConnectionError), since ETIMEDOUT is also the code of an answer that never came.
 */
function connectTimeoutError(ms: number, extraMs: number, tls: boolean): Error {
  const opening = tls
    ? "its DNS lookup, TCP connection and TLS handshake"
    : "its DNS lookup and TCP connection";
  return Object.assign(
    new Error(
      `Could not connect to the endpoint: ${opening} did not complete within ${seconds(ms)}, the connection timeout${busyNote(extraMs)}.`,
    ),
    { name: "TimeoutError", code: "ETIMEDOUT", $connectionNeverOpened: true },
  );
}

/** ", and N s more ..." when a timeout was extended because the process itself was busy. */
function busyNote(extraMs: number): string {
  if (extraMs <= 0) return "";
  const extra = extraMs < 1_000 ? `${Math.round(extraMs)} ms` : seconds(extraMs);
  return `, and ${extra} more given because this process was busy with other work`;
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
    // on rather than once: each listener runs at most once anyway (ended guards), and once
    // wraps and then removes each listener on every attempt. The stream is dropped after it.
    body.on("data", (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        ended = true;
        chunks.length = 0;
        reject(tooLargeError(maxBytes, false));
        body.destroy();
        return;
      }
      chunks.push(bytes);
    });
    body.on("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    body.on("error", reject);
    body.on("close", () => {
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

function onLastLook(timer: PatientTimer): void {
  timer.lastLookDone();
}

/**
 * Every running PatientTimer, and the process's one Node timer, set for the soonest of their due
 * times. Starting and stopping a PatientTimer (one per request attempt) adds it to and deletes it
 * from a Set: a Node timer made and cleared per attempt cost ~10 thousand instructions per
 * request (bench/notes.md, section 16), as Node makes and drops its list of timers of that
 * length each time. The Node timer is unref'd: a PatientTimer always runs beside a socket, a
 * connection being opened or a request that keeps the process alive, and an idle process must
 * not wait for it to exit.
 */
const clock: {
  running: Set<PatientTimer>;
  timer?: NodeJS.Timeout;
  dueAt: number;
  /** The setTimeout that set it: a test that swaps fake timers in or out makes it one that never fires. */
  setBy?: typeof setTimeout;
} = {
  running: new Set(),
  dueAt: Number.POSITIVE_INFINITY,
};

function watch(timer: PatientTimer): void {
  clock.running.add(timer);
  const { dueAt } = timer;
  if (!clock.timer || dueAt < clock.dueAt || clock.setBy !== setTimeout) setClock(dueAt);
}

function setClock(dueAt: number): void {
  if (clock.timer) clearTimeout(clock.timer);
  clock.dueAt = dueAt;
  clock.setBy = setTimeout;
  clock.timer = setTimeout(onClock, Math.max(1, Math.ceil(dueAt - performance.now())));
  clock.timer.unref();
}

/** Fires every PatientTimer that is due, then sets the Node timer for the soonest still running. */
function onClock(): void {
  clock.timer = undefined;
  clock.dueAt = Number.POSITIVE_INFINITY;
  const now = performance.now();
  const due: PatientTimer[] = [];
  for (const timer of clock.running) if (timer.dueAt <= now) due.push(timer);
  for (const timer of due) {
    clock.running.delete(timer);
    timer.fire();
  }
  let soonest = Number.POSITIVE_INFINITY;
  for (const timer of clock.running) soonest = Math.min(soonest, timer.dueAt);
  if (soonest < clock.dueAt) setClock(soonest);
}

/**
 * A timeout that does not fire for time the process itself was busy. Node runs due timers before
 * it reads the sockets, so after a long synchronous stall (another step's work) a plain timer
 * would fire for an answer that arrived during the stall and sits unread. When this timer fires
 * at least BUSY_LATENESS_MS late, it waits as long again as it was late (the process's lost
 * time), at most the timeout's own length in all. When it is up, the sockets are read once more
 * (setImmediate runs after the poll phase) before it expires, so what arrived by then counts.
 * So it expires at most 2 x its length after it started, plus the length of a stall that ends
 * past that point; never for time the process did not run, up to that cap.
 */
abstract class PatientTimer {
  private immediate: NodeJS.Immediate | undefined;
  /** When it is due, in performance.now() ms (the clock above reads it). */
  dueAt = 0;
  private allowanceMs = 0;
  /** The ms added because the process was busy. */
  protected extraMs = 0;

  /** Called once when the time is up. */
  protected abstract expire(): void;

  protected startTimer(ms: number): void {
    this.allowanceMs = ms;
    this.schedule(ms);
  }

  protected stopTimer(): void {
    clock.running.delete(this);
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private schedule(ms: number): void {
    this.dueAt = performance.now() + ms;
    watch(this);
  }

  /** Its due time came (the clock has stopped watching it). */
  fire(): void {
    const lateMs = performance.now() - this.dueAt;
    const extraMs = lateMs >= BUSY_LATENESS_MS ? Math.min(lateMs, this.allowanceMs) : 0;
    if (extraMs >= 1) {
      this.allowanceMs -= extraMs;
      this.extraMs += extraMs;
      this.schedule(extraMs);
      return;
    }
    this.immediate = setImmediate(onLastLook, this);
  }

  /** After the sockets were read once more (through onLastLook). */
  lastLookDone(): void {
    this.immediate = undefined;
    this.expire();
  }
}

/** A PatientTimer that calls a function when it expires. */
class CallbackTimer extends PatientTimer {
  constructor(private readonly onExpire: () => void) {
    super();
  }

  protected expire(): void {
    this.onExpire();
  }

  start(ms: number): this {
    this.startTimer(ms);
    return this;
  }

  cancel(): void {
    this.stopTimer();
  }
}

/**
 * Calls `onExpire` after `ms` of time the process could run (see PatientTimer: after a stall of
 * the process, at most 2 x `ms` plus the stall), unless cancelled first. For the bounded waits
 * outside a request's own attempt (waiting for a table or a backup), so that an answer that
 * arrived while another step kept the process busy is read before the wait is called over.
 */
export function patientTimeout(ms: number, onExpire: () => void): { cancel(): void } {
  return new CallbackTimer(onExpire).start(ms);
}

/** The attempt whose request carries these headers (an HttpRequest's headers object), until its agent sees it. */
const attemptsByHeaders = new WeakMap<object, Attempt>();

/** Sockets whose connection is still being opened (by an agent of this module). */
const socketsOpening = new WeakSet<Socket>();

/**
 * One attempt: its deadline, its state for the deadline's message, and the abort signal handed
 * to NodeHttpHandler, in the shape it reads (`aborted`, `onabort`): a plain object rather than an
 * AbortController, whose creation and EventTarget listeners cost ~10-20 µs of CPU on every
 * request (BENCHMARKS.md).
 */
class Attempt extends PatientTimer {
  aborted = false;
  onabort: (() => void) | null = null;
  /** Node's request, once the agent has it (attemptsByHeaders). */
  request: http.ClientRequest | undefined;
  private settled = false;
  private body: Readable | undefined;
  private readonly startedAt = performance.now();
  private readonly onCallerAbort: (() => void) | undefined;

  constructor(
    private readonly settings: Required<DeadlineSettings>,
    private readonly deadlineMs: number,
    private readonly resolve: (result: HandleResult) => void,
    private readonly reject: (error: unknown) => void,
    private readonly outer: AbortSignal | undefined,
  ) {
    super();
    this.startTimer(deadlineMs);
    if (outer) {
      this.onCallerAbort = () => this.stop(callerAbortError());
      outer.addEventListener?.("abort", this.onCallerAbort, { once: true });
    }
  }

  /** NodeHttpHandler's request ended, with the answer's head or an error. */
  settle(error: unknown, result?: HandleResult): void {
    if (this.settled) return;
    this.settled = true;
    this.stopTimer();
    if (this.onCallerAbort) this.outer?.removeEventListener?.("abort", this.onCallerAbort);
    if (result) this.resolve(result);
    else this.reject(error);
  }

  /** Settles first, then frees the socket: the request (or the answer being read) is destroyed. */
  private stop(error: Error): void {
    if (this.settled) return;
    this.settle(error);
    this.aborted = true;
    this.onabort?.();
    this.body?.destroy();
  }

  protected override expire(): void {
    this.stop(this.deadlineError());
  }

  /** The answer's head came: its body is read within the deadline, or refused when too large. */
  answered(result: HandleResult): void {
    const answer = result.response.body;
    if (this.settled) {
      // The deadline won just before the answer came: its body is never read.
      if (isReadable(answer)) answer.destroy();
      return;
    }
    const maxBytes = this.settings.maxAnswerBytes;
    const declared = Number(result.response.headers?.["content-length"]);
    if (declared > maxBytes) {
      this.stop(tooLargeError(maxBytes, true));
      if (isReadable(answer)) answer.destroy();
      return;
    }
    if (!isReadable(answer)) {
      this.settle(undefined, result);
      return;
    }
    this.body = answer;
    readBody(answer, maxBytes).then(
      (bytes) => {
        result.response.body = bytes;
        this.settle(undefined, result);
      },
      (error) => this.settle(error),
    );
  }

  /**
   * The error of an attempt past its deadline, saying where it was: waiting for a free
   * connection, opening one, waiting for the answer, or reading it. Named TimeoutError with code
   * ETIMEDOUT so that the SDK's retry strategy treats it as the timeout it is.
   */
  private deadlineError(): Error {
    const { deadlineMs: ms } = this;
    const deadline = `${seconds(ms)}, the deadline of each attempt${busyNote(this.extraMs)}`;
    const socket = this.request?.socket as Socket | null | undefined;
    let message: string;
    let waitedForConnection = false;
    let neverOpened = false;
    if (this.body) {
      message = `The endpoint answered too slowly: its answer began but was not complete within ${deadline}.`;
    } else if (this.request && !socket) {
      const waited = seconds(performance.now() - this.startedAt);
      waitedForConnection = true;
      message = `The request waited ${waited} for one of the ${this.settings.maxSockets} connections this connection's client keeps open to the endpoint, all busy with other requests, and was not sent: none became free within ${deadline}.`;
    } else if (socket && socketsOpening.has(socket)) {
      neverOpened = true;
      message = `Could not connect to the endpoint within ${deadline}: the connection was still being opened.`;
    } else {
      message = `The endpoint did not answer within ${deadline}.`;
    }
    return Object.assign(new Error(message), {
      name: "TimeoutError",
      code: "ETIMEDOUT",
      $attemptDeadlineMs: ms,
      $waitedForConnection: waitedForConnection,
      $connectionNeverOpened: neverOpened,
    });
  }
}

/** Watches one new socket's opening: it is destroyed if not open within the connection timeout. */
class ConnectWatch extends PatientTimer {
  constructor(
    private readonly socket: Socket,
    private readonly ms: number,
    private readonly tls: boolean,
  ) {
    super();
    socketsOpening.add(socket);
    const opened = () => {
      socketsOpening.delete(socket);
      this.stopTimer();
    };
    socket.once(tls ? "secureConnect" : "connect", opened);
    socket.once("close", opened);
    this.startTimer(ms);
  }

  protected override expire(): void {
    this.socket.destroy(connectTimeoutError(this.ms, this.extraMs, this.tls));
  }
}

type AddRequest = (request: http.ClientRequest, options: http.RequestOptions) => void;
type CreateConnection = (...args: unknown[]) => Socket | undefined;

/**
 * Makes `agent` (one of this handler's) time each connection's opening from its start, and hand
 * each request to its attempt (attemptsByHeaders), so that the deadline can tell whether the
 * request is still waiting for a free connection.
 */
function poolAgent<A extends http.Agent>(agent: A, connectionTimeoutMs: number, tls: boolean): A {
  const pooled = agent as A & { addRequest: AddRequest; createConnection: CreateConnection };
  const addRequest = pooled.addRequest;
  const createConnection = pooled.createConnection;
  pooled.addRequest = function (request, options) {
    const headers = options.headers;
    const attempt = headers && attemptsByHeaders.get(headers);
    if (attempt && headers) {
      attempt.request = request;
      attemptsByHeaders.delete(headers);
    }
    addRequest.call(this, request, options);
  };
  pooled.createConnection = function (...args) {
    const socket = createConnection.apply(this, args);
    if (socket) new ConnectWatch(socket, connectionTimeoutMs, tls);
    return socket;
  };
  return pooled;
}

/**
 * The length of the timer NodeHttpHandler sets on each request to a keep-alive agent
 * (@smithy/node-http-handler's DEFER_EVENT_LISTENER_TIME for setSocketKeepAlive), in ms.
 */
const SDK_KEEP_ALIVE_TIMER_MS = 3_000;

const discard = () => undefined;
/** NodeHttpHandler's logger: its only message here would be the full-pool warning. */
const SILENT_LOGGER = {
  trace: discard,
  debug: discard,
  info: discard,
  warn: discard,
  error: discard,
};

/**
 * NodeHttpHandler with a total deadline per attempt (see the module comment). The answer's body
 * is read within the deadline and handed to the SDK as bytes, which the SDK would read whole
 * anyway; an answer larger than MAX_ANSWER_BYTES is refused (AnswerTooLargeError).
 */
export class DeadlineHttpHandler extends NodeHttpHandler {
  private readonly settings: Required<DeadlineSettings>;

  constructor(settings: DeadlineSettings) {
    const maxSockets = settings.maxSockets ?? MAX_SOCKETS;
    const agentOptions = { keepAlive: true, maxSockets };
    const timeout = settings.connectionTimeoutMs;
    super({
      // No connectionTimeout or requestTimeout here: the SDK's start when the request is made
      // (the wait for a free socket counts as connecting) and fire for time the process was
      // busy. The agents time the connection, the attempt's deadline the rest.
      httpAgent: poolAgent(new http.Agent(agentOptions), timeout, false),
      httpsAgent: poolAgent(
        new https.Agent(settings.tlsCa ? { ...agentOptions, ca: settings.tlsCa } : agentOptions),
        timeout,
        true,
      ),
      // The SDK's warning of a full pool goes nowhere: the deadline's error says it. Its timer
      // has the length of the SDK's keep-alive timer, so both share one list of Node timers.
      socketAcquisitionWarningTimeout: SDK_KEEP_ALIVE_TIMER_MS,
      logger: SILENT_LOGGER,
    });
    this.settings = {
      tlsCa: settings.tlsCa ?? "",
      connectionTimeoutMs: timeout,
      attemptDeadlineMs: settings.attemptDeadlineMs,
      maxAnswerBytes: settings.maxAnswerBytes ?? MAX_ANSWER_BYTES,
      maxSockets,
    };
  }

  /**
   * One attempt: the wait for a connection, the request and the whole answer body within the
   * deadline (the handler's, or the call's `requestTimeout` when the caller gives one, as the
   * SDK's NodeHttpHandler takes it). One promise settles it (no race of two): at the deadline it
   * rejects with a TimeoutError saying where the attempt was, and the request (or its body) is
   * destroyed, freeing the socket.
   */
  override handle(...[request, options = {}]: HandleArguments): Promise<HandleResult> {
    const outer = options.abortSignal as AbortSignal | undefined;
    if (outer?.aborted) return Promise.reject(callerAbortError());
    const deadlineMs = options.requestTimeout || this.settings.attemptDeadlineMs;
    return new Promise<HandleResult>((resolve, reject) => {
      const attempt = new Attempt(this.settings, deadlineMs, resolve, reject, outer);
      attemptsByHeaders.set(request.headers, attempt);
      // No requestTimeout below: NodeHttpHandler's own timer would fire for busy time.
      const own = { ...options, abortSignal: attempt, requestTimeout: undefined };
      super.handle(request, own).then(
        (result) => attempt.answered(result),
        (error) => attempt.settle(error),
      );
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
 * each, and the SDK's longest wait before each retry. This is the bound docs/guides/errors-and-retries.md states.
 */
export function requestBoundMs(maxAttempts: number, attemptDeadlineMs: number): number {
  let total = maxAttempts * attemptDeadlineMs;
  for (let retry = 1; retry < maxAttempts; retry++) {
    const backoff = Math.min(SDK_THROTTLING_BACKOFF_BASE_MS * 2 ** (retry - 1), SDK_MAX_BACKOFF_MS);
    total += backoff + SDK_RETRY_AFTER_EXTRA_MS;
  }
  return total;
}

/**
 * A loopback HTTP proxy in front of DynamoDB Local that injects faults on a script: server
 * errors (500, 503, and HTML error pages), throttling, delays, dropped connections, answers that
 * trickle in one byte at a time, and errors that echo the request's credentials back. Tests point
 * a connection's Endpoint URL at it to see what the SDK's retries and the connector's own
 * handling do with failures that DynamoDB Local never produces by itself.
 *
 * Each request is matched by its operation (the X-Amz-Target header, e.g. "BatchWriteItem");
 * faults queued for that operation (or for every operation, "*") are used up one request at a
 * time, and a request with no fault left passes through unchanged. The proxy counts requests per
 * operation. It listens on 127.0.0.1 only, on a free port, holds nothing past close(), and never
 * keeps the process alive by itself.
 */
import http from "node:http";
import { clockSkewAnswer, sendCanned, stsThrottleAnswer } from "./credentialFaults";
import { afterLatency } from "./latencyFaults";
import { listenOnLoopback } from "./loopback";

/** What happens to one request. */
export type Fault =
  /** Forward it unchanged. */
  | { kind: "pass" }
  /**
   * Answer with a server error without forwarding (`applied: false`, the default), or forward it,
   * drop DynamoDB's answer and send the error (`applied: true`: the request took effect, but the
   * client is told it failed).
   */
  | { kind: "serverError"; status: 500 | 503; applied?: boolean }
  /** Answer HTTP 400 with a throttling error, without forwarding. */
  | {
      kind: "throttle";
      error?: "ProvisionedThroughputExceededException" | "ThrottlingException";
    }
  /** Hold the request this long, then forward it (unless the client has given up by then). */
  | { kind: "delay"; ms: number }
  /** Destroy the connection without an answer. */
  | { kind: "drop" }
  /**
   * Forward it, then send DynamoDB's answer with its headers (its full Content-Length) but only
   * the first `fraction` of its body (a half by default), and close the connection: an answer
   * cut short by the network after the request took effect.
   */
  | { kind: "cut"; fraction?: number }
  /**
   * Answer with any AWS JSON error without forwarding, such as
   * { status: 400, type: "UnrecognizedClientException", message: "The security token ..." }.
   */
  | { kind: "error"; status: number; type: string; message: string }
  /** Answer with an HTML error page, as a load balancer or proxy would, without forwarding. */
  | { kind: "html"; status: number }
  /**
   * Forward it, then send DynamoDB's answer with its headers at once but its body one byte every
   * `intervalMs`: an endpoint that keeps a connection busy without ever finishing an answer.
   */
  | { kind: "trickle"; intervalMs: number }
  /**
   * Answer HTTP 400 with an AWS JSON error of `type` (ValidationException by default) whose
   * message echoes what the request carried (its X-Amz-Security-Token, its headers and body) and
   * `secrets`, each as is, URL-encoded and base64-encoded: an endpoint that reflects credentials
   * back. A TransactionCanceledException carries the same echo as each cancellation reason.
   */
  | { kind: "echo"; type?: string; secrets?: string[] }
  /**
   * Answer HTTP 200 with a JSON body of about `bytes` bytes, sent in 64 KB chunks, with its
   * Content-Length declared or (`chunked`) not: an endpoint whose answer has no end in sight.
   */
  | { kind: "huge"; bytes: number; chunked?: boolean }
  /**
   * An endpoint whose clock runs `offsetMs` ahead of this machine's: a request signed further
   * than 5 minutes from that time is refused as AWS does, otherwise forwarded
   * (credentialFaults.ts's clockSkewAnswer; `withDate: false` hides the endpoint's time).
   */
  | { kind: "clockSkew"; offsetMs: number; withDate?: boolean };

/** One request as the proxy saw it. */
export interface SeenRequest {
  operation: string;
  fault: Fault["kind"];
  /** The access key the request was signed with (from its Authorization header). */
  accessKeyId?: string;
  /** The X-Amz-Security-Token it carried, if any (temporary credentials). */
  sessionToken?: string;
}

export interface FaultProxy {
  /** The URL to use as a connection's Endpoint URL. */
  endpoint: string;
  /**
   * Queues faults for the next requests of `operation` ("GetItem", "BatchWriteItem", ...; "*"
   * for any operation), in order. Faults queued for an operation come before those for "*".
   */
  inject(operation: string, ...faults: Fault[]): void;
  /** How many requests of `operation` arrived (all operations when omitted), faulted or not. */
  count(operation?: string): number;
  /** Every request so far, in arrival order. */
  readonly seen: readonly SeenRequest[];
  /** How many queued faults were not used yet. */
  pending(): number;
  /** Forgets queued faults and counts. */
  reset(): void;
  /** Stops listening, drops open connections and pending delays. Safe to call twice. */
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** DynamoDB Local's URL, such as http://127.0.0.1:8000. */
  upstream: string;
  /**
   * Answers a request that has no fault queued, instead of DynamoDB Local, when it returns an
   * answer (an AWS JSON body and status): for APIs DynamoDB Local lacks, such as a stream of
   * many shards (tools/streamFaults.ts).
   */
  answer?: (
    operation: string,
    body: Buffer,
  ) => Promise<{ status: number; body: unknown } | undefined>;
  /** Every relayed answer is held this long after DynamoDB Local gave it (latencyFaults.ts). */
  latencyMs?: number;
}

/** No delay may hold a request (and a test) longer than this. */
export const MAX_DELAY_MS = 60_000;
/** DynamoDB requests are at most a few MB; a larger body is refused rather than buffered. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const JSON_TYPE = "application/x-amz-json-1.0";

const ERROR_BODIES: Record<string, { status: number; type: string; message: string }> = {
  500: {
    status: 500,
    type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
    message: "Internal server error (injected by the fault proxy)",
  },
  503: {
    status: 503,
    type: "com.amazonaws.dynamodb.v20120810#ServiceUnavailable",
    message: "Service unavailable (injected by the fault proxy)",
  },
  ProvisionedThroughputExceededException: {
    status: 400,
    type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    message:
      "The level of configured provisioned throughput for the table was exceeded (injected by the fault proxy)",
  },
  ThrottlingException: {
    status: 400,
    type: "com.amazon.coral.availability#ThrottlingException",
    message: "Rate of requests exceeds the allowed throughput (injected by the fault proxy)",
  },
};

/** The forms in which the echo fault reflects each value. */
export function echoForms(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    Buffer.from(value, "utf8").toString("base64"),
    Buffer.from(value, "utf8").toString("base64url"),
  ];
}

function echoMessage(request: http.IncomingMessage, body: Buffer, secrets: string[]): string {
  const token = header(request, "x-amz-security-token");
  const values = [...(token ? [token] : []), ...secrets];
  const headers = JSON.stringify(request.headers);
  return [
    "The request was refused (echo injected by the fault proxy).",
    ...values.map((value) => `Echo: ${echoForms(value).join(" | ")}.`),
    `Headers: ${headers} | ${encodeURIComponent(headers)} | ${Buffer.from(headers).toString("base64")}.`,
    `Body: ${body.toString("utf8")} | ${body.toString("base64")}.`,
  ].join(" ");
}

/**
 * Sends the headers now and `body` one byte every `intervalMs`, until done or the client leaves;
 * the interval's timer is kept in `timers` (cleared on close) while it runs.
 */
function trickleBody(
  response: http.ServerResponse,
  body: Buffer,
  intervalMs: number,
  timers: Set<NodeJS.Timeout>,
): void {
  response.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    if (response.destroyed || sent >= body.length) {
      clearInterval(timer);
      timers.delete(timer);
      if (!response.destroyed) response.end();
      return;
    }
    response.write(body.subarray(sent, sent + 1));
    sent += 1;
  }, intervalMs);
  timers.add(timer);
}

function htmlPage(status: number): string {
  const title = `${status} ${http.STATUS_CODES[status] ?? "Error"}`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>The server is temporarily unable to service your request (injected by the fault proxy).</p></body></html>\n`;
}

/** "DynamoDB_20120810.GetItem" -> "GetItem"; a request without the header is "unknown". */
function operationOf(request: http.IncomingMessage): string {
  const value = header(request, "x-amz-target");
  if (!value) return "unknown";
  const dot = value.lastIndexOf(".");
  return dot === -1 ? value : value.slice(dot + 1);
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** "AWS4-HMAC-SHA256 Credential=AKIA.../20240101/us-east-1/dynamodb/aws4_request, ..." -> "AKIA...". */
function accessKeyOf(request: http.IncomingMessage): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(header(request, "authorization") ?? "")?.[1];
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    "Content-Type": JSON_TYPE,
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": "fault-proxy",
  });
  response.end(body);
}

/** A JSON answer of `bytes` bytes (a long string attribute), written as the socket drains. */
function sendHuge(response: http.ServerResponse, bytes: number, chunked: boolean): void {
  const head = '{"Item":{"id":{"S":"';
  const tail = '"}}}';
  const filler = Math.max(0, bytes - head.length - tail.length);
  response.writeHead(200, {
    "Content-Type": JSON_TYPE,
    ...(chunked ? {} : { "Content-Length": head.length + filler + tail.length }),
  });
  response.write(head);
  const chunk = Buffer.alloc(64 * 1024, "x");
  let left = filler;
  const pump = () => {
    while (left > 0 && !response.destroyed) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= part.length;
      if (!response.write(part)) {
        response.once("drain", pump);
        return;
      }
    }
    if (!response.destroyed) response.end(tail);
  };
  pump();
}

function sendError(response: http.ServerResponse, key: string): void {
  const error = ERROR_BODIES[key];
  sendJson(response, error.status, { __type: error.type, message: error.message });
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const queues = new Map<string, Fault[]>();
  const seen: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  // Keep-alive sockets to DynamoDB Local, closed with the proxy.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let closing: Promise<void> | undefined;

  const nextFault = (operation: string): Fault => {
    for (const key of [operation, "*"]) {
      const queue = queues.get(key);
      const fault = queue?.shift();
      if (fault) return fault;
    }
    return { kind: "pass" };
  };

  /** Forwards the request; `onAnswer` gets DynamoDB's answer (status, headers, body). */
  const forward = (
    request: http.IncomingMessage,
    body: Buffer,
    onAnswer: (status: number, headers: http.IncomingHttpHeaders, answer: Buffer) => void,
    onError: (error: Error) => void,
  ) => {
    const outgoing = http.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        // The Host header stays as the client signed it; DynamoDB Local does not check signatures.
        headers: request.headers,
        agent,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () =>
          onAnswer(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)),
        );
        answer.on("error", onError);
      },
    );
    outgoing.on("error", onError);
    outgoing.end(body);
  };

  const relay = (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer) => {
    forward(
      request,
      body,
      (status, headers, answer) =>
        afterLatency(options.latencyMs, timers, () => {
          if (response.destroyed) return;
          const { connection: _connection, "keep-alive": _keepAlive, ...rest } = headers;
          response.writeHead(status, { ...rest, "content-length": answer.length });
          response.end(answer);
        }),
      () => response.destroy(),
    );
  };

  /** Sends DynamoDB's answer: its headers now, its body one byte per interval (trickleBody). */
  const trickle = (
    response: http.ServerResponse,
    status: number,
    headers: http.IncomingHttpHeaders,
    answer: Buffer,
    intervalMs: number,
  ) => {
    if (response.destroyed) return;
    const { connection: _connection, "keep-alive": _keepAlive, ...rest } = headers;
    response.writeHead(status, { ...rest, "content-length": answer.length });
    trickleBody(response, answer, Math.min(Math.max(1, intervalMs), MAX_DELAY_MS), timers);
  };

  const handle = (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer) => {
    const operation = operationOf(request);
    const fault = nextFault(operation);
    seen.push({
      operation,
      fault: fault.kind,
      accessKeyId: accessKeyOf(request),
      sessionToken: header(request, "x-amz-security-token"),
    });
    switch (fault.kind) {
      case "pass":
        if (options.answer) {
          options.answer(operation, body).then(
            (answer) => {
              if (response.destroyed) return;
              if (answer) sendJson(response, answer.status, answer.body);
              else relay(request, response, body);
            },
            () => response.destroy(),
          );
          return;
        }
        relay(request, response, body);
        return;
      case "throttle":
        sendError(response, fault.error ?? "ProvisionedThroughputExceededException");
        return;
      case "serverError":
        if (!fault.applied) {
          sendError(response, String(fault.status));
          return;
        }
        forward(
          request,
          body,
          () => {
            if (!response.destroyed) sendError(response, String(fault.status));
          },
          () => response.destroy(),
        );
        return;
      case "drop":
        request.socket.destroy();
        return;
      case "cut":
        forward(
          request,
          body,
          (status, headers, answer) => {
            if (response.destroyed) return;
            const { connection: _connection, "keep-alive": _keepAlive, ...rest } = headers;
            response.writeHead(status, { ...rest, "content-length": answer.length });
            const part = Math.floor(
              answer.length * Math.min(Math.max(fault.fraction ?? 0.5, 0), 1),
            );
            response.write(answer.subarray(0, Math.min(part, answer.length - 1)), () =>
              response.destroy(),
            );
          },
          () => response.destroy(),
        );
        return;
      case "error":
        sendJson(response, fault.status, { __type: fault.type, message: fault.message });
        return;
      case "html": {
        const page = htmlPage(fault.status);
        response.writeHead(fault.status, {
          "Content-Type": "text/html; charset=utf-8",
          "Content-Length": Buffer.byteLength(page),
        });
        response.end(page);
        return;
      }
      case "echo": {
        const type = fault.type ?? "com.amazon.coral.validate#ValidationException";
        const message = echoMessage(request, body, fault.secrets ?? []);
        sendJson(response, 400, {
          __type: type,
          message,
          ...(type.endsWith("TransactionCanceledException")
            ? { CancellationReasons: [{ Code: "ConditionalCheckFailed", Message: message }] }
            : {}),
        });
        return;
      }
      case "huge":
        sendHuge(response, fault.bytes, fault.chunked === true);
        return;
      case "clockSkew": {
        const answer = clockSkewAnswer(request, fault.offsetMs, fault.withDate !== false);
        if (answer) {
          sendCanned(response, answer);
          return;
        }
        // Let through, with the endpoint's own time in the answer's Date header.
        forward(
          request,
          body,
          (status, headers, answer) => {
            if (response.destroyed) return;
            const {
              connection: _connection,
              "keep-alive": _keepAlive,
              date: _date,
              ...rest
            } = headers;
            response.sendDate = false;
            response.writeHead(status, {
              ...rest,
              date: new Date(Date.now() + fault.offsetMs).toUTCString(),
              "content-length": answer.length,
            });
            response.end(answer);
          },
          () => response.destroy(),
        );
        return;
      }
      case "trickle":
        forward(
          request,
          body,
          (status, headers, answer) => trickle(response, status, headers, answer, fault.intervalMs),
          () => response.destroy(),
        );
        return;
      case "delay": {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            // A client that gave up must not have its request applied behind its back.
            if (response.destroyed || request.socket.destroyed) return;
            relay(request, response, body);
          },
          Math.min(Math.max(0, fault.ms), MAX_DELAY_MS),
        );
        timers.add(timer);
        return;
      }
    }
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!request.socket.destroyed) handle(request, response, Buffer.concat(chunks));
    });
  });
  const loopback = await listenOnLoopback(server);

  return {
    endpoint: loopback.endpoint,
    inject(operation, ...faults) {
      const queue = queues.get(operation) ?? [];
      queue.push(...faults);
      queues.set(operation, queue);
    },
    count(operation) {
      return operation === undefined
        ? seen.length
        : seen.filter((request) => request.operation === operation).length;
    },
    seen,
    pending() {
      let total = 0;
      for (const queue of queues.values()) total += queue.length;
      return total;
    },
    reset() {
      queues.clear();
      seen.length = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        queues.clear();
        agent.destroy();
        resolve(loopback.close());
      });
      return closing;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A fake STS

export interface FakeStsOptions {
  /** The credentials AssumeRole hands out (a new session token is made per call). */
  accessKeyId: string;
  secretAccessKey: string;
  /** The session token of call N is `${sessionTokenPrefix}-N`; "session-token" by default. */
  sessionTokenPrefix?: string;
}

export interface FakeSts {
  /** The URL to put in clientSettings.stsEndpoint (the connector ignores AWS_ENDPOINT_URL_STS). */
  endpoint: string;
  /** The form parameters of every AssumeRole call (RoleArn, ExternalId, ...). */
  readonly calls: URLSearchParams[];
  /** The access key each call was signed with. */
  readonly signers: string[];
  /**
   * How long the credentials of the next answers last, in ms from the call; each answer takes
   * the first entry, and the last entry stays for every later answer.
   */
  expiries: number[];
  /** When set, AssumeRole is refused with this AccessDenied message (HTTP 403). */
  refuse?: string;
  /**
   * Other misbehaviour of every next call: "hang" never answers (until close), "garbage" answers
   * HTTP 200 with a body that is not XML, "trickle" sends a real answer one byte per second,
   * "throttle" answers STS's Throttling error.
   */
  fault?: "hang" | "garbage" | "trickle" | "throttle";
  close(): Promise<void>;
}

function xmlText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A loopback STS that answers AssumeRole (the query protocol, XML), for tests of assumed-role
 * connections without AWS. The connector reaches it through its test hook clientSettings.stsEndpoint.
 */
export async function startFakeSts(options: FakeStsOptions): Promise<FakeSts> {
  const held = new Set<http.ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const tokenPrefix = options.sessionTokenPrefix ?? "session-token";
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      fake.calls.push(params);
      fake.signers.push(accessKeyOf(request) ?? "");
      const number = fake.calls.length;
      response.setHeader("Content-Type", "text/xml");
      if (fake.fault === "hang") {
        held.add(response);
        response.on("close", () => held.delete(response));
        return;
      }
      if (fake.fault === "throttle") {
        sendCanned(response, stsThrottleAnswer(number));
        return;
      }
      if (fake.fault === "garbage") {
        response.end("this is not an STS answer {]");
        return;
      }
      if (fake.refuse !== undefined) {
        response.statusCode = 403;
        response.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${xmlText(fake.refuse)}</Message></Error><RequestId>fake-sts-${number}</RequestId></ErrorResponse>`,
        );
        return;
      }
      const lasts = fake.expiries.length > 1 ? fake.expiries.shift() : fake.expiries[0];
      const expiration = new Date(Date.now() + (lasts ?? 3_600_000)).toISOString();
      const answer = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${xmlText(options.accessKeyId)}</AccessKeyId>
      <SecretAccessKey>${xmlText(options.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${xmlText(tokenPrefix)}-${number}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKESTS:${xmlText(params.get("RoleSessionName") ?? "session")}</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/FakeRole/${xmlText(params.get("RoleSessionName") ?? "session")}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>fake-sts-${number}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
      if (fake.fault !== "trickle") {
        response.end(answer);
        return;
      }
      response.setHeader("Content-Length", Buffer.byteLength(answer));
      trickleBody(response, Buffer.from(answer), 1_000, timers);
    });
  });
  const loopback = await listenOnLoopback(server);
  const fake: FakeSts = {
    endpoint: loopback.endpoint,
    calls: [],
    signers: [],
    expiries: [3_600_000],
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const response of held) response.destroy();
        resolve(loopback.close());
      }),
  };
  return fake;
}

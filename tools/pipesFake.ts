/**
 * A loopback fake of the two AWS APIs the instant trigger's deploy and delete use, for tests
 * without AWS (DynamoDB Local has neither):
 *
 * - EventBridge (JSON 1.1: POST / with X-Amz-Target "AWSEvents.<Operation>"): CreateConnection,
 *   UpdateConnection, DeleteConnection, CreateApiDestination, UpdateApiDestination,
 *   DeleteApiDestination. Errors as the API reference documents them: HTTP 400 with
 *   {"__type": "ResourceAlreadyExistsException" | "ResourceNotFoundException" |
 *   "ThrottlingException", "message"}.
 * - EventBridge Pipes (REST JSON: POST/PUT/GET/DELETE /v1/pipes/{Name}): CreatePipe, UpdatePipe,
 *   DescribePipe, DeletePipe. Errors in the x-amzn-errortype header: ConflictException (409, an
 *   existing pipe or one busy changing), NotFoundException (404), ThrottlingException (429),
 *   ValidationException (400).
 *
 * A pipe goes through CREATING or UPDATING (and DELETING) for `settleAfter` DescribePipe calls,
 * then RUNNING (or the state `failNextPipe` names). Every request is recorded; throttling, and
 * requests left unanswered, can be queued per operation. Resources are not kept per region: a
 * request's region is recorded, and tests read it. Listens on 127.0.0.1 only, on a free port; never keeps the process alive.
 */
import http from "node:http";
import { listenOnLoopback } from "./loopback";

const ACCOUNT = "123456789012";

/** One request the fake received. */
export interface FakeRequest {
  service: "events" | "pipes";
  operation: string;
  /** The resource name the request is about. */
  name: string;
  /** The region the request was signed for (its SigV4 credential scope). */
  region: string;
  body: Record<string, unknown>;
}

interface FakePipe {
  arn: string;
  request: Record<string, unknown>;
  state: string;
  stateReason?: string;
  /** DescribePipe calls left before the state settles. */
  pending: number;
  /** What the state settles to: RUNNING, a failed state, or gone (after a delete). */
  settlesTo: string | "GONE";
}

export interface PipesFake {
  /** The URL for clientSettings.pipesEndpoint and clientSettings.eventsEndpoint. */
  endpoint: string;
  readonly requests: FakeRequest[];
  /** Connections, API destinations and pipes that exist now, by name. */
  readonly connections: Map<string, Record<string, unknown>>;
  readonly apiDestinations: Map<string, Record<string, unknown>>;
  readonly pipes: Map<string, FakePipe>;
  /** DescribePipe calls a pipe spends in CREATING/UPDATING/DELETING (default 1). */
  settleAfter: number;
  /** Queues `times` ThrottlingException answers for an operation (all operations: "*"). */
  throttle(operation: string, times: number): void;
  /** The next pipe created or updated settles in this failed state, with this reason. */
  failNextPipe?: { state: string; reason: string };
  /** The next `times` requests of an operation get no answer (until close). */
  hang(operation: string, times: number): void;
  /** Drops the throttling answers still queued. */
  clearThrottles(): void;
  /** Lets time pass: every pipe that is changing settles now (a deleted one is gone). */
  advance(): void;
  /** How many requests of an operation were received. */
  count(operation: string): number;
  close(): Promise<void>;
}

function eventsError(response: http.ServerResponse, type: string, message: string): void {
  response.statusCode = 400;
  response.setHeader("Content-Type", "application/x-amz-json-1.1");
  response.end(JSON.stringify({ __type: type, message }));
}

function pipesError(response: http.ServerResponse, status: number, type: string, message: string) {
  response.statusCode = status;
  response.setHeader("Content-Type", "application/json");
  response.setHeader(
    "x-amzn-errortype",
    `${type}:http://internal.amazon.com/coral/com.amazonaws.pipes/`,
  );
  response.end(JSON.stringify({ message }));
}

function sendJson(response: http.ServerResponse, value: unknown, type = "application/json"): void {
  response.statusCode = 200;
  response.setHeader("Content-Type", type);
  response.end(JSON.stringify(value));
}

const now = () => Math.floor(Date.now() / 1000);

/** Starts the fake on a free loopback port. */
export async function startPipesFake(): Promise<PipesFake> {
  const throttles = new Map<string, number>();
  const hangs = new Map<string, number>();
  const held = new Set<http.ServerResponse>();
  const region = "us-east-1";

  const take = (queue: Map<string, number>, operation: string): boolean => {
    for (const key of [operation, "*"]) {
      const left = queue.get(key) ?? 0;
      if (left > 0) {
        queue.set(key, left - 1);
        return true;
      }
    }
    return false;
  };
  const takeThrottle = (operation: string) => take(throttles, operation);
  /** Holds the answer of a hanging request; true when it was held. */
  const holdIfHanging = (operation: string, response: http.ServerResponse): boolean => {
    if (!take(hangs, operation)) return false;
    held.add(response);
    response.on("close", () => held.delete(response));
    return true;
  };

  const events = (
    operation: string,
    body: Record<string, unknown>,
    response: http.ServerResponse,
  ) => {
    const name = String(body.Name ?? "");
    const type = "application/x-amz-json-1.1";
    const isConnection = operation.endsWith("Connection");
    const store = isConnection ? fake.connections : fake.apiDestinations;
    const arn = `arn:aws:events:${region}:${ACCOUNT}:${isConnection ? "connection" : "api-destination"}/${name}/${"0".repeat(8)}`;
    const answer = isConnection
      ? {
          ConnectionArn: arn,
          ConnectionState: "AUTHORIZED",
          CreationTime: now(),
          LastModifiedTime: now(),
        }
      : {
          ApiDestinationArn: arn,
          ApiDestinationState: "ACTIVE",
          CreationTime: now(),
          LastModifiedTime: now(),
        };
    const what = isConnection ? "Connection" : "Api destination";
    if (operation.startsWith("Create")) {
      if (store.has(name))
        return eventsError(
          response,
          "ResourceAlreadyExistsException",
          `${what} ${name} already exists.`,
        );
      store.set(name, { ...body, Arn: arn });
      return sendJson(response, answer, type);
    }
    if (!store.has(name))
      return eventsError(
        response,
        "ResourceNotFoundException",
        `Failed to describe the ${what.toLowerCase()}(s). ${what} '${name}' does not exist.`,
      );
    if (operation.startsWith("Update")) {
      store.set(name, { ...store.get(name), ...body, Arn: arn });
      return sendJson(response, answer, type);
    }
    store.delete(name);
    return sendJson(
      response,
      isConnection ? { ConnectionArn: arn, ConnectionState: "DELETING" } : {},
      type,
    );
  };

  const describe = (name: string, pipe: FakePipe) => ({
    Arn: pipe.arn,
    Name: name,
    CurrentState: pipe.state,
    DesiredState: pipe.settlesTo === "GONE" ? "DELETED" : "RUNNING",
    ...(pipe.stateReason ? { StateReason: pipe.stateReason } : {}),
    Source: pipe.request.Source,
    SourceParameters: pipe.request.SourceParameters,
    Target: pipe.request.Target,
    RoleArn: pipe.request.RoleArn,
    CreationTime: now(),
    LastModifiedTime: now(),
  });

  const settle = (name: string, pipe: FakePipe) => {
    if (pipe.pending > 0) {
      pipe.pending -= 1;
      return;
    }
    if (pipe.settlesTo === "GONE") fake.pipes.delete(name);
    else pipe.state = pipe.settlesTo;
  };

  const busy = (pipe: FakePipe) => ["CREATING", "UPDATING", "DELETING"].includes(pipe.state);

  const change = (pipe: FakePipe, state: string) => {
    pipe.state = state;
    pipe.pending = fake.settleAfter;
    pipe.settlesTo = fake.failNextPipe?.state ?? "RUNNING";
    pipe.stateReason = fake.failNextPipe?.reason;
    fake.failNextPipe = undefined;
  };

  const pipes = (
    method: string,
    name: string,
    body: Record<string, unknown>,
    response: http.ServerResponse,
  ) => {
    const pipe = fake.pipes.get(name);
    const arn = `arn:aws:pipes:${region}:${ACCOUNT}:pipe/${name}`;
    if (method === "POST") {
      if (pipe)
        return pipesError(response, 409, "ConflictException", `Pipe ${name} already exists.`);
      if (
        typeof body.Source !== "string" ||
        typeof body.Target !== "string" ||
        typeof body.RoleArn !== "string"
      ) {
        return pipesError(
          response,
          400,
          "ValidationException",
          "Source, Target and RoleArn are required.",
        );
      }
      const created: FakePipe = { arn, request: body, state: "", pending: 0, settlesTo: "RUNNING" };
      change(created, "CREATING");
      fake.pipes.set(name, created);
      return sendJson(response, {
        Arn: arn,
        Name: name,
        CurrentState: "CREATING",
        DesiredState: "RUNNING",
      });
    }
    if (!pipe)
      return pipesError(response, 404, "NotFoundException", `Pipe ${name} does not exist.`);
    if (method === "GET") {
      const answer = describe(name, pipe);
      settle(name, pipe);
      return sendJson(response, answer);
    }
    if (busy(pipe))
      return pipesError(response, 409, "ConflictException", `Pipe ${name} is ${pipe.state}.`);
    if (method === "PUT") {
      if ("Source" in body)
        return pipesError(response, 400, "ValidationException", "Source cannot be updated.");
      const { SourceParameters, ...rest } = body;
      const previous = (pipe.request.SourceParameters ?? {}) as Record<
        string,
        Record<string, unknown>
      >;
      const update = (SourceParameters ?? {}) as Record<string, Record<string, unknown>>;
      pipe.request = {
        ...pipe.request,
        ...rest,
        SourceParameters: {
          ...previous,
          ...update,
          DynamoDBStreamParameters: {
            ...previous.DynamoDBStreamParameters,
            ...update.DynamoDBStreamParameters,
          },
        },
      };
      change(pipe, "UPDATING");
      return sendJson(response, {
        Arn: arn,
        Name: name,
        CurrentState: "UPDATING",
        DesiredState: "RUNNING",
      });
    }
    pipe.state = "DELETING";
    pipe.pending = fake.settleAfter;
    pipe.settlesTo = "GONE";
    return sendJson(response, {
      Arn: arn,
      Name: name,
      CurrentState: "DELETING",
      DesiredState: "DELETED",
    });
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const target = String(request.headers["x-amz-target"] ?? "");
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(request.headers.authorization));
      const signedFor = scope?.[1] ?? "";
      const path = (request.url ?? "").split("?")[0];
      if (target.startsWith("AWSEvents.")) {
        const operation = target.slice("AWSEvents.".length);
        const name = String(body.Name ?? "");
        fake.requests.push({ service: "events", operation, name, region: signedFor, body });
        if (holdIfHanging(operation, response)) return;
        if (takeThrottle(operation))
          return eventsError(response, "ThrottlingException", "Rate exceeded");
        return events(operation, body, response);
      }
      const match = /^\/v1\/pipes\/([^/]+)$/.exec(path);
      if (!match)
        return pipesError(response, 404, "UnknownOperationException", `No route for ${path}.`);
      const name = decodeURIComponent(match[1]);
      const method = request.method ?? "GET";
      const operation =
        { POST: "CreatePipe", PUT: "UpdatePipe", GET: "DescribePipe", DELETE: "DeletePipe" }[
          method
        ] ?? method;
      fake.requests.push({ service: "pipes", operation, name, region: signedFor, body });
      if (holdIfHanging(operation, response)) return;
      if (takeThrottle(operation))
        return pipesError(response, 429, "ThrottlingException", "Rate exceeded");
      return pipes(method, name, body, response);
    });
  });
  const loopback = await listenOnLoopback(server);
  const fake: PipesFake = {
    endpoint: loopback.endpoint,
    requests: [],
    connections: new Map(),
    apiDestinations: new Map(),
    pipes: new Map(),
    settleAfter: 1,
    throttle: (operation, times) =>
      throttles.set(operation, (throttles.get(operation) ?? 0) + times),
    hang: (operation, times) => hangs.set(operation, (hangs.get(operation) ?? 0) + times),
    clearThrottles: () => throttles.clear(),
    advance: () => {
      for (const [name, pipe] of [...fake.pipes]) {
        pipe.pending = 0;
        settle(name, pipe);
      }
    },
    count: (operation) => fake.requests.filter((seen) => seen.operation === operation).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        resolve(loopback.close());
      }),
  };
  return fake;
}

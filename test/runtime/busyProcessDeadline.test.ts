/**
 * The per-attempt deadline (src/aws/attemptDeadline.ts) does not fire for time the process itself was busy.
 * Node runs due timers before it reads the sockets: after another step's long synchronous work,
 * a plain deadline fired for an answer that had arrived during the stall, and the SDK retried a
 * write that had been applied ("Another tenant's write applied twice", issue 18 case 1). Here a
 * loopback endpoint answers at once and the process then stalls well past the deadline.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { DeadlineHttpHandler, isDeadlineError } from "../../src/aws/attemptDeadline";

const DEADLINE_MS = 300;
/** The stall: 2 s longer than the deadline, as a long synchronous import check would be. */
const STALL_MS = DEADLINE_MS + 2_000;
const ANSWER = JSON.stringify({ Attributes: { n: { N: "1" } } });

let server: http.Server;
let endpoint: string;
let requestsReceived = 0;
/** What the endpoint does with each request. */
let behaviour: "answer" | "hang" = "answer";

jest.setTimeout(15_000);

/** Blocks the event loop for `ms`, as synchronous work of another step does. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy: nothing else in the process runs.
  }
}

beforeAll(async () => {
  server = http.createServer((incoming, response) => {
    incoming.resume();
    incoming.on("end", () => {
      requestsReceived += 1;
      if (behaviour === "answer") {
        response.writeHead(200, {
          "content-type": "application/x-amz-json-1.0",
          "content-length": Buffer.byteLength(ANSWER),
        });
        response.end(ANSWER);
      }
      // The answer (if any) is on its way to the client when the process stalls; a retry (the
      // write applied twice) is answered without a stall.
      if (requestsReceived === 1) stall(STALL_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requestsReceived = 0;
});

function client(): DynamoDBClient {
  return new DynamoDBClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 3,
    requestHandler: new DeadlineHttpHandler({
      connectionTimeoutMs: 1_000,
      attemptDeadlineMs: DEADLINE_MS,
    }),
  });
}

describe("an attempt's deadline while the process is busy", () => {
  it("takes an answer that arrived during a stall longer than the deadline: one request, no retry", async () => {
    const dynamodb = client();
    try {
      const answer = await dynamodb.send(
        new UpdateItemCommand({
          TableName: "counters",
          Key: { id: { S: "c-1" } },
          UpdateExpression: "ADD n :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      expect(answer.Attributes).toEqual({ n: { N: "1" } });
      expect(answer.$metadata.attempts).toBe(1);
      expect(requestsReceived).toBe(1);
    } finally {
      dynamodb.destroy();
    }
  });

  it("still ends an attempt the endpoint never answers, at most one more deadline after the stall", async () => {
    behaviour = "hang";
    const handler = new DeadlineHttpHandler({
      connectionTimeoutMs: 1_000,
      attemptDeadlineMs: DEADLINE_MS,
    });
    const started = performance.now();
    try {
      const error = await handler
        .handle({
          protocol: "http:",
          hostname: "127.0.0.1",
          port: Number(new URL(endpoint).port),
          method: "POST",
          path: "/",
          headers: { host: new URL(endpoint).host },
          query: {},
          body: "{}",
        } as never)
        .then(
          () => undefined,
          (failure: Error) => failure,
        );
      const elapsed = performance.now() - started;
      expect(isDeadlineError(error)).toBe(true);
      expect(error?.message).toBe(
        "The endpoint did not answer within 0.3 s, the deadline of each attempt, and 300 ms more given because this process was busy with other work.",
      );
      // The stall, then the allowance (as long as the deadline), then it expires on time.
      expect(elapsed).toBeGreaterThanOrEqual(STALL_MS + DEADLINE_MS - 20);
      expect(elapsed).toBeLessThan(STALL_MS + DEADLINE_MS + 1_000);
      expect(requestsReceived).toBe(1);
    } finally {
      behaviour = "answer";
      handler.destroy();
    }
  });
});

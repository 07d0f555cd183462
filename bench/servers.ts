/**
 * Two loopback servers the benchmark counts calls with: a proxy in front of DynamoDB Local that
 * counts X-Amz-Target per request, and a fake STS that answers AssumeRole. Both listen on
 * 127.0.0.1 only, on a free port.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ListeningServer {
  url: string;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

function closer(server: http.Server, agent?: http.Agent): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      agent?.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export interface CountingProxy extends ListeningServer {
  /** Requests seen since the last reset, by operation (the X-Amz-Target suffix, e.g. GetItem). */
  counts(): Record<string, number>;
  total(): number;
  /** Session tokens (X-Amz-Security-Token) the requests were signed with, with their counts. */
  sessionTokens(): Record<string, number>;
  reset(): void;
}

/** Forwards every request to `target` unchanged and counts it by X-Amz-Target. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  let counts: Record<string, number> = {};
  let tokens: Record<string, number> = {};
  const server = http.createServer(async (request, response) => {
    const operation = String(request.headers["x-amz-target"] ?? "(none)").replace(/^.*\./, "");
    counts[operation] = (counts[operation] ?? 0) + 1;
    const token = request.headers["x-amz-security-token"];
    if (typeof token === "string") tokens[token] = (tokens[token] ?? 0) + 1;
    try {
      const body = await readBody(request);
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
          agent,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forward.on("error", (error) => {
        response.writeHead(502);
        response.end(String(error));
      });
      forward.end(body);
    } catch (error) {
      response.writeHead(502);
      response.end(String(error));
    }
  });
  const url = await listen(server);
  return {
    url,
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    sessionTokens: () => ({ ...tokens }),
    reset: () => {
      counts = {};
      tokens = {};
    },
    close: closer(server, agent),
  };
}

export const FAKE_SESSION_TOKEN = "bench-assumed-role-session-token";

export interface FakeSts extends ListeningServer {
  /** AssumeRole calls answered so far. */
  calls(): number;
  /** The form parameters of the last AssumeRole call (RoleArn, ExternalId, ...). */
  lastParams(): Record<string, string>;
  reset(): void;
}

/**
 * Answers AssumeRole (the AWS Query protocol: a form body in, XML out) with credentials valid for
 * `lifetimeSeconds`. DynamoDB Local keeps tables per access key, so the assumed-role access key is
 * the caller's own: the assumed credentials then see the same tables. The session token marks
 * requests that were signed with the assumed credentials.
 */
export async function startFakeSts(accessKeyId: string, lifetimeSeconds = 3600): Promise<FakeSts> {
  let calls = 0;
  let last: Record<string, string> = {};
  const server = http.createServer(async (request, response) => {
    const params = Object.fromEntries(new URLSearchParams((await readBody(request)).toString()));
    if (params.Action !== "AssumeRole") {
      response.writeHead(400, { "Content-Type": "text/xml" });
      response.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Only AssumeRole is faked, not ${params.Action}.</Message></Error><RequestId>bench</RequestId></ErrorResponse>`,
      );
      return;
    }
    calls += 1;
    last = params;
    const expiration = new Date(Date.now() + lifetimeSeconds * 1000).toISOString();
    response.writeHead(200, { "Content-Type": "text/xml" });
    response.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>bench-assumed-secret</SecretAccessKey>
      <SessionToken>${FAKE_SESSION_TOKEN}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROABENCH:${params.RoleSessionName ?? "bench"}</AssumedRoleId>
      <Arn>${params.RoleArn ?? ""}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>bench-${calls}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`);
  });
  const url = await listen(server);
  return {
    url,
    calls: () => calls,
    lastParams: () => ({ ...last }),
    reset: () => {
      calls = 0;
      last = {};
    },
    close: closer(server),
  };
}

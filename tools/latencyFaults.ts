/**
 * Per-call latency for the loopback fault proxy (tools/faultProxy.ts), and the proxy in a child
 * process of its own.
 *
 * Latency: with FaultProxyOptions.latencyMs, every answer the proxy relays from DynamoDB Local is
 * held that long after DynamoDB Local gave it: the request has taken effect, its answer is late.
 *
 * A proxy in its own process keeps answering while the test's process is blocked, as a real
 * endpoint does: the way to test what happens to requests in flight when one step's synchronous
 * work stalls the process (startFaultProxyProcess). Its child runs this file with ts-node.
 */
import { type ChildProcess, fork } from "node:child_process";
import type { FaultProxyOptions } from "./faultProxy";

/** No latency may hold an answer (and a test) longer than this. */
export const MAX_LATENCY_MS = 60_000;

/**
 * Runs `send` after `latencyMs` (at once when 0 or absent); the timer is kept in `timers` (which
 * the proxy clears on close) while it waits.
 */
export function afterLatency(
  latencyMs: number | undefined,
  timers: Set<NodeJS.Timeout>,
  send: () => void,
): void {
  if (!latencyMs || latencyMs <= 0) {
    send();
    return;
  }
  const timer = setTimeout(
    () => {
      timers.delete(timer);
      send();
    },
    Math.min(latencyMs, MAX_LATENCY_MS),
  );
  timers.add(timer);
}

/** A fault proxy running in a child process. */
export interface RemoteFaultProxy {
  /** The URL to use as a connection's Endpoint URL. */
  endpoint: string;
  /** How many requests of `operation` arrived (all operations when omitted). */
  count(operation?: string): Promise<number>;
  /** Stops the child. Safe to call twice. */
  close(): Promise<void>;
}

type ChildMessage = { endpoint: string } | { id: number; count: number };
type ParentMessage = { id: number; count?: string | null };

/** The longest a child may take to start (ts-node compiles the proxy first). */
const START_TIMEOUT_MS = 30_000;
/** The longest a child may take to answer a count. */
const COUNT_TIMEOUT_MS = 10_000;

/**
 * Starts startFaultProxy(options) in a child process (ts-node, transpile only) and resolves once
 * it listens. Faults cannot be injected into it; its latencyMs applies to every request.
 */
export function startFaultProxyProcess(options: FaultProxyOptions): Promise<RemoteFaultProxy> {
  const child = fork(__filename, [JSON.stringify(options)], {
    execArgv: ["-r", "ts-node/register/transpile-only"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 0;
  const waiting = new Map<number, (count: number) => void>();
  child.on("message", (message: ChildMessage) => {
    if ("id" in message) waiting.get(message.id)?.(message.count);
  });
  const close = once(() => stopChild(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`The fault proxy process did not start within ${START_TIMEOUT_MS} ms.`));
    }, START_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The fault proxy process exited (code ${code}) before it listened.`));
    });
    child.once("message", (message: ChildMessage) => {
      if (!("endpoint" in message)) return;
      clearTimeout(timer);
      resolve({
        endpoint: message.endpoint,
        count(operation) {
          const id = nextId++;
          return new Promise<number>((answer, fail) => {
            const stop = setTimeout(() => {
              waiting.delete(id);
              fail(
                new Error(`The fault proxy process did not answer within ${COUNT_TIMEOUT_MS} ms.`),
              );
            }, COUNT_TIMEOUT_MS);
            waiting.set(id, (count) => {
              clearTimeout(stop);
              waiting.delete(id);
              answer(count);
            });
            child.send({ id, count: operation ?? null } satisfies ParentMessage);
          });
        },
        close,
      });
    });
  });
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= run();
    return done;
  };
}

/** Ends the child (SIGTERM, then SIGKILL after 2 s) and resolves when it has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 2_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** The child: starts the proxy, reports its endpoint, answers counts, exits with its parent. */
async function runChild(): Promise<void> {
  const { startFaultProxy } = await import("./faultProxy");
  const proxy = await startFaultProxy(JSON.parse(process.argv[2] ?? "{}") as FaultProxyOptions);
  process.on("message", (message: ParentMessage) => {
    const count = proxy.count(message.count ?? undefined);
    process.send?.({ id: message.id, count } satisfies ChildMessage);
  });
  // The IPC channel closes with the parent: a test that dies leaves no proxy behind.
  process.on("disconnect", () => {
    void proxy.close().then(() => process.exit(0));
  });
  process.send?.({ endpoint: proxy.endpoint } satisfies ChildMessage);
}

if (require.main === module && process.send) {
  void runChild();
}

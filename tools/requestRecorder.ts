/**
 * A recording proxy in front of DynamoDB Local, for tests of what a step sends: the fault proxy
 * (faultProxy.ts) with every request's operation (its X-Amz-Target, such as "GetItem" or
 * "GetRecords") and JSON input kept in arrival order. Operations DynamoDB Local lacks (backups,
 * point-in-time recovery, tags) are answered by `fakes`, shaped as the DynamoDB API Reference
 * documents their answers; a fake may also answer an error, or nothing (pass through).
 */
import { type FaultProxy, startFaultProxy } from "./faultProxy";

/** One request as the proxy saw it. */
export interface RecordedRequest {
  operation: string;
  /** The request's JSON body (the API's request shape), or undefined if it was not JSON. */
  input: unknown;
}

/** An answer in DynamoDB Local's place: status and JSON body (an error: `{__type, message}`). */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

/**
 * Answers one operation's request from its input, or passes it on (undefined); a fake that
 * needs DynamoDB Local or its own state (exportImportFake.ts, globalTablesFake.ts) may answer
 * later.
 */
export type Fake = (
  input: Record<string, unknown>,
) => FakeAnswer | undefined | Promise<FakeAnswer | undefined>;

export interface RecordingProxy {
  /** The URL to use as a connection's Endpoint URL. */
  endpoint: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The fakes by operation; a test may set or delete one between runs. */
  readonly fakes: Map<string, Fake>;
  /** Forgets the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

function parsed(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Starts a recording proxy to `upstream` (DynamoDB Local's URL), answering `fakes` itself. */
export async function startRecordingProxy(
  upstream: string,
  fakes: Record<string, Fake> = {},
): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const byOperation = new Map(Object.entries(fakes));
  const proxy: FaultProxy = await startFaultProxy({
    upstream,
    answer: async (operation, body) => {
      const input = parsed(body);
      requests.push({ operation, input });
      const fake = byOperation.get(operation);
      return fake ? fake((input ?? {}) as Record<string, unknown>) : undefined;
    },
  });
  return {
    endpoint: proxy.endpoint,
    requests,
    fakes: byOperation,
    reset: () => {
      requests.length = 0;
      proxy.reset();
    },
    close: () => proxy.close(),
  };
}

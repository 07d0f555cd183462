/**
 * Unprocessed items for the loopback fault proxy (tools/faultProxy.ts, its `answer` option):
 * DynamoDB answers a throttled BatchWriteItem or BatchGetItem with a partial success, which
 * DynamoDB Local never does. Here each table's part of a batch request is cut: the first writes
 * or keys are forwarded to DynamoDB Local (so they really take effect, or are really read) and
 * the rest come back as UnprocessedItems / UnprocessedKeys, as the API reference documents
 * them (the keys with their table's read options). Every write and key forwarded is counted, so
 * a test can see that nothing was sent twice.
 */
import http from "node:http";

/** How many of one table's `count` writes or keys in one request to leave unprocessed. */
export type LeavePolicy = (table: string, count: number, operation: string) => number;

/** By default a third of each table's part of every request (rounded down) is left over. */
const LEAVE_A_THIRD: LeavePolicy = (_table, count) => Math.floor(count / 3);

export interface UnprocessedItemsOptions {
  /** DynamoDB Local's URL. */
  upstream: string;
  /** The access key and region the requests are signed for: DynamoDB Local keeps a database each. */
  accessKeyId: string;
  region: string;
  leave?: LeavePolicy;
}

export interface UnprocessedItems {
  /** The fault proxy's `answer` option. */
  answer(operation: string, body: Buffer): Promise<{ status: number; body: unknown } | undefined>;
  /**
   * How many times each write or key reached DynamoDB Local, by operation, table and the write
   * (its PutRequest item or DeleteRequest key) or key as JSON text.
   */
  forwarded(operation: string, table: string): Map<string, number>;
  /** The tables of every batch request that arrived, in arrival order. */
  readonly requests: { operation: string; tables: string[] }[];
  /** Forgets the counts. */
  reset(): void;
}

type Json = Record<string, unknown>;

/** One request to DynamoDB Local, signed for its access key and region (it checks no signature). */
export function post(
  options: UnprocessedItemsOptions,
  operation: string,
  body: unknown,
): Promise<{ status: number; body: Json }> {
  const upstream = new URL(options.upstream);
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: "POST",
        path: "/",
        headers: {
          "Content-Type": "application/x-amz-json-1.0",
          "Content-Length": Buffer.byteLength(text),
          "X-Amz-Target": `DynamoDB_20120810.${operation}`,
          "X-Amz-Date": "20240101T000000Z",
          Authorization: `AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/20240101/${options.region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
        },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          resolve({ status: answer.statusCode ?? 502, body: raw ? (JSON.parse(raw) as Json) : {} });
        });
        answer.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(text);
  });
}

/** Starts the unprocessed-items answerer; plug its `answer` into startFaultProxy's options. */
export function unprocessedItems(options: UnprocessedItemsOptions): UnprocessedItems {
  const leave = options.leave ?? LEAVE_A_THIRD;
  const counts = new Map<string, Map<string, number>>();
  const requests: { operation: string; tables: string[] }[] = [];

  const count = (operation: string, table: string, values: unknown[]) => {
    const key = `${operation}\u0000${table}`;
    const map = counts.get(key) ?? new Map<string, number>();
    counts.set(key, map);
    for (const value of values) {
      const text = JSON.stringify(value);
      map.set(text, (map.get(text) ?? 0) + 1);
    }
  };

  /** Splits each table's list: what is forwarded, and what comes back unprocessed. */
  const split = <T>(operation: string, items: Record<string, T[]>) => {
    const forward: Record<string, T[]> = {};
    const left: Record<string, T[]> = {};
    for (const [table, list] of Object.entries(items)) {
      const leftCount = Math.min(list.length, Math.max(0, leave(table, list.length, operation)));
      const sent = list.slice(0, list.length - leftCount);
      if (sent.length > 0) forward[table] = sent;
      if (leftCount > 0) left[table] = list.slice(list.length - leftCount);
    }
    return { forward, left };
  };

  const batchWrite = async (request: Json) => {
    const items = (request.RequestItems ?? {}) as Record<string, Json[]>;
    const { forward, left } = split("BatchWriteItem", items);
    if (Object.keys(forward).length === 0) return { status: 200, body: { UnprocessedItems: left } };
    const answer = await post(options, "BatchWriteItem", { ...request, RequestItems: forward });
    if (answer.status !== 200) return answer;
    const own = (answer.body.UnprocessedItems ?? {}) as Record<string, Json[]>;
    for (const [table, writes] of Object.entries(forward)) {
      const notDone = new Set((own[table] ?? []).map((write) => JSON.stringify(write)));
      const done = writes.filter((write) => !notDone.has(JSON.stringify(write)));
      count(
        "BatchWriteItem",
        table,
        done.map((write) => write.PutRequest ?? write.DeleteRequest),
      );
    }
    for (const [table, writes] of Object.entries(own))
      left[table] = [...writes, ...(left[table] ?? [])];
    return { status: 200, body: { ...answer.body, UnprocessedItems: left } };
  };

  const batchGet = async (request: Json) => {
    const items = (request.RequestItems ?? {}) as Record<string, Json>;
    const keys = Object.fromEntries(
      Object.entries(items).map(([table, read]) => [table, (read.Keys ?? []) as Json[]]),
    );
    const { forward, left } = split("BatchGetItem", keys);
    const unprocessed = Object.fromEntries(
      Object.entries(left).map(([table, list]) => [table, { ...items[table], Keys: list }]),
    );
    const forwardItems = Object.fromEntries(
      Object.entries(forward).map(([table, list]) => [table, { ...items[table], Keys: list }]),
    );
    if (Object.keys(forwardItems).length === 0) {
      return { status: 200, body: { Responses: {}, UnprocessedKeys: unprocessed } };
    }
    const answer = await post(options, "BatchGetItem", { ...request, RequestItems: forwardItems });
    if (answer.status !== 200) return answer;
    for (const [table, list] of Object.entries(forward)) count("BatchGetItem", table, list);
    const own = (answer.body.UnprocessedKeys ?? {}) as Record<string, Json>;
    for (const [table, read] of Object.entries(own)) {
      const more = (unprocessed[table]?.Keys ?? []) as Json[];
      unprocessed[table] = { ...read, Keys: [...((read.Keys ?? []) as Json[]), ...more] };
    }
    return { status: 200, body: { ...answer.body, UnprocessedKeys: unprocessed } };
  };

  return {
    async answer(operation, body) {
      if (operation !== "BatchWriteItem" && operation !== "BatchGetItem") return undefined;
      const request = JSON.parse(body.toString("utf8")) as Json;
      requests.push({ operation, tables: Object.keys((request.RequestItems ?? {}) as Json) });
      return operation === "BatchWriteItem" ? batchWrite(request) : batchGet(request);
    },
    forwarded: (operation, table) => counts.get(`${operation}\u0000${table}`) ?? new Map(),
    requests,
    reset() {
      counts.clear();
      requests.length = 0;
    },
  };
}

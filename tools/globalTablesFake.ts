/**
 * Global tables (version 2019.11.21) for DynamoDB Local, which has none: it answers an UpdateTable
 * with ReplicaUpdates "ValidationException: Nothing to update" and lists no Replicas. Plugged into
 * the fault proxy as its `answer` (tools/faultProxy.ts), this module answers those two calls the
 * way the DynamoDB API Reference documents them (API_UpdateTable, API_ReplicaDescription), on top
 * of the real table in DynamoDB Local, and passes every other request through:
 *
 * - UpdateTable with ReplicaUpdates: a Create adds a replica, a Delete starts removing one; the
 *   answer is the table's description (from DynamoDB Local) with its Replicas, TableStatus
 *   UPDATING and GlobalTableVersion 2019.11.21. Refused as DynamoDB refuses them: a replica that
 *   exists already or not at all, or a provisioned table (the fake has no auto scaling, which
 *   DynamoDB requires of a provisioned global table), with ValidationException; any change while
 *   a replica of the table is still changing, with ResourceInUseException.
 * - DescribeTable: DynamoDB Local's description with the table's replicas, each replica moving one
 *   state along its plan per DescribeTable (by default CREATING 0% → CREATING 50% → ACTIVE, and
 *   DELETING → DELETING → gone), the table UPDATING while one is changing, and a
 *   NEW_AND_OLD_IMAGES stream once it has replicas (DynamoDB turns one on).
 *
 * Each UpdateTable and DescribeTable request is recorded with its parsed body. Throttling and
 * other errors are injected with the fault proxy's own `inject`. The fake holds its state in
 * memory, per table name, for the life of the proxy.
 */
import http from "node:http";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./dynamoLocal";
import type { FaultProxyOptions } from "./faultProxy";

/** One state of a replica, as DescribeTable lists it; `gone` once DynamoDB no longer lists it. */
export type ReplicaState =
  | { status: string; description?: string; progress?: string }
  | { gone: true };

/** One request the fake answered, with its JSON body. */
export interface GlobalTablesRequest {
  operation: "UpdateTable" | "DescribeTable";
  body: Record<string, unknown>;
}

export interface GlobalTablesFake {
  /** The fault proxy's `answer` option. */
  answer: NonNullable<FaultProxyOptions["answer"]>;
  /** Every UpdateTable and DescribeTable request, in arrival order. */
  readonly requests: readonly GlobalTablesRequest[];
  /**
   * How the next Create (or Delete) of a replica in `region` goes: the states DescribeTable shows,
   * one per call, after the one UpdateTable answers with (the first); the last state stays.
   */
  plan(region: string, states: ReplicaState[]): void;
  /** Makes `table` a global table with an ACTIVE replica in `region`, as if added long ago. */
  addActiveReplica(table: string, region: string): void;
}

const CREATE_PLAN: ReplicaState[] = [
  { status: "CREATING", progress: "0" },
  { status: "CREATING", progress: "50" },
  { status: "ACTIVE" },
];
const DELETE_PLAN: ReplicaState[] = [
  { status: "DELETING" },
  { status: "DELETING" },
  { gone: true },
];
/** Replica statuses during which DynamoDB refuses another change of the table. */
const CHANGING = new Set(["CREATING", "UPDATING", "DELETING"]);
const ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";

interface FakeReplica {
  region: string;
  plan: ReplicaState[];
  step: number;
  /** What the Create asked for, listed as DynamoDB lists it. */
  settings: Record<string, unknown>;
}

type Answer = { status: number; body: unknown };

const error = (type: string, message: string): Answer => ({
  status: 400,
  body: { __type: `${type.includes("#") ? "" : ERROR_PREFIX}${type}`, message },
});

/**
 * Sends one JSON 1.0 request to DynamoDB Local and reads its answer. DynamoDB Local checks no
 * signature, but keeps one database per access key and region (without -sharedDb): the request
 * names the tests' (LOCAL_CREDENTIALS, LOCAL_REGION), as the connector's requests do.
 */
function callUpstream(upstream: URL, operation: string, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "content-length": Buffer.byteLength(payload),
          "x-amz-target": `DynamoDB_20120810.${operation}`,
          authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20240101/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
        },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: answer.statusCode ?? 502, body: text ? JSON.parse(text) : {} });
        });
        answer.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

/** The fake's answers; see the module's comment. `upstream` is DynamoDB Local's URL. */
export function globalTablesFake(options: { upstream: string }): GlobalTablesFake {
  const upstream = new URL(options.upstream);
  const tables = new Map<string, FakeReplica[]>();
  const plans = new Map<string, ReplicaState[]>();
  const requests: GlobalTablesRequest[] = [];

  const replicasOf = (table: string): FakeReplica[] => {
    const replicas = tables.get(table) ?? [];
    tables.set(table, replicas);
    return replicas;
  };
  const stateOf = (replica: FakeReplica) =>
    replica.plan[Math.min(replica.step, replica.plan.length - 1)];
  const listed = (replica: FakeReplica) => !("gone" in stateOf(replica));
  const takePlan = (region: string, fallback: ReplicaState[]) => {
    const plan = plans.get(region) ?? fallback;
    plans.delete(region);
    return plan;
  };

  /** DynamoDB Local's description of the table with the fake's replicas laid over it. */
  const describe = (table: Record<string, unknown>, name: string): Record<string, unknown> => {
    const replicas = replicasOf(name).filter(listed);
    if (replicas.length === 0 && !tables.get(name)?.length) return table;
    const changing = replicas.some((r) => CHANGING.has((stateOf(r) as { status: string }).status));
    return {
      ...table,
      TableStatus: changing ? "UPDATING" : table.TableStatus,
      GlobalTableVersion: "2019.11.21",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      Replicas: replicas.map((replica) => {
        const state = stateOf(replica) as {
          status: string;
          description?: string;
          progress?: string;
        };
        return {
          RegionName: replica.region,
          ReplicaStatus: state.status,
          ...(state.description ? { ReplicaStatusDescription: state.description } : {}),
          ...(state.progress ? { ReplicaStatusPercentProgress: state.progress } : {}),
          ...replica.settings,
        };
      }),
    };
  };

  const upstreamTable = async (name: string): Promise<Answer> =>
    callUpstream(upstream, "DescribeTable", { TableName: name });

  const updateTable = async (body: Record<string, unknown>): Promise<Answer | undefined> => {
    const updates = body.ReplicaUpdates as Record<string, Record<string, unknown>>[] | undefined;
    if (!updates) return undefined;
    const name = String(body.TableName);
    const found = await upstreamTable(name);
    if (found.status !== 200) return found;
    const table = (found.body as { Table: Record<string, unknown> }).Table;
    const replicas = replicasOf(name);
    if (
      replicas.some((r) => listed(r) && CHANGING.has((stateOf(r) as { status: string }).status))
    ) {
      return error(
        "ResourceInUseException",
        `Attempt to change a resource which is still in use: Table is being updated: ${name}`,
      );
    }
    for (const update of updates) {
      const create = update.Create;
      const remove = update.Delete;
      const region = String((create ?? remove)?.RegionName);
      const existing = replicas.find((r) => r.region === region && listed(r));
      if (create) {
        if (existing) {
          return error(
            "ValidationException",
            `Failed to create a the new replica of table with name: '${name}' because one or more replicas already existed as tables.`,
          );
        }
        const billing = (table.BillingModeSummary as { BillingMode?: string } | undefined)
          ?.BillingMode;
        if (billing !== "PAY_PER_REQUEST") {
          return error(
            "ValidationException",
            "Table write capacity should either be Pay-Per-Request or AutoScaled.",
          );
        }
        const settings = {
          ...(create.KMSMasterKeyId ? { KMSMasterKeyId: create.KMSMasterKeyId } : {}),
          ...(create.ProvisionedThroughputOverride
            ? { ProvisionedThroughputOverride: create.ProvisionedThroughputOverride }
            : {}),
          ...(create.TableClassOverride
            ? { ReplicaTableClassSummary: { TableClass: create.TableClassOverride } }
            : {}),
        };
        const index = replicas.findIndex((r) => r.region === region);
        if (index >= 0) replicas.splice(index, 1);
        replicas.push({ region, plan: takePlan(region, CREATE_PLAN), step: 0, settings });
      } else if (remove) {
        if (!existing) {
          return error(
            "ValidationException",
            "Update global table operation failed because one or more replicas were not part of the global table.",
          );
        }
        existing.plan = takePlan(region, DELETE_PLAN);
        existing.step = 0;
      }
    }
    return { status: 200, body: { TableDescription: describe(table, name) } };
  };

  const describeTable = async (body: Record<string, unknown>): Promise<Answer> => {
    const name = String(body.TableName);
    for (const replica of replicasOf(name)) replica.step += 1;
    const found = await upstreamTable(name);
    if (found.status !== 200) return found;
    const table = (found.body as { Table: Record<string, unknown> }).Table;
    return { status: 200, body: { Table: describe(table, name) } };
  };

  return {
    requests,
    plan: (region, states) => {
      plans.set(region, states);
    },
    addActiveReplica: (table, region) => {
      replicasOf(table).push({ region, plan: [{ status: "ACTIVE" }], step: 0, settings: {} });
    },
    answer: async (operation, raw) => {
      if (operation !== "UpdateTable" && operation !== "DescribeTable") return undefined;
      const body = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
      requests.push({ operation, body });
      return operation === "UpdateTable" ? updateTable(body) : describeTable(body);
    },
  };
}

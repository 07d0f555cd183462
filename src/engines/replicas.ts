import {
  type ReplicaDescription,
  type TableDescription,
  UpdateTableCommand,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { REGION_PATTERN } from "../aws/client";
import { errorMessage, withGivenHint } from "../aws/errors";
import { type Step, sendCommand } from "../aws/invocation";
import { printable } from "../common/text";
import { hintText } from "../errors/catalogue";
import { cut, InputError, show } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import {
  GLOBAL_TABLES_DOCS,
  type KmsKey,
  REPLICA_KMS_LABEL,
  REPLICA_READ_LABEL,
  REPLICA_REGION_LABEL,
  type TABLE_CLASSES,
} from "../inputs";
import { pollTable, WAIT_LIMIT_SECONDS } from "./tables";

/*
 * The DynamoDB work of the global tables actions (version 2019.11.21, the current one): Add and
 * Remove Replica are UpdateTable requests with ReplicaUpdates, Describe Replicas reads the
 * table's Replicas from DescribeTable. Requests are built by pure functions, checked against the
 * table's current description; the wait polls DescribeTable in the table's own region, which
 * lists every replica with its ReplicaStatus. The shapes and statuses are the DynamoDB API
 * Reference's (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/): API_UpdateTable,
 * API_ReplicationGroupUpdate, API_CreateReplicationGroupMemberAction,
 * API_DeleteReplicationGroupMemberAction and API_ReplicaDescription.
 */

/** The GlobalTableVersion of a legacy global table, which ReplicaUpdates cannot change. */
const LEGACY_VERSION = "2017.11.29";

/**
 * Replica statuses that waiting cannot turn into ACTIVE (API_ReplicaDescription): the creation
 * failed, the region is disabled, the KMS key is out of reach, replication is not authorized, or
 * the replica is being archived. DynamoDB removes a replica that stays inaccessible for 20 hours.
 */
const STUCK_STATUSES = new Set([
  "CREATION_FAILED",
  "REGION_DISABLED",
  "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
  "REPLICATION_NOT_AUTHORIZED",
  "ARCHIVING",
  "ARCHIVED",
]);

/** Add Replica's inputs, cleaned. */
export interface AddReplicaParams {
  tableName: string;
  replicaRegion: string;
  kmsKey?: KmsKey;
  tableClass?: (typeof TABLE_CLASSES)[number];
  readCapacityUnits?: number;
}

/** Remove Replica's inputs, cleaned. */
export interface RemoveReplicaParams {
  tableName: string;
  replicaRegion: string;
}

/** An UpdateTable request that names its table. */
export type ReplicaRequest = UpdateTableCommandInput & { TableName: string };

/** The replica of `region` in a table's description, if DynamoDB lists one. */
export function findReplica(
  table: TableDescription | undefined,
  region: string,
): ReplicaDescription | undefined {
  return table?.Replicas?.find((replica) => replica.RegionName === region);
}

/** The regions of a table's replicas with their status, for messages: "eu-west-1 (ACTIVE)". */
function replicaList(table: TableDescription): string {
  const replicas = (table.Replicas ?? []).map((r) => `${r.RegionName} (${r.ReplicaStatus})`);
  return replicas.length > 0 ? replicas.join(", ") : "none";
}

/**
 * Checks Replica Region before anything is sent: a region code (the pattern AWS Region takes)
 * other than `tableRegion`, the region the step works in, where the table itself is. Throws an
 * InputError naming the input.
 */
export function checkReplicaRegion(region: string, tableRegion: string, adding: boolean): void {
  if (!REGION_PATTERN.test(region)) {
    throw new InputError(
      REPLICA_REGION_LABEL,
      "invalidValue",
      `${REPLICA_REGION_LABEL} ${show(region)} is not a region code. Use a code such as eu-west-1 or ap-southeast-2.`,
    );
  }
  if (region === tableRegion) {
    throw new InputError(
      REPLICA_REGION_LABEL,
      "invalidValue",
      adding
        ? `${REPLICA_REGION_LABEL} is ${region}, the region this step works in, where the table is already: choose another region for the replica.`
        : `${REPLICA_REGION_LABEL} is ${region}, the region this step works in: the table there is not a replica of itself. To remove it, set AWS Region to one of its replicas' regions (Describe Replicas lists them), or delete it with Delete Table.`,
    );
  }
}

/**
 * The checks of Add Replica's inputs that need no request: Replica Region (checkReplicaRegion),
 * and a KMS key ARN of the replica's region (a replica is encrypted with a key of its own
 * region). Throws an InputError naming the input.
 */
export function checkAddReplica(params: AddReplicaParams, tableRegion: string): void {
  const region = params.replicaRegion;
  checkReplicaRegion(region, tableRegion, true);
  const keyRegion = params.kmsKey?.region;
  if (keyRegion !== undefined && keyRegion !== region) {
    throw new InputError(
      REPLICA_KMS_LABEL,
      "invalidValue",
      `${REPLICA_KMS_LABEL} is a key of region ${keyRegion}, but the replica is in ${region}: a replica is encrypted with a key of its own region.`,
    );
  }
}

/** Refuses a legacy (2017.11.29) global table, whose replicas ReplicaUpdates does not manage. */
function checkCurrentVersion(table: TableDescription, tableName: string): void {
  if (table.GlobalTableVersion === LEGACY_VERSION) {
    throw new InputError(
      "Table Name",
      "invalidValue",
      `Table "${tableName}" is a global table of version ${LEGACY_VERSION} (Legacy), whose replicas these actions do not manage; upgrade it to version 2019.11.21 first (${GLOBAL_TABLES_DOCS}).`,
    );
  }
}

/** A table with provisioned capacity: its billing mode says so, or (never switched) it has capacity. */
function isProvisioned(table: TableDescription): boolean {
  const mode = table.BillingModeSummary?.BillingMode;
  if (mode) return mode === "PROVISIONED";
  return (table.ProvisionedThroughput?.ReadCapacityUnits ?? 0) > 0;
}

/**
 * The UpdateTable request that adds a replica in Replica Region to `table` (its current
 * description), with the Create of ReplicaUpdates (API_CreateReplicationGroupMemberAction):
 * KMSMasterKeyId, TableClassOverride and ProvisionedThroughputOverride only when given. Throws an
 * InputError naming the input when the region is not a region code, is the table's own
 * (`tableRegion`) or already a replica's; when a KMS key ARN names another region than the
 * replica's (a replica's key lives in its own region); when Replica Read Capacity Units is given
 * for an on-demand table; or when the table is a legacy global table.
 */
export function addReplicaRequest(
  params: AddReplicaParams,
  table: TableDescription,
  tableRegion: string,
): ReplicaRequest {
  const region = params.replicaRegion;
  checkAddReplica(params, tableRegion);
  checkCurrentVersion(table, params.tableName);
  const existing = findReplica(table, region);
  if (existing) {
    throw new InputError(
      REPLICA_REGION_LABEL,
      "conflict",
      `${REPLICA_REGION_LABEL} ${region}: table "${params.tableName}" already has a replica there (status ${existing.ReplicaStatus}); Describe Replicas shows them all.`,
    );
  }
  if (params.readCapacityUnits !== undefined && !isProvisioned(table)) {
    throw new InputError(
      REPLICA_READ_LABEL,
      "invalidValue",
      `${REPLICA_READ_LABEL} must be blank: table "${params.tableName}" is on-demand (PAY_PER_REQUEST), so its replicas have no provisioned capacity.`,
    );
  }
  return {
    TableName: params.tableName,
    ReplicaUpdates: [
      {
        Create: {
          RegionName: region,
          ...(params.kmsKey ? { KMSMasterKeyId: params.kmsKey.id } : {}),
          ...(params.tableClass ? { TableClassOverride: params.tableClass } : {}),
          ...(params.readCapacityUnits !== undefined
            ? { ProvisionedThroughputOverride: { ReadCapacityUnits: params.readCapacityUnits } }
            : {}),
        },
      },
    ],
  };
}

/**
 * The UpdateTable request that removes the replica in Replica Region from `table` (its current
 * description), with the Delete of ReplicaUpdates (API_DeleteReplicationGroupMemberAction): the
 * replica table and all its items in that region are deleted. Throws an InputError naming Replica
 * Region when it is not a region code, is the table's own region, or is not a replica of the table
 * (the message lists its replicas), and one naming Table Name for a legacy global table.
 */
export function removeReplicaRequest(
  params: RemoveReplicaParams,
  table: TableDescription,
  tableRegion: string,
): ReplicaRequest {
  const region = params.replicaRegion;
  checkReplicaRegion(region, tableRegion, false);
  checkCurrentVersion(table, params.tableName);
  if (!findReplica(table, region)) {
    throw new InputError(
      REPLICA_REGION_LABEL,
      "invalidValue",
      `${REPLICA_REGION_LABEL} ${region} is not a replica of table "${params.tableName}" in ${tableRegion}, so nothing was removed (its replicas: ${replicaList(table)}).`,
    );
  }
  return { TableName: params.tableName, ReplicaUpdates: [{ Delete: { RegionName: region } }] };
}

/**
 * A ValidationException of a replica change, with the catalogue's hint (what DynamoDB requires of
 * a table that gets a replica) after DynamoDB's own message; any other error unchanged.
 */
function withReplicaHint(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== "ValidationException") return error;
  const message = errorMessage(error);
  const separator = message.endsWith(".") ? " " : ". ";
  const hinted = new Error(`${message}${separator}${hintText("replicaRefused")}`);
  hinted.name = error.name;
  const refused = Object.assign(hinted, {
    $metadata: (error as { $metadata?: unknown }).$metadata,
    cause: error,
  });
  // toActionError adds no hint to it, and gives its error this one's code.
  return withGivenHint(refused, "replicaRefused");
}

/**
 * How a replica is described in the step's log and in a wait's messages, such as
 * "CREATING (40% done; table UPDATING)" or "not listed (table ACTIVE)".
 */
function replicaState(table: TableDescription | undefined, region: string): string {
  if (!table) return "not visible (table not found)";
  const replica = findReplica(table, region);
  const progress = replica?.ReplicaStatusPercentProgress;
  const status = replica ? String(replica.ReplicaStatus) : "not listed";
  return `${status} (${progress ? `${progress}% done; ` : ""}table ${table.TableStatus})`;
}

/** How much of DynamoDB's ReplicaStatusDescription a message quotes. */
const MAX_DESCRIPTION_CHARS = 500;

/** The StepError of a replica that ended in a status waiting cannot change. */
function replicaFailed(replica: ReplicaDescription, table: string, region: string): StepError {
  const said = replica.ReplicaStatusDescription;
  return new StepError(
    "replicaFailed",
    `The replica of table "${table}" in ${region} is ${replica.ReplicaStatus}${said ? `: ${printable(cut(said, MAX_DESCRIPTION_CHARS))}` : ""}. Waiting does not change this; Describe Replicas shows it, and Remove Replica removes it.`,
  );
}

/**
 * One poll of a replica wait: done (with the description) once the replica is ACTIVE, or no
 * longer listed, and the table ACTIVE; undefined to poll on. `waited.seen` remembers that the
 * replica was listed. Throws a StepError `replicaFailed` for a status waiting cannot change, or
 * a replica being created that is no longer listed.
 */
function replicaWaitOver(
  description: TableDescription | undefined,
  target: { table: string; region: string; until: "active" | "deleted" },
  waited: { seen: boolean },
): { done: true; result: TableDescription } | undefined {
  const { table, region } = target;
  const replica = findReplica(description, region);
  const tableActive = description?.TableStatus === "ACTIVE";
  if (target.until === "deleted") {
    return description && !replica && tableActive ? { done: true, result: description } : undefined;
  }
  if (replica && STUCK_STATUSES.has(String(replica.ReplicaStatus))) {
    throw replicaFailed(replica, table, region);
  }
  if (description && !replica && waited.seen) {
    throw new StepError(
      "replicaFailed",
      `The replica of table "${table}" in ${region} was being created and is no longer listed: DynamoDB did not create it. Describe Replicas shows the table's replicas.`,
    );
  }
  waited.seen ||= replica !== undefined;
  return description && replica?.ReplicaStatus === "ACTIVE" && tableActive
    ? { done: true, result: description }
    : undefined;
}

/** What a replica change waits for, and how long at most. */
export interface ReplicaWait {
  until: "active" | "deleted";
  /** The bound of the whole wait, requests included; WAIT_LIMIT_SECONDS unless given. */
  maxWaitSeconds?: number;
  /** Where each change of the replica's status is written (the step's log). */
  log?: (message: string) => void;
}

/**
 * Sends the replica change (step.call: its failure is an action error, a ValidationException
 * with the catalogue's replicaRefused hint), then, when asked, polls DescribeTable every 0.5 to
 * 5 s for up to `wait.maxWaitSeconds` (WAIT_LIMIT_SECONDS) until the replica in `region` is
 * ACTIVE, or no longer listed, and the table ACTIVE again, writing each new status to
 * `wait.log`. Returns the table's last description. Throws a StepError `replicaFailed` when the
 * replica reaches a status waiting cannot change (CREATION_FAILED with DynamoDB's description, a
 * disabled region, an inaccessible KMS key...) or disappears while being created, and a StepError
 * `waitTimedOut` once the time is up, saying the change goes on in the background.
 */
export async function changeReplica(
  step: Step,
  request: ReplicaRequest,
  region: string,
  wait?: ReplicaWait,
): Promise<TableDescription | undefined> {
  const table = request.TableName;
  const { TableDescription: first } = await step.call("UpdateTable", async () => {
    try {
      return await sendCommand(step.clients, new UpdateTableCommand(request));
    } catch (error) {
      throw withReplicaHint(error);
    }
  });
  if (!wait) return first;
  const what = wait.until === "active" ? "ACTIVE" : "removed";
  const waited = { seen: findReplica(first, region) !== undefined, lastState: "" };
  return pollTable(
    step.clients,
    table,
    step.context(`UpdateTable (waiting until the replica is ${what})`),
    (description) => {
      const state = replicaState(description, region);
      if (state !== waited.lastState)
        wait.log?.(`Replica ${region} of table "${table}": ${state}.`);
      waited.lastState = state;
      return replicaWaitOver(description, { table, region, until: wait.until }, waited);
    },
    (description) => replicaState(description, region),
    `the replica in ${region} of table "${table}"`,
    wait.maxWaitSeconds ?? WAIT_LIMIT_SECONDS,
  );
}

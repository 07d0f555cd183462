import {
  type BackupDescription,
  type BackupSummary,
  type BillingMode,
  type CreateBackupCommandInput,
  type DeleteBackupCommandInput,
  DescribeBackupCommand,
  type DescribeBackupCommandInput,
  DescribeContinuousBackupsCommand,
  type DescribeContinuousBackupsCommandInput,
  ListBackupsCommand,
  type ListBackupsCommandInput,
  type RestoreTableFromBackupCommandInput,
  type RestoreTableToPointInTimeCommandInput,
  type SSESpecification,
  type UpdateContinuousBackupsCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { AwsClients } from "../aws/client";
import { type CallContext, StepError } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { DEFAULT_MAX_ITEMS } from "../common/limits";
import { InputError } from "../errors/inputError";
import {
  type BACKUP_TYPE_FILTERS,
  BILLING_OVERRIDE_LABEL,
  capacityPair,
  checkGoesWithChoice,
  KMS_KEY_LABEL,
  READ_OVERRIDE_LABEL,
  RECOVERY_ENABLED_LABEL,
  RECOVERY_PERIOD_LABEL,
  RESTORE_DATE_TIME_LABEL,
  type RestoreOverrideParams,
  SSE_OVERRIDE_LABEL,
  TIME_RANGE_LOWER_LABEL,
  TIME_RANGE_UPPER_LABEL,
  WRITE_OVERRIDE_LABEL,
} from "../inputs";
import { answerDate, answerObjects } from "../values";
import { PageGuard } from "./paging";
import { pollUntil } from "./polling";
import { WAIT_LIMIT_SECONDS } from "./tables";

/*
 * The DynamoDB work of the backup actions (Create, Describe, List and Delete Backup, the two
 * restores, Describe and Update Continuous Backups, Select Backup): their requests, built by pure
 * functions, waiting for a backup, paging through ListBackups, and checking a restore time
 * against the table's restorable window. Limits are those of the DynamoDB API Reference
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListBackups.html).
 */

/** The CreateBackup request of the Table Name and Backup Name. */
export function createBackupRequest(params: {
  tableName: string;
  backupName: string;
}): CreateBackupCommandInput {
  return { TableName: params.tableName, BackupName: params.backupName };
}

/** The DescribeBackup request of the Backup ARN. */
export function describeBackupRequest(params: { backupArn: string }): DescribeBackupCommandInput {
  return { BackupArn: params.backupArn };
}

/** The DeleteBackup request of the Backup ARN. */
export function deleteBackupRequest(params: { backupArn: string }): DeleteBackupCommandInput {
  return { BackupArn: params.backupArn };
}

/** List Backups' inputs, cleaned. */
export interface ListBackupsParams {
  filterTableName?: string;
  timeRangeLowerBound?: Date;
  timeRangeUpperBound?: Date;
  backupType: (typeof BACKUP_TYPE_FILTERS)[number];
  limit?: number;
  exclusiveStartBackupArn?: string;
}

/**
 * The ListBackups request of List Backups' inputs (its first page). Throws an InputError when the
 * time range's lower bound is not before its upper bound.
 */
export function listBackupsRequest(params: ListBackupsParams): ListBackupsCommandInput {
  const lower = params.timeRangeLowerBound;
  const upper = params.timeRangeUpperBound;
  if (lower && upper && lower.getTime() >= upper.getTime()) {
    throw new InputError(
      TIME_RANGE_LOWER_LABEL,
      "invalidValue",
      `${TIME_RANGE_LOWER_LABEL} (${lower.toISOString()}) must be before ${TIME_RANGE_UPPER_LABEL} (${upper.toISOString()}).`,
    );
  }
  return {
    ...(params.filterTableName ? { TableName: params.filterTableName } : {}),
    ...(lower ? { TimeRangeLowerBound: lower } : {}),
    ...(upper ? { TimeRangeUpperBound: upper } : {}),
    BackupType: params.backupType,
    ...(params.limit ? { Limit: params.limit } : {}),
    ...(params.exclusiveStartBackupArn
      ? { ExclusiveStartBackupArn: params.exclusiveStartBackupArn }
      : {}),
  };
}

/** The DescribeContinuousBackups request of the Table Name. */
export function describeContinuousBackupsRequest(params: {
  tableName: string;
}): DescribeContinuousBackupsCommandInput {
  return { TableName: params.tableName };
}

/**
 * The UpdateContinuousBackups request that turns point-in-time recovery on (with its recovery
 * period, when given) or off. Throws an InputError when a period is given to turn it off.
 */
export function updateContinuousBackupsRequest(params: {
  tableName: string;
  pointInTimeRecoveryEnabled: boolean;
  recoveryPeriodInDays?: number;
}): UpdateContinuousBackupsCommandInput {
  const enabled = params.pointInTimeRecoveryEnabled;
  const days = params.recoveryPeriodInDays;
  if (!enabled && days !== undefined) {
    throw new InputError(
      RECOVERY_PERIOD_LABEL,
      "invalidValue",
      `${RECOVERY_PERIOD_LABEL} applies only when ${RECOVERY_ENABLED_LABEL} is true; clear it to turn recovery off.`,
    );
  }
  return {
    TableName: params.tableName,
    PointInTimeRecoverySpecification: {
      PointInTimeRecoveryEnabled: enabled,
      ...(days !== undefined ? { RecoveryPeriodInDays: days } : {}),
    },
  };
}

/** The RestoreTableFromBackup request: the backup into Target Table Name, with the overrides. */
export function restoreTableFromBackupRequest(
  params: RestoreOverrideParams & { backupArn: string; targetTableName: string },
): RestoreTableFromBackupCommandInput {
  const overrides = restoreOverrides(params);
  return { TargetTableName: params.targetTableName, BackupArn: params.backupArn, ...overrides };
}

/**
 * The RestoreTableToPointInTime request: Table Name as it was at Restore Date Time (the latest
 * restorable time when blank) into Target Table Name, with the overrides. Throws an InputError
 * when the target is the source.
 */
export function restoreTableToPointInTimeRequest(
  params: RestoreOverrideParams & {
    tableName: string;
    targetTableName: string;
    restoreDateTime?: Date;
  },
): RestoreTableToPointInTimeCommandInput {
  if (params.targetTableName === params.tableName) {
    throw new InputError(
      "Target Table Name",
      "conflict",
      `Target Table Name must differ from Table Name: a restore creates a new table, and "${params.tableName}" exists.`,
    );
  }
  const overrides = restoreOverrides(params);
  const when = params.restoreDateTime;
  return {
    SourceTableName: params.tableName,
    TargetTableName: params.targetTableName,
    ...(when ? { RestoreDateTime: when } : { UseLatestRestorableTime: true }),
    ...overrides,
  };
}

/** How long Create Backup's Wait Until Available waits; backups are usually ready in minutes. */
const BACKUP_WAIT_SECONDS = WAIT_LIMIT_SECONDS;

/**
 * Polls DescribeBackup every 1 to 5 s until the backup is AVAILABLE, for up to
 * `maxWaitSeconds` in all (pollUntil: the request in flight when the time is up is aborted).
 * Throws an action error on a failed call, a StepError `backupDeleted` when the backup is deleted
 * first, and a StepError `waitTimedOut` saying the backup goes on in the background once the
 * time is up.
 */
export function waitForBackup(
  clients: AwsClients,
  arn: string,
  context: CallContext,
  maxWaitSeconds = BACKUP_WAIT_SECONDS,
): Promise<BackupDescription | undefined> {
  const statusOf = (description: BackupDescription | undefined) =>
    description?.BackupDetails?.BackupStatus;
  return pollUntil<BackupDescription | undefined, BackupDescription | undefined>({
    describe: async (abortSignal) =>
      (await clients.dynamodb.send(new DescribeBackupCommand({ BackupArn: arn }), { abortSignal }))
        .BackupDescription,
    check: (description) => {
      const status = statusOf(description);
      if (status === "AVAILABLE") return { done: true, result: description };
      if (status === "DELETED") {
        throw new StepError(
          "backupDeleted",
          `${context.operation}: backup ${arn} was deleted before it became AVAILABLE.`,
        );
      }
      return undefined;
    },
    context,
    maxWaitSeconds,
    firstDelayMs: 1000,
    maxDelayMs: 5000,
    timedOutMessage: (description) =>
      `${context.operation}: backup ${arn} in region ${context.region} is still ${statusOf(description) ?? "unknown"} after ${maxWaitSeconds} s. It goes on in the background; check it with Describe Backup.`,
    inBackground: `Backup ${arn} was created before the wait failed and goes on in the background; check it with Describe Backup rather than creating another.`,
  });
}

export interface ListedBackups {
  backups: BackupSummary[];
  /** The cursor that continues after the last backup returned; undefined when all were read. */
  lastEvaluatedBackupArn: string | undefined;
  truncated: boolean;
}

/**
 * ListBackups, one page or (`fetchAll`) every page up to `maxItems`: the SDK has no paginator for
 * ListBackups, so this follows LastEvaluatedBackupArn, for at most MAX_PAGES pages (then truncated,
 * with the cursor), failing if the endpoint repeats a cursor.
 * When it stops at `maxItems`, the cursor is the ARN of the last backup returned, from which
 * ExclusiveStartBackupArn continues without losing or repeating one. Throws what the SDK throws
 * (the caller sends it through step.call).
 */
export async function listBackupPages(
  clients: AwsClients,
  request: ListBackupsCommandInput,
  options: { fetchAll: boolean; maxItems?: number },
): Promise<ListedBackups> {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const backups: BackupSummary[] = [];
  const guard = new PageGuard("ListBackups");
  let cursor = request.ExclusiveStartBackupArn;
  for (;;) {
    const page = await clients.dynamodb.send(
      new ListBackupsCommand({
        ...request,
        ...(cursor ? { ExclusiveStartBackupArn: cursor } : {}),
      }),
    );
    const summaries = answerObjects<BackupSummary>(
      page.BackupSummaries,
      "ListBackups' BackupSummaries",
    );
    const next = page.LastEvaluatedBackupArn;
    if (!options.fetchAll) {
      return { backups: summaries, lastEvaluatedBackupArn: next, truncated: false };
    }
    for (const summary of summaries) {
      if (backups.length === maxItems) {
        const last = backups[backups.length - 1]?.BackupArn;
        return { backups, lastEvaluatedBackupArn: last, truncated: true };
      }
      backups.push(summary);
    }
    if (!next) return { backups, lastEvaluatedBackupArn: undefined, truncated: false };
    // Max Items (or the page limit) reached at the end of a page: its cursor continues.
    if (guard.next(next) || backups.length === maxItems) {
      return { backups, lastEvaluatedBackupArn: next, truncated: true };
    }
    cursor = next;
  }
}

/**
 * The override fields of a restore request, from the inputs that are filled in. Throws an Error
 * naming the inputs when capacity is half given, given with PAY_PER_REQUEST, missing with
 * PROVISIONED, or when KMS Key and Encryption Override do not go together.
 */
function restoreOverrides(params: RestoreOverrideParams) {
  const capacity = capacityPair(
    params.readCapacityUnitsOverride,
    params.writeCapacityUnitsOverride,
    { read: READ_OVERRIDE_LABEL, write: WRITE_OVERRIDE_LABEL, billing: BILLING_OVERRIDE_LABEL },
    { billingMode: params.billingModeOverride },
  );
  const customer = params.encryptionOverride === "CUSTOMER_KMS_KEY";
  checkGoesWithChoice(customer, params.kmsKey !== undefined, KMS_KEY_LABEL, {
    needs: `${SSE_OVERRIDE_LABEL} CUSTOMER_KMS_KEY needs ${KMS_KEY_LABEL}: your key's ARN, ID or alias.`,
    onlyWith: `${KMS_KEY_LABEL} is used only with ${SSE_OVERRIDE_LABEL} CUSTOMER_KMS_KEY; choose it, or clear ${KMS_KEY_LABEL}.`,
  });
  const sse: SSESpecification | undefined =
    params.encryptionOverride === "AWS_OWNED_KEY"
      ? { Enabled: false }
      : params.encryptionOverride
        ? { Enabled: true, SSEType: "KMS", ...(customer ? { KMSMasterKeyId: params.kmsKey } : {}) }
        : undefined;
  return {
    ...(params.billingModeOverride
      ? { BillingModeOverride: params.billingModeOverride as BillingMode }
      : {}),
    ...(capacity ? { ProvisionedThroughputOverride: capacity } : {}),
    ...(params.globalSecondaryIndexOverride
      ? { GlobalSecondaryIndexOverride: params.globalSecondaryIndexOverride }
      : {}),
    ...(sse ? { SSESpecificationOverride: sse } : {}),
  };
}

/**
 * Checks a restore time against the step's table's restorable window (DescribeContinuousBackups,
 * through step.call), so a time outside it fails before the restore is requested, with the window
 * in the message. Throws a StepError `pointInTimeRecoveryDisabled` when point-in-time recovery
 * is off, and an InputError naming Restore Date Time when the time is outside the window.
 */
export async function checkRestorable(step: Step, when: Date): Promise<void> {
  const table = step.table;
  const { ContinuousBackupsDescription } = await step.send(
    "DescribeContinuousBackups",
    new DescribeContinuousBackupsCommand({ TableName: table }),
  );
  const recovery = ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
  if (recovery?.PointInTimeRecoveryStatus !== "ENABLED") {
    throw new StepError(
      "pointInTimeRecoveryDisabled",
      `Point-in-time recovery is not enabled on table "${table}" in region ${step.region}, so it cannot be restored to ${when.toISOString()}. Turn it on with Update Continuous Backups; restorable times start then.`,
    );
  }
  const earliest = answerDate(recovery.EarliestRestorableDateTime);
  const latest = answerDate(recovery.LatestRestorableDateTime);
  const outside =
    (earliest && when.getTime() < earliest.getTime()) ||
    (latest && when.getTime() > latest.getTime());
  if (outside) {
    throw new InputError(
      RESTORE_DATE_TIME_LABEL,
      "invalidValue",
      `${RESTORE_DATE_TIME_LABEL} ${when.toISOString()} is outside the restorable times of table "${table}": from ${earliest?.toISOString() ?? "?"} to ${latest?.toISOString() ?? "?"}. Choose a time in between, or leave ${RESTORE_DATE_TIME_LABEL} blank for the latest.`,
    );
  }
}

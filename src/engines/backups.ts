import {
  type BackupDescription,
  type BackupSummary,
  type BillingMode,
  DeleteBackupCommand,
  DescribeBackupCommand,
  type GlobalSecondaryIndex,
  ListBackupsCommand,
  type ListBackupsCommandInput,
  type SSESpecification,
} from "@aws-sdk/client-dynamodb";
import { input } from "@prismatic-io/spectral";
import type { AwsClients, InvocationContext } from "../aws/client";
import { type CallContext, callAws, StepError, toActionError } from "../aws/errors";
import { connect, type StepInputs } from "../aws/invocation";
import { fail, InputError } from "../errors/inputError";
import {
  awsRegion,
  capacityPair,
  checkGoesWithChoice,
  checkName,
  choiceInput,
  cleanInteger,
  cleanRequiredString,
  cleanText,
  connectionInput,
  DOCS,
  isBlank,
  waitInput,
} from "../inputs";
import { cleanGlobalSecondaryIndexes } from "../inputs/tableDefinition";
import { actionOutput } from "../outputs";
import { PageGuard } from "./paging";
import {
  BILLING_MODES,
  beforeDeadline,
  EXAMPLE_TABLE,
  PAST_DEADLINE,
  TABLE_WAIT_SECONDS,
  toPlain,
} from "./tables";

/*
 * What the backup actions (Create, Describe, List and Delete Backup, the two restores, Select
 * Backup) share: their inputs, the conversion of backups to plain JSON (ISO dates), waiting for a
 * backup, and the overrides a restore takes. Limits are those of the DynamoDB API Reference
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html,
 * API_ListBackups.html, API_RestoreTableFromBackup.html, API_RestoreTableToPointInTime.html).
 */

/** The backup types ListBackups filters by; DynamoDB's default is USER. */
export const BACKUP_TYPE_FILTERS = ["USER", "SYSTEM", "AWS_BACKUP", "ALL"] as const;
/** ListBackups returns at most 100 backups per page. */
export const MAX_LIST_BACKUPS_PAGE = 100;
/** Fetch All and Select Backup stop after this many backups unless Max Items says otherwise. */
export const DEFAULT_MAX_BACKUPS = 10_000;

const BACKUP_ARN_LABEL = "Backup ARN";
export const EXAMPLE_BACKUP_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4";
/**
 * A backup ARN: arn:PARTITION:dynamodb:REGION:ACCOUNT:table/TABLE/backup/ID, or, for a backup
 * made with AWS Backup's advanced features (which ListBackups lists as AWS_BACKUP),
 * arn:PARTITION:backup:REGION:ACCOUNT:recovery-point:ID; 37 to 1,024 characters
 * (API_BackupDetails; table names per API_CreateTable). Linear: one class per part, each ended by
 * a character outside it. The region is group 1 or 2.
 */
const BACKUP_ARN =
  /^arn:aws[a-z-]*:(?:dynamodb:([a-z0-9-]+):\d{12}:table\/[A-Za-z0-9_.-]{3,255}\/backup\/|backup:([a-z0-9-]+):\d{12}:recovery-point:)[A-Za-z0-9_.-]+$/;
/** A table's ARN (or a stream's, an index's): what a backup ARN is most often mistaken for. */
const TABLE_ARN =
  /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]+(\/(?!backup\/)|$)/;

/**
 * A backup ARN, as Create Backup, List Backups or Select Backup give it; `label` names the input
 * in errors (Backup ARN, or Exclusive Start Backup ARN). A table's ARN, or any other ARN, is an
 * InputError: DeleteBackup and the rest must never be sent something that is not a backup.
 */
export function cleanBackupArn(value: unknown, label = BACKUP_ARN_LABEL): string {
  const notArn = (lead: string) =>
    fail(
      label,
      "invalidValue",
      `${label} ${lead}. It looks like ${EXAMPLE_BACKUP_ARN}, ending in /backup/ID (or, made by AWS Backup, arn:aws:backup:REGION:ACCOUNT:recovery-point:ID); List Backups and Select Backup give it.`,
    );
  // An object or list is no ARN: said as for any text that is not one.
  if (value !== null && typeof value === "object" && !isBlank(value))
    notArn("is not a backup ARN (37 to 1,024 characters)");
  const arn = cleanRequiredString(label, EXAMPLE_BACKUP_ARN)(value);
  if (arn.length <= 1024 && TABLE_ARN.test(arn)) {
    notArn("is not a backup ARN: it is the ARN of a table");
  }
  if (arn.length < 37 || arn.length > 1024 || !BACKUP_ARN.test(arn)) {
    notArn("is not a backup ARN (37 to 1,024 characters)");
  }
  return arn;
}

/**
 * DynamoDB finds a backup only in the region the request goes to; a backup ARN of another region
 * is an InputError naming both regions, before anything is sent. `arn` has passed cleanBackupArn.
 */
export function checkBackupRegion(arn: string, region: string, label = BACKUP_ARN_LABEL): void {
  const match = BACKUP_ARN.exec(arn);
  const arnRegion = match?.[1] ?? match?.[2];
  if (arnRegion !== undefined && arnRegion !== region) {
    fail(
      label,
      "invalidValue",
      `${label} is a backup in region ${arnRegion}, but this step works in region ${region}. Set AWS Region to ${arnRegion}, or choose a backup of ${region}.`,
    );
  }
}

export const backupArn = input({
  label: BACKUP_ARN_LABEL,
  type: "string",
  required: true,
  dataSource: "selectBackup",
  example: EXAMPLE_BACKUP_ARN,
  comments:
    "The backup's ARN: the backup.BackupArn of Create Backup's output, a backups[].BackupArn of List Backups, or a choice of the Select Backup picklist.",
  clean: (value: unknown) => cleanBackupArn(value),
});

/** A name a backup or target table may have: 3 to 255 of a-z A-Z 0-9 _ - . (API_CreateBackup). */
export function cleanDynamoName(label: string, example: string) {
  return (value: unknown): string => {
    if (!isBlank(value) && typeof value === "object") {
      throw new InputError(label, "invalidValue", `${label} must be text, such as ${example}.`);
    }
    return checkName(label, cleanRequiredString(label, example)(value));
  };
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * An ISO 8601 date and time with its zone, or undefined. Each field is checked, since Date would
 * roll 2024-02-30 over into March and read 24:00 as the next day.
 */
function parseIsoTimestamp(text: string): Date | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second = "0", zoneHour = "0", zoneMinute = "0"] = match
    .slice(1)
    .map((part) => part ?? undefined);
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const valid =
    calendar.getUTCMonth() === Number(month) - 1 &&
    calendar.getUTCDate() === Number(day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60 &&
    Number(zoneHour) < 24 &&
    Number(zoneMinute) < 60;
  const date = new Date(text);
  return valid && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * An optional ISO 8601 date and time (with a time zone: Z or ±hh:mm), such as
 * 2024-05-01T12:00:00Z; blank gives undefined. Text without a zone would be read in the
 * process's zone, so it is refused rather than guessed.
 */
export function cleanIsoTimestamp(label: string) {
  return (value: unknown): Date | undefined => {
    if (isBlank(value)) return undefined;
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    const text = typeof value === "string" ? value.trim() : "";
    const date = parseIsoTimestamp(text);
    if (!date) {
      const shown = typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;
      throw new InputError(
        label,
        "invalidValue",
        `${label} must be an ISO 8601 date and time with its time zone, such as 2024-05-01T12:00:00Z, not ${shown}.`,
      );
    }
    return date;
  };
}

/** Plain JSON of an SDK value (ISO dates, no undefined fields), or null. */
export function plain(value: object | undefined): Record<string, unknown> | null {
  return value ? (toPlain(value) as Record<string, unknown>) : null;
}

/** A backup description as the actions return it: the same `backup` path as Create Backup. */
export function backupOutput(description: BackupDescription | undefined) {
  return {
    backup: plain(description?.BackupDetails),
    sourceTable: plain(description?.SourceTableDetails),
    sourceTableFeatures: plain(description?.SourceTableFeatureDetails),
  };
}

const backupSchema = {
  type: ["object", "null"],
  additionalProperties: true,
  properties: {
    BackupArn: { type: "string" },
    BackupName: { type: "string" },
    BackupStatus: { type: "string", description: "CREATING, AVAILABLE or DELETED." },
    BackupType: { type: "string", description: "USER, SYSTEM or AWS_BACKUP." },
    BackupCreationDateTime: { type: "string", description: "ISO 8601 date and time." },
    BackupExpiryDateTime: {
      type: "string",
      description: "ISO 8601; SYSTEM backups expire 35 days after creation.",
    },
    BackupSizeBytes: { type: "integer", description: "Bytes; updated about every six hours." },
  },
};

/** The inputs of Describe Backup and Delete Backup: one backup, by its ARN. */
export const backupArnInputs = { awsRegion, awsConnection: connectionInput, backupArn };

/**
 * The perform of Describe Backup and Delete Backup: one request by Backup ARN, answered with a
 * BackupDescription, returned as `{ data: { backup, sourceTable, sourceTableFeatures } }`.
 * Throws an action error.
 */
export function performOnBackup(operation: "DescribeBackup" | "DeleteBackup") {
  return async (
    invocation: InvocationContext | undefined,
    params: StepInputs & { backupArn: string },
  ) => {
    const step = connect(invocation, params);
    const arn = params.backupArn;
    checkBackupRegion(arn, step.clients.region);
    const { BackupDescription: description } = await step.call(operation, () =>
      operation === "DeleteBackup"
        ? step.clients.dynamodb.send(new DeleteBackupCommand({ BackupArn: arn }))
        : step.clients.dynamodb.send(new DescribeBackupCommand({ BackupArn: arn })),
    );
    return { data: backupOutput(description) };
  };
}

/** Output schema of Create Backup: `{ data: { backup } }`. */
export const backupDetailsOutput = actionOutput(
  { backup: { ...backupSchema, description: "The backup's details." } },
  ["backup"],
);

/** Output schema of Describe and Delete Backup: the backup, its source table and its features. */
export function backupDescriptionOutput(description: string) {
  return actionOutput(
    {
      backup: { ...backupSchema, description },
      sourceTable: {
        type: ["object", "null"],
        additionalProperties: true,
        description:
          "The table the backup was taken of: TableName, TableArn, KeySchema, ItemCount, TableSizeBytes, BillingMode, TableCreationDateTime (ISO).",
      },
      sourceTableFeatures: {
        type: ["object", "null"],
        additionalProperties: true,
        description:
          "What the backup holds besides items: GlobalSecondaryIndexes, LocalSecondaryIndexes, StreamDescription, TimeToLiveDescription, SSEDescription.",
      },
    },
    ["backup", "sourceTable", "sourceTableFeatures"],
  );
}

/** The backup of the examples, as the actions return it. */
export const EXAMPLE_BACKUP_DETAILS = {
  BackupArn: EXAMPLE_BACKUP_ARN,
  BackupName: "CustomersBeforeImport",
  BackupSizeBytes: 2048,
  BackupStatus: "AVAILABLE",
  BackupType: "USER",
  BackupCreationDateTime: "2024-05-07T10:40:00.000Z",
};

export const EXAMPLE_SOURCE_TABLE = {
  TableName: "Customers",
  TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
  TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
  TableSizeBytes: 2048,
  KeySchema: [
    { AttributeName: "customerId", KeyType: "HASH" },
    { AttributeName: "customerName", KeyType: "RANGE" },
  ],
  TableCreationDateTime: "2024-05-01T12:00:00.000Z",
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  ItemCount: 12,
  BillingMode: "PROVISIONED",
};

/**
 * The example payload of Describe or Delete Backup: the example backup (with `changed` details)
 * of the example source table, and the source table's features.
 */
export function exampleBackupDescription(
  changed: Record<string, unknown>,
  sourceTableFeatures: Record<string, unknown>,
) {
  return {
    data: {
      backup: { ...EXAMPLE_BACKUP_DETAILS, ...changed },
      sourceTable: EXAMPLE_SOURCE_TABLE,
      sourceTableFeatures,
    },
  };
}

/** The restored table of the examples: CREATING, with where it came from. */
export const EXAMPLE_RESTORED_TABLE = {
  ...EXAMPLE_TABLE,
  TableName: "CustomersRestored",
  TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/CustomersRestored",
  TableStatus: "CREATING",
  CreationDateTime: "2024-05-07T11:00:00.000Z",
  ItemCount: 0,
  TableSizeBytes: 0,
};

/** How long Create Backup's Wait Until Available waits; backups are usually ready in minutes. */
export const BACKUP_WAIT_SECONDS = TABLE_WAIT_SECONDS;

/**
 * Polls DescribeBackup every 1 to 5 s until the backup is AVAILABLE, for up to
 * `maxWaitSeconds` in all (the request in flight at the deadline is aborted). Throws an action
 * error on a failed call, and an Error saying the backup goes on in the background once the time
 * is up.
 */
export async function waitForBackup(
  clients: AwsClients,
  arn: string,
  context: CallContext,
  maxWaitSeconds = BACKUP_WAIT_SECONDS,
): Promise<BackupDescription | undefined> {
  const deadline = Date.now() + maxWaitSeconds * 1000;
  let delay = 1000;
  let status: string | undefined;
  const timedOut = () =>
    new StepError(
      "waitTimedOut",
      `${context.operation}: backup ${arn} in region ${context.region} is still ${status ?? "unknown"} after ${maxWaitSeconds} s. It goes on in the background; check it with Describe Backup.`,
    );
  for (;;) {
    const answer = await callAws(context, () =>
      beforeDeadline(deadline, (abortSignal) =>
        clients.dynamodb.send(new DescribeBackupCommand({ BackupArn: arn }), { abortSignal }),
      ),
    );
    if (answer === PAST_DEADLINE) throw timedOut();
    const description = answer.BackupDescription;
    status = description?.BackupDetails?.BackupStatus;
    if (status === "AVAILABLE") return description;
    if (status === "DELETED") {
      throw new StepError(
        "backupDeleted",
        `${context.operation}: backup ${arn} was deleted before it became AVAILABLE.`,
      );
    }
    if (Date.now() + delay > deadline) throw timedOut();
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 5000);
  }
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
 * ExclusiveStartBackupArn continues without losing or repeating one.
 */
export async function listBackups(
  clients: AwsClients,
  command: ListBackupsCommandInput,
  options: { fetchAll: boolean; maxItems?: number },
  context: CallContext,
): Promise<ListedBackups> {
  const maxItems = options.maxItems ?? DEFAULT_MAX_BACKUPS;
  const backups: BackupSummary[] = [];
  const guard = new PageGuard(context.operation);
  let cursor = command.ExclusiveStartBackupArn;
  try {
    for (;;) {
      const page = await clients.dynamodb.send(
        new ListBackupsCommand({
          ...command,
          ...(cursor ? { ExclusiveStartBackupArn: cursor } : {}),
        }),
      );
      const summaries = page.BackupSummaries ?? [];
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
  } catch (error) {
    throw toActionError(error, context);
  }
}

// ---------------------------------------------------------------------------------------------
// What the two restores share

const BILLING_LABEL = "Billing Mode Override";
const READ_LABEL = "Read Capacity Units Override";
const WRITE_LABEL = "Write Capacity Units Override";
const GSI_LABEL = "Global Secondary Index Override";
const SSE_LABEL = "Encryption Override";
const KMS_LABEL = "KMS Key";
/** How the restored table is encrypted: AWS owned key, AWS managed KMS key, or one of yours. */
export const ENCRYPTION_CHOICES = [
  "AWS_OWNED_KEY",
  "AWS_MANAGED_KMS_KEY",
  "CUSTOMER_KMS_KEY",
] as const;

export const targetTableName = input({
  label: "Target Table Name",
  type: "string",
  required: true,
  example: "CustomersRestored",
  comments:
    "The name of the new table to restore into (3 to 255 characters from a-z, A-Z, 0-9, _, - and .). No table of this name may exist in the region.",
  clean: cleanDynamoName("Target Table Name", "CustomersRestored"),
});

export const billingModeOverride = choiceInput({
  label: BILLING_LABEL,
  choices: BILLING_MODES,
  comments: `Optional. The restored table's billing mode: PROVISIONED (give both capacity overrides) or PAY_PER_REQUEST. Leave blank to keep the source's. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
});

export const readCapacityUnitsOverride = input({
  label: READ_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments:
    "Optional. The restored table's read capacity units (a whole number of 1 or more), with Write Capacity Units Override, for a PROVISIONED table.",
  clean: cleanInteger(READ_LABEL, 1),
});

export const writeCapacityUnitsOverride = input({
  label: WRITE_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments:
    "Optional. The restored table's write capacity units (a whole number of 1 or more), with Read Capacity Units Override, for a PROVISIONED table.",
  clean: cleanInteger(WRITE_LABEL, 1),
});

export const globalSecondaryIndexOverride = input({
  label: GSI_LABEL,
  type: "code",
  language: "json",
  required: false,
  comments:
    'Optional. The global secondary indexes the restored table gets, as a JSON array like Create Table\'s Global Secondary Indexes; they must be indexes of the source, so use it to leave some out ([] restores none). Leave blank to restore them all. Example: [{"IndexName":"byEmail","KeySchema":[{"KeyType":"HASH","AttributeName":"email"}],"Projection":{"ProjectionType":"ALL"}}]',
  clean: (value: unknown) =>
    cleanGlobalSecondaryIndexes(value, GSI_LABEL)?.map(({ index }) => index),
});

export const encryptionOverride = choiceInput({
  label: SSE_LABEL,
  choices: ENCRYPTION_CHOICES,
  comments: `Optional. How the restored table is encrypted at rest: AWS_OWNED_KEY (DynamoDB's default), AWS_MANAGED_KMS_KEY (aws/dynamodb in KMS) or CUSTOMER_KMS_KEY (give KMS Key). Leave blank to keep the source's. Learn more about [encryption at rest](${DOCS}/EncryptionAtRest.html).`,
});

export const kmsKey = input({
  label: KMS_LABEL,
  type: "string",
  required: false,
  example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  comments:
    "With Encryption Override CUSTOMER_KMS_KEY: your KMS key's ARN, ID, alias name (alias/...) or alias ARN.",
  clean: cleanText(KMS_LABEL),
});

export const waitUntilRestored = waitInput(
  "Wait Until Active",
  "When true, the step finishes only once the restored table is ACTIVE (up to 5 minutes; large tables take longer, and then the step fails while the restore goes on) and returns that description. When false, it returns at once with the table CREATING.",
);

/** The restore overrides as the inputs give them (cleaned). */
export interface RestoreOverrideParams {
  billingModeOverride?: (typeof BILLING_MODES)[number];
  readCapacityUnitsOverride?: number;
  writeCapacityUnitsOverride?: number;
  globalSecondaryIndexOverride?: GlobalSecondaryIndex[];
  encryptionOverride?: (typeof ENCRYPTION_CHOICES)[number];
  kmsKey?: string;
}

/**
 * The override fields of a restore request, from the inputs that are filled in. Throws an Error
 * naming the inputs when capacity is half given, given with PAY_PER_REQUEST, missing with
 * PROVISIONED, or when KMS Key and Encryption Override do not go together.
 */
export function restoreOverrides(params: RestoreOverrideParams) {
  const capacity = capacityPair(
    params.readCapacityUnitsOverride,
    params.writeCapacityUnitsOverride,
    { read: READ_LABEL, write: WRITE_LABEL, billing: BILLING_LABEL },
    { billingMode: params.billingModeOverride },
  );
  const customer = params.encryptionOverride === "CUSTOMER_KMS_KEY";
  checkGoesWithChoice(customer, params.kmsKey !== undefined, KMS_LABEL, {
    needs: `${SSE_LABEL} CUSTOMER_KMS_KEY needs ${KMS_LABEL}: your key's ARN, ID or alias.`,
    onlyWith: `${KMS_LABEL} is used only with ${SSE_LABEL} CUSTOMER_KMS_KEY; choose it, or clear ${KMS_LABEL}.`,
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

/** The inputs both restores take after their own, in this order. */
export const restoreOverrideInputs = {
  billingModeOverride,
  readCapacityUnitsOverride,
  writeCapacityUnitsOverride,
  globalSecondaryIndexOverride,
  encryptionOverride,
  kmsKey,
  waitUntilActive: waitUntilRestored,
};

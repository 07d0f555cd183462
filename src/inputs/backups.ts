/**
 * The backup actions' inputs (Create, Describe, List and Delete Backup, the two restores, Update
 * Continuous Backups): backup ARNs (checked to be a backup's, of the step's region), names, ISO
 * 8601 times, and the overrides a restore takes. Limits are those of the DynamoDB API Reference
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html,
 * API_ListBackups.html, API_RestoreTableFromBackup.html, API_RestoreTableToPointInTime.html,
 * API_PointInTimeRecoverySpecification.html).
 */
import type { GlobalSecondaryIndex } from "@aws-sdk/client-dynamodb";
import { input } from "@prismatic-io/spectral";
import { fail, InputError } from "../errors/inputError";
import { checkName } from "../values/limits";
import { awsRegion, choiceInput, connectionInput, DOCS, waitInput } from "./definitions";
import { kmsKeyCleaner } from "./kms";
import { cleanInteger, cleanRequiredString, isBlank } from "./scalars";
import { cleanGlobalSecondaryIndexes } from "./tableDefinition";
import { BILLING_MODES } from "./tables";

/** The backup types ListBackups filters by; DynamoDB's default is USER. */
export const BACKUP_TYPE_FILTERS = ["USER", "SYSTEM", "AWS_BACKUP", "ALL"] as const;
/** ListBackups returns at most 100 backups per page. */
export const MAX_LIST_BACKUPS_PAGE = 100;
/** Labels the backup engine names in its checks as well. */
export const TIME_RANGE_LOWER_LABEL = "Time Range Lower Bound";
export const TIME_RANGE_UPPER_LABEL = "Time Range Upper Bound";
export const RECOVERY_ENABLED_LABEL = "Point In Time Recovery Enabled";
export const RECOVERY_PERIOD_LABEL = "Recovery Period In Days";
export const RESTORE_DATE_TIME_LABEL = "Restore Date Time";
/** The recovery period DynamoDB allows, in days (API_PointInTimeRecoverySpecification). */
export const MIN_RECOVERY_DAYS = 1;
export const MAX_RECOVERY_DAYS = 35;

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

/** The longest point-in-time recovery period, in ms (API_PointInTimeRecoverySpecification). */
const MAX_RECOVERY_MS = MAX_RECOVERY_DAYS * 86_400_000;

/**
 * An optional time that point-in-time recovery can reach, as a restore or an export needs: an ISO
 * 8601 date and time (cleanIsoTimestamp) neither in the future nor more than 35 days ago, the
 * longest recovery period (API_PointInTimeRecoverySpecification). What only the table's own window
 * can tell is checked against it later; what no window allows is refused here, before anything is
 * sent. Throws an InputError naming `label`.
 */
export function cleanRecoveryTimestamp(label: string) {
  const parse = cleanIsoTimestamp(label);
  return (value: unknown): Date | undefined => {
    const when = parse(value);
    if (when) checkRecoverable(label, when, Date.now());
    return when;
  };
}

/** Refuses a time after `now` (epoch ms) or more than the longest recovery period before it. */
function checkRecoverable(label: string, when: Date, now: number): void {
  const shown = when.toISOString();
  if (when.getTime() > now) {
    fail(label, "invalidValue", `${label} (${shown}) is in the future; give a time in the past.`);
  }
  if (when.getTime() < now - MAX_RECOVERY_MS) {
    fail(
      label,
      "invalidValue",
      `${label} (${shown}) is more than ${MAX_RECOVERY_DAYS} days ago: point-in-time recovery reaches back ${MAX_RECOVERY_DAYS} days at most (Describe Continuous Backups shows the table's earliest restorable time).`,
    );
  }
}

/** The inputs of Describe Backup and Delete Backup: one backup, by its ARN. */
export const backupArnInputs = { awsRegion, awsConnection: connectionInput, backupArn };

export const BILLING_OVERRIDE_LABEL = "Billing Mode Override";
export const READ_OVERRIDE_LABEL = "Read Capacity Units Override";
export const WRITE_OVERRIDE_LABEL = "Write Capacity Units Override";
const GSI_OVERRIDE_LABEL = "Global Secondary Index Override";
export const SSE_OVERRIDE_LABEL = "Encryption Override";
export const KMS_KEY_LABEL = "KMS Key";
/** How the restored table is encrypted: AWS owned key, AWS managed KMS key, or one of yours. */
const ENCRYPTION_CHOICES = ["AWS_OWNED_KEY", "AWS_MANAGED_KMS_KEY", "CUSTOMER_KMS_KEY"] as const;

export const targetTableName = input({
  label: "Target Table Name",
  type: "string",
  required: true,
  example: "CustomersRestored",
  comments:
    "The name of the new table to restore into (3 to 255 characters from a-z, A-Z, 0-9, _, - and .). No table of this name may exist in the region.",
  clean: cleanDynamoName("Target Table Name", "CustomersRestored"),
});

const billingModeOverride = choiceInput({
  label: BILLING_OVERRIDE_LABEL,
  choices: BILLING_MODES,
  comments: `Optional. The restored table's billing mode: PROVISIONED (give both capacity overrides) or PAY_PER_REQUEST. Leave blank to keep the source's. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
});

const readCapacityUnitsOverride = input({
  label: READ_OVERRIDE_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments:
    "Optional. The restored table's read capacity units (a whole number of 1 or more), with Write Capacity Units Override, for a PROVISIONED table.",
  clean: cleanInteger(READ_OVERRIDE_LABEL, 1),
});

const writeCapacityUnitsOverride = input({
  label: WRITE_OVERRIDE_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments:
    "Optional. The restored table's write capacity units (a whole number of 1 or more), with Read Capacity Units Override, for a PROVISIONED table.",
  clean: cleanInteger(WRITE_OVERRIDE_LABEL, 1),
});

const globalSecondaryIndexOverride = input({
  label: GSI_OVERRIDE_LABEL,
  type: "code",
  language: "json",
  required: false,
  comments:
    'Optional. The global secondary indexes the restored table gets, as a JSON array like Create Table\'s Global Secondary Indexes; they must be indexes of the source, so use it to leave some out ([] restores none). Leave blank to restore them all. Example: [{"IndexName":"byEmail","KeySchema":[{"KeyType":"HASH","AttributeName":"email"}],"Projection":{"ProjectionType":"ALL"}}]',
  clean: (value: unknown) =>
    cleanGlobalSecondaryIndexes(value, GSI_OVERRIDE_LABEL)?.map(({ index }) => index),
});

const encryptionOverride = choiceInput({
  label: SSE_OVERRIDE_LABEL,
  choices: ENCRYPTION_CHOICES,
  comments: `Optional. How the restored table is encrypted at rest: AWS_OWNED_KEY (DynamoDB's default), AWS_MANAGED_KMS_KEY (aws/dynamodb in KMS) or CUSTOMER_KMS_KEY (give KMS Key). Leave blank to keep the source's. Learn more about [encryption at rest](${DOCS}/EncryptionAtRest.html).`,
});

const cleanRestoreKmsKey = kmsKeyCleaner(
  KMS_KEY_LABEL,
  `choose ${SSE_OVERRIDE_LABEL} AWS_MANAGED_KMS_KEY for it, or give a customer managed key.`,
);

const kmsKey = input({
  label: KMS_KEY_LABEL,
  type: "string",
  required: false,
  example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  comments:
    "With Encryption Override CUSTOMER_KMS_KEY: your KMS key's ARN, ID, alias name (alias/...) or alias ARN.",
  clean: (value: unknown) => cleanRestoreKmsKey(value)?.id,
});

const waitUntilRestored = waitInput(
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

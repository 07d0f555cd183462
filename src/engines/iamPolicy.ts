/**
 * Generate IAM Policy's engine: the least-privilege IAM policy of a set of actions, data sources
 * and triggers (their entries in aws/permissions.ts) on a set of tables, and the rules of its
 * inputs. Pure: no client, no await, no AWS call.
 */

import { REGION_PATTERN } from "../aws/client";
import {
  type IamAction,
  ITEM_KEY_ACTIONS,
  isPermissionKey,
  PERMISSIONS,
  type Permission,
  type PermissionKey,
  READ_ACTIONS,
  type ResourceKind,
  resourceArn,
} from "../aws/permissions";
import { printable } from "../common/text";
import { cut, fail, show } from "../errors/inputError";
import { KMS_KEY_ARNS_LABEL } from "../inputs/kms";
import { dense } from "../values/json";
import { checkName } from "../values/limits";
import { isBlank, primitiveText } from "../values/primitives";

export const POLICY_ACTIONS_LABEL = "Actions";
export const POLICY_TABLES_LABEL = "Table Names";
export const POLICY_REGION_LABEL = "AWS Region";
export const ACCOUNT_LABEL = "AWS Account ID";
export const KEY_PREFIX_LABEL = "Partition Key Prefix";

/** Every key Generate IAM Policy knows, in the table's order. */
export const POLICY_KEYS = Object.keys(PERMISSIONS) as PermissionKey[];

/** The texts of a list input: a list (valuelist), or one text of names split by commas or spaces. */
function listTexts(label: string, value: unknown): string[] {
  const entries: unknown[] = Array.isArray(value) ? dense(value) : [value];
  return entries.flatMap((entry) => {
    const text = primitiveText(entry);
    if (text === undefined) {
      return fail(label, "wrongKind", `${label} must list names as text, not ${show(entry)}.`);
    }
    return text.split(/[\s,]+/).filter(Boolean);
  });
}

/**
 * The Actions input: keys of the component's actions, data sources and triggers (each once, in
 * the order given); blank means every one. Throws an InputError naming each unknown key.
 */
export function cleanPolicyKeys(value: unknown): PermissionKey[] {
  if (isBlank(value)) return [...POLICY_KEYS];
  const keys = listTexts(POLICY_ACTIONS_LABEL, value);
  const unknown = keys.filter((key) => !isPermissionKey(key));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((key) => `"${printable(cut(key))}"`);
    fail(
      POLICY_ACTIONS_LABEL,
      "invalidValue",
      `${POLICY_ACTIONS_LABEL} holds ${shown.join(", ")}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ""}, not the key of an action, data source or trigger of this component. Use keys such as getItem, queryItems or tableChanges (the docs list each one's key), or leave it blank for all.`,
    );
  }
  if (keys.length === 0) return [...POLICY_KEYS];
  return [...new Set(keys)] as PermissionKey[];
}

/**
 * The most table names one policy names: more could not fit in any IAM policy (a customer
 * managed policy holds 6,144 characters, about 80 table ARNs).
 */
export const MAX_POLICY_TABLES = 500;

/**
 * The Table Names input: DynamoDB table names (each once), at most MAX_POLICY_TABLES; blank or
 * "*" means every table.
 */
export function cleanPolicyTables(value: unknown): string[] {
  if (isBlank(value)) return ["*"];
  if (Array.isArray(value) && value.length > MAX_POLICY_TABLES) tooManyTables(value.length);
  const names = listTexts(POLICY_TABLES_LABEL, value);
  if (names.length > MAX_POLICY_TABLES) tooManyTables(names.length);
  if (names.length === 0 || names.includes("*")) return ["*"];
  return [...new Set(names.map((name) => checkName(POLICY_TABLES_LABEL, name)))];
}

function tooManyTables(count: number): never {
  return fail(
    POLICY_TABLES_LABEL,
    "tooLarge",
    `${POLICY_TABLES_LABEL} lists ${count} tables; one policy names at most ${MAX_POLICY_TABLES} (IAM policies hold a few thousand characters). Use a name pattern's tables in several policies, or leave it blank for every table.`,
  );
}

/** The AWS Region input: a region code such as us-east-1. */
export function cleanPolicyRegion(value: unknown): string {
  const region = isBlank(value) ? "" : (primitiveText(value)?.trim() ?? "");
  if (!region) {
    return fail(
      POLICY_REGION_LABEL,
      "required",
      `${POLICY_REGION_LABEL} is required: the region of the tables, such as us-east-1.`,
    );
  }
  if (!REGION_PATTERN.test(region)) {
    fail(
      POLICY_REGION_LABEL,
      "invalidValue",
      `${POLICY_REGION_LABEL} "${printable(cut(region))}" is not a valid region code. Use a code such as us-east-1, eu-west-1 or ap-southeast-2.`,
    );
  }
  return region;
}

/** The AWS Account ID input: the 12 digits of the account that owns the tables. */
export function cleanAccountId(value: unknown): string {
  const account = isBlank(value) ? "" : (primitiveText(value)?.trim() ?? "");
  if (!account) {
    return fail(
      ACCOUNT_LABEL,
      "required",
      `${ACCOUNT_LABEL} is required: the 12 digits of the account that owns the tables, such as 123456789012.`,
    );
  }
  if (!/^\d{12}$/.test(account)) {
    fail(
      ACCOUNT_LABEL,
      "invalidValue",
      `${ACCOUNT_LABEL} "${printable(cut(account))}" is not an account ID: it is 12 digits, such as 123456789012 (the AWS console shows it under the account name).`,
    );
  }
  return account;
}

/** DynamoDB's largest partition key: 2,048 bytes (a prefix is at most that). */
const MAX_PREFIX_BYTES = 2048;

/**
 * The optional Partition Key Prefix: text the partition key of every item request must start
 * with. `*` and `?` are refused (StringLike would read them as wildcards), as are control
 * characters and prefixes over 2,048 bytes (DynamoDB's partition key limit).
 */
export function cleanKeyPrefix(value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  const prefix = primitiveText(value);
  if (prefix === undefined) {
    return fail(
      KEY_PREFIX_LABEL,
      "wrongKind",
      `${KEY_PREFIX_LABEL} must be text, not ${show(value)}.`,
    );
  }
  if (printable(prefix) !== prefix || /[*?]/.test(prefix)) {
    fail(
      KEY_PREFIX_LABEL,
      "invalidValue",
      `${KEY_PREFIX_LABEL} must not hold * or ? (IAM's StringLike would read them as wildcards) or a control character such as a line break.`,
    );
  }
  if (Buffer.byteLength(prefix, "utf8") > MAX_PREFIX_BYTES) {
    fail(
      KEY_PREFIX_LABEL,
      "tooLarge",
      `${KEY_PREFIX_LABEL} is longer than a partition key may be (2,048 bytes).`,
    );
  }
  return prefix;
}

/** The inputs of a policy, cleaned. */
export interface PolicyRequest {
  keys: PermissionKey[];
  tables: string[];
  region: string;
  account: string;
  keyPrefix?: string;
  readOnly: boolean;
  /** The customer managed KMS keys' ARNs (KMS Key ARNs): the `kmsKey` grants name them. */
  kmsKeys?: string[];
}

/** One statement of an IAM policy. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: IamAction[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document (identity-based), ready to paste. */
export interface IamPolicy {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/**
 * Actions that read or copy items without a partition key for dynamodb:LeadingKeys to check:
 * Scan and PartiQL, stream reads (each record holds whichever item changed, directly or through a
 * pipe the flow sets up), and the whole-table copies (an export to S3, a backup, a restore),
 * which would hand every partition's items to a flow restricted to one prefix.
 */
const KEYLESS_DATA_ACTIONS: ReadonlySet<IamAction> = new Set<IamAction>([
  "dynamodb:Scan",
  "dynamodb:PartiQLSelect",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
  "dynamodb:GetRecords",
  "pipes:CreatePipe",
  "dynamodb:ExportTableToPointInTime",
  "dynamodb:CreateBackup",
  "dynamodb:RestoreTableFromBackup",
  "dynamodb:RestoreTableToPointInTime",
]);

/** The Sid of each resource kind's statement. */
const SIDS: Record<ResourceKind, string> = {
  table: "Tables",
  index: "Indexes",
  stream: "Streams",
  backup: "Backups",
  export: "Exports",
  import: "Imports",
  replica: "Replicas",
  pipe: "Pipes",
  eventsConnection: "EventBridgeConnections",
  apiDestination: "ApiDestinations",
  role: "PassRole",
  serviceLinkedRole: "ServiceLinkedRoles",
  bucket: "Buckets",
  kmsKey: "KmsKeys",
  account: "Account",
};

/** The IAM actions of the chosen keys on one kind of resource, under one condition (if any). */
interface KindGrant {
  kind: ResourceKind;
  condition?: PolicyStatement["Condition"];
  actions: Set<IamAction>;
}

/** The IAM actions of the chosen keys, by resource kind and condition (read-only: only READ_ACTIONS). */
function actionsByKind(request: PolicyRequest): KindGrant[] {
  const byKind = new Map<string, KindGrant>();
  for (const key of request.keys) {
    for (const permission of PERMISSIONS[key] as readonly Permission[]) {
      const group = `${permission.on} ${JSON.stringify(permission.condition ?? null)}`;
      for (const action of permission.actions) {
        if (request.readOnly && !READ_ACTIONS.has(action)) continue;
        const grant = byKind.get(group) ?? {
          kind: permission.on,
          ...(permission.condition ? { condition: { ...permission.condition } } : {}),
          actions: new Set<IamAction>(),
        };
        grant.actions.add(action);
        byKind.set(group, grant);
      }
    }
  }
  return [...byKind.values()];
}

/**
 * The resources of `kind` in `request`'s policy: the given KMS keys for `kmsKey` (none given: no
 * statement), else the kind's ARN pattern for each table.
 */
function resourcesOf(kind: ResourceKind, request: PolicyRequest): string[] {
  if (kind === "kmsKey") return [...(request.kmsKeys ?? [])];
  return [
    ...new Set(
      request.tables.map((table) => resourceArn(kind, table, request.region, request.account)),
    ),
  ];
}

/** Refuses a prefix for actions whose requests carry no partition key (AWS would refuse them). */
function checkPrefixFits(request: PolicyRequest): void {
  if (request.keyPrefix === undefined) return;
  const keyless = request.keys.filter((key) =>
    PERMISSIONS[key].some((permission) =>
      (permission.actions as readonly IamAction[]).some((action) =>
        KEYLESS_DATA_ACTIONS.has(action),
      ),
    ),
  );
  if (keyless.length === 0) return;
  fail(
    KEY_PREFIX_LABEL,
    "conflict",
    `${KEY_PREFIX_LABEL} restricts requests by their partition key (dynamodb:LeadingKeys), which Scan, PartiQL and stream reads do not carry and which exports, backups and restores (copies of the whole table) cannot apply, so the policy could not keep ${keyless.join(", ")} to the prefix. Leave ${KEY_PREFIX_LABEL} blank, or leave these out of ${POLICY_ACTIONS_LABEL}.`,
  );
}

/**
 * `base`, or `base` with the first free number after it: one kind can have statements under
 * several conditions (service-linked roles of two services), and IAM wants each Sid once.
 */
function uniqueSid(statements: PolicyStatement[], base: string): string {
  const taken = new Set(statements.map((statement) => statement.Sid));
  let sid = base;
  for (let n = 2; taken.has(sid) || taken.has(`${sid}ItemsByPartitionKey`); n++)
    sid = `${base}${n}`;
  return sid;
}

/** The LeadingKeys condition: every partition key of the request starts with the prefix. */
function leadingKeysCondition(prefix: string): PolicyStatement["Condition"] {
  return {
    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${prefix}*`] },
    // ForAllValues holds for a request without the key at all: such requests are refused.
    Null: { "dynamodb:LeadingKeys": "false" },
  };
}

/**
 * The least-privilege IAM policy of `request`: for each resource kind its chosen keys use, one
 * statement of the IAM actions they need on that kind's ARN pattern for each table; with a
 * Partition Key Prefix the item actions get their own statements under a dynamodb:LeadingKeys
 * condition. Throws an InputError when the result would grant nothing, or the prefix cannot
 * apply (Scan and PartiQL carry no partition key).
 */
export function buildIamPolicy(request: PolicyRequest): IamPolicy {
  checkPrefixFits(request);
  const statements: PolicyStatement[] = [];
  for (const { kind, condition, actions } of actionsByKind(request)) {
    const resources = resourcesOf(kind, request);
    if (resources.length === 0) continue;
    const all = [...actions].sort();
    const keyed =
      request.keyPrefix === undefined ? [] : all.filter((action) => ITEM_KEY_ACTIONS.has(action));
    const rest = all.filter((action) => !keyed.includes(action));
    const sid = uniqueSid(statements, condition ? `${SIDS[kind]}Conditional` : SIDS[kind]);
    if (rest.length > 0) {
      statements.push({
        Sid: sid,
        Effect: "Allow",
        Action: rest,
        Resource: resources,
        ...(condition ? { Condition: condition } : {}),
      });
    }
    if (keyed.length > 0 && request.keyPrefix !== undefined) {
      statements.push({
        Sid: `${sid}ItemsByPartitionKey`,
        Effect: "Allow",
        Action: keyed,
        Resource: resources,
        Condition: { ...condition, ...leadingKeysCondition(request.keyPrefix) },
      });
    }
  }
  if (statements.length === 0) {
    fail(
      POLICY_ACTIONS_LABEL,
      "conflict",
      `${POLICY_ACTIONS_LABEL} (${request.keys.join(", ")}) need no permission${request.readOnly ? " that only reads (Read Only is on)" : ""}, so there is no policy to write. Choose actions that call DynamoDB${request.readOnly ? ", or turn Read Only off" : ""}.`,
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The most characters (whitespace not counted) of a customer managed policy; an inline policy of
 * a role holds 10,240, of a user 2,048 (IAM and AWS STS quotas).
 */
export const MANAGED_POLICY_CHARACTERS = 6_144;

/** The chosen keys that may use a customer managed KMS key (a `kmsKey` grant). */
function keysUsingKmsKeys(request: PolicyRequest): PermissionKey[] {
  return request.keys.filter((key) =>
    (PERMISSIONS[key] as readonly Permission[]).some((permission) => permission.on === "kmsKey"),
  );
}

/**
 * What to know before pasting `policy` (made for `request`): that it is too long for a managed
 * policy, that its S3 grants name every bucket (the bucket is a step's input, unknown here), and
 * that steps which may select a customer managed KMS key get no KMS grant without KMS Key ARNs.
 */
export function policyWarnings(policy: IamPolicy, request: PolicyRequest): string[] {
  const warnings: string[] = [];
  const characters = JSON.stringify(policy).length;
  if (characters > MANAGED_POLICY_CHARACTERS) {
    warnings.push(
      `The policy has ${characters} characters without whitespace, more than a customer managed policy holds (${MANAGED_POLICY_CHARACTERS}): split it by table or action, or use Table Names * for every table.`,
    );
  }
  const s3 = policy.Statement.find((statement) =>
    statement.Action.some((action) => action.startsWith("s3:")),
  );
  if (s3) {
    warnings.push(
      `Statement ${s3.Sid} grants ${s3.Action.join(", ")} on every bucket ("*"): replace "*" with your export or import bucket (arn:aws:s3:::BUCKET and arn:aws:s3:::BUCKET/PREFIX*).`,
    );
  }
  const keyed = keysUsingKmsKeys(request);
  if (keyed.length > 0 && !request.readOnly && (request.kmsKeys ?? []).length === 0) {
    warnings.push(
      `${keyed.join(", ")} may select a customer managed KMS key, which DynamoDB then uses on your behalf: give its ARN in ${KMS_KEY_ARNS_LABEL} to grant what DynamoDB needs on it, or AWS refuses those steps.`,
    );
  }
  return warnings;
}

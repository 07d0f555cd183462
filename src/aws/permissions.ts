/**
 * The IAM permissions of every action, data source and trigger, in one table (PERMISSIONS), and
 * the IAM actions one request needs (requestPermissions). The reference pages
 * (tools/docs/generate.ts), Generate IAM Policy (engines/iamPolicy.ts) and the AccessDenied
 * message (aws/errors.ts) all read them from here. Sources: the Service Authorization Reference
 * for DynamoDB (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html)
 * and "Using IAM with PartiQL" (PartiQL's per-verb actions).
 */
import { afterKeyword, firstKeyword, sourceAfter } from "../common/partiqlText";

/**
 * An IAM action, "service:Action": DynamoDB's (its streams included), such as "dynamodb:GetItem",
 * or another service's that a part needs (such as "pipes:CreatePipe").
 */
export type IamAction = `${string}:${string}`;

/**
 * What an IAM action is granted on, as an ARN pattern of the chosen tables (tableArn):
 * `table` the table itself, `index` its indexes (`/index/*`), `stream` its streams
 * (`/stream/*`), `backup` its backups (`/backup/*`), `export` and `import` its S3 exports and
 * imports, `replica` the table in any region (a global table's replicas), `pipe`,
 * `eventsConnection` and `apiDestination` the instant trigger's resources (named
 * `dynamodb-changes-*`), `role` the IAM roles a step passes to a service (`iam:PassRole`),
 * `serviceLinkedRole` the service-linked roles AWS creates in the account the first time a
 * service needs one (`role/aws-service-role/*`, kept to that service by a condition),
 * `bucket` the S3 buckets a step names (`*`: the bucket is the step's input), `kmsKey` the
 * customer managed KMS keys a step names (Generate IAM Policy's KMS Key ARNs), and `account`
 * actions that name no resource (ListTables, ListBackups: `*`).
 */
export type ResourceKind =
  | "table"
  | "index"
  | "stream"
  | "backup"
  | "export"
  | "import"
  | "replica"
  | "pipe"
  | "eventsConnection"
  | "apiDestination"
  | "role"
  | "serviceLinkedRole"
  | "bucket"
  | "kmsKey"
  | "account";

/** One grant of a component part: these IAM actions on this kind of resource. */
export interface Permission {
  readonly actions: readonly IamAction[];
  readonly on: ResourceKind;
  /** When only some runs need it, in one line (undefined: every run). */
  readonly when?: string;
  /**
   * An IAM condition the grant is kept under, as a policy statement writes it (the instant
   * trigger's iam:PassRole only to pipes.amazonaws.com).
   */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * AWS checks it on the resource as part of another call (a restore's writes into its target
   * table): no request of the step names it, and a policy without it makes the restore fail.
   */
  readonly implied?: true;
}

/** The item permissions a restore needs on its target table (AWS's backup and restore guide). */
const RESTORE_TARGET_WRITES: Permission = {
  actions: [
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
  ],
  on: "table",
  when: "AWS checks them on the target table while it writes the restored items",
  implied: true,
};

const FIRST_CALL = "the first call for a table: its key schema, then cached for 10 minutes";
const CURSOR_KEYS =
  "to name a cursor (the table's keys, cached): Fetch All that stops inside a page, a Projection Expression, an Exclusive Start Key";
/** Query, Scan and Export Items read the keys for a cursor, and to tell an index's kind. */
const READ_KEYS = `${CURSOR_KEYS}; an index read with Consistent Read or Select ALL_ATTRIBUTES (is the index global?)`;
const WAIT_TABLE = "with Wait Until Active (or Deleted): the table's status until it is reached";
const NAMED_BY_TABLE = "when the Resource is a table name rather than an ARN (its ARN)";
const ON_INDEX = "when Index Name is set";
/** PartiQL reads the keys only to tell whether an index read consistently is global. */
const CONSISTENT_INDEX_READ = 'a SELECT from an index ("table"."index")';
const IS_GLOBAL = " (is the index global?)";
const WAIT_TRANSFER = "with Wait Until Complete: its status until it ends";
const FILTERED_BY_TABLE = "when Table Name is set: the table's ARN (cached)";
const SNAPSHOT = "with Initial Snapshot: the table's items on deploy";
const REPLICA_REGION = "in the replica's region, as DynamoDB creates or deletes the replica";

/**
 * iam:CreateServiceLinkedRole for `service`: the first time the account uses the feature, AWS
 * creates its service-linked role (`role`) on the caller's behalf, which the caller must be
 * allowed to do (IAM User Guide, "Service-linked role permissions").
 */
function serviceLinkedRole(service: string, role: string, first: string): Permission {
  return {
    actions: ["iam:CreateServiceLinkedRole"],
    on: "serviceLinkedRole",
    when: `${first}: AWS then creates the service-linked role ${role}`,
    condition: { StringEquals: { "iam:AWSServiceName": service } },
    implied: true,
  };
}
const PARTIQL_VERBS: readonly IamAction[] = [
  "dynamodb:PartiQLSelect",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
];
/** Batches and transactions of statements: each names one item of a table, never an index. */
const PARTIQL: readonly Permission[] = [
  {
    actions: PARTIQL_VERBS,
    on: "table",
    when: "each for its statements' verb (SELECT, INSERT, UPDATE, DELETE)",
  },
];

/**
 * What DynamoDB needs on a customer managed KMS key a step selects, which it uses on the caller's
 * behalf ("How Amazon DynamoDB uses AWS KMS", Customer managed key policy: kms:Encrypt,
 * kms:Decrypt, kms:ReEncrypt* (ReEncryptFrom, ReEncryptTo), kms:GenerateDataKey* (GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext), kms:DescribeKey and kms:CreateGrant), only for requests that
 * come from DynamoDB (kms:ViaService dynamodb.*.amazonaws.com, as that page's key policy).
 */
function customerKey(when: string): Permission {
  return {
    actions: [
      "kms:CreateGrant",
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
    ],
    on: "kmsKey",
    when,
    condition: { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } },
    implied: true,
  };
}
const RESTORE_KEY = customerKey("with Encryption Override CUSTOMER_KMS_KEY: the KMS Key");

const describeTable = (when?: string): Permission => ({
  actions: ["dynamodb:DescribeTable"],
  on: "table",
  ...(when ? { when } : {}),
});

/**
 * The permissions of every action, data source and trigger, keyed by its key: what its requests
 * need (read from its code: each `step.send`, `step.call` and SDK command it sends), conditional
 * ones with their `when`. Fetch All's repeated calls need nothing more. A new action, data
 * source or trigger adds its entry here; test/unit/permissionsTable.test.ts fails until it does.
 */
export const PERMISSIONS = {
  // items
  getItem: [{ actions: ["dynamodb:GetItem"], on: "table" }, describeTable(FIRST_CALL)],
  createItem: [{ actions: ["dynamodb:PutItem"], on: "table" }, describeTable(FIRST_CALL)],
  updateItem: [{ actions: ["dynamodb:UpdateItem"], on: "table" }, describeTable(FIRST_CALL)],
  deleteItem: [{ actions: ["dynamodb:DeleteItem"], on: "table" }, describeTable(FIRST_CALL)],
  // queries
  queryItems: [
    { actions: ["dynamodb:Query"], on: "table" },
    { actions: ["dynamodb:Query"], on: "index", when: ON_INDEX },
    describeTable(READ_KEYS),
  ],
  scanItems: [
    { actions: ["dynamodb:Scan"], on: "table" },
    { actions: ["dynamodb:Scan"], on: "index", when: ON_INDEX },
    describeTable(READ_KEYS),
  ],
  // batch
  batchGetItems: [{ actions: ["dynamodb:BatchGetItem"], on: "table" }, describeTable(FIRST_CALL)],
  batchWriteItems: [
    { actions: ["dynamodb:BatchWriteItem"], on: "table" },
    describeTable(FIRST_CALL),
  ],
  batchGetItemsMultiTable: [
    { actions: ["dynamodb:BatchGetItem"], on: "table" },
    describeTable(FIRST_CALL),
  ],
  batchWriteItemsMultiTable: [
    { actions: ["dynamodb:BatchWriteItem"], on: "table" },
    describeTable(FIRST_CALL),
  ],
  deleteItems: [
    { actions: ["dynamodb:Query"], on: "table" },
    { actions: ["dynamodb:Query"], on: "index", when: ON_INDEX },
    { actions: ["dynamodb:BatchWriteItem"], on: "table", when: "unless Dry Run is on" },
    describeTable(FIRST_CALL),
  ],
  // transactions
  transactGetItems: [{ actions: ["dynamodb:GetItem"], on: "table" }],
  transactWriteItems: [
    {
      actions: [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:ConditionCheckItem",
      ],
      on: "table",
      when: "each for its operations' kind (Put, Update, Delete, ConditionCheck)",
    },
    describeTable(FIRST_CALL),
  ],
  // partiql
  rawRequest: [
    ...PARTIQL,
    {
      actions: ["dynamodb:PartiQLSelect"],
      on: "index",
      when: 'a SELECT from an index ("table"."index")',
    },
    describeTable(`${CONSISTENT_INDEX_READ} with Consistent Read${IS_GLOBAL}`),
  ],
  batchExecuteStatements: [
    ...PARTIQL,
    describeTable(`${CONSISTENT_INDEX_READ} with consistentRead${IS_GLOBAL}`),
  ],
  executeTransaction: PARTIQL,
  // files
  exportItems: [
    { actions: ["dynamodb:Scan"], on: "table", when: "without a Key Condition Expression" },
    { actions: ["dynamodb:Query"], on: "table", when: "with a Key Condition Expression" },
    { actions: ["dynamodb:Scan", "dynamodb:Query"], on: "index", when: ON_INDEX },
    describeTable(`${READ_KEYS}; the CSV header of an empty export`),
  ],
  importItems: [{ actions: ["dynamodb:BatchWriteItem"], on: "table" }, describeTable(FIRST_CALL)],
  // tables
  createTable: [
    { actions: ["dynamodb:CreateTable"], on: "table" },
    { actions: ["dynamodb:TagResource"], on: "table", when: "with Tags" },
    describeTable(`${WAIT_TABLE}, or when the table exists already (its status)`),
  ],
  deleteTable: [{ actions: ["dynamodb:DeleteTable"], on: "table" }, describeTable(WAIT_TABLE)],
  describeTable: [describeTable()],
  listTables: [{ actions: ["dynamodb:ListTables"], on: "account" }],
  updateTable: [{ actions: ["dynamodb:UpdateTable"], on: "table" }, describeTable(WAIT_TABLE)],
  // indexes
  createGlobalSecondaryIndex: [
    { actions: ["dynamodb:UpdateTable"], on: "table" },
    describeTable(
      "the table's indexes and attributes, and the index's status with Wait Until Active",
    ),
  ],
  deleteGlobalSecondaryIndex: [
    { actions: ["dynamodb:UpdateTable"], on: "table" },
    describeTable("the table's indexes, and the index's status with Wait Until Deleted"),
  ],
  // ttl
  describeTimeToLive: [{ actions: ["dynamodb:DescribeTimeToLive"], on: "table" }],
  updateTimeToLive: [
    { actions: ["dynamodb:UpdateTimeToLive"], on: "table" },
    {
      actions: ["dynamodb:DescribeTimeToLive"],
      on: "table",
      when: "when DynamoDB says time to live is already being changed (the current setting)",
    },
  ],
  // backups
  createBackup: [
    { actions: ["dynamodb:CreateBackup"], on: "table" },
    { actions: ["dynamodb:DescribeBackup"], on: "backup", when: "with Wait Until Available" },
  ],
  deleteBackup: [{ actions: ["dynamodb:DeleteBackup"], on: "backup" }],
  describeBackup: [{ actions: ["dynamodb:DescribeBackup"], on: "backup" }],
  describeContinuousBackups: [{ actions: ["dynamodb:DescribeContinuousBackups"], on: "table" }],
  listBackups: [{ actions: ["dynamodb:ListBackups"], on: "account" }],
  restoreTableFromBackup: [
    { actions: ["dynamodb:RestoreTableFromBackup"], on: "backup" },
    {
      actions: ["dynamodb:RestoreTableFromBackup"],
      on: "table",
      implied: true,
      when: "on the target table",
    },
    RESTORE_TARGET_WRITES,
    RESTORE_KEY,
    describeTable(`${WAIT_TABLE} (the target table)`),
  ],
  restoreTableToPointInTime: [
    { actions: ["dynamodb:RestoreTableToPointInTime"], on: "table" },
    {
      actions: ["dynamodb:DescribeContinuousBackups"],
      on: "table",
      when: "with a Restore Date Time (the source table's restorable window)",
    },
    RESTORE_TARGET_WRITES,
    RESTORE_KEY,
    describeTable(`${WAIT_TABLE} (the target table)`),
  ],
  updateContinuousBackups: [{ actions: ["dynamodb:UpdateContinuousBackups"], on: "table" }],
  // tags
  // A stream's ARN tags the stream (Streams ABAC), so the tag actions are granted on both.
  tagResource: [
    { actions: ["dynamodb:TagResource"], on: "table" },
    { actions: ["dynamodb:TagResource"], on: "stream", when: "given a stream's ARN" },
    describeTable(NAMED_BY_TABLE),
  ],
  untagResource: [
    { actions: ["dynamodb:UntagResource"], on: "table" },
    { actions: ["dynamodb:UntagResource"], on: "stream", when: "given a stream's ARN" },
    describeTable(NAMED_BY_TABLE),
  ],
  listTagsOfResource: [
    { actions: ["dynamodb:ListTagsOfResource"], on: "table" },
    { actions: ["dynamodb:ListTagsOfResource"], on: "stream", when: "given a stream's ARN" },
    describeTable(NAMED_BY_TABLE),
  ],
  // global tables
  describeReplicas: [describeTable()],
  addReplica: [
    describeTable(),
    { actions: ["dynamodb:UpdateTable"], on: "table" },
    {
      actions: [
        "dynamodb:CreateTable",
        "dynamodb:CreateTableReplica",
        "dynamodb:Scan",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
        "dynamodb:PutItem",
        "dynamodb:GetItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
      ],
      on: "replica",
      when: REPLICA_REGION,
      implied: true,
    },
    // DynamoDB global tables security: the replication role is created with the first replica.
    serviceLinkedRole(
      "replication.dynamodb.amazonaws.com",
      "AWSServiceRoleForDynamoDBReplication",
      "the account's first replica",
    ),
    customerKey("with a Replica KMS Key: that key, in the replica's region"),
  ],
  removeReplica: [
    describeTable(),
    { actions: ["dynamodb:UpdateTable"], on: "table" },
    {
      actions: ["dynamodb:DeleteTable", "dynamodb:DeleteTableReplica"],
      on: "replica",
      when: REPLICA_REGION,
      implied: true,
    },
  ],
  // exports to and imports from S3
  exportTableToS3: [
    describeTable(FIRST_CALL),
    { actions: ["dynamodb:ExportTableToPointInTime"], on: "table" },
    { actions: ["dynamodb:DescribeExport"], on: "export", when: WAIT_TRANSFER },
    {
      actions: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:PutObjectAcl"],
      on: "bucket",
      when: "AWS checks them on the S3 Bucket (and prefix) as DynamoDB writes the export",
      implied: true,
    },
  ],
  describeExport: [{ actions: ["dynamodb:DescribeExport"], on: "export" }],
  listExports: [
    { actions: ["dynamodb:ListExports"], on: "account" },
    describeTable(FILTERED_BY_TABLE),
  ],
  importTableFromS3: [
    { actions: ["dynamodb:ImportTable"], on: "table" },
    { actions: ["dynamodb:DescribeImport"], on: "import", when: WAIT_TRANSFER },
    {
      actions: ["s3:GetObject", "s3:ListBucket"],
      on: "bucket",
      when: "AWS checks them on the S3 Bucket as DynamoDB reads the files",
      implied: true,
    },
    {
      actions: [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
        "logs:PutRetentionPolicy",
      ],
      on: "account",
      when: "AWS checks them as DynamoDB logs the import's errors to CloudWatch",
      implied: true,
    },
  ],
  describeImport: [{ actions: ["dynamodb:DescribeImport"], on: "import" }],
  listImports: [
    { actions: ["dynamodb:ListImports"], on: "account" },
    describeTable(FILTERED_BY_TABLE),
  ],
  // permissions: Generate IAM Policy calls no AWS API
  generateIamPolicy: [],
  // data sources
  selectTable: [{ actions: ["dynamodb:ListTables"], on: "account" }],
  selectRegion: [],
  selectIndex: [describeTable()],
  selectBackup: [{ actions: ["dynamodb:ListBackups"], on: "account" }],
  selectExport: [describeTable(), { actions: ["dynamodb:ListExports"], on: "account" }],
  // triggers
  tableChanges: [
    describeTable(),
    {
      actions: ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"],
      on: "stream",
    },
    { actions: ["dynamodb:Scan"], on: "table", when: SNAPSHOT },
  ],
  tableChangesInstant: [
    describeTable("on deploy: the table's stream"),
    {
      actions: ["pipes:CreatePipe", "pipes:UpdatePipe", "pipes:DescribePipe", "pipes:DeletePipe"],
      on: "pipe",
      when: "on deploy and delete (DescribePipe also with Initial Snapshot)",
    },
    {
      actions: ["events:CreateConnection", "events:UpdateConnection", "events:DeleteConnection"],
      on: "eventsConnection",
      when: "on deploy and delete",
    },
    {
      actions: [
        "events:CreateApiDestination",
        "events:UpdateApiDestination",
        "events:DeleteApiDestination",
      ],
      on: "apiDestination",
      when: "on deploy and delete",
    },
    {
      actions: ["iam:PassRole"],
      on: "role",
      when: "on deploy: the Pipe Role ARN, passed to pipes.amazonaws.com",
      condition: { StringEquals: { "iam:PassedToService": "pipes.amazonaws.com" } },
      implied: true,
    },
    // EventBridge: the role that keeps connections' secrets comes with the first connection.
    serviceLinkedRole(
      "apidestinations.events.amazonaws.com",
      "AWSServiceRoleForAmazonEventBridgeApiDestinations",
      "on the account's first deploy (its first EventBridge connection)",
    ),
    { actions: ["dynamodb:Scan"], on: "table", when: SNAPSHOT },
  ],
} as const satisfies Record<string, readonly Permission[]>;

/** The key of an action, data source or trigger that PERMISSIONS lists. */
export type PermissionKey = keyof typeof PERMISSIONS;

/** Is `key` a key PERMISSIONS lists (for text from a flow)? */
export function isPermissionKey(key: string): key is PermissionKey {
  return Object.hasOwn(PERMISSIONS, key);
}

/**
 * IAM actions that only read: the rest may change data, tables or settings, and read-only
 * policies leave them out (an action not listed here counts as a write).
 */
export const READ_ACTIONS: ReadonlySet<IamAction> = new Set<IamAction>([
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:ConditionCheckItem",
  "dynamodb:PartiQLSelect",
  "dynamodb:DescribeTable",
  "dynamodb:ListTables",
  "dynamodb:DescribeTimeToLive",
  "dynamodb:DescribeContinuousBackups",
  "dynamodb:DescribeBackup",
  "dynamodb:ListBackups",
  "dynamodb:DescribeExport",
  "dynamodb:ListExports",
  "dynamodb:DescribeImport",
  "dynamodb:ListImports",
  "dynamodb:ListTagsOfResource",
  "dynamodb:DescribeStream",
  "dynamodb:GetShardIterator",
  "dynamodb:GetRecords",
  "dynamodb:ListStreams",
]);

/**
 * IAM actions on items, whose requests carry the partition key: a `dynamodb:LeadingKeys`
 * condition can restrict them. The others (Scan, PartiQL, table calls) carry none.
 */
export const ITEM_KEY_ACTIONS: ReadonlySet<IamAction> = new Set<IamAction>([
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:Query",
]);

/** The ARN partition of a region: aws-cn for China, aws-us-gov for GovCloud, aws elsewhere. */
function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The suffix of each table kind's ARN after `table/<name>`. */
const KIND_SUFFIX = {
  table: "",
  index: "/index/*",
  stream: "/stream/*",
  backup: "/backup/*",
  export: "/export/*",
  import: "/import/*",
} as const satisfies Partial<Record<ResourceKind, string>>;

/** The name every resource the instant trigger sets up starts with (engines/pipeSetup.ts). */
const PIPE_RESOURCES = "dynamodb-changes-*";

/**
 * The ARN pattern of `kind` for `table` ("*": every table) in `region` and `account` ("*": any),
 * such as arn:aws:dynamodb:us-east-1:123456789012:table/Orders/index/*; `account` and `bucket`
 * kinds: "*"; `kmsKey`: any key of the account (Generate IAM Policy names the keys given).
 */
export function resourceArn(
  kind: ResourceKind,
  table: string,
  region: string,
  account: string,
): string {
  const partition = partitionOf(region);
  switch (kind) {
    case "account":
    case "bucket":
      return "*";
    case "kmsKey":
      return `arn:${partition}:kms:*:${account}:key/*`;
    case "replica":
      return `arn:${partition}:dynamodb:*:${account}:table/${table}`;
    case "pipe":
      return `arn:${partition}:pipes:${region}:${account}:pipe/${PIPE_RESOURCES}`;
    case "eventsConnection":
      return `arn:${partition}:events:${region}:${account}:connection/${PIPE_RESOURCES}`;
    case "apiDestination":
      return `arn:${partition}:events:${region}:${account}:api-destination/${PIPE_RESOURCES}`;
    case "role":
      return `arn:${partition}:iam::${account}:role/*`;
    case "serviceLinkedRole":
      return `arn:${partition}:iam::${account}:role/aws-service-role/*`;
    default:
      return `arn:${partition}:dynamodb:${region}:${account}:table/${table}${KIND_SUFFIX[kind]}`;
  }
}

/** One IAM action a request needs, and on what: a table (and index), or an ARN it names. */
export interface NeededPermission {
  action: IamAction;
  kind: ResourceKind;
  /** The table it names, where the request names one (undefined: every table, or none). */
  table?: string;
  /** The ARN the request names (a backup, a stream, a tagged resource), if it names one. */
  arn?: string;
  /** The name of the pipe, connection or API destination a Pipes or EventBridge request names. */
  name?: string;
}

type Input = Record<string, unknown>;

const asInput = (value: unknown): Input =>
  value && typeof value === "object" ? (value as Input) : {};
const asText = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** The table named in an ARN such as arn:aws:dynamodb:r:a:table/Orders/stream/2024... */
function tableOfArn(arn: string | undefined): string | undefined {
  return arn?.match(/:table\/([^/]+)/)?.[1];
}

/** The kind of resource an ARN names (a table's, or one of its streams, backups...). */
function kindOfArn(arn: string): ResourceKind {
  const part = arn.match(/:table\/[^/]+\/(index|stream|backup|export|import)\//)?.[1];
  return (part as ResourceKind | undefined) ?? "table";
}

function onArn(action: IamAction, arn: string | undefined, table?: string): NeededPermission {
  if (!arn) return { action, kind: "table", ...(table ? { table } : {}) };
  const named = tableOfArn(arn) ?? table;
  return { action, kind: kindOfArn(arn), arn, ...(named ? { table: named } : {}) };
}

/** The IAM action of each PartiQL verb; any other first keyword (SELECT, EXISTS) reads. */
const PARTIQL_ACTIONS: Readonly<Record<string, IamAction>> = {
  insert: "dynamodb:PartiQLInsert",
  update: "dynamodb:PartiQLUpdate",
  delete: "dynamodb:PartiQLDelete",
};
/** The keyword the statement's table follows: UPDATE "t", INSERT INTO "t", ... FROM "t". */
const TABLE_AFTER: Readonly<Record<string, string>> = { update: "update", insert: "into" };

/**
 * A PartiQL statement's IAM action, by its first keyword, and the table it names: kind "index"
 * for a read of "table"."index" (SELECT, EXISTS), else "table"; no table when none is named.
 * Read with the lexical scanner (common/partiqlText.ts) as DynamoDB reads it, so leading
 * comments, a comment before the name, and from/into inside a string, a quoted name or a path
 * step (a.from) do not change the action or the table (regular expressions did).
 */
export function statementPermission(statement: string): NeededPermission {
  const verb = firstKeyword(statement);
  const action = Object.hasOwn(PARTIQL_ACTIONS, verb)
    ? PARTIQL_ACTIONS[verb]
    : "dynamodb:PartiQLSelect";
  const after = afterKeyword(
    statement,
    Object.hasOwn(TABLE_AFTER, verb) ? TABLE_AFTER[verb] : "from",
  );
  const source = after === undefined ? undefined : sourceAfter(statement, after);
  // Only reads can name an index: a write names one item of a table.
  const isRead = action === "dynamodb:PartiQLSelect";
  const kind: ResourceKind = isRead && source?.index !== undefined ? "index" : "table";
  return { action, kind, ...(source ? { table: source.table } : {}) };
}

/** The tables and item actions of a TransactWriteItems or TransactGetItems request. */
function transactPermissions(items: unknown): NeededPermission[] {
  const kinds: [string, IamAction][] = [
    ["Put", "dynamodb:PutItem"],
    ["Update", "dynamodb:UpdateItem"],
    ["Delete", "dynamodb:DeleteItem"],
    ["ConditionCheck", "dynamodb:ConditionCheckItem"],
    ["Get", "dynamodb:GetItem"],
  ];
  return (Array.isArray(items) ? items : []).flatMap((item) =>
    kinds
      .filter(([kind]) => asInput(item)[kind])
      .map(([kind, action]) =>
        onArn(action, undefined, asText(asInput(asInput(item)[kind]).TableName)),
      ),
  );
}

/** Operations whose IAM action is not `dynamodb:<operation>`: read from their request. */
const BY_REQUEST: Record<string, (input: Input) => NeededPermission[]> = {
  ExecuteStatement: (input) => [statementPermission(String(input.Statement ?? ""))],
  BatchExecuteStatement: (input) =>
    (Array.isArray(input.Statements) ? input.Statements : []).map((entry) =>
      statementPermission(String(asInput(entry).Statement ?? "")),
    ),
  ExecuteTransaction: (input) =>
    (Array.isArray(input.TransactStatements) ? input.TransactStatements : []).map((entry) =>
      statementPermission(String(asInput(entry).Statement ?? "")),
    ),
  TransactWriteItems: (input) => transactPermissions(input.TransactItems),
  // Tags given with CreateTable are put with the table's TagResource permission.
  CreateTable: (input) => [
    onArn("dynamodb:CreateTable", undefined, asText(input.TableName)),
    ...(Array.isArray(input.Tags) && input.Tags.length > 0
      ? [onArn("dynamodb:TagResource", undefined, asText(input.TableName))]
      : []),
  ],
  TransactGetItems: (input) => transactPermissions(input.TransactItems),
  BatchGetItem: (input) =>
    Object.keys(asInput(input.RequestItems)).map((table) =>
      onArn("dynamodb:BatchGetItem", undefined, table),
    ),
  BatchWriteItem: (input) =>
    Object.keys(asInput(input.RequestItems)).map((table) =>
      onArn("dynamodb:BatchWriteItem", undefined, table),
    ),
};

/**
 * The stream ARN a shard iterator starts with: DynamoDB Streams' iterators are
 * "<stream ARN>|<version>|<opaque>", so GetRecords' resource is read from its request.
 */
function streamOfIterator(iterator: unknown): string | undefined {
  const text = asText(iterator);
  const arn = text?.startsWith("arn:") ? text.split("|")[0] : undefined;
  return arn && /:table\/[^/]+\/stream\//.test(arn) ? arn : undefined;
}

/** DynamoDB Streams' operations: on a stream, also when only its table is known. */
const STREAM_OPERATIONS = new Set(["DescribeStream", "GetShardIterator", "GetRecords"]);

/**
 * Does the IAM action of `operation` depend on its request (PartiQL's verbs, a transaction's
 * operations, a batch's tables)? Then it cannot be named from the operation alone.
 */
export function readsRequest(operation: string): boolean {
  return Object.hasOwn(BY_REQUEST, operation);
}

/** Operations on the account, which name no resource. */
const ACCOUNT_OPERATIONS = new Set([
  "ListTables",
  "ListBackups",
  "ListStreams",
  "DescribeLimits",
  "ListExports",
  "ListImports",
]);

/**
 * The operations of EventBridge Pipes and EventBridge that the instant trigger's deploy and
 * delete send (engines/pipeSetup.ts), with the kind of resource each acts on (its request names
 * it by Name). No DynamoDB operation has one of these names, so the name tells the service.
 */
const OTHER_SERVICE_OPERATIONS: Readonly<Record<string, { service: string; on: ResourceKind }>> = {
  CreatePipe: { service: "pipes", on: "pipe" },
  UpdatePipe: { service: "pipes", on: "pipe" },
  DescribePipe: { service: "pipes", on: "pipe" },
  DeletePipe: { service: "pipes", on: "pipe" },
  CreateConnection: { service: "events", on: "eventsConnection" },
  UpdateConnection: { service: "events", on: "eventsConnection" },
  DeleteConnection: { service: "events", on: "eventsConnection" },
  CreateApiDestination: { service: "events", on: "apiDestination" },
  UpdateApiDestination: { service: "events", on: "apiDestination" },
  DeleteApiDestination: { service: "events", on: "apiDestination" },
};

/**
 * The IAM actions one request needs and their resources, from its operation name (as in
 * X-Amz-Target: "GetItem", "ExecuteStatement", "GetRecords"; Pipes' from its REST route, such as
 * "CreatePipe") and its input (the API's request shape, which is the SDK command's input):
 * PartiQL by each statement's verb, transactions by each operation's kind, the Pipes and
 * EventBridge operations of the instant trigger `pipes:<operation>` or `events:<operation>` on
 * the pipe, connection or API destination they name, the rest `dynamodb:<operation>` on the
 * table, index, stream, backup or resource the request names. A request that names none gives
 * kind "table" without a table.
 */
export function requestPermissions(operation: string, rawInput: unknown): NeededPermission[] {
  const input = asInput(rawInput);
  // Own keys only: an operation named like an Object method ("constructor") is no entry.
  const other = Object.hasOwn(OTHER_SERVICE_OPERATIONS, operation)
    ? OTHER_SERVICE_OPERATIONS[operation]
    : undefined;
  if (other) {
    const name = asText(input.Name);
    return [{ action: `${other.service}:${operation}`, kind: other.on, ...(name ? { name } : {}) }];
  }
  const byRequest = readsRequest(operation) ? BY_REQUEST[operation] : undefined;
  if (byRequest) return byRequest(input);
  const action: IamAction = `dynamodb:${operation}`;
  if (ACCOUNT_OPERATIONS.has(operation)) return [{ action, kind: "account" }];
  const arn =
    asText(input.StreamArn) ??
    asText(input.BackupArn) ??
    asText(input.ResourceArn) ??
    asText(input.ExportArn) ??
    asText(input.ImportArn) ??
    asText(input.TableArn) ??
    streamOfIterator(input.ShardIterator);
  if (arn) return [onArn(action, arn)];
  const table =
    asText(input.TableName) ??
    asText(input.SourceTableName) ??
    asText(asInput(input.TableCreationParameters).TableName);
  const kind: ResourceKind = STREAM_OPERATIONS.has(operation)
    ? "stream"
    : asText(input.IndexName)
      ? "index"
      : "table";
  return [{ action, kind, ...(table ? { table } : {}) }];
}

/**
 * What `key` needs on `table` in `region`, in one phrase for a message: "dynamodb:DescribeTable
 * on arn:aws:dynamodb:us-east-1:*:table/Orders and dynamodb:DescribeStream, ... on
 * arn:...:table/Orders/stream/*" (the account unknown: `*`). Conditional grants included.
 */
export function permissionsPhrase(key: PermissionKey, table: string, region: string): string {
  const phrases = PERMISSIONS[key].map((permission: Permission) => {
    const actions = [...permission.actions];
    const listed =
      actions.length > 1
        ? `${actions.slice(0, -1).join(", ")} and ${actions[actions.length - 1]}`
        : actions[0];
    return `${listed} on ${resourceArn(permission.on, table, region, "*")}`;
  });
  return phrases.join("; ");
}

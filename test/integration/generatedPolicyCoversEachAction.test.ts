/**
 * Acceptance of the permissions table (src/aws/permissions.ts): every action, data source and
 * trigger of the component runs against DynamoDB Local behind a recording proxy
 * (tools/requestRecorder.ts; backups, point-in-time recovery, tags, exports and imports through S3
 * and global tables' replicas, which DynamoDB Local lacks, answered by fakes shaped as the API
 * Reference documents them; the instant trigger's Pipes and EventBridge requests recorded by
 * their loopback fake, tools/pipesFake.ts), and
 * - each request it sends (by X-Amz-Target, or Pipes' route, and input) is allowed by the policy
 *   Generate IAM Policy returns for that key alone, on the resource the request names;
 * - the policy grants no IAM action on a kind of resource that no run of the key used, except the
 *   grants AWS checks itself without a request (`implied`: a restore's writes into its target,
 *   the S3 and CloudWatch Logs grants of exports and imports, a replica's region, iam:PassRole).
 * Each key's runs (RUNS) are chosen so that its conditional permissions are used: the first-call
 * DescribeTable (caches are dropped before each run), each PartiQL verb, indexes, waits, table
 * filters, the triggers' Initial Snapshot on deploy, the instant trigger's re-deploy and delete.
 *
 * A key of the component without runs fails here by name: add its runs to RUNS.
 */
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  type IamAction,
  type NeededPermission,
  PERMISSIONS,
  type PermissionKey,
  type ResourceKind,
  requestPermissions,
  resourceArn,
} from "../../src/aws/permissions";
import type { IamPolicy } from "../../src/engines/iamPolicy";
import component from "../../src/index";
import { exportImportFake } from "../../tools/exportImportFake";
import { type GlobalTablesFake, globalTablesFake } from "../../tools/globalTablesFake";
import { type PipesFake, startPipesFake } from "../../tools/pipesFake";
import { type Fake, type RecordingProxy, startRecordingProxy } from "../../tools/requestRecorder";
import { harness, resetCaches } from "../support/harness";
import { type FlowState, handlerContext, instantBuilds } from "../support/instantTrigger";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { runBatched } from "../support/triggerRuns";

const ACCOUNT = "123456789012";
const main = uniqueTableName("perm_main");
const side = uniqueTableName("perm_side");
const restored = uniqueTableName("perm_restored");
const created = uniqueTableName("perm_created");
const doomed = uniqueTableName("perm_doomed");
const imported = uniqueTableName("perm_imported");
const replicated = uniqueTableName("perm_global");
const TABLES = [main, side, restored, created, doomed, imported, replicated];
const BACKUP_ARN = `arn:aws:dynamodb:${LOCAL_REGION}:${ACCOUNT}:table/${main}/backup/01715078400000-a1b2c3d4`;
const STREAM_ARN = `arn:aws:dynamodb:${LOCAL_REGION}:${ACCOUNT}:table/${main}/stream/2024-05-07T10:40:00.000`;

// ---------------------------------------------------------------------------------------------
// Fakes for what DynamoDB Local lacks (epoch seconds, as the JSON protocol carries dates)

const NOW_S = Math.floor(Date.now() / 1000);
const ok =
  (body: unknown): Fake =>
  () => ({ status: 200, body });
const backupDetails = (status = "CREATING") => ({
  BackupArn: BACKUP_ARN,
  BackupName: "nightly",
  BackupStatus: status,
  BackupType: "USER",
  BackupCreationDateTime: NOW_S,
});
const restoring = (input: Record<string, unknown>) => ({
  status: 200,
  body: { TableDescription: { TableName: input.TargetTableName, TableStatus: "CREATING" } },
});
const continuous = {
  ContinuousBackupsDescription: {
    ContinuousBackupsStatus: "ENABLED",
    PointInTimeRecoveryDescription: {
      PointInTimeRecoveryStatus: "ENABLED",
      EarliestRestorableDateTime: NOW_S - 86_400,
      LatestRestorableDateTime: NOW_S + 3_600,
    },
  },
};
const FAKES: Record<string, Fake> = {
  CreateBackup: ok({ BackupDetails: backupDetails() }),
  DescribeBackup: ok({ BackupDescription: { BackupDetails: backupDetails("AVAILABLE") } }),
  DeleteBackup: ok({ BackupDescription: { BackupDetails: backupDetails("DELETED") } }),
  ListBackups: ok({ BackupSummaries: [{ ...backupDetails("AVAILABLE"), TableName: main }] }),
  RestoreTableFromBackup: restoring,
  RestoreTableToPointInTime: restoring,
  DescribeContinuousBackups: ok(continuous),
  UpdateContinuousBackups: ok(continuous),
  TagResource: ok({}),
  UntagResource: ok({}),
  ListTagsOfResource: ok({ Tags: [{ Key: "team", Value: "billing" }] }),
};

/** A fake's request body, as the wire carries it. */
const wire = (input: unknown) => Buffer.from(JSON.stringify(input));

/**
 * Exports to and imports from S3 (tools/exportImportFake.ts): a started one is IN_PROGRESS, and
 * the first Describe finds it COMPLETED, so Wait Until Complete sends one DescribeExport or
 * DescribeImport.
 */
const transfers = exportImportFake({ region: LOCAL_REGION, account: ACCOUNT });
const TRANSFER_FAKES: Record<string, Fake> = Object.fromEntries(
  [
    "ExportTableToPointInTime",
    "DescribeExport",
    "ListExports",
    "ImportTable",
    "DescribeImport",
    "ListImports",
  ].map((operation): [string, Fake] => [
    operation,
    (input) => transfers.answer(operation, wire(input)),
  ]),
);

/** The ARN of an export (of main) or import (into a table of TABLES) the fake has started. */
async function startedTransfer(kind: "export" | "import"): Promise<string> {
  const answer =
    kind === "export"
      ? await transfers.answer(
          "ExportTableToPointInTime",
          wire({ TableArn: resourceArn("table", main, LOCAL_REGION, ACCOUNT), S3Bucket: "perm-x" }),
        )
      : await transfers.answer(
          "ImportTable",
          wire({
            S3BucketSource: { S3Bucket: "perm-x" },
            InputFormat: "CSV",
            TableCreationParameters: { TableName: side },
          }),
        );
  const body = answer?.body as {
    ExportDescription?: { ExportArn?: string };
    ImportTableDescription?: { ImportArn?: string };
  };
  const arn = body?.ExportDescription?.ExportArn ?? body?.ImportTableDescription?.ImportArn;
  if (!arn) throw new Error(`the fake started no ${kind}: ${JSON.stringify(answer)}`);
  return arn;
}

/**
 * Global tables (tools/globalTablesFake.ts) over DynamoDB Local: UpdateTable with
 * ReplicaUpdates, and DescribeTable listing the replicas as they change.
 */
let globalTables: GlobalTablesFake;
const GLOBAL_FAKES: Record<string, Fake> = {
  UpdateTable: (input) => globalTables.answer("UpdateTable", wire(input)),
  DescribeTable: (input) => globalTables.answer("DescribeTable", wire(input)),
};

/** A trigger's run on deploy (its Initial Snapshot), for a new instance. */
const snapshotRun = () => ({ instanceState: {}, onDeploy: true, maxPages: 20 });

/**
 * The instant trigger's deploy and delete handlers (from the source), whose Pipes and EventBridge
 * requests go to the loopback fake of both (tools/pipesFake.ts), which records them.
 */
const [, loadInstant] = instantBuilds()[0];
const instant = loadInstant();
let pipes: PipesFake;

/**
 * An instance's life with the instant trigger: deploy (creating the connection, API destination
 * and pipe), a re-deploy (updating each), the on-deploy perform's Initial Snapshot (the pipe's
 * state, then the scan), and the instance's delete.
 */
async function instantLifecycle(params: Record<string, unknown>): Promise<void> {
  const flow: FlowState = {
    crossFlowState: {},
    instanceState: {},
    webhookUrl: "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjE=",
  };
  for (let deploy = 0; deploy < 2; deploy++) {
    const deployed = await instant.create(handlerContext(flow), params);
    flow.crossFlowState = deployed?.crossFlowState ?? flow.crossFlowState;
  }
  await runBatched(component, "tableChangesInstant", params, snapshotRun());
  await instant.delete(handlerContext(flow), params);
}

/** UpdateTimeToLive refused as AWS refuses a change already made (Update Time To Live settles it). */
const ttlAlreadyOn: Fake = () => ({
  status: 400,
  body: {
    __type: "com.amazon.coral.validate#ValidationException",
    message: "TimeToLive is already enabled",
  },
});

// ---------------------------------------------------------------------------------------------
// The runs of each key

/** One run of a key: its inputs (connection and region added), and what to set up first. */
interface Run {
  params: Record<string, unknown>;
  setup?: () => Promise<void>;
  /** Fakes for this run only, by operation. */
  fakes?: Record<string, Fake>;
  /**
   * Runs the key another way than the harness's default call (such as an instant trigger's
   * deploy), with the params given (connection and region included).
   */
  perform?: (params: Record<string, unknown>) => Promise<unknown>;
}

const kv = (entries: Record<string, string>) =>
  Object.entries(entries).map(([key, value]) => ({ key, value }));
const byId = (id: number) => ({
  keyConditionExpression: "customerId = :id",
  expressionAttributeValues: kv({ ":id": String(id) }),
  expressionAttributeValueTypes: kv({ ":id": "N" }),
});
const byCity = (city: string) => ({
  indexName: "byCity",
  keyConditionExpression: "city = :c",
  expressionAttributeValues: kv({ ":c": city }),
  expressionAttributeValueTypes: kv({ ":c": "S" }),
});
const item = (id: number, name: string, city = "Lyon") => ({
  customerId: id,
  customerName: name,
  city,
});
const statements = (...list: string[]) =>
  JSON.stringify(list.map((statement) => ({ statement, parameters: [] })));

async function put(table: string, ...items: ReturnType<typeof item>[]): Promise<void> {
  const client = rawClient();
  try {
    for (const { customerId, customerName, city } of items) {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            customerId: { N: String(customerId) },
            customerName: { S: customerName },
            city: { S: city },
          },
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

async function createPlainTable(name: string): Promise<void> {
  await createTestTable(name, { hashKey: { name: "id", type: "S" } });
}

/**
 * The runs of every key. A new action, data source or trigger adds its runs here (one run per
 * conditional permission its entry in PERMISSIONS lists), or this test fails naming it.
 */
const RUNS: Record<string, Run[]> = {
  getItem: [{ params: { tableName: main, value: "1001", rangeKeyValue: "Ada" } }],
  createItem: [{ params: { tableName: main, itemJson: JSON.stringify(item(1003, "Cy")) } }],
  updateItem: [
    {
      params: {
        tableName: main,
        value: "1001",
        rangeKeyValue: "Ada",
        query: "SET visits = :one",
        queryParams: kv({ ":one": "1" }),
        queryParamTypes: kv({ ":one": "N" }),
      },
    },
  ],
  deleteItem: [{ params: { tableName: main, value: "1003", rangeKeyValue: "Cy" } }],
  queryItems: [
    { params: { tableName: main, ...byId(1001) } },
    { params: { tableName: main, ...byCity("Lyon") } },
    {
      params: {
        tableName: main,
        ...byId(1001),
        exclusiveStartKey: JSON.stringify({ customerId: 1001, customerName: "Ada" }),
      },
    },
  ],
  scanItems: [
    { params: { tableName: main } },
    { params: { tableName: main, indexName: "byCity" } },
    { params: { tableName: main, fetchAll: true, maxItems: "1" } },
  ],
  batchGetItems: [
    {
      params: {
        tableName: main,
        keys: JSON.stringify([{ customerId: 1001, customerName: "Ada" }]),
      },
    },
  ],
  batchWriteItems: [{ params: { tableName: main, putItems: JSON.stringify([item(1004, "Di")]) } }],
  batchGetItemsMultiTable: [
    {
      params: {
        keysByTable: JSON.stringify({
          [main]: [{ customerId: 1001, customerName: "Ada" }],
          [side]: [{ id: "s-1" }],
        }),
      },
    },
  ],
  batchWriteItemsMultiTable: [
    {
      params: {
        writesByTable: JSON.stringify({
          [main]: [{ put: item(1011, "Jo") }, { delete: { customerId: 1012, customerName: "Ky" } }],
          [side]: [{ put: { id: "s-2" } }],
        }),
      },
    },
  ],
  deleteItems: [
    { params: { tableName: main, ...byId(1009) }, setup: () => put(main, item(1009, "Gone")) },
    { params: { tableName: main, ...byCity("Paris"), dryRun: true } },
  ],
  transactGetItems: [
    {
      params: {
        gets: JSON.stringify([{ tableName: main, key: { customerId: 1001, customerName: "Ada" } }]),
      },
    },
  ],
  transactWriteItems: [
    {
      params: {
        operations: JSON.stringify([
          { put: { tableName: main, item: item(1005, "Ed") } },
          {
            update: {
              tableName: main,
              key: { customerId: 1002, customerName: "Bo" },
              updateExpression: "SET visits = :n",
              expressionAttributeValues: { ":n": 2 },
            },
          },
          { delete: { tableName: main, key: { customerId: 1004, customerName: "Di" } } },
          {
            conditionCheck: {
              tableName: main,
              key: { customerId: 1001, customerName: "Ada" },
              conditionExpression: "attribute_exists(customerId)",
            },
          },
        ]),
      },
    },
  ],
  rawRequest: [
    { params: { statement: `SELECT * FROM "${main}" WHERE customerId = 1001`, parameters: "" } },
    {
      params: {
        statement: `INSERT INTO "${main}" VALUE {'customerId': 1006, 'customerName': 'Fa'}`,
        parameters: "",
      },
    },
    {
      params: {
        statement: `UPDATE "${main}" SET visits = 3 WHERE customerId = 1006 AND customerName = 'Fa'`,
        parameters: "",
      },
    },
    {
      params: {
        statement: `DELETE FROM "${main}" WHERE customerId = 1006 AND customerName = 'Fa'`,
        parameters: "",
      },
    },
    {
      params: { statement: `SELECT * FROM "${main}"."byCity" WHERE city = 'Lyon'`, parameters: "" },
    },
    // A consistent read of an index: the table's keys tell it is global, refused before sending.
    {
      params: {
        statement: `SELECT * FROM "${main}"."byCity" WHERE city = 'Lyon'`,
        parameters: "",
        consistentRead: true,
      },
      perform: (params) =>
        expect(harness.action("rawRequest", params)).rejects.toThrow(/global secondary index/),
    },
  ],
  batchExecuteStatements: [
    {
      params: {
        statements: JSON.stringify([
          {
            statement: `SELECT * FROM "${main}"."byCity" WHERE city = 'Lyon' AND customerId = 1001`,
            consistentRead: true,
          },
        ]),
      },
      perform: (params) =>
        expect(harness.action("batchExecuteStatements", params)).rejects.toThrow(
          /global secondary index/,
        ),
    },
    {
      params: {
        statements: statements(
          `SELECT * FROM "${main}" WHERE customerId = 1001 AND customerName = 'Ada'`,
        ),
      },
    },
    {
      params: {
        statements: statements(
          `INSERT INTO "${main}" VALUE {'customerId': 1007, 'customerName': 'Gi'}`,
          `UPDATE "${main}" SET visits = 1 WHERE customerId = 1001 AND customerName = 'Ada'`,
          `DELETE FROM "${main}" WHERE customerId = 1005 AND customerName = 'Ed'`,
        ),
      },
    },
  ],
  executeTransaction: [
    {
      params: {
        statements: statements(
          `SELECT * FROM "${main}" WHERE customerId = 1001 AND customerName = 'Ada'`,
        ),
      },
    },
    {
      params: {
        statements: statements(
          `INSERT INTO "${main}" VALUE {'customerId': 1008, 'customerName': 'Ha'}`,
          `UPDATE "${main}" SET visits = 2 WHERE customerId = 1001 AND customerName = 'Ada'`,
          `DELETE FROM "${main}" WHERE customerId = 1007 AND customerName = 'Gi'`,
        ),
      },
    },
  ],
  exportItems: [
    { params: { tableName: main } },
    { params: { tableName: main, ...byId(1001) } },
    { params: { tableName: main, indexName: "byCity" } },
    { params: { tableName: main, ...byCity("Lyon") } },
    { params: { tableName: main, ...byId(4242), format: "csv" } },
  ],
  importItems: [
    {
      params: {
        tableName: main,
        file: { data: Buffer.from("customerId,customerName\n1010,Io\n"), contentType: "text/csv" },
      },
    },
  ],
  createTable: [
    {
      params: {
        tableName: created,
        billingMode: "PAY_PER_REQUEST",
        tags: kv({ team: "billing" }),
        waitUntilActive: true,
      },
    },
  ],
  deleteTable: [
    {
      params: { tableName: doomed, waitUntilDeleted: true },
      setup: () => createPlainTable(doomed),
    },
  ],
  describeTable: [{ params: { tableName: main } }],
  listTables: [{ params: {} }],
  updateTable: [
    { params: { tableName: side, streamViewType: "NEW_IMAGE", waitUntilActive: true } },
  ],
  createGlobalSecondaryIndex: [
    {
      params: {
        tableName: side,
        indexName: "byEmail",
        partitionKeyName: "email",
        waitUntilActive: true,
      },
    },
  ],
  deleteGlobalSecondaryIndex: [{ params: { tableName: side, indexName: "byEmail" } }],
  describeTimeToLive: [{ params: { tableName: main } }],
  updateTimeToLive: [
    { params: { tableName: side, ttlAttribute: "expiresAt" } },
    {
      params: { tableName: side, ttlAttribute: "expiresAt" },
      fakes: { UpdateTimeToLive: ttlAlreadyOn },
    },
  ],
  createBackup: [
    { params: { tableName: main, backupName: "nightly" } },
    { params: { tableName: main, backupName: "nightly", waitUntilAvailable: true } },
  ],
  deleteBackup: [{ params: { backupArn: BACKUP_ARN } }],
  describeBackup: [{ params: { backupArn: BACKUP_ARN } }],
  describeContinuousBackups: [{ params: { tableName: main } }],
  listBackups: [{ params: {} }],
  restoreTableFromBackup: [
    { params: { backupArn: BACKUP_ARN, targetTableName: restored, waitUntilActive: true } },
  ],
  restoreTableToPointInTime: [
    {
      params: {
        tableName: main,
        targetTableName: restored,
        restoreDateTime: new Date((NOW_S - 60) * 1000).toISOString(),
        waitUntilActive: true,
      },
    },
  ],
  updateContinuousBackups: [{ params: { tableName: main } }],
  tagResource: [
    { params: { resource: main, tags: kv({ team: "billing" }) } },
    { params: { resource: STREAM_ARN, tags: kv({ team: "billing" }) } },
  ],
  untagResource: [
    { params: { resource: main, tagKeys: ["team"] } },
    { params: { resource: STREAM_ARN, tagKeys: ["team"] } },
  ],
  listTagsOfResource: [{ params: { resource: main } }, { params: { resource: STREAM_ARN } }],
  describeReplicas: [
    {
      params: { tableName: replicated },
      setup: async () => globalTables.addActiveReplica(replicated, "us-west-2"),
      fakes: GLOBAL_FAKES,
    },
  ],
  addReplica: [
    {
      params: { tableName: replicated, replicaRegion: "eu-west-1", waitUntilActive: true },
      fakes: GLOBAL_FAKES,
    },
  ],
  removeReplica: [
    {
      params: { tableName: replicated, replicaRegion: "ap-southeast-2", waitUntilDeleted: true },
      setup: async () => globalTables.addActiveReplica(replicated, "ap-southeast-2"),
      fakes: GLOBAL_FAKES,
    },
  ],
  exportTableToS3: [
    { params: { tableName: main, s3Bucket: "perm-exports" }, fakes: TRANSFER_FAKES },
    {
      params: { tableName: main, s3Bucket: "perm-exports", waitUntilComplete: true },
      fakes: TRANSFER_FAKES,
    },
  ],
  describeExport: [
    {
      params: {},
      fakes: TRANSFER_FAKES,
      perform: async (params) =>
        harness.action("describeExport", { ...params, exportArn: await startedTransfer("export") }),
    },
  ],
  listExports: [
    { params: {}, fakes: TRANSFER_FAKES },
    { params: { filterTableName: main }, fakes: TRANSFER_FAKES },
  ],
  importTableFromS3: [
    {
      params: {
        newTableName: imported,
        s3Bucket: "perm-imports",
        inputFormat: "CSV",
        attributeDefinition: JSON.stringify([{ AttributeName: "id", AttributeType: "S" }]),
        keySchema: JSON.stringify([{ KeyType: "HASH", AttributeName: "id" }]),
        waitUntilComplete: true,
      },
      fakes: TRANSFER_FAKES,
    },
  ],
  describeImport: [
    {
      params: {},
      fakes: TRANSFER_FAKES,
      perform: async (params) =>
        harness.action("describeImport", { ...params, importArn: await startedTransfer("import") }),
    },
  ],
  listImports: [
    { params: {}, fakes: TRANSFER_FAKES },
    { params: { filterTableName: main }, fakes: TRANSFER_FAKES },
  ],
  generateIamPolicy: [{ params: { accountId: ACCOUNT } }],
  selectTable: [{ params: {} }],
  selectRegion: [{ params: {} }],
  selectIndex: [{ params: { tableName: main } }],
  selectBackup: [{ params: { tableName: main } }],
  selectExport: [{ params: { tableName: main }, fakes: TRANSFER_FAKES }],
  tableChanges: [
    { params: { tableName: main } },
    {
      params: { tableName: main, initialSnapshot: "true" },
      perform: (params) => runBatched(component, "tableChanges", params, snapshotRun()),
    },
  ],
  tableChangesInstant: [
    {
      params: {
        tableName: main,
        pipeRoleArn: "arn:aws:iam::123456789012:role/DynamoDBChangesPipe",
        startPosition: "TRIM_HORIZON",
        initialSnapshot: "true",
      },
      perform: instantLifecycle,
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Running a key, and reading a policy

type Kind = "action" | "dataSource" | "trigger";
const KEYS: [string, Kind][] = [
  ...Object.keys(component.actions).map((key): [string, Kind] => [key, "action"]),
  ...Object.keys(component.dataSources ?? {}).map((key): [string, Kind] => [key, "dataSource"]),
  ...Object.keys(component.triggers ?? {}).map((key): [string, Kind] => [key, "trigger"]),
];

let proxy: RecordingProxy;

async function runOnce(key: string, kind: Kind, run: Run): Promise<void> {
  await run.setup?.();
  resetCaches();
  for (const [operation, fake] of Object.entries(run.fakes ?? {})) proxy.fakes.set(operation, fake);
  const params = {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    ...run.params,
  };
  try {
    if (run.perform) await run.perform(params);
    else if (kind === "action") await harness.action(key, params);
    else if (kind === "dataSource") await harness.dataSource(key, params);
    else await harness.trigger(key, undefined, params, {});
  } finally {
    for (const operation of Object.keys(run.fakes ?? {})) {
      if (FAKES[operation]) proxy.fakes.set(operation, FAKES[operation]);
      else proxy.fakes.delete(operation);
    }
  }
}

/** The policy Generate IAM Policy returns for `key` alone, on the test's tables. */
async function policyFor(key: string): Promise<IamPolicy> {
  const result = (await harness.action("generateIamPolicy", {
    actions: [key],
    tableNames: TABLES,
    awsRegion: LOCAL_REGION,
    accountId: ACCOUNT,
  })) as { data: { policy: IamPolicy } };
  return result.data.policy;
}

/** IAM's wildcard match of a Resource pattern: `*` any run of characters, `?` one. */
function matches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(value);
}

/**
 * The ARN a request's permission applies to, in the test's account and the region the request
 * went to (DynamoDB's: DynamoDB Local's ARNs, region ddblocal, stand for the table they name).
 */
function arnOf(permission: NeededPermission, region = LOCAL_REGION): string {
  const arn = resourceArn(permission.kind, permission.table ?? "UNKNOWN", region, ACCOUNT);
  // A pipe, connection or API destination: the name its request gave.
  if (permission.name) return arn.replace(/[^/]*$/, permission.name);
  return arn.replace(/\/(index|stream|backup|export|import)\/\*$/, "/$1/x");
}

/**
 * The kind of resource a policy's Resource pattern grants, read from the ARN: its service, its
 * resource type, and for DynamoDB its region (`*`: a global table's replicas) and suffix; "*"
 * for a Resource of "*" (the account's actions, and S3 buckets a step names).
 */
function kindOfResource(resource: string): string {
  if (resource === "*") return "*";
  const [, , service, region, , path = ""] = resource.split(":");
  if (service === "pipes") return "pipe";
  if (service === "events")
    return path.startsWith("connection/") ? "eventsConnection" : "apiDestination";
  if (service === "iam") return "role";
  if (service === "kms") return "kmsKey";
  if (service === "dynamodb" && region === "*") return "replica";
  return path.match(/\/(index|stream|backup|export|import)\/\*$/)?.[1] ?? "table";
}

/** The kind of resource of a permission's kind, as a policy's Resource shows it. */
const shownKind = (kind: ResourceKind) =>
  kindOfResource(resourceArn(kind, main, LOCAL_REGION, ACCOUNT));

beforeAll(async () => {
  proxy = await startRecordingProxy(localEndpoint(), FAKES);
  globalTables = globalTablesFake({ upstream: localEndpoint() });
  pipes = await startPipesFake();
  instant.clientSettings.pipesEndpoint = pipes.endpoint;
  instant.clientSettings.eventsEndpoint = pipes.endpoint;
  instant.pipeSetupSettings.pollEveryMs = 20;
  await Promise.all([
    createTestTable(main, {
      hashKey: { name: "customerId", type: "N" },
      rangeKey: { name: "customerName", type: "S" },
      gsi: [{ name: "byCity", hashKey: { name: "city", type: "S" } }],
      streams: true,
    }),
    createPlainTable(side),
    createPlainTable(restored),
    createPlainTable(replicated),
  ]);
  await put(main, item(1001, "Ada"), item(1002, "Bo", "Paris"), item(1004, "Di"));
});

afterAll(async () => {
  instant.clientSettings.pipesEndpoint = undefined;
  instant.clientSettings.eventsEndpoint = undefined;
  instant.pipeSetupSettings.pollEveryMs = 1_000;
  await pipes.close();
  await proxy.close();
  await Promise.all(TABLES.map((table) => deleteTestTable(table)));
  resetCaches();
});

describe("the policy Generate IAM Policy returns for one key", () => {
  it("is tested for every action, data source and trigger", () => {
    const without = KEYS.filter(([key]) => !RUNS[key]).map(([key]) => key);
    expect({ keysWithoutRuns: without }).toEqual({ keysWithoutRuns: [] });
  });

  it.each(KEYS)(
    "allows every request of %s (a %s), and grants nothing it never used",
    async (key, kind) => {
      const runs = RUNS[key];
      if (!runs) throw new Error(`${key} has no runs: add them to RUNS in this file`);
      proxy.reset();
      pipes.requests.length = 0;
      for (const run of runs) await runOnce(key, kind, run);
      const needed = [
        ...proxy.requests.flatMap((request) =>
          requestPermissions(request.operation, request.input).map((permission) => ({
            operation: request.operation,
            action: permission.action,
            kind: permission.kind,
            arn: arnOf(permission),
          })),
        ),
        // Pipes names its resource in the path, not in the body.
        ...pipes.requests.flatMap((request) =>
          requestPermissions(request.operation, { ...request.body, Name: request.name }).map(
            (permission) => ({
              operation: request.operation,
              action: permission.action,
              kind: permission.kind,
              arn: arnOf(permission, request.region),
            }),
          ),
        ),
      ];
      const grants = PERMISSIONS[key as PermissionKey];
      if (grants.length === 0) {
        const requests = [...proxy.requests, ...pipes.requests].map((request) => request.operation);
        expect({ key, requests }).toEqual({
          key,
          requests: [],
        });
        return;
      }
      const policy = await policyFor(key);
      const refused = needed.filter(
        (permission) =>
          !policy.Statement.some(
            (statement) =>
              statement.Action.includes(permission.action) &&
              statement.Resource.some((resource) => matches(resource, permission.arn)),
          ),
      );
      expect({ key, refused }).toEqual({ key, refused: [] });
      const implied = new Set(
        grants
          .filter((grant) => "implied" in grant && grant.implied)
          .flatMap((grant) =>
            grant.actions.map((action: IamAction) => `${action} on ${shownKind(grant.on)}`),
          ),
      );
      const used = new Set(
        needed.map((permission) => `${permission.action} on ${shownKind(permission.kind)}`),
      );
      const granted = policy.Statement.flatMap((statement) =>
        statement.Action.flatMap((action) =>
          statement.Resource.map((resource) => `${action} on ${kindOfResource(resource)}`),
        ),
      );
      const unused = [...new Set(granted)].filter((pair) => !used.has(pair) && !implied.has(pair));
      expect({ key, unused }).toEqual({ key, unused: [] });
    },
  );
});

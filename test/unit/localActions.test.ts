/**
 * `localActions` runs every action with a context as the platform gives one (a logger, state
 * stores, ids): each action, called with its inputs' documented examples (made to fit together
 * and the mocked table) against a mocked DynamoDB that answers every command, reaches its output:
 * no TypeError from a missing logger or context field.
 */
import {
  BatchGetItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactGetItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { createLocalActions, createManifest } from "../../src/component/codeNative";
import component from "../../src/index";
import { customersTable } from "../support/fixtures";
import { keySecretConnection, resetCaches } from "../support/harness";

const dynamodb = mockClient(DynamoDBClient);
const BACKUP_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01714564800000-a1b2c3d4";

/** One answer that fits every DynamoDB command closely enough for its action to finish. */
function anyAnswer() {
  const table = customersTable({
    LatestStreamArn: `${customersTable().TableArn}/stream/1`,
    GlobalSecondaryIndexes: [
      {
        IndexName: "byCity",
        IndexStatus: "ACTIVE",
        KeySchema: [{ AttributeName: "city", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" },
      },
    ],
    Replicas: [{ RegionName: "ap-southeast-2", ReplicaStatus: "ACTIVE" }],
  });
  const backup = {
    BackupArn: BACKUP_ARN,
    BackupName: "nightly",
    BackupStatus: "AVAILABLE" as const,
    BackupType: "USER" as const,
    BackupCreationDateTime: new Date("2024-05-01T12:00:00.000Z"),
  };
  return {
    Table: table,
    TableDescription: table,
    TableNames: ["Customers"],
    Item: { customerId: { N: "1001" }, customerName: { S: "Ada" } },
    Attributes: { customerId: { N: "1001" }, customerName: { S: "Ada" } },
    Items: [],
    Count: 0,
    ScannedCount: 0,
    Responses: [],
    UnprocessedItems: {},
    UnprocessedKeys: {},
    BackupDetails: backup,
    BackupDescription: { BackupDetails: backup, SourceTableDetails: { TableName: "Customers" } },
    BackupSummaries: [],
    Tags: [],
    TimeToLiveDescription: { TimeToLiveStatus: "ENABLED" as const, AttributeName: "expiresAt" },
    TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: "ENABLED" as const,
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: "ENABLED" as const,
        EarliestRestorableDateTime: new Date("2024-05-01T00:00:00.000Z"),
        LatestRestorableDateTime: new Date("2024-05-31T00:00:00.000Z"),
      },
    },
  };
}

/**
 * Expression Attribute Names and Values for the placeholders the expressions use (#name ->
 * name, :value -> "1001" typed N for :id, else S), as an action's examples leave them to the user.
 */
function placeholdersOf(values: Record<string, unknown>): Record<string, unknown> {
  const expressions = Object.entries(values)
    .filter(([key, value]) => /Expression$|^query$/.test(key) && typeof value === "string")
    .map(([, value]) => value as string)
    .join(" ");
  const names = [...new Set(expressions.match(/#\w+/g) ?? [])];
  const placeholders = [...new Set(expressions.match(/:\w+/g) ?? [])];
  if (names.length + placeholders.length === 0) return {};
  const valuesKey = "query" in values ? "queryParams" : "expressionAttributeValues";
  const typesKey = "query" in values ? "queryParamTypes" : "expressionAttributeValueTypes";
  return {
    expressionAttributeNames: Object.fromEntries(names.map((name) => [name, name.slice(1)])),
    [valuesKey]: Object.fromEntries(placeholders.map((p) => [p, p === ":id" ? "1001" : "open"])),
    [typesKey]: Object.fromEntries(placeholders.map((p) => [p, p === ":id" ? "N" : "S"])),
  };
}

/**
 * Where the examples of one action's inputs do not fit together (each documents its own input)
 * or not the mocked Customers table (key customerId + customerName, one index byCity, a replica
 * in ap-southeast-2).
 */
/** A time point-in-time recovery can reach, as ISO 8601 text. */
const DAY_AGO = new Date(Date.now() - 86_400_000).toISOString();

const OVERRIDES: Record<string, Record<string, unknown>> = {
  queryItems: { fetchAll: true },
  scanItems: { fetchAll: true, totalSegments: "" },
  rawRequest: { fetchAll: true },
  listBackups: { fetchAll: true },
  createItem: { itemJson: { customerId: 1001, customerName: "Ada" } },
  batchWriteItems: { deleteKeys: "" },
  // The example writes to tables of its own; Transact Write Items checks keys by their schema.
  transactWriteItems: {
    operations: [
      { put: { tableName: "Customers", item: { customerId: 1001, customerName: "Ada" } } },
    ],
  },
  // The examples read and write tables of their own (Customers and Orders).
  batchGetItemsMultiTable: {
    keysByTable: { Customers: [{ customerId: 1001, customerName: "Ada" }] },
  },
  batchWriteItemsMultiTable: {
    writesByTable: { Customers: [{ put: { customerId: 1001, customerName: "Ada" } }] },
  },
  restoreTableFromBackup: { kmsKey: "" },
  // The example's time is a fixed date, older than any recovery period reaches: the latest instead.
  restoreTableToPointInTime: { kmsKey: "", restoreDateTime: "" },
  tagResource: { tags: { team: "billing" } },
  deleteGlobalSecondaryIndex: { indexName: "byCity" },
  importItems: { file: "customerId,customerName\n1001,Ada\n" },
  exportItems: { totalSegments: "", columns: "" },
  // The example region is the one Add Replica adds; the mocked table's replica is elsewhere.
  removeReplica: { replicaRegion: "ap-southeast-2" },
  // A full export at Export Time (the incremental inputs' examples belong to the other type).
  // Its Export Time example is a fixed date, older than any recovery period reaches: a day ago.
  exportTableToS3: {
    exportTime: DAY_AGO,
    exportFromTime: "",
    exportToTime: "",
    exportViewType: "",
    s3SseAlgorithm: "KMS",
    maxWaitSeconds: "",
  },
  listExports: { fetchAll: true },
  listImports: { fetchAll: true },
  importTableFromS3: { inputFormat: "CSV", billingMode: "PROVISIONED" },
};

type InputDefinition = { key: string; type: string; required?: boolean; example?: unknown };

/** An action's values: the documented example of each input that has one, and the connection. */
function exampleValues(inputs: InputDefinition[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const input of inputs) {
    if (input.type === "connection") values[input.key] = keySecretConnection();
    else if (input.example !== undefined && input.example !== "") {
      values[input.key] = input.example;
    }
  }
  return values;
}

beforeEach(() => {
  resetCaches();
  dynamodb.reset();
  dynamodb.onAnyCommand().resolves(anyAnswer() as never);
  // BatchGetItem's Responses is an object by table, where the other commands' is a list: a mocked
  // answer shaped otherwise is refused, naming the operation.
  dynamodb.on(BatchGetItemCommand).resolves({ ...anyAnswer(), Responses: {} } as never);
  // An item read, updated or deleted is the one of the key asked for: another key is refused.
  for (const command of [GetItemCommand, UpdateItemCommand, DeleteItemCommand]) {
    dynamodb.on(command as typeof GetItemCommand).callsFake((input: { Key?: object }) => ({
      ...anyAnswer(),
      Item: { ...anyAnswer().Item, ...input.Key },
      Attributes: { ...anyAnswer().Attributes, ...input.Key },
    }));
  }
  // TransactGetItems answers one response per item asked for ({} for none): fewer is refused.
  dynamodb.on(TransactGetItemsCommand).callsFake((input: { TransactItems?: unknown[] }) => ({
    ...anyAnswer(),
    Responses: (input.TransactItems ?? []).map(() => ({})),
  }));
});

afterAll(() => {
  dynamodb.restore();
});

const actionKeys = Object.keys(component.actions);

it.each(actionKeys)("%s runs through localActions to its output", async (key) => {
  const local = createLocalActions(component) as unknown as Record<
    string,
    (values: object) => Promise<{ data: unknown }>
  >;
  const inputs = component.actions[key].inputs as unknown as InputDefinition[];
  const values = { ...exampleValues(inputs), ...OVERRIDES[key] };
  const outcome = await local[key]({ ...values, ...placeholdersOf(values) }).then(
    (result) => result,
    (error: unknown) => error,
  );
  // A clear error would name an input or the table; none is expected with fitting values.
  expect(outcome).not.toBeInstanceOf(Error);
  expect(outcome).toHaveProperty("data");
});

it("runs Import Items and Export Items to their output, progress lines to the caller's logger", async () => {
  const lines: string[] = [];
  const local = createLocalActions(component, {
    logger: { info: (message: unknown) => lines.push(String(message)) },
  });
  const where = {
    awsConnection: keySecretConnection(),
    awsRegion: "us-east-1",
    tableName: "Customers",
  };

  const imported = await local.importItems({
    ...where,
    file: "customerId,customerName\n1001,Ada\n",
    concurrency: 1,
  });
  const exported = await local.exportItems({ ...where, maxItems: 10 });

  expect(imported.data).toMatchObject({ format: "csv", rows: 1, written: 1 });
  expect(exported.data).toMatchObject({ count: 0 });
  expect(lines.some((line) => line.startsWith("Import Items: 1 rows checked"))).toBe(true);
});

it("keeps quiet by default: no console output from Import Items", async () => {
  const info = jest.spyOn(console, "info").mockImplementation(() => undefined);
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await createLocalActions(component).importItems({
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
      file: "customerId,customerName\n1001,Ada\n",
    });
    expect(info).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  } finally {
    info.mockRestore();
    log.mockRestore();
  }
});

it("with debug on, reports each step's time and memory to the caller's logger, as the platform does", async () => {
  const metrics: unknown[] = [];
  const local = createLocalActions(component, {
    logger: { metric: (entry: unknown) => metrics.push(entry) },
    debug: true,
  });
  const where = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };

  await local.describeTable({ ...where, tableName: "Customers" });
  await createLocalActions(component, {
    logger: { metric: (entry) => metrics.push(entry) },
  }).listTables(where);

  expect(metrics).toHaveLength(1);
  expect(metrics[0]).toHaveProperty("memoryUsage");
});

const dataSourceKeys = Object.keys(component.dataSources ?? {});

it.each(dataSourceKeys)(
  "the manifest's %s data source runs in this process to its result",
  async (key) => {
    const dataSources = createManifest(component).dataSources as unknown as Record<
      string,
      { perform: (values: object) => Promise<unknown> }
    >;
    const values: Record<string, unknown> = {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
    };
    // Only the data source's own inputs: a key it does not have is refused.
    const inputs = new Set((component.dataSources?.[key]?.inputs ?? []).map((input) => input.key));
    const outcome = await dataSources[key]
      .perform(Object.fromEntries(Object.entries(values).filter(([name]) => inputs.has(name))))
      .then(
        (result) => result,
        (error: unknown) => error,
      );
    expect(outcome).not.toBeInstanceOf(Error);
    expect(outcome).toHaveProperty("result");
  },
);

/**
 * The bad-input corpus: the shape of a case, a valid set of inputs for every action, data source
 * and trigger, and helpers shared by the case files. A case changes a few inputs of the valid set,
 * so that exactly one thing is wrong and the error it gets must be about that one thing.
 */
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import component from "../../../src/index";
import { keySecretConnection } from "../../support/harness";

export type TargetKind = "action" | "dataSource" | "trigger";

export interface Target {
  kind: TargetKind;
  key: string;
  /** Valid inputs, besides the connection and region (added by `validParams`). */
  params: Record<string, unknown>;
  hasTable: boolean;
  /** Set when test/unit/corpus/model.ts has no valid inputs for this target yet. */
  missingValidParams?: boolean;
}

/**
 * Where the case must fail: `local` before any request at all; `afterSchema` after the key
 * schema read (DescribeTable, answered by the mock) but before any item request.
 */
export type Stage = "local" | "afterSchema";

export interface BadInputCase {
  /** What is wrong, in words; with the target it names the test. */
  name: string;
  kind: TargetKind;
  key: string;
  /** Inputs that replace the valid ones (undefined removes an input). */
  params: Record<string, unknown>;
  /** The label(s) the message must name. */
  labels: string[];
  /** What a good value looks like: the message must match. */
  hint: RegExp;
  stage: Stage;
  /** The key schema DescribeTable answers with; default CUSTOMERS (hash N + range S). */
  schema?: TableDescription;
  /** Set when the error must be a ConnectionError (the platform flags the connection). */
  connectionError?: boolean;
}

export const REGION = "us-east-1";
export const TABLE = "Customers";
export const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";
export const BACKUP_ARN = `${TABLE_ARN}/backup/01715078400000-a1b2c3d4`;
export const EXPORT_ARN = `${TABLE_ARN}/export/01715078400000-a1b2c3d4`;
export const IMPORT_ARN = `${TABLE_ARN}/import/01715078400000-a1b2c3d4`;

/**
 * customerId (N, hash) + customerName (S, range), with a stream and a replica in eu-west-1: the
 * default answer.
 */
export const CUSTOMERS: TableDescription = {
  TableName: TABLE,
  TableArn: TABLE_ARN,
  TableStatus: "ACTIVE",
  KeySchema: [
    { AttributeName: "customerId", KeyType: "HASH" },
    { AttributeName: "customerName", KeyType: "RANGE" },
  ],
  AttributeDefinitions: [
    { AttributeName: "customerId", AttributeType: "N" },
    { AttributeName: "customerName", AttributeType: "S" },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: "byName",
      KeySchema: [{ AttributeName: "customerName", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
    },
  ],
  StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
  LatestStreamArn:
    "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-01T12:00:00.000",
  Replicas: [{ RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" }],
};

/** A hash-only table (customerId N). */
export const HASH_ONLY: TableDescription = {
  TableName: TABLE,
  TableStatus: "ACTIVE",
  KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
};

/** A table whose hash key is binary (B) and whose sort key is a string. */
export const BINARY_KEY: TableDescription = {
  TableName: TABLE,
  TableStatus: "ACTIVE",
  KeySchema: [
    { AttributeName: "fingerprint", KeyType: "HASH" },
    { AttributeName: "version", KeyType: "RANGE" },
  ],
  AttributeDefinitions: [
    { AttributeName: "fingerprint", AttributeType: "B" },
    { AttributeName: "version", AttributeType: "S" },
  ],
};

/** A key-value list input as the platform sends it. */
export function kv(entries: Record<string, unknown>): { key: string; value: unknown }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

/** More than DynamoDB's 400 KB item limit in one attribute. */
export const OVER_400_KB = "x".repeat(401 * 1024);

const ITEM = '{"customerId": 1001, "customerName": "Ada"}';

/**
 * Valid inputs for every action, data source and trigger, by key. The list of targets itself
 * comes from the component (see TARGETS), so a new action without an entry here fails the corpus.
 */
const VALID: Record<string, { params: Record<string, unknown>; hasTable: boolean }> = {
  createTable: { hasTable: true, params: { tableName: TABLE } },
  deleteItem: { hasTable: true, params: { tableName: TABLE, value: "1001", rangeKeyValue: "Ada" } },
  deleteTable: { hasTable: true, params: { tableName: TABLE } },
  describeTable: { hasTable: true, params: { tableName: TABLE } },
  getItem: { hasTable: true, params: { tableName: TABLE, value: "1001", rangeKeyValue: "Ada" } },
  listTables: { hasTable: false, params: {} },
  queryItems: {
    hasTable: true,
    params: {
      tableName: TABLE,
      keyConditionExpression: "customerId = :id",
      expressionAttributeValues: kv({ ":id": "1001" }),
      expressionAttributeValueTypes: kv({ ":id": "N" }),
    },
  },
  rawRequest: {
    hasTable: false,
    params: { statement: `SELECT * FROM "${TABLE}" WHERE customerId = ?`, parameters: "[1001]" },
  },
  updateItem: {
    hasTable: true,
    params: {
      tableName: TABLE,
      value: "1001",
      rangeKeyValue: "Ada",
      query: "SET visits = :one",
      queryParams: kv({ ":one": "1" }),
      queryParamTypes: kv({ ":one": "N" }),
    },
  },
  createItem: {
    hasTable: true,
    params: {
      tableName: TABLE,
      item: kv({ customerId: "1001", customerName: "Ada" }),
      itemTypes: kv({ customerId: "N", customerName: "S" }),
    },
  },
  scanItems: { hasTable: true, params: { tableName: TABLE } },
  batchGetItems: { hasTable: true, params: { tableName: TABLE, keys: `[${ITEM}]` } },
  batchWriteItems: { hasTable: true, params: { tableName: TABLE, putItems: `[${ITEM}]` } },
  batchGetItemsMultiTable: { hasTable: false, params: { keysByTable: `{"${TABLE}": [${ITEM}]}` } },
  batchWriteItemsMultiTable: {
    hasTable: false,
    params: { writesByTable: `{"${TABLE}": [{"put": ${ITEM}}]}` },
  },
  transactWriteItems: {
    hasTable: false,
    params: { operations: `[{"put": {"tableName": "${TABLE}", "item": ${ITEM}}}]` },
  },
  transactGetItems: {
    hasTable: false,
    params: { gets: `[{"tableName": "${TABLE}", "key": ${ITEM}}]` },
  },
  updateTable: { hasTable: true, params: { tableName: TABLE, billingMode: "PAY_PER_REQUEST" } },
  updateTimeToLive: { hasTable: true, params: { tableName: TABLE, ttlAttribute: "expiresAt" } },
  describeTimeToLive: { hasTable: true, params: { tableName: TABLE } },
  // Issue 13: bulk delete, PartiQL batches and transactions.
  deleteItems: {
    hasTable: true,
    params: {
      tableName: TABLE,
      keyConditionExpression: "customerId = :id",
      expressionAttributeValues: kv({ ":id": "1001" }),
      expressionAttributeValueTypes: kv({ ":id": "N" }),
    },
  },
  batchExecuteStatements: {
    hasTable: false,
    params: {
      statements: `[{"statement": "SELECT * FROM \\"${TABLE}\\" WHERE customerId = ? AND customerName = ?", "parameters": [1001, "Ada"]}]`,
    },
  },
  executeTransaction: {
    hasTable: false,
    params: {
      statements: `[{"statement": "UPDATE \\"${TABLE}\\" SET visits = ? WHERE customerId = ? AND customerName = ?", "parameters": [1, 1001, "Ada"]}]`,
    },
  },
  importItems: {
    hasTable: true,
    params: {
      tableName: TABLE,
      file: { data: Buffer.from("customerId,customerName\n1001,Ada\n"), contentType: "text/csv" },
    },
  },
  exportItems: { hasTable: true, params: { tableName: TABLE } },
  selectTable: { hasTable: false, params: {} },
  selectIndex: { hasTable: true, params: { tableName: TABLE } },
  tableChanges: { hasTable: true, params: { tableName: TABLE } },
  tableChangesInstant: {
    hasTable: true,
    params: { tableName: TABLE, pipeRoleArn: "arn:aws:iam::123456789012:role/DynamoDBChangesPipe" },
  },
  createBackup: { hasTable: true, params: { tableName: TABLE, backupName: "nightly" } },
  describeBackup: { hasTable: false, params: { backupArn: BACKUP_ARN } },
  listBackups: { hasTable: false, params: {} },
  deleteBackup: { hasTable: false, params: { backupArn: BACKUP_ARN } },
  restoreTableFromBackup: {
    hasTable: false,
    params: { backupArn: BACKUP_ARN, targetTableName: "CustomersRestored" },
  },
  restoreTableToPointInTime: {
    hasTable: true,
    params: { tableName: TABLE, targetTableName: "CustomersRestored" },
  },
  describeContinuousBackups: { hasTable: true, params: { tableName: TABLE } },
  updateContinuousBackups: { hasTable: true, params: { tableName: TABLE } },
  tagResource: { hasTable: false, params: { resource: TABLE_ARN, tags: kv({ team: "billing" }) } },
  untagResource: { hasTable: false, params: { resource: TABLE_ARN, tagKeys: ["team"] } },
  listTagsOfResource: { hasTable: false, params: { resource: TABLE_ARN } },
  createGlobalSecondaryIndex: {
    hasTable: true,
    params: { tableName: TABLE, indexName: "byEmail", partitionKeyName: "email" },
  },
  deleteGlobalSecondaryIndex: { hasTable: true, params: { tableName: TABLE, indexName: "byName" } },
  selectBackup: { hasTable: true, params: { tableName: TABLE } },
  describeReplicas: { hasTable: true, params: { tableName: TABLE } },
  addReplica: { hasTable: true, params: { tableName: TABLE, replicaRegion: "eu-west-2" } },
  removeReplica: { hasTable: true, params: { tableName: TABLE, replicaRegion: "eu-west-1" } },
  generateIamPolicy: {
    hasTable: false,
    params: { actions: ["getItem"], tableNames: [TABLE], accountId: "123456789012" },
  },
  exportTableToS3: { hasTable: true, params: { tableName: TABLE, s3Bucket: "my-bucket" } },
  describeExport: { hasTable: false, params: { exportArn: EXPORT_ARN } },
  listExports: { hasTable: false, params: {} },
  importTableFromS3: {
    hasTable: false,
    params: {
      newTableName: "CustomersImported",
      s3Bucket: "my-bucket",
      attributeDefinition: '[{"AttributeName":"customerId","AttributeType":"S"}]',
      keySchema: '[{"AttributeName":"customerId","KeyType":"HASH"}]',
      waitUntilComplete: "false",
    },
  },
  describeImport: { hasTable: false, params: { importArn: IMPORT_ARN } },
  listImports: { hasTable: false, params: {} },
  selectExport: { hasTable: true, params: { tableName: TABLE } },
  // selectRegion has no inputs, so no input of it can be wrong.
  selectRegion: { hasTable: false, params: {} },
};

const KINDS: [TargetKind, "actions" | "dataSources" | "triggers"][] = [
  ["action", "actions"],
  ["dataSource", "dataSources"],
  ["trigger", "triggers"],
];

/** One input of a target, as the component declares it. */
export interface TargetInput {
  key: string;
  label: string;
  type: string;
  collection?: string;
}

/** The inputs the component declares for a target. */
export function inputsOf(kind: TargetKind, key: string): TargetInput[] {
  const group = KINDS.find(([candidate]) => candidate === kind)?.[1] ?? "actions";
  const definitions = component[group] as unknown as Record<string, { inputs?: TargetInput[] }>;
  return definitions[key]?.inputs ?? [];
}

/**
 * Every action, data source and trigger of the component, in its order, with valid inputs.
 * Derived from the component itself: a new action, data source or trigger is a target at once,
 * and without valid inputs in VALID its corpus and fuzz tests fail.
 */
export const TARGETS: Target[] = KINDS.flatMap(([kind, group]) =>
  Object.keys(component[group] ?? {}).map((key) => {
    const valid = VALID[key];
    return {
      kind,
      key,
      hasTable: valid?.hasTable ?? false,
      params: valid?.params ?? {},
      missingValidParams: valid === undefined,
    };
  }),
);

export function target(key: string): Target {
  const found = TARGETS.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`No corpus target "${key}".`);
  return found;
}

/**
 * Targets whose perform sends nothing although they have a connection: the instant trigger checks
 * and converts the pipe's request itself (its deploy and delete handlers talk to AWS).
 */
export const PERFORM_SENDS_NOTHING = new Set(["tableChangesInstant"]);

/** The valid inputs of a target, with a connection and region. */
export function validParams(key: string, connection: Connection = keySecretConnection()) {
  return { awsConnection: connection, awsRegion: REGION, ...target(key).params };
}

/** Cases for one target: `caseFor("getItem")(name, params, labels, hint, options)`. */
export function casesFor(key: string) {
  const { kind } = target(key);
  return (
    name: string,
    params: Record<string, unknown>,
    labels: string | string[],
    hint: RegExp,
    options: Partial<Pick<BadInputCase, "stage" | "schema" | "connectionError">> = {},
  ): BadInputCase => ({
    name,
    kind,
    key,
    params,
    labels: Array.isArray(labels) ? labels : [labels],
    hint,
    stage: options.stage ?? "local",
    schema: options.schema,
    connectionError: options.connectionError,
  });
}

// What a good value looks like, per kind of input.
export const HINT = {
  region: /such as us-east-1/,
  tableName: /For example: Customers|3 to 255 characters from a-z, A-Z, 0-9/,
  number: /A number looks like 42, -3\.5 or 1\.2E\+10/,
  boolean: /must be true or false/,
  wholeNumber: /must be a whole number/,
  json: /such as|For example/,
  typeCodes: /S, N, B, BOOL, NULL, L, M, SS, NS, BS/,
  base64: /base64 text, such as "SGVsbG8="/,
  oneOf: /must be one of/,
  required: /is required/,
};

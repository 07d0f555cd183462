/**
 * The bad-input corpus: the shape of a case, a valid set of inputs for every action, data source
 * and trigger, and helpers shared by the case files. A case changes a few inputs of the valid set,
 * so that exactly one thing is wrong and the error it gets must be about that one thing.
 */
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import { keySecretConnection } from "../../support/harness";

export type TargetKind = "action" | "dataSource" | "trigger";

export interface Target {
  kind: TargetKind;
  key: string;
  /** Valid inputs, besides the connection and region (added by `validParams`). */
  params: Record<string, unknown>;
  hasTable: boolean;
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

/** customerId (N, hash) + customerName (S, range), with a stream: the default answer. */
export const CUSTOMERS: TableDescription = {
  TableName: TABLE,
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

export const TARGETS: Target[] = [
  { kind: "action", key: "createTable", hasTable: true, params: { tableName: TABLE } },
  {
    kind: "action",
    key: "deleteItem",
    hasTable: true,
    params: { tableName: TABLE, value: "1001", rangeKeyValue: "Ada" },
  },
  { kind: "action", key: "deleteTable", hasTable: true, params: { tableName: TABLE } },
  { kind: "action", key: "describeTable", hasTable: true, params: { tableName: TABLE } },
  {
    kind: "action",
    key: "getItem",
    hasTable: true,
    params: { tableName: TABLE, value: "1001", rangeKeyValue: "Ada" },
  },
  { kind: "action", key: "listTables", hasTable: false, params: {} },
  {
    kind: "action",
    key: "queryItems",
    hasTable: true,
    params: {
      tableName: TABLE,
      keyConditionExpression: "customerId = :id",
      expressionAttributeValues: kv({ ":id": "1001" }),
      expressionAttributeValueTypes: kv({ ":id": "N" }),
    },
  },
  {
    kind: "action",
    key: "rawRequest",
    hasTable: false,
    params: { statement: `SELECT * FROM "${TABLE}" WHERE customerId = ?`, parameters: "[1001]" },
  },
  {
    kind: "action",
    key: "updateItem",
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
  {
    kind: "action",
    key: "createItem",
    hasTable: true,
    params: {
      tableName: TABLE,
      item: kv({ customerId: "1001", customerName: "Ada" }),
      itemTypes: kv({ customerId: "N", customerName: "S" }),
    },
  },
  { kind: "action", key: "scanItems", hasTable: true, params: { tableName: TABLE } },
  {
    kind: "action",
    key: "batchGetItems",
    hasTable: true,
    params: { tableName: TABLE, keys: `[${ITEM}]` },
  },
  {
    kind: "action",
    key: "batchWriteItems",
    hasTable: true,
    params: { tableName: TABLE, putItems: `[${ITEM}]` },
  },
  {
    kind: "action",
    key: "transactWriteItems",
    hasTable: false,
    params: { operations: `[{"put": {"tableName": "${TABLE}", "item": ${ITEM}}}]` },
  },
  {
    kind: "action",
    key: "transactGetItems",
    hasTable: false,
    params: { gets: `[{"tableName": "${TABLE}", "key": ${ITEM}}]` },
  },
  {
    kind: "action",
    key: "updateTable",
    hasTable: true,
    params: { tableName: TABLE, billingMode: "PAY_PER_REQUEST" },
  },
  {
    kind: "action",
    key: "updateTimeToLive",
    hasTable: true,
    params: { tableName: TABLE, ttlAttribute: "expiresAt" },
  },
  { kind: "action", key: "describeTimeToLive", hasTable: true, params: { tableName: TABLE } },
  {
    kind: "action",
    key: "createBackup",
    hasTable: true,
    params: { tableName: TABLE, backupName: "nightly" },
  },
  { kind: "action", key: "describeBackup", hasTable: false, params: { backupArn: BACKUP_ARN } },
  { kind: "action", key: "listBackups", hasTable: false, params: {} },
  { kind: "action", key: "deleteBackup", hasTable: false, params: { backupArn: BACKUP_ARN } },
  {
    kind: "action",
    key: "restoreTableFromBackup",
    hasTable: false,
    params: { backupArn: BACKUP_ARN, targetTableName: "CustomersRestored" },
  },
  {
    kind: "action",
    key: "restoreTableToPointInTime",
    hasTable: true,
    params: { tableName: TABLE, targetTableName: "CustomersRestored" },
  },
  {
    kind: "action",
    key: "describeContinuousBackups",
    hasTable: true,
    params: { tableName: TABLE },
  },
  { kind: "action", key: "updateContinuousBackups", hasTable: true, params: { tableName: TABLE } },
  {
    kind: "action",
    key: "tagResource",
    hasTable: false,
    params: { resource: TABLE_ARN, tags: kv({ team: "billing" }) },
  },
  {
    kind: "action",
    key: "untagResource",
    hasTable: false,
    params: { resource: TABLE_ARN, tagKeys: ["team"] },
  },
  { kind: "action", key: "listTagsOfResource", hasTable: false, params: { resource: TABLE_ARN } },
  {
    kind: "action",
    key: "createGlobalSecondaryIndex",
    hasTable: true,
    params: { tableName: TABLE, indexName: "byEmail", partitionKeyName: "email" },
  },
  {
    kind: "action",
    key: "deleteGlobalSecondaryIndex",
    hasTable: true,
    params: { tableName: TABLE, indexName: "byName" },
  },
  { kind: "dataSource", key: "selectBackup", hasTable: true, params: { tableName: TABLE } },
  // selectRegion has no inputs, so no input of it can be wrong.
  { kind: "dataSource", key: "selectTable", hasTable: false, params: {} },
  { kind: "dataSource", key: "selectIndex", hasTable: true, params: { tableName: TABLE } },
  { kind: "trigger", key: "tableChanges", hasTable: true, params: { tableName: TABLE } },
];

export function target(key: string): Target {
  const found = TARGETS.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`No corpus target "${key}".`);
  return found;
}

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

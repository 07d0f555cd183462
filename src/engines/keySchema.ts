import { DescribeTableCommand, type TableDescription } from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import type { AwsClients } from "../aws/client";
import { callAws } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { show } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import { answerObjects, answerShapeError, isAttributes } from "../values";
import { setKey } from "../values/types";

/*
 * What the connector needs from DescribeTable, read once per table and cached for a while: the
 * table's key (for item calls), every index's key attribute names (for cursors) and the types
 * of the key attributes (to convert key values). It is the one DescribeTable cache; actions that
 * show a table's full, current description (Describe Table, the stream trigger) call AWS instead.
 */

export type KeyType = "S" | "N" | "B";
export interface KeyAttribute {
  name: string;
  type: KeyType;
}
export interface KeySchema {
  hash: KeyAttribute;
  range?: KeyAttribute;
}

/** The key attributes of a table and its indexes, as read from DescribeTable. */
export interface TableKeys {
  /** The table's key attribute names: hash, then range. */
  table: string[];
  /** Each secondary index's own key attribute names, by index name. */
  indexes: Record<string, string[]>;
  /** The type of every key attribute (table and indexes), from AttributeDefinitions. */
  types: Record<string, KeyType>;
  /**
   * Each global secondary index's ProjectionType ("" when the answer gave none), by index name:
   * an index in `indexes` but not here is local. DynamoDB refuses some reads of a global index
   * (a consistent read; Select ALL_ATTRIBUTES unless it projects ALL). Absent when not known.
   */
  globalIndexes?: Record<string, string>;
  /** The table's ARN (TagResource and the other ARN-addressed calls take it); absent if unknown. */
  arn?: string;
}

// ---------------------------------------------------------------------------------------------
// The cache

/** A table's keys change only when it is re-created; re-read them now and then all the same. */
const KEYS_TTL_MS = 10 * 60 * 1000;
const MAX_CACHED_TABLES = 1000;

/** A table's cached keys; `schema` is keySchemaOf(keys), made at its first use. */
interface CachedKeys {
  keys: TableKeys;
  expires: number;
  schema?: KeySchema;
}

const cache = new Map<string, CachedKeys>();
/**
 * Reads under way, so that concurrent cold uses of one table (say the segments of a parallel
 * scan) share one DescribeTable.
 */
const reading = new Map<string, Promise<TableKeys>>();

/** The last key made, reused while steps keep to one table: a new string is joined and hashed. */
let lastKey = { clients: "", table: "", key: "\u0000" };

function cacheKey(clients: AwsClients, table: string): string {
  if (clients.cacheKey === lastKey.clients && table === lastKey.table) return lastKey.key;
  lastKey = { clients: clients.cacheKey, table, key: `${clients.cacheKey}\u0000${table}` };
  return lastKey.key;
}

/** Whether the table's keys are in the cache now (so a key that does not fit may be stale). */
export function hasCachedKeys(clients: AwsClients, table: string): boolean {
  return cache.has(cacheKey(clients, table));
}

function keyNames(schema: { AttributeName?: string; KeyType?: string }[] | undefined): string[] {
  const hash = schema?.find((k) => k.KeyType === "HASH")?.AttributeName;
  const range = schema?.find((k) => k.KeyType === "RANGE")?.AttributeName;
  return [hash, range].filter((name): name is string => Boolean(name));
}

/**
 * DescribeTable's Table, its lists checked (key schema, attribute definitions, indexes and their
 * key schemas, replicas): each is absent or an array of objects. DynamoDB always answers so; a
 * mock that gives null or text there gets an unexpectedAnswer StepError naming the list, not a
 * TypeError in whichever action reads it first. Every reader of a table description takes it
 * through here.
 */
export function checkedTable(table: unknown): TableDescription | undefined {
  if (table === undefined || table === null) return undefined;
  if (!isAttributes(table)) throw answerShapeError(`DescribeTable's Table is ${show(table)}`);
  const description = table as TableDescription;
  answerObjects(description.KeySchema, "DescribeTable's Table.KeySchema");
  answerObjects(description.AttributeDefinitions, "DescribeTable's Table.AttributeDefinitions");
  answerObjects(description.Replicas, "DescribeTable's Table.Replicas");
  for (const list of ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] as const) {
    const indexes = answerObjects<{ KeySchema?: unknown }>(
      description[list],
      `DescribeTable's Table.${list}`,
    );
    for (let index = 0; index < indexes.length; index++) {
      answerObjects(indexes[index].KeySchema, `DescribeTable's Table.${list}[${index}].KeySchema`);
    }
  }
  return description;
}

/** Reads the key attributes of a table and its indexes out of a DescribeTable answer. */
export function tableKeysOf(table: TableDescription | undefined): TableKeys {
  const types: Record<string, KeyType> = {};
  for (const definition of table?.AttributeDefinitions ?? []) {
    const type = definition.AttributeType;
    if (definition.AttributeName && (type === "S" || type === "N" || type === "B")) {
      types[definition.AttributeName] = type;
    }
  }
  const indexes: Record<string, string[]> = {};
  const globalIndexes: Record<string, string> = {};
  for (const index of table?.GlobalSecondaryIndexes ?? []) {
    if (!index.IndexName) continue;
    setKey(indexes, index.IndexName, keyNames(index.KeySchema));
    setKey(globalIndexes, index.IndexName, index.Projection?.ProjectionType ?? "");
  }
  for (const index of table?.LocalSecondaryIndexes ?? []) {
    if (index.IndexName) setKey(indexes, index.IndexName, keyNames(index.KeySchema));
  }
  return {
    table: keyNames(table?.KeySchema),
    indexes,
    types,
    globalIndexes,
    ...(table?.TableArn ? { arn: table.TableArn } : {}),
  };
}

/** The table's cache entry if it is fresh, else undefined (nothing is read). */
function freshEntry(clients: AwsClients, table: string): CachedKeys | undefined {
  const cached = cache.get(cacheKey(clients, table));
  return cached && cached.expires > Date.now() ? cached : undefined;
}

/**
 * The table's keys if they are cached and fresh, else undefined: what a warm invocation reads,
 * at once and without a promise (describeTableKeys reads them when this says undefined).
 */
export function cachedTableKeys(clients: AwsClients, table: string): TableKeys | undefined {
  return freshEntry(clients, table)?.keys;
}

/** The table's key schema (keySchemaOf) if its keys are cached and fresh, else undefined. */
export function cachedKeySchema(clients: AwsClients, table: string): KeySchema | undefined {
  const cached = freshEntry(clients, table);
  if (!cached) return undefined;
  cached.schema ??= keySchemaOf(cached.keys, table);
  return cached.schema;
}

/** The key attributes of a table and its indexes: one DescribeTable, then cached for a while. */
export async function describeTableKeys(clients: AwsClients, table: string): Promise<TableKeys> {
  const key = cacheKey(clients, table);
  const cached = freshEntry(clients, table);
  if (cached) return cached.keys;
  const under = reading.get(key);
  if (under) return under;
  const read = clients.dynamodb
    .send(new DescribeTableCommand({ TableName: table }))
    .then((answer) => tableKeysOf(checkedTable(answer?.Table)));
  reading.set(key, read);
  try {
    const keys = await read;
    if (reading.get(key) === read) {
      // Re-inserted so that the oldest entry is the first to go when the cache is full.
      cache.delete(key);
      cache.set(key, { keys, expires: Date.now() + KEYS_TTL_MS });
      if (cache.size > MAX_CACHED_TABLES) cache.delete(cache.keys().next().value as string);
    }
    return keys;
  } finally {
    if (reading.get(key) === read) reading.delete(key);
  }
}

/** Drops one table's cached keys, so the next use reads DescribeTable again. */
export function forgetTableKeys(clients: AwsClients, table: string): void {
  const key = cacheKey(clients, table);
  cache.delete(key);
  reading.delete(key);
}

export function clearKeySchemaCache(): void {
  cache.clear();
  reading.clear();
}

// ---------------------------------------------------------------------------------------------
// The table's key schema

/** The table's key, with the types its attribute definitions declare. */
export function keySchemaOf(keys: TableKeys, tableName: string): KeySchema {
  const typeOf = (name: string): KeyType => {
    const type = Object.hasOwn(keys.types, name) ? keys.types[name] : undefined;
    if (!type) {
      throw new StepError(
        "incompleteAnswer",
        `DescribeTable gave no attribute definition for the key "${name}" of table "${tableName}", so its type is unknown.`,
      );
    }
    return type;
  };
  const hashName = keys.table[0];
  const rangeName = keys.table[1];
  if (!hashName) {
    throw new StepError(
      "incompleteAnswer",
      `DescribeTable gave no key schema for table "${tableName}": the step reads the table's key from it. A mocked DynamoDB client needs an answer to DescribeTable with the table's KeySchema and AttributeDefinitions.`,
    );
  }
  return {
    hash: { name: hashName, type: typeOf(hashName) },
    ...(rangeName ? { range: { name: rangeName, type: typeOf(rangeName) } } : {}),
  };
}

/** The table's key schema, from the cached DescribeTable. */
export async function getKeySchema(clients: AwsClients, table: string): Promise<KeySchema> {
  return (
    cachedKeySchema(clients, table) ?? keySchemaOf(await describeTableKeys(clients, table), table)
  );
}

/** The table's keys (cached); a DescribeTable failure reads as such (wrong table, region, rights). */
function readTableKeys(
  clients: AwsClients,
  table: string,
  connection: Connection,
): Promise<TableKeys> {
  return callAws({ operation: "DescribeTable", table, region: clients.region, connection }, () =>
    describeTableKeys(clients, table),
  );
}

/**
 * The keys of `table` (the step's Table Name unless another is given), from the cached
 * DescribeTable: the one way an action or engine reads a table's keys. With `index`, keys that
 * know that index: an index created since the keys were cached (by Create Global Secondary
 * Index, Update Table, another flow or the console) is missing from them, so cached keys without
 * it are read again, once, before the index is taken for unknown. A failure reads as a
 * DescribeTable failure naming that table (wrong table, region or rights).
 */
export function tableKeys(step: Step, table = step.table, index?: string): Promise<TableKeys> {
  const cached = cachedTableKeys(step.clients, table);
  if (cached && (index === undefined || Object.hasOwn(cached.indexes, index))) {
    return Promise.resolve(cached);
  }
  if (cached) forgetTableKeys(step.clients, table);
  return readTableKeys(step.clients, table, step.connection);
}

/** The key attributes in order: hash, then range. */
export function keyAttributes(schema: KeySchema): KeyAttribute[] {
  return schema.range ? [schema.hash, schema.range] : [schema.hash];
}

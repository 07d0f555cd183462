import { type AttributeValue, DescribeTableCommand, type TableDescription } from "@aws-sdk/client-dynamodb";
import type { AwsClients } from "./client";
import { type AttributeMap, toAttributeValue } from "./values";

export type KeyType = "S" | "N" | "B";
export interface KeyAttribute {
  name: string;
  type: KeyType;
}
export interface KeySchema {
  hash: KeyAttribute;
  range?: KeyAttribute;
}

export const HASH_LABEL = "Hash / Primary Key Value";
export const RANGE_LABEL = "Range / Sort Key Value";

/** A schema changes only when a table is re-created; re-read it now and then all the same. */
const SCHEMA_TTL_MS = 10 * 60 * 1000;
const MAX_CACHED_SCHEMAS = 1000;

const schemas = new Map<string, { schema: KeySchema; expires: number }>();

function schemaCacheKey(clients: AwsClients, table: string): string {
  return `${clients.cacheKey}\u0000${table}`;
}

/** Reads the key schema out of a DescribeTable answer. */
export function keySchemaOf(table: TableDescription | undefined, tableName: string): KeySchema {
  const typeOf = (name: string): KeyType => {
    const type = table?.AttributeDefinitions?.find((d) => d.AttributeName === name)?.AttributeType;
    if (type !== "S" && type !== "N" && type !== "B") {
      throw new Error(`Table "${tableName}" has no attribute definition for its key "${name}".`);
    }
    return type;
  };
  const hashName = table?.KeySchema?.find((k) => k.KeyType === "HASH")?.AttributeName;
  if (!hashName) throw new Error(`Table "${tableName}" has no hash key in its key schema.`);
  const rangeName = table?.KeySchema?.find((k) => k.KeyType === "RANGE")?.AttributeName;
  return {
    hash: { name: hashName, type: typeOf(hashName) },
    ...(rangeName ? { range: { name: rangeName, type: typeOf(rangeName) } } : {}),
  };
}

/** The table's key schema, read once per table and cached for a while. */
export async function getKeySchema(clients: AwsClients, table: string): Promise<KeySchema> {
  const cacheKey = schemaCacheKey(clients, table);
  const cached = schemas.get(cacheKey);
  if (cached && cached.expires > Date.now()) return cached.schema;
  const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
  const schema = keySchemaOf(Table, table);
  schemas.delete(cacheKey);
  schemas.set(cacheKey, { schema, expires: Date.now() + SCHEMA_TTL_MS });
  if (schemas.size > MAX_CACHED_SCHEMAS) {
    schemas.delete(schemas.keys().next().value as string);
  }
  return schema;
}

export function forgetKeySchema(clients: AwsClients, table: string): void {
  schemas.delete(schemaCacheKey(clients, table));
}

export function clearKeySchemaCache(): void {
  schemas.clear();
}

/** Builds the Key map from the two key inputs, converted to the types the table declares. */
export function buildKey(
  schema: KeySchema,
  table: string,
  hashValue: unknown,
  rangeValue: unknown,
): AttributeMap {
  const key: Record<string, AttributeValue> = {
    [schema.hash.name]: toAttributeValue(hashValue, schema.hash.type, {
      attribute: schema.hash.name,
      input: HASH_LABEL,
    }),
  };
  const hasRange = rangeValue !== undefined && rangeValue !== null && rangeValue !== "";
  if (schema.range) {
    if (!hasRange) {
      throw new Error(
        `${RANGE_LABEL} is required: table "${table}" has the sort key "${schema.range.name}" (type ${schema.range.type}).`,
      );
    }
    key[schema.range.name] = toAttributeValue(rangeValue, schema.range.type, {
      attribute: schema.range.name,
      input: RANGE_LABEL,
    });
  } else if (hasRange) {
    throw new Error(
      `${RANGE_LABEL} must be blank: table "${table}" has no sort key, only the hash key "${schema.hash.name}".`,
    );
  }
  return key;
}

/** What DynamoDB (and DynamoDB Local) say when a key no longer fits the table's schema. */
const KEY_MISMATCH_MESSAGES = [
  "key element does not match the schema",
  "Type mismatch for key",
  "One of the required keys was not given a value",
];

function isKeyMismatch(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return (
    name === "ValidationException" &&
    typeof message === "string" &&
    KEY_MISMATCH_MESSAGES.some((text) => message.includes(text))
  );
}

/**
 * The Key for the two key inputs, from the (cached) key schema. A cached schema may predate a
 * re-created table that gained or lost its sort key, so a key that does not fit it is checked
 * once more against a freshly read schema before it is called an input error.
 */
export async function resolveKey(
  clients: AwsClients,
  table: string,
  hashValue: unknown,
  rangeValue: unknown,
): Promise<AttributeMap> {
  const wasCached = schemas.has(schemaCacheKey(clients, table));
  const schema = await getKeySchema(clients, table);
  try {
    return buildKey(schema, table, hashValue, rangeValue);
  } catch (error) {
    if (!wasCached) throw error;
    forgetKeySchema(clients, table);
    return buildKey(await getKeySchema(clients, table), table, hashValue, rangeValue);
  }
}

/**
 * Runs an item call with the table's key. A warm call costs exactly one DynamoDB request; if
 * DynamoDB says the key no longer matches (the table was re-created), the schema is read again
 * and the call is retried once.
 */
export async function withTableKey<T>(
  clients: AwsClients,
  table: string,
  hashValue: unknown,
  rangeValue: unknown,
  run: (key: AttributeMap) => Promise<T>,
): Promise<T> {
  const key = await resolveKey(clients, table, hashValue, rangeValue);
  try {
    return await run(key);
  } catch (error) {
    if (!isKeyMismatch(error)) throw error;
    forgetKeySchema(clients, table);
    const fresh = await getKeySchema(clients, table);
    return run(buildKey(fresh, table, hashValue, rangeValue));
  }
}

import {
  type AttributeValue,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import { isLosslessNumber } from "lossless-json";
import type { AwsClients, InvocationContext } from "./client";
import { callAws } from "./errors";
import { InputError } from "./inputs/inputError";
import { connect, type Step, type StepInputs } from "./invocation";
import {
  type AttributeMap,
  canonicalNumber,
  formatItem,
  isPlainObject,
  plainToMap,
  toAttributeValue,
} from "./values";
import { setKey } from "./values/types";

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
  /** The table's ARN (TagResource and the other ARN-addressed calls take it); absent if unknown. */
  arn?: string;
}

export const HASH_LABEL = "Hash / Primary Key Value";
export const RANGE_LABEL = "Range / Sort Key Value";
/** DynamoDB's limits on one key value (string or binary). */
export const MAX_HASH_KEY_BYTES = 2048;
export const MAX_RANGE_KEY_BYTES = 1024;

/** A key value over DynamoDB's size limit can never match an item: an input error. */
export function checkKeySize(
  value: AttributeValue,
  role: "hash" | "range",
  attribute: string,
  label: string,
): AttributeValue {
  const bytes =
    value.S !== undefined
      ? Buffer.byteLength(value.S, "utf8")
      : value.B !== undefined
        ? value.B.byteLength
        : 0;
  const max = role === "hash" ? MAX_HASH_KEY_BYTES : MAX_RANGE_KEY_BYTES;
  if (bytes > max) {
    throw new InputError(
      label,
      "invalidValue",
      `${label}: the value of the ${role === "hash" ? "partition" : "sort"} key "${attribute}" is ${bytes} bytes; DynamoDB allows at most ${max} bytes, so no item can have this key.`,
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The cache

/** A table's keys change only when it is re-created; re-read them now and then all the same. */
const KEYS_TTL_MS = 10 * 60 * 1000;
const MAX_CACHED_TABLES = 1000;

const cache = new Map<string, { keys: TableKeys; expires: number }>();
/**
 * Reads under way, so that concurrent cold uses of one table (say the segments of a parallel
 * scan) share one DescribeTable.
 */
const reading = new Map<string, Promise<TableKeys>>();

function cacheKey(clients: AwsClients, table: string): string {
  return `${clients.cacheKey}\u0000${table}`;
}

function keyNames(schema: { AttributeName?: string; KeyType?: string }[] | undefined): string[] {
  const hash = schema?.find((k) => k.KeyType === "HASH")?.AttributeName;
  const range = schema?.find((k) => k.KeyType === "RANGE")?.AttributeName;
  return [hash, range].filter((name): name is string => Boolean(name));
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
  for (const index of [
    ...(table?.GlobalSecondaryIndexes ?? []),
    ...(table?.LocalSecondaryIndexes ?? []),
  ]) {
    if (index.IndexName) indexes[index.IndexName] = keyNames(index.KeySchema);
  }
  return {
    table: keyNames(table?.KeySchema),
    indexes,
    types,
    ...(table?.TableArn ? { arn: table.TableArn } : {}),
  };
}

/** The key attributes of a table and its indexes: one DescribeTable, then cached for a while. */
export async function describeTableKeys(clients: AwsClients, table: string): Promise<TableKeys> {
  const key = cacheKey(clients, table);
  const cached = cache.get(key);
  if (cached && cached.expires > Date.now()) return cached.keys;
  const under = reading.get(key);
  if (under) return under;
  const read = clients.dynamodb
    .send(new DescribeTableCommand({ TableName: table }))
    .then((answer) => tableKeysOf(answer?.Table));
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
      throw new Error(`Table "${tableName}" has no attribute definition for its key "${name}".`);
    }
    return type;
  };
  const [hashName, rangeName] = keys.table;
  if (!hashName) throw new Error(`Table "${tableName}" has no hash key in its key schema.`);
  return {
    hash: { name: hashName, type: typeOf(hashName) },
    ...(rangeName ? { range: { name: rangeName, type: typeOf(rangeName) } } : {}),
  };
}

/** The table's key schema, from the cached DescribeTable. */
export async function getKeySchema(clients: AwsClients, table: string): Promise<KeySchema> {
  return keySchemaOf(await describeTableKeys(clients, table), table);
}

/** The table's keys (cached); a DescribeTable failure reads as such (wrong table, region, rights). */
export function readTableKeys(
  clients: AwsClients,
  table: string,
  connection: Connection,
): Promise<TableKeys> {
  return callAws({ operation: "DescribeTable", table, region: clients.region, connection }, () =>
    describeTableKeys(clients, table),
  );
}

/** The key schema (cached); a DescribeTable failure reads as such. */
export async function readKeySchema(
  clients: AwsClients,
  table: string,
  connection: Connection,
): Promise<KeySchema> {
  return keySchemaOf(await readTableKeys(clients, table, connection), table);
}

/** The key attributes in order: hash, then range. */
export function keyAttributes(schema: KeySchema): KeyAttribute[] {
  return schema.range ? [schema.hash, schema.range] : [schema.hash];
}

// ---------------------------------------------------------------------------------------------
// A key from the two key inputs (Get, Update and Delete Item)

/** Builds the Key map from the two key inputs, converted to the types the table declares. */
export function buildKey(
  schema: KeySchema,
  table: string,
  hashValue: unknown,
  rangeValue: unknown,
): AttributeMap {
  const key: Record<string, AttributeValue> = {
    [schema.hash.name]: checkKeySize(
      toAttributeValue(hashValue, schema.hash.type, {
        attribute: schema.hash.name,
        input: HASH_LABEL,
      }),
      "hash",
      schema.hash.name,
      HASH_LABEL,
    ),
  };
  const hasRange = rangeValue !== undefined && rangeValue !== null && rangeValue !== "";
  if (schema.range) {
    if (!hasRange) {
      throw new InputError(
        RANGE_LABEL,
        "invalidValue",
        `${RANGE_LABEL} is required: table "${table}" has the sort key "${schema.range.name}" (type ${schema.range.type}).`,
      );
    }
    key[schema.range.name] = checkKeySize(
      toAttributeValue(rangeValue, schema.range.type, {
        attribute: schema.range.name,
        input: RANGE_LABEL,
      }),
      "range",
      schema.range.name,
      RANGE_LABEL,
    );
  } else if (hasRange) {
    throw new InputError(
      RANGE_LABEL,
      "invalidValue",
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

/** Does this error (raw or mapped by callAws) say that a key does not fit the table's schema? */
export function isKeyMismatch(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return (
    name === "ValidationException" &&
    typeof message === "string" &&
    KEY_MISMATCH_MESSAGES.some((text) => message.includes(text))
  );
}

/**
 * After a failed call: a key that no longer matches (isKeyMismatch) means the table was
 * re-created, so its cached keys are forgotten and read afresh next time. Other errors change
 * nothing.
 */
export function forgetKeysOnMismatch(error: unknown, clients: AwsClients, table: string): void {
  if (isKeyMismatch(error)) forgetTableKeys(clients, table);
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
  const wasCached = cache.has(cacheKey(clients, table));
  const schema = await getKeySchema(clients, table);
  try {
    return buildKey(schema, table, hashValue, rangeValue);
  } catch (error) {
    if (!wasCached) throw error;
    forgetTableKeys(clients, table);
    return buildKey(await getKeySchema(clients, table), table, hashValue, rangeValue);
  }
}

/**
 * Runs an item call with the key that resolveKey gave. A warm call costs exactly one DynamoDB
 * request; if DynamoDB says the key no longer matches (the table was re-created), the schema is
 * read again and the call is retried once with the key rebuilt from it.
 */
export async function withTableKey<T>(
  clients: AwsClients,
  table: string,
  key: { resolved: AttributeMap; hashValue: unknown; rangeValue: unknown },
  run: (key: AttributeMap) => Promise<T>,
): Promise<T> {
  try {
    return await run(key.resolved);
  } catch (error) {
    if (!isKeyMismatch(error)) throw error;
    forgetTableKeys(clients, table);
    const fresh = await getKeySchema(clients, table);
    return run(buildKey(fresh, table, key.hashValue, key.rangeValue));
  }
}

// ---------------------------------------------------------------------------------------------
// Keys given as plain JSON objects (the batch actions' Keys, Items to Put and Keys to Delete)

/**
 * Converts one key attribute to the type the table declares for it, as Get Item does with its key
 * inputs: the text "12" becomes the number 12 for a number key, and a number becomes text for a
 * string key. A typed value as Return DynamoDB JSON gives it ({"N": "12"}) is accepted too.
 */
export function toKeyValue(
  raw: unknown,
  attribute: KeyAttribute,
  where: string,
  of = "",
): AttributeValue {
  const named = `key attribute "${attribute.name}"${of}`;
  let value = raw;
  if (isPlainObject(value)) {
    const typeCodes = Object.keys(value);
    const [code] = typeCodes;
    if (typeCodes.length !== 1 || (code !== "S" && code !== "N" && code !== "B")) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: ${named} must be a ${typeName(attribute.type)}, not an object.`,
      );
    }
    if (code !== attribute.type) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: ${named} is typed ${code}, but the table declares it as ${attribute.type} (${typeName(attribute.type)}).`,
      );
    }
    value = value[code];
  }
  if (isLosslessNumber(value)) value = value.toString();
  if (typeof value === "number" || typeof value === "bigint") value = String(value);
  if (typeof value !== "string") {
    throw new InputError(
      where,
      "invalidValue",
      `${where}: ${named} must be a ${typeName(attribute.type)}, not ${describeType(value)}.`,
    );
  }
  if (value === "") {
    throw new InputError(where, "invalidValue", `${where}: ${named} may not be empty.`);
  }
  return toAttributeValue(value, attribute.type, { attribute: attribute.name, input: where });
}

function typeName(type: KeyType): string {
  return type === "S" ? "string" : type === "N" ? "number" : "base64-encoded binary value";
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function describeKeySchema(schema: KeySchema): string {
  return keyAttributes(schema)
    .map((attribute) => `${attribute.name} (${attribute.type})`)
    .join(" and ");
}

/**
 * Reads one key object: exactly the table's key attributes, each converted to its declared type.
 * `where` names the input and index for errors, such as "Keys (index 3)".
 */
export function readKey(
  raw: Record<string, unknown>,
  schema: KeySchema,
  where: string,
): AttributeMap {
  const attributes = keyAttributes(schema);
  const extra = Object.keys(raw).filter((name) => !attributes.some((a) => a.name === name));
  if (extra.length > 0) {
    throw new InputError(
      where,
      "invalidValue",
      `${where}: "${extra[0]}" is not a key attribute. A key has exactly the table's key attributes: ${describeKeySchema(schema)}.`,
    );
  }
  return keyOf(raw, schema, where);
}

/** The key attributes of an item or key object, converted to their declared types. */
export function keyOf(
  raw: Record<string, unknown>,
  schema: KeySchema,
  where: string,
): AttributeMap {
  const key: AttributeMap = {};
  for (const attribute of keyAttributes(schema)) {
    if (!Object.hasOwn(raw, attribute.name) || raw[attribute.name] === undefined) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: the key attribute "${attribute.name}" is missing. The table's key is ${describeKeySchema(schema)}.`,
      );
    }
    key[attribute.name] = checkKeySize(
      toKeyValue(raw[attribute.name], attribute, where),
      attribute === schema.hash ? "hash" : "range",
      attribute.name,
      where,
    );
  }
  return key;
}

/**
 * An item to put, from a plain JSON object: its attributes (plainToMap), with the key attributes
 * converted to the types the table declares (keyOf). Throws an InputError naming `where`.
 */
export function putItemOf(
  raw: Record<string, unknown>,
  schema: KeySchema,
  where: string,
  keys?: TableKeys,
): AttributeMap {
  return {
    ...plainToMap(raw, where),
    ...(keys ? indexKeyValuesOf(raw, keys, where) : {}),
    ...keyOf(raw, schema, where),
  };
}

/**
 * The index key attributes a plain JSON item or patch holds, converted to their declared types as
 * the table's own key attributes are (toKeyValue: valid number text for N, base64 text for B, a
 * number's text for S). DynamoDB refuses an item whose index key has another type ("Type mismatch
 * for Index Key"), so a value that cannot be converted is an InputError naming `where`, the
 * attribute and the index. An absent attribute is fine (the item is just not in that index).
 */
export function indexKeyValuesOf(
  raw: Record<string, unknown>,
  keys: TableKeys,
  where: string,
): AttributeMap {
  const values: AttributeMap = {};
  for (const attribute of indexKeyAttributes(keys)) {
    if (!Object.hasOwn(raw, attribute.name) || raw[attribute.name] === undefined) continue;
    const value = toKeyValue(raw[attribute.name], attribute, where, ` of index ${attribute.index}`);
    setKey(values, attribute.name, value);
  }
  return values;
}

/** The clause keywords of an update expression (reserved words: never an attribute name). */
const UPDATE_CLAUSE = /(^|[^#:\w.])(SET|REMOVE|ADD|DELETE)(?!\w)/gi;

/** The SET clause's assignments `path = value`, split at top-level commas. */
function setAssignments(expression: string): string[] {
  const clauses = [...expression.matchAll(UPDATE_CLAUSE)];
  const assignments: string[] = [];
  clauses.forEach((match, index) => {
    if (match[2].toUpperCase() !== "SET") return;
    const start = match.index + match[0].length;
    const end = clauses[index + 1]?.index ?? expression.length;
    let depth = 0;
    let from = start;
    for (let at = start; at <= end; at++) {
      const char = expression[at];
      if (char === "(") depth++;
      else if (char === ")") depth--;
      else if (at === end || (char === "," && depth === 0)) {
        assignments.push(expression.slice(from, at));
        from = at + 1;
      }
    }
  });
  return assignments;
}

/**
 * An Update Expression that sets an index key attribute to one placeholder (`SET #s = :s`, or
 * `if_not_exists(#s, :s)`) must give it the declared type: DynamoDB would refuse the update
 * ("Type mismatch for Index Key"). Values given with their types are not converted, so another
 * type is an InputError naming `where`, before anything is sent. Computed values are DynamoDB's.
 */
export function checkIndexKeyAssignments(
  expression: string | undefined,
  names: Record<string, string> | undefined,
  values: Record<string, AttributeValue> | undefined,
  keys: TableKeys,
  where: string,
): void {
  if (!expression || !values) return;
  const indexKeys = new Map(indexKeyAttributes(keys).map((found) => [found.name, found]));
  for (const assignment of setAssignments(expression)) {
    const [left, right] = assignment.split("=", 2).map((part) => part.trim());
    const name = left?.startsWith("#") && names && Object.hasOwn(names, left) ? names[left] : left;
    const found = name !== undefined ? indexKeys.get(name) : undefined;
    const placeholder = /^(?:if_not_exists\s*\([^,]*,\s*)?(:\w+)\s*\)?$/.exec(right ?? "")?.[1];
    if (!found || !placeholder || !Object.hasOwn(values, placeholder)) continue;
    const type = Object.keys(values[placeholder])[0];
    if (type !== found.type) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: ${placeholder} is typed ${type}, but it sets "${found.name}", a key of index ${found.index} that the table declares as ${found.type} (${typeName(found.type)}).`,
      );
    }
  }
}

/**
 * An item whose values are already typed (a CSV row, DynamoDB JSON) has the table's key
 * attributes, of the declared types, within DynamoDB's key size limits. Throws an InputError.
 */
export function checkTableKey(item: AttributeMap, schema: KeySchema, where: string): void {
  for (const attribute of keyAttributes(schema)) {
    const value = Object.hasOwn(item, attribute.name) ? item[attribute.name] : undefined;
    if (value === undefined) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: the key attribute "${attribute.name}" is missing. The table's key is ${describeKeySchema(schema)}.`,
      );
    }
    const type = Object.keys(value)[0];
    if (type !== attribute.type) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: key attribute "${attribute.name}" is typed ${type}, but the table declares it as ${attribute.type} (${typeName(attribute.type)}).`,
      );
    }
    checkKeySize(value, attribute === schema.hash ? "hash" : "range", attribute.name, where);
  }
}

/**
 * The identity of one key value (S, N or B): equal for two values exactly when DynamoDB sees them
 * as the same. Numbers compare by value on their canonical decimal form ("1", "1.0" and "10E-1"
 * are one number; digits past 2^53 count, no JS number is involved); binary by its bytes. Any
 * other value (absent, NULL, a map, something that is no AttributeValue) gives undefined.
 */
export function keyValueIdentity(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { S, N, B } = value as AttributeValue;
  if (typeof S === "string") return `S:${S}`;
  if (typeof N === "string") return `N:${canonicalNumber(N)}`;
  if (B instanceof Uint8Array) return `B:${Buffer.from(B).toString("base64")}`;
  return undefined;
}

/** Are these the same key value, by type and value (keyValueIdentity)? Never for a non-key value. */
export function sameKeyValue(a: unknown, b: unknown): boolean {
  const identity = keyValueIdentity(a);
  return identity !== undefined && identity === keyValueIdentity(b);
}

/**
 * A string that is equal for two keys exactly when DynamoDB sees them as the same item: the
 * table's key attributes, each by keyValueIdentity. Undefined when one is missing or no key value.
 * The one key comparison of the connector (batch writes and reads, transactions, Update JSON,
 * imports); values must first be converted to the table's key types (toKeyValue).
 */
export function keyIdentity(item: AttributeMap, schema: KeySchema): string | undefined {
  const parts: string[] = [];
  for (const attribute of keyAttributes(schema)) {
    const value = Object.hasOwn(item, attribute.name) ? item[attribute.name] : undefined;
    const identity = keyValueIdentity(value);
    if (identity === undefined) return undefined;
    parts.push(identity);
  }
  return JSON.stringify(parts);
}

/**
 * keyIdentity of a key given without its table's schema (the attributes it names, in name
 * order): for checks made before the key schema is read. Undefined if a value is no key value.
 */
export function givenKeyIdentity(key: AttributeMap): string | undefined {
  const parts: string[] = [];
  for (const name of Object.keys(key).sort()) {
    const identity = keyValueIdentity(key[name]);
    if (identity === undefined) return undefined;
    parts.push(name, identity);
  }
  return JSON.stringify(parts);
}

/** A short text of a key for error messages. */
export function describeKey(key: AttributeMap): string {
  return JSON.stringify(formatItem(key));
}

// ---------------------------------------------------------------------------------------------
// The item actions' key, read and used in one step

/** The Key of Get, Update and Delete Item, with the inputs it came from (for a rebuild). */
export interface ItemKey {
  resolved: AttributeMap;
  hashValue: unknown;
  rangeValue: unknown;
}

/**
 * The key inputs as the table's Key (the key schema is read once and cached); a failure to read
 * it names DescribeTable, and a key that does not fit is an InputError before any item call.
 */
export async function readItemKey(
  step: Step,
  hashValue: unknown,
  rangeValue: unknown,
): Promise<ItemKey> {
  const resolved = await step.call("DescribeTable", () =>
    resolveKey(step.clients, step.table, hashValue, rangeValue),
  );
  return { resolved, hashValue, rangeValue };
}

/** The table's and its indexes' key attributes (cached, see describeTableKeys) for a step. */
export function readItemTableKeys(step: Step): Promise<TableKeys> {
  return step.call("DescribeTable", () => describeTableKeys(step.clients, step.table));
}

/** Runs one item call with the key (see withTableKey); its failure names `operation`. */
export function sendWithKey<T>(
  step: Step,
  operation: string,
  key: ItemKey,
  run: (key: AttributeMap) => Promise<T>,
): Promise<T> {
  return step.call(operation, () => withTableKey(step.clients, step.table, key, run));
}

/**
 * Get Item's and Delete Item's one call: connects, reads the key inputs (Hash / Primary Key
 * Value, Range / Sort Key Value) as the table's Key, so a key that does not fit is an InputError
 * before the call (readItemKey), then sends the call with it (sendWithKey).
 */
export async function sendWithKeyInputs<T>(
  invocation: InvocationContext | undefined,
  params: StepInputs & { value: unknown; rangeKeyValue: unknown },
  operation: string,
  send: (dynamodb: DynamoDBClient, key: AttributeMap) => Promise<T>,
): Promise<T> {
  const step = connect(invocation, params);
  const key = await readItemKey(step, params.value, params.rangeKeyValue);
  return sendWithKey(step, operation, key, (Key) => send(step.clients.dynamodb, Key));
}

// ---------------------------------------------------------------------------------------------
// Secondary index keys

/** A key attribute of a secondary index that is not one of the table's own key attributes. */
export interface IndexKeyAttribute extends KeyAttribute {
  /** "range" if the attribute is a sort key of any index (the smaller size limit applies). */
  role: "hash" | "range";
  /** The first index it keys, for messages. */
  index: string;
}

/**
 * The key attributes of the table's secondary indexes that are not the table's own, with the
 * types its AttributeDefinitions declare. An item need not have them (the index is sparse), but
 * where it does, DynamoDB refuses the write unless each is of that type, non-empty, and within
 * the key size limits ("Type mismatch for Index Key").
 */
export function indexKeyAttributes(keys: TableKeys): IndexKeyAttribute[] {
  const tableNames = new Set(keys.table);
  const found = new Map<string, IndexKeyAttribute>();
  for (const [index, names] of Object.entries(keys.indexes)) {
    names.forEach((name, position) => {
      const type = Object.hasOwn(keys.types, name) ? keys.types[name] : undefined;
      if (tableNames.has(name) || type === undefined) return;
      const earlier = found.get(name);
      const role = position === 1 || earlier?.role === "range" ? "range" : "hash";
      found.set(name, { name, type, role, index: earlier?.index ?? index });
    });
  }
  return [...found.values()];
}

/**
 * Checks an item whose values are already typed against the index key attributes it has (see
 * indexKeyAttributes). Throws an InputError naming `where`.
 */
export function checkIndexKeys(
  item: AttributeMap,
  attributes: IndexKeyAttribute[],
  where: string,
): void {
  for (const attribute of attributes) {
    const value = Object.hasOwn(item, attribute.name) ? item[attribute.name] : undefined;
    if (value === undefined) continue;
    const type = Object.keys(value)[0];
    if (type !== attribute.type) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: attribute "${attribute.name}" is a key of index ${attribute.index}, declared as ${attribute.type} (${typeName(attribute.type)}), but it is typed ${type}. DynamoDB refuses such an item; give a ${typeName(attribute.type)}, or leave the attribute out.`,
      );
    }
    if ((value.S ?? value.B)?.length === 0) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: attribute "${attribute.name}" is a key of index ${attribute.index} and may not be empty; leave it out instead.`,
      );
    }
    checkKeySize(value, attribute.role, attribute.name, where);
  }
}

/**
 * Key values: converting what a user gives (key inputs, plain JSON keys, items) to the Key the
 * table declares, checking key and index key values, and comparing keys by type and value.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { numberObjectText } from "../common/numberObjects";
import { InputError } from "../errors/inputError";
import { HASH_LABEL, RANGE_LABEL } from "../inputs/labels";
import {
  type AttributeMap,
  formatItem,
  hasAttribute,
  isPlainObject,
  keyValueIdentity,
  plainToMap,
  toAttributeValue,
} from "../values";
import { MAX_HASH_KEY_BYTES, MAX_RANGE_KEY_BYTES } from "../values/limits";
import { keyValueBytes } from "../values/size";
import { ownType, setKey } from "../values/types";
import {
  type KeyAttribute,
  type KeySchema,
  type KeyType,
  keyAttributes,
  type TableKeys,
} from "./keySchema";

/** A key value over DynamoDB's size limit can never match an item: an input error. */
function checkKeySize(
  value: AttributeValue,
  role: "hash" | "range",
  attribute: string,
  label: string,
): AttributeValue {
  const bytes = keyValueBytes(value);
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
  // A number kept as an object (the JSON reader's LosslessNumber, a code-native NumberValue).
  const numberText = numberObjectText(value);
  if (numberText !== undefined) value = numberText;
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
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
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
    if (!hasAttribute(raw, attribute.name)) {
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
    if (!hasAttribute(raw, attribute.name)) continue;
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
  const attributes = indexKeyAttributes(keys);
  // Without secondary index keys no assignment can set one: the expression need not be read.
  if (attributes.length === 0) return;
  const indexKeys = new Map(attributes.map((found) => [found.name, found]));
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
    const type = ownType(value);
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
 * The table's key attributes an item (or a key) already holds, typed: for messages that name an
 * item by its key. An attribute the item lacks is left out.
 */
export function typedKeyOf(item: AttributeMap, schema: KeySchema): AttributeMap {
  const key: AttributeMap = {};
  for (const attribute of keyAttributes(schema)) {
    const value = Object.hasOwn(item, attribute.name) ? item[attribute.name] : undefined;
    if (value) key[attribute.name] = value;
  }
  return key;
}

/** A short text of a key for error messages. */
export function describeKey(key: AttributeMap): string {
  return JSON.stringify(formatItem(key));
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
    const type = ownType(value);
    if (type !== attribute.type) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: attribute "${attribute.name}" is a key of index ${attribute.index}, declared as ${attribute.type} (${typeName(attribute.type)}), but it is typed ${type}. DynamoDB refuses such an item; give a ${typeName(attribute.type)}, or leave the attribute out.`,
      );
    }
    if (type !== "N" && keyValueBytes(value) === 0) {
      throw new InputError(
        where,
        "invalidValue",
        `${where}: attribute "${attribute.name}" is a key of index ${attribute.index} and may not be empty; leave it out instead.`,
      );
    }
    checkKeySize(value, attribute.role, attribute.name, where);
  }
}

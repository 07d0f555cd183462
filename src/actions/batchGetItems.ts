import {
  type AttributeValue,
  BatchGetItemCommand,
  type KeysAndAttributes,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { isLosslessNumber } from "lossless-json";
import { getClients } from "../client";
import { callAws } from "../errors";
import {
  awsRegion,
  cleanAttributeNames,
  cleanBoolean,
  cleanInteger,
  connectionInput,
  consistentRead,
  expressionAttributeNames,
  isBlank,
  projectionExpression,
  returnDynamoJson,
  tableName,
} from "../inputs";
import { forgetKeySchema, getKeySchema, type KeyAttribute, type KeySchema } from "../keys";
import { actionOutput } from "../outputs";
import { runBatches } from "../retry";
import { type AttributeMap, formatItem, parseJsonInput, toAttributeValue } from "../values";

/*
 * Batch Get Items, and the key and input helpers that Batch Write Items shares with it.
 */

/** DynamoDB's limit of keys per BatchGetItem request. */
export const GET_CHUNK_SIZE = 100;
/** How many keys or items an error message shows before "and N more". */
const SHOWN_IN_ERRORS = 5;

export const DEFAULT_MAX_RETRIES = 8;
export const DEFAULT_CONCURRENCY = 4;

export const maxRetriesInput = input({
  label: "Max Retries",
  type: "string",
  required: false,
  default: String(DEFAULT_MAX_RETRIES),
  comments:
    "How many times a request's unprocessed remainder (what DynamoDB did not handle because of throttling or size limits) is sent again, with exponential backoff and jitter, before giving up. 0 to 20.",
  example: "8",
  clean: (value: unknown) => cleanInteger("Max Retries", 0, 20)(value) ?? DEFAULT_MAX_RETRIES,
});

export const concurrencyInput = input({
  label: "Concurrency",
  type: "string",
  required: false,
  default: String(DEFAULT_CONCURRENCY),
  comments:
    "How many batch requests run at the same time, 1 to 16. Lower it for tables with little provisioned capacity.",
  example: "4",
  clean: (value: unknown) => cleanInteger("Concurrency", 1, 16)(value) ?? DEFAULT_CONCURRENCY,
});

export function returnUnprocessedInput(what: string) {
  return input({
    label: "Return Unprocessed",
    type: "boolean",
    required: false,
    default: "false",
    comments: `When false (the default), the step fails if any ${what} are still unprocessed after Max Retries, and the error lists them. When true, the step succeeds and returns them in the output, so the flow can retry or record them.`,
    clean: cleanBoolean("Return Unprocessed"),
  });
}

/** True for a JSON object (not an array, null, or a number parsed losslessly). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A code input that holds a JSON array of objects. Accepts the JSON text or an array that a
 * code-native flow passes directly. Blank gives undefined.
 */
export function cleanObjectArray(label: string, what: string, example: string) {
  return (value: unknown): Record<string, unknown>[] | undefined => {
    if (isBlank(value) && !Array.isArray(value)) return undefined;
    const parsed = typeof value === "string" ? parseJsonInput(value, label) : value;
    if (!Array.isArray(parsed)) {
      throw new Error(`${label} must be a JSON array of ${what}, such as ${example}.`);
    }
    parsed.forEach((element, index) => {
      if (!isPlainObject(element)) {
        throw new Error(
          `${label}: the element at index ${index} is not a JSON object; each element must be ${what.replace(/s$/, "")} such as ${example.slice(1, -1)}.`,
        );
      }
    });
    return parsed as Record<string, unknown>[];
  };
}

/**
 * Converts one key attribute to the type the table declares for it, as Get Item does with its key
 * inputs: the text "12" becomes the number 12 for a number key, and a number becomes text for a
 * string key. A typed value as Return DynamoDB JSON gives it ({"N": "12"}) is accepted too.
 */
export function toKeyValue(raw: unknown, attribute: KeyAttribute, where: string): AttributeValue {
  let value = raw;
  if (isPlainObject(value)) {
    const typeCodes = Object.keys(value);
    const [code] = typeCodes;
    if (typeCodes.length !== 1 || (code !== "S" && code !== "N" && code !== "B")) {
      throw new Error(
        `${where}: key attribute "${attribute.name}" must be a ${typeName(attribute.type)}, not an object.`,
      );
    }
    if (code !== attribute.type) {
      throw new Error(
        `${where}: key attribute "${attribute.name}" is typed ${code}, but the table declares it as ${attribute.type} (${typeName(attribute.type)}).`,
      );
    }
    value = value[code];
  }
  if (isLosslessNumber(value)) value = value.toString();
  if (typeof value === "number" || typeof value === "bigint") value = String(value);
  if (typeof value !== "string") {
    throw new Error(
      `${where}: key attribute "${attribute.name}" must be a ${typeName(attribute.type)}, not ${describeType(value)}.`,
    );
  }
  if (value === "") {
    throw new Error(`${where}: key attribute "${attribute.name}" may not be empty.`);
  }
  return toAttributeValue(value, attribute.type, { attribute: attribute.name, input: where });
}

function typeName(type: KeyAttribute["type"]): string {
  return type === "S" ? "string" : type === "N" ? "number" : "base64-encoded binary value";
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function keyAttributes(schema: KeySchema): KeyAttribute[] {
  return schema.range ? [schema.hash, schema.range] : [schema.hash];
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
    throw new Error(
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
    if (!(attribute.name in raw) || raw[attribute.name] === undefined) {
      throw new Error(
        `${where}: the key attribute "${attribute.name}" is missing. The table's key is ${describeKeySchema(schema)}.`,
      );
    }
    key[attribute.name] = toKeyValue(raw[attribute.name], attribute, where);
  }
  return key;
}

/**
 * The same number written differently ("1", "1.0", "10E-1") is the same key to DynamoDB, so keys
 * are compared on a canonical form: sign, significant digits and exponent.
 */
export function canonicalNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  let digits = `${whole}${fraction}`.replace(/^0+/, "");
  let power = Number(exponent) - fraction.length;
  if (digits === "") return "0";
  while (digits.endsWith("0")) {
    digits = digits.slice(0, -1);
    power += 1;
  }
  return `${sign === "-" ? "-" : ""}${digits}e${power}`;
}

/** A string that is equal for two keys exactly when DynamoDB sees them as the same item. */
export function keyIdentity(item: AttributeMap, schema: KeySchema): string | undefined {
  const parts: string[] = [];
  for (const attribute of keyAttributes(schema)) {
    const value = item[attribute.name];
    if (value?.S !== undefined) parts.push(`S:${value.S}`);
    else if (value?.N !== undefined) parts.push(`N:${canonicalNumber(value.N)}`);
    else if (value?.B !== undefined) parts.push(`B:${Buffer.from(value.B).toString("base64")}`);
    else return undefined;
  }
  return JSON.stringify(parts);
}

/** A short text of a key for error messages. */
export function describeKey(key: AttributeMap): string {
  return JSON.stringify(formatItem(key));
}

/** "a; b; c; and 4 more" */
export function listSome(texts: string[]): string {
  const shown = texts.slice(0, SHOWN_IN_ERRORS).join("; ");
  const more = texts.length - SHOWN_IN_ERRORS;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** Reads the key schema; a DescribeTable failure reads as such (wrong table, region, rights). */
export function readKeySchema(
  clients: ReturnType<typeof getClients>,
  table: string,
  connection: Parameters<typeof getClients>[0],
): Promise<KeySchema> {
  return callAws({ operation: "DescribeTable", table, region: clients.region, connection }, () =>
    getKeySchema(clients, table),
  );
}

/** A key that no longer matches means the table was re-created: read its schema afresh next time. */
export function forgetSchemaOnMismatch(
  error: unknown,
  clients: ReturnType<typeof getClients>,
  table: string,
): void {
  const text = error instanceof Error ? error.message : "";
  if (/key element does not match the schema|Type mismatch/i.test(text))
    forgetKeySchema(clients, table);
}

/** An error's message ending in a full stop, so that more sentences can follow it. */
export function sentence(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

const KEYS_EXAMPLE = '[{"customerId": 1, "customerName": "Ada"}]';

interface KeyEntry {
  index: number;
  key: AttributeMap;
  identity: string;
}

export const batchGetItems = action({
  display: {
    label: "Batch Get Items",
    description:
      "Retrieve many items by key from a DynamoDB table, in requests of 100 that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    tableName,
    keys: input({
      label: "Keys",
      type: "code",
      language: "json",
      required: true,
      comments:
        'A JSON array of the keys to read, as plain JSON objects with the table\'s key attributes, such as [{"customerId": 1, "customerName": "Ada"}]. Values are converted to the key types the table declares. Duplicate keys are read once. Any number of keys: they are sent in requests of 100.',
      example: KEYS_EXAMPLE,
      clean: (value: unknown) => {
        const keys = cleanObjectArray("Keys", "key objects", KEYS_EXAMPLE)(value);
        if (keys === undefined) throw new Error(`Keys is required. For example: ${KEYS_EXAMPLE}`);
        return keys;
      },
    }),
    awsConnection: connectionInput,
    projectionExpression,
    expressionAttributeNames: { ...expressionAttributeNames, clean: cleanAttributeNames },
    consistentRead,
    returnDynamoJson,
    maxRetries: maxRetriesInput,
    concurrency: concurrencyInput,
    returnUnprocessed: returnUnprocessedInput("keys"),
  },
  perform: async (_context, params) => {
    if (params.expressionAttributeNames && !params.projectionExpression) {
      throw new Error(
        "Expression Attribute Names is set but Projection Expression is blank: names are only used in the Projection Expression here. Clear the names or add a projection such as #n, customerId.",
      );
    }
    const clients = getClients(params.awsConnection, params.awsRegion);
    const table = params.tableName;
    const dynamoJson = params.returnDynamoJson;
    if (params.keys.length === 0) {
      return {
        data: { items: [], count: 0, requested: 0, unprocessedCount: 0, unprocessedKeys: [] },
      };
    }
    const schema = await readKeySchema(clients, table, params.awsConnection);

    // DynamoDB rejects a request that names the same key twice; reading a key once is the same read.
    const entries: KeyEntry[] = [];
    const byIdentity = new Map<string, KeyEntry>();
    params.keys.forEach((raw, index) => {
      const key = readKey(raw, schema, `Keys (index ${index})`);
      const identity = keyIdentity(key, schema) as string;
      if (byIdentity.has(identity)) return;
      const entry = { index, key, identity };
      byIdentity.set(identity, entry);
      entries.push(entry);
    });

    const request: Omit<KeysAndAttributes, "Keys"> = {
      ProjectionExpression: params.projectionExpression,
      ExpressionAttributeNames: params.expressionAttributeNames,
      ConsistentRead: params.consistentRead || undefined,
    };
    const found: AttributeMap[] = [];
    let keysRead = 0;
    let result: Awaited<ReturnType<typeof runBatches<KeyEntry>>>;
    try {
      result = await runBatches({
        entries,
        chunkSize: GET_CHUNK_SIZE,
        concurrency: params.concurrency,
        maxRetries: params.maxRetries,
        onDone: (done) => {
          keysRead += done.length;
        },
        send: async (pending) => {
          const output = await callAws(
            {
              operation: "BatchGetItem",
              table,
              region: clients.region,
              connection: params.awsConnection,
            },
            () =>
              clients.dynamodb.send(
                new BatchGetItemCommand({
                  RequestItems: {
                    [table]: { ...request, Keys: pending.map((entry) => entry.key) },
                  },
                }),
              ),
          );
          found.push(...(output.Responses?.[table] ?? []));
          const unprocessed = new Set(
            (output.UnprocessedKeys?.[table]?.Keys ?? []).map((key) => keyIdentity(key, schema)),
          );
          return pending.filter((entry) => unprocessed.has(entry.identity));
        },
      });
    } catch (error) {
      forgetSchemaOnMismatch(error, clients, table);
      const message = `${sentence(error)} Before it failed, ${formatCount(keysRead)} of ${formatCount(entries.length)} keys had been read (${formatCount(found.length)} ${found.length === 1 ? "item" : "items"} found); no items are returned from a failed step.`;
      throw Object.assign(error instanceof Error ? error : new Error(message), { message });
    }

    if (result.unprocessed.length > 0 && !params.returnUnprocessed) {
      throw new Error(
        `Batch Get Items: ${formatCount(result.unprocessed.length)} of ${formatCount(entries.length)} keys were still unprocessed after ${params.maxRetries} retries (DynamoDB was throttling or hit its response size limit): ${listSome(
          result.unprocessed.map((entry) => `Keys index ${entry.index} ${describeKey(entry.key)}`),
        )}. Raise Max Retries or the table's read capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
      );
    }

    // Items come back in no particular order; return them in the order their keys were given.
    const position = (item: AttributeMap) => {
      const identity = keyIdentity(item, schema);
      const entry = identity === undefined ? undefined : byIdentity.get(identity);
      return entry?.index ?? Number.MAX_SAFE_INTEGER;
    };
    const ordered = found
      .map((item) => ({ item, at: position(item) }))
      .sort((a, b) => a.at - b.at)
      .map(({ item }) => formatItem(item, dynamoJson));
    return {
      data: {
        items: ordered,
        count: ordered.length,
        requested: entries.length,
        unprocessedCount: result.unprocessed.length,
        unprocessedKeys: result.unprocessed.map((entry) => formatItem(entry.key, dynamoJson)),
      },
    };
  },
  outputSchema: actionOutput(
    {
      items: {
        type: "array",
        items: { type: "object", additionalProperties: true },
        description:
          "The items found, in the order of their keys in Keys (when the projection includes the key attributes). Keys with no item are absent.",
      },
      count: { type: "integer", description: "How many items were found." },
      requested: { type: "integer", description: "How many distinct keys were requested." },
      unprocessedCount: {
        type: "integer",
        description:
          "How many keys were still unprocessed after Max Retries (0 unless Return Unprocessed is true).",
      },
      unprocessedKeys: {
        type: "array",
        items: { type: "object", additionalProperties: true },
        description: "The keys still unprocessed after Max Retries, to retry later.",
      },
    },
    ["items", "count", "requested", "unprocessedCount", "unprocessedKeys"],
  ),
  examplePayload: {
    data: {
      items: [
        { customerId: 1, customerName: "Ada", city: "London" },
        { customerId: 2, customerName: "Grace", city: "New York" },
      ],
      count: 2,
      requested: 3,
      unprocessedCount: 0,
      unprocessedKeys: [],
    },
  },
});

export default batchGetItems;

/**
 * Create Table's table definition: Attribute Definition, Key Schema, Global Secondary Indexes,
 * the capacity units and Tags, each read with the input layer's readers and checked against
 * DynamoDB's rules (CreateTable in the API reference), so that a mistake names its input and
 * element before the request.
 */
import type {
  AttributeDefinition,
  GlobalSecondaryIndex,
  KeySchemaElement,
  Projection,
  ProvisionedThroughput,
} from "@aws-sdk/client-dynamodb";
import { cut, fail, type InputErrorCode, show } from "../errors/inputError";
import { dense, parseJsonInput } from "../values/json";
import { checkName } from "../values/limits";
import { READ_LABEL, WRITE_LABEL } from "./labels";
import { isBlank, primitiveText, safeInteger } from "./scalars";

const ATTRIBUTE_DEFINITION_LABEL = "Attribute Definition";
const KEY_SCHEMA_LABEL = "Key Schema";
const GSI_LABEL = "Global Secondary Indexes";

const ATTRIBUTE_DEFINITION_EXAMPLE =
  '[{"AttributeName":"customerId","AttributeType":"N"},{"AttributeName":"customerName","AttributeType":"S"}]';
const KEY_SCHEMA_EXAMPLE =
  '[{"KeyType":"HASH","AttributeName":"customerId"},{"KeyType":"RANGE","AttributeName":"customerName"}]';
export const GSI_EXAMPLE =
  '[{"IndexName":"byEmail","KeySchema":[{"KeyType":"HASH","AttributeName":"email"}],"Projection":{"ProjectionType":"ALL"}}]';

/** The old component's defaults, byte for byte (pretty-printed, keys in this order). */
export const DEFAULT_ATTRIBUTE_DEFINITION = JSON.stringify(
  [
    { AttributeName: "customerId", AttributeType: "N" },
    { AttributeName: "customerName", AttributeType: "S" },
  ],
  null,
  2,
);
export const DEFAULT_KEY_SCHEMA = JSON.stringify(
  [
    { KeyType: "HASH", AttributeName: "customerId" },
    { KeyType: "RANGE", AttributeName: "customerName" },
  ],
  null,
  2,
);

const ATTRIBUTE_TYPES = ["S", "N", "B"] as const;
const KEY_TYPES = ["HASH", "RANGE"] as const;
const PROJECTION_TYPES = ["ALL", "KEYS_ONLY", "INCLUDE"] as const;
/** DynamoDB's limit on global secondary indexes per table. */
const MAX_GSIS = 20;

type JsonObject = Record<string, unknown>;

/** A code input that must hold a JSON array, read with the one JSON reader. */
function parseJsonArray(value: unknown, label: string, example: string): unknown[] {
  const hint = `Use a JSON array such as ${example}`;
  const parsed = parseJsonInput(value, label, { hint });
  if (!Array.isArray(parsed)) {
    const what = parsed && typeof parsed === "object" ? "a single object" : show(parsed);
    fail(label, "wrongKind", `${label} must be a JSON array of objects, not ${what}. ${hint}`);
  }
  return dense(parsed);
}

/** One element of a JSON array input: an object with only the allowed fields. */
function element(
  value: unknown,
  label: string,
  index: number,
  fields: readonly string[],
  example: string,
): JsonObject {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    reject(
      `${label}: element ${index + 1} must be an object with ${fields.join(" and ")}, such as ${example}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) {
      reject(
        `${label}: element ${index + 1} has an unknown field "${key}". Each element has ${fields.join(" and ")} (spelled exactly so), such as ${example}`,
      );
    }
  }
  return value as JsonObject;
}

function attributeName(value: unknown, label: string, index: number): string {
  if (typeof value !== "string" || value.trim() === "") {
    reject(
      `${label}: element ${index + 1} needs an AttributeName, the attribute's name as text (for example "customerId").`,
    );
  }
  if (value.length > 255) {
    reject(`${label}: AttributeName "${value.slice(0, 40)}…" is longer than 255 characters.`);
  }
  return value;
}

/** The input labels of the definition; every message starts with one of them. */
const LABELS = [ATTRIBUTE_DEFINITION_LABEL, KEY_SCHEMA_LABEL, GSI_LABEL, READ_LABEL, WRITE_LABEL];

/** An InputError for the input whose label the message starts with. */
function reject(message: string, code: InputErrorCode = "invalidValue"): never {
  // Another input may reuse a reader (Restore's Global Secondary Index Override): its label is
  // what the message starts with, up to the first place in it.
  const label =
    LABELS.find((candidate) => message.startsWith(candidate)) ??
    message.split(/:| must | is | has | may | uses | defines /)[0];
  return fail(label, code, message);
}

function choice<T extends string>(
  value: unknown,
  choices: readonly T[],
  describe: () => string,
): T {
  const match =
    typeof value === "string" ? choices.find((c) => c === value.trim().toUpperCase()) : undefined;
  if (!match) reject(describe());
  return match;
}

/**
 * A required JSON array of objects that each name an attribute (Attribute Definition, Key
 * Schema): every element an object with only `fields` and a valid AttributeName, which `read`
 * turns into its entry.
 */
function attributeElements<T>(
  value: unknown,
  label: string,
  example: string,
  fields: readonly string[],
  read: (item: JsonObject, name: string) => T,
): T[] {
  if (isBlank(value)) {
    reject(`${label} is required. Use a JSON array such as ${example}`);
  }
  return parseJsonArray(value, label, example).map((raw, index) => {
    const item = element(raw, label, index, fields, example);
    return read(item, attributeName(item.AttributeName, label, index));
  });
}

/** Attribute Definition: the name and scalar type of every attribute used in a key. */
export function cleanAttributeDefinitions(value: unknown): AttributeDefinition[] {
  const label = ATTRIBUTE_DEFINITION_LABEL;
  const example = ATTRIBUTE_DEFINITION_EXAMPLE;
  const fields = ["AttributeName", "AttributeType"];
  const seen = new Set<string>();
  const definitions = attributeElements(value, label, example, fields, (item, name) => {
    const type = choice(
      item.AttributeType,
      ATTRIBUTE_TYPES,
      () =>
        `${label}: "${name}" has AttributeType ${show(item.AttributeType ?? null)}; use "S" (string), "N" (number) or "B" (binary), the only types a key can have.`,
    );
    if (seen.has(name)) reject(`${label}: "${name}" is defined twice.`);
    seen.add(name);
    return { AttributeName: name, AttributeType: type };
  });
  if (definitions.length === 0) {
    reject(`${label} must define at least the hash key attribute, such as ${example}`);
  }
  return definitions;
}

/** A key schema: a HASH element first, then at most one RANGE element. */
export function cleanKeySchemaElements(
  value: unknown,
  label = KEY_SCHEMA_LABEL,
): KeySchemaElement[] {
  const example = KEY_SCHEMA_EXAMPLE;
  const fields = ["KeyType", "AttributeName"];
  const schema = attributeElements(value, label, example, fields, (item, name) => {
    const keyType = choice(
      item.KeyType,
      KEY_TYPES,
      () =>
        `${label}: "${name}" has KeyType ${show(item.KeyType ?? null)}; use "HASH" for the partition key or "RANGE" for the sort key.`,
    );
    return { KeyType: keyType, AttributeName: name };
  });
  const hashCount = schema.filter((k) => k.KeyType === "HASH").length;
  const rangeCount = schema.length - hashCount;
  if (hashCount !== 1) {
    reject(
      `${label} must have exactly one HASH (partition key) element, not ${hashCount}. For example: ${example}`,
    );
  }
  if (rangeCount > 1) {
    reject(
      `${label} may have at most one RANGE (sort key) element, not ${rangeCount}. For example: ${example}`,
    );
  }
  if (schema[0].KeyType !== "HASH") {
    reject(
      `${label}: the HASH element must come first, then the RANGE element. For example: ${example}`,
    );
  }
  if (schema.length === 2 && schema[0].AttributeName === schema[1].AttributeName) {
    reject(
      `${label}: "${schema[0].AttributeName}" cannot be both the partition key and the sort key.`,
    );
  }
  return schema;
}

function capacityUnits(value: unknown, label: string): number {
  const text = isBlank(value) ? "" : (primitiveText(value)?.trim() ?? show(value));
  // Read by value: "5.0" and "1e1" are whole numbers.
  const units = isBlank(value) ? undefined : safeInteger(value);
  if (units === undefined || units < 1) {
    reject(
      `${label} must be a whole number of 1 or more when Billing Mode is PROVISIONED, not "${cut(text)}". For example: 5`,
    );
  }
  return units;
}

export interface IndexInput {
  index: GlobalSecondaryIndex;
  /** Whether the user gave this index its own ProvisionedThroughput. */
  hasThroughput: boolean;
}

function cleanProjection(value: unknown, where: string): Projection {
  if (value === undefined) return { ProjectionType: "ALL" };
  const label = `${where} Projection`;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    reject(`${label} must be an object such as {"ProjectionType":"ALL"}.`);
  }
  const { ProjectionType, NonKeyAttributes, ...rest } = value as JsonObject;
  const unknown = Object.keys(rest)[0];
  if (unknown) {
    reject(`${label} has an unknown field "${unknown}"; use ProjectionType and NonKeyAttributes.`);
  }
  const type = choice(
    ProjectionType ?? "ALL",
    PROJECTION_TYPES,
    () =>
      `${label}: ProjectionType must be "ALL", "KEYS_ONLY" or "INCLUDE", not ${show(ProjectionType)}.`,
  );
  if (type !== "INCLUDE") {
    if (NonKeyAttributes !== undefined) {
      reject(`${label}: NonKeyAttributes is only allowed with ProjectionType "INCLUDE".`);
    }
    return { ProjectionType: type };
  }
  if (
    !Array.isArray(NonKeyAttributes) ||
    NonKeyAttributes.length === 0 ||
    !NonKeyAttributes.every((name) => typeof name === "string" && name.trim() !== "")
  ) {
    reject(
      `${label}: with ProjectionType "INCLUDE", NonKeyAttributes must list the attribute names to copy, such as ["email","status"].`,
    );
  }
  return { ProjectionType: type, NonKeyAttributes: NonKeyAttributes as string[] };
}

function cleanIndexThroughput(value: unknown, where: string): ProvisionedThroughput | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    reject(
      `${where} ProvisionedThroughput must be an object such as {"ReadCapacityUnits":5,"WriteCapacityUnits":5}.`,
    );
  }
  const { ReadCapacityUnits, WriteCapacityUnits } = value as JsonObject;
  return {
    ReadCapacityUnits: capacityUnits(ReadCapacityUnits, `${where} ReadCapacityUnits`),
    WriteCapacityUnits: capacityUnits(WriteCapacityUnits, `${where} WriteCapacityUnits`),
  };
}

/** Global Secondary Indexes (optional): indexes created together with the table. */
export function cleanGlobalSecondaryIndexes(
  value: unknown,
  label = GSI_LABEL,
): IndexInput[] | undefined {
  // An empty list from a code-native flow says what its JSON text "[]" says: for a restore's
  // override, no indexes at all, where blank keeps every index of the source.
  if (isBlank(value) && !Array.isArray(value)) return undefined;
  const elements = parseJsonArray(value, label, GSI_EXAMPLE);
  if (elements.length > MAX_GSIS) {
    reject(`${label}: a table can have at most ${MAX_GSIS} indexes, not ${elements.length}.`);
  }
  const names = new Set<string>();
  return elements.map((raw, index) => {
    const item = element(
      raw,
      label,
      index,
      ["IndexName", "KeySchema", "Projection", "ProvisionedThroughput"],
      GSI_EXAMPLE,
    );
    const name = checkName(
      `${label}: element ${index + 1} IndexName`,
      typeof item.IndexName === "string" ? item.IndexName.trim() : "",
    );
    if (names.has(name)) reject(`${label}: index "${name}" appears twice.`);
    names.add(name);
    const where = `${label}: index "${name}"`;
    const keySchema = cleanKeySchemaElements(item.KeySchema, `${where} KeySchema`);
    const throughput = cleanIndexThroughput(item.ProvisionedThroughput, where);
    return {
      index: {
        IndexName: name,
        KeySchema: keySchema,
        Projection: cleanProjection(item.Projection, where),
        ...(throughput ? { ProvisionedThroughput: throughput } : {}),
      },
      hasThroughput: throughput !== undefined,
    };
  });
}

/**
 * DynamoDB requires every key attribute (table and indexes) to be defined, and every defined
 * attribute to be used by a key. Checking here gives a message that says which one and why.
 */
function checkKeysAreDefined(
  definitions: AttributeDefinition[],
  keySchemas: { label: string; schema: KeySchemaElement[] }[],
): void {
  const defined = new Map(definitions.map((d) => [d.AttributeName, d.AttributeType]));
  const used = new Set<string>();
  for (const { label, schema } of keySchemas) {
    for (const { AttributeName } of schema) {
      const name = AttributeName as string;
      if (!defined.has(name)) {
        reject(
          `${label} uses "${name}", which ${ATTRIBUTE_DEFINITION_LABEL} does not define. Add it there with its type, such as {"AttributeName":"${name}","AttributeType":"S"}.`,
        );
      }
      used.add(name);
    }
  }
  for (const name of defined.keys()) {
    if (name !== undefined && !used.has(name)) {
      reject(
        `${ATTRIBUTE_DEFINITION_LABEL} defines "${name}", which no key uses. Define only the attributes of the ${KEY_SCHEMA_LABEL} (and of index keys); other attributes need no definition.`,
      );
    }
  }
}

/** The definition inputs of Create Table, as their cleans return them. */
export interface TableDefinitionInputs {
  attributeDefinition: AttributeDefinition[];
  keySchema: KeySchemaElement[];
  billingMode?: "PROVISIONED" | "PAY_PER_REQUEST";
  readCapacityUnits: unknown;
  writeCapacityUnits: unknown;
  globalSecondaryIndexes?: IndexInput[];
}

/**
 * The table definition part of a CreateTable request, checked as a whole: every key attribute
 * defined (and only those), capacity only with PROVISIONED billing (an index without its own
 * capacity gets the table's).
 */
export function buildTableDefinition(params: TableDefinitionInputs): {
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode?: "PROVISIONED" | "PAY_PER_REQUEST";
  ProvisionedThroughput?: ProvisionedThroughput;
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
} {
  const provisioned = params.billingMode !== "PAY_PER_REQUEST";
  const indexes = params.globalSecondaryIndexes ?? [];
  checkKeysAreDefined(params.attributeDefinition, [
    { label: KEY_SCHEMA_LABEL, schema: params.keySchema },
    ...indexes.map(({ index }) => ({
      label: `${GSI_LABEL}: index "${index.IndexName}" KeySchema`,
      schema: index.KeySchema ?? [],
    })),
  ]);
  // On-demand tables take no ProvisionedThroughput at all (DynamoDB rejects it).
  const throughput = provisioned
    ? {
        ReadCapacityUnits: capacityUnits(params.readCapacityUnits, READ_LABEL),
        WriteCapacityUnits: capacityUnits(params.writeCapacityUnits, WRITE_LABEL),
      }
    : undefined;
  const globalIndexes = indexes.map(({ index, hasThroughput }) => {
    if (!provisioned && hasThroughput) {
      reject(
        `${GSI_LABEL}: index "${index.IndexName}" has a ProvisionedThroughput, but Billing Mode is PAY_PER_REQUEST. Remove it, or use PROVISIONED billing.`,
        "conflict",
      );
    }
    return throughput && !hasThroughput ? { ...index, ProvisionedThroughput: throughput } : index;
  });
  return {
    AttributeDefinitions: params.attributeDefinition,
    KeySchema: params.keySchema,
    BillingMode: params.billingMode,
    ...(throughput ? { ProvisionedThroughput: throughput } : {}),
    ...(globalIndexes.length > 0 ? { GlobalSecondaryIndexes: globalIndexes } : {}),
  };
}

import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type Projection,
  type ProvisionedThroughput,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { type AwsClients, getClients, invocationOptions } from "../client";
import { callAws } from "../errors";
import {
  awsRegion,
  cleanBoolean,
  cleanChoice,
  connectionInput,
  DOCS,
  isBlank,
  tableName,
  validateName,
} from "../inputs";
import {
  BILLING_MODES,
  EXAMPLE_TABLE,
  STREAM_VIEW_TYPES,
  TABLE_CLASSES,
  tableChangeOutput,
  tableOutput,
} from "../tables";
import { cleanTagList } from "../tags";

const ATTRIBUTE_DEFINITION_LABEL = "Attribute Definition";
const KEY_SCHEMA_LABEL = "Key Schema";
const GSI_LABEL = "Global Secondary Indexes";
const READ_LABEL = "Read Capacity Units";
const WRITE_LABEL = "Write Capacity Units";

const ATTRIBUTE_DEFINITION_EXAMPLE =
  '[{"AttributeName":"customerId","AttributeType":"N"},{"AttributeName":"customerName","AttributeType":"S"}]';
const KEY_SCHEMA_EXAMPLE =
  '[{"KeyType":"HASH","AttributeName":"customerId"},{"KeyType":"RANGE","AttributeName":"customerName"}]';
const GSI_EXAMPLE =
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

/** Parses a code input that must hold a JSON array; code-native callers may pass the array itself. */
function parseJsonArray(value: unknown, label: string, example: string): unknown[] {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${label} is not valid JSON (${reason}). Use a JSON array such as ${example}`,
      );
    }
  }
  if (!Array.isArray(parsed)) {
    const what = parsed && typeof parsed === "object" ? "a single object" : JSON.stringify(parsed);
    throw new Error(
      `${label} must be a JSON array of objects, not ${what}. Use a JSON array such as ${example}`,
    );
  }
  return parsed;
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
    throw new Error(
      `${label}: element ${index + 1} must be an object with ${fields.join(" and ")}, such as ${example}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) {
      throw new Error(
        `${label}: element ${index + 1} has an unknown field "${key}". Each element has ${fields.join(" and ")} (spelled exactly so), such as ${example}`,
      );
    }
  }
  return value as JsonObject;
}

function attributeName(value: unknown, label: string, index: number): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(
      `${label}: element ${index + 1} needs an AttributeName, the attribute's name as text (for example "customerId").`,
    );
  }
  if (value.length > 255) {
    throw new Error(
      `${label}: AttributeName "${value.slice(0, 40)}…" is longer than 255 characters.`,
    );
  }
  return value;
}

function choice<T extends string>(
  value: unknown,
  choices: readonly T[],
  describe: () => string,
): T {
  const match =
    typeof value === "string" ? choices.find((c) => c === value.trim().toUpperCase()) : undefined;
  if (!match) throw new Error(describe());
  return match;
}

/** Attribute Definition: the name and scalar type of every attribute used in a key. */
export function cleanAttributeDefinitions(value: unknown): AttributeDefinition[] {
  const label = ATTRIBUTE_DEFINITION_LABEL;
  const example = ATTRIBUTE_DEFINITION_EXAMPLE;
  if (isBlank(value)) {
    throw new Error(`${label} is required. Use a JSON array such as ${example}`);
  }
  const elements = parseJsonArray(value, label, example);
  if (elements.length === 0) {
    throw new Error(`${label} must define at least the hash key attribute, such as ${example}`);
  }
  const seen = new Set<string>();
  return elements.map((raw, index) => {
    const item = element(raw, label, index, ["AttributeName", "AttributeType"], example);
    const name = attributeName(item.AttributeName, label, index);
    const type = choice(
      item.AttributeType,
      ATTRIBUTE_TYPES,
      () =>
        `${label}: "${name}" has AttributeType ${JSON.stringify(item.AttributeType ?? null)}; use "S" (string), "N" (number) or "B" (binary), the only types a key can have.`,
    );
    if (seen.has(name)) throw new Error(`${label}: "${name}" is defined twice.`);
    seen.add(name);
    return { AttributeName: name, AttributeType: type };
  });
}

/** A key schema: a HASH element first, then at most one RANGE element. */
export function cleanKeySchemaElements(
  value: unknown,
  label = KEY_SCHEMA_LABEL,
): KeySchemaElement[] {
  const example = KEY_SCHEMA_EXAMPLE;
  if (isBlank(value)) {
    throw new Error(`${label} is required. Use a JSON array such as ${example}`);
  }
  const elements = parseJsonArray(value, label, example);
  const schema = elements.map((raw, index) => {
    const item = element(raw, label, index, ["KeyType", "AttributeName"], example);
    const name = attributeName(item.AttributeName, label, index);
    const keyType = choice(
      item.KeyType,
      KEY_TYPES,
      () =>
        `${label}: "${name}" has KeyType ${JSON.stringify(item.KeyType ?? null)}; use "HASH" for the partition key or "RANGE" for the sort key.`,
    );
    return { KeyType: keyType, AttributeName: name };
  });
  const hashCount = schema.filter((k) => k.KeyType === "HASH").length;
  const rangeCount = schema.length - hashCount;
  if (hashCount !== 1) {
    throw new Error(
      `${label} must have exactly one HASH (partition key) element, not ${hashCount}. For example: ${example}`,
    );
  }
  if (rangeCount > 1) {
    throw new Error(
      `${label} may have at most one RANGE (sort key) element, not ${rangeCount}. For example: ${example}`,
    );
  }
  if (schema[0].KeyType !== "HASH") {
    throw new Error(
      `${label}: the HASH element must come first, then the RANGE element. For example: ${example}`,
    );
  }
  if (schema.length === 2 && schema[0].AttributeName === schema[1].AttributeName) {
    throw new Error(
      `${label}: "${schema[0].AttributeName}" cannot be both the partition key and the sort key.`,
    );
  }
  return schema;
}

function capacityUnits(value: unknown, label: string): number {
  const text = isBlank(value) ? "" : String(value).trim();
  const units = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(units) || units < 1) {
    throw new Error(
      `${label} must be a whole number of 1 or more when Billing Mode is PROVISIONED, not "${text}". For example: 5`,
    );
  }
  return units;
}

/** One global secondary index as given in an input, cleaned. */
export interface IndexInput {
  index: GlobalSecondaryIndex;
  /** Whether the user gave this index its own ProvisionedThroughput. */
  hasThroughput: boolean;
}

function cleanProjection(value: unknown, where: string): Projection {
  if (value === undefined) return { ProjectionType: "ALL" };
  const label = `${where} Projection`;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${label} must be an object such as {"ProjectionType":"ALL"}.`);
  }
  const { ProjectionType, NonKeyAttributes, ...rest } = value as JsonObject;
  const unknown = Object.keys(rest)[0];
  if (unknown) {
    throw new Error(
      `${label} has an unknown field "${unknown}"; use ProjectionType and NonKeyAttributes.`,
    );
  }
  const type = choice(
    ProjectionType ?? "ALL",
    PROJECTION_TYPES,
    () =>
      `${label}: ProjectionType must be "ALL", "KEYS_ONLY" or "INCLUDE", not ${JSON.stringify(ProjectionType)}.`,
  );
  if (type !== "INCLUDE") {
    if (NonKeyAttributes !== undefined) {
      throw new Error(`${label}: NonKeyAttributes is only allowed with ProjectionType "INCLUDE".`);
    }
    return { ProjectionType: type };
  }
  if (
    !Array.isArray(NonKeyAttributes) ||
    NonKeyAttributes.length === 0 ||
    !NonKeyAttributes.every((name) => typeof name === "string" && name.trim() !== "")
  ) {
    throw new Error(
      `${label}: with ProjectionType "INCLUDE", NonKeyAttributes must list the attribute names to copy, such as ["email","status"].`,
    );
  }
  return { ProjectionType: type, NonKeyAttributes: NonKeyAttributes as string[] };
}

function cleanIndexThroughput(value: unknown, where: string): ProvisionedThroughput | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(
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
  if (isBlank(value)) return undefined;
  const elements = parseJsonArray(value, label, GSI_EXAMPLE);
  if (elements.length > MAX_GSIS) {
    throw new Error(
      `${label}: a table can have at most ${MAX_GSIS} indexes, not ${elements.length}.`,
    );
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
    const name = validateName(
      `${label}: element ${index + 1} IndexName`,
      typeof item.IndexName === "string" ? item.IndexName.trim() : "",
      3,
      255,
    );
    if (names.has(name)) throw new Error(`${label}: index "${name}" appears twice.`);
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

/** Tags (optional): DynamoDB's tag rules, shared with Tag Resource (src/tags.ts). */
export const cleanTags = cleanTagList("Tags", false);

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
        throw new Error(
          `${label} uses "${name}", which ${ATTRIBUTE_DEFINITION_LABEL} does not define. Add it there with its type, such as {"AttributeName":"${name}","AttributeType":"S"}.`,
        );
      }
      used.add(name);
    }
  }
  for (const name of defined.keys()) {
    if (name !== undefined && !used.has(name)) {
      throw new Error(
        `${ATTRIBUTE_DEFINITION_LABEL} defines "${name}", which no key uses. Define only the attributes of the ${KEY_SCHEMA_LABEL} (and of index keys); other attributes need no definition.`,
      );
    }
  }
}

export const attributeDefinition = input({
  label: "Attribute Definition",
  type: "code",
  language: "json",
  required: true,
  default: DEFAULT_ATTRIBUTE_DEFINITION,
  comments: `A JSON array with the name and type of every attribute used in a key (the Key Schema and any index keys), and only those. Each object has an AttributeName and an AttributeType: S (string), N (number) or B (binary). See [DynamoDB data types](${DOCS}/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes).`,
  clean: cleanAttributeDefinitions,
});

export const keySchema = input({
  label: "Key Schema",
  type: "code",
  language: "json",
  required: true,
  default: DEFAULT_KEY_SCHEMA,
  comments: `A JSON array with the table's primary key: one object with KeyType HASH (the partition key) first, then optionally one with KeyType RANGE (the sort key). Each object has a KeyType and an AttributeName defined in Attribute Definition. Learn more about [key schemas](${DOCS}/HowItWorks.CoreComponents.html#HowItWorks.CoreComponents.PrimaryKey).`,
  clean: (value: unknown) => cleanKeySchemaElements(value),
});

export const billingMode = input({
  label: "Billing Mode",
  type: "string",
  required: false,
  default: "PROVISIONED",
  model: BILLING_MODES.map((mode) => ({ label: mode, value: mode })),
  comments: `PROVISIONED: you set the read and write capacity below. PAY_PER_REQUEST (on-demand): you pay per request and the capacity inputs are ignored. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
  clean: cleanChoice("Billing Mode", BILLING_MODES, "PROVISIONED"),
});

export const readCapacityUnits = input({
  label: "Read Capacity Units",
  type: "string",
  required: false,
  default: "5",
  comments: `The number of read capacity units, a whole number of 1 or more; used only with PROVISIONED billing. One unit = one strongly consistent read per second, or two eventually consistent reads per second, of an item up to 4 KB. Learn more about [read capacity](${DOCS}/ProvisionedThroughput.html).`,
  example: "5",
});

export const writeCapacityUnits = input({
  label: "Write Capacity Units",
  type: "string",
  required: false,
  default: "5",
  comments: `The number of write capacity units, a whole number of 1 or more; used only with PROVISIONED billing. One unit = one write per second of an item up to 1 KB; larger items consume more units. Learn more about [write capacity](${DOCS}/ProvisionedThroughput.html).`,
  example: "5",
});

export const globalSecondaryIndexes = input({
  label: "Global Secondary Indexes",
  type: "code",
  language: "json",
  required: false,
  comments: `Optional. A JSON array of global secondary indexes to create with the table. Each object has an IndexName, a KeySchema (like Key Schema), an optional Projection (default {"ProjectionType":"ALL"}) and, with PROVISIONED billing, an optional ProvisionedThroughput (default: the table's capacity). Index key attributes must be in Attribute Definition. Example: ${GSI_EXAMPLE}`,
  clean: (value: unknown) => cleanGlobalSecondaryIndexes(value),
});

export const streamViewType = input({
  label: "Stream View Type",
  type: "string",
  required: false,
  model: STREAM_VIEW_TYPES.map((type) => ({ label: type, value: type })),
  comments:
    "Optional. Enables a DynamoDB stream at creation with what each change record holds: NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY. Leave blank for no stream.",
  clean: cleanChoice("Stream View Type", STREAM_VIEW_TYPES),
});

export const tableClass = input({
  label: "Table Class",
  type: "string",
  required: false,
  model: TABLE_CLASSES.map((value) => ({ label: value, value })),
  comments:
    "Optional. STANDARD, or STANDARD_INFREQUENT_ACCESS for tables whose storage costs more than their throughput. Leave blank for STANDARD.",
  clean: cleanChoice("Table Class", TABLE_CLASSES),
});

export const deletionProtection = input({
  label: "Deletion Protection",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, the table cannot be deleted until deletion protection is turned off again (Update Table).",
  clean: cleanBoolean("Deletion Protection"),
});

export const tags = input({
  label: "Tags",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  comments: "Optional. Tags to put on the table, such as team → billing (up to 50).",
  clean: cleanTags,
});

export const waitUntilActive = input({
  label: "Wait Until Active",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, the step finishes only once the table is ACTIVE (up to 5 minutes), so the next step can write to it, and returns its ACTIVE description. When false, it returns at once with the table in the CREATING status.",
  clean: cleanBoolean("Wait Until Active"),
});

/**
 * DynamoDB refuses CreateTable with ResourceInUseException both when the table simply exists and
 * when one of that name is being created or deleted; "wait until it is ACTIVE" only fits the
 * second. Reads the table's status (one DescribeTable) and says which case it is. Any other error,
 * or a status that cannot be read, is returned unchanged.
 */
async function explainTableInUse(error: unknown, clients: AwsClients, table: string) {
  if (!(error instanceof Error) || error.name !== "ResourceInUseException") return error;
  let status: string | undefined;
  try {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
    status = Table?.TableStatus;
  } catch {
    return error;
  }
  if (!status) return error;
  const next =
    status === "ACTIVE"
      ? "Use it as it is, delete it first with Delete Table, or choose another Table Name."
      : status === "DELETING"
        ? "Create it again once the deletion has ended (Describe Table then finds no table)."
        : "Describe Table shows when it is ACTIVE.";
  const explained = new Error(
    `CreateTable failed on table "${table}" in region ${clients.region}: ResourceInUseException: the table already exists (status ${status}). ${next}`,
  );
  explained.name = error.name;
  (explained as Error & { cause?: unknown }).cause = error;
  return explained;
}

export const createTable = action({
  display: {
    label: "Create Table",
    description: "Create a new DynamoDB Table",
  },
  inputs: {
    awsRegion,
    tableName,
    attributeDefinition,
    keySchema,
    billingMode,
    readCapacityUnits,
    writeCapacityUnits,
    awsConnection: connectionInput,
    globalSecondaryIndexes,
    streamViewType,
    tableClass,
    deletionProtection,
    tags,
    waitUntilActive,
  },
  perform: async (invocation, params) => {
    const table = params.tableName;
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
        throw new Error(
          `${GSI_LABEL}: index "${index.IndexName}" has a ProvisionedThroughput, but Billing Mode is PAY_PER_REQUEST. Remove it, or use PROVISIONED billing.`,
        );
      }
      return throughput && !hasThroughput ? { ...index, ProvisionedThroughput: throughput } : index;
    });

    const command: CreateTableCommandInput = {
      TableName: table,
      AttributeDefinitions: params.attributeDefinition,
      KeySchema: params.keySchema,
      BillingMode: params.billingMode,
      ...(throughput ? { ProvisionedThroughput: throughput } : {}),
      ...(globalIndexes.length > 0 ? { GlobalSecondaryIndexes: globalIndexes } : {}),
      ...(params.streamViewType
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: params.streamViewType } }
        : {}),
      ...(params.tableClass ? { TableClass: params.tableClass } : {}),
      ...(params.deletionProtection ? { DeletionProtectionEnabled: true } : {}),
      ...(params.tags ? { Tags: params.tags } : {}),
    };

    const clients = getClients(
      params.awsConnection,
      params.awsRegion,
      invocationOptions(invocation),
    );
    const context = {
      operation: "CreateTable",
      table,
      region: clients.region,
      connection: params.awsConnection,
    };
    const { TableDescription } = await callAws(context, () =>
      clients.dynamodb.send(new CreateTableCommand(command)),
    ).catch(async (error: unknown) => {
      throw await explainTableInUse(error, clients, table);
    });
    return tableChangeOutput(
      clients,
      table,
      TableDescription,
      context,
      params.waitUntilActive ? "active" : undefined,
    );
  },
  outputSchema: tableOutput(
    "The new table's description: TableStatus is CREATING, or ACTIVE with Wait Until Active.",
  ),
  examplePayload: {
    data: { table: { ...EXAMPLE_TABLE, TableStatus: "CREATING", ItemCount: 0, TableSizeBytes: 0 } },
  },
});

export default createTable;

import type {
  AttributeDefinition,
  CreateGlobalSecondaryIndexAction,
  KeySchemaElement,
  TableDescription,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  describeTableNow,
  exampleIndexChange,
  indexNameInput,
  indexOutput,
  updateIndex,
} from "../../engines/indexes";
import { InputError } from "../../errors/inputError";
import {
  capacityPair,
  checkGoesWithChoice,
  choiceInput,
  cleanChoice,
  cleanInteger,
  cleanRequiredString,
  cleanText,
  DOCS,
  isBlank,
  tableStepInputs,
  waitInput,
} from "../../inputs";
import { READ_LABEL, WRITE_LABEL } from "../../inputs/labels";

const KEY_TYPES = ["S", "N", "B"] as const;
const PROJECTION_TYPES = ["ALL", "KEYS_ONLY", "INCLUDE"] as const;
const PARTITION_LABEL = "Partition Key Name";
const SORT_LABEL = "Sort Key Name";
const PROJECTION_LABEL = "Projection Type";
const NON_KEY_LABEL = "Non-Key Attributes";
/** DynamoDB's limits: key attribute names 1 to 255 characters; at most 100 projected non-key attributes per table. */
const MAX_ATTRIBUTE_NAME = 255;
const MAX_NON_KEY_ATTRIBUTES = 100;

function cleanAttributeName(label: string, required: boolean) {
  return (value: unknown): string | undefined => {
    if (!isBlank(value) && typeof value === "object") {
      throw new InputError(
        label,
        "invalidValue",
        `${label} must be an attribute name as text, such as email.`,
      );
    }
    const name = required ? cleanRequiredString(label, "email")(value) : cleanText(label)(value);
    if (name !== undefined && name.length > MAX_ATTRIBUTE_NAME) {
      throw new InputError(
        label,
        "invalidValue",
        `${label} must be 1 to ${MAX_ATTRIBUTE_NAME} characters, not ${name.length}.`,
      );
    }
    return name;
  };
}

function cleanNonKeyAttributes(value: unknown): string[] | undefined {
  if (isBlank(value) && !Array.isArray(value)) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  list.forEach((entry, index) => {
    const name = cleanAttributeName(`${NON_KEY_LABEL}: entry ${index + 1}`, true)(entry) as string;
    if (names.includes(name))
      throw new InputError(
        NON_KEY_LABEL,
        "invalidValue",
        `${NON_KEY_LABEL}: "${name}" appears twice.`,
      );
    names.push(name);
  });
  if (names.length > MAX_NON_KEY_ATTRIBUTES) {
    throw new InputError(
      NON_KEY_LABEL,
      "invalidValue",
      `${NON_KEY_LABEL}: at most ${MAX_NON_KEY_ATTRIBUTES} attributes, not ${names.length}.`,
    );
  }
  return names.length > 0 ? names : undefined;
}

const keyType = (label: string) =>
  input({
    label,
    type: "string",
    required: false,
    default: "S",
    model: KEY_TYPES.map((type) => ({ label: type, value: type })),
    comments: `The key attribute's type: S (string), N (number) or B (binary). If the table already defines the attribute, it must be the same type.`,
    clean: cleanChoice(label, KEY_TYPES, "S"),
  });

export const createGlobalSecondaryIndex = action({
  display: {
    label: "Create Global Secondary Index",
    description: "Add a global secondary index to an existing DynamoDB table",
  },
  inputs: {
    ...tableStepInputs,
    indexName: indexNameInput(
      "The new index's name: 3 to 255 characters from a-z, A-Z, 0-9, underscore (_), hyphen (-) and dot (.), unique among the table's indexes.",
    ),
    partitionKeyName: input({
      label: PARTITION_LABEL,
      type: "string",
      required: true,
      example: "email",
      comments: "The attribute the index is partitioned by (its hash key).",
      clean: cleanAttributeName(PARTITION_LABEL, true),
    }),
    partitionKeyType: keyType("Partition Key Type"),
    sortKeyName: input({
      label: SORT_LABEL,
      type: "string",
      required: false,
      example: "createdAt",
      comments: "Optional. The attribute the index sorts by within a partition (its range key).",
      clean: cleanAttributeName(SORT_LABEL, false),
    }),
    sortKeyType: keyType("Sort Key Type"),
    projectionType: choiceInput({
      label: PROJECTION_LABEL,
      choices: PROJECTION_TYPES,
      default: "ALL",
      comments: `Which attributes the index copies: ALL, KEYS_ONLY (the table's and the index's keys), or INCLUDE (the keys and the Non-Key Attributes). Learn more about [projections](${DOCS}/GSI.html#GSI.Projections).`,
    }),
    nonKeyAttributes: input({
      label: NON_KEY_LABEL,
      type: "string",
      collection: "valuelist",
      required: false,
      comments:
        "With Projection Type INCLUDE: the other attributes the index copies, such as name.",
      clean: cleanNonKeyAttributes,
    }),
    readCapacityUnits: input({
      label: READ_LABEL,
      type: "string",
      required: false,
      example: "5",
      comments:
        "Optional, for a PROVISIONED table: the index's read capacity units (give Write Capacity Units too). Leave blank to give it the table's. Must be blank for an on-demand table.",
      clean: cleanInteger(READ_LABEL, 1),
    }),
    writeCapacityUnits: input({
      label: WRITE_LABEL,
      type: "string",
      required: false,
      example: "5",
      comments:
        "Optional, for a PROVISIONED table: the index's write capacity units (give Read Capacity Units too). Leave blank to give it the table's.",
      clean: cleanInteger(WRITE_LABEL, 1),
    }),
    waitUntilActive: waitInput(
      "Wait Until Active",
      "When true, the step finishes only once the index is ACTIVE and backfilled (up to 5 minutes), so a following step can query it. When false, it returns at once, with the index CREATING.",
    ),
  },
  perform: async (invocation, params) => {
    const keys = indexKeys(params);
    const step = connect(invocation, params);
    const { clients } = step;
    const context = step.context("UpdateTable");
    const table = await describeTableNow(clients, params.tableName, context);
    const command = {
      TableName: params.tableName,
      AttributeDefinitions: mergeDefinitions(table, keys),
      GlobalSecondaryIndexUpdates: [{ Create: indexToCreate(params, keys, table) }],
    };
    const wait = params.waitUntilActive ? "active" : undefined;
    return { data: await updateIndex(clients, command, params.indexName, context, wait) };
  },
  outputSchema: indexOutput(
    "The new index's description: IndexStatus is CREATING (and Backfilling true) while DynamoDB builds it, ACTIVE with Wait Until Active; null if DynamoDB did not list it yet.",
  ),
  examplePayload: exampleIndexChange(EXAMPLE_INDEX_CREATING()),
});

interface KeyPart {
  name: string;
  type: (typeof KEY_TYPES)[number];
  role: "HASH" | "RANGE";
}

interface IndexParams {
  tableName: string;
  indexName: string;
  partitionKeyName?: string;
  partitionKeyType?: KeyPart["type"];
  sortKeyName?: string;
  sortKeyType?: KeyPart["type"];
  projectionType?: (typeof PROJECTION_TYPES)[number];
  nonKeyAttributes?: string[];
  readCapacityUnits?: number;
  writeCapacityUnits?: number;
}

/** The index's key attributes; the checks that need no request (names, projection, capacity). */
function indexKeys(params: IndexParams): KeyPart[] {
  const partition = params.partitionKeyName as string;
  if (params.sortKeyName === partition) {
    throw new InputError(
      SORT_LABEL,
      "invalidValue",
      `${SORT_LABEL} must differ from ${PARTITION_LABEL} ("${partition}").`,
    );
  }
  // Sort Key Type defaults to S, so only another type shows that one was chosen.
  if (!params.sortKeyName && params.sortKeyType !== undefined && params.sortKeyType !== "S") {
    throw new Error(
      `Sort Key Type ${params.sortKeyType} was given without a ${SORT_LABEL}: give the ${SORT_LABEL} too, or reset Sort Key Type (the index then has no sort key).`,
    );
  }
  checkGoesWithChoice(
    params.projectionType === "INCLUDE",
    params.nonKeyAttributes !== undefined,
    NON_KEY_LABEL,
    {
      needs: `${PROJECTION_LABEL} INCLUDE needs ${NON_KEY_LABEL}: the attributes to copy, such as name.`,
      onlyWith: `${NON_KEY_LABEL} are used only with ${PROJECTION_LABEL} INCLUDE; choose it, or clear them.`,
    },
  );
  capacityPair(
    params.readCapacityUnits,
    params.writeCapacityUnits,
    { read: READ_LABEL, write: WRITE_LABEL },
    { neither: "Without them the index gets the table's." },
  );
  return [
    { name: partition, type: params.partitionKeyType ?? "S", role: "HASH" },
    ...(params.sortKeyName
      ? [{ name: params.sortKeyName, type: params.sortKeyType ?? "S", role: "RANGE" as const }]
      : []),
  ];
}

/**
 * The Create of GlobalSecondaryIndexUpdates. Checks against the table: the name is not one of its
 * indexes; capacity only on a provisioned table, where a blank capacity is the table's.
 */
function indexToCreate(
  params: IndexParams,
  keys: KeyPart[],
  table: TableDescription,
): CreateGlobalSecondaryIndexAction {
  const name = params.indexName;
  const taken = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])];
  if (taken.some((index) => index.IndexName === name)) {
    throw new InputError(
      "Index Name",
      "conflict",
      `Index Name "${name}" is already an index of table "${params.tableName}"; choose another name.`,
    );
  }
  const provisioned = isProvisioned(table);
  if (!provisioned && params.readCapacityUnits !== undefined) {
    throw new InputError(
      READ_LABEL,
      "invalidValue",
      `${READ_LABEL} and ${WRITE_LABEL} must be blank: table "${params.tableName}" is on-demand (PAY_PER_REQUEST), so its indexes have no provisioned capacity.`,
    );
  }
  const include = params.projectionType === "INCLUDE";
  return {
    IndexName: name,
    KeySchema: keys.map(
      ({ name, role }): KeySchemaElement => ({ AttributeName: name, KeyType: role }),
    ),
    Projection: {
      ProjectionType: params.projectionType ?? "ALL",
      ...(include ? { NonKeyAttributes: params.nonKeyAttributes } : {}),
    },
    ...(provisioned
      ? {
          ProvisionedThroughput: {
            ReadCapacityUnits:
              params.readCapacityUnits ?? table.ProvisionedThroughput?.ReadCapacityUnits,
            WriteCapacityUnits:
              params.writeCapacityUnits ?? table.ProvisionedThroughput?.WriteCapacityUnits,
          },
        }
      : {}),
  };
}

/** A table with provisioned capacity: its billing mode says so, or (never switched) it has capacity. */
function isProvisioned(table: TableDescription): boolean {
  const mode = table.BillingModeSummary?.BillingMode;
  if (mode) return mode === "PROVISIONED";
  return (table.ProvisionedThroughput?.ReadCapacityUnits ?? 0) > 0;
}

/**
 * The table's attribute definitions plus the new index's key attributes. An attribute the table
 * already defines keeps its one type: another type for it is an error naming the input.
 */
function mergeDefinitions(table: TableDescription, keys: KeyPart[]): AttributeDefinition[] {
  const merged = [...(table.AttributeDefinitions ?? [])];
  for (const { name, type, role } of keys) {
    const existing = merged.find((definition) => definition.AttributeName === name);
    if (existing && existing.AttributeType !== type) {
      const label = role === "HASH" ? "Partition Key Type" : "Sort Key Type";
      throw new InputError(
        label,
        "invalidValue",
        `${label} is ${type}, but table "${table.TableName}" defines "${name}" as ${existing.AttributeType}; an attribute has one type. Choose ${existing.AttributeType}.`,
      );
    }
    if (!existing) merged.push({ AttributeName: name, AttributeType: type });
  }
  return merged;
}

/** The byEmail index of the examples, as DynamoDB lists it right after the request. */
function EXAMPLE_INDEX_CREATING() {
  return {
    IndexName: "byEmail",
    KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
    Projection: { ProjectionType: "ALL" },
    IndexStatus: "CREATING",
    Backfilling: false,
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    },
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/index/byEmail",
  };
}

export default createGlobalSecondaryIndex;

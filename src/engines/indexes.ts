import {
  type AttributeDefinition,
  type CreateGlobalSecondaryIndexAction,
  DescribeTableCommand,
  type GlobalSecondaryIndexDescription,
  type KeySchemaElement,
  type TableDescription,
  UpdateTableCommand,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { Step } from "../aws/invocation";
import { InputError } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import {
  capacityPair,
  checkGoesWithChoice,
  type INDEX_KEY_TYPES,
  INDEX_LABEL,
  NON_KEY_LABEL,
  PARTITION_LABEL,
  PROJECTION_LABEL,
  type PROJECTION_TYPES,
  READ_LABEL,
  SORT_LABEL,
  WRITE_LABEL,
} from "../inputs";
import { checkedTable, forgetTableKeys } from "./keySchema";
import { pollTable, WAIT_LIMIT_SECONDS } from "./tables";

/*
 * The DynamoDB work of Create and Delete Global Secondary Index: a fresh read of the table (its
 * definitions, billing and indexes change with these very actions, so the cached key schema is
 * not enough, and is dropped after a change), their UpdateTable requests, and waiting for the
 * index.
 */

/** The table's current description (DescribeTable, not cached); an action error if it fails. */
export async function describeTableNow(step: Step): Promise<TableDescription> {
  const answer = await step.send(
    "DescribeTable",
    new DescribeTableCommand({ TableName: step.table }),
  );
  const Table = checkedTable(answer.Table);
  if (!Table) {
    throw new StepError(
      "incompleteAnswer",
      `DescribeTable gave no description of table "${step.table}".`,
    );
  }
  return Table;
}

/** A global secondary index of a table description, by name. */
export function findIndex(
  table: TableDescription | undefined,
  name: string,
): GlobalSecondaryIndexDescription | undefined {
  return table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === name);
}

/** The names of a table's global secondary indexes, for messages. */
function indexNames(table: TableDescription): string {
  const names = (table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName);
  return names.length > 0 ? names.join(", ") : "none";
}

/** One key attribute of the new index. */
export interface IndexKeyPart {
  name: string;
  type: (typeof INDEX_KEY_TYPES)[number];
  role: "HASH" | "RANGE";
}

/** Create Global Secondary Index's inputs, cleaned. */
export interface CreateIndexParams {
  tableName: string;
  indexName: string;
  partitionKeyName?: string;
  partitionKeyType?: IndexKeyPart["type"];
  sortKeyName?: string;
  sortKeyType?: IndexKeyPart["type"];
  projectionType?: (typeof PROJECTION_TYPES)[number];
  nonKeyAttributes?: string[];
  readCapacityUnits?: number;
  writeCapacityUnits?: number;
}

/**
 * The new index's key attributes, after the checks that need no request (names, projection,
 * capacity). Throws an InputError naming the inputs.
 */
export function indexKeys(params: CreateIndexParams): IndexKeyPart[] {
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
    throw new InputError(
      "Sort Key Type",
      "conflict",
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
 * The UpdateTable request that creates the index with `keys` (from indexKeys) on `table` (its
 * current description): the table's attribute definitions plus the index's keys, and the Create
 * of GlobalSecondaryIndexUpdates. Throws an InputError naming the input when the name is taken,
 * capacity is given for an on-demand table, or a key attribute has another type in the table.
 */
export function createGlobalSecondaryIndexRequest(
  params: CreateIndexParams,
  keys: IndexKeyPart[],
  table: TableDescription,
): UpdateTableCommandInput & { TableName: string } {
  return {
    TableName: params.tableName,
    AttributeDefinitions: mergeDefinitions(table, keys),
    GlobalSecondaryIndexUpdates: [{ Create: indexToCreate(params, keys, table) }],
  };
}

/**
 * The UpdateTable request that deletes the global secondary index Index Name of `table` (its
 * current description). Throws an InputError when the table has no such global index (a local
 * one is said as such: DynamoDB deletes those only with the table).
 */
export function deleteGlobalSecondaryIndexRequest(
  params: { tableName: string; indexName: string },
  table: TableDescription,
): UpdateTableCommandInput & { TableName: string } {
  if (!findIndex(table, params.indexName)) {
    const local = table.LocalSecondaryIndexes?.some((i) => i.IndexName === params.indexName);
    throw new InputError(
      INDEX_LABEL,
      "invalidValue",
      local
        ? `Index Name "${params.indexName}" is a local secondary index of table "${params.tableName}"; DynamoDB deletes those only with the table.`
        : `Index Name "${params.indexName}" is not a global secondary index of table "${params.tableName}" (its global secondary indexes: ${indexNames(table)}).`,
    );
  }
  return {
    TableName: params.tableName,
    GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: params.indexName } }],
  };
}

/**
 * The Create of GlobalSecondaryIndexUpdates. Checks against the table: the name is not one of its
 * indexes; capacity only on a provisioned table, where a blank capacity is the table's.
 */
function indexToCreate(
  params: CreateIndexParams,
  keys: IndexKeyPart[],
  table: TableDescription,
): CreateGlobalSecondaryIndexAction {
  const name = params.indexName;
  const taken = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])];
  if (taken.some((index) => index.IndexName === name)) {
    throw new InputError(
      INDEX_LABEL,
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
function mergeDefinitions(table: TableDescription, keys: IndexKeyPart[]): AttributeDefinition[] {
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

/**
 * Sends the UpdateTable that creates or deletes `index` (step.call: its failure is an action
 * error), then drops the table's cached key schema, so reads that page through the index learn
 * its keys; then, when asked, polls DescribeTable every 0.5 to 5 s for up to WAIT_LIMIT_SECONDS
 * until the index is ACTIVE (not backfilling) or gone. Returns the table's last description.
 * Throws, once the time is up, an Error saying the change goes on in the background.
 */
export async function updateIndex(
  step: Step,
  request: UpdateTableCommandInput & { TableName: string },
  index: string,
  waitUntil?: "active" | "deleted",
): Promise<TableDescription | undefined> {
  const table = request.TableName;
  const { TableDescription: first } = await step.send(
    "UpdateTable",
    new UpdateTableCommand(request),
  );
  forgetTableKeys(step.clients, table);
  if (!waitUntil) return first;
  const what = waitUntil === "active" ? "ACTIVE" : "deleted";
  return pollTable(
    step.clients,
    table,
    step.context(`UpdateTable (waiting until ${what})`),
    (description) => {
      const found = findIndex(description, index);
      const done =
        waitUntil === "active"
          ? found?.IndexStatus === "ACTIVE" && !found.Backfilling
          : description !== undefined && !found;
      return done ? { done: true, result: description } : undefined;
    },
    (description) => {
      const found = findIndex(description, index);
      if (!found) return "not visible yet";
      return found.Backfilling ? `${found.IndexStatus} (backfilling)` : String(found.IndexStatus);
    },
    `index "${index}" of table "${table}"`,
    WAIT_LIMIT_SECONDS,
  );
}

/**
 * The requests of the four item actions (Get, Upsert, Update and Delete Item), built by pure
 * functions: no client, no await. The key comes from readItemKey and the item from itemForTable,
 * so every value already has the type the table declares; itemCalls.ts sends them.
 */
import type {
  AttributeValue,
  DeleteItemCommandInput,
  GetItemCommandInput,
  PutItemCommandInput,
  UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import {
  checkItemForWrite,
  checkPlaceholders,
  cleanExpressionValues,
  EXPRESSION_VALUE_LABELS,
  exactlyOneOf,
  fail,
  type GivenItem,
  NAMES_LABEL,
  type ReturnValue,
} from "../inputs";
import type { AttributeMap } from "../values";
import { type KeySchema, keySchemaOf, type TableKeys } from "./keySchema";
import {
  checkIndexKeyAssignments,
  checkIndexKeys,
  checkTableKey,
  indexKeyAttributes,
  indexKeyValuesOf,
  keyOf,
} from "./keyValues";
import { buildUpdateFromJson, parseUpdateJson } from "./updateJson";
import {
  checkVersionUntouched,
  type VersionLock,
  versionedItem,
  versionedPatch,
  versionLock,
  withVersionCondition,
} from "./versioning";

/** The condition parts of a write: conditionParameters of src/inputs, checked. */
export interface WriteCondition {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  ReturnValues?: ReturnValue;
}

/** GetItem for one key, with the read's options as Get Item's inputs give them. */
export function getItemRequest(
  table: string,
  key: AttributeMap,
  read: {
    consistentRead?: boolean;
    projectionExpression?: string;
    expressionAttributeNames?: Record<string, string>;
  },
): GetItemCommandInput {
  return {
    TableName: table,
    Key: key,
    ConsistentRead: read.consistentRead || undefined,
    ProjectionExpression: read.projectionExpression,
    ExpressionAttributeNames: read.expressionAttributeNames,
  };
}

/** DeleteItem for one key, with the user's condition. */
export function deleteItemRequest(
  table: string,
  key: AttributeMap,
  condition: WriteCondition,
): DeleteItemCommandInput {
  return { TableName: table, Key: key, ...condition };
}

/** PutItem of an item, with the user's condition and the version check (withVersionCondition). */
export function putItemRequest(
  table: string,
  item: AttributeMap,
  condition: WriteCondition,
  lock: VersionLock | undefined,
): PutItemCommandInput {
  return withVersionCondition(lock, { TableName: table, Item: item, ...condition });
}

/**
 * The item as the table stores it: the key attributes of the table and of its indexes in the
 * types DescribeTable declares. Item JSON's plain values are converted (a number Get Item gave as
 * text becomes a number for an N key, base64 text bytes for a B key: toKeyValue); Value's typed
 * ones must already have those types. Either way a mismatch is an InputError before PutItem.
 */
function itemForTable(given: GivenItem, schema: KeySchema, keys: TableKeys): AttributeMap {
  const { item, label, plain } = given;
  if (plain) {
    return checkItemForWrite(
      { ...item, ...indexKeyValuesOf(plain, keys, label), ...keyOf(plain, schema, label) },
      label,
    );
  }
  checkTableKey(item, schema, label);
  checkIndexKeys(item, indexKeyAttributes(keys), label);
  return item;
}

/**
 * Upsert Item's item as written: converted for the table (itemForTable) and, with optimistic
 * locking, holding the next version (versionedItem). Throws an InputError naming the item's input.
 */
export function itemToPut(
  given: GivenItem,
  keys: TableKeys,
  table: string,
  lock: VersionLock | undefined,
): AttributeMap {
  return versionedItem(lock, itemForTable(given, keySchemaOf(keys, table), keys), given.label);
}

/** Update Item's update, read from its inputs and checked before anything is sent. */
export interface ItemUpdate {
  lock?: VersionLock;
  /** Update JSON without the version attribute; undefined when an Update Expression is given. */
  patch?: Record<string, unknown>;
  expression?: string;
  condition?: string;
  names?: Record<string, string>;
  values: Record<string, AttributeValue>;
  /** The placeholders the user's names and values take: Update JSON's generated ones skip them. */
  reserved: string[];
  returnValues: ReturnValue;
}

/**
 * Update Item's inputs as one update: exactly one of Update Expression and Update JSON, the
 * version attribute left to the lock, and every placeholder used. Throws an InputError naming
 * the input at fault.
 */
export function readItemUpdate(params: {
  query?: string;
  updateJson?: unknown;
  conditionExpression?: string;
  queryParams: unknown;
  queryParamTypes: unknown;
  expressionAttributeNames?: Record<string, string>;
  returnValues: ReturnValue;
  versionAttribute?: string;
  expectedVersion?: string;
}): ItemUpdate {
  // Optimistic locking (src/engines/versioning.ts): the version is not part of the user's update.
  const lock = versionLock(params);
  checkVersionUntouched(lock, params.query, params.expressionAttributeNames);
  const patch = versionedPatch(lock, parseUpdateJson(params.updateJson), "Update JSON");
  exactlyOneOf(
    [
      { label: "Update Expression", given: params.query !== undefined },
      { label: "Update JSON", given: patch !== undefined },
    ],
    {
      both: "Give either an Update Expression or Update JSON, not both. Clear the Update Expression to use Update JSON.",
      none: 'Update Expression or Update JSON is required: give an Update Expression such as SET #status = :status (with Expression Attribute Values and Names), or Update JSON such as {"status": "done"}.',
    },
  );
  const names = params.expressionAttributeNames;
  const values = cleanExpressionValues(params.queryParams, params.queryParamTypes);
  const reserved = [...Object.keys(names ?? {}), ...Object.keys(values)];
  if (patch && reserved.length > 0 && !params.conditionExpression) {
    // Update JSON brings its own names and values; the user's would be unused, which DynamoDB refuses.
    fail(
      names ? NAMES_LABEL : EXPRESSION_VALUE_LABELS.values,
      "unusedPlaceholder",
      "With Update JSON, Expression Attribute Values and Expression Attribute Names are only used by the Condition Expression, which is blank. Fill in the Condition Expression or clear them.",
    );
  }
  const expression = patch ? undefined : params.query;
  checkPlaceholders({
    expressions: {
      "Update Expression": expression,
      "Condition Expression": params.conditionExpression,
    },
    names,
    values,
  });
  const { conditionExpression: condition, returnValues } = params;
  return { lock, patch, expression, condition, names, values, reserved, returnValues };
}

/**
 * An Update Expression that sets an index key attribute to a value of another type than the table
 * declares is an InputError on Expression Attribute Value Types (checkIndexKeyAssignments).
 * Update JSON's values are converted instead (updateItemRequest).
 */
export function checkUpdateIndexKeys(update: ItemUpdate, tableKeys: TableKeys): void {
  if (update.patch) return;
  const { expression, names, values } = update;
  checkIndexKeyAssignments(expression, names, values, tableKeys, EXPRESSION_VALUE_LABELS.types);
}

/**
 * UpdateItem for one key: the Update Expression as given, or the one generated from Update JSON
 * for this key and the table's index key types (buildUpdateFromJson), with the user's condition
 * and the version check (withVersionCondition). Throws an InputError for a patch that cannot be
 * applied to this item.
 */
export function updateItemRequest(
  table: string,
  key: AttributeMap,
  update: ItemUpdate,
  tableKeys: TableKeys,
): UpdateItemCommandInput {
  const { patch, reserved } = update;
  const generated = patch ? buildUpdateFromJson(patch, { reserved, key, tableKeys }) : undefined;
  const names = { ...update.names, ...generated?.ExpressionAttributeNames };
  const values = { ...update.values, ...generated?.ExpressionAttributeValues };
  return withVersionCondition(update.lock, {
    TableName: table,
    Key: key,
    UpdateExpression: generated?.UpdateExpression ?? update.expression,
    ConditionExpression: update.condition,
    ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
    ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
    ReturnValues: update.returnValues === "NONE" ? undefined : update.returnValues,
  });
}

/**
 * The entries of the transaction actions' list inputs, cleaned one by one before anything is
 * sent: Transact Write Items' Operations (put, update, delete, conditionCheck) and Transact Get
 * Items' Items to Get; and the Client Request Token that Transact Write Items and Execute
 * Transaction share. Checks across entries (one item twice) and by the tables' key schemas are
 * in engines/transactions.ts.
 */
import type { AttributeValue, TransactGetItem, TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { input } from "@prismatic-io/spectral";
import { cut, fail } from "../errors/inputError";
import { plainToMap } from "../values/items";
import { isPlainObject } from "../values/json";
import { checkItemForWrite } from "../values/limits";
import { plainToAttributeValue } from "../values/plain";
import type { AttributeMap } from "../values/types";
import { cleanKey, cleanTable, entryFields, optionalExpression } from "./entries";
import { checkPlaceholderKey, checkPlaceholders, cleanAttributeNames } from "./placeholders";
import { cleanChoice, cleanText } from "./scalars";

export const OPERATIONS_LABEL = "Operations";
const TOKEN_LABEL = "Client Request Token";

/** Transact Write Items' example Operations: one of each kind. */
export const OPERATIONS_EXAMPLE = `[
  {"put": {"tableName": "Orders", "item": {"id": 1, "status": "new"}, "conditionExpression": "attribute_not_exists(id)"}},
  {"update": {"tableName": "Stock", "key": {"sku": "A1"}, "updateExpression": "SET #q = #q - :n", "conditionExpression": "#q >= :n", "expressionAttributeNames": {"#q": "qty"}, "expressionAttributeValues": {":n": 1}}},
  {"delete": {"tableName": "Carts", "key": {"id": 7}}},
  {"conditionCheck": {"tableName": "Users", "key": {"id": 9}, "conditionExpression": "attribute_exists(id)"}}
]`;

export type OperationKind = "put" | "update" | "delete" | "conditionCheck";

/** ReturnValuesOnConditionCheckFailure's choices (TransactWriteItems, ExecuteTransaction, BatchExecuteStatement). */
export const RETURN_ON_FAILURE = ["NONE", "ALL_OLD"] as const;
export type ReturnOnFailure = (typeof RETURN_ON_FAILURE)[number];

const COMMON_OPTIONAL = [
  "conditionExpression",
  "expressionAttributeNames",
  "expressionAttributeValues",
  "returnValuesOnConditionCheckFailure",
];

/** The fields each kind of operation takes (camelCase; PascalCase is accepted and normalised). */
const FIELDS: Record<OperationKind, { required: string[]; optional: string[] }> = {
  put: { required: ["tableName", "item"], optional: COMMON_OPTIONAL },
  update: { required: ["tableName", "key", "updateExpression"], optional: COMMON_OPTIONAL },
  delete: { required: ["tableName", "key"], optional: COMMON_OPTIONAL },
  conditionCheck: {
    required: ["tableName", "key", "conditionExpression"],
    optional: COMMON_OPTIONAL.filter((field) => field !== "conditionExpression"),
  },
};

const KINDS = Object.keys(FIELDS) as OperationKind[];

type JsonObject = Record<string, unknown>;

const KINDS_TEXT = "put, update, delete or conditionCheck";

/** An entry's expressionAttributeValues: a JSON object of ":placeholder" -> plain value. */
function cleanValues(value: unknown, where: string): Record<string, AttributeValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    fail(where, "wrongKind", `${where} must be a JSON object of plain values such as {":n": 1}.`);
  }
  const values: Record<string, AttributeValue> = {};
  for (const placeholder of Object.keys(value)) {
    checkPlaceholderKey(":", placeholder, where, where, ":n");
    values[placeholder] = plainToAttributeValue(value[placeholder], `${where}["${placeholder}"]`);
  }
  return Object.keys(values).length > 0 ? values : undefined;
}

/** One validated operation of the transaction, with what messages need to name it. */
export interface TransactOperation {
  kind: OperationKind;
  table: string;
  request: TransactWriteItem;
  /** The item's key where the operation names it (everything but put). */
  key?: AttributeMap;
  /** The whole item, for put. */
  item?: AttributeMap;
  /** The key or item as given (plain JSON), to convert by the table's key types once read. */
  plain: Record<string, unknown>;
  /** Where the key or item is, for messages: "Operations[1].update.key". */
  where: string;
}

/** The kind of an Operations entry ({"put": {...}}, or the AWS spelling) and its body. */
function operationKind(raw: unknown, at: string): { kind: OperationKind; body: JsonObject } {
  if (!isPlainObject(raw)) {
    fail(
      at,
      "wrongKind",
      `${at} must be an object with one of ${KINDS_TEXT}, such as {"delete": {"tableName": "Carts", "key": {"id": 7}}}.`,
    );
  }
  const fields = Object.keys(raw);
  const kind = fields.length === 1 ? KINDS.find((name) => name === camel(fields[0])) : undefined;
  if (!kind) {
    const given =
      fields.length === 0 ? "nothing" : fields.map((field) => `"${cut(field)}"`).join(", ");
    fail(
      at,
      "invalidValue",
      `${at} must have exactly one of ${KINDS_TEXT} (or Put, Update, Delete, ConditionCheck), not ${given}.`,
    );
  }
  const where = `${at}.${kind}`;
  const body = raw[fields[0]];
  if (!isPlainObject(body)) {
    fail(
      where,
      "wrongKind",
      `${where} must be an object with ${FIELDS[kind].required.join(", ")}.`,
    );
  }
  return { kind, body };
}

/** "TableName" -> "tableName" (the kind keys are spelled either way too). */
function camel(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** What every kind of operation may set besides its key or item, checked together. */
function commonParts(
  kind: OperationKind,
  spec: JsonObject,
  where: string,
  defaultReturn: ReturnOnFailure | undefined,
) {
  const table = cleanTable(spec.tableName, `${where}.tableName`);
  const names = cleanAttributeNames(
    spec.expressionAttributeNames,
    where,
    `${where}.expressionAttributeNames`,
  );
  const values = cleanValues(spec.expressionAttributeValues, `${where}.expressionAttributeValues`);
  const condition = optionalExpression(spec.conditionExpression, `${where}.conditionExpression`);
  const update =
    kind === "update"
      ? optionalExpression(spec.updateExpression, `${where}.updateExpression`)
      : undefined;
  checkPlaceholders({
    expressions: { updateExpression: update, conditionExpression: condition },
    names,
    values,
    namesLabel: "expressionAttributeNames",
    valuesLabel: "expressionAttributeValues",
    within: where,
  });
  const ownReturn = cleanChoice(
    `${where}.returnValuesOnConditionCheckFailure`,
    RETURN_ON_FAILURE,
  )(spec.returnValuesOnConditionCheckFailure);
  // Only a conditional operation can fail its condition; elsewhere the setting would mean nothing.
  const returnOnFailure = ownReturn ?? (condition ? defaultReturn : undefined);
  const common = {
    TableName: table,
    ...(condition ? { ConditionExpression: condition } : {}),
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
    ...(returnOnFailure ? { ReturnValuesOnConditionCheckFailure: returnOnFailure } : {}),
  };
  return { table, condition, update, common };
}

/** A put's item: a non-empty JSON object, writable as every item (see checkItemForWrite). */
function putItem(value: unknown, where: string): AttributeMap {
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    fail(
      where,
      "wrongKind",
      `${where}.item must be a JSON object with the item's attributes, such as {"id": 1, "status": "new"}.`,
    );
  }
  return checkItemForWrite(plainToMap(value, `${where}.item`), `${where}.item`);
}

/**
 * One entry of Operations, checked on its own: its kind, table, key or item and expressions,
 * with `defaultReturn` (Return Values On Condition Check Failure) on a conditional operation
 * that sets none. Throws an InputError naming the entry, such as `Operations[1].update.key`.
 */
export function cleanOperation(
  raw: unknown,
  index: number,
  defaultReturn: ReturnOnFailure | undefined,
): TransactOperation {
  const at = `${OPERATIONS_LABEL}[${index}]`;
  const { kind, body } = operationKind(raw, at);
  const where = `${at}.${kind}`;
  const spec = entryFields(body, where, {
    allowed: [...FIELDS[kind].required, ...FIELDS[kind].optional],
    required: FIELDS[kind].required,
    kind,
  });
  const { table, condition, update, common } = commonParts(kind, spec, where, defaultReturn);
  if (kind === "put") {
    const item = putItem(spec.item, where);
    const plain = spec.item as Record<string, unknown>;
    const request = { Put: { ...common, Item: item } };
    return { kind, table, item, request, plain, where: `${where}.item` };
  }
  const key = cleanKey(spec.key, `${where}.key`);
  const plain = spec.key as Record<string, unknown>;
  const request: TransactWriteItem =
    kind === "update"
      ? { Update: { ...common, Key: key, UpdateExpression: update } }
      : kind === "delete"
        ? { Delete: { ...common, Key: key } }
        : { ConditionCheck: { ...common, Key: key, ConditionExpression: condition as string } };
  return { kind, table, key, request, plain, where: `${where}.key` };
}

/** Client Request Token, of Transact Write Items and Execute Transaction: 1 to 36 characters. */
export const clientRequestToken = input({
  label: TOKEN_LABEL,
  type: "string",
  required: false,
  example: "order-1001-checkout",
  comments:
    "Optional. Makes the transaction idempotent: running it again with the same token (1 to 36 characters) within 10 minutes succeeds without writing twice. Use a new token for a different transaction.",
  clean: (value: unknown) => {
    const token = cleanText(TOKEN_LABEL)(value);
    if (token !== undefined && token.length > 36) {
      fail(
        TOKEN_LABEL,
        "invalidValue",
        `${TOKEN_LABEL} must be 1 to 36 characters, not ${token.length}. For example: order-1001-checkout`,
      );
    }
    return token;
  },
});

/** The label of Transact Get Items' list input, which messages name an entry by. */
export const GETS_LABEL = "Items to Get";

/** Transact Get Items' example Items to Get. */
export const GETS_EXAMPLE = `[
  {"tableName": "Orders", "key": {"id": 1}},
  {"tableName": "Stock", "key": {"sku": "A1"}, "projectionExpression": "sku, #q", "expressionAttributeNames": {"#q": "qty"}}
]`;

const GET_FIELDS = ["tableName", "key", "projectionExpression", "expressionAttributeNames"];

/** One entry of Items to Get: its table and its Get request. */
export interface GetRequest {
  table: string;
  request: TransactGetItem;
}

/**
 * One entry of Items to Get, checked on its own: a table and a key as plain JSON, an optional
 * projection with its names; the AWS shape {"Get": {...}} is accepted too. Throws an InputError
 * naming the entry, such as `Items to Get[1].key`.
 */
export function cleanGet(raw: unknown, index: number): GetRequest {
  const where = `${GETS_LABEL}[${index}]`;
  if (!isPlainObject(raw)) {
    fail(
      where,
      "wrongKind",
      `${where} must be an object such as {"tableName": "Orders", "key": {"id": 1}}.`,
    );
  }
  // The AWS shape {"Get": {...}} is accepted as well as the bare entry.
  const fields = Object.keys(raw);
  const body = fields.length === 1 && /^get$/i.test(fields[0]) ? raw[fields[0]] : raw;
  if (!isPlainObject(body)) {
    fail(
      where,
      "wrongKind",
      `${where}.get must be an object such as {"tableName": "Orders", "key": {"id": 1}}.`,
    );
  }
  const spec = entryFields(body, where, { allowed: GET_FIELDS, required: ["tableName", "key"] });
  const table = cleanTable(spec.tableName, `${where}.tableName`);
  const key = cleanKey(spec.key, `${where}.key`);
  const projection = optionalExpression(spec.projectionExpression, `${where}.projectionExpression`);
  const names = cleanAttributeNames(
    spec.expressionAttributeNames,
    where,
    `${where}.expressionAttributeNames`,
  );
  checkPlaceholders({
    expressions: { projectionExpression: projection },
    names,
    namesLabel: "expressionAttributeNames",
    within: where,
    noValues: true,
  });
  return {
    table,
    request: {
      Get: {
        TableName: table,
        Key: key,
        ...(projection ? { ProjectionExpression: projection } : {}),
        ...(names ? { ExpressionAttributeNames: names } : {}),
      },
    },
  };
}

import {
  type AttributeValue,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { keySchemaOf, readTableKeys, type TableKeys } from "../../engines/keySchema";
import {
  checkIndexKeyAssignments,
  describeKey,
  keyIdentity,
  putItemOf,
  readKey,
  sameKeyValue,
} from "../../engines/keyValues";
import { sendTransaction } from "../../engines/transactions";
import {
  awsRegion,
  checkItemForWrite,
  checkPlaceholderKey,
  checkPlaceholders,
  choiceInput,
  cleanAttributeNames,
  cleanChoice,
  cleanText,
  connectionInput,
  cut,
  DOCS,
  fail,
  isPlainObject,
  jsonListInput,
  maxAttempts,
} from "../../inputs";
import {
  cleanKey,
  cleanTable,
  entryFields,
  MAX_TRANSACT_ITEMS,
  optionalExpression,
  parseJsonList,
} from "../../inputs/entries";
import { actionOutput } from "../../outputs";
import { type AttributeMap, plainToAttributeValue, plainToMap } from "../../values";

export const OPERATIONS_LABEL = "Operations";
const TOKEN_LABEL = "Client Request Token";
const RETURN_ON_FAILURE_LABEL = "Return Values On Condition Check Failure";

export const OPERATIONS_EXAMPLE = `[
  {"put": {"tableName": "Orders", "item": {"id": 1, "status": "new"}, "conditionExpression": "attribute_not_exists(id)"}},
  {"update": {"tableName": "Stock", "key": {"sku": "A1"}, "updateExpression": "SET #q = #q - :n", "conditionExpression": "#q >= :n", "expressionAttributeNames": {"#q": "qty"}, "expressionAttributeValues": {":n": 1}}},
  {"delete": {"tableName": "Carts", "key": {"id": 7}}},
  {"conditionCheck": {"tableName": "Users", "key": {"id": 9}, "conditionExpression": "attribute_exists(id)"}}
]`;

export type OperationKind = "put" | "update" | "delete" | "conditionCheck";

const RETURN_ON_FAILURE = ["NONE", "ALL_OLD"] as const;
type ReturnOnFailure = (typeof RETURN_ON_FAILURE)[number];

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

function cleanOperation(
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

/** Does this operation act on the item with this key? A put matches when its item holds the key. */
function touches(operation: TransactOperation, table: string, key: AttributeMap): boolean {
  if (operation.table !== table) return false;
  const attributes = operation.key ?? operation.item ?? {};
  const names = Object.keys(key);
  if (operation.key && Object.keys(operation.key).length !== names.length) return false;
  return names.every(
    (name) => Object.hasOwn(attributes, name) && sameKeyValue(attributes[name], key[name]),
  );
}

function sameItemError(first: number, second: number, table: string, key: AttributeMap): never {
  return fail(
    OPERATIONS_LABEL,
    "invalidValue",
    `${OPERATIONS_LABEL}[${first}] and ${OPERATIONS_LABEL}[${second}] act on the same item (table ${table}, key ${describeKey(key)}); a transaction may include each item only once.`,
  );
}

/**
 * DynamoDB refuses a transaction that touches one item twice, without saying which operations;
 * the keys written out in the operations are compared here, by type and value (sameKeyValue: 1,
 * 1.0 and 1e0 are one number), so the message can name them. Before the key schemas are read.
 */
function checkDistinctItems(operations: TransactOperation[]): void {
  operations.forEach((operation, index) => {
    if (!operation.key) return;
    operations.forEach((other, otherIndex) => {
      if (otherIndex === index || (other.key && otherIndex < index)) return;
      if (touches(other, operation.table, operation.key as AttributeMap)) {
        const [first, second] = [index, otherIndex].sort((a, b) => a - b);
        sameItemError(first, second, operation.table, operation.key as AttributeMap);
      }
    });
  });
}

/**
 * One operation with its key (or its put item's key and index key attributes) converted to the
 * types the table declares (readKey, putItemOf): {"id": "12"} is the number 12 for an N key, as
 * Get Item takes it. A key or item that cannot fit is an InputError naming the operation.
 */
function typedOperation(
  operation: TransactOperation,
  keys: TableKeys,
): TransactOperation & { identity: string } {
  const schema = keySchemaOf(keys, operation.table);
  const { request, where } = operation;
  let typed: TransactOperation;
  if (operation.kind === "put") {
    const item = checkItemForWrite(putItemOf(operation.plain, schema, where, keys), where);
    const put = { ...request.Put, Item: item } as TransactWriteItem["Put"];
    typed = { ...operation, item, request: { Put: put } };
  } else {
    const key = readKey(operation.plain, schema, where);
    const { UpdateExpression, ExpressionAttributeNames, ExpressionAttributeValues } =
      request.Update ?? {};
    checkIndexKeyAssignments(
      UpdateExpression,
      ExpressionAttributeNames,
      ExpressionAttributeValues,
      keys,
      where.replace(/\.key$/, ".expressionAttributeValues"),
    );
    const keyed =
      operation.kind === "update"
        ? { Update: { ...request.Update, Key: key } }
        : operation.kind === "delete"
          ? { Delete: { ...request.Delete, Key: key } }
          : { ConditionCheck: { ...request.ConditionCheck, Key: key } };
    typed = { ...operation, key, request: keyed as TransactWriteItem };
  }
  const identity = keyIdentity(typed.key ?? typed.item ?? {}, schema) as string;
  return { ...typed, identity };
}

/**
 * The operations with keys and items converted by their tables' key types (one DescribeTable per
 * table, cached), then checked once more for two operations on one item, by the one key identity
 * (keyIdentity) now that every value has its table's type.
 */
export async function typedOperations(
  operations: TransactOperation[],
  readKeys: (table: string) => Promise<TableKeys>,
): Promise<TransactOperation[]> {
  const keysByTable = new Map<string, TableKeys>();
  for (const table of new Set(operations.map((operation) => operation.table))) {
    keysByTable.set(table, await readKeys(table));
  }
  const seen = new Map<string, number>();
  return operations.map((operation, index) => {
    const typed = typedOperation(operation, keysByTable.get(operation.table) as TableKeys);
    const identity = JSON.stringify([typed.table, typed.identity]);
    const first = seen.get(identity);
    if (first !== undefined) {
      sameItemError(first, index, typed.table, typed.key ?? keyOfItem(typed, keysByTable));
    }
    seen.set(identity, index);
    const { identity: _, ...rest } = typed;
    return rest;
  });
}

function keyOfItem(
  operation: TransactOperation,
  keysByTable: Map<string, TableKeys>,
): AttributeMap {
  const keys = keysByTable.get(operation.table) as TableKeys;
  const item = operation.item ?? {};
  return Object.fromEntries(
    keys.table.filter((name) => Object.hasOwn(item, name)).map((name) => [name, item[name]]),
  );
}

/** Validates the whole Operations input; nothing is sent unless every operation is valid. */
export function cleanOperations(
  raw: unknown,
  defaultReturn?: ReturnOnFailure,
): TransactOperation[] {
  const entries = parseJsonList(raw, OPERATIONS_LABEL, OPERATIONS_EXAMPLE);
  const operations = entries.map((entry, index) => cleanOperation(entry, index, defaultReturn));
  checkDistinctItems(operations);
  return operations;
}

export const operations = jsonListInput(
  OPERATIONS_LABEL,
  OPERATIONS_EXAMPLE,
  `A JSON list of up to ${MAX_TRANSACT_ITEMS} operations that succeed or fail together. Each entry has one of put (tableName, item), update (tableName, key, updateExpression), delete (tableName, key) or conditionCheck (tableName, key, conditionExpression); each may add conditionExpression, expressionAttributeNames ({"#q": "qty"}), expressionAttributeValues ({":n": 1}) and returnValuesOnConditionCheckFailure (ALL_OLD or NONE). Items, keys and values are plain JSON ({"id": 1}, not {"id": {"N": "1"}}); numbers keep every digit. The AWS spelling (Put, TableName, Item, Key, ...) is accepted too. Each item may appear only once per transaction. Learn more about [transactions](${DOCS}/transaction-apis.html).`,
);

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

export const returnValuesOnConditionCheckFailure = choiceInput({
  label: RETURN_ON_FAILURE_LABEL,
  choices: RETURN_ON_FAILURE,
  comments:
    "Optional. ALL_OLD: when the transaction is cancelled because a condition was false, the error message shows that item as it is now. Applies to every operation with a condition that does not set its own returnValuesOnConditionCheckFailure. Blank means NONE.",
});

export const transactWriteItems = action({
  display: {
    label: "Transact Write Items",
    description:
      "Put, update, delete and condition-check up to 100 items, in one or more tables, all or nothing",
  },
  inputs: {
    awsRegion,
    operations,
    awsConnection: connectionInput,
    clientRequestToken,
    returnValuesOnConditionCheckFailure,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const validated = cleanOperations(
      params.operations,
      params.returnValuesOnConditionCheckFailure,
    );
    const step = connect(invocation, params);
    const { clients } = step;
    const typed = await typedOperations(validated, (table) =>
      readTableKeys(clients, table, params.awsConnection),
    );
    const entries = typed.map(({ kind, table, key, item }, index) => ({
      name: `${OPERATIONS_LABEL}[${index}] (${kind} on ${table})`,
      table,
      key,
      item,
    }));
    await sendTransaction(
      clients,
      "TransactWriteItems",
      entries,
      params.awsConnection,
      "Transaction cancelled; nothing was written.",
      () =>
        clients.dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: typed.map((operation) => operation.request),
            ...(params.clientRequestToken ? { ClientRequestToken: params.clientRequestToken } : {}),
          }),
        ),
    );
    return { data: { succeeded: true, operationCount: typed.length } };
  },
  outputSchema: actionOutput(
    {
      succeeded: {
        type: "boolean",
        description:
          "Always true: a cancelled transaction fails the step instead, having written nothing.",
      },
      operationCount: {
        type: "integer",
        description: "How many operations were applied together.",
      },
    },
    ["succeeded", "operationCount"],
  ),
  examplePayload: { data: { succeeded: true, operationCount: 4 } },
});

export default transactWriteItems;

import {
  type AttributeValue,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { getClients, invocationOptions } from "../client";
import {
  awsRegion,
  cleanChoice,
  cleanOptionalString,
  connectionInput,
  DOCS,
  maxAttempts,
} from "../inputs";
import { actionOutput } from "../outputs";
import {
  checkPlaceholders,
  cleanKey,
  cleanNames,
  cleanTable,
  MAX_TRANSACT_ITEMS,
  parseJsonList,
  requiredText,
  sendTransaction,
} from "../transactions";
import {
  type AttributeMap,
  formatItem,
  isPlainObject,
  itemSize,
  MAX_ITEM_BYTES,
  plainToAttributeValue,
  plainToMap,
} from "../values";

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

/** "TableName" -> "tableName": the AWS API spelling is accepted as well as the camelCase one. */
function camel(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** Copies an object with camelCase field names; the same field spelled both ways is an error. */
function normaliseFields(value: JsonObject, where: string): JsonObject {
  const result: JsonObject = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    const name = camel(field);
    if (name in result) throw new Error(`${where}: "${field}" is given twice (in two spellings).`);
    result[name] = fieldValue;
  }
  return result;
}

function cleanValues(value: unknown, where: string): Record<string, AttributeValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new Error(`${where} must be a JSON object of plain values such as {":n": 1}.`);
  }
  const values: Record<string, AttributeValue> = {};
  for (const [placeholder, plain] of Object.entries(value)) {
    if (!/^:[A-Za-z0-9_]+$/.test(placeholder)) {
      throw new Error(
        `${where}: "${placeholder}" must start with a colon followed by letters, digits or underscores, such as :n.`,
      );
    }
    values[placeholder] = plainToAttributeValue(plain, `${where}["${placeholder}"]`);
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
}

function cleanOperation(
  raw: unknown,
  index: number,
  defaultReturn: ReturnOnFailure | undefined,
): TransactOperation {
  const at = `${OPERATIONS_LABEL}[${index}]`;
  const kindsText = "put, update, delete or conditionCheck";
  if (!isPlainObject(raw)) {
    throw new Error(
      `${at} must be an object with one of ${kindsText}, such as {"delete": {"tableName": "Carts", "key": {"id": 7}}}.`,
    );
  }
  const wrapper = normaliseFields(raw, at);
  const fields = Object.keys(wrapper);
  if (fields.length !== 1 || !KINDS.includes(fields[0] as OperationKind)) {
    const given = fields.length === 0 ? "nothing" : fields.map((field) => `"${field}"`).join(", ");
    throw new Error(
      `${at} must have exactly one of ${kindsText} (or Put, Update, Delete, ConditionCheck), not ${given}.`,
    );
  }
  const kind = fields[0] as OperationKind;
  const where = `${at}.${kind}`;
  const body = wrapper[kind];
  if (!isPlainObject(body))
    throw new Error(`${where} must be an object with ${FIELDS[kind].required.join(", ")}.`);
  const spec = normaliseFields(body, where);
  const allowed = [...FIELDS[kind].required, ...FIELDS[kind].optional];
  for (const field of Object.keys(spec)) {
    if (!allowed.includes(field)) {
      throw new Error(`${where}: unknown field "${field}"; ${kind} takes ${allowed.join(", ")}.`);
    }
  }
  for (const field of FIELDS[kind].required) {
    if (spec[field] === undefined || spec[field] === null || spec[field] === "") {
      throw new Error(`${where}: ${field} is required.`);
    }
  }

  const table = cleanTable(spec.tableName, `${where}.tableName`);
  const names = cleanNames(spec.expressionAttributeNames, `${where}.expressionAttributeNames`);
  const values = cleanValues(spec.expressionAttributeValues, `${where}.expressionAttributeValues`);
  const condition =
    spec.conditionExpression === undefined || spec.conditionExpression === null
      ? undefined
      : requiredText(spec.conditionExpression, `${where}.conditionExpression`);
  const update =
    kind === "update"
      ? requiredText(spec.updateExpression, `${where}.updateExpression`)
      : undefined;
  checkPlaceholders(
    where,
    { updateExpression: update, conditionExpression: condition },
    names,
    values,
  );
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
  if (kind === "put") {
    if (!isPlainObject(spec.item) || Object.keys(spec.item).length === 0) {
      throw new Error(
        `${where}.item must be a JSON object with the item's attributes, such as {"id": 1, "status": "new"}.`,
      );
    }
    const item = plainToMap(spec.item, `${where}.item`);
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) {
      throw new Error(
        `${where}.item is ${size} bytes, over DynamoDB's limit of ${MAX_ITEM_BYTES} bytes (400 KB) for one item. Store large content elsewhere (such as S3) and keep a reference in the item.`,
      );
    }
    return { kind, table, item, request: { Put: { ...common, Item: item } } };
  }
  const key = cleanKey(spec.key, `${where}.key`);
  if (kind === "update") {
    return {
      kind,
      table,
      key,
      request: { Update: { ...common, Key: key, UpdateExpression: update } },
    };
  }
  if (kind === "delete") return { kind, table, key, request: { Delete: { ...common, Key: key } } };
  return {
    kind,
    table,
    key,
    request: { ConditionCheck: { ...common, Key: key, ConditionExpression: condition as string } },
  };
}

function sameAttribute(a: AttributeValue | undefined, b: AttributeValue): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Does this operation act on the item with this key? A put matches when its item holds the key. */
function touches(operation: TransactOperation, table: string, key: AttributeMap): boolean {
  if (operation.table !== table) return false;
  const attributes = operation.key ?? operation.item ?? {};
  const names = Object.keys(key);
  if (operation.key && Object.keys(operation.key).length !== names.length) return false;
  return names.every((name) => sameAttribute(attributes[name], key[name]));
}

/**
 * DynamoDB refuses a transaction that touches one item twice, without saying which operations;
 * the keys written out in the operations are compared here so the message can name them.
 */
function checkDistinctItems(operations: TransactOperation[]): void {
  operations.forEach((operation, index) => {
    if (!operation.key) return;
    operations.forEach((other, otherIndex) => {
      if (otherIndex === index || (other.key && otherIndex < index)) return;
      if (touches(other, operation.table, operation.key as AttributeMap)) {
        const [first, second] = [index, otherIndex].sort((a, b) => a - b);
        throw new Error(
          `${OPERATIONS_LABEL}[${first}] and ${OPERATIONS_LABEL}[${second}] act on the same item (table ${operation.table}, key ${JSON.stringify(formatItem(operation.key as AttributeMap))}); a transaction may include each item only once.`,
        );
      }
    });
  });
}

/** Validates the whole Operations input; nothing is sent unless every operation is valid. */
export function cleanOperations(
  raw: unknown,
  defaultReturn?: ReturnOnFailure,
): TransactOperation[] {
  const entries = parseJsonList(raw, OPERATIONS_LABEL, OPERATIONS_EXAMPLE.replace(/\n\s*/g, " "));
  const operations = entries.map((entry, index) => cleanOperation(entry, index, defaultReturn));
  checkDistinctItems(operations);
  return operations;
}

export const operations = input({
  label: OPERATIONS_LABEL,
  type: "code",
  language: "json",
  required: true,
  example: OPERATIONS_EXAMPLE,
  comments: `A JSON list of up to ${MAX_TRANSACT_ITEMS} operations that succeed or fail together. Each entry has one of put (tableName, item), update (tableName, key, updateExpression), delete (tableName, key) or conditionCheck (tableName, key, conditionExpression); each may add conditionExpression, expressionAttributeNames ({"#q": "qty"}), expressionAttributeValues ({":n": 1}) and returnValuesOnConditionCheckFailure (ALL_OLD or NONE). Items, keys and values are plain JSON ({"id": 1}, not {"id": {"N": "1"}}); numbers keep every digit. The AWS spelling (Put, TableName, Item, Key, ...) is accepted too. Each item may appear only once per transaction. Learn more about [transactions](${DOCS}/transaction-apis.html).`,
});

export const clientRequestToken = input({
  label: TOKEN_LABEL,
  type: "string",
  required: false,
  example: "order-1001-checkout",
  comments:
    "Optional. Makes the transaction idempotent: running it again with the same token (1 to 36 characters) within 10 minutes succeeds without writing twice. Use a new token for a different transaction.",
  clean: (value: unknown) => {
    const token = cleanOptionalString(value);
    if (token !== undefined && token.length > 36) {
      throw new Error(
        `${TOKEN_LABEL} must be 1 to 36 characters, not ${token.length}. For example: order-1001-checkout`,
      );
    }
    return token;
  },
});

export const returnValuesOnConditionCheckFailure = input({
  label: RETURN_ON_FAILURE_LABEL,
  type: "string",
  required: false,
  model: RETURN_ON_FAILURE.map((choice) => ({ label: choice, value: choice })),
  comments:
    "Optional. ALL_OLD: when the transaction is cancelled because a condition was false, the error message shows that item as it is now. Applies to every operation with a condition that does not set its own returnValuesOnConditionCheckFailure. Blank means NONE.",
  clean: cleanChoice(RETURN_ON_FAILURE_LABEL, RETURN_ON_FAILURE),
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
    const clients = getClients(
      params.awsConnection,
      params.awsRegion,
      invocationOptions(invocation, params.maxAttempts),
    );
    const entries = validated.map(({ kind, table, key, item }, index) => ({
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
            TransactItems: validated.map((operation) => operation.request),
            ...(params.clientRequestToken ? { ClientRequestToken: params.clientRequestToken } : {}),
          }),
        ),
    );
    return { data: { succeeded: true, operationCount: validated.length } };
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

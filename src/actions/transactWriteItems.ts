import {
  type AttributeValue,
  type CancellationReason,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { action, type Connection, input } from "@prismatic-io/spectral";
import { type AwsClients, getClients } from "../client";
import { type CallContext, connectionSecrets, redact, toActionError } from "../errors";
import {
  awsRegion,
  cleanChoice,
  cleanOptionalString,
  connectionInput,
  isBlank,
  validateName,
} from "../inputs";
import { getKeySchema, type KeySchema } from "../keys";
import { actionOutput } from "../outputs";
import {
  type AttributeMap,
  formatItem,
  parseJsonInput,
  plainToAttributeValue,
  plainToMap,
} from "../values";

const DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide";

export const OPERATIONS_LABEL = "Operations";
const TOKEN_LABEL = "Client Request Token";
const RETURN_ON_FAILURE_LABEL = "Return Values On Condition Check Failure";

/** DynamoDB's limit on the actions of one transaction (TransactWriteItems and TransactGetItems). */
export const MAX_TRANSACT_ITEMS = 100;

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

/** What one cancellation reason code means, in words a flow builder can act on. */
const REASON_TEXT: Record<string, string> = {
  ConditionalCheckFailed: "the condition was false.",
  TransactionConflict:
    "another request was changing the same item at the same time; run the transaction again.",
  ProvisionedThroughputExceeded:
    "the table (or an index) had no capacity left; try again later or raise its capacity.",
  ThrottlingError: "DynamoDB throttled the request; try again later.",
  ItemCollectionSizeLimitExceeded:
    "the item collection (items with this partition key, on a table with a local secondary index) would exceed 10 GB.",
  ValidationError: "the operation is invalid.",
};

/** Longest current item shown in a cancellation message; items can be up to 400 KB. */
const MAX_ITEM_IN_MESSAGE = 300;

type JsonObject = Record<string, unknown>;

/** A JSON object; not an array, and not a LosslessNumber (an object too) from the lossless parser. */
function isObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

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

/**
 * Reads a code input that holds a JSON array: text is parsed losslessly (numbers keep every
 * digit); code-native flows may pass the array itself.
 */
export function parseJsonList(raw: unknown, label: string, example: string): unknown[] {
  if (isBlank(raw)) throw new Error(`${label} is required: a JSON list such as ${example}`);
  const parsed = typeof raw === "string" ? parseJsonInput(raw, label) : raw;
  if (!Array.isArray(parsed))
    throw new Error(`${label} must be a JSON list (an array) such as ${example}`);
  if (parsed.length === 0)
    throw new Error(`${label} is empty: give at least one entry, such as ${example}`);
  if (parsed.length > MAX_TRANSACT_ITEMS) {
    throw new Error(
      `${label} has ${parsed.length} entries; a transaction takes at most ${MAX_TRANSACT_ITEMS}. Split it into several transactions.`,
    );
  }
  return parsed;
}

export function requiredText(value: unknown, where: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`${where} must be a non-empty string.`);
  }
  return value.trim();
}

export function cleanTable(value: unknown, where: string): string {
  return validateName(where, requiredText(value, where), 3, 255);
}

/** A key as plain JSON: one or two attributes (partition and sort key), each a string or number. */
export function cleanKey(value: unknown, where: string): AttributeMap {
  if (!isObject(value)) {
    throw new Error(`${where} must be a JSON object of key attributes, such as {"id": 7}.`);
  }
  const count = Object.keys(value).length;
  if (count < 1 || count > 2) {
    throw new Error(
      `${where} must have the partition key and, if the table has one, the sort key (1 or 2 attributes), not ${count}.`,
    );
  }
  const key = plainToMap(value, where);
  for (const [name, attribute] of Object.entries(key)) {
    if (attribute.S === undefined && attribute.N === undefined && attribute.B === undefined) {
      throw new Error(`${where}: key attribute "${name}" must be a string or a number.`);
    }
  }
  return key;
}

/** Expression Attribute Names of one entry: an object of "#placeholder" -> attribute name. */
export function cleanNames(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    throw new Error(`${where} must be a JSON object such as {"#q": "qty"}.`);
  }
  const names: Record<string, string> = {};
  for (const [placeholder, name] of Object.entries(value)) {
    if (!/^#[A-Za-z0-9_]+$/.test(placeholder)) {
      throw new Error(
        `${where}: "${placeholder}" must start with # followed by letters, digits or underscores, such as #q.`,
      );
    }
    names[placeholder] = requiredText(name, `${where}["${placeholder}"]`);
  }
  return Object.keys(names).length > 0 ? names : undefined;
}

function cleanValues(value: unknown, where: string): Record<string, AttributeValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
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

/**
 * DynamoDB rejects a placeholder that is used but not defined, or defined but not used; within a
 * transaction its message does not say which operation, so the check is made here.
 */
export function checkPlaceholders(
  where: string,
  expressions: Record<string, string | undefined>,
  names: Record<string, string> | undefined,
  values: Record<string, unknown> | undefined,
): void {
  const used = { "#": new Set<string>(), ":": new Set<string>() };
  for (const [field, expression] of Object.entries(expressions)) {
    if (expression === undefined) continue;
    for (const [placeholder] of expression.matchAll(/[#:][A-Za-z0-9_]+/g)) {
      const sign = placeholder[0] as "#" | ":";
      const defined = sign === "#" ? names : values;
      const definedIn = sign === "#" ? "expressionAttributeNames" : "expressionAttributeValues";
      if (!defined || !(placeholder in defined)) {
        throw new Error(
          `${where}: ${field} uses ${placeholder}, which ${definedIn} does not define.`,
        );
      }
      used[sign].add(placeholder);
    }
  }
  for (const [sign, defined, definedIn] of [
    ["#", names, "expressionAttributeNames"],
    [":", values, "expressionAttributeValues"],
  ] as const) {
    for (const placeholder of Object.keys(defined ?? {})) {
      if (!used[sign].has(placeholder)) {
        throw new Error(
          `${where}: ${definedIn} defines ${placeholder}, which no expression uses. Remove it (DynamoDB rejects unused placeholders).`,
        );
      }
    }
  }
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
  if (!isObject(raw)) {
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
  if (!isObject(body))
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
    if (!isObject(spec.item) || Object.keys(spec.item).length === 0) {
      throw new Error(
        `${where}.item must be a JSON object with the item's attributes, such as {"id": 1, "status": "new"}.`,
      );
    }
    const item = plainToMap(spec.item, `${where}.item`);
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
  const entries = parseJsonList(
    raw,
    OPERATIONS_LABEL,
    OPERATIONS_EXAMPLE.replace(/\s*\n\s*/g, " "),
  );
  const operations = entries.map((entry, index) => cleanOperation(entry, index, defaultReturn));
  checkDistinctItems(operations);
  return operations;
}

/** The codes DynamoDB lists in its message, "... reasons [None, ConditionalCheckFailed]". */
function codesFromMessage(message: string): string[] {
  const match = /\[([A-Za-z, ]+)\]\s*$/.exec(message);
  return match ? match[1].split(",").map((code) => code.trim()) : [];
}

export interface DescribedEntry {
  /** How the message names the entry, such as "Operations[1] (update on Stock)". */
  name: string;
  table: string;
  /** The key the entry names, or (put) the whole item, which holds the key. */
  key?: AttributeMap;
  item?: AttributeMap;
}

const TYPE_WORDS: Record<string, string> = { S: "a string", N: "a number", B: "binary" };

function typeOf(value: AttributeValue): string | undefined {
  return (["S", "N", "B"] as const).find((type) => value[type] !== undefined);
}

/** What is wrong with one entry's key for this key schema, or undefined when it fits. */
function keyProblem(entry: DescribedEntry, schema: KeySchema): string | undefined {
  const wanted = [schema.hash, ...(schema.range ? [schema.range] : [])];
  const describeWanted = wanted
    .map(({ name, type }) => `${name} (${TYPE_WORDS[type]})`)
    .join(" and ");
  const attributes = entry.key ?? entry.item ?? {};
  const missing = wanted
    .filter(({ name }) => attributes[name] === undefined)
    .map(({ name }) => name);
  const extra = entry.key
    ? Object.keys(entry.key).filter((name) => !wanted.some((attribute) => attribute.name === name))
    : [];
  if (missing.length > 0 || extra.length > 0) {
    const given = Object.keys(entry.key ?? {}).join(", ") || "none of them";
    return entry.key
      ? `${entry.name}: the key of table ${entry.table} is ${describeWanted}, but the key given has ${given}.`
      : `${entry.name}: the item has no ${missing.join(" or ")}; table ${entry.table} needs its key ${describeWanted}.`;
  }
  for (const { name, type } of wanted) {
    const given = typeOf(attributes[name]);
    if (given !== type) {
      return `${entry.name}: key attribute ${name} of table ${entry.table} must be ${TYPE_WORDS[type]}, not ${given ? TYPE_WORDS[given] : "that value"}.`;
    }
  }
  return undefined;
}

/** Does DynamoDB's answer look like a key that does not fit a table, without saying which entry? */
function isUnattributedKeyError(error: unknown): boolean {
  const { name, message, CancellationReasons } = (error ?? {}) as {
    name?: unknown;
    message?: unknown;
    CancellationReasons?: unknown;
  };
  const unattributed =
    name === "ValidationException" ||
    (name === "TransactionCanceledException" &&
      CancellationReasons === undefined &&
      codesFromMessage(String(message)).length === 0);
  return unattributed && /key/i.test(String(message));
}

/**
 * DynamoDB reports a key that does not fit its table without saying which operation; only then
 * (so a working transaction costs no extra call) the key schemas are read, cached, and compared.
 */
export async function diagnoseKeys(
  clients: AwsClients,
  error: unknown,
  entries: DescribedEntry[],
): Promise<string | undefined> {
  if (!isUnattributedKeyError(error)) return undefined;
  try {
    const problems: string[] = [];
    for (const entry of entries) {
      const problem = keyProblem(entry, await getKeySchema(clients, entry.table));
      if (problem) problems.push(problem);
    }
    return problems.length > 0 ? problems.join(" ") : undefined;
  } catch {
    // A table that cannot be described is reported by DynamoDB's own error.
    return undefined;
  }
}

/**
 * Turns a TransactionCanceledException into one message that names every failing entry by its
 * index, kind and table, with the reason code and what it means. Reasons come in request order.
 */
export function cancellationMessage(
  error: { message?: string; CancellationReasons?: CancellationReason[] },
  entries: DescribedEntry[],
  summary: string,
  diagnosis?: string,
): string {
  const reasons: CancellationReason[] =
    error.CancellationReasons ?? codesFromMessage(error.message ?? "").map((Code) => ({ Code }));
  const failures: string[] = [];
  reasons.forEach((reason, index) => {
    if (!reason.Code || reason.Code === "None") return;
    const name = entries[index]?.name ?? `Entry ${index}`;
    const known = REASON_TEXT[reason.Code];
    // DynamoDB's own message says more than the generic text for validation errors.
    const text =
      reason.Code === "ValidationError" && reason.Message
        ? reason.Message
        : (known ?? reason.Message ?? "no detail given.");
    let line = `${name}: ${reason.Code} — ${text}`;
    if (!/[.!?]$/.test(line)) line += ".";
    if (reason.Item) {
      const current = JSON.stringify(formatItem(reason.Item));
      line += ` Current item: ${current.length > MAX_ITEM_IN_MESSAGE ? `${current.slice(0, MAX_ITEM_IN_MESSAGE - 1)}…` : current}.`;
    }
    failures.push(line);
  });
  if (failures.length === 0) {
    return diagnosis
      ? `${summary} ${diagnosis}`
      : `${summary} DynamoDB did not say which entry failed: ${error.message ?? "no message"}`;
  }
  return `${summary} ${failures.join(" ")}`;
}

const IDEMPOTENCY_HINTS: Record<string, string> = {
  IdempotentParameterMismatchException:
    "The Client Request Token was already used in the last 10 minutes for a different set of operations; use a new token for a different transaction.",
  TransactionInProgressException:
    "A transaction with the same Client Request Token is still running; wait a moment and run it again.",
};

/** Maps a failed transaction call: cancellations name the failing entries, the rest go through toActionError. */
export function transactionError(
  error: unknown,
  context: CallContext & { connection?: Connection },
  entries: DescribedEntry[],
  summary: string,
  diagnosis?: string,
): Error {
  const name = (error as { name?: unknown })?.name;
  if (name === "TransactionCanceledException") {
    const message = cancellationMessage(
      error as Parameters<typeof cancellationMessage>[0],
      entries,
      summary,
      diagnosis,
    );
    const where = ` (${context.operation} in region ${context.region})`;
    const wrapped = new Error(redact(`${message}${where}`, connectionSecrets(context.connection)));
    wrapped.name = "TransactionCanceledException";
    (wrapped as Error & { cause?: unknown }).cause = error;
    return wrapped;
  }
  if (typeof name === "string" && IDEMPOTENCY_HINTS[name]) {
    const explained = Object.assign(new Error(IDEMPOTENCY_HINTS[name]), { name });
    return toActionError(explained, context);
  }
  if (diagnosis) {
    const original = (error as { message?: unknown }).message;
    return toActionError(
      Object.assign(new Error(`${String(original)}. ${diagnosis}`), { name }),
      context,
    );
  }
  return toActionError(error, context);
}

/** The call context: the table when there is one, otherwise the list of tables in the operation name. */
export function transactionContext(
  operation: string,
  tables: string[],
  region: string,
  connection: Connection,
): CallContext {
  const distinct = [...new Set(tables)];
  return distinct.length === 1
    ? { operation, table: distinct[0], region, connection }
    : { operation: `${operation} (tables ${distinct.join(", ")})`, region, connection };
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
  },
  perform: async (_context, params) => {
    const validated = cleanOperations(
      params.operations,
      params.returnValuesOnConditionCheckFailure,
    );
    const clients = getClients(params.awsConnection, params.awsRegion);
    const context = transactionContext(
      "TransactWriteItems",
      validated.map((operation) => operation.table),
      clients.region,
      params.awsConnection,
    );
    try {
      await clients.dynamodb.send(
        new TransactWriteItemsCommand({
          TransactItems: validated.map((operation) => operation.request),
          ...(params.clientRequestToken ? { ClientRequestToken: params.clientRequestToken } : {}),
        }),
      );
    } catch (error) {
      const entries = validated.map(({ kind, table, key, item }, index) => ({
        name: `${OPERATIONS_LABEL}[${index}] (${kind} on ${table})`,
        table,
        key,
        item,
      }));
      const diagnosis = await diagnoseKeys(clients, error, entries);
      throw transactionError(
        error,
        context,
        entries,
        "Transaction cancelled; nothing was written.",
        diagnosis,
      );
    }
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

import type {
  CancellationReason,
  TransactGetItemsCommandInput,
  TransactWriteItem,
  TransactWriteItemsCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import type { AwsClients } from "../aws/client";
import {
  awsFailure,
  type CallContext,
  errorMessage,
  toActionError,
  withGivenHint,
} from "../aws/errors";
import type { Step } from "../aws/invocation";
import {
  HINT_BY_CANCELLATION_REASON,
  HINT_BY_TRANSACTION_ERROR,
  hintText,
} from "../errors/catalogue";
import { fail } from "../errors/inputError";
import { parseJsonList } from "../inputs/entries";
import {
  cleanGet,
  cleanOperation,
  GETS_EXAMPLE,
  GETS_LABEL,
  type GetRequest,
  OPERATIONS_EXAMPLE,
  OPERATIONS_LABEL,
  type ReturnOnFailure,
  type TransactOperation,
} from "../inputs/transactions";
import {
  type AttributeMap,
  givenKeyIdentity,
  hasAttribute,
  itemForMessage,
  sameKeyValue,
} from "../values";
import { checkItemForWrite } from "../values/limits";
import { keyTypeOf } from "../values/types";
import {
  forgetTableKeys,
  getKeySchema,
  type KeySchema,
  keySchemaOf,
  type TableKeys,
} from "./keySchema";
import {
  checkIndexKeyAssignments,
  describeKey,
  keyIdentity,
  putItemOf,
  readKey,
} from "./keyValues";

/*
 * The transactions (Transact Write Items, Transact Get Items, Execute Transaction): their entries
 * checked as a whole (each item once, keys typed by the tables' key schemas), their requests
 * built, and a failed transaction turned into a message that names the failing entries.
 */

/** Longest current item shown in a cancellation message; items can be up to 400 KB. */
const MAX_ITEM_IN_MESSAGE = 300;

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

/** What is wrong with one entry's key for this key schema, or undefined when it fits. */
function keyProblem(entry: DescribedEntry, schema: KeySchema): string | undefined {
  const wanted = [schema.hash, ...(schema.range ? [schema.range] : [])];
  const describeWanted = wanted
    .map(({ name, type }) => `${name} (${TYPE_WORDS[type]})`)
    .join(" and ");
  const attributes = entry.key ?? entry.item ?? {};
  const missing = wanted
    .filter(({ name }) => !hasAttribute(attributes, name))
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
    const given = keyTypeOf(attributes[name]);
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
 * the key schemas are read afresh (the cached ones may predate a re-created table) and compared.
 */
async function diagnoseKeys(
  clients: AwsClients,
  error: unknown,
  entries: DescribedEntry[],
): Promise<string | undefined> {
  if (!isUnattributedKeyError(error)) return undefined;
  try {
    const problems: string[] = [];
    const forgotten = new Set<string>();
    for (const entry of entries) {
      // A PartiQL statement names no key the connector could compare.
      if (!entry.key && !entry.item) continue;
      // The keys were converted by a cached schema; a re-created table may have another one.
      if (!forgotten.has(entry.table)) forgetTableKeys(clients, entry.table);
      forgotten.add(entry.table);
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
function cancellationMessage(
  error: { message?: unknown; CancellationReasons?: unknown },
  entries: DescribedEntry[],
  summary: string,
  diagnosis?: string,
): string {
  const message = errorMessage(error);
  // A mock may give CancellationReasons that is no array, or holds null: read as no reasons.
  const reasons: (CancellationReason | null | undefined)[] = Array.isArray(
    error.CancellationReasons,
  )
    ? error.CancellationReasons
    : codesFromMessage(message).map((Code) => ({ Code }));
  const failures: string[] = [];
  reasons.forEach((reason, index) => {
    if (!reason?.Code || reason.Code === "None") return;
    const name = entries[index]?.name ?? `Entry ${index}`;
    const hint = HINT_BY_CANCELLATION_REASON.get(reason.Code);
    const known = hint && hintText(hint);
    // DynamoDB's own message says more than the generic text for validation errors.
    const text =
      reason.Code === "ValidationError" && reason.Message
        ? reason.Message
        : (known ?? reason.Message ?? "no detail given.");
    let line = `${name}: ${reason.Code} — ${text}`;
    if (!/[.!?]$/.test(line)) line += ".";
    if (reason.Item) line += ` Current item: ${itemForMessage(reason.Item, MAX_ITEM_IN_MESSAGE)}.`;
    failures.push(line);
  });
  if (failures.length === 0) {
    return diagnosis
      ? `${summary} ${diagnosis}`
      : `${summary} DynamoDB did not say which entry failed: ${message || "no message"}`;
  }
  return `${summary} ${failures.join(" ")}`;
}

/** Maps a failed transaction call: cancellations name the failing entries, the rest go through toActionError. */
function transactionError(
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
    // The reasons are endpoint text: masked and escaped, and kept as the cause, like any AWS error.
    // One code for the whole cancellation; each entry's reason is in the message and the cause.
    return awsFailure(
      "TransactionCanceledException",
      `${message}${where}`,
      error,
      context,
      "transactionCanceled",
    );
  }
  const hint = typeof name === "string" ? HINT_BY_TRANSACTION_ERROR.get(name) : undefined;
  if (hint) {
    const explained = withGivenHint(Object.assign(new Error(hintText(hint)), { name }), hint);
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
function transactionContext(
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

/**
 * Sends a transaction through `send`, the one call to DynamoDB (`() => sendCommand(step.clients,
 * command)`, so its error arrives unmapped). A failure names the failing entries (see
 * transactionError) with the operation, its tables and the region; when DynamoDB does not say
 * which entry's key is wrong, the key schemas are read to find out (diagnoseKeys).
 * Not step.call: a transaction's context names all its tables, and its cancellation is its own.
 */
export async function sendTransaction<T>(
  step: Step,
  operation: string,
  entries: DescribedEntry[],
  summary: string,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const context = transactionContext(
      operation,
      entries.map((entry) => entry.table),
      step.clients.region,
      step.connection,
    );
    const diagnosis = await diagnoseKeys(step.clients, error, entries);
    throw transactionError(error, context, entries, summary, diagnosis);
  }
}

// ---------------------------------------------------------------------------------------------
// The entries as a whole: each item once, keys typed by their tables' key schemas

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

/**
 * The whole Items to Get input, every entry checked (cleanGet), and no item read twice: keys are
 * compared by type and value (givenKeyIdentity: {"id": 1} and {"id": 1.0} are one item).
 */
export function cleanGets(raw: unknown): GetRequest[] {
  const entries = parseJsonList(raw, GETS_LABEL, GETS_EXAMPLE);
  const gets = entries.map(cleanGet);
  // DynamoDB refuses a transaction that reads one item twice, without saying which entries.
  const seen = new Map<string, number>();
  gets.forEach(({ table, request }, index) => {
    // By type and value (givenKeyIdentity): {"id": 1} and {"id": 1.0} are one item.
    const id = JSON.stringify([table, givenKeyIdentity(request.Get?.Key ?? {})]);
    const first = seen.get(id);
    if (first !== undefined) {
      fail(
        GETS_LABEL,
        "invalidValue",
        `${GETS_LABEL}[${first}] and ${GETS_LABEL}[${index}] read the same item (table ${table}); a transaction may include each item only once.`,
      );
    }
    seen.set(id, index);
  });
  return gets;
}

// ---------------------------------------------------------------------------------------------
// The requests, and how a cancellation message names their entries

/**
 * `request` with its ClientRequestToken when one is given. Without one the SDK fills it in when
 * it serializes the request, before its retry loop, so each attempt of one step carries the same
 * token and a transaction resent after a lost answer is never applied twice (unlike a single-item
 * write, outputs/resentWrites.ts): test/runtime/resentTransactionsKeepOneIdempotencyToken.test.ts.
 */
export function withClientRequestToken<T extends object>(
  request: T,
  token: string | undefined,
): T & { ClientRequestToken?: string } {
  return token ? { ...request, ClientRequestToken: token } : request;
}

/** TransactWriteItems' request: the operations in order, with the Client Request Token if given. */
export function transactWriteRequest(
  operations: TransactOperation[],
  clientRequestToken?: string,
): TransactWriteItemsCommandInput {
  const items: TransactWriteItem[] = operations.map((operation) => operation.request);
  return withClientRequestToken({ TransactItems: items }, clientRequestToken);
}

/** TransactGetItems' request: the gets in the order of Items to Get. */
export function transactGetRequest(gets: GetRequest[]): TransactGetItemsCommandInput {
  return { TransactItems: gets.map((get) => get.request) };
}

/** The operations as a cancellation message names them: "Operations[1] (update on Stock)". */
export function operationEntries(operations: TransactOperation[]): DescribedEntry[] {
  return operations.map(({ kind, table, key, item }, index) => ({
    name: `${OPERATIONS_LABEL}[${index}] (${kind} on ${table})`,
    table,
    key,
    item,
  }));
}

/** The gets as a cancellation message names them: "Items to Get[0] (get on Orders)". */
export function getEntries(gets: GetRequest[]): DescribedEntry[] {
  return gets.map(({ table, request }, index) => ({
    name: `${GETS_LABEL}[${index}] (get on ${table})`,
    table,
    key: request.Get?.Key,
  }));
}

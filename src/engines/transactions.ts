import type { AttributeValue, CancellationReason } from "@aws-sdk/client-dynamodb";
import type { Connection } from "@prismatic-io/spectral";
import type { AwsClients } from "../aws/client";
import { type CallContext, toActionError } from "../aws/errors";
import { connectionSecrets, redact, redactDeep } from "../aws/redaction";
import {
  HINT_BY_CANCELLATION_REASON,
  HINT_BY_TRANSACTION_ERROR,
  hintText,
} from "../errors/catalogue";
import { type AttributeMap, formatItem } from "../values";
import { forgetTableKeys, getKeySchema, type KeySchema } from "./keySchema";

/*
 * What Transact Write Items and Transact Get Items share: reading their JSON list input and the
 * parts of each entry that both take (table, key, names), and turning a failed transaction into
 * a message that names the failing entries.
 */

export { MAX_TRANSACT_ITEMS } from "../inputs/entries";

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
    .filter(({ name }) => !Object.hasOwn(attributes, name) || attributes[name] === undefined)
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
    const hint = HINT_BY_CANCELLATION_REASON.get(reason.Code);
    const known = hint && hintText(hint);
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
    const secrets = connectionSecrets(context.connection);
    const wrapped = new Error(redact(`${message}${where}`, secrets));
    wrapped.name = "TransactionCanceledException";
    // The cancellation reasons stay reachable, without a secret an endpoint may have echoed.
    (wrapped as Error & { cause?: unknown }).cause = redactDeep(error, secrets);
    return wrapped;
  }
  const hint = typeof name === "string" ? HINT_BY_TRANSACTION_ERROR.get(name) : undefined;
  if (hint) {
    const explained = Object.assign(new Error(hintText(hint)), { name });
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
 * Sends a transaction. A failure names the failing entries (see transactionError); when DynamoDB
 * does not say which entry's key is wrong, the key schemas are read to find out (diagnoseKeys).
 */
export async function sendTransaction<T>(
  clients: AwsClients,
  operation: string,
  entries: DescribedEntry[],
  connection: Connection,
  summary: string,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const context = transactionContext(
      operation,
      entries.map((entry) => entry.table),
      clients.region,
      connection,
    );
    const diagnosis = await diagnoseKeys(clients, error, entries);
    throw transactionError(error, context, entries, summary, diagnosis);
  }
}

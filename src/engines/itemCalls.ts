/**
 * Item calls with a key (Get, Update, Delete Item: sendWithKey) or a whole item (Upsert Item:
 * sendWithItem) built from the cached key schema: the key or item is built before anything is
 * sent, and a call that DynamoDB refuses because the table was re-created is retried once with
 * the key or item rebuilt from a fresh schema.
 */
import type { AwsClients } from "../aws/client";
import { toActionError } from "../aws/errors";
import { type DynamoDBCommand, type OutputOf, type Step, sendCommand } from "../aws/invocation";
import type { AttributeMap } from "../values";
import {
  cachedKeySchema,
  cachedTableKeys,
  describeTableKeys,
  forgetTableKeys,
  getKeySchema,
  hasCachedKeys,
  type TableKeys,
  tableKeys,
} from "./keySchema";
import { buildKey } from "./keyValues";

/** What DynamoDB (and DynamoDB Local) say when a key no longer fits the table's schema. */
const KEY_MISMATCH_MESSAGES = [
  "key element does not match the schema",
  "Type mismatch for key",
  "One of the required keys was not given a value",
];

/** Does this error (raw or mapped by callAws) say that a key does not fit the table's schema? */
function isKeyMismatch(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return (
    name === "ValidationException" &&
    typeof message === "string" &&
    KEY_MISMATCH_MESSAGES.some((text) => message.includes(text))
  );
}

/**
 * After a failed call: a key that no longer matches (isKeyMismatch) means the table was
 * re-created, so its cached keys are forgotten and read afresh next time. Other errors change
 * nothing.
 */
export function forgetKeysOnMismatch(error: unknown, clients: AwsClients, table: string): void {
  if (isKeyMismatch(error)) forgetTableKeys(clients, table);
}

/**
 * The Key for the two key inputs, from the (cached) key schema. A cached schema may predate a
 * re-created table that gained or lost its sort key, so a key that does not fit it is checked
 * once more against a freshly read schema before it is called an input error.
 */
async function resolveKey(
  clients: AwsClients,
  table: string,
  hashValue: unknown,
  rangeValue: unknown,
): Promise<AttributeMap> {
  const wasCached = hasCachedKeys(clients, table);
  const schema = await getKeySchema(clients, table);
  try {
    return buildKey(schema, table, hashValue, rangeValue);
  } catch (error) {
    if (!wasCached) throw error;
    forgetTableKeys(clients, table);
    return buildKey(await getKeySchema(clients, table), table, hashValue, rangeValue);
  }
}

// ---------------------------------------------------------------------------------------------
// The item actions' key, read and used in one step

/** The Key of Get, Update and Delete Item, with the inputs it came from (for a rebuild). */
export interface ItemKey {
  resolved: AttributeMap;
  hashValue: unknown;
  rangeValue: unknown;
}

/**
 * The key inputs as the table's Key (the key schema is read once and cached); a failure to read
 * it names DescribeTable, and a key that does not fit is an InputError before any item call.
 * A warm call answers at once, without a promise (callers await it either way).
 */
export function readItemKey(
  step: Step,
  hashValue: unknown,
  rangeValue: unknown,
): ItemKey | Promise<ItemKey> {
  // A key that does not fit the cached schema takes the way below, which reads the schema afresh
  // before it calls the key an input error.
  const cached = cachedKeySchema(step.clients, step.table);
  if (cached) {
    try {
      return {
        resolved: buildKey(cached, step.table, hashValue, rangeValue),
        hashValue,
        rangeValue,
      };
    } catch {
      forgetTableKeys(step.clients, step.table);
    }
  }
  return readItemKeyAfresh(step, hashValue, rangeValue);
}

async function readItemKeyAfresh(
  step: Step,
  hashValue: unknown,
  rangeValue: unknown,
): Promise<ItemKey> {
  const resolved = await step.call("DescribeTable", () =>
    resolveKey(step.clients, step.table, hashValue, rangeValue),
  );
  return { resolved, hashValue, rangeValue };
}

/**
 * Sends the command `command` builds from the key: once, or twice when DynamoDB says the key no
 * longer matches (the table was re-created), with the schema read again and the key rebuilt from
 * it. A warm call costs exactly one DynamoDB request. Resolves to the command's answer; a failure
 * names `operation` (as `step.call` would).
 */
export async function sendWithKey<Command extends DynamoDBCommand>(
  step: Step,
  operation: string,
  key: ItemKey,
  command: (key: AttributeMap) => Command | Promise<Command>,
): Promise<OutputOf<Command>> {
  try {
    // Awaited only when it is a promise: each await of a plain value costs a turn of the queue.
    const built = command(key.resolved);
    return await sendCommand(step.clients, built instanceof Promise ? await built : built);
  } catch (error) {
    if (!isKeyMismatch(error)) throw toActionError(error, step.context(operation));
  }
  return step.call(operation, async () => {
    forgetTableKeys(step.clients, step.table);
    const fresh = await getKeySchema(step.clients, step.table);
    const Key = buildKey(fresh, step.table, key.hashValue, key.rangeValue);
    return sendCommand(step.clients, await command(Key));
  });
}

/**
 * Sends one command that writes a whole item (PutItem): `build` makes the item from the table's
 * (cached) keys, so its key attributes have the declared types; an InputError from it comes
 * before the call. If DynamoDB says the key no longer fits (the table was re-created with other
 * key types), the keys are read afresh and the item is built and sent once more. Resolves to the
 * answer and the item as sent; a failure names `operation`.
 */
export async function sendWithItem<Command extends DynamoDBCommand>(
  step: Step,
  operation: string,
  build: (keys: TableKeys) => AttributeMap,
  command: (item: AttributeMap) => Command,
): Promise<{ answer: OutputOf<Command>; item: AttributeMap }> {
  const run = (item: AttributeMap) => sendCommand(step.clients, command(item));
  let item = build(cachedTableKeys(step.clients, step.table) ?? (await tableKeys(step)));
  try {
    return { answer: await run(item), item };
  } catch (error) {
    if (!isKeyMismatch(error)) throw toActionError(error, step.context(operation));
  }
  const answer = await step.call(operation, async () => {
    forgetTableKeys(step.clients, step.table);
    item = build(await describeTableKeys(step.clients, step.table));
    return run(item);
  });
  return { answer, item };
}

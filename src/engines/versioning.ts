/**
 * Optimistic locking for Upsert Item and Update Item (inputs: src/inputs/versioning.ts).
 *
 * The write carries a condition on the version attribute and sets the next version in the same
 * request, so two steps that read the same version can never both write:
 * - Expected Version N: the condition is `#v = N` and the item gets version N + 1;
 * - Expected Version blank (a first write): the condition is `attribute_not_exists(#v)` (the
 *   item does not exist yet, or has never been versioned) and the item gets version 1.
 * A user's Condition Expression is kept and joined with AND. The placeholders are chosen last,
 * among those no other part of the request uses, so they never collide.
 *
 * A conflict is a ConditionalCheckFailedException; the request asks DynamoDB for the current item
 * with it (ReturnValuesOnConditionCheckFailure ALL_OLD) so the message can say whether the version
 * moved on or the user's own condition was false.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { type CallContext, wasResentAfterLostAnswer, withFailureCode } from "../aws/errors";
import { type ChosenHint, chosenHint } from "../errors/catalogue";
import {
  checkExpressionLength,
  cut,
  EXPECTED_VERSION_LABEL,
  fail,
  MAX_VERSION_DIGITS,
  show,
  VERSION_ATTRIBUTE_LABEL,
} from "../inputs";
import {
  type AttributeMap,
  attributeToPlain,
  isAttributes,
  plainToAttributeValue,
  sameKeyValue,
} from "../values";
import { ownType } from "../values/types";

export interface VersionLock {
  /** The attribute that holds the version. */
  attribute: string;
  /** The version the item must have now, as decimal text; undefined for a first write. */
  expected?: string;
  /** The version the write sets. */
  next: string;
}

/** The parts of a PutItem or UpdateItem input the lock adds to. */
interface ConditionalWrite {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  UpdateExpression?: string;
  ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

/**
 * The lock the two inputs describe, or undefined without a Version Attribute (the old behaviour).
 * Throws an InputError for an Expected Version without a Version Attribute.
 */
export function versionLock(params: {
  versionAttribute?: string;
  expectedVersion?: string;
}): VersionLock | undefined {
  if (params.versionAttribute === undefined) {
    if (params.expectedVersion !== undefined) {
      fail(
        EXPECTED_VERSION_LABEL,
        "conflict",
        `${EXPECTED_VERSION_LABEL} needs a ${VERSION_ATTRIBUTE_LABEL}: name the number attribute that holds the item's version, such as version, or clear ${EXPECTED_VERSION_LABEL}.`,
      );
    }
    return undefined;
  }
  const next =
    params.expectedVersion === undefined ? "1" : (BigInt(params.expectedVersion) + 1n).toString();
  if (next.length > MAX_VERSION_DIGITS) {
    fail(
      EXPECTED_VERSION_LABEL,
      "tooLarge",
      `${EXPECTED_VERSION_LABEL} ${params.expectedVersion} has no next version within DynamoDB's ${MAX_VERSION_DIGITS} digits.`,
    );
  }
  return { attribute: params.versionAttribute, expected: params.expectedVersion, next };
}

/** How a version reads in messages: the number, or what else the attribute holds. */
function describeVersion(value: AttributeValue | undefined): string {
  if (value === undefined) return "missing";
  if (ownType(value) === "N") return String(value.N);
  try {
    return show(attributeToPlain(value));
  } catch {
    // A value no conversion reads (a mock's) is named as such, not left to hide the conflict.
    return "a value that is no DynamoDB value";
  }
}

/**
 * Is the stored or given version the expected one? Compared as numbers by value, exactly, by the
 * one key value comparison (sameKeyValue: their canonical decimal form, never a JS number, so
 * 9007199254740993 is not 9007199254740992). Text holding a number counts as that number: Get
 * Item gives numbers past 2^53 as text, and the item read is often passed back whole: `given`
 * says the value is the user's (text accepted), not the stored one (which the condition
 * compares as a number only).
 */
function sameVersion(
  value: AttributeValue | undefined,
  expected: string | undefined,
  given = false,
): boolean {
  if (expected === undefined) return value === undefined;
  const type = value === undefined ? undefined : ownType(value);
  const text = type === "N" ? value?.N : given && type === "S" ? value?.S : undefined;
  return typeof text === "string" && sameKeyValue({ N: text }, { N: expected });
}

/**
 * A value the user wrote for the version attribute (a whole item read earlier, passed back) is
 * accepted when it is the Expected Version, and replaced; any other value is an InputError, as
 * the write would otherwise store a version the user did not ask for.
 */
function checkGivenVersion(lock: VersionLock, given: AttributeValue, label: string): void {
  if (sameVersion(given, lock.expected, true)) return;
  const expected = lock.expected === undefined ? "blank (a first write)" : `${lock.expected}`;
  fail(
    label,
    "conflict",
    `${label} sets "${cut(lock.attribute)}" (the ${VERSION_ATTRIBUTE_LABEL}) to ${describeVersion(given)}, but ${EXPECTED_VERSION_LABEL} is ${expected}. Leave "${cut(lock.attribute)}" out (the write sets it to ${lock.next}), or give it the Expected Version.`,
  );
}

/** Upsert Item: the item as written, holding the next version. Without a lock, the item. */
export function versionedItem(
  lock: VersionLock | undefined,
  item: AttributeMap,
  label: string,
): AttributeMap {
  if (!lock) return item;
  if (Object.hasOwn(item, lock.attribute)) checkGivenVersion(lock, item[lock.attribute], label);
  return Object.fromEntries([
    ...Object.entries(item).filter(([name]) => name !== lock.attribute),
    [lock.attribute, { N: lock.next }],
  ]);
}

/** Update Item's Update JSON: the version attribute may appear only as read, and is left out. */
export function versionedPatch(
  lock: VersionLock | undefined,
  patch: Record<string, unknown> | undefined,
  label: string,
): Record<string, unknown> | undefined {
  if (!lock || !patch || !Object.hasOwn(patch, lock.attribute)) return patch;
  const given = patch[lock.attribute];
  checkGivenVersion(
    lock,
    given === null || given === undefined
      ? { NULL: true }
      : plainToAttributeValue(given, `${label} attribute "${cut(lock.attribute)}"`),
    label,
  );
  return Object.fromEntries(Object.entries(patch).filter(([name]) => name !== lock.attribute));
}

/** Names and placeholders in an expression: `#name`, `:value` and plain attribute names. */
const EXPRESSION_TOKEN = /[#:]?[A-Za-z0-9_]+/g;

/**
 * The lock sets the version itself; an Update Expression that also names the version attribute
 * (directly or through a #placeholder) would make DynamoDB refuse the request ("two document
 * paths overlap"), so it is an input error before anything is sent. A name after a dot is a
 * nested path (info.version), not the attribute.
 */
export function checkVersionUntouched(
  lock: VersionLock | undefined,
  updateExpression: string | undefined,
  names: Record<string, string> | undefined,
): void {
  if (!lock || !updateExpression) return;
  for (const match of updateExpression.matchAll(EXPRESSION_TOKEN)) {
    const token = match[0];
    const nested = match.index > 0 && updateExpression[match.index - 1] === ".";
    const placeholder =
      token.startsWith("#") && names !== undefined && Object.hasOwn(names, token)
        ? names[token]
        : undefined;
    const named = placeholder === lock.attribute || (!nested && token === lock.attribute);
    if (named) {
      fail(
        "Update Expression",
        "conflict",
        `Update Expression names "${cut(lock.attribute)}"${placeholder ? ` (as ${token})` : ""}, the ${VERSION_ATTRIBUTE_LABEL}: the version check sets it to ${lock.next} in the same request. Leave it out of the Update Expression.`,
      );
    }
  }
}

/** The first of `base`, `base1`, `base2`, ... that `taken` does not hold. */
function freePlaceholder(base: string, taken: Record<string, unknown>): string {
  let candidate = base;
  for (let counter = 1; Object.hasOwn(taken, candidate); counter++) candidate = `${base}${counter}`;
  return candidate;
}

/** Adds an assignment to an update expression's SET clause (DynamoDB allows one), or adds one. */
export function addToSetClause(expression: string, assignment: string): string {
  // SET is a reserved word: outside a #name, :value or path it can only be the clause keyword.
  const match = /(^|[^#:\w.])(SET)(?![\w])/i.exec(expression);
  if (!match) return `SET ${assignment} ${expression}`;
  const at = match.index + match[1].length + match[2].length;
  return `${expression.slice(0, at)} ${assignment},${expression.slice(at)}`;
}

/**
 * The write with the version condition (joined to the user's with AND), the placeholders it
 * needs, and for an update the new version in the SET clause. Without a lock, the write as is.
 */
export function withVersionCondition<T extends ConditionalWrite>(
  lock: VersionLock | undefined,
  command: T,
): T {
  if (!lock) return command;
  const names: Record<string, string> = { ...command.ExpressionAttributeNames };
  const values: Record<string, AttributeValue> = { ...command.ExpressionAttributeValues };
  const name = freePlaceholder("#version", names);
  names[name] = lock.attribute;
  let versionCondition = `attribute_not_exists(${name})`;
  if (lock.expected !== undefined) {
    const expected = freePlaceholder(":expectedVersion", values);
    values[expected] = { N: lock.expected };
    versionCondition = `${name} = ${expected}`;
  }
  const condition = checkExpressionLength(
    command.ConditionExpression
      ? `(${command.ConditionExpression}) AND ${versionCondition}`
      : versionCondition,
    "Condition Expression",
  );
  let update = command.UpdateExpression;
  if (update !== undefined) {
    const next = freePlaceholder(":nextVersion", values);
    values[next] = { N: lock.next };
    update = checkExpressionLength(
      addToSetClause(update, `${name} = ${next}`),
      "Update Expression",
    );
  }
  return {
    ...command,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
    ...(update !== undefined ? { UpdateExpression: update } : {}),
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  };
}

/** The current item DynamoDB returned with a failed condition (the SDK error, or its cause). */
function currentItem(error: unknown): AttributeMap | undefined {
  const { Item, cause } = (error ?? {}) as { Item?: unknown; cause?: { Item?: unknown } };
  // A mock may give Item: null (or no object): no current item to read.
  const item = Item ?? cause?.Item;
  return isAttributes(item) ? item : undefined;
}

/**
 * Why a versioned write's condition failed, in words a flow builder can act on, and the code its
 * error carries: versionConflict when the version moved on (or the item is gone), conditionFailed
 * when the version held and the user's own Condition Expression was false.
 */
export function conflictReason(
  lock: VersionLock,
  current: AttributeMap | undefined,
  hasUserCondition: boolean,
): ChosenHint {
  const conditionFalse = (text: string): ChosenHint => ({ code: "conditionFailed", text });
  const changed = (change: string) => chosenHint("versionConflict", { change });
  if (current !== undefined) {
    const stored = Object.hasOwn(current, lock.attribute) ? current[lock.attribute] : undefined;
    if (sameVersion(stored, lock.expected)) {
      return conditionFalse(
        "The version matched, but the Condition Expression was false for the current item, so nothing was written.",
      );
    }
    if (lock.expected === undefined) {
      return changed(
        `it already exists with ${VERSION_ATTRIBUTE_LABEL} "${cut(lock.attribute)}" = ${describeVersion(stored)}, while ${EXPECTED_VERSION_LABEL} is blank (a first write)`,
      );
    }
    return changed(
      `its ${VERSION_ATTRIBUTE_LABEL} "${cut(lock.attribute)}" is now ${describeVersion(stored)}, not the Expected Version ${lock.expected}`,
    );
  }
  if (lock.expected !== undefined) {
    // The version condition cannot hold for an item that is gone, whatever the user's condition.
    return changed(
      `it no longer exists with "${cut(lock.attribute)}" = ${lock.expected} (it was deleted, or changed)${hasUserCondition ? ", or the Condition Expression was false" : ""}`,
    );
  }
  // A first write's version condition (attribute_not_exists) holds for an absent item.
  return hasUserCondition
    ? conditionFalse(
        "The Condition Expression was false (the item does not exist yet), so nothing was written.",
      )
    : changed(`it already exists with a "${cut(lock.attribute)}"`);
}

/**
 * Runs a versioned write; a failed condition becomes an Error (still named
 * ConditionalCheckFailedException, so flows that branch on the name keep working) whose message
 * says the item changed since it was read, and to which version, and whose `code` tells the cases
 * apart: versionConflict, conditionFailed (the user's own condition) or resentAfterLostAnswer.
 * Other errors pass through.
 */
export function guardVersion<T>(
  lock: VersionLock | undefined,
  context: CallContext,
  hasUserCondition: boolean,
  run: () => Promise<T>,
): Promise<T> {
  // Without a lock, run's own promise: an async function returning it would cost two more turns.
  return lock ? runGuarded(lock, context, hasUserCondition, run) : run();
}

async function runGuarded<T>(
  lock: VersionLock,
  context: CallContext,
  hasUserCondition: boolean,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { name?: unknown })?.name !== "ConditionalCheckFailedException") throw error;
    const where = `${context.operation} failed${context.table ? ` on table "${context.table}"` : ""} in region ${context.region}`;
    // After a lost answer the item may have changed by this very write: no "changed since read".
    const reason = wasResentAfterLostAnswer(error)
      ? chosenHint("resentAfterLostAnswer")
      : conflictReason(lock, currentItem(error), hasUserCondition);
    const conflict = Object.assign(
      new Error(`${where}: ConditionalCheckFailedException: ${reason.text}`),
      { name: "ConditionalCheckFailedException", cause: error },
    );
    throw withFailureCode(conflict, reason.code);
  }
}

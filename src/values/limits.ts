/**
 * DynamoDB's documented limits, checked locally so that an input that can never succeed is an
 * InputError naming the input, not a request DynamoDB refuses. Each limit is written here once.
 *
 * Source: Amazon DynamoDB Developer Guide, "Service, account, and table quotas in Amazon
 * DynamoDB" (ServiceQuotas.html) and the API reference of ExecuteStatement.
 */

import { printable } from "../common/text";
import { cut, fail } from "../errors/inputError";
import { itemSize, itemSizeAtMost } from "./size";
import type { AttributeMap } from "./types";

/** Largest item, in bytes (400 KB), attribute names and values together. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** Largest partition (hash) key value, in bytes. */
export const MAX_HASH_KEY_BYTES = 2048;
/** Largest sort (range) key value, in bytes. */
export const MAX_RANGE_KEY_BYTES = 1024;
/** Longest expression string (condition, key condition, filter, projection, update), in bytes. */
const MAX_EXPRESSION_BYTES = 4 * 1024;
/** Longest PartiQL statement, in characters (ExecuteStatement's Statement). */
const MAX_STATEMENT_CHARS = 8192;
/** Longest PartiQL NextToken, in characters (ExecuteStatement's NextToken). */
const MAX_NEXT_TOKEN_CHARS = 32768;
/** Longest attribute name, in bytes (64 KB). */
const MAX_ATTRIBUTE_NAME_BYTES = 64 * 1024;
/** Deepest nesting of lists and maps in an item. */
export const MAX_DEPTH = 32;
/** Table and index names: 3 to 255 characters of a-z, A-Z, 0-9, _, - and . */
const NAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;
const MIN_NAME_LENGTH = 3;
const MAX_NAME_LENGTH = 255;

const OFFLOAD_HINT = "Store large content elsewhere (such as S3) and keep a reference in the item.";

/**
 * The most list and map members one value given to the connector may hold, counted as written
 * out: every member takes at least one of an item's 400 KB (MAX_ITEM_BYTES; "Item sizes and
 * formats" in DynamoDB's Developer Guide), so no stored value holds more. A code-native flow can
 * pass an object that places one list or object in many places (x = {a: y, b: y}, level upon
 * level): small in memory, exponentially large written out. Counting stops it at this bound.
 */
export const MAX_MEMBERS = MAX_ITEM_BYTES;

/**
 * The members one walk of a value has left to visit (MAX_MEMBERS). Made at the top of a walk and
 * handed down its recursion; `spend` throws an InputError `tooLarge` naming `label` once the
 * walk has visited more.
 */
export class MemberBudget {
  private left = MAX_MEMBERS;

  spend(label: string): void {
    this.left -= 1;
    if (this.left < 0) {
      fail(
        label,
        "tooLarge",
        `${label} holds more than ${MAX_MEMBERS.toLocaleString("en-US")} list and map members (counting a list or object once for every place it appears), more than a DynamoDB item of 400 KB can hold. Pass data in which each list or object appears once, as JSON text does.`,
      );
    }
  }
}

/** An item (or the attributes an update sets) within 400 KB; `what` reads "is" or "sets". */
export function checkItemBytes(bytes: number, label: string, what = "is"): void {
  if (bytes > MAX_ITEM_BYTES) {
    fail(
      label,
      "tooLarge",
      `${label} ${what} ${bytes} bytes${what === "sets" ? " of attributes" : ""}, over DynamoDB's limit of ${MAX_ITEM_BYTES} bytes (400 KB) for one item. ${OFFLOAD_HINT}`,
    );
  }
}

/** One expression input within DynamoDB's 4 KB. */
export function checkExpressionLength(expression: string, label: string): string {
  // Cheap first: a string of fewer than 4096/3 characters cannot reach 4 KB in UTF-8.
  if (expression.length > MAX_EXPRESSION_BYTES / 3) {
    const bytes = Buffer.byteLength(expression, "utf8");
    if (bytes > MAX_EXPRESSION_BYTES) {
      fail(
        label,
        "tooLarge",
        `${label} is ${bytes} bytes long; DynamoDB allows expressions of at most 4 KB (${MAX_EXPRESSION_BYTES} bytes). Shorten it, or split the work into several steps.`,
      );
    }
  }
  return expression;
}

/** Text within a length in characters; `advice` says what to do instead. */
function checkChars(text: string, label: string, max: number, what: string, advice: string) {
  if (text.length > max) {
    fail(label, "tooLarge", `${label} is ${text.length} characters long; ${what}. ${advice}`);
  }
  return text;
}

/** A PartiQL statement within 8,192 characters. */
export function checkStatementLength(statement: string, label: string): string {
  return checkChars(
    statement,
    label,
    MAX_STATEMENT_CHARS,
    "DynamoDB allows PartiQL statements of at most 8,192 characters",
    "Use ? placeholders with Parameters for long values.",
  );
}

/** A PartiQL Next Token within DynamoDB's 32,768 characters. */
export function checkNextTokenLength(token: string, label: string): string {
  return checkChars(
    token,
    label,
    MAX_NEXT_TOKEN_CHARS,
    "no token DynamoDB returns is longer than 32,768",
    "Pass the nextToken of a previous run as it was returned.",
  );
}

/** A table or index name that follows DynamoDB's naming rule (the value is echoed cut short). */
export function checkName(label: string, value: string): string {
  if (
    value.length < MIN_NAME_LENGTH ||
    value.length > MAX_NAME_LENGTH ||
    !NAME_PATTERN.test(value)
  ) {
    // Escaped: a name is user text, and a newline or ANSI escape in it could forge a log line.
    const shown = printable(cut(value));
    fail(
      label,
      "invalidName",
      `${label} "${shown}" is not a valid name: use ${MIN_NAME_LENGTH} to ${MAX_NAME_LENGTH} characters from a-z, A-Z, 0-9, underscore (_), hyphen (-) and dot (.).`,
    );
  }
  return value;
}

/**
 * A top-level attribute named "__proto__" is stored by DynamoDB, but the AWS SDK's response
 * parser drops it, so every read returns the item without it and a read-then-write flow would
 * delete it. It is refused on every write path rather than lost silently.
 */
export const UNREADABLE_ATTRIBUTE = "__proto__";

export function checkReadableName(name: string, label: string): void {
  if (name === UNREADABLE_ATTRIBUTE) {
    fail(
      label,
      "unreadableName",
      `${label}: an attribute named "__proto__" cannot be written: DynamoDB would store it, but the AWS SDK drops it from every read, so it would be lost silently. Rename the attribute.`,
    );
  }
}

/**
 * The rules every write path applies to a whole item (Upsert, Batch Write, Transact Write): at
 * least one attribute, no attribute the SDK could never read back, within 400 KB. Returns the item.
 */
export function checkItemForWrite(item: AttributeMap, label: string): AttributeMap {
  const names = Object.keys(item);
  if (names.length === 0) {
    fail(
      label,
      "required",
      `${label} has no attributes; an item needs at least its key attributes.`,
    );
  }
  if (Object.hasOwn(item, UNREADABLE_ATTRIBUTE)) checkReadableName(UNREADABLE_ATTRIBUTE, label);
  // Exact UTF-8 lengths and number digits only for an item that may be near the limit.
  if (itemSizeAtMost(item) > MAX_ITEM_BYTES) checkItemBytes(itemSize(item), label);
  return item;
}

/** An attribute name an input gives on its own (such as Version Attribute) within 64 KB. */
export function checkAttributeNameLength(name: string, label: string): string {
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > MAX_ATTRIBUTE_NAME_BYTES) {
    fail(
      label,
      "tooLarge",
      `${label} is ${bytes} bytes long; DynamoDB allows attribute names of at most 64 KB (${MAX_ATTRIBUTE_NAME_BYTES} bytes).`,
    );
  }
  return name;
}

/**
 * Tag inputs: DynamoDB's tag rules (Tags of Create Table and Tag Resource, Tag Keys of Untag
 * Resource) and the Table Name or ARN the tag actions address, checked before any request.
 */
import type { Tag } from "@aws-sdk/client-dynamodb";
import { input } from "@prismatic-io/spectral";
import { InputError } from "../errors/inputError";
import { dense } from "../values/json";
import { readKeyValueList } from "../values/keyValue";
import { checkName } from "../values/limits";
import { cleanText, isBlank, primitiveText } from "./scalars";

/*
 * What the tag actions (Tag Resource, Untag Resource, List Tags Of Resource) and Create Table's
 * Tags share: DynamoDB's tag rules, checked before any request, and the resource they address.
 *
 * The rules are those of "Tagging restrictions in DynamoDB"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html):
 * a key of 1 to 128 Unicode characters, a value of 0 to 256, made of letters, numbers, white space
 * and + - = . _ : /; the aws: prefix is reserved for AWS; at most 50 tags per resource; one tag
 * per key (keys are case sensitive).
 */

/** DynamoDB's limits on tags (Tagging restrictions in DynamoDB, see above). */
export const MAX_TAGS = 50;
const MAX_TAG_KEY_CHARS = 128;
const MAX_TAG_VALUE_CHARS = 256;
/** Letters, numbers and white space of any script, and + - = . _ : / (linear: one class, anchored). */
const TAG_CHARACTERS = /^[\p{L}\p{M}\p{N}\p{Z}+\-=._:/]*$/u;
const RESERVED_PREFIX = /^aws:/i;
const ALLOWED = "letters, numbers, spaces and + - = . _ : /";

/** Length in Unicode characters (code points), as DynamoDB counts it, not UTF-16 units. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** A short, safe echo of a user value for a message (cut by characters, not UTF-16 units). */
function echo(text: string): string {
  return JSON.stringify(characters(text) > 40 ? `${[...text].slice(0, 40).join("")}…` : text);
}

/**
 * Checks one tag key against DynamoDB's rules; `where` names the input (and row). Returns the key.
 * Throws an Error naming the input for a blank key, one over 128 characters, a character outside
 * letters, numbers, spaces and + - = . _ : /, or the reserved aws: prefix.
 */
function checkTagKey(key: string, where: string): string {
  if (key === "" || characters(key) > MAX_TAG_KEY_CHARS) {
    throw new InputError(
      where,
      "invalidValue",
      `${where} needs a key of 1 to ${MAX_TAG_KEY_CHARS} characters${key ? `, not ${characters(key)}` : ""}, such as team.`,
    );
  }
  if (!TAG_CHARACTERS.test(key)) {
    throw new InputError(
      where,
      "invalidValue",
      `${where}: the key ${echo(key)} may hold only ${ALLOWED}.`,
    );
  }
  if (RESERVED_PREFIX.test(key)) {
    throw new InputError(
      where,
      "invalidValue",
      `${where}: the key ${echo(key)} starts with aws:, which AWS reserves for its own tags. Use another prefix, such as team.`,
    );
  }
  return key;
}

/** Checks one tag value (0 to 256 characters, the same characters as keys); returns it. */
function checkTagValue(value: string, key: string, label: string): string {
  if (characters(value) > MAX_TAG_VALUE_CHARS) {
    throw new InputError(
      label,
      "invalidValue",
      `${label}: the value of "${key}" is longer than ${MAX_TAG_VALUE_CHARS} characters (${characters(value)}).`,
    );
  }
  if (!TAG_CHARACTERS.test(value)) {
    throw new InputError(
      label,
      "invalidValue",
      `${label}: the value of "${key}" may hold only ${ALLOWED}.`,
    );
  }
  return value;
}

/**
 * A Tags input (a key-value list such as team → billing, or an object from a code-native flow) as
 * DynamoDB Tags. Blank (an empty list included) gives undefined, unless `required`. Every rule
 * above is checked; a key given twice is an error, since only one of the two values could be kept.
 */
export function cleanTagList(label: string, required: boolean) {
  return (value: unknown): Tag[] | undefined => {
    // The designer gives a list whose rows were all removed as []: for an optional input that
    // is a list left empty, as every other optional list takes it.
    if (isBlank(value) && !required) return undefined;
    if (isBlank(value) && !Array.isArray(value)) {
      throw new InputError(
        label,
        "invalidValue",
        `${label} is required: a key-value list such as team → billing.`,
      );
    }
    const rows = readKeyValueList(value, label, {
      rowExample: "team → billing",
      // A blank key is refused by checkTagKey, with the tag key rule.
      allowBlankKeys: true,
    });
    if (rows.length === 0) {
      throw new InputError(
        label,
        "invalidValue",
        `${label} must be a key-value list such as team → billing.`,
      );
    }
    if (rows.length > MAX_TAGS) {
      throw new InputError(
        label,
        "invalidValue",
        `${label}: a table can have at most ${MAX_TAGS} tags, not ${rows.length}.`,
      );
    }
    const seen = new Set<string>();
    return rows.map(([rawKey, rawValue], index) => {
      const key = checkTagKey(rawKey.trim(), `${label}: row ${index + 1}`);
      if (seen.has(key))
        throw new InputError(label, "invalidValue", `${label}: the key "${key}" appears twice.`);
      seen.add(key);
      // A number the JSON reader kept exactly is an object too, but has a text: as written.
      const text = rawValue === undefined || rawValue === null ? "" : primitiveText(rawValue);
      if (text === undefined && typeof rawValue === "object") {
        throw new InputError(
          label,
          "invalidValue",
          `${label}: the value of "${key}" must be text, not an object or list.`,
        );
      }
      const tagValue = text ?? "";
      return { Key: key, Value: checkTagValue(tagValue, key, label) };
    });
  };
}

/**
 * Tag Keys (a value list, or an array from a code-native flow; one text is one key): the keys to
 * remove, each checked as a tag key, none twice, at most 50.
 */
export function cleanTagKeys(value: unknown): string[] {
  const label = "Tag Keys";
  const list = Array.isArray(value) ? dense(value) : isBlank(value) ? [] : [value];
  if (list.length === 0)
    throw new InputError(
      label,
      "invalidValue",
      `${label} is required: one or more tag keys, such as team.`,
    );
  if (list.length > MAX_TAGS) {
    throw new InputError(
      label,
      "invalidValue",
      `${label}: a resource has at most ${MAX_TAGS} tags, so give at most ${MAX_TAGS} keys, not ${list.length}.`,
    );
  }
  const keys: string[] = [];
  list.forEach((entry, index) => {
    if (entry !== null && typeof entry === "object") {
      throw new InputError(
        label,
        "invalidValue",
        `${label}: entry ${index + 1} must be a tag key as text, such as team.`,
      );
    }
    const key = checkTagKey((primitiveText(entry) ?? "").trim(), `${label}: entry ${index + 1}`);
    if (keys.includes(key))
      throw new InputError(label, "invalidValue", `${label}: the key "${key}" appears twice.`);
    keys.push(key);
  });
  return keys;
}

export const RESOURCE_LABEL = "Table Name or ARN";
/**
 * A DynamoDB ARN: arn:<partition>:dynamodb:<region>:<12-digit account>:table/<name>, and what
 * follows for a part of the table (a stream, or an index or backup, which the tag actions refuse).
 * Linear: each part is one character class.
 */
const DYNAMODB_ARN = /^arn:(aws[a-z-]*):dynamodb:([a-z0-9-]+):(\d{12}):table\/([^/\s]+)(\/\S*)?$/;
const MAX_ARN_CHARS = 1283;

/** The resource a tag action addresses: a table by name (ARN looked up) or any resource by ARN. */
export type TagResource = { arn: string; region: string } | { tableName: string };

/**
 * Table Name or ARN: a DynamoDB ARN (arn:aws:dynamodb:us-east-1:123456789012:table/Customers,
 * 1 to 1,283 characters as TagResource allows), or a table name (3 to 255 of a-z A-Z 0-9 _ - .).
 */
function cleanTagResource(value: unknown): TagResource {
  const example = "Customers or arn:aws:dynamodb:us-east-1:123456789012:table/Customers";
  if (value !== null && typeof value === "object" && !isBlank(value)) {
    throw new InputError(
      RESOURCE_LABEL,
      "invalidValue",
      `${RESOURCE_LABEL} must be text: a table name or a DynamoDB ARN, such as ${example}.`,
    );
  }
  const text = cleanText(RESOURCE_LABEL)(value);
  if (text === undefined) {
    throw new InputError(
      RESOURCE_LABEL,
      "invalidValue",
      `${RESOURCE_LABEL} is required: a table name or a DynamoDB ARN, such as ${example}.`,
    );
  }
  if (text.startsWith("arn:")) {
    const match = text.length <= MAX_ARN_CHARS ? DYNAMODB_ARN.exec(text) : null;
    if (!match) {
      throw new InputError(
        RESOURCE_LABEL,
        "invalidValue",
        `${RESOURCE_LABEL} ${echo(text)} is not a DynamoDB ARN; it looks like arn:aws:dynamodb:us-east-1:123456789012:table/Customers.`,
      );
    }
    if (match[5] && !match[5].startsWith("/stream/")) refuseTablePart(text, match[4], match[5]);
    return { arn: text, region: match[2] };
  }
  return { tableName: checkName(RESOURCE_LABEL, text) };
}

/**
 * Refuses the ARN of a part of `table` (`suffix`: /backup/..., /index/..., /export/...) other
 * than a stream: only tables and streams take tags. The Service Authorization Reference lists
 * `table` and `stream` as the resources of TagResource, UntagResource and ListTagsOfResource;
 * "Tagging for DynamoDB" says indexes carry their table's tags ("Using attribute-based access
 * control with DynamoDB Streams" tags a stream by its ARN).
 */
function refuseTablePart(arn: string, table: string, suffix: string): never {
  const part = /^\/(backup|index|export|import)\//.exec(suffix)?.[1] ?? "part";
  throw new InputError(
    RESOURCE_LABEL,
    "invalidValue",
    `${RESOURCE_LABEL} ${echo(arn)} is the ARN of a table's ${part}, and DynamoDB tags only tables and streams (a table's indexes carry its tags). Give the table's name (${echo(table)}) or its ARN, which ends in table/ and the name.`,
  );
}

/** Table Name or ARN: the resource the tag actions address (a table picklist, or any ARN). */
export const tagResourceInput = input({
  label: RESOURCE_LABEL,
  type: "string",
  required: true,
  dataSource: "selectTable",
  example: "Customers",
  comments:
    "The table, by name (its ARN is looked up in this region) or by ARN, such as arn:aws:dynamodb:us-east-1:123456789012:table/Customers. A stream's ARN (table/…/stream/…) tags the stream. DynamoDB tags only tables and streams: the ARN of a backup, index, export or import is refused (indexes carry their table's tags).",
  clean: cleanTagResource,
});

/**
 * DynamoDB's size of an item, per its sizing rules (Developer Guide, "Item sizes and formats"):
 * attribute names and values in UTF-8 bytes, numbers by significant digits.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { numberShape } from "./numbers";
import { formatItem } from "./output";
import { type AttributeMap, ownType } from "./types";

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function numberSize(text: string): number {
  const shape = numberShape(text.trim());
  return Math.ceil((shape?.significant ?? text.length) / 2) + 1;
}

/**
 * DynamoDB's size of one value in bytes, read by its own type (ownType); 0 for what is no value.
 * Sets count their members' sizes, lists and maps 3 bytes plus 1 per member.
 */
export function valueSize(value: AttributeValue | undefined): number {
  if (typeof value !== "object" || value === null) return 0;
  switch (ownType(value)) {
    case "S":
      return utf8Length(value.S as string);
    case "N":
      return numberSize(value.N as string);
    case "B":
      return (value.B as Uint8Array).byteLength;
    case "BOOL":
    case "NULL":
      return 1;
    case "L": {
      const list = value.L as AttributeValue[];
      let size = 3 + list.length;
      for (const member of list) size += valueSize(member);
      return size;
    }
    case "M": {
      const map = value.M as AttributeMap;
      let size = 3;
      for (const key of Object.keys(map)) size += 1 + utf8Length(key) + valueSize(map[key]);
      return size;
    }
    case "SS":
      return sumOf(value.SS as string[], utf8Length);
    case "NS":
      return sumOf(value.NS as string[], numberSize);
    case "BS":
      return sumOf(value.BS as Uint8Array[], (member) => member.byteLength);
    default:
      return 0;
  }
}

function sumOf<T>(members: readonly T[], size: (member: T) => number): number {
  let total = 0;
  for (const member of members) total += size(member);
  return total;
}

/**
 * The bytes of a key value that DynamoDB's key limits count (MAX_HASH_KEY_BYTES and
 * MAX_RANGE_KEY_BYTES): an S's UTF-8 length or a B's length; 0 for an N (limited by its digits
 * instead) and for any other value. Read by the value's own type.
 */
export function keyValueBytes(value: AttributeValue): number {
  const type = ownType(value);
  if (type === "S") return utf8Length(value.S as string);
  if (type === "B") return (value.B as Uint8Array).byteLength;
  return 0;
}

/**
 * The bytes `item` takes in a step's output, as it is serialised there: the UTF-8 length of its
 * JSON text in the returned form (plain JSON, or DynamoDB JSON when `dynamoJson`), plus one for
 * the comma that separates it from the next item. This, not DynamoDB's item size, is what output
 * byte budgets count: a list of NULLs is 2 bytes an element to DynamoDB but 14 as DynamoDB JSON.
 */
export function outputSize(item: AttributeMap, dynamoJson = false): number {
  return Buffer.byteLength(JSON.stringify(formatItem(item, dynamoJson)), "utf8") + 1;
}

/**
 * What a step keeps of a list for its output within `budget` bytes: values are kept in the order
 * added until one would pass the budget; from then on they are only counted, and their size is
 * not even measured, so what is held is bounded as well as what is returned. `count` counts every
 * value added; `truncated` says that some were left out.
 */
export class BoundedList<T> {
  readonly kept: T[] = [];
  count = 0;
  truncated = false;
  private bytes = 0;

  constructor(private readonly budget: number) {}

  /** Adds `value`, whose output bytes `sizeOf` measures; returns whether it was kept. */
  add(value: T, sizeOf: (value: T) => number): boolean {
    this.count += 1;
    if (this.truncated) return false;
    const bytes = sizeOf(value);
    if (this.bytes + bytes > this.budget) {
      this.truncated = true;
      return false;
    }
    this.bytes += bytes;
    this.kept.push(value);
    return true;
  }
}

/** Approximate DynamoDB item size in bytes, per AWS's sizing rules. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const key of Object.keys(item)) {
    const value = item[key];
    if (value !== undefined) size += utf8Length(key) + valueSize(value);
  }
  return size;
}

/**
 * An upper bound of itemSize(item) that measures nothing: 3 UTF-8 bytes per UTF-16 unit (a
 * surrogate pair is 4 bytes for 2 units), and a number's significant digits at most its length.
 * An item within a limit by this bound is within it by itemSize.
 */
export function itemSizeAtMost(item: AttributeMap): number {
  let size = 0;
  const keys = Object.keys(item);
  for (let index = 0; index < keys.length; index++) {
    const value = item[keys[index]];
    if (value !== undefined) size += 3 * keys[index].length + valueSizeAtMost(value);
  }
  return size;
}

function valueSizeAtMost(value: AttributeValue | undefined): number {
  if (typeof value !== "object" || value === null) return 0;
  switch (ownType(value)) {
    case "S":
      return 3 * (value.S as string).length;
    case "N":
      return Math.ceil((value.N as string).length / 2) + 1;
    case "B":
      return (value.B as Uint8Array).byteLength;
    case "BOOL":
    case "NULL":
      return 1;
    case "L": {
      const list = value.L as AttributeValue[];
      let size = 3 + list.length;
      for (let index = 0; index < list.length; index++) size += valueSizeAtMost(list[index]);
      return size;
    }
    case "M": {
      const map = value.M as AttributeMap;
      const keys = Object.keys(map);
      let size = 3;
      for (let index = 0; index < keys.length; index++) {
        size += 1 + 3 * keys[index].length + valueSizeAtMost(map[keys[index]]);
      }
      return size;
    }
    case "SS":
      return sumOf(value.SS as string[], (member) => 3 * member.length);
    case "NS":
      return sumOf(value.NS as string[], (member) => Math.ceil(member.length / 2) + 1);
    case "BS":
      return sumOf(value.BS as Uint8Array[], (member) => member.byteLength);
    default:
      return 0;
  }
}

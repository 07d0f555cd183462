/**
 * DynamoDB's size of an item, per its sizing rules (Developer Guide, "Item sizes and formats"):
 * attribute names and values in UTF-8 bytes, numbers by significant digits.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { numberShape } from "./numbers";
import { formatItem } from "./output";
import type { AttributeMap } from "./types";

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function numberSize(text: string): number {
  const shape = numberShape(text.trim());
  return Math.ceil((shape?.significant ?? text.length) / 2) + 1;
}

export function valueSize(value: AttributeValue | undefined): number {
  if (typeof value !== "object" || value === null) return 0;
  if (value.S !== undefined) return utf8Length(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) {
    let size = 3 + value.L.length;
    for (const member of value.L) size += valueSize(member);
    return size;
  }
  if (value.M !== undefined) {
    let size = 3;
    for (const key of Object.keys(value.M)) size += 1 + utf8Length(key) + valueSize(value.M[key]);
    return size;
  }
  let size = 0;
  if (value.SS !== undefined) for (const member of value.SS) size += utf8Length(member);
  if (value.NS !== undefined) for (const member of value.NS) size += numberSize(member);
  if (value.BS !== undefined) for (const member of value.BS) size += member.byteLength;
  return size;
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
  if (value.S !== undefined) return 3 * value.S.length;
  if (value.N !== undefined) return Math.ceil(value.N.length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) {
    let size = 3 + value.L.length;
    for (let index = 0; index < value.L.length; index++) size += valueSizeAtMost(value.L[index]);
    return size;
  }
  if (value.M !== undefined) {
    const map = value.M;
    const keys = Object.keys(map);
    let size = 3;
    for (let index = 0; index < keys.length; index++) {
      size += 1 + 3 * keys[index].length + valueSizeAtMost(map[keys[index]]);
    }
    return size;
  }
  let size = 0;
  if (value.SS !== undefined) for (const member of value.SS) size += 3 * member.length;
  if (value.NS !== undefined)
    for (const member of value.NS) size += Math.ceil(member.length / 2) + 1;
  if (value.BS !== undefined) for (const member of value.BS) size += member.byteLength;
  return size;
}

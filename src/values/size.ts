/**
 * DynamoDB's size of an item, per its sizing rules (Developer Guide, "Item sizes and formats"):
 * attribute names and values in UTF-8 bytes, numbers by significant digits.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { numberShape } from "./numbers";
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

/** Approximate DynamoDB item size in bytes, per AWS's sizing rules. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const key of Object.keys(item)) {
    const value = item[key];
    if (value !== undefined) size += utf8Length(key) + valueSize(value);
  }
  return size;
}

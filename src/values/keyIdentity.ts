/**
 * The connector's one comparison of key values, by type and value: here, below the engines, so
 * that the check of a mocked answer's keys (aws/mockedAnswers.ts) compares as the engines do.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { canonicalNumber } from "./numbers";
import { type AttributeMap, ownType } from "./types";

/**
 * The identity of one key value (S, N or B): equal for two values exactly when DynamoDB sees them
 * as the same. Numbers compare by value on their canonical decimal form ("1", "1.0" and "10E-1"
 * are one number; digits past 2^53 count, no JS number is involved); binary by its bytes. Any
 * other value (absent, NULL, a map, something that is no AttributeValue) gives undefined.
 */
export function keyValueIdentity(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  // Read by its own type only: a property another module put on Object.prototype is no key.
  const typed = value as AttributeValue;
  switch (ownType(value)) {
    case "S":
      return typeof typed.S === "string" ? `S:${typed.S}` : undefined;
    case "N":
      return typeof typed.N === "string" ? `N:${canonicalNumber(typed.N)}` : undefined;
    case "B":
      return typed.B instanceof Uint8Array
        ? `B:${Buffer.from(typed.B).toString("base64")}`
        : undefined;
    default:
      return undefined;
  }
}

/** Are these the same key value, by type and value (keyValueIdentity)? Never for a non-key value. */
export function sameKeyValue(a: unknown, b: unknown): boolean {
  const identity = keyValueIdentity(a);
  return identity !== undefined && identity === keyValueIdentity(b);
}

/**
 * keyIdentity (engines/keyValues.ts) of a key given without its table's schema: the attributes
 * `names` (by default those the key holds), in name order. Undefined if `key` lacks one of them
 * or a value is no key value.
 */
export function givenKeyIdentity(
  key: AttributeMap,
  names: readonly string[] = Object.keys(key),
): string | undefined {
  const parts: string[] = [];
  for (const name of [...names].sort()) {
    const identity = Object.hasOwn(key, name) ? keyValueIdentity(key[name]) : undefined;
    if (identity === undefined) return undefined;
    parts.push(name, identity);
  }
  return JSON.stringify(parts);
}

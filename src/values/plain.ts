/**
 * Plain JSON values (numbers lossless) -> AttributeValue: strings, numbers, booleans, null, lists
 * and maps as DynamoDB stores them; from code-native flows also binary data, JS Sets, Maps and
 * Dates. Nesting is bounded by DynamoDB's 32 levels, which also stops a value that contains itself.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { isNumberObject } from "../common/numberObjects";
import { show } from "../errors/inputError";
import { asUint8Array, isBytes } from "./binary";
import { isPlainObject } from "./json";
import { MAX_DEPTH, MemberBudget } from "./limits";
import { numberOrFail } from "./numbers";
import { primitiveText } from "./primitives";
import { setValue } from "./sets";
import { type AttributeMap, child, failAt, setKey, type Where } from "./types";

/**
 * One plain value as an AttributeValue; an InputError naming `where` for what DynamoDB cannot
 * store, nesting past MAX_DEPTH, or more members than MAX_MEMBERS (`budget`, shared by one walk).
 */
export function plainToAttr(
  value: unknown,
  where: Where,
  depth: number,
  budget = new MemberBudget(),
): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case "string":
      return { S: value };
    case "boolean":
      return { BOOL: value };
    case "number":
    case "bigint":
      return { N: numberOrFail(value, where, false).text };
    case "undefined":
      return failAt(where, "has no value.");
    case "object":
      break;
    default:
      return failAt(where, `is a ${typeof value}, which DynamoDB cannot store.`);
  }
  if (isNumberObject(value)) {
    return { N: numberOrFail(value, where, false).text };
  }
  if (depth >= MAX_DEPTH) {
    return failAt(
      where,
      `is nested more than ${MAX_DEPTH} levels deep, DynamoDB's limit.`,
      "tooDeep",
    );
  }
  if (Array.isArray(value)) {
    const list: AttributeValue[] = [];
    // An undefined member (or a hole) is refused, not skipped: a list keeps its members'
    // places, and leaving one out would move every later member without a word.
    for (let index = 0; index < value.length; index++) {
      const member = value[index];
      budget.spend(where.input);
      if (member === undefined) {
        failAt(child(where, index), "has no value; give null for an empty place in a list.");
      }
      list.push(plainToAttr(member, child(where, index), depth + 1, budget));
    }
    return { L: list };
  }
  if (isPlainObject(value)) {
    const map: AttributeMap = {};
    for (const key of Object.keys(value)) {
      const member = value[key];
      budget.spend(where.input);
      if (member !== undefined) {
        setKey(map, key, plainToAttr(member, child(where, key), depth + 1, budget));
      }
    }
    return { M: map };
  }
  if (isBytes(value)) return { B: asUint8Array(value) };
  if (value instanceof Set) return setValue([...value], setCodeOf(value, where), where);
  if (value instanceof Map) {
    const map: AttributeMap = {};
    for (const [key, member] of value) {
      budget.spend(where.input);
      if (member === undefined) continue;
      const name = primitiveText(key) ?? failAt(where, `has a key that is ${show(key)}, not text.`);
      setKey(map, name, plainToAttr(member, child(where, name), depth + 1, budget));
    }
    return { M: map };
  }
  if (value instanceof Date) return { S: value.toISOString() };
  const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
  return failAt(where, `is a ${name}, which DynamoDB cannot store; give plain JSON.`);
}

/** A JS Set from a code-native flow: its first member decides SS, NS or BS. */
function setCodeOf(set: Set<unknown>, where: Where): "SS" | "NS" | "BS" {
  if (set.size === 0) return failAt(where, "is an empty set; a set cannot be empty.");
  const first = set.values().next().value;
  if (typeof first === "string") return "SS";
  if (isBytes(first)) return "BS";
  if (typeof first === "number" || typeof first === "bigint") return "NS";
  if (isNumberObject(first)) return "NS";
  return failAt(
    where,
    `is a set of ${show(first)}; a set holds only text, numbers or binary data.`,
  );
}

/** Any plain JSON value (e.g. a PartiQL parameter) to one AttributeValue, numbers lossless. */
export function plainToAttributeValue(value: unknown, label: string): AttributeValue {
  return plainToAttr(value, { input: label, path: "" }, 0);
}

/**
 * Typed values: a value with the type code a user chose (the Value / Value Types and Expression
 * Attribute Values / Types inputs), and DynamoDB's typed JSON ({"N": "42"}) as cursors carry it.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { cut, show } from "../errors/inputError";
import { bytesOrFail } from "./binary";
import { isPlainObject } from "./json";
import { readKeyValueList } from "./keyValue";
import { MAX_DEPTH, MemberBudget } from "./limits";
import { numberOrFail } from "./numbers";
import { plainToAttr } from "./plain";
import { containerValue, SHAPE_HINTS, setValue, stringMember } from "./sets";
import {
  type AttributeMap,
  child,
  failAt,
  setKey,
  TYPE_LIST,
  type TypeCode,
  typeCodeOf,
  type ValueSource,
  type Where,
} from "./types";

export type { AttributeMap };

export function typeCodeOrFail(type: unknown, where: Where): TypeCode {
  const code = typeCodeOf(type);
  if (code) return code;
  if (type === undefined || type === null || (typeof type === "string" && type.trim() === "")) {
    return failAt(where, `has no type; use one of ${TYPE_LIST}.`);
  }
  return failAt(where, `has the unknown type ${show(type)}; use one of ${TYPE_LIST}.`);
}

/** One typed value (from the key-value list inputs) to an AttributeValue. */
export function toAttributeValue(raw: unknown, type: unknown, source: ValueSource): AttributeValue {
  const where = { input: source.input, path: source.attribute };
  return typedValue(raw, typeCodeOrFail(type, where), where);
}

/**
 * `raw` as a value of type `code`; an InputError naming `where` when it cannot be one. L and M
 * values count their members against `budget` (MAX_MEMBERS), which one item's values may share
 * (a fresh one when left out).
 */
export function typedValue(
  raw: unknown,
  code: TypeCode,
  where: Where,
  budget?: MemberBudget,
): AttributeValue {
  switch (code) {
    case "NULL":
      return { NULL: true };
    case "S":
      return { S: stringMember(raw, where, "has type S but") };
    case "N":
      return { N: numberOrFail(raw, where, true).text };
    case "B":
      return { B: bytesOrFail(raw, where, "has type B but") };
    case "BOOL":
      return { BOOL: booleanOrFail(raw, where) };
    case "L": {
      const value = containerValue(raw, code, where);
      if (!Array.isArray(value)) {
        return failAt(
          where,
          `has type L but its value is ${show(value)}, not a list. ${SHAPE_HINTS.L}`,
        );
      }
      return plainToAttr(value, where, 0, budget);
    }
    case "M": {
      const value = containerValue(raw, code, where);
      if (!isPlainObject(value)) {
        return failAt(
          where,
          `has type M but its value is ${show(value)}, not a map. ${SHAPE_HINTS.M}`,
        );
      }
      return plainToAttr(value, where, 0, budget);
    }
    case "SS":
    case "NS":
    case "BS":
      return setValue(raw, code, where);
  }
}

function booleanOrFail(raw: unknown, where: Where): boolean {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "string") {
    const text = raw.trim().toLowerCase();
    if (text === "true") return true;
    if (text === "false") return false;
  }
  return failAt(
    where,
    `has type BOOL but ${show(raw)} is not true or false. Write true or false (any case).`,
  );
}

const ROW_EXAMPLE = "customerId → 1001";
const TYPE_ROW_EXAMPLE = "customerId → N";
const KEY_RULE = "the attribute name as its key";

function typeMap(typePairs: [string, unknown][]): Map<string, unknown> {
  const typeOf = new Map<string, unknown>();
  for (let i = 0; i < typePairs.length; i++) typeOf.set(typePairs[i][0], typePairs[i][1]);
  return typeOf;
}

/** The pair of key-value list inputs (values + types) to an AttributeMap. */
export function typedPairsToMap(
  values: unknown,
  types: unknown,
  labels: { values: string; types: string },
  checkKey?: (key: string, label: string) => void,
): AttributeMap {
  const valuePairs = readKeyValueList(values, labels.values, {
    rowExample: ROW_EXAMPLE,
    keyRule: KEY_RULE,
  });
  const typePairs = readKeyValueList(types, labels.types, {
    rowExample: TYPE_ROW_EXAMPLE,
    keyRule: KEY_RULE,
  });
  // Indexed loops and pair[0] rather than for-of and destructuring: this runs once per call,
  // mostly unoptimised, where each of those runs an iterator.
  if (checkKey) {
    for (let i = 0; i < valuePairs.length; i++) checkKey(valuePairs[i][0], labels.values);
    for (let i = 0; i < typePairs.length; i++) checkKey(typePairs[i][0], labels.types);
  }
  // Types usually come in the order of their values: then the type of value i is type i, and no
  // map of types is built.
  let typeOf: Map<string, unknown> | undefined;
  for (let i = 0; i < valuePairs.length && typeOf === undefined; i++) {
    if (i >= typePairs.length || typePairs[i][0] !== valuePairs[i][0]) typeOf = typeMap(typePairs);
  }
  if (typeOf !== undefined) {
    for (let i = 0; i < valuePairs.length; i++) {
      const key = valuePairs[i][0];
      if (!typeOf.has(key)) {
        failAt(
          { input: labels.types, path: "" },
          `has no type for "${cut(key)}"; add a row with key "${cut(key)}" and one of ${TYPE_LIST}.`,
          "required",
        );
      }
    }
  }
  const map: AttributeMap = {};
  // One budget for the whole item: many values cannot each hold MAX_MEMBERS.
  const budget = new MemberBudget();
  for (let i = 0; i < valuePairs.length; i++) {
    const key = valuePairs[i][0];
    const value = valuePairs[i][1];
    const type = typeOf === undefined ? typePairs[i][1] : typeOf.get(key);
    // The place for a message is made only when there is one to write.
    const code = typeCodeOf(type) ?? typeCodeOrFail(type, { input: labels.types, path: key });
    setKey(map, key, typedValue(value, code, { input: labels.values, path: key }, budget));
  }
  // Keys are unique in each list and every value's key has a type: as many types as values means
  // no type is left without a value.
  if (typePairs.length === valuePairs.length) return map;
  const valueKeys = new Set(valuePairs.map(([key]) => key));
  for (const [key, type] of typePairs) {
    if (valueKeys.has(key)) continue;
    const code = typeCodeOrFail(type, { input: labels.types, path: key });
    // A NULL needs no value, so a missing row is no mistake.
    if (code !== "NULL") {
      failAt(
        { input: labels.values, path: "" },
        `has no value for "${cut(key)}", which has type ${code} in ${labels.types}; add a row with key "${cut(key)}" to ${labels.values}, or remove its type.`,
        "required",
      );
    }
    setKey<AttributeValue>(map, key, { NULL: true });
  }
  return map;
}

// DynamoDB JSON ({"N": "42"}), as Return DynamoDB JSON gives it

export function isTypedValue(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && typeCodeOf(keys[0]) === keys[0];
}

/**
 * DynamoDB JSON (as formatItem returns it with dynamoJson) back to AttributeValues; `budget`
 * (MAX_MEMBERS) is shared by one walk.
 */
export function typedToAttr(
  value: unknown,
  where: Where,
  depth: number,
  budget = new MemberBudget(),
): AttributeValue {
  if (!isTypedValue(value) || depth >= MAX_DEPTH) {
    return failAt(
      where,
      `is ${show(value)}, not a typed value such as {"S": "text"} or {"N": "42"}.`,
    );
  }
  const [code, inner] = Object.entries(value as Record<string, unknown>)[0] as [TypeCode, unknown];
  if (code === "L") {
    if (!Array.isArray(inner)) {
      return failAt(where, `has type L but its value is ${show(inner)}, not an array.`);
    }
    const list: AttributeValue[] = [];
    for (let index = 0; index < inner.length; index++) {
      budget.spend(where.input);
      list.push(typedToAttr(inner[index], child(where, index), depth + 1, budget));
    }
    return { L: list };
  }
  if (code === "M") {
    if (!isPlainObject(inner)) {
      return failAt(where, `has type M but its value is ${show(inner)}, not an object.`);
    }
    const map: AttributeMap = {};
    for (const key of Object.keys(inner)) {
      budget.spend(where.input);
      setKey(map, key, typedToAttr(inner[key], child(where, key), depth + 1, budget));
    }
    return { M: map };
  }
  if (code === "S" && typeof inner !== "string") {
    return failAt(where, `has type S but its value is ${show(inner)}, not text.`);
  }
  return typedValue(inner, code, where, budget);
}

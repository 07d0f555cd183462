/**
 * The vocabulary of values: DynamoDB's type codes, the AttributeMap, and where a value came
 * from (input label and attribute path) for messages.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { printable } from "../common/text";
import { InputError, type InputErrorCode } from "../errors/inputError";

export type TypeCode = "S" | "N" | "B" | "BOOL" | "NULL" | "L" | "M" | "SS" | "NS" | "BS";

export const TYPE_CODES: readonly TypeCode[] = [
  "S",
  "N",
  "B",
  "BOOL",
  "NULL",
  "L",
  "M",
  "SS",
  "NS",
  "BS",
];

const TYPE_LABELS: Record<TypeCode, string> = {
  S: "String",
  N: "Number",
  B: "Binary",
  BOOL: "Boolean",
  NULL: "Null",
  L: "List",
  M: "Map",
  SS: "String Set",
  NS: "Number Set",
  BS: "Binary Set",
};

/** For spectral dropdown `model`. */
export const TYPE_CODE_CHOICES: { label: string; value: TypeCode }[] = TYPE_CODES.map((value) => ({
  label: TYPE_LABELS[value],
  value,
}));

export type AttributeMap = Record<string, AttributeValue>;

/** Where a value came from, for messages: the attribute name and the input's label. */
export interface ValueSource {
  attribute: string;
  input: string;
}

/** Where a problem is, e.g. `Value: attribute "address.city"`; the label alone at top level. */
export interface Where {
  input: string;
  path: string;
}

export function subject(where: Where): string {
  // An attribute name is user text (a CSV header, a key of a JSON object): never echoed raw.
  return where.path === "" ? where.input : `${where.input}: attribute "${printable(where.path)}"`;
}

/** An InputError naming the input (its label) and, below the top level, the attribute's path. */
export function failAt(
  where: Where,
  problem: string,
  code: InputErrorCode = "invalidValue",
): never {
  throw new InputError(where.input, code, `${subject(where)} ${problem}`);
}

export function child(where: Where, key: string | number): Where {
  const step = typeof key === "number" ? `[${key}]` : where.path === "" ? key : `.${key}`;
  return { input: where.input, path: `${where.path}${step}` };
}

export const TYPE_LIST = TYPE_CODES.join(", ");

const EXACT_CODES: ReadonlySet<string> = new Set(TYPE_CODES);

/** The type code a user typed (any case, spaces trimmed), or undefined. */
export function typeCodeOf(type: unknown): TypeCode | undefined {
  if (typeof type !== "string") return undefined;
  // Most type codes come as written: no new string for them.
  if (EXACT_CODES.has(type)) return type as TypeCode;
  const code = type.trim().toUpperCase();
  return (TYPE_CODES as readonly string[]).includes(code) ? (code as TypeCode) : undefined;
}

// In a for-in loop over the same object, V8's optimising compiler turns this test into a check of
// the object's shape; Object.hasOwn is not turned so (it measured ~60% more instructions).
const objectHasOwnProperty = Object.prototype.hasOwnProperty;

/** Whether `key` is an own property of `target`, by the test for-in loops compile to a shape check. */
export function isOwnKey(target: object, key: string): boolean {
  return objectHasOwnProperty.call(target, key);
}

/**
 * The type of a DynamoDB value: its one own key that holds something (such as "S"; a key holding
 * undefined is none, as the SDK's marshalling leaves it out), or undefined when it has none or
 * more than one (only a mocked answer can). Read from the value's own keys, so a property another
 * module put on Object.prototype is never taken for a type. (attributeToPlain walks the keys the
 * same way inline, reading the value's data in the same step.)
 */
export function ownType(value: object): string | undefined {
  let type: string | undefined;
  for (const key in value) {
    if (!objectHasOwnProperty.call(value, key)) continue;
    if ((value as Record<string, unknown>)[key] === undefined) continue;
    if (type !== undefined) return undefined;
    type = key;
  }
  return type;
}

/** The type of a value of a type a key can have (S, N or B), by ownType; else undefined. */
export function keyTypeOf(value: AttributeValue | undefined): "S" | "N" | "B" | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const type = ownType(value);
  return type === "S" || type === "N" || type === "B" ? type : undefined;
}

/** Whether a value is of a type a key can have (S, N or B), by its own type (keyTypeOf). */
export function isKeyValue(value: AttributeValue | undefined): value is AttributeValue {
  return keyTypeOf(value) !== undefined;
}

/** Own property assignment that also works for the key "__proto__". */
export function setKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

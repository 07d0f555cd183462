/**
 * Numbers that arrive as objects: lossless-json's LosslessNumber, which the one JSON reader
 * (values/json.ts) gives for a number a double would change, and the AWS SDK's NumberValue, which
 * a code-native flow may pass. The one rule that knows them, by their class and never by their
 * shape: a user's map may hold {"isLosslessNumber": true, "value": "5"}, and that is a map.
 */
import { NumberValueImpl } from "@aws-sdk/util-dynamodb";
import { isLosslessNumber, LosslessNumber } from "lossless-json";

/**
 * The decimal text of a number object, as it was written; undefined for any other value. A
 * number object is an instance of lossless-json's LosslessNumber (of another copy of the library
 * too, which marks its class for that) or of the AWS SDK's NumberValue: the connector's own copy,
 * or a code-native flow's, known by its class's name and its string `value`. A plain object or an
 * array is never one, whatever it holds. Runs for every value read, so it allocates nothing.
 */
export function numberObjectText(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  // The JSON reader's own numbers first: the only number objects most steps ever see.
  if (value instanceof LosslessNumber) return value.value;
  if (Array.isArray(value)) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return undefined;
  // The bundle renames classes, so the connector's own NumberValue is known by identity.
  if (value instanceof NumberValueImpl) return value.value;
  const made = (prototype as { constructor?: unknown }).constructor;
  const numberClass =
    (typeof made === "function" && made.name === "NumberValue") || isLosslessNumber(value);
  // `value` is read only from a number class: another object's getter is not run.
  const text = numberClass ? (value as { value?: unknown }).value : undefined;
  return typeof text === "string" ? text : undefined;
}

/** Is `value` a number object (see numberObjectText)? */
export function isNumberObject(value: unknown): boolean {
  return numberObjectText(value) !== undefined;
}

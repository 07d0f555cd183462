/**
 * Values of a step's input written back as plain JSON, where an output, an error's data or a
 * message carries them as given. The one JSON reader (json.ts) keeps a number a double would
 * change as a lossless-json LosslessNumber, and a code-native flow may pass the SDK's NumberValue
 * or a bigint: JSON writes the first two as objects ({"isLosslessNumber": true, "value": "..."}),
 * which no later step reads as a number, and cannot write a bigint at all.
 */
import { numberObjectText } from "../common/numberObjects";
import { isPlainObject } from "./json";
import { MAX_DEPTH } from "./limits";
import { givenNumberOut } from "./output";
import { setKey } from "./types";

/**
 * Deeper than any value the connector echoes (inputs nest at most MAX_DEPTH levels and a few
 * wrappers); past it a value is left as it is, so a code-native flow's circular value cannot
 * overflow the stack.
 */
const MAX_GIVEN_DEPTH = MAX_DEPTH + 8;

/**
 * `value` as plain JSON: every number object (LosslessNumber, NumberValue) and bigint, at any
 * depth of its lists and plain objects, written as outputs write numbers (a JSON number when a
 * double holds it, else its exact text), so that a later step can pass it back to the input it
 * came from. Everything else is kept; a list or object is copied only when something in it changes.
 */
export function givenAsPlain(value: unknown, depth = 0): unknown {
  if (typeof value === "bigint") return givenNumberOut(value.toString());
  if (typeof value !== "object" || value === null) return value;
  const text = numberObjectText(value);
  if (text !== undefined) return givenNumberOut(text);
  if (depth >= MAX_GIVEN_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const member = value[index];
      const plain = givenAsPlain(member, depth + 1);
      if (plain === member) continue;
      copy ??= value.slice();
      copy[index] = plain;
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const name of Object.keys(value)) {
    const member = value[name];
    const plain = givenAsPlain(member, depth + 1);
    if (plain === member) continue;
    if (!copy) {
      copy = {};
      for (const kept of Object.keys(value)) setKey(copy, kept, value[kept]);
    }
    setKey(copy, name, plain);
  }
  return copy ?? value;
}

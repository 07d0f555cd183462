/**
 * Primitive input values as the platform sends them: blank means unset, and only primitives (and
 * numbers kept as objects) have a text (String() of another object may throw or recurse).
 */
import { numberObjectText } from "../common/numberObjects";

/** Does `raw` give `name` a value of its own? An attribute set to undefined counts as absent. */
export function hasAttribute(raw: object, name: string): boolean {
  return Object.hasOwn(raw, name) && (raw as Record<string, unknown>)[name] !== undefined;
}

/**
 * The value `map` holds under `key` as its own entry, or undefined: a table or attribute named
 * "__proto__" (a valid name) reads its entry, never the object's prototype.
 */
export function ownEntry<T>(map: Record<string, T> | undefined, key: string): T | undefined {
  // null too: a mocked answer may give Responses: null.
  return map !== undefined && map !== null && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Unset: undefined, null, blank text or an empty list (the platform sends "" for unset). */
export function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && isBlankText(value)) ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Whether `text` is empty or only white space (as String.prototype.trim sees it). Text that starts
 * with a printable ASCII character other than a space is answered without trimming: that is most
 * text, and a trim copies it.
 */
export function isBlankText(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return text.trim() === "";
}

/**
 * The text of a primitive value, untrimmed, or of a number the JSON reader kept exactly (a
 * lossless number object, whose text is the number as written: a JSON input that holds one
 * number past a double's precision is read that way throughout); undefined for anything else.
 */
export function primitiveText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      return numberObjectText(value);
    default:
      return undefined;
  }
}

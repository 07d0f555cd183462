/**
 * Numbers that arrive as objects: lossless-json's LosslessNumber, which the one JSON reader
 * (values/json.ts) gives for a number a double would change, and the AWS SDK's NumberValue, which
 * a code-native flow may pass. Recognised by their shape, so that every layer can read them as
 * the numbers they are, never as "an object".
 */

/**
 * The decimal text of a number object (a LosslessNumber or a NumberValue), as it was written;
 * undefined for any other value.
 */
export function numberObjectText(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const tagged = value as { isLosslessNumber?: unknown; value?: unknown };
  if (typeof tagged.value !== "string") return undefined;
  if (tagged.isLosslessNumber === true) return tagged.value;
  return value.constructor?.name === "NumberValue" ? tagged.value : undefined;
}

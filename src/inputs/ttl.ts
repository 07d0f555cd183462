/** The Time to Live inputs' rules: the TTL Attribute is an attribute name of 1 to 255 characters. */
import { InputError } from "../errors/inputError";
import { cleanRequiredString } from "./scalars";

export const TTL_ATTRIBUTE_LABEL = "TTL Attribute";

/** TTL Attribute (required): an attribute name, 1 to 255 characters (API_TimeToLiveSpecification). */
export function cleanTtlAttribute(value: unknown): string {
  const name = cleanRequiredString(TTL_ATTRIBUTE_LABEL, "expiresAt")(value);
  if (name.length > 255) {
    throw new InputError(
      TTL_ATTRIBUTE_LABEL,
      "invalidValue",
      `${TTL_ATTRIBUTE_LABEL} must be 1 to 255 characters, not ${name.length}.`,
    );
  }
  return name;
}

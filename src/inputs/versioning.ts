/**
 * The optimistic-locking inputs of Upsert Item and Update Item: Version Attribute (the attribute
 * that holds an item's version number) and Expected Version (the version the flow read). Both
 * optional; blank Version Attribute keeps the old behaviour. The lock itself is src/engines/versioning.ts.
 */
import { input } from "@prismatic-io/spectral";
import { cut, fail, given } from "../errors/inputError";
import { checkAttributeNameLength, checkReadableName } from "../values/limits";
import { wholeNumber } from "../values/numbers";
import { cleanText, isBlank, primitiveText } from "./scalars";

export const VERSION_ATTRIBUTE_LABEL = "Version Attribute";
export const EXPECTED_VERSION_LABEL = "Expected Version";
/** DynamoDB numbers hold up to 38 significant digits; the next version must fit too. */
export const MAX_VERSION_DIGITS = 38;

/** An attribute name: not blank, within 64 KB, and one the AWS SDK can read back. */
function cleanVersionAttribute(value: unknown): string | undefined {
  const name = cleanText(VERSION_ATTRIBUTE_LABEL, "version")(value);
  if (name === undefined) return undefined;
  checkReadableName(name, VERSION_ATTRIBUTE_LABEL);
  return checkAttributeNameLength(name, VERSION_ATTRIBUTE_LABEL);
}

/** A whole number 0 or more (up to 38 digits), as its plain decimal text; blank gives undefined. */
function cleanExpectedVersion(value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  const text = primitiveText(value)?.trim();
  // Read by value, as Get Item returns it: "3.0" and 1e21 (a JSON number) are whole numbers.
  const whole = wholeNumber(value, MAX_VERSION_DIGITS);
  if (text === undefined || whole === undefined || (whole.negative && whole.digits !== "0")) {
    return fail(
      EXPECTED_VERSION_LABEL,
      "invalidValue",
      `${EXPECTED_VERSION_LABEL} must be a whole number 0 or more, such as 3 (the version of the item when it was read), not ${given(value)}. Leave it blank for a first write.`,
    );
  }
  if (whole.digits === undefined) {
    return fail(
      EXPECTED_VERSION_LABEL,
      "tooLarge",
      `${EXPECTED_VERSION_LABEL} "${cut(text)}" has more than ${MAX_VERSION_DIGITS} digits; a DynamoDB number holds at most ${MAX_VERSION_DIGITS}.`,
    );
  }
  return whole.digits;
}

const versionAttribute = input({
  label: VERSION_ATTRIBUTE_LABEL,
  type: "string",
  required: false,
  example: "version",
  comments:
    "Optional, for optimistic locking: the number attribute that holds the item's version, such as version. The write then happens only when the stored version equals Expected Version, and sets it to Expected Version + 1 in the same request; if another step changed the item in between, the step fails saying the item changed since it was read. Leave blank to write without a version check.",
  clean: cleanVersionAttribute,
});

const expectedVersion = input({
  label: EXPECTED_VERSION_LABEL,
  type: "string",
  required: false,
  example: "3",
  comments:
    "With Version Attribute: the version the item had when you read it (a whole number). The write sets the version to this + 1. Leave blank for a first write: the item must not exist yet (or have no version attribute), and it gets version 1.",
  clean: cleanExpectedVersion,
});

/** The optimistic-locking inputs, in the order Upsert Item and Update Item list them. */
export const optimisticLockingInputs = { versionAttribute, expectedVersion };

/**
 * The inputs of Create and Delete Global Secondary Index: Index Name, the index's key attributes
 * and types, its projection's non-key attributes, checked against DynamoDB's naming rules
 * (API_CreateGlobalSecondaryIndexAction, API_Projection) before any request.
 */
import { input } from "@prismatic-io/spectral";
import { InputError } from "../errors/inputError";
import { checkName } from "../values/limits";
import { cleanChoice, cleanRequiredString, cleanText, isBlank } from "./scalars";

export const INDEX_LABEL = "Index Name";
export const PARTITION_LABEL = "Partition Key Name";
export const SORT_LABEL = "Sort Key Name";
export const PROJECTION_LABEL = "Projection Type";
export const NON_KEY_LABEL = "Non-Key Attributes";
/** The types an index key attribute may have. */
export const INDEX_KEY_TYPES = ["S", "N", "B"] as const;
export const PROJECTION_TYPES = ["ALL", "KEYS_ONLY", "INCLUDE"] as const;
/** DynamoDB's limits: key attribute names 1 to 255 characters; at most 100 projected non-key attributes per table. */
const MAX_ATTRIBUTE_NAME = 255;
const MAX_NON_KEY_ATTRIBUTES = 100;

/** Index Name (required): 3 to 255 of a-z A-Z 0-9 _ - . (DynamoDB's naming rules). */
function cleanRequiredIndexName(value: unknown): string {
  if (!isBlank(value) && typeof value === "object") {
    throw new InputError(
      INDEX_LABEL,
      "invalidValue",
      `${INDEX_LABEL} must be text, such as byEmail.`,
    );
  }
  return checkName(INDEX_LABEL, cleanRequiredString(INDEX_LABEL, "byEmail")(value));
}

/** The required Index Name of the index actions, with their own comments (and picklist). */
export function indexNameInput(comments: string, dataSource?: "selectIndex") {
  return input({
    label: INDEX_LABEL,
    type: "string",
    required: true,
    example: "byEmail",
    ...(dataSource ? { dataSource } : {}),
    comments,
    clean: cleanRequiredIndexName,
  });
}

/** An attribute name (1 to 255 characters), required or optional; `label` names the input. */
export function cleanAttributeName(label: string, required: boolean) {
  return (value: unknown): string | undefined => {
    if (!isBlank(value) && typeof value === "object") {
      throw new InputError(
        label,
        "invalidValue",
        `${label} must be an attribute name as text, such as email.`,
      );
    }
    const name = required ? cleanRequiredString(label, "email")(value) : cleanText(label)(value);
    if (name !== undefined && name.length > MAX_ATTRIBUTE_NAME) {
      throw new InputError(
        label,
        "invalidValue",
        `${label} must be 1 to ${MAX_ATTRIBUTE_NAME} characters, not ${name.length}.`,
      );
    }
    return name;
  };
}

/** Non-Key Attributes: attribute names, none twice, at most 100; blank gives undefined. */
export function cleanNonKeyAttributes(value: unknown): string[] | undefined {
  if (isBlank(value) && !Array.isArray(value)) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  list.forEach((entry, index) => {
    const name = cleanAttributeName(`${NON_KEY_LABEL}: entry ${index + 1}`, true)(entry) as string;
    if (names.includes(name))
      throw new InputError(
        NON_KEY_LABEL,
        "invalidValue",
        `${NON_KEY_LABEL}: "${name}" appears twice.`,
      );
    names.push(name);
  });
  if (names.length > MAX_NON_KEY_ATTRIBUTES) {
    throw new InputError(
      NON_KEY_LABEL,
      "invalidValue",
      `${NON_KEY_LABEL}: at most ${MAX_NON_KEY_ATTRIBUTES} attributes, not ${names.length}.`,
    );
  }
  return names.length > 0 ? names : undefined;
}

/** A key attribute's type (S by default), as Partition Key Type and Sort Key Type take it. */
export const keyTypeInput = (label: string) =>
  input({
    label,
    type: "string",
    required: false,
    default: "S",
    model: INDEX_KEY_TYPES.map((type) => ({ label: type, value: type })),
    comments: `The key attribute's type: S (string), N (number) or B (binary). If the table already defines the attribute, it must be the same type.`,
    clean: cleanChoice(label, INDEX_KEY_TYPES, "S"),
  });

/**
 * Expression placeholders, both directions, for every action that takes expressions:
 * - `#name` keys of Expression Attribute Names and `:value` keys of Expression Attribute Values
 *   are spelled as DynamoDB requires;
 * - every placeholder an expression uses is defined, and every one defined is used (DynamoDB
 *   refuses both, without saying which input holds it).
 * Source: Developer Guide, "Expression attribute names" and "Expression attribute values".
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { cut, fail } from "../errors/inputError";
import { isPlainObject } from "../values/json";
import { readKeyValueList } from "../values/keyValue";
import { checkReadableName } from "../values/limits";
import { type AttributeMap, typedPairsToMap } from "../values/typed";
import { isBlank, primitiveText } from "./scalars";

export const NAMES_LABEL = "Expression Attribute Names";
/** The labels of the two expression value inputs, for the messages of typedPairsToMap. */
export const EXPRESSION_VALUE_LABELS = {
  values: "Expression Attribute Values",
  types: "Expression Attribute Value Types",
};

const PLACEHOLDER_USE = /[#:][A-Za-z0-9_]+/g;
const PLACEHOLDER_RULES = {
  "#": { pattern: /^#[A-Za-z0-9_]+$/, start: "#", example: "#status" },
  ":": { pattern: /^:[A-Za-z0-9_]+$/, start: "a colon (:)", example: ":status" },
};

/**
 * A placeholder key spelled as DynamoDB requires (`#name` or `:value`), or an InputError naming
 * `label`; `where` prefixes the message, `example` shows a good key.
 */
export function checkPlaceholderKey(
  sign: "#" | ":",
  key: string,
  label: string,
  where: string,
  example: string,
): string {
  const rule = PLACEHOLDER_RULES[sign];
  if (!rule.pattern.test(key)) {
    fail(
      label,
      "invalidName",
      `${where}: "${cut(key)}" must start with ${rule.start} followed by letters, digits or underscores, such as ${example}.`,
    );
  }
  return key;
}

/**
 * Expression Attribute Names: "#name" -> attribute name, from a key-value list (any form of
 * readKeyValueList) or, where `where` names a JSON field, a plain object. Blank gives undefined.
 */
export function cleanAttributeNames(
  value: unknown,
  label = NAMES_LABEL,
  where = label,
): Record<string, string> | undefined {
  if (isBlank(value) || (isPlainObject(value) && Object.keys(value).length === 0)) {
    return undefined;
  }
  const names: Record<string, string> = {};
  const rows = readKeyValueList(value, where, { rowExample: "#status → status" });
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index][0];
    const rawName = rows[index][1];
    const key = checkPlaceholderKey(
      "#",
      row.trim(),
      label,
      where,
      where === label ? "#status" : "#q",
    );
    const name = primitiveText(rawName)?.trim();
    if (!name) {
      fail(
        label,
        "required",
        `${where}: "${key}" has no attribute name; give the attribute it stands for.`,
      );
    }
    if (Object.hasOwn(names, key)) fail(label, "duplicate", `${where}: "${key}" appears twice.`);
    checkReadableName(name, where);
    names[key] = name;
  }
  return names;
}

/** Expression Attribute Values with their Value Types: keys must be `:placeholders`. */
export function cleanExpressionValues(
  values: unknown,
  types: unknown,
  labels = EXPRESSION_VALUE_LABELS,
): AttributeMap {
  return typedPairsToMap(values, types, labels, (key, label) =>
    checkPlaceholderKey(":", key, label, label, ":status"),
  );
}

export interface PlaceholderCheck {
  /** Each expression by its label (or JSON field); undefined ones are blank. */
  expressions: Record<string, string | undefined>;
  names?: Record<string, string>;
  values?: Record<string, AttributeValue | unknown>;
  /** Labels of the names and values inputs (or JSON fields). */
  namesLabel?: string;
  valuesLabel?: string;
  /** The InputError's label and the message prefix, for placeholders inside a JSON input. */
  within?: string;
  /** Set where the expressions take no values at all (a projection only): `:v` is an error. */
  noValues?: boolean;
}

/**
 * Every placeholder used is defined, and every one defined is used. DynamoDB refuses both; within
 * a transaction its message does not even say which operation.
 */
export function checkPlaceholders(check: PlaceholderCheck): void {
  const namesLabel = check.namesLabel ?? NAMES_LABEL;
  const valuesLabel = check.valuesLabel ?? EXPRESSION_VALUE_LABELS.values;
  const prefix = check.within ? `${check.within}: ` : "";
  const used = new Set<string>();
  const fields = Object.keys(check.expressions);
  // Indexed loops, and match rather than matchAll: the same placeholders in the same order,
  // without a copy of the regular expression and an iterator per expression (this runs on every
  // call, mostly unoptimised).
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f];
    const expression = check.expressions[field];
    if (expression === undefined) continue;
    const placeholders = expression.match(PLACEHOLDER_USE) ?? [];
    for (let p = 0; p < placeholders.length; p++) {
      const placeholder = placeholders[p];
      const isName = placeholder[0] === "#";
      if (!isName && check.noValues) {
        fail(
          check.within ?? field,
          "invalidValue",
          `${prefix}${field} uses ${placeholder}, but it takes no values: it lists attribute names, such as id, #name, address.city.`,
        );
      }
      const defined = isName ? check.names : check.values;
      const definedIn = isName ? namesLabel : valuesLabel;
      if (!defined || !Object.hasOwn(defined, placeholder)) {
        fail(
          check.within ?? definedIn,
          "undefinedPlaceholder",
          `${prefix}${field} uses ${placeholder}, which ${definedIn} does not define.`,
        );
      }
      used.add(placeholder);
    }
  }
  checkAllUsed(check.names, namesLabel, used, check.within, prefix);
  checkAllUsed(check.values, valuesLabel, used, check.within, prefix);
}

/** Every placeholder `defined` holds is among those `used`, or an InputError naming `definedIn`. */
function checkAllUsed(
  defined: Record<string, unknown> | undefined,
  definedIn: string,
  used: Set<string>,
  within: string | undefined,
  prefix: string,
): void {
  if (!defined) return;
  const placeholders = Object.keys(defined);
  for (let index = 0; index < placeholders.length; index++) {
    const placeholder = placeholders[index];
    if (!used.has(placeholder)) {
      fail(
        within ?? definedIn,
        "unusedPlaceholder",
        `${prefix}${definedIn} defines ${placeholder}, which no expression uses. Remove it (DynamoDB rejects unused placeholders).`,
      );
    }
  }
}

/** Query Parameters that set expressions, names or values take over the placeholder check. */
const EXPRESSION_PARAMETERS = [
  "KeyConditionExpression",
  "FilterExpression",
  "ProjectionExpression",
  "ConditionExpression",
  "UpdateExpression",
  "ExpressionAttributeNames",
  "ExpressionAttributeValues",
  "KeyConditions",
  "QueryFilter",
  "ScanFilter",
  "AttributesToGet",
];

/** Whether Query Parameters set any part of the expressions (then DynamoDB checks them). */
export function setsExpressions(queryParameters: Record<string, unknown>): boolean {
  return EXPRESSION_PARAMETERS.some((name) => Object.hasOwn(queryParameters, name));
}

/** What the batch reads (one table or several) say of names given without a projection. */
export const BATCH_READ_UNUSED_NAMES =
  "Expression Attribute Names is set but Projection Expression is blank: names are only used in the Projection Expression here. Clear the names or add a projection such as #n, customerId.";

/**
 * The Projection Expression of a read (Get Item, Batch Get Items) and its Expression Attribute
 * Names: names without a projection are an InputError saying `unusedNames`; then every #name is
 * checked both ways (checkPlaceholders). Such a read has no values.
 */
export function checkProjectionNames(
  projection: string | undefined,
  names: Record<string, string> | undefined,
  unusedNames: string,
): void {
  if (names && !projection) fail(NAMES_LABEL, "unusedPlaceholder", unusedNames);
  checkPlaceholders({
    expressions: { "Projection Expression": projection },
    names,
    noValues: true,
  });
}

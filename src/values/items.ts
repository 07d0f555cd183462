/**
 * Whole items and keys given as plain JSON (Item JSON, Items to Put, transaction items and keys):
 * a JSON object whose attributes are converted with plainToAttr. DynamoDB's typed JSON pasted
 * instead ({"id": {"S": "a1"}}) is recognised and refused with the plain form to use.
 */
import { cut, fail, show } from "../errors/inputError";
import { givenAsPlain } from "./given";
import { isPlainObject, parseJsonInput } from "./json";
import { MemberBudget } from "./limits";
import { mapToPlain } from "./output";
import { plainToAttr } from "./plain";
import { isTypedValue, typedToAttr } from "./typed";
import { type AttributeMap, setKey } from "./types";

/**
 * An object whose every attribute has DynamoDB's typed shape ({"S": ...}, {"N": ...}) is
 * DynamoDB JSON pasted from the console or another step, not plain JSON: an InputError that names
 * the first attribute and shows the plain form.
 */
function refuseDynamoJson(parsed: Record<string, unknown>, label: string): void {
  const names = Object.keys(parsed);
  if (names.length === 0 || !names.every((name) => isTypedValue(parsed[name]))) return;
  const first = names[0];
  let plain: string;
  let firstValue: string;
  try {
    const typed: AttributeMap = {};
    const budget = new MemberBudget();
    for (const name of names) {
      setKey(typed, name, typedToAttr(parsed[name], { input: label, path: name }, 0, budget));
    }
    // Written out only once the conversion has bounded its size (MAX_MEMBERS).
    plain = cut(JSON.stringify(mapToPlain(typed)), 200);
    // As given, but plain JSON: a number kept exactly is no {"isLosslessNumber": ...} object.
    firstValue = cut(JSON.stringify(givenAsPlain(parsed[first])) ?? "", 60);
  } catch {
    plain = '{"customerId": 1001, "name": "Ada"}';
    firstValue = show(parsed[first]);
  }
  fail(
    label,
    "dynamoJson",
    `${label} is DynamoDB JSON (typed values such as "${cut(first)}": ${firstValue}), but it takes plain JSON. Write it as ${plain}.`,
  );
}

/**
 * A JSON object given as text or value (numbers lossless); anything else is an InputError saying
 * it must be a JSON object `what` (such as an example of the form wanted).
 */
function parseJsonObject(value: unknown, label: string, what: string): Record<string, unknown> {
  const parsed = parseJsonInput(value, label);
  if (!isPlainObject(parsed)) {
    fail(label, "wrongKind", `${label} must be a JSON object ${what}, not ${show(parsed)}.`);
  }
  return parsed;
}

/** A plain JSON object (text or value; numbers lossless) to an AttributeMap. */
export function plainToMap(value: unknown, label: string): AttributeMap {
  const parsed = parseJsonObject(value, label, 'such as {"customerId": 1001, "name": "Ada"}');
  refuseDynamoJson(parsed, label);
  const attribute = plainToAttr(parsed, { input: label, path: "" }, 0);
  return attribute.M as AttributeMap;
}

/**
 * An item in DynamoDB's typed JSON ({"id": {"N": "1"}, "tags": {"SS": ["a"]}}), text or value, to
 * an AttributeMap: every attribute must be a typed value. The lossless form Export Items writes
 * with Return DynamoDB JSON, and DynamoDB's own exports to S3 write (wrapped in {"Item": ...}).
 */
export function typedToMap(value: unknown, label: string): AttributeMap {
  const parsed = parseJsonObject(
    value,
    label,
    'in DynamoDB JSON such as {"customerId": {"N": "1001"}}',
  );
  const map: AttributeMap = {};
  const budget = new MemberBudget();
  for (const name of Object.keys(parsed)) {
    setKey(map, name, typedToAttr(parsed[name], { input: label, path: name }, 0, budget));
  }
  return map;
}

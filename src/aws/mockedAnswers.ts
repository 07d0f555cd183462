/**
 * The items and keys of a mocked client's answer, checked before any action reads them (only a
 * replaced send's answers come here: client.ts failWithoutAnswer). A mock can answer what
 * DynamoDB never does; checked here, the error names the operation whose mock is wrong, which a
 * step making several calls (transactions, batches, Fetch All, the streams trigger) cannot tell
 * otherwise, and a value with two types is refused where the conversion would read one of them.
 */
import { type AttributeMap, checkAnsweredMap, isAttributes } from "../values";

/**
 * Where each operation's output holds attribute maps (the SDK's output types of DynamoDB and
 * DynamoDB Streams): a path of property names, where "[]" is each element of a list and "{}"
 * each entry of an object keyed by table name.
 */
const WRITTEN = ["Attributes", "ItemCollectionMetrics.ItemCollectionKey"];
const PAGE = ["Items[]", "LastEvaluatedKey"];
const ANSWER_MAPS: Readonly<Record<string, readonly string[]>> = {
  GetItem: ["Item"],
  PutItem: WRITTEN,
  UpdateItem: WRITTEN,
  DeleteItem: WRITTEN,
  Query: PAGE,
  Scan: PAGE,
  ExecuteStatement: PAGE,
  BatchGetItem: ["Responses{}[]", "UnprocessedKeys{}.Keys[]"],
  BatchWriteItem: [
    "UnprocessedItems{}[].PutRequest.Item",
    "UnprocessedItems{}[].DeleteRequest.Key",
    "ItemCollectionMetrics{}[].ItemCollectionKey",
  ],
  TransactGetItems: ["Responses[].Item"],
  TransactWriteItems: ["ItemCollectionMetrics{}[].ItemCollectionKey"],
  ExecuteTransaction: ["Responses[].Item"],
  BatchExecuteStatement: ["Responses[].Item", "Responses[].Error.Item"],
  GetRecords: [
    "Records[].dynamodb.Keys",
    "Records[].dynamodb.NewImage",
    "Records[].dynamodb.OldImage",
  ],
};

/**
 * Checks every item and key that a mocked answer to `operation` (such as "Query") holds, by the
 * output conversion's rules and the one-type rule (values/output.ts checkAnsweredMap). Throws
 * the unexpectedAnswer StepError that names the operation, where in the answer the item is
 * ("Items[3]") and the attribute; an item or key that is no object (Item: "x") is refused so
 * too. An operation not listed, an item or key that is null, and a part around them not shaped
 * as DynamoDB shapes it (Items that is text) pass unchecked: the conversion that reads them
 * takes or refuses them as it does without a mock.
 */
export function checkMockedAnswer(operation: string, answer: unknown): void {
  const paths = Object.hasOwn(ANSWER_MAPS, operation) ? ANSWER_MAPS[operation] : [];
  for (const path of paths) {
    visit(answer, path.split(/\.|(?=\[\]|\{\})/), "", (map, part) =>
      checkAnsweredMap(map, operation, part),
    );
  }
}

/**
 * Calls `check` on each item or key at `steps` under `value` (what is there, unless null);
 * `part` is the path so far, for messages. A part on the way that is no list or object where the
 * answer has one (Items that is text) is left to the conversion.
 */
function visit(
  value: unknown,
  steps: readonly string[],
  part: string,
  check: (map: AttributeMap, part: string) => void,
): void {
  const [step, ...rest] = steps;
  if (step === "[]") {
    if (!Array.isArray(value)) return;
    for (let index = 0; index < value.length; index++) {
      visit(value[index], rest, `${part}[${index}]`, check);
    }
    return;
  }
  if (step === undefined) {
    // An item or key that is null is none; one that is no object is refused by the check.
    if (value !== undefined && value !== null) check(value as AttributeMap, part);
    return;
  }
  if (!isAttributes(value)) return;
  if (step === "{}") {
    for (const key of Object.keys(value)) {
      visit(value[key], rest, `${part}[${JSON.stringify(key)}]`, check);
    }
  } else if (Object.hasOwn(value, step)) {
    visit(value[step], rest, part ? `${part}.${step}` : step, check);
  }
}

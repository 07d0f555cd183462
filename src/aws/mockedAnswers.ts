/**
 * The items and keys of a mocked client's answer, checked before any action reads them (only a
 * replaced send's answers come here: client.ts failWithoutAnswer). A mock can answer what
 * DynamoDB never does; checked here, the error names the operation whose mock is wrong, which a
 * step making several calls (transactions, batches, Fetch All, the streams trigger) cannot tell
 * otherwise, and a value with two types is refused where the conversion would read one of them.
 */
import {
  type AttributeMap,
  answerShapeError,
  checkAnsweredMap,
  isAttributes,
  shown,
} from "../values";

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
 * too. A part around them not shaped as DynamoDB shapes it (Items that is 5 or {}, a list
 * holding null, Responses that is text) is refused naming the operation and the part
 * ("Query's Items[0] is null, not an object"): read by an action, it would otherwise fail
 * naming no operation, or be read as no items. A part or an item that is null or absent is
 * none, as the actions read it (GetItem's Item: null is no item). An operation not listed
 * passes unchecked.
 */
export function checkMockedAnswer(operation: string, answer: unknown, request?: unknown): void {
  const paths = Object.hasOwn(ANSWER_MAPS, operation) ? ANSWER_MAPS[operation] : [];
  for (const path of paths) {
    visit(answer, path.split(/\.|(?=\[\]|\{\})/), "", operation, (map, part) =>
      checkAnsweredMap(map, operation, part),
    );
  }
  checkAnswerFitsRequest(operation, answer, request);
}

/**
 * Where an answer lists tables by name, each one its request named: a batch answers only for
 * the tables it was asked about (by name, or by ARN where the request gave one).
 */
const ANSWER_TABLES: Readonly<Record<string, readonly string[]>> = {
  BatchGetItem: ["Responses", "UnprocessedKeys"],
  BatchWriteItem: ["UnprocessedItems"],
};

/** Where an answer has one entry per entry of its request, in its order. */
const ANSWER_PER_REQUEST: Readonly<Record<string, { answer: string; request: string }>> = {
  TransactGetItems: { answer: "Responses", request: "TransactItems" },
};

/**
 * Refuses a mocked answer that does not fit its request, as DynamoDB's answers always do: a batch
 * answering for a table it was not asked about (a mock's `Responses: { customers: ... }` for
 * table Customers), or a TransactGetItems with more or fewer Responses than it asked for. Read by
 * an action, such an answer would silently become "no item".
 */
function checkAnswerFitsRequest(operation: string, answer: unknown, request: unknown): void {
  if (!isAttributes(answer) || !isAttributes(request)) return;
  const owner = operation.endsWith("s") ? `${operation}'` : `${operation}'s`;
  const asked = isAttributes(request.RequestItems) ? Object.keys(request.RequestItems) : [];
  for (const part of Object.hasOwn(ANSWER_TABLES, operation) ? ANSWER_TABLES[operation] : []) {
    const tables = answer[part];
    if (!isAttributes(tables)) continue;
    const stray = Object.keys(tables).find((table) => !asked.includes(table));
    if (stray !== undefined) {
      throw answerShapeError(
        `${owner} ${part} holds table ${shown(stray)}, which the request did not name (it named ${asked.map(shown).join(", ")}); key a mock's ${part} by the Table Name the step was given`,
      );
    }
  }
  const perRequest = Object.hasOwn(ANSWER_PER_REQUEST, operation)
    ? ANSWER_PER_REQUEST[operation]
    : undefined;
  if (perRequest) {
    const given = answer[perRequest.answer];
    const sent = request[perRequest.request];
    if (Array.isArray(given) && Array.isArray(sent) && given.length !== sent.length) {
      throw answerShapeError(
        `${owner} ${perRequest.answer} has ${given.length} entries for the ${sent.length} of the request's ${perRequest.request}; DynamoDB answers one per entry, in order, with {} for an item that does not exist`,
      );
    }
  }
}

/**
 * Calls `check` on each item or key at `steps` under `value` (what is there, unless null);
 * `part` is the path so far, for messages. A part on the way that is no list or object where
 * DynamoDB has one, or a list's element that is null, is refused (shapeError).
 */
function visit(
  value: unknown,
  steps: readonly string[],
  part: string,
  operation: string,
  check: (map: AttributeMap, part: string) => void,
): void {
  // A part that is absent or null is none, as the actions read it.
  if (value === undefined || value === null) return;
  const [step, ...rest] = steps;
  if (step === undefined) {
    // An item or key that is no object is refused by the check, naming the operation.
    check(value as AttributeMap, part);
    return;
  }
  if (step === "[]") {
    if (!Array.isArray(value)) throw shapeError(operation, part, value, "an array");
    for (let index = 0; index < value.length; index++) {
      const element = value[index];
      const at = `${part}[${index}]`;
      // DynamoDB never lists nothing: a null element is no item to read, nor one to skip.
      if (element === undefined || element === null) {
        throw shapeError(operation, at, element, "an object");
      }
      visit(element, rest, at, operation, check);
    }
    return;
  }
  if (!isAttributes(value)) throw shapeError(operation, part, value, "an object");
  if (step === "{}") {
    for (const key of Object.keys(value)) {
      visit(value[key], rest, `${part}[${JSON.stringify(key)}]`, operation, check);
    }
  } else if (Object.hasOwn(value, step)) {
    visit(value[step], rest, part ? `${part}.${step}` : step, operation, check);
  }
}

/**
 * The error of `part` of the answer to `operation`, which is `value` where DynamoDB gives
 * `expected`, worded as the engines' shape errors ("BatchGetItem's Responses is 5, not an
 * object"); the whole answer ("") is named by the operation alone.
 */
function shapeError(operation: string, part: string, value: unknown, expected: string) {
  const owner = operation.endsWith("s") ? `${operation}'` : `${operation}'s`;
  const where = part === "" ? `the answer to ${operation}` : `${owner} ${part}`;
  return answerShapeError(`${where} is ${shown(value)}, not ${expected}`);
}

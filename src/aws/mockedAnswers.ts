/**
 * The items and keys of a mocked client's answer, checked before any action reads them (only a
 * replaced send's answers come here: client.ts failWithoutAnswer). A mock can answer what
 * DynamoDB never does; checked here, the error names the operation whose mock is wrong, which a
 * step making several calls (transactions, batches, Fetch All, the streams trigger) cannot tell
 * otherwise, and a value with two types is refused where the conversion would read one of them.
 */
import { listSome } from "../common/messages";
import {
  type AttributeMap,
  answerShapeError,
  checkAnsweredMap,
  givenKeyIdentity,
  isAttributes,
  itemForMessage,
  keyValueIdentity,
  shown,
} from "../values";
import { ownEntry } from "../values/primitives";

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
    visit(answer, steps(path), "", operation, (map, part) =>
      checkAnsweredMap(map, operation, part),
    );
  }
  checkAnsweredNumbers(operation, answer);
  checkAnsweredCursor(operation, answer);
  checkAnswerFitsRequest(operation, answer, request);
}

/**
 * Refuses a page's LastEvaluatedKey that is an empty map: DynamoDB leaves it out of the last
 * page. Read as it was, the output's lastEvaluatedKey was {}, which Exclusive Start Key reads as
 * blank, so a paging loop that passes it back would start again from the first page.
 */
function checkAnsweredCursor(operation: string, answer: unknown): void {
  if (!Object.hasOwn(ANSWER_MAPS, operation) || ANSWER_MAPS[operation] !== PAGE) return;
  if (!isAttributes(answer)) return;
  const cursor = answer.LastEvaluatedKey;
  if (isAttributes(cursor) && Object.keys(cursor).length === 0) {
    throw shapeError(
      operation,
      "LastEvaluatedKey",
      cursor,
      "a key: it is empty, and DynamoDB leaves LastEvaluatedKey out of the last page rather than send an empty one",
    );
  }
}

/** A path of ANSWER_MAPS (or of the numbers below) as the steps visit takes. */
function steps(path: string): string[] {
  return path.split(/\.|(?=\[\]|\{\})/);
}

/** Where a page's answer counts items: whole numbers of 0 or more, which Fetch All sums. */
const ANSWER_COUNTS: Readonly<Record<string, readonly string[]>> = {
  Query: ["Count", "ScannedCount"],
  Scan: ["Count", "ScannedCount"],
};

/** The operations whose ConsumedCapacity is a list (one entry per table), not one object. */
const CAPACITY_LISTS = new Set([
  "BatchGetItem",
  "BatchWriteItem",
  "TransactGetItems",
  "TransactWriteItems",
  "ExecuteTransaction",
  "BatchExecuteStatement",
]);

/** ConsumedCapacity's units, of the whole request, its table and each index: summed per step. */
const CAPACITY_UNITS = ["CapacityUnits", "ReadCapacityUnits", "WriteCapacityUnits"].flatMap(
  (units) => [
    units,
    `Table.${units}`,
    `GlobalSecondaryIndexes{}.${units}`,
    `LocalSecondaryIndexes{}.${units}`,
  ],
);

/**
 * Refuses counts and consumed capacity units of a mocked answer that are no numbers DynamoDB
 * would send (a mock's `ScannedCount: "5"`, -1, NaN): read as they were, the text reached an
 * output typed and documented as a number, and Fetch All summed the pages by concatenating it.
 */
function checkAnsweredNumbers(operation: string, answer: unknown): void {
  const counts = Object.hasOwn(ANSWER_COUNTS, operation) ? ANSWER_COUNTS[operation] : [];
  for (const path of counts) {
    visit(answer, steps(path), "", operation, (value, part) => {
      if (!(Number.isSafeInteger(value) && (value as unknown as number) >= 0)) {
        throw shapeError(operation, part, value, "a whole number of 0 or more");
      }
    });
  }
  const capacity = CAPACITY_LISTS.has(operation) ? "ConsumedCapacity[]" : "ConsumedCapacity";
  for (const path of CAPACITY_UNITS) {
    visit(answer, steps(`${capacity}.${path}`), "", operation, (value, part) => {
      if (!(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
        throw shapeError(operation, part, value, "a number of 0 or more");
      }
    });
  }
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
  checkAnsweredKeys(operation, owner, answer, request);
}

/** The most characters of one key in a message. */
const KEY_IN_MESSAGE = 120;
/** The most keys asked for that a message lists. */
const ASKED_IN_MESSAGE = 3;

/**
 * The keys a request gave for one table: its Keys, its Key, or the writes it sent (a put by its
 * Item, whose scalar attributes include the key: without the key schema, which this layer does
 * not read, the key attributes of a put are not known).
 */
interface Asked {
  table: unknown;
  keys: AttributeMap[];
  /** What each of `keys` is, for messages: a key asked for, or a put or delete sent. */
  noun: "key" | "put" | "delete";
  /** How to fix the mock, after "answer a mock with". */
  fix: string;
  /** The keys by identity, made at the first look-up (keyLookup); null when keys differ in shape. */
  lookup?: KeyLookup | null;
}

/** Asked keys that all name the same attributes, by their identity (givenKeyIdentity). */
interface KeyLookup {
  names: string[];
  identities: Set<string>;
}

/** One item or key of an answer that must be one of `asked`; `part` names it in messages. */
interface Answered {
  part: string;
  map: unknown;
  asked: Asked;
}

const READ_FIX =
  "the item of the key the request asked for (the mock's commandCalls show each request's input)";

/**
 * Refuses a mocked answer holding an item or key its request did not ask for: an item of another
 * key in GetItem's Item, a batch's Responses or a TransactGetItems' Responses[i] (for
 * TransactItems[i]), an old or new item of another key in DeleteItem's or UpdateItem's
 * Attributes, an unprocessed key or write that was not sent. Read by an action, the stray item
 * would be output as one asked for, or the key asked for taken as read or written. Only the key
 * attributes the answered item holds are compared (a projection may leave them out), by type and
 * value (keyValueIdentity: {"N": "1.0"} is the number 1, {"S": "1"} is not).
 */
function checkAnsweredKeys(
  operation: string,
  owner: string,
  answer: AttributeMap,
  request: AttributeMap,
): void {
  for (const { part, map, asked } of answeredMaps(operation, answer, request)) {
    if (!isAttributes(map) || isAsked(map, asked)) continue;
    throw answerShapeError(strayMessage(`${owner} ${part}`, map, asked));
  }
}

/** The items and keys of `answer` that must be among those of `request`, with them. */
function answeredMaps(operation: string, answer: AttributeMap, request: AttributeMap): Answered[] {
  const single = (part: string) => {
    const asked: Asked = { table: request.TableName, keys: [], noun: "key", fix: READ_FIX };
    if (isAttributes(request.Key)) asked.keys.push(request.Key as AttributeMap);
    return asked.keys.length > 0 ? [{ part, map: answer[part], asked }] : [];
  };
  switch (operation) {
    case "GetItem":
      return single("Item");
    case "DeleteItem":
    case "UpdateItem":
      return single("Attributes");
    case "TransactGetItems":
      return transactGets(answer, request);
    case "BatchGetItem":
      return batchGets(answer, request);
    case "BatchWriteItem":
      return unprocessedWrites(answer, request);
    default:
      return [];
  }
}

/** TransactGetItems' Responses[i].Item, each for the Get of TransactItems[i]. */
function transactGets(answer: AttributeMap, request: AttributeMap): Answered[] {
  const responses = answer.Responses as unknown;
  const sent = request.TransactItems as unknown;
  if (!Array.isArray(responses) || !Array.isArray(sent)) return [];
  const answered: Answered[] = [];
  for (let index = 0; index < responses.length && index < sent.length; index++) {
    const get = (sent[index] as { Get?: { TableName?: unknown; Key?: unknown } } | null)?.Get;
    if (!isAttributes(get?.Key)) continue;
    answered.push({
      part: `Responses[${index}].Item`,
      map: (responses[index] as { Item?: unknown } | null)?.Item,
      asked: {
        table: get.TableName,
        keys: [get.Key],
        noun: "key",
        fix: "Responses in the order of TransactItems, each the item of its Get's Key or {} when there is none",
      },
    });
  }
  return answered;
}

/** BatchGetItem's Responses and UnprocessedKeys, each table's for the Keys it was asked. */
function batchGets(answer: AttributeMap, request: AttributeMap): Answered[] {
  const answered: Answered[] = [];
  const requestItems = request.RequestItems as unknown as Record<string, unknown> | undefined;
  const askedOf = (table: string, fix: string): Asked | undefined => {
    const keys = (ownEntry(requestItems, table) as { Keys?: unknown } | null | undefined)?.Keys;
    return Array.isArray(keys) ? { table, keys, noun: "key", fix } : undefined;
  };
  const responses = answer.Responses as unknown;
  if (isAttributes(responses)) {
    for (const table of Object.keys(responses)) {
      const asked = askedOf(
        table,
        "items of the keys the request asked for (the mock's commandCalls show each request's input)",
      );
      const items = responses[table] as unknown;
      if (!asked || !Array.isArray(items)) continue;
      for (let index = 0; index < items.length; index++) {
        answered.push({
          part: `Responses[${JSON.stringify(table)}][${index}]`,
          map: items[index],
          asked,
        });
      }
    }
  }
  const unprocessed = answer.UnprocessedKeys as unknown;
  if (isAttributes(unprocessed)) {
    for (const table of Object.keys(unprocessed)) {
      const asked = askedOf(table, "UnprocessedKeys among the Keys the request asked for");
      const keys = (unprocessed[table] as { Keys?: unknown } | null)?.Keys;
      if (!asked || !Array.isArray(keys)) continue;
      for (let index = 0; index < keys.length; index++) {
        const part = `UnprocessedKeys[${JSON.stringify(table)}].Keys[${index}]`;
        answered.push({ part, map: keys[index], asked });
      }
    }
  }
  return answered;
}

/** BatchWriteItem's UnprocessedItems, each put among the puts sent, each delete the deletes. */
function unprocessedWrites(answer: AttributeMap, request: AttributeMap): Answered[] {
  const answered: Answered[] = [];
  const unprocessed = answer.UnprocessedItems as unknown;
  const requestItems = request.RequestItems as unknown as Record<string, unknown> | undefined;
  if (!isAttributes(unprocessed)) return answered;
  const fix = "UnprocessedItems among the writes the request sent, as it sent them";
  for (const table of Object.keys(unprocessed)) {
    const writes = unprocessed[table] as unknown;
    const sent = ownEntry(requestItems, table);
    if (!Array.isArray(writes) || !Array.isArray(sent)) continue;
    const puts: Asked = { table, keys: [], noun: "put", fix };
    const deletes: Asked = { table, keys: [], noun: "delete", fix };
    for (const write of sent as WriteRequestLike[]) {
      if (isAttributes(write?.PutRequest?.Item)) puts.keys.push(write.PutRequest.Item);
      if (isAttributes(write?.DeleteRequest?.Key)) deletes.keys.push(write.DeleteRequest.Key);
    }
    for (let index = 0; index < writes.length; index++) {
      const write = writes[index] as WriteRequestLike;
      const at = `UnprocessedItems[${JSON.stringify(table)}][${index}]`;
      if (isAttributes(write?.PutRequest?.Item)) {
        answered.push({ part: `${at}.PutRequest.Item`, map: write.PutRequest.Item, asked: puts });
      } else if (isAttributes(write?.DeleteRequest?.Key)) {
        const map = write.DeleteRequest.Key;
        answered.push({ part: `${at}.DeleteRequest.Key`, map, asked: deletes });
      }
    }
  }
  return answered;
}

/** A write of a BatchWriteItem request or answer, as far as this check reads it. */
type WriteRequestLike = {
  PutRequest?: { Item?: AttributeMap };
  DeleteRequest?: { Key?: AttributeMap };
} | null;

/**
 * Whether `map` is (the item of) one of the asked keys: by identity when it holds every key
 * attribute (one lookup, for a request of many keys), else compared with each key on the
 * attributes it holds (holdsKey).
 */
function isAsked(map: AttributeMap, asked: Asked): boolean {
  const lookup = keyLookup(asked);
  if (lookup) {
    const identity = givenKeyIdentity(map, lookup.names);
    if (identity !== undefined) return lookup.identities.has(identity);
  }
  return asked.keys.some((key) => holdsKey(map, key));
}

/** The asked keys by identity (made once for each Asked), or null when they differ in shape. */
function keyLookup(asked: Asked): KeyLookup | null {
  if (asked.lookup !== undefined) return asked.lookup;
  const names = asked.keys.length > 0 ? Object.keys(asked.keys[0]) : [];
  const identities = new Set<string>();
  asked.lookup = { names, identities };
  for (const key of asked.keys) {
    const identity = givenKeyIdentity(key, names);
    // Keys naming other attributes, or values no key has (a put's list): compared one by one.
    if (identity === undefined || Object.keys(key).length !== names.length) {
      asked.lookup = null;
      break;
    }
    identities.add(identity);
  }
  return asked.lookup;
}

/**
 * Whether `map` has the key `key`: each attribute of the key that holds a key value (S, N or B)
 * and that `map` holds is the same value (keyValueIdentity). An attribute `map` lacks is not
 * compared: a ProjectionExpression may leave key attributes out of an item.
 */
function holdsKey(map: AttributeMap, key: AttributeMap): boolean {
  for (const name of Object.keys(key)) {
    if (!Object.hasOwn(map, name) || map[name] === undefined) continue;
    const wanted = keyValueIdentity(key[name]);
    if (wanted !== undefined && keyValueIdentity(map[name]) !== wanted) return false;
  }
  return true;
}

/**
 * "GetItem's Item holds the key {…} of table "Customers", which the request did not ask for (it
 * asked for 1 key: {…}); answer a mock with …": the stray key (the attributes of `map` that the
 * asked keys name) and the first few asked keys, each cut to KEY_IN_MESSAGE characters.
 */
function strayMessage(where: string, map: AttributeMap, asked: Asked): string {
  const names = new Set(asked.keys.flatMap((key) => Object.keys(key)));
  const stray = Object.fromEntries(
    Object.keys(map)
      .filter((name) => names.has(name))
      .map((name) => [name, map[name]]),
  );
  const count = asked.keys.length;
  const listed = listSome(
    asked.keys.slice(0, ASKED_IN_MESSAGE).map((key) => itemForMessage(key, KEY_IN_MESSAGE)),
    count,
  );
  const read = asked.noun === "key";
  const noun = count === 1 ? asked.noun : `${asked.noun}s`;
  const held = `${asked.noun === "put" ? "the item" : "the key"} ${itemForMessage(stray, KEY_IN_MESSAGE)}`;
  return `${where} holds ${held} of table ${shown(asked.table)}, which the request did not ${read ? "ask for" : "send"} (it ${read ? "asked for" : "sent"} ${count} ${noun}: ${listed}); answer a mock with ${asked.fix}`;
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

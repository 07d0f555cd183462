/**
 * The inputs of the multi-table batch actions: Keys by Table (Batch Get Items (Multiple Tables))
 * and Writes by Table (Batch Write Items (Multiple Tables)), each a JSON object of table names to
 * lists, cleaned before anything is sent: the table names by DynamoDB's naming rule, each list's
 * entries by their form. Keys are converted by each table's key types in the engines
 * (engines/batchGetTables.ts, engines/batchWriteTables.ts), once the tables' keys are read.
 */
import { printable } from "../common/text";
import { cut, fail } from "../errors/inputError";
import { dense, isPlainObject, parseJsonInput } from "../values/json";
import { checkName } from "../values/limits";
import { entryFields, optionalExpression } from "./entries";
import { checkPlaceholders, cleanAttributeNames } from "./placeholders";
import { cleanBoolean, isBlank } from "./scalars";

export const KEYS_BY_TABLE_LABEL = "Keys by Table";
export const WRITES_BY_TABLE_LABEL = "Writes by Table";

export const KEYS_BY_TABLE_EXAMPLE =
  '{"Customers": [{"customerId": 1, "customerName": "Ada"}], "Orders": [{"orderId": "o-1"}, {"orderId": "o-2"}]}';
export const WRITES_BY_TABLE_EXAMPLE =
  '{"Customers": [{"put": {"customerId": 1, "customerName": "Ada", "city": "London"}}], "Orders": [{"delete": {"orderId": "o-1"}}]}';

/**
 * The most tables one multi-table step takes: the connector's bound, not DynamoDB's (each table
 * costs a DescribeTable for its key types, and the output a group of its own).
 */
export const MAX_BATCH_TABLES = 100;

/** One table's list of a by-table input, in the order the input gives the tables. */
export interface TableList<T> {
  table: string;
  entries: T[];
}

/** One entry of Writes by Table: a put of an item or a delete of a key, as plain JSON. */
export interface TableWrite {
  kind: "put" | "delete";
  /** Position in its table's list, for messages. */
  index: number;
  value: Record<string, unknown>;
}

/** A whole-number property name, which a JavaScript object lists before every other name. */
const ARRAY_INDEX = /^(0|[1-9]\d{0,9})$/;

/**
 * The names of a JSON object text's top-level members in the order the text gives them: a
 * JavaScript object lists whole-number names ("123", a valid table name) first, whatever the
 * text's order. The text has already been parsed, so it is valid JSON.
 */
function topLevelNames(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let expectName = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      if (depth === 1 && expectName) names.push(JSON.parse(text.slice(at, end + 1)) as string);
      expectName = false;
      at = end;
    } else if (char === "{" || char === "[") {
      depth += 1;
      expectName = depth === 1 && char === "{";
    } else if (char === "}" || char === "]") {
      depth -= 1;
    } else if (char === ",") {
      expectName = depth === 1;
    }
  }
  return names;
}

/**
 * A by-table input's tables and what each is given, in the order given: a JSON object (text, or
 * an object from a code-native flow) of 1 to MAX_BATCH_TABLES valid table names. Throws an
 * InputError naming `label`.
 */
function tablesOf(value: unknown, label: string, form: string): [string, unknown][] {
  if (isBlank(value)) fail(label, "required", `${label} is required: ${form}.`);
  const parsed = parseJsonInput(value, label);
  if (!isPlainObject(parsed)) fail(label, "wrongKind", `${label} must be ${form}.`);
  let names = Object.keys(parsed);
  if (typeof value === "string" && names.some((name) => ARRAY_INDEX.test(name))) {
    names = topLevelNames(value);
  }
  if (names.length === 0) fail(label, "required", `${label} is empty: give ${form}.`);
  if (names.length > MAX_BATCH_TABLES) {
    fail(
      label,
      "tooLarge",
      `${label} names ${names.length} tables; one step takes at most ${MAX_BATCH_TABLES} (MAX_BATCH_TABLES). Split them over several steps.`,
    );
  }
  return names.map((name) => [checkName(label, name), parsed[name]]);
}

/** A table's list: a JSON array of JSON objects; `where` names it in messages. */
function objectList(list: unknown, where: string, what: string): Record<string, unknown>[] {
  if (!Array.isArray(list)) fail(where, "wrongKind", `${where} must be a JSON array of ${what}.`);
  const entries = dense(list);
  entries.forEach((entry, index) => {
    if (!isPlainObject(entry)) {
      fail(where, "wrongKind", `${where} (index ${index}) is not a JSON object; give ${what}.`);
    }
  });
  return entries as Record<string, unknown>[];
}

/**
 * One table's keys in Keys by Table, with the read options it sets for itself: a table given as
 * {"keys": [...], "projectionExpression": ..., "expressionAttributeNames": ..., "consistentRead":
 * ...} (DynamoDB's KeysAndAttributes, camelCase or AWS spelling) rather than a bare list.
 */
export interface TableKeysList extends TableList<Record<string, unknown>> {
  /** Set when the table gives its own projection (its names come with it). */
  projection?: { expression: string; names?: Record<string, string> };
  consistentRead?: boolean;
}

const KEYS_FIELDS = ["keys", "projectionExpression", "expressionAttributeNames", "consistentRead"];

/** A table given as an object: its keys and the read options it sets for itself. */
function tableKeysSpec(table: string, body: Record<string, unknown>, where: string): TableKeysList {
  const spec = entryFields(body, where, { allowed: KEYS_FIELDS, required: ["keys"] });
  const entries = objectList(spec.keys, `${where}.keys`, "key objects");
  const expression = optionalExpression(spec.projectionExpression, `${where}.projectionExpression`);
  const names = cleanAttributeNames(
    spec.expressionAttributeNames,
    where,
    `${where}.expressionAttributeNames`,
  );
  if (names && !expression) {
    fail(
      where,
      "unusedPlaceholder",
      `${where}: expressionAttributeNames is set but projectionExpression is not; names are only used in the projection.`,
    );
  }
  checkPlaceholders({
    expressions: { projectionExpression: expression },
    names,
    namesLabel: "expressionAttributeNames",
    within: where,
    noValues: true,
  });
  const consistent = spec.consistentRead;
  const consistentRead =
    consistent === undefined ? undefined : cleanBoolean(`${where}.consistentRead`)(consistent);
  return {
    table,
    entries,
    ...(expression ? { projection: { expression, ...(names ? { names } : {}) } } : {}),
    ...(consistentRead === undefined ? {} : { consistentRead }),
  };
}

/**
 * Keys by Table: each table's keys as plain JSON objects with its key attributes, in the order
 * given (converted by the table's key types later, when its keys are read): a list, or an object
 * with the keys and the table's own read options (tableKeysSpec). Throws an InputError naming
 * the table and place at fault, such as `Keys by Table["Orders"].keys`.
 */
export function cleanKeysByTable(value: unknown): TableKeysList[] {
  const form = `a JSON object of table names, each to a JSON array of key objects, such as ${KEYS_BY_TABLE_EXAMPLE}`;
  return tablesOf(value, KEYS_BY_TABLE_LABEL, form).map(([table, given]) => {
    const where = `${KEYS_BY_TABLE_LABEL}["${table}"]`;
    if (isPlainObject(given) && Object.keys(given).some((field) => /^keys$/i.test(field))) {
      return tableKeysSpec(table, given, where);
    }
    if (isPlainObject(given)) {
      fail(
        where,
        "wrongKind",
        `${where} must be a JSON array of key objects, or an object with keys (and optionally projectionExpression, expressionAttributeNames, consistentRead).`,
      );
    }
    return { table, entries: objectList(given, where, "key objects") };
  });
}

const WRITE_FORM =
  'an object with exactly one of put (an item) or delete (a key), such as {"delete": {"orderId": "o-1"}}';

/** One entry of a table's writes: {"put": item} or {"delete": key} ("Put"/"Delete" too). */
function cleanWrite(entry: Record<string, unknown>, index: number, where: string): TableWrite {
  const at = `${where}[${index}]`;
  const fields = Object.keys(entry);
  const field = fields.length === 1 ? fields[0] : undefined;
  const kind = field?.toLowerCase();
  if (field === undefined || (kind !== "put" && kind !== "delete")) {
    const given =
      fields.length === 0 ? "nothing" : fields.map((f) => `"${printable(cut(f))}"`).join(", ");
    fail(at, "invalidValue", `${at} must be ${WRITE_FORM}, not ${given}.`);
  }
  const value = entry[field];
  if (!isPlainObject(value)) {
    const holds = kind === "put" ? "the item's attributes" : "the key attributes";
    fail(`${at}.${kind}`, "wrongKind", `${at}.${kind} must be a JSON object of ${holds}.`);
  }
  return { kind, index, value };
}

/**
 * Writes by Table: each table's puts and deletes, in the order given. Throws an InputError
 * naming the table and entry at fault, such as `Writes by Table["Orders"][2]`.
 */
export function cleanWritesByTable(value: unknown): TableList<TableWrite>[] {
  const what = "writes (put or delete)";
  const form = `a JSON object of table names, each to a JSON array of ${what}, such as ${WRITES_BY_TABLE_EXAMPLE}`;
  return tablesOf(value, WRITES_BY_TABLE_LABEL, form).map(([table, given]) => {
    const where = `${WRITES_BY_TABLE_LABEL}["${table}"]`;
    const entries = objectList(given, where, what);
    return { table, entries: entries.map((entry, index) => cleanWrite(entry, index, where)) };
  });
}

/**
 * Import Items' rows as items: each row of the file becomes an AttributeMap checked the way
 * DynamoDB would check it (the table's and its indexes' key attributes of the declared types and
 * sizes, numbers, 400 KB), or a problem naming its row. Conversion is the same on every read of the file, so the check pass
 * and the write pass see the same items.
 */

import { formatCount } from "../common/messages";
import type { Pacer } from "../common/pacing";
import { printable } from "../common/text";
import { type KeySchema, keyAttributes } from "../engines/keySchema";
import {
  checkIndexKeys,
  checkTableKey,
  type IndexKeyAttribute,
  putItemOf,
  toKeyValue,
} from "../engines/keyValues";
import {
  COLUMN_TYPES_LABEL,
  checkColumnTypesUsed,
  checkHeader,
  checkItemBytes,
  checkItemForWrite,
  checkRowObject,
  cut,
  FILE_LABEL,
  type FileFormat,
  type FileSource,
  fail,
  InputError,
  parseJsonInput,
  UNREADABLE_ATTRIBUTE,
} from "../inputs";
import { type AttributeMap, hasAttribute, type TypeCode, typedToMap } from "../values";
import { valueSize } from "../values/size";
import { isTypedValue, typedValue } from "../values/typed";
import { setKey } from "../values/types";
import {
  csvRecords,
  jsonArrayElements,
  jsonLines,
  MAX_ROW_BYTES,
  OVERSIZED_ROW,
  type Row,
} from "./rows";

export interface ItemRowOptions {
  format: FileFormat;
  delimiter: string;
  quote: string;
  /** CSV: column name -> type; other columns are text, key columns the table's type. */
  columnTypes: Record<string, TypeCode>;
  /** JSON rows are DynamoDB's typed JSON. */
  dynamoJson: boolean;
}

/** The keys an item must fit: the table's, and its secondary indexes' (see indexKeyAttributes). */
export interface ItemKeys {
  schema: KeySchema;
  indexKeys: IndexKeyAttribute[];
}

/** Where a row is: its position among the file's rows (what tells rows apart), line, element. */
export interface RowPlace {
  index: number;
  line: number;
  /** For a JSON array: the element's position, from 1. */
  element?: number;
}

/** A good row's item, with what the write pass weighs it by. */
export interface RowItem {
  item: AttributeMap;
  /** DynamoDB's size of the item, in bytes. */
  bytes: number;
  attributes: number;
  problem?: undefined;
}

/** A row of the file: its item, or why it cannot be written. */
export type ItemRow = RowPlace & (RowItem | { item?: undefined; problem: string });

/** Cells converted between two checks of the pacer: a wide row must not stall the loop. */
const CELLS_PER_CHECK = 256;

/** How a row is named in messages: `File (line 12)`, `File (element 3, line 12)`. */
function rowName(row: Row<unknown>, fromFile: boolean): string {
  const line = formatCount(row.line);
  if (row.element === undefined) return `${FILE_LABEL} (line ${line})`;
  const element = formatCount(row.element);
  return fromFile
    ? `${FILE_LABEL} (element ${element}, line ${line})`
    : `${FILE_LABEL} (element ${element})`;
}

function placeOf(row: Row<unknown>): RowPlace {
  return row.element === undefined
    ? { index: row.index, line: row.line }
    : { index: row.index, line: row.line, element: row.element };
}

/** The item of one row, or the InputError that says why not (any other error is thrown). */
async function checked(
  row: Row<unknown>,
  where: string,
  build: () => AttributeMap | Promise<AttributeMap>,
  keys: ItemKeys,
): Promise<ItemRow> {
  const place = placeOf(row);
  try {
    const item = await build();
    checkTableKey(item, keys.schema, where);
    checkIndexKeys(item, keys.indexKeys, where);
    return Object.assign(place, writable(item, where));
  } catch (error) {
    if (error instanceof InputError) return Object.assign(place, { problem: error.message });
    throw error;
  }
}

/**
 * checkItemForWrite's rules (at least one attribute, none the SDK cannot read back, 400 KB), with
 * the item's size and attribute count kept: on an item of 50,000 attributes each pass over its
 * names costs milliseconds.
 */
function writable(item: AttributeMap, where: string): RowItem {
  const names = Object.keys(item);
  if (names.length === 0 || Object.hasOwn(item, UNREADABLE_ATTRIBUTE)) {
    checkItemForWrite(item, where);
  }
  let bytes = 0;
  for (const name of names) bytes += Buffer.byteLength(name, "utf8") + valueSize(item[name]);
  checkItemBytes(bytes, where);
  return { item, bytes, attributes: names.length };
}

interface Column {
  name: string;
  type: TypeCode;
}

function missingKeyColumn(name: string, schema: KeySchema): never {
  const key = keyAttributes(schema)
    .map((k) => `${k.name} (${k.type})`)
    .join(" and ");
  return fail(
    FILE_LABEL,
    "keyMismatch",
    `${FILE_LABEL}: the header row (line 1) has no column for the key attribute "${name}", so no row could be written. The table's key is ${key}; add the column, or check the Delimiter.`,
  );
}

/**
 * The header row's columns with their types: key columns of the table and of its indexes take
 * the declared types, and Column Types must agree with them.
 */
function csvColumns(header: string[], options: ItemRowOptions, keys: ItemKeys): Column[] {
  checkHeader(header);
  checkColumnTypesUsed(options.columnTypes, header);
  const tableKeys = keyAttributes(keys.schema);
  for (const { name } of tableKeys) if (!header.includes(name)) missingKeyColumn(name, keys.schema);
  const keyTypes = new Map<string, TypeCode>(
    [...keys.indexKeys, ...tableKeys].map((k) => [k.name, k.type]),
  );
  return header.map((name) => {
    const given = Object.hasOwn(options.columnTypes, name) ? options.columnTypes[name] : undefined;
    const keyType = keyTypes.get(name);
    if (given !== undefined && keyType !== undefined && given !== keyType) {
      const which = tableKeys.some((k) => k.name === name)
        ? "the key column"
        : "the index key column";
      fail(
        COLUMN_TYPES_LABEL,
        "keyMismatch",
        `${COLUMN_TYPES_LABEL} gives ${which} "${printable(cut(name))}" the type ${given}, but the table declares it as ${keyType}. Remove the row (key columns take the table's type) or correct it.`,
      );
    }
    return { name, type: given ?? keyType ?? "S" };
  });
}

async function csvItem(
  cells: string[],
  columns: Column[],
  where: string,
  pacer: Pacer,
): Promise<AttributeMap> {
  if (cells.length > columns.length) {
    fail(
      where,
      "invalidValue",
      `${where} has ${cells.length} values, but the header row names ${columns.length} columns. Quote values that contain the delimiter.`,
    );
  }
  const item: AttributeMap = {};
  for (let start = 0; start < cells.length; start += CELLS_PER_CHECK) {
    if (start > 0 && pacer.due()) await pacer.pause();
    const end = Math.min(cells.length, start + CELLS_PER_CHECK);
    for (let index = start; index < end; index++) {
      const cell = cells[index];
      // An empty cell is an absent attribute, not an empty string.
      if (cell === "") continue;
      const column = columns[index];
      setKey(item, column.name, typedValue(cell, column.type, { input: where, path: column.name }));
    }
  }
  return item;
}

async function* csvItemRows(
  bytes: Buffer,
  options: ItemRowOptions,
  keys: ItemKeys,
  pacer: Pacer,
): AsyncGenerator<ItemRow> {
  let columns: Column[] | undefined;
  for await (const row of csvRecords(bytes, options, pacer)) {
    if (pacer.due()) await pacer.pause();
    if (columns === undefined) {
      columns = csvColumns(row.value, options, keys);
      continue;
    }
    const where = rowName(row, true);
    const header = columns;
    yield await checked(row, where, () => csvItem(row.value, header, where, pacer), keys);
  }
  if (columns === undefined) {
    fail(
      FILE_LABEL,
      "required",
      `${FILE_LABEL} is empty: a CSV file starts with a header row of attribute names, such as customerId,name,balance. A file of no items is that header row alone.`,
    );
  }
}

/** {"Item": {...}}, as DynamoDB's exports to S3 write each line, is the item inside. */
function unwrapExportLine(value: Record<string, unknown>): unknown {
  const names = Object.keys(value);
  return names.length === 1 && names[0] === "Item" && !isTypedValue(value.Item)
    ? value.Item
    : value;
}

/** A plain JSON row: its index key attributes are converted to their declared types, as keys are. */
function plainItem(raw: Record<string, unknown>, keys: ItemKeys, where: string): AttributeMap {
  const item = putItemOf(raw, keys.schema, where);
  for (const attribute of keys.indexKeys) {
    if (hasAttribute(raw, attribute.name)) {
      item[attribute.name] = toKeyValue(raw[attribute.name], attribute, where);
    }
  }
  return item;
}

function jsonItem(value: unknown, where: string, options: ItemRowOptions, keys: ItemKeys) {
  if (value === OVERSIZED_ROW) {
    fail(
      where,
      "tooLarge",
      `${where} is longer than ${MAX_ROW_BYTES / 1024 / 1024} MiB (Import Items' MAX_ROW_BYTES), far more than DynamoDB's 400 KB items allow, so it was not read.`,
    );
  }
  const parsed = checkRowObject(parseJsonInput(value, where), where);
  return options.dynamoJson
    ? typedToMap(unwrapExportLine(parsed), where)
    : plainItem(parsed, keys, where);
}

async function* jsonItemRows(
  rows: Iterable<Row<unknown>>,
  fromFile: boolean,
  options: ItemRowOptions,
  keys: ItemKeys,
  pacer: Pacer,
): AsyncGenerator<ItemRow> {
  for (const row of rows) {
    if (pacer.due()) await pacer.pause();
    const where = rowName(row, fromFile);
    yield await checked(row, where, () => jsonItem(row.value, where, options, keys), keys);
  }
}

function* arrayRows(items: unknown[]): Generator<Row<unknown>> {
  for (let index = 0; index < items.length; index++) {
    yield { index: index + 1, line: index + 1, element: index + 1, value: items[index] };
  }
}

/**
 * The rows of the file as items or problems, in file order, letting the event loop run every few
 * milliseconds (`pacer`). A file that cannot be read at all (broken CSV quoting, a broken JSON
 * array, a header with a blank or repeated name) is an InputError thrown by the iteration.
 */
export function itemRows(
  source: FileSource,
  options: ItemRowOptions,
  keys: ItemKeys,
  pacer: Pacer,
): AsyncIterable<ItemRow> {
  if (source.kind === "items") {
    return jsonItemRows(arrayRows(source.items), false, options, keys, pacer);
  }
  if (options.format === "csv") return csvItemRows(source.bytes, options, keys, pacer);
  const rows =
    options.format === "jsonl" ? jsonLines(source.bytes) : jsonArrayElements(source.bytes);
  return jsonItemRows(rows, true, options, keys, pacer);
}

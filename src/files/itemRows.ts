/**
 * Import Items' rows as items: each row of the file becomes an AttributeMap checked the way
 * DynamoDB would check it (key attributes of the declared types and sizes, numbers, 400 KB), or a
 * problem naming its line. Conversion is the same on every read of the file, so the check pass
 * and the write pass see the same items.
 */
import {
  COLUMN_TYPES_LABEL,
  checkColumnTypesUsed,
  checkHeader,
  checkItemForWrite,
  checkRowObject,
  FILE_LABEL,
  type FileFormat,
  type FileSource,
  fail,
  InputError,
  parseJsonInput,
} from "../inputs";
import { checkTableKey, type KeySchema, keyAttributes, putItemOf } from "../keys";
import { formatCount } from "../messages";
import { type AttributeMap, type TypeCode, typedToMap } from "../values";
import { isTypedValue, typedValue } from "../values/typed";
import { setKey } from "../values/types";
import { csvRecords, jsonArrayElements, jsonLines, type Row } from "./rows";

export interface ItemRowOptions {
  format: FileFormat;
  delimiter: string;
  quote: string;
  /** CSV: column name -> type; other columns are text, key columns the table's type. */
  columnTypes: Record<string, TypeCode>;
  /** JSON rows are DynamoDB's typed JSON. */
  dynamoJson: boolean;
}

/** A row of the file: its item, or why it cannot be written. */
export type ItemRow =
  | { line: number; item: AttributeMap; problem?: undefined }
  | { line: number; item?: undefined; problem: string };

/** How a row is named in messages: `File (line 12)`, `File (element 3, line 12)`. */
function rowName(row: Row<unknown>, fromFile: boolean): string {
  const line = formatCount(row.line);
  if (row.element === undefined) return `${FILE_LABEL} (line ${line})`;
  const element = formatCount(row.element);
  return fromFile
    ? `${FILE_LABEL} (element ${element}, line ${line})`
    : `${FILE_LABEL} (element ${element})`;
}

/** The item of one row, or the InputError that says why not (any other error is thrown). */
function checked(line: number, where: string, build: () => AttributeMap, schema: KeySchema) {
  try {
    const item = build();
    checkTableKey(item, schema, where);
    return { line, item: checkItemForWrite(item, where) };
  } catch (error) {
    if (error instanceof InputError) return { line, problem: error.message };
    throw error;
  }
}

interface Column {
  name: string;
  type: TypeCode;
}

/** The header row's columns with their types; Column Types must agree with the table's key. */
function csvColumns(header: string[], options: ItemRowOptions, schema: KeySchema): Column[] {
  checkHeader(header);
  checkColumnTypesUsed(options.columnTypes, header);
  const keyTypes = new Map<string, TypeCode>(keyAttributes(schema).map((k) => [k.name, k.type]));
  for (const name of keyTypes.keys()) {
    if (!header.includes(name)) {
      fail(
        FILE_LABEL,
        "keyMismatch",
        `${FILE_LABEL}: the header row (line 1) has no column for the key attribute "${name}", so no row could be written. The table's key is ${keyAttributes(
          schema,
        )
          .map((k) => `${k.name} (${k.type})`)
          .join(" and ")}; add the column, or check the Delimiter.`,
      );
    }
  }
  return header.map((name) => {
    const given = Object.hasOwn(options.columnTypes, name) ? options.columnTypes[name] : undefined;
    const keyType = keyTypes.get(name);
    if (given !== undefined && keyType !== undefined && given !== keyType) {
      fail(
        COLUMN_TYPES_LABEL,
        "keyMismatch",
        `${COLUMN_TYPES_LABEL} gives the key column "${name}" the type ${given}, but the table declares it as ${keyType}. Remove the row (key columns take the table's type) or correct it.`,
      );
    }
    return { name, type: given ?? keyType ?? "S" };
  });
}

function csvItem(cells: string[], columns: Column[], where: string): AttributeMap {
  if (cells.length > columns.length) {
    fail(
      where,
      "invalidValue",
      `${where} has ${cells.length} values, but the header row names ${columns.length} columns. Quote values that contain the delimiter.`,
    );
  }
  const item: AttributeMap = {};
  cells.forEach((cell, index) => {
    // An empty cell is an absent attribute, not an empty string.
    if (cell === "") return;
    const column = columns[index];
    setKey(item, column.name, typedValue(cell, column.type, { input: where, path: column.name }));
  });
  return item;
}

async function* csvItemRows(
  bytes: Buffer,
  options: ItemRowOptions,
  schema: KeySchema,
): AsyncGenerator<ItemRow> {
  let columns: Column[] | undefined;
  for await (const row of csvRecords(bytes, options)) {
    if (columns === undefined) {
      columns = csvColumns(row.value, options, schema);
      continue;
    }
    const where = rowName(row, true);
    const header = columns;
    yield checked(row.line, where, () => csvItem(row.value, header, where), schema);
  }
  if (columns === undefined) {
    fail(
      FILE_LABEL,
      "required",
      `${FILE_LABEL} is empty: a CSV file starts with a header row of attribute names, such as customerId,name,balance.`,
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

function jsonItem(value: unknown, where: string, options: ItemRowOptions, schema: KeySchema) {
  const parsed = checkRowObject(parseJsonInput(value, where), where);
  return options.dynamoJson
    ? typedToMap(unwrapExportLine(parsed), where)
    : putItemOf(parsed, schema, where);
}

function* jsonItemRows(
  rows: Iterable<Row<unknown>>,
  fromFile: boolean,
  options: ItemRowOptions,
  schema: KeySchema,
): Generator<ItemRow> {
  for (const row of rows) {
    const where = rowName(row, fromFile);
    yield checked(row.line, where, () => jsonItem(row.value, where, options, schema), schema);
  }
}

function* arrayRows(items: unknown[]): Generator<Row<unknown>> {
  for (let index = 0; index < items.length; index++) {
    yield { line: index + 1, element: index + 1, value: items[index] };
  }
}

/**
 * The rows of the file as items or problems, in file order. A file that cannot be read at all
 * (broken CSV quoting, a broken JSON array, a header with a blank or repeated name) is an
 * InputError thrown by the iteration.
 */
export function itemRows(
  source: FileSource,
  options: ItemRowOptions,
  schema: KeySchema,
): AsyncIterable<ItemRow> | Iterable<ItemRow> {
  if (source.kind === "items") return jsonItemRows(arrayRows(source.items), false, options, schema);
  if (options.format === "csv") return csvItemRows(source.bytes, options, schema);
  const rows =
    options.format === "jsonl" ? jsonLines(source.bytes) : jsonArrayElements(source.bytes);
  return jsonItemRows(rows, true, options, schema);
}

/**
 * Export Items' files: items written as JSON Lines (plain JSON with every number exact, or
 * DynamoDB's typed JSON) or CSV (RFC 4180; nested values as JSON text). Each item is formatted as
 * it comes, so the reader holds one page of raw items at a time; `measure` gives the bytes an
 * item adds to the final file, exactly, for Max File Size. CSV fields are made here rather than
 * by csv-stringify so that the measure and the file come from one function (csvField) and agree
 * to the byte; csv-parse reads them back (tested).
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { Pacer } from "../common/pacing";
import { CONTENT_TYPES, type FileFormat } from "../inputs";
import { type AttributeMap, formatItem, type TypeCode } from "../values";
import { isAttributes } from "../values/answers";
import {
  answerNumberShape,
  attributeToPlain,
  checkAttributes,
  eachOf,
  members,
  unexpectedValue,
  within,
} from "../values/output";
import { ownType } from "../values/types";

/** A JSON number token, as JSON's grammar allows it. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A DynamoDB number as a JSON number token with the same value and every digit: its text when
 * JSON accepts it (DynamoDB sends "12345678901234567890.5", "1E+125"), else its canonical form.
 */
function numberToken(text: unknown, type: "N" | "NS" = "N"): string {
  const shape = answerNumberShape(text, type);
  return JSON_NUMBER.test(text as string) ? (text as string) : shape.canonical;
}

/**
 * One value as plain JSON text; numbers as exact number tokens, never through a JS number. A
 * value DynamoDB never sends (a mocked answer's) is refused as the outputs refuse it.
 */
function valueJson(value: AttributeValue): string {
  if (typeof value !== "object" || value === null) throw unexpectedValue(value);
  // By the value's own type: a property named like a type on Object.prototype is never read.
  switch (ownType(value)) {
    case "S":
      if (typeof value.S === "string") return JSON.stringify(value.S);
      break;
    case "N":
      return numberToken(value.N);
    case "BOOL":
      if (typeof value.BOOL === "boolean") return value.BOOL ? "true" : "false";
      break;
    case "NULL":
      if (value.NULL === true) return "null";
      break;
    case "M":
      if (isAttributes(value.M)) return itemJson(value.M);
      break;
    case "L":
      if (Array.isArray(value.L)) return `[${eachOf(value.L, valueJson).join(",")}]`;
      break;
    case "NS": {
      const numbers = members(value.NS);
      if (numbers) return `[${eachOf(numbers, (member) => numberToken(member, "NS")).join(",")}]`;
      break;
    }
  }
  // Binary and the other sets as the outputs give them; anything else is refused there.
  return JSON.stringify(attributeToPlain(value));
}

/** An item as plain JSON text (the plain form of the outputs, with exact numbers). */
function itemJson(item: AttributeMap): string {
  checkAttributes(item);
  const parts: string[] = [];
  for (const name of Object.keys(item)) {
    const value = item[name];
    try {
      if (value !== undefined) parts.push(`${JSON.stringify(name)}:${valueJson(value)}`);
    } catch (error) {
      throw within(error, `.${name}`);
    }
  }
  return `{${parts.join(",")}}`;
}

/**
 * A CSV cell: text as is, numbers exactly as DynamoDB gives them, binary as base64, NULL as an
 * empty cell (CSV has no null); anything else as its JSON text (valueJson: booleans as
 * true/false, lists, maps and sets as JSON).
 */
function cellText(value: AttributeValue): string {
  if (typeof value !== "object" || value === null) throw unexpectedValue(value);
  switch (ownType(value)) {
    case "S":
      if (typeof value.S === "string") return value.S;
      break;
    case "N":
      answerNumberShape(value.N, "N");
      return value.N as string;
    case "NULL":
      if (value.NULL === true) return "";
      break;
    case "B":
      return attributeToPlain(value) as string;
  }
  return valueJson(value);
}

/** The cell of attribute `name`, or the error naming it. */
function cellOf(value: AttributeValue, name: string): string {
  try {
    return cellText(value);
  } catch (error) {
    throw within(error, `.${name}`);
  }
}

/** A file being written, item by item. */
export interface FileWriter {
  /**
   * The bytes adding `item` would add to the final file, exactly (for Max File Size): with CSV,
   * its row, plus any new columns' header cells and the empty cells every earlier row gains.
   * Remembers the item's text for `add`.
   */
  measure(item: AttributeMap): number;
  add(item: AttributeMap): void;
  /**
   * The file's bytes, built in chunks with yields to the event loop. `emptyHeader`: the CSV
   * header to write when no item was added and no Columns were given (the table's key), so that
   * an empty export is still a valid CSV file.
   */
  finish(emptyHeader?: string[]): Promise<ExportFile>;
}

export interface ExportFile {
  /** Spectral's file shape: a later step (SFTP, S3, HTTP) takes it as it is. */
  file: { data: Buffer; contentType: string; suggestedExtension: string };
  bytes: number;
  /** CSV: the header row. */
  columns?: string[];
  /** CSV: the type of every column whose values all have one type (Import Items' Column Types). */
  columnTypes?: Record<string, TypeCode>;
}

/** Remembers the text of the item measured last, so that it is built once. */
function measured<T>(build: (item: AttributeMap) => T) {
  let last: { item: AttributeMap; text: T } | undefined;
  return (item: AttributeMap): T => {
    if (last?.item === item) return last.text;
    last = { item, text: build(item) };
    return last.text;
  };
}

/** Pieces of text are turned into Buffers of about this many characters at a time. */
const CHUNK_CHARS = 1024 * 1024;

/**
 * Joins lines into one Buffer, a chunk at a time (no string near V8's length limit), letting the
 * event loop run every few milliseconds (a 100 MB file is seconds of work).
 */
async function joinLines(count: number, line: (index: number) => string): Promise<Buffer> {
  const pacer = new Pacer();
  const chunks: Buffer[] = [];
  let pieces: string[] = [];
  let chars = 0;
  for (let index = 0; index < count; index++) {
    const text = `${line(index)}\n`;
    pieces.push(text);
    chars += text.length;
    if (chars >= CHUNK_CHARS) {
      chunks.push(Buffer.from(pieces.join(""), "utf8"));
      pieces = [];
      chars = 0;
    }
    if (pacer.due()) await pacer.pause();
  }
  chunks.push(Buffer.from(pieces.join(""), "utf8"));
  return Buffer.concat(chunks);
}

/** JSON Lines: one item per line, plain JSON (exact numbers) or DynamoDB's typed JSON. */
export function jsonLinesWriter(dynamoJson: boolean): FileWriter {
  const lines: string[] = [];
  const text = measured((item) =>
    dynamoJson ? JSON.stringify(formatItem(item, true)) : itemJson(item),
  );
  return {
    measure: (item) => Buffer.byteLength(text(item), "utf8") + 1,
    add: (item) => {
      lines.push(text(item));
    },
    finish: async () => {
      const data = await joinLines(lines.length, (index) => lines[index] as string);
      lines.length = 0;
      return {
        file: { data, contentType: CONTENT_TYPES.jsonl, suggestedExtension: "jsonl" },
        bytes: data.length,
      };
    },
  };
}

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): such a
 * text cell is written with a single quote before it, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text as a spreadsheet must not run it: with a leading ' when it starts like a formula. */
function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field as written: quoted (its quotes doubled) when it holds the delimiter, a quote or
 * a line break, as RFC 4180 and csv-parse read it. The one place the file's fields are made, so
 * that the measure of the file is its size exactly.
 */
function csvField(text: string, delimiter: string): string {
  if (!/["\r\n]/.test(text) && !text.includes(delimiter)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

interface CsvCell {
  name: string;
  /** The field as written (escaped, quoted). */
  field: string;
  bytes: number;
  type: TypeCode;
}

/** The sizes that make a CSV file's size: every line has one field per column. */
interface CsvShape {
  columns: number;
  headerBytes: number;
  cellBytes: number;
  rows: number;
}

/** A CSV file's exact size: header and rows, each with columns - 1 delimiters and a newline. */
function csvSize(shape: CsvShape, delimiterBytes: number): number {
  if (shape.columns === 0 && shape.rows === 0) return 0;
  const perLine = delimiterBytes * Math.max(0, shape.columns - 1) + 1;
  return shape.headerBytes + shape.cellBytes + (shape.rows + 1) * perLine;
}

/** The options of a CSV file. */
export interface CsvOptions {
  /** The columns to write, in order (Columns); else every attribute, in order of first appearance. */
  columns?: string[];
  delimiter: string;
  /** Escape text cells and header names that start like a formula (escapeFormula). */
  escapeFormulas: boolean;
}

/**
 * The columns of a CSV file as rows are added: their order, each one's position, and each one's
 * type (null once two rows gave it different types).
 */
interface CsvColumns {
  names: string[];
  indexOf: Map<string, number>;
  types: Map<string, TypeCode | null>;
}

/**
 * An item's CSV cells, in its attributes' order; with `only` (the Columns given), just the cells
 * of those columns. Text cells are escaped against formulas when `escapeFormulas` says so.
 */
function csvCells(item: AttributeMap, options: CsvOptions, only?: Map<string, number>): CsvCell[] {
  const cells: CsvCell[] = [];
  checkAttributes(item);
  for (const name of Object.keys(item)) {
    const value = item[name];
    if (value === undefined || (only && !only.has(name))) continue;
    const text = cellOf(value, name);
    // cellOf read the value, so it has one type.
    const type = ownType(value) as TypeCode;
    const safe = options.escapeFormulas && type === "S" ? escapeFormula(text) : text;
    const field = csvField(safe, options.delimiter);
    cells.push({ name, field, bytes: Buffer.byteLength(field, "utf8"), type });
  }
  return cells;
}

/**
 * The shape of the file with a row of `cells` added: a cell of a new column adds the column and
 * its header field (`headerBytes`). Measures only: the columns are not changed.
 */
function csvShapeWith(
  shape: CsvShape,
  cells: CsvCell[],
  known: Map<string, number>,
  headerBytes: (name: string) => number,
): CsvShape {
  const next = { ...shape, rows: shape.rows + 1 };
  for (const cell of cells) {
    next.cellBytes += cell.bytes;
    if (known.has(cell.name)) continue;
    next.columns += 1;
    next.headerBytes += headerBytes(cell.name);
  }
  return next;
}

/**
 * The row of `cells`, each field at its column's position (a new column is added at the end), with
 * each column's type noted; a position left out is a column the item lacks.
 */
function csvRow(cells: CsvCell[], columns: CsvColumns): string[] {
  const row: string[] = [];
  for (const cell of cells) {
    let index = columns.indexOf.get(cell.name);
    if (index === undefined) {
      index = columns.names.length;
      columns.names.push(cell.name);
      columns.indexOf.set(cell.name, index);
    }
    row[index] = cell.field;
    const seen = columns.types.get(cell.name);
    if (seen === undefined) columns.types.set(cell.name, cell.type);
    else if (seen !== cell.type) columns.types.set(cell.name, null);
  }
  return row;
}

/** The type of every column whose values all have one type, in column order (Column Types). */
function singleTypes(columns: CsvColumns): Record<string, TypeCode> {
  const columnTypes: Record<string, TypeCode> = {};
  for (const name of columns.names) {
    const type = columns.types.get(name);
    if (type) columnTypes[name] = type;
  }
  return columnTypes;
}

/**
 * CSV: a header row of the given columns, or of every attribute seen (in order of first
 * appearance; rows are kept as fields until the end, when the header is known). Text cells, and
 * the header's names, are escaped against formulas (escapeFormulas); numbers, booleans, binary
 * and JSON cells cannot start like a formula the way DynamoDB writes them and are left as they are.
 */
export function csvWriter(options: CsvOptions): FileWriter {
  const { delimiter } = options;
  const delimiterBytes = Buffer.byteLength(delimiter, "utf8");
  const names = options.columns ? [...options.columns] : [];
  const columns: CsvColumns = {
    names,
    indexOf: new Map(names.map((name, index) => [name, index])),
    types: new Map(),
  };
  const only = options.columns !== undefined ? columns.indexOf : undefined;
  const rows: string[][] = [];
  const headerField = (name: string) =>
    csvField(options.escapeFormulas ? escapeFormula(name) : name, delimiter);
  const headerBytes = (name: string) => Buffer.byteLength(headerField(name), "utf8");
  const shape: CsvShape = { columns: names.length, headerBytes: 0, cellBytes: 0, rows: 0 };
  for (const name of names) shape.headerBytes += headerBytes(name);
  // An item's cells; columns and types are recorded only when the item is added (an item
  // measured and then left out by the size budget must not add a column).
  const cellsOf = measured((item) => csvCells(item, options, only));
  const shapeWith = (item: AttributeMap) =>
    csvShapeWith(shape, cellsOf(item), columns.indexOf, headerBytes);
  return {
    measure: (item) => csvSize(shapeWith(item), delimiterBytes) - csvSize(shape, delimiterBytes),
    add: (item) => {
      Object.assign(shape, shapeWith(item));
      rows.push(csvRow(cellsOf(item), columns));
    },
    finish: async (emptyHeader) => {
      if (rows.length === 0 && names.length === 0 && emptyHeader) names.push(...emptyHeader);
      const data = await csvBytes(names.map(headerField), rows, delimiter);
      return {
        file: { data, contentType: CONTENT_TYPES.csv, suggestedExtension: "csv" },
        bytes: data.length,
        columns: names,
        columnTypes: singleTypes(columns),
      };
    },
  };
}

/**
 * The CSV file: the header's fields, then every row with one field per column (a missing one
 * empty). Each row is let go once written, so that the fields and the file are not both held.
 */
async function csvBytes(header: string[], rows: string[][], delimiter: string): Promise<Buffer> {
  const width = header.length;
  if (width === 0 && rows.length === 0) return Buffer.alloc(0);
  const line = (fields: (string | undefined)[]) => {
    const full = new Array<string>(width);
    for (let index = 0; index < width; index++) full[index] = fields[index] ?? "";
    return full.join(delimiter);
  };
  return joinLines(rows.length + 1, (index) => {
    if (index === 0) return line(header);
    const row = rows[index - 1] as string[];
    rows[index - 1] = [];
    return line(row);
  });
}

export function fileWriter(
  format: Exclude<FileFormat, "json">,
  options: CsvOptions & { dynamoJson: boolean },
): FileWriter {
  return format === "csv" ? csvWriter(options) : jsonLinesWriter(options.dynamoJson);
}

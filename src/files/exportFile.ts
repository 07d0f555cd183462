/**
 * Export Items' files: items written as JSON Lines (plain JSON with every number exact, or
 * DynamoDB's typed JSON) or CSV (csv-stringify; nested values as JSON text). Each item is written
 * as it comes, so the reader holds one page of items at a time; `measure` gives the bytes an item
 * adds, for the file size budget.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { stringify } from "csv-stringify";
import { CONTENT_TYPES, type FileFormat } from "../inputs";
import { type AttributeMap, formatItem, type TypeCode } from "../values";
import { toBase64 } from "../values/binary";
import { numberShape } from "../values/numbers";

/** A JSON number token, as JSON's grammar allows it. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A DynamoDB number as a JSON number token with the same value and every digit: its text when
 * JSON accepts it (DynamoDB sends "12345678901234567890.5", "1E+130"), else its canonical form.
 */
export function numberToken(text: string): string {
  if (JSON_NUMBER.test(text)) return text;
  const shape = numberShape(text.trim());
  if (!shape) throw new Error(`DynamoDB returned a number that is not one: ${text.slice(0, 80)}`);
  return shape.canonical;
}

/** One value as plain JSON text; numbers as exact number tokens, never through a JS number. */
export function valueJson(value: AttributeValue): string {
  if (value.S !== undefined) return JSON.stringify(value.S);
  if (value.N !== undefined) return numberToken(value.N);
  if (value.BOOL !== undefined) return value.BOOL ? "true" : "false";
  if (value.NULL !== undefined) return "null";
  if (value.M !== undefined) return itemJson(value.M);
  if (value.L !== undefined) return `[${value.L.map(valueJson).join(",")}]`;
  if (value.B !== undefined) return JSON.stringify(toBase64(value.B));
  if (value.SS !== undefined) return JSON.stringify(value.SS);
  if (value.NS !== undefined) return `[${value.NS.map(numberToken).join(",")}]`;
  if (value.BS !== undefined) return JSON.stringify(value.BS.map(toBase64));
  const type = value.$unknown ? value.$unknown[0] : Object.keys(value).join(", ");
  throw new Error(`DynamoDB returned a value of a type this connector does not know: ${type}.`);
}

/** An item as plain JSON text (the plain form of the outputs, with exact numbers). */
export function itemJson(item: AttributeMap): string {
  const parts: string[] = [];
  for (const name of Object.keys(item)) {
    const value = item[name];
    if (value !== undefined) parts.push(`${JSON.stringify(name)}:${valueJson(value)}`);
  }
  return `{${parts.join(",")}}`;
}

/** The type code of a value. */
export function typeOf(value: AttributeValue): TypeCode {
  return Object.keys(value).find(
    (key) => value[key as keyof AttributeValue] !== undefined,
  ) as TypeCode;
}

/**
 * A CSV cell: text as is, numbers exactly as DynamoDB gives them, booleans as true/false, binary
 * as base64, lists, maps and sets as JSON text; NULL as an empty cell (CSV has no null).
 */
export function cellText(value: AttributeValue): string {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return value.N;
  if (value.BOOL !== undefined) return value.BOOL ? "true" : "false";
  if (value.NULL !== undefined) return "";
  if (value.B !== undefined) return toBase64(value.B);
  return valueJson(value);
}

/** A file being written, item by item. */
export interface FileWriter {
  /** The bytes `item` adds to the file (for the size budget); remembers its text for `add`. */
  measure(item: AttributeMap): number;
  add(item: AttributeMap): void;
  finish(): Promise<ExportFile>;
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
      const data = Buffer.from(lines.length > 0 ? `${lines.join("\n")}\n` : "", "utf8");
      return {
        file: { data, contentType: CONTENT_TYPES.jsonl, suggestedExtension: "jsonl" },
        bytes: data.length,
      };
    },
  };
}

/** The bytes a CSV cell takes: quoted (and its quotes doubled) when it holds special characters. */
function cellBytes(cell: string, delimiter: string): number {
  const bytes = Buffer.byteLength(cell, "utf8");
  if (!/["\r\n]/.test(cell) && !cell.includes(delimiter)) return bytes;
  return bytes + 2 + (cell.match(/"/g)?.length ?? 0);
}

/**
 * CSV: a header row of the given columns, or of every attribute seen (in order of first
 * appearance; rows are kept as cells until the end, when the header is known).
 */
export function csvWriter(options: { columns?: string[]; delimiter: string }): FileWriter {
  const columns = options.columns ? [...options.columns] : [];
  const indexOf = new Map(columns.map((name, index) => [name, index]));
  const fixed = options.columns !== undefined;
  const types = new Map<string, TypeCode | null>();
  const rows: string[][] = [];
  // An item's cells; columns and types are recorded only when the item is added (an item
  // measured and then left out by the size budget must not add a column).
  const cellsOf = measured((item) => {
    const cells: { name: string; text: string; type: TypeCode }[] = [];
    for (const name of Object.keys(item)) {
      const value = item[name];
      if (value === undefined || (fixed && !indexOf.has(name))) continue;
      cells.push({ name, text: cellText(value), type: typeOf(value) });
    }
    return cells;
  });
  return {
    measure: (item) => {
      const cells = cellsOf(item);
      let bytes = 1 + Math.max(0, columns.length - cells.length);
      for (const cell of cells) bytes += cellBytes(cell.text, options.delimiter) + 1;
      return bytes;
    },
    add: (item) => {
      const row: string[] = [];
      for (const cell of cellsOf(item)) {
        let index = indexOf.get(cell.name);
        if (index === undefined) {
          index = columns.length;
          columns.push(cell.name);
          indexOf.set(cell.name, index);
        }
        row[index] = cell.text;
        const seen = types.get(cell.name);
        if (seen === undefined) types.set(cell.name, cell.type);
        else if (seen !== cell.type) types.set(cell.name, null);
      }
      rows.push(row);
    },
    finish: async () => {
      const data = await toCsv([columns, ...rows], columns.length, options.delimiter);
      const columnTypes: Record<string, TypeCode> = {};
      for (const name of columns) {
        const type = types.get(name);
        if (type) columnTypes[name] = type;
      }
      return {
        file: { data, contentType: CONTENT_TYPES.csv, suggestedExtension: "csv" },
        bytes: data.length,
        columns,
        columnTypes,
      };
    },
  };
}

/** Rows (sparse: a missing cell is empty) to CSV bytes with csv-stringify. */
function toCsv(rows: string[][], width: number, delimiter: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stringifier = stringify({ delimiter, record_delimiter: "unix" });
    stringifier.on("data", (chunk: Buffer | string) => {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
    });
    stringifier.on("error", reject);
    stringifier.on("end", () => resolve(Buffer.concat(chunks)));
    for (const row of rows) {
      const full = new Array<string>(width);
      for (let index = 0; index < width; index++) full[index] = row[index] ?? "";
      stringifier.write(full);
    }
    stringifier.end();
  });
}

export function fileWriter(
  format: Exclude<FileFormat, "json">,
  options: { columns?: string[]; delimiter: string; dynamoJson: boolean },
): FileWriter {
  return format === "csv" ? csvWriter(options) : jsonLinesWriter(options.dynamoJson);
}

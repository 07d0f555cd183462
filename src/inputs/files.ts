/**
 * Files in and out (Import Items, Export Items): the File input (a file from an earlier step, text
 * or, from a code-native flow, an array of items), its format, the CSV options, column types,
 * column lists and the file size budget. Every rule about them lives here.
 */

import { isUtf8 } from "node:buffer";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { input } from "@prismatic-io/spectral";
import { printable } from "../common/text";
import { cut, fail, show } from "../errors/inputError";
import { isPlainObject, parseJsonInput } from "../values/json";
import { readKeyValueList } from "../values/keyValue";
import { checkReadableName } from "../values/limits";
import { typeCodeOrFail } from "../values/typed";
import type { TypeCode } from "../values/types";
import { isBlank, primitiveText } from "./scalars";

export const FILE_LABEL = "File";
export const FORMAT_LABEL = "Format";
export const COLUMN_TYPES_LABEL = "Column Types";
export const COLUMNS_LABEL = "Columns";
export const DELIMITER_LABEL = "Delimiter";
export const QUOTE_LABEL = "Quote";

/** The file formats: CSV, JSON Lines (one item per line), a JSON array of items. */
export type FileFormat = "csv" | "jsonl" | "json";
export const FORMAT_NAMES: Record<FileFormat, string> = {
  csv: "CSV",
  jsonl: "JSON Lines",
  json: "JSON array",
};
/** What Export Items writes, and what Import Items recognises by content type. */
export const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: "text/csv",
  jsonl: "application/x-ndjson",
  json: "application/json",
};
const CSV_TYPES = new Set([
  "text/csv",
  "application/csv",
  "text/comma-separated-values",
  "application/vnd.ms-excel",
]);
const JSON_LINES_TYPES = new Set([
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "application/x-jsonl",
  "application/jsonlines",
  "application/x-jsonlines",
  "application/json-lines",
]);

/** A file's bytes and the content type the earlier step gave it, or items given as an array. */
export type FileSource =
  | { kind: "bytes"; bytes: Buffer; contentType?: string }
  | { kind: "items"; items: unknown[] };

const FILE_HINT =
  "Reference a file from an earlier step (such as an SFTP, S3 or HTTP download), or give the file's text.";

/**
 * The File input: a file from an earlier step ({ data: Buffer, contentType }, spectral's data
 * payload), text, bytes, or (code-native flows) an array of items. Blank is an error.
 */
export function readFileInput(value: unknown): FileSource {
  if (isBlank(value) && !Array.isArray(value)) {
    return fail(FILE_LABEL, "required", `${FILE_LABEL} is required. ${FILE_HINT}`);
  }
  if (typeof value === "string") return { kind: "bytes", bytes: Buffer.from(value, "utf8") };
  if (Buffer.isBuffer(value)) return { kind: "bytes", bytes: value };
  if (value instanceof Uint8Array) return { kind: "bytes", bytes: Buffer.from(value) };
  if (Array.isArray(value)) return { kind: "items", items: value };
  if (typeof value === "object" && value !== null && Object.hasOwn(value, "data")) {
    const payload = value as { data: unknown; contentType?: unknown };
    const contentType = typeof payload.contentType === "string" ? payload.contentType : undefined;
    if (Buffer.isBuffer(payload.data)) return { kind: "bytes", bytes: payload.data, contentType };
    if (payload.data instanceof Uint8Array) {
      return { kind: "bytes", bytes: Buffer.from(payload.data), contentType };
    }
    if (typeof payload.data === "string") {
      return { kind: "bytes", bytes: Buffer.from(payload.data, "utf8"), contentType };
    }
    return fail(
      FILE_LABEL,
      "wrongKind",
      `${FILE_LABEL} has a data property that is ${show(payload.data)}, not the file's bytes. ${FILE_HINT}`,
    );
  }
  return fail(
    FILE_LABEL,
    "wrongKind",
    `${FILE_LABEL} must be a file, not ${show(value)}. ${FILE_HINT}`,
  );
}

/** The largest file Import Items unpacks from gzip, in bytes: well within a runner's 1 GB. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

const unzip = promisify(gunzip);

/**
 * The file's text bytes: a gzip file (DynamoDB's exports to S3 are gzipped JSON Lines) is
 * unpacked, up to MAX_UNZIPPED_BYTES, off the event loop (zlib's thread pool); a file that is not
 * UTF-8 text (NUL bytes: a spreadsheet, an archive, UTF-16; or any byte sequence UTF-8 does not
 * allow, such as Latin-1 or Windows-1252 text) is an InputError, not a file of mojibake.
 */
export async function fileText(source: FileSource): Promise<FileSource> {
  if (source.kind === "items") return source;
  let bytes = source.bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await unzip(bytes, { maxOutputLength: MAX_UNZIPPED_BYTES });
    } catch (error) {
      const reason =
        error instanceof RangeError || (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE"
          ? `it unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`
          : "it is not a valid gzip file";
      fail(
        FILE_LABEL,
        "invalidValue",
        `${FILE_LABEL} is gzip-compressed, but ${reason}. Split the file, or give it unpacked.`,
      );
    }
  }
  if (bytes.subarray(0, 4096).includes(0)) {
    fail(
      FILE_LABEL,
      "invalidValue",
      `${FILE_LABEL} is not UTF-8 text (it holds NUL bytes: a spreadsheet, an archive or UTF-16 text?). Export or save it as UTF-8 CSV, JSON Lines or JSON.`,
    );
  }
  checkUtf8(bytes);
  if (bytes === source.bytes) return source;
  // The content type of a gzip file says gzip, not what is inside: the content tells.
  const type = mediaType(source.contentType);
  return {
    kind: "bytes",
    bytes,
    contentType: type.includes("gzip") ? undefined : source.contentType,
  };
}

/** The whole file must be UTF-8 (a byte order mark is fine): else an InputError naming the first bad byte. */
function checkUtf8(bytes: Buffer): void {
  if (isUtf8(bytes)) return;
  const offset = firstInvalidUtf8(bytes);
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < offset; at = bytes.indexOf(0x0a, at + 1)) {
    line += 1;
  }
  const byte = bytes[offset]?.toString(16).toUpperCase().padStart(2, "0");
  fail(
    FILE_LABEL,
    "invalidValue",
    `${FILE_LABEL} is not UTF-8 text: the byte at offset ${formatOffset(offset)} (line ${formatOffset(line)}, 0x${byte ?? "??"}) is not valid UTF-8, so nothing was written. Such files are Latin-1 or Windows-1252 (a spreadsheet's plain "CSV"); save or export the file as "CSV UTF-8", or convert it (iconv -f WINDOWS-1252 -t UTF-8).`,
  );
}

function formatOffset(offset: number): string {
  return offset.toLocaleString("en-US");
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629), or bytes.length if none does. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at];
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
    if (length === 0) return at;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let next = 1; next < length; next++) {
      const byte = bytes[at + next];
      const [min, max] = next === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return at;
    }
    at += length;
  }
  return at;
}

/** The media type of a Content-Type header, lower case, without parameters (charset). */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** The first byte that is not white space, after a UTF-8 byte order mark. */
function firstByte(bytes: Buffer): number | undefined {
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (index < bytes.length && (bytes[index] <= 0x20 || bytes[index] === 0xa0)) index++;
  return bytes[index];
}

/**
 * The format of a file: the one chosen, else its content type (CSV or JSON Lines types), else its
 * first character: [ is a JSON array, { is JSON Lines, anything else is CSV.
 */
export function detectFormat(source: FileSource, chosen: FileFormat | undefined): FileFormat {
  if (source.kind === "items") {
    if (chosen !== undefined && chosen !== "json") {
      fail(
        FORMAT_LABEL,
        "conflict",
        `${FORMAT_LABEL} is ${FORMAT_NAMES[chosen]}, but ${FILE_LABEL} is a list of items, not a file. Set ${FORMAT_LABEL} to Detect or JSON Array.`,
      );
    }
    return "json";
  }
  if (chosen !== undefined) return chosen;
  const type = mediaType(source.contentType);
  if (CSV_TYPES.has(type)) return "csv";
  if (JSON_LINES_TYPES.has(type)) return "jsonl";
  const first = firstByte(source.bytes);
  if (first === 0x5b) return "json";
  if (first === 0x7b) return "jsonl";
  return "csv";
}

/**
 * A file of 0 bytes (a byte order mark at most) is a mistake (a failed download, say) unless it is
 * JSON Lines, where no lines is how no items are written (Export Items' JSON Lines of an empty
 * table). CSV and JSON arrays say "no items" with a header row alone and with [].
 */
export function checkNotEmpty(source: FileSource, format: FileFormat): void {
  if (source.kind === "items" || format === "jsonl") return;
  const bytes = source.bytes;
  const onlyBom = bytes.length === 3 && bytes.equals(Buffer.from([0xef, 0xbb, 0xbf]));
  if (bytes.length > 0 && !onlyBom) return;
  fail(
    FILE_LABEL,
    "required",
    `${FILE_LABEL} is empty (0 bytes), so nothing was written. A file of no items is a CSV header row alone (such as customerId,name), an empty JSON array ([]), or an empty JSON Lines file (set ${FORMAT_LABEL} to JSON Lines).`,
  );
}

/** Format: Detect (blank) or one of the formats. */
export function cleanFileFormat(value: unknown): FileFormat | undefined {
  if (isBlank(value)) return undefined;
  const text = primitiveText(value)?.trim().toLowerCase();
  if (text === "auto" || text === "detect") return undefined;
  const aliases: Record<string, FileFormat> = {
    csv: "csv",
    jsonl: "jsonl",
    ndjson: "jsonl",
    "json lines": "jsonl",
    json: "json",
    "json array": "json",
  };
  const format = text === undefined ? undefined : aliases[text];
  if (format === undefined) {
    return fail(
      FORMAT_LABEL,
      "invalidValue",
      `${FORMAT_LABEL} must be one of auto, csv, jsonl, json, not ${show(value)}.`,
    );
  }
  return format;
}

/**
 * A CSV delimiter or quote: one character (\t, "tab" for a tab), not a line break. Blank gives
 * the default.
 */
export function cleanCsvCharacter(label: string, defaultValue: string) {
  return (value: unknown): string => {
    if (value === undefined || value === null || value === "") return defaultValue;
    const text = primitiveText(value);
    const character =
      text === "\\t" || text?.toLowerCase() === "tab"
        ? "\t"
        : text?.length === 1
          ? text
          : undefined;
    if (character === undefined || character === "\n" || character === "\r") {
      return fail(
        label,
        "invalidValue",
        `${label} must be one character, such as , or ; or | (or \\t for a tab), not ${show(value)}.`,
      );
    }
    return character;
  };
}

/** The Delimiter and Quote must differ, or no value could be quoted. */
export function checkCsvCharacters(delimiter: string, quote: string): void {
  if (delimiter === quote) {
    fail(
      QUOTE_LABEL,
      "conflict",
      `${QUOTE_LABEL} and ${DELIMITER_LABEL} are both ${JSON.stringify(quote)}; they must differ.`,
    );
  }
}

/**
 * Column Types: column name -> type code (a key-value list, or an object such as Export Items'
 * columnTypes output). Blank gives no types (every column is text, key columns take the table's
 * types).
 */
export function cleanColumnTypes(value: unknown): Record<string, TypeCode> {
  const pairs = readKeyValueList(value, COLUMN_TYPES_LABEL, {
    rowExample: "price → N",
    keyRule: ": the column name as its key",
  });
  const types: Record<string, TypeCode> = Object.create(null);
  for (const [column, type] of pairs) {
    types[column] = typeCodeOrFail(type, { input: COLUMN_TYPES_LABEL, path: column });
  }
  return types;
}

/** Column types name columns of the header: a name that is not there is a typo, not a no-op. */
export function checkColumnTypesUsed(types: Record<string, TypeCode>, header: string[]): void {
  const present = new Set(header);
  for (const column of Object.keys(types)) {
    if (!present.has(column)) {
      fail(
        COLUMN_TYPES_LABEL,
        "invalidValue",
        `${COLUMN_TYPES_LABEL} names the column "${printable(cut(column))}", which is not in the file's header row (${printable(cut(header.join(", "), 200))}). Correct the name or remove the row.`,
      );
    }
  }
}

/** The header row of a CSV file: every column named, once, and readable by the AWS SDK. */
export function checkHeader(header: string[]): void {
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (name.trim() === "") {
      fail(
        FILE_LABEL,
        "invalidName",
        `${FILE_LABEL}: column ${index + 1} of the header row (line 1) has no name. The first row names the attributes; give every column a name.`,
      );
    }
    if (seen.has(name)) {
      fail(
        FILE_LABEL,
        "duplicate",
        `${FILE_LABEL}: the header row (line 1) names the column "${printable(cut(name))}" twice. Each attribute may appear once.`,
      );
    }
    checkReadableName(name, FILE_LABEL);
    seen.add(name);
  });
}

/** Columns: a JSON array of attribute names or a comma-separated list; blank gives undefined. */
export function cleanColumns(value: unknown): string[] | undefined {
  if (isBlank(value)) return undefined;
  let names: unknown;
  if (typeof value === "string") {
    const text = value.trim();
    names = text.startsWith("[")
      ? parseJsonInput(text, COLUMNS_LABEL)
      : text.split(",").map((name) => name.trim());
  } else names = value;
  const example = 'customerId, name, balance (or ["customerId", "name", "balance"])';
  if (!Array.isArray(names)) {
    return fail(
      COLUMNS_LABEL,
      "wrongKind",
      `${COLUMNS_LABEL} must be attribute names such as ${example}, not ${show(names)}.`,
    );
  }
  const seen = new Set<string>();
  return names.map((name, index) => {
    if (typeof name !== "string" || name === "") {
      return fail(
        COLUMNS_LABEL,
        "invalidValue",
        `${COLUMNS_LABEL}: entry ${index + 1} is ${show(name)}, not an attribute name. Give names such as ${example}.`,
      );
    }
    if (seen.has(name)) {
      fail(COLUMNS_LABEL, "duplicate", `${COLUMNS_LABEL} names "${printable(cut(name))}" twice.`);
    }
    seen.add(name);
    return name;
  });
}

/** A row of a file is a JSON object; anything else is a bad row. */
export function checkRowObject(value: unknown, where: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    fail(
      where,
      "wrongKind",
      `${where} is ${show(value)}, not a JSON object; each row must be an item such as {"customerId": 1001, "name": "Ada"}.`,
    );
  }
  return value;
}

/** Bad Rows: stop (nothing is written) or skip (the others are written, the bad ones listed). */
export type BadRowPolicy = "stop" | "skip";

/** Export Items' file size budget, in MB: 1 to 100, blank for 5. */
export const DEFAULT_FILE_MB = 5;
export const MAX_FILE_MB = 100;

/** Delimiter (Import Items and Export Items): one character, a comma by default. */
export const csvDelimiterInput = input({
  label: DELIMITER_LABEL,
  type: "string",
  required: false,
  default: ",",
  comments: "CSV only. The character between values: , (the default), ; or | or \\t for a tab.",
  clean: cleanCsvCharacter(DELIMITER_LABEL, ","),
});

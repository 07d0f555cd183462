/**
 * The rows of a file, read as a stream so that only a few rows are held at once: CSV records
 * (csv-parse), JSON Lines and the elements of a JSON array. Each row carries the line it starts on,
 * for messages. The file is a Buffer already in memory, so reading it again is cheap; the rows
 * made from it are what must not pile up.
 */
import { Readable } from "node:stream";
import type * as CsvParse from "csv-parse";
import type { CsvError, Options } from "csv-parse";
import type { Pacer } from "../common/pacing";
import { printable } from "../common/text";
import { cut, FILE_LABEL, fail, InputError } from "../inputs";

/**
 * A row of a file: its position, where it starts, and its CSV cells or its JSON text. Rows are
 * told apart by `index`, never by `line`: the elements of a one-line JSON array share a line.
 */
export interface Row<T> {
  /** The row's position among the file's rows, from 1 (a CSV header row is 0; blank lines are not rows). */
  index: number;
  /** The line the row starts on, from 1 (the header row of a CSV file is line 1). */
  line: number;
  /** For a JSON array: the element's position, from 1 (the same as `index`). */
  element?: number;
  value: T;
}

/**
 * The most bytes one row may take in the file (MAX_ROW_BYTES, 8 MiB): DynamoDB stores items of
 * at most 400 KB, and even DynamoDB JSON's most verbose form of one stays well under this. A
 * longer row is a bad row, and it is never parsed (its text could be any size).
 */
export const MAX_ROW_BYTES = 8 * 1024 * 1024;

/** Bytes handed to the CSV parser at a time: a few milliseconds of parsing, a few rows of output. */
const SLICE_BYTES = 16 * 1024;

/** The file in slices, letting the event loop run between them when the parsing is due to. */
async function* slices(bytes: Buffer, pacer: Pacer): AsyncGenerator<Buffer> {
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    if (pacer.due()) await pacer.pause();
    yield bytes.subarray(start, start + SLICE_BYTES);
  }
}

function hasBom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * The records of a CSV file, header row included, as text cells. Blank lines are passed over. A
 * file the parser cannot read (an unclosed quote, a stray quote) is an InputError naming the line.
 */
export async function* csvRecords(
  bytes: Buffer,
  options: { delimiter: string; quote: string },
  pacer: Pacer,
): AsyncGenerator<Row<string[]>> {
  const { CsvError, parse } = csvParse();
  const parser = parse({
    delimiter: options.delimiter,
    // A quote inside a quoted value is written twice, whatever the quote character.
    quote: options.quote,
    escape: options.quote,
    bom: true,
    info: true,
    relax_column_count: true,
    max_record_size: MAX_ROW_BYTES,
    // The stream's default buffers 16 records ahead, parsed in one go: 16 wide rows of 50,000
    // cells are a second of work between two turns of the event loop.
    readableHighWaterMark: 1,
  } as Options);
  const input = Readable.from(slices(bytes, pacer), { objectMode: false });
  input.pipe(parser);
  let previousEnd = 0;
  let index = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = previousEnd + 1;
      previousEnd = info.lines;
      if (record.length === 1 && record[0] === "") continue;
      yield { index, line, value: record };
      index += 1;
    }
  } catch (error) {
    if (error instanceof CsvError) throw csvError(error, previousEnd + 1, options.quote);
    throw error;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** csv-parse, loaded on first use: most steps read no CSV, and a cold start need not evaluate it. */
function csvParse(): Pick<typeof CsvParse, "CsvError" | "parse"> {
  const { CsvError, parse }: typeof CsvParse = require("csv-parse");
  return { CsvError, parse };
}

/** The InputError for a CSV the parser cannot read: the line, the parser's reason, the quote rule. */
function csvError(error: CsvError, fallbackLine: number, quote: string): InputError {
  const line = (error as CsvError & { lines?: number }).lines ?? fallbackLine;
  const reason =
    error.code === "CSV_MAX_RECORD_SIZE"
      ? `a row is longer than ${MAX_ROW_BYTES / 1024 / 1024} MiB (Import Items' MAX_ROW_BYTES)`
      : printable(cut(error.message.replace(/\.$/, ""), 200));
  return new InputError(
    FILE_LABEL,
    "invalidValue",
    `${FILE_LABEL}: the CSV cannot be read at line ${line} (${reason}), so nothing was written. Check the Delimiter and Quote inputs, and that a quote inside a quoted value is doubled (${printable(quote + quote)}).`,
  );
}

/** A row's text, or undefined when it is over MAX_ROW_BYTES (so it is never decoded). */
function rowText(bytes: Buffer, start: number, end: number): string | undefined {
  return end - start > MAX_ROW_BYTES ? undefined : bytes.toString("utf8", start, end).trim();
}

/** The text of a row over MAX_ROW_BYTES: a bad row, named as such by the reader of its JSON. */
export const OVERSIZED_ROW = Symbol("a row over MAX_ROW_BYTES");

/** The non-blank lines of a JSON Lines file, as text (OVERSIZED_ROW for one over MAX_ROW_BYTES). */
export function* jsonLines(bytes: Buffer): Generator<Row<string | typeof OVERSIZED_ROW>> {
  let start = hasBom(bytes) ? 3 : 0;
  let line = 1;
  let index = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const text = rowText(bytes, start, end);
    if (text !== "") {
      yield { index, line, value: text ?? OVERSIZED_ROW };
      index += 1;
    }
    start = end + 1;
    line += 1;
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where a scan of a JSON array file is: the byte it is at, and that byte's line (from 1). */
interface ArrayScan {
  bytes: Buffer;
  index: number;
  line: number;
}

/** Moves `scan` past spaces and line breaks, counting the lines. */
function skipSpace(scan: ArrayScan): void {
  const { bytes } = scan;
  while (scan.index < bytes.length && isSpace(bytes[scan.index])) {
    if (bytes[scan.index] === 0x0a) scan.line += 1;
    scan.index += 1;
  }
}

/** Throws the InputError of a file that is not a JSON array: `what` is wrong at `line`. */
function notAJsonArray(what: string, line: number): never {
  return fail(
    FILE_LABEL,
    "invalidJson",
    `${FILE_LABEL} is not a valid JSON array: ${what} at line ${line}. A JSON array file looks like [{"customerId": 1001}, {"customerId": 1002}].`,
  );
}

/**
 * Moves `scan` from the start of an element to the byte after it: the comma or ] that ends it at
 * the top level (outside strings, nested arrays and objects), or the end of the file. Throws at a
 * } that closes nothing. The one loop over every byte of the file: it works on locals.
 */
function scanElement(scan: ArrayScan): void {
  const { bytes } = scan;
  let { index, line } = scan;
  let depth = 0;
  let inString = false;
  for (; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === 0x0a) line += 1;
    if (inString) {
      if (byte === 0x5c) index += 1;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) depth += 1;
    else if (byte === 0x5d || byte === 0x7d) {
      if (depth === 0 && byte === 0x7d) notAJsonArray("a } closes nothing", line);
      if (depth === 0) break;
      depth -= 1;
    } else if (byte === 0x2c && depth === 0) break;
  }
  scan.index = index;
  scan.line = line;
}

/**
 * The elements of a JSON array file, each as its own JSON text, found by scanning the bytes for
 * the commas between top-level elements (outside strings), so that the whole array is never
 * parsed at once. Each element is parsed later, by the one JSON reader.
 */
export function* jsonArrayElements(bytes: Buffer): Generator<Row<string | typeof OVERSIZED_ROW>> {
  const scan: ArrayScan = { bytes, index: hasBom(bytes) ? 3 : 0, line: 1 };
  skipSpace(scan);
  if (bytes[scan.index] !== 0x5b) notAJsonArray("it does not start with [", scan.line);
  scan.index += 1;
  let element = 0;
  skipSpace(scan);
  if (bytes[scan.index] === 0x5d) {
    scan.index += 1;
  } else {
    while (true) {
      skipSpace(scan);
      const startLine = scan.line;
      const start = scan.index;
      scanElement(scan);
      if (scan.index >= bytes.length) notAJsonArray("it ends before its closing ]", scan.line);
      const text = rowText(bytes, start, scan.index);
      if (text === "") notAJsonArray("an element is missing", scan.line);
      element += 1;
      yield { index: element, line: startLine, element, value: text ?? OVERSIZED_ROW };
      const separator = bytes[scan.index];
      scan.index += 1;
      if (separator === 0x5d) break;
    }
  }
  skipSpace(scan);
  if (scan.index < bytes.length) notAJsonArray("there is more after the closing ]", scan.line);
}

/**
 * The rows of a file, read as a stream so that only a few rows are held at once: CSV records
 * (csv-parse), JSON Lines and the elements of a JSON array. Each row carries the line it starts on,
 * for messages. The file is a Buffer already in memory, so reading it again is cheap; the rows
 * made from it are what must not pile up.
 */
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { cut, FILE_LABEL, fail } from "../inputs";

/** A row of a file: where it starts, and its CSV cells or its JSON text. */
export interface Row<T> {
  /** The line the row starts on, from 1 (the header row of a CSV file is line 1). */
  line: number;
  /** For a JSON array: the element's position, from 1. */
  element?: number;
  value: T;
}

/** Bytes handed to the CSV parser at a time: small enough that its output stays a few rows. */
const SLICE_BYTES = 64 * 1024;

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
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
): AsyncGenerator<Row<string[]>> {
  const parser = parse({
    delimiter: options.delimiter,
    quote: options.quote,
    bom: true,
    info: true,
    relax_column_count: true,
  });
  const input = Readable.from(slices(bytes), { objectMode: false });
  input.pipe(parser);
  let previousEnd = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = previousEnd + 1;
      previousEnd = info.lines;
      if (record.length === 1 && record[0] === "") continue;
      yield { line, value: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? previousEnd + 1;
      fail(
        FILE_LABEL,
        "invalidValue",
        `${FILE_LABEL}: the CSV cannot be read at line ${line} (${cut(error.message.replace(/\.$/, ""), 200)}), so nothing was written. Check the Delimiter and Quote inputs, and that a quote inside a quoted value is doubled ("").`,
      );
    }
    throw error;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** The non-blank lines of a JSON Lines file, as text. */
export function* jsonLines(bytes: Buffer): Generator<Row<string>> {
  let start = hasBom(bytes) ? 3 : 0;
  let line = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const text = bytes.toString("utf8", start, end).trim();
    if (text !== "") yield { line, value: text };
    start = end + 1;
    line += 1;
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The elements of a JSON array file, each as its own JSON text, found by scanning the bytes for
 * the commas between top-level elements (outside strings), so that the whole array is never
 * parsed at once. Each element is parsed later, by the one JSON reader.
 */
export function* jsonArrayElements(bytes: Buffer): Generator<Row<string>> {
  let index = hasBom(bytes) ? 3 : 0;
  let line = 1;
  const skipSpace = () => {
    while (index < bytes.length && isSpace(bytes[index])) {
      if (bytes[index] === 0x0a) line += 1;
      index += 1;
    }
  };
  const broken = (what: string): never =>
    fail(
      FILE_LABEL,
      "invalidJson",
      `${FILE_LABEL} is not a valid JSON array: ${what} at line ${line}. A JSON array file looks like [{"customerId": 1001}, {"customerId": 1002}].`,
    );
  skipSpace();
  if (bytes[index] !== 0x5b) broken("it does not start with [");
  index += 1;
  let element = 0;
  skipSpace();
  if (bytes[index] === 0x5d) {
    index += 1;
  } else {
    while (true) {
      skipSpace();
      const startLine = line;
      const start = index;
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
          if (depth === 0 && byte === 0x7d) broken("a } closes nothing");
          if (depth === 0) break;
          depth -= 1;
        } else if (byte === 0x2c && depth === 0) break;
      }
      if (index >= bytes.length) broken("it ends before its closing ]");
      const text = bytes.toString("utf8", start, index).trim();
      if (text === "") broken("an element is missing");
      element += 1;
      yield { line: startLine, element, value: text };
      const separator = bytes[index];
      index += 1;
      if (separator === 0x5d) break;
    }
  }
  skipSpace();
  if (index < bytes.length) broken("there is more after the closing ]");
}

/**
 * Import Items' output: its schema, example payload, and the formatting of what the import did
 * into a step's `data`.
 */
import type { ActionOutputSchema } from "@prismatic-io/spectral";
import { megabytes } from "../common/limits";
import { formatCount } from "../common/messages";
import { type AttributeMap, formatItem } from "../values";
import { actionOutputSchema, RETRIES_ENDED, unprocessedCountSchema } from "./index";

/**
 * The schema, stating the limits the import runs with (files/importRun.ts, a sibling layer):
 * how many skipped rows are listed, and the bytes of unprocessed rows returned.
 */
export function importItemsOutputSchema(limits: {
  maxSkippedListed: number;
  unprocessedBudgetBytes: number;
}): ActionOutputSchema {
  return actionOutputSchema(
    {
      format: {
        type: "string",
        enum: ["csv", "jsonl", "json"],
        description: "The format the file was read as: csv, jsonl (JSON Lines) or json (array).",
      },
      rows: { type: "integer", description: "How many rows the file has (a CSV header excluded)." },
      written: { type: "integer", description: "How many items were written." },
      skippedCount: {
        type: "integer",
        description: "How many bad rows were skipped (Bad Rows = Skip; otherwise 0).",
      },
      skipped: {
        type: "array",
        description: `The skipped rows, in file order (the first ${formatCount(limits.maxSkippedListed)}): the line each starts on (for an array of items given directly, its position), for a JSON array its element, and why it was not written.`,
        items: {
          type: "object",
          properties: {
            line: { type: "integer" },
            element: { type: "integer" },
            reason: { type: "string" },
          },
          required: ["line", "reason"],
        },
      },
      unprocessedCount: unprocessedCountSchema("rows"),
      unprocessed: {
        type: "object",
        description: `The rows still unprocessed ${RETRIES_ENDED}: puts (the items, to give to Batch Write Items' Items to Put), lines (where they are in the file) and, for a JSON array, elements (their positions in it).`,
        properties: {
          puts: { type: "array", items: { type: "object", additionalProperties: true } },
          lines: { type: "array", items: { type: "integer" } },
          elements: { type: "array", items: { type: "integer" } },
        },
        required: ["puts", "lines"],
      },
      unprocessedTruncated: {
        type: "boolean",
        description: `True when unprocessed lists fewer rows than unprocessedCount: it holds the rows given up first, up to ${megabytes(limits.unprocessedBudgetBytes)} as JSON text. Importing the file again writes the others (it rewrites the same items).`,
      },
    },
    [
      "format",
      "rows",
      "written",
      "skippedCount",
      "skipped",
      "unprocessedCount",
      "unprocessed",
      "unprocessedTruncated",
    ],
  );
}

/** Import Items' data (see importItemsOutputSchema). */
export interface ImportData {
  format: "csv" | "jsonl" | "json";
  rows: number;
  written: number;
  skippedCount: number;
  skipped: { line: number; element?: number; reason: string }[];
  unprocessedCount: number;
  unprocessed: { puts: Record<string, unknown>[]; lines: number[]; elements: number[] };
  unprocessedTruncated: boolean;
}

export const importItemsExample: { data: ImportData } = {
  data: {
    format: "csv",
    rows: 3,
    written: 2,
    skippedCount: 1,
    skipped: [
      {
        line: 3,
        reason:
          'File (line 3): attribute "balance" has type N but "12,50" is not a number. A number looks like 42, -3.5 or 1.2E+10 (up to 38 significant digits).',
      },
    ],
    unprocessedCount: 0,
    unprocessed: { puts: [], lines: [], elements: [] },
    unprocessedTruncated: false,
  },
};

/** What an import did, as importRows (files/importRun.ts) gives it. */
export interface ImportOutcome extends Omit<ImportData, "unprocessed"> {
  unprocessed: { item: AttributeMap; line: number; element?: number }[];
}

/** Import Items' data: the counts, the skipped rows, and the unprocessed rows as plain JSON. */
export function importData(outcome: ImportOutcome): ImportData {
  const { unprocessed } = outcome;
  return {
    format: outcome.format,
    rows: outcome.rows,
    written: outcome.written,
    skippedCount: outcome.skippedCount,
    skipped: outcome.skipped,
    unprocessedCount: outcome.unprocessedCount,
    unprocessed: {
      puts: unprocessed.map((entry) => formatItem(entry.item)),
      lines: unprocessed.map((entry) => entry.line),
      elements: unprocessed.flatMap((entry) =>
        entry.element === undefined ? [] : [entry.element],
      ),
    },
    unprocessedTruncated: outcome.unprocessedTruncated,
  };
}

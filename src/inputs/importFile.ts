/**
 * Import Items' inputs that apply to one file format only (Delimiter and Quote, Column Types to
 * CSV; DynamoDB JSON to JSON Lines and JSON arrays): set for another format they would do
 * nothing, so they are an InputError before anything is read from the table.
 */
import { fail } from "../errors/inputError";
import {
  COLUMN_TYPES_LABEL,
  DELIMITER_LABEL,
  type FileFormat,
  FORMAT_LABEL,
  FORMAT_NAMES,
  QUOTE_LABEL,
} from "./files";

export const DYNAMO_JSON_LABEL = "DynamoDB JSON";

/**
 * Checks that the inputs of one format only are left at their defaults for `chosen`. Throws an
 * InputError (`conflict`) naming the input and saying how to set it.
 */
export function checkFormatInputs(
  chosen: FileFormat,
  params: {
    columnTypes: Record<string, unknown>;
    dynamoJson: boolean;
    delimiter: string;
    quote: string;
  },
): void {
  // The platform sends the defaults, so only a changed Delimiter or Quote is a mistake.
  for (const [label, value, byDefault] of [
    [DELIMITER_LABEL, params.delimiter, ","],
    [QUOTE_LABEL, params.quote, '"'],
  ] as const) {
    if (chosen !== "csv" && value !== byDefault) {
      fail(
        label,
        "conflict",
        `${label} applies to CSV files only, and this file is ${FORMAT_NAMES[chosen]}. Set ${label} back to ${JSON.stringify(byDefault)}, or set ${FORMAT_LABEL} to CSV.`,
      );
    }
  }
  if (chosen !== "csv" && Object.keys(params.columnTypes).length > 0) {
    fail(
      COLUMN_TYPES_LABEL,
      "conflict",
      `${COLUMN_TYPES_LABEL} apply to CSV files only, and this file is ${FORMAT_NAMES[chosen]} (its values carry their own types). Clear ${COLUMN_TYPES_LABEL}, or set ${FORMAT_LABEL} to CSV.`,
    );
  }
  if (chosen === "csv" && params.dynamoJson) {
    fail(
      DYNAMO_JSON_LABEL,
      "conflict",
      `${DYNAMO_JSON_LABEL} applies to JSON Lines and JSON arrays only, and this file is CSV. Set it to false, or choose the file's real ${FORMAT_LABEL}.`,
    );
  }
}

/**
 * Export Items' input rules: its default Max Items, the labels its messages name, and the inputs
 * of one kind of read (query or scan) or one format (CSV or JSON Lines) that must not be set for
 * the other, where they would do nothing.
 */
import { fail } from "../errors/inputError";
import { COLUMNS_LABEL, FORMAT_LABEL } from "./files";

/** Export Items reads up to this many items unless Max Items says otherwise. */
export const DEFAULT_EXPORT_ITEMS = 100_000;
export const MAX_FILE_LABEL = "Max File Size";
export const ESCAPE_LABEL = "Escape Formulas";

/** The cleaned inputs the rules below read. */
export interface ExportChoices {
  keyConditionExpression?: string;
  totalSegments: number;
  scanIndexForward: boolean;
  format: string;
  escapeFormulas: boolean;
  columns?: string[];
  returnDynamoJson: boolean;
}

/** Throws an InputError (code conflict) naming an input set for the other kind of read or format. */
export function checkExportInputs(params: ExportChoices): void {
  const query = params.keyConditionExpression !== undefined;
  if (query && params.totalSegments > 1) {
    fail(
      "Total Segments",
      "conflict",
      "Total Segments applies to scans only, and a Key Condition Expression makes this export a query. Set Total Segments to 1, or clear the Key Condition Expression to scan the table.",
    );
  }
  if (!query && !params.scanIndexForward) {
    fail(
      "Scan Index Forward",
      "conflict",
      "Scan Index Forward applies to queries only (a scan has no order). Set it to true, or give a Key Condition Expression to query.",
    );
  }
  if (params.format !== "csv") {
    if (!params.escapeFormulas) {
      fail(
        ESCAPE_LABEL,
        "conflict",
        `${ESCAPE_LABEL} applies to CSV only: JSON Lines cells are never read as formulas. Set it to true, or set ${FORMAT_LABEL} to CSV.`,
      );
    }
    if (params.columns !== undefined) {
      fail(
        COLUMNS_LABEL,
        "conflict",
        `${COLUMNS_LABEL} apply to CSV only. Clear them, or set ${FORMAT_LABEL} to CSV.`,
      );
    }
  } else if (params.returnDynamoJson) {
    fail(
      "Return DynamoDB JSON",
      "conflict",
      "Return DynamoDB JSON applies to JSON Lines only: a CSV cell holds plain values. Set it to false, or set Format to JSON Lines.",
    );
  }
}

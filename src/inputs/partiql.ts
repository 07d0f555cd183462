/**
 * What the PartiQL actions' inputs share: the Parameters default of Raw Request, and the label and
 * examples of the Statements list of Batch Execute Statements and Execute Transaction.
 */

/** Raw Request's Parameters default, as the platform shows it (pretty-printed). */
export const DEFAULT_PARAMETERS = JSON.stringify(["Rose"], null, 2);

/** Is Parameters still its default? The seed sent ["Rose"] unless it was changed. */
export function isDefaultParameters(raw: unknown): boolean {
  return typeof raw === "string" && raw.replace(/\s+/g, "") === '["Rose"]';
}

/** The label of the Statements input, which messages name an entry by (`Statements[2]`). */
export const STATEMENTS_LABEL = "Statements";

/** Batch Execute Statements' example Statements: writes that succeed or fail each on its own. */
export const BATCH_STATEMENTS_EXAMPLE = `[
  {"statement": "UPDATE \\"Stock\\" SET qty = qty - ? WHERE sku = ?", "parameters": [1, "A1"]},
  {"statement": "INSERT INTO \\"Orders\\" VALUE {'id': ?, 'status': ?}", "parameters": [1001, "new"]},
  "DELETE FROM \\"Carts\\" WHERE id = 7"
]`;

/** Execute Transaction's example Statements: writes that succeed or fail together. */
export const TRANSACTION_STATEMENTS_EXAMPLE = `[
  {"statement": "UPDATE \\"Stock\\" SET qty = qty - ? WHERE sku = ? AND qty >= ?", "parameters": [1, "A1", 1]},
  {"statement": "INSERT INTO \\"Orders\\" VALUE {'id': ?, 'sku': ?}", "parameters": [1001, "A1"]}
]`;

import { batchExecuteStatements } from "./batchExecuteStatements";
import { executeTransaction } from "./executeTransaction";
import { rawRequest } from "./rawRequest";

/** The group's page of the reference (docs/partiql.md). */
export const about = {
  key: "partiql",
  title: "PartiQL",
  description: "SQL-compatible statements: one, a batch, or a transaction.",
};

/** The group's actions, in the order its page shows them. */
export default { rawRequest, batchExecuteStatements, executeTransaction };

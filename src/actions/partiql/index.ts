import { batchExecuteStatements } from "./batchExecuteStatements";
import { executeTransaction } from "./executeTransaction";
import { rawRequest } from "./rawRequest";

/** PartiQL: SQL-compatible statements: one, a batch, or a transaction. */
export default { rawRequest, batchExecuteStatements, executeTransaction };

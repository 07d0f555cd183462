import { transactGetItems } from "./transactGetItems";
import { transactWriteItems } from "./transactWriteItems";

/** Transactions: All-or-nothing reads and writes across items and tables. */
export default { transactWriteItems, transactGetItems };

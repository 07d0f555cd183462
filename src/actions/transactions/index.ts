import { transactGetItems } from "./transactGetItems";
import { transactWriteItems } from "./transactWriteItems";

/** The group's page of the reference (docs/transactions.md). */
export const about = {
  key: "transactions",
  title: "Transactions",
  description: "All-or-nothing reads and writes across items and tables.",
};

/** The group's actions, in the order its page shows them. */
export default { transactWriteItems, transactGetItems };

import { batchGetItems } from "./batchGetItems";
import { batchGetItemsMultiTable } from "./batchGetItemsMultiTable";
import { batchWriteItems } from "./batchWriteItems";
import { batchWriteItemsMultiTable } from "./batchWriteItemsMultiTable";
import { deleteItems } from "./deleteItems";

/** The group's page of the reference (docs/batch.md). */
export const about = {
  key: "batch",
  title: "Batch reads and writes",
  description:
    "Many items of one table or several in few requests, with unprocessed work retried and reported.",
};

/** The group's actions, in the order its page shows them. */
export default {
  batchGetItems,
  batchGetItemsMultiTable,
  batchWriteItems,
  batchWriteItemsMultiTable,
  deleteItems,
};

import { batchGetItems } from "./batchGetItems";
import { batchWriteItems } from "./batchWriteItems";
import { deleteItems } from "./deleteItems";

/** Batch reads and writes: Many items in few requests, with unprocessed work retried and reported. */
export default { batchGetItems, batchWriteItems, deleteItems };

import { createGlobalSecondaryIndex } from "./createGlobalSecondaryIndex";
import { deleteGlobalSecondaryIndex } from "./deleteGlobalSecondaryIndex";

/** Indexes: Add and remove global secondary indexes. */
export default { createGlobalSecondaryIndex, deleteGlobalSecondaryIndex };

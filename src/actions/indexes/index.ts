import { createGlobalSecondaryIndex } from "./createGlobalSecondaryIndex";
import { deleteGlobalSecondaryIndex } from "./deleteGlobalSecondaryIndex";

/** The group's page of the reference (docs/indexes.md). */
export const about = {
  key: "indexes",
  title: "Indexes",
  description: "Add and remove global secondary indexes.",
};

/** The group's actions, in the order its page shows them. */
export default { createGlobalSecondaryIndex, deleteGlobalSecondaryIndex };

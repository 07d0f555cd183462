import { addReplica } from "./addReplica";
import { describeReplicas } from "./describeReplicas";
import { removeReplica } from "./removeReplica";

/** The group's page of the reference (docs/globalTables.md). */
export const about = {
  key: "globalTables",
  title: "Global Tables",
  description:
    "A table's replicas in other regions (global tables): describe, add and remove them; adding and removing need AWS.",
};

/** The group's actions, in the order its page shows them. */
export default { describeReplicas, addReplica, removeReplica };

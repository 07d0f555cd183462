import { createTable } from "./createTable";
import { deleteTable } from "./deleteTable";
import { describeTable } from "./describeTable";
import { listTables } from "./listTables";
import { updateTable } from "./updateTable";

/** The group's page of the reference (docs/tables.md). */
export const about = {
  key: "tables",
  title: "Tables",
  description: "Create, describe, list, change and delete tables.",
};

/** The group's actions, in the order its page shows them. */
export default { createTable, describeTable, listTables, updateTable, deleteTable };

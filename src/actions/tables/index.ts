import { createTable } from "./createTable";
import { deleteTable } from "./deleteTable";
import { describeTable } from "./describeTable";
import { listTables } from "./listTables";
import { updateTable } from "./updateTable";

/** Tables: Create, describe, list, change and delete tables. */
export default { createTable, describeTable, listTables, updateTable, deleteTable };

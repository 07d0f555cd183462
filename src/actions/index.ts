import { batchGetItems } from "./batchGetItems";
import { batchWriteItems } from "./batchWriteItems";
import { createItem } from "./createItem";
import { createTable } from "./createTable";
import { deleteItem } from "./deleteItem";
import { deleteTable } from "./deleteTable";
import { describeTable } from "./describeTable";
import { describeTimeToLive } from "./describeTimeToLive";
import { exportItems } from "./exportItems";
import { getItem } from "./getItem";
import { importItems } from "./importItems";
import { listTables } from "./listTables";
import { queryItems } from "./queryItems";
import { rawRequest } from "./rawRequest";
import { scanItems } from "./scanItems";
import { transactGetItems } from "./transactGetItems";
import { transactWriteItems } from "./transactWriteItems";
import { updateItem } from "./updateItem";
import { updateTable } from "./updateTable";
import { updateTimeToLive } from "./updateTimeToLive";

/** Every action, keyed by its action key; the seed's ten come first, in the seed's order. */
export default {
  createTable,
  deleteItem,
  deleteTable,
  describeTable,
  getItem,
  listTables,
  queryItems,
  rawRequest,
  updateItem,
  createItem,
  scanItems,
  batchGetItems,
  batchWriteItems,
  transactWriteItems,
  transactGetItems,
  updateTable,
  updateTimeToLive,
  describeTimeToLive,
  importItems,
  exportItems,
};

import { batchExecuteStatements } from "./batchExecuteStatements";
import { batchGetItems } from "./batchGetItems";
import { batchWriteItems } from "./batchWriteItems";
import { createItem } from "./createItem";
import { createTable } from "./createTable";
import { deleteItem } from "./deleteItem";
import { deleteItems } from "./deleteItems";
import { deleteTable } from "./deleteTable";
import { describeTable } from "./describeTable";
import { describeTimeToLive } from "./describeTimeToLive";
import { executeTransaction } from "./executeTransaction";
import { getItem } from "./getItem";
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
  // Issue 13: bulk delete, PartiQL batches and transactions.
  deleteItems,
  batchExecuteStatements,
  executeTransaction,
};

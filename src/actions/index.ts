import { batchExecuteStatements } from "./batchExecuteStatements";
import { batchGetItems } from "./batchGetItems";
import { batchWriteItems } from "./batchWriteItems";
import { createBackup } from "./createBackup";
import { createGlobalSecondaryIndex } from "./createGlobalSecondaryIndex";
import { createItem } from "./createItem";
import { createTable } from "./createTable";
import { deleteBackup } from "./deleteBackup";
import { deleteGlobalSecondaryIndex } from "./deleteGlobalSecondaryIndex";
import { deleteItem } from "./deleteItem";
import { deleteItems } from "./deleteItems";
import { deleteTable } from "./deleteTable";
import { describeBackup } from "./describeBackup";
import { describeContinuousBackups } from "./describeContinuousBackups";
import { describeTable } from "./describeTable";
import { describeTimeToLive } from "./describeTimeToLive";
import { executeTransaction } from "./executeTransaction";
import { exportItems } from "./exportItems";
import { getItem } from "./getItem";
import { importItems } from "./importItems";
import { listBackups } from "./listBackups";
import { listTables } from "./listTables";
import { listTagsOfResource } from "./listTagsOfResource";
import { queryItems } from "./queryItems";
import { rawRequest } from "./rawRequest";
import { restoreTableFromBackup } from "./restoreTableFromBackup";
import { restoreTableToPointInTime } from "./restoreTableToPointInTime";
import { scanItems } from "./scanItems";
import { tagResource } from "./tagResource";
import { transactGetItems } from "./transactGetItems";
import { transactWriteItems } from "./transactWriteItems";
import { untagResource } from "./untagResource";
import { updateContinuousBackups } from "./updateContinuousBackups";
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
  createBackup,
  describeBackup,
  listBackups,
  deleteBackup,
  restoreTableFromBackup,
  restoreTableToPointInTime,
  describeContinuousBackups,
  updateContinuousBackups,
  tagResource,
  untagResource,
  listTagsOfResource,
  createGlobalSecondaryIndex,
  deleteGlobalSecondaryIndex,
  // Bulk item work: delete by key condition, PartiQL batches and transactions, files in and out.
  deleteItems,
  batchExecuteStatements,
  executeTransaction,
  importItems,
  exportItems,
};

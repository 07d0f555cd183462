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
const actions = {
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

export default actions;

/**
 * A resource the actions work on, as the documentation groups them: `key` names its page
 * (docs/<key>.md), `actions` lists its action keys in the order the page shows them.
 */
export interface ActionGroup {
  key: string;
  title: string;
  description: string;
  actions: (keyof typeof actions)[];
}

/** The action groups, in the order of the documentation; every action is in exactly one. */
export const actionGroups: ActionGroup[] = [
  {
    key: "items",
    title: "Items",
    description: "Read, write and delete one item by its key.",
    actions: ["getItem", "createItem", "updateItem", "deleteItem"],
  },
  {
    key: "queries",
    title: "Queries and scans",
    description: "Read many items: by key condition, or the whole table.",
    actions: ["queryItems", "scanItems"],
  },
  {
    key: "batch",
    title: "Batch reads and writes",
    description: "Many items in few requests, with unprocessed work retried and reported.",
    actions: ["batchGetItems", "batchWriteItems", "deleteItems"],
  },
  {
    key: "transactions",
    title: "Transactions",
    description: "All-or-nothing reads and writes across items and tables.",
    actions: ["transactWriteItems", "transactGetItems"],
  },
  {
    key: "partiql",
    title: "PartiQL",
    description: "SQL-compatible statements: one, a batch, or a transaction.",
    actions: ["rawRequest", "batchExecuteStatements", "executeTransaction"],
  },
  {
    key: "files",
    title: "Files",
    description: "Items in from CSV, JSON or JSON Lines files, and out to them.",
    actions: ["importItems", "exportItems"],
  },
  {
    key: "tables",
    title: "Tables",
    description: "Create, describe, list, change and delete tables.",
    actions: ["createTable", "describeTable", "listTables", "updateTable", "deleteTable"],
  },
  {
    key: "indexes",
    title: "Indexes",
    description: "Add and remove global secondary indexes.",
    actions: ["createGlobalSecondaryIndex", "deleteGlobalSecondaryIndex"],
  },
  {
    key: "ttl",
    title: "Time to Live",
    description: "Expire items by a timestamp attribute.",
    actions: ["updateTimeToLive", "describeTimeToLive"],
  },
  {
    key: "backups",
    title: "Backups and recovery",
    description: "On-demand backups, restores and point-in-time recovery.",
    actions: [
      "createBackup",
      "describeBackup",
      "listBackups",
      "deleteBackup",
      "restoreTableFromBackup",
      "restoreTableToPointInTime",
      "describeContinuousBackups",
      "updateContinuousBackups",
    ],
  },
  {
    key: "tags",
    title: "Tags",
    description: "Tag tables, indexes and backups, and list their tags.",
    actions: ["tagResource", "untagResource", "listTagsOfResource"],
  },
];

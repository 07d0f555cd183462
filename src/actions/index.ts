import backups from "./backups";
import batch from "./batch";
import files from "./files";
import indexes from "./indexes";
import items from "./items";
import partiql from "./partiql";
import queries from "./queries";
import tables from "./tables";
import tags from "./tags";
import transactions from "./transactions";
import ttl from "./ttl";

/** Every action, keyed by its action key; the seed's ten come first, in the seed's order. */
const actions = {
  createTable: tables.createTable,
  deleteItem: items.deleteItem,
  deleteTable: tables.deleteTable,
  describeTable: tables.describeTable,
  getItem: items.getItem,
  listTables: tables.listTables,
  queryItems: queries.queryItems,
  rawRequest: partiql.rawRequest,
  updateItem: items.updateItem,
  createItem: items.createItem,
  scanItems: queries.scanItems,
  batchGetItems: batch.batchGetItems,
  batchWriteItems: batch.batchWriteItems,
  transactWriteItems: transactions.transactWriteItems,
  transactGetItems: transactions.transactGetItems,
  updateTable: tables.updateTable,
  updateTimeToLive: ttl.updateTimeToLive,
  describeTimeToLive: ttl.describeTimeToLive,
  createBackup: backups.createBackup,
  describeBackup: backups.describeBackup,
  listBackups: backups.listBackups,
  deleteBackup: backups.deleteBackup,
  restoreTableFromBackup: backups.restoreTableFromBackup,
  restoreTableToPointInTime: backups.restoreTableToPointInTime,
  describeContinuousBackups: backups.describeContinuousBackups,
  updateContinuousBackups: backups.updateContinuousBackups,
  tagResource: tags.tagResource,
  untagResource: tags.untagResource,
  listTagsOfResource: tags.listTagsOfResource,
  createGlobalSecondaryIndex: indexes.createGlobalSecondaryIndex,
  deleteGlobalSecondaryIndex: indexes.deleteGlobalSecondaryIndex,
  // Bulk item work: delete by key condition, PartiQL batches and transactions, files in and out.
  deleteItems: batch.deleteItems,
  batchExecuteStatements: partiql.batchExecuteStatements,
  executeTransaction: partiql.executeTransaction,
  importItems: files.importItems,
  exportItems: files.exportItems,
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

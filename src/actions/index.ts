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

/** Every action, keyed by its action key, group by group in the documentation's order. */
const actions = {
  ...items,
  ...queries,
  ...batch,
  ...transactions,
  ...partiql,
  ...files,
  ...tables,
  ...indexes,
  ...ttl,
  ...backups,
  ...tags,
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

/** The keys of a group's actions, in the group's order. */
function keysOf<Group extends object>(group: Group): (keyof Group & keyof typeof actions)[] {
  return Object.keys(group) as (keyof Group & keyof typeof actions)[];
}

/** The action groups, in the order of the documentation; every action is in exactly one. */
export const actionGroups: ActionGroup[] = [
  {
    key: "items",
    title: "Items",
    description: "Read, write and delete one item by its key.",
    actions: keysOf(items),
  },
  {
    key: "queries",
    title: "Queries and scans",
    description: "Read many items: by key condition, or the whole table.",
    actions: keysOf(queries),
  },
  {
    key: "batch",
    title: "Batch reads and writes",
    description: "Many items in few requests, with unprocessed work retried and reported.",
    actions: keysOf(batch),
  },
  {
    key: "transactions",
    title: "Transactions",
    description: "All-or-nothing reads and writes across items and tables.",
    actions: keysOf(transactions),
  },
  {
    key: "partiql",
    title: "PartiQL",
    description: "SQL-compatible statements: one, a batch, or a transaction.",
    actions: keysOf(partiql),
  },
  {
    key: "files",
    title: "Files",
    description: "Items in from CSV, JSON or JSON Lines files, and out to them.",
    actions: keysOf(files),
  },
  {
    key: "tables",
    title: "Tables",
    description: "Create, describe, list, change and delete tables.",
    actions: keysOf(tables),
  },
  {
    key: "indexes",
    title: "Indexes",
    description: "Add and remove global secondary indexes.",
    actions: keysOf(indexes),
  },
  {
    key: "ttl",
    title: "Time to Live",
    description: "Expire items by a timestamp attribute.",
    actions: keysOf(ttl),
  },
  {
    key: "backups",
    title: "Backups and recovery",
    description: "On-demand backups, restores and point-in-time recovery.",
    actions: keysOf(backups),
  },
  {
    key: "tags",
    title: "Tags",
    description: "Tag tables, indexes and backups, and list their tags.",
    actions: keysOf(tags),
  },
];

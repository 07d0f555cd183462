import backups, { about as backupsGroup } from "./backups";
import batch, { about as batchGroup } from "./batch";
import files, { about as filesGroup } from "./files";
import globalTables, { about as globalTablesGroup } from "./globalTables";
import indexes, { about as indexesGroup } from "./indexes";
import items, { about as itemsGroup } from "./items";
import partiql, { about as partiqlGroup } from "./partiql";
import permissions, { about as permissionsGroup } from "./permissions";
import queries, { about as queriesGroup } from "./queries";
import s3, { about as s3Group } from "./s3";
import tables, { about as tablesGroup } from "./tables";
import tags, { about as tagsGroup } from "./tags";
import transactions, { about as transactionsGroup } from "./transactions";
import ttl, { about as ttlGroup } from "./ttl";

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
  ...s3,
  ...tags,
  ...globalTables,
  ...permissions,
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
  { ...itemsGroup, actions: keysOf(items) },
  { ...queriesGroup, actions: keysOf(queries) },
  { ...batchGroup, actions: keysOf(batch) },
  { ...transactionsGroup, actions: keysOf(transactions) },
  { ...partiqlGroup, actions: keysOf(partiql) },
  { ...filesGroup, actions: keysOf(files) },
  { ...tablesGroup, actions: keysOf(tables) },
  { ...indexesGroup, actions: keysOf(indexes) },
  { ...ttlGroup, actions: keysOf(ttl) },
  { ...backupsGroup, actions: keysOf(backups) },
  { ...s3Group, actions: keysOf(s3) },
  { ...tagsGroup, actions: keysOf(tags) },
  { ...globalTablesGroup, actions: keysOf(globalTables) },
  { ...permissionsGroup, actions: keysOf(permissions) },
];

import { createItem } from "./createItem";
import { deleteItem } from "./deleteItem";
import { getItem } from "./getItem";
import { updateItem } from "./updateItem";

/** The group's page of the reference (docs/items.md). */
export const about = {
  key: "items",
  title: "Items",
  description: "Read, write and delete one item by its key.",
};

/** The group's actions, in the order its page shows them. */
export default { getItem, createItem, updateItem, deleteItem };

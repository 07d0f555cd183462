import { createItem } from "./createItem";
import { deleteItem } from "./deleteItem";
import { getItem } from "./getItem";
import { updateItem } from "./updateItem";

/** Items: Read, write and delete one item by its key. */
export default { getItem, createItem, updateItem, deleteItem };

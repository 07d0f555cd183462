/** Labels that several modules need in their messages (the key inputs of the item actions). */
export const HASH_LABEL = "Hash / Primary Key Value";
export const RANGE_LABEL = "Range / Sort Key Value";

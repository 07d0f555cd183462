/** Labels that several modules need in their messages (the key inputs of the item actions). */
export const HASH_LABEL = "Hash / Primary Key Value";
export const RANGE_LABEL = "Range / Sort Key Value";
/** The provisioned-capacity inputs of Create Table, Update Table and Create Global Secondary Index. */
export const BILLING_LABEL = "Billing Mode";
export const READ_LABEL = "Read Capacity Units";
export const WRITE_LABEL = "Write Capacity Units";

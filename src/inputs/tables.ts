/**
 * What the table actions' inputs share: the choices DynamoDB offers (billing modes, stream view
 * types, table classes), the labels their checks name, and the cleaning of the inputs whose blank
 * means "leave as it is" (API_CreateTable, API_UpdateTable, API_ListTables).
 */
import { cleanBoolean, isBlank } from "./scalars";

export const BILLING_MODES = ["PROVISIONED", "PAY_PER_REQUEST"] as const;
export const STREAM_VIEW_TYPES = [
  "NEW_AND_OLD_IMAGES",
  "NEW_IMAGE",
  "OLD_IMAGE",
  "KEYS_ONLY",
] as const;
export const TABLE_CLASSES = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"] as const;
/** Update Table's stream choices: the stream view types, and DISABLED to turn the stream off. */
export const STREAM_CHOICES = [...STREAM_VIEW_TYPES, "DISABLED"] as const;

export const STREAM_LABEL = "Stream View Type";
export const PROTECTION_LABEL = "Deletion Protection";
export const CLASS_LABEL = "Table Class";

/** ListTables returns at most 100 names per page (API_ListTables). */
export const MAX_LIST_TABLES_PAGE = 100;

/** A boolean whose blank means "leave as it is" (Update Table), so there is no default. */
export function cleanOptionalBoolean(label: string) {
  const clean = cleanBoolean(label);
  return (value: unknown): boolean | undefined => (isBlank(value) ? undefined : clean(value));
}

/**
 * Passes Create Table's capacity inputs on unchanged: they are checked with Billing Mode (ignored
 * with PAY_PER_REQUEST), in buildTableDefinition. Typed so that code may give a number, as it may.
 */
export const capacityAsGiven = (value: unknown) => value as number | string | undefined;

/**
 * The outputs of the four item actions (Get, Upsert, Update and Delete Item): their schemas,
 * example payloads, and the formatting of DynamoDB's answer into a step's `data`.
 */
import { type AttributeMap, formatItem, formatItemOrNull } from "../values";
import { itemOutputSchema } from "./index";
import { reportedWrite, resentWriteSchema, type WriteAnswer } from "./resentWrites";

/** A write's step, for its report (outputs/resentWrites.ts): its table, log and version lock. */
export type WriteStep = Pick<WriteAnswer, "table" | "logger" | "versioned">;

/** DynamoDB's answer to a single-item write: the attributes Return Values chose, if any. */
interface WriteOutput {
  Attributes?: AttributeMap;
}

const ADA = { customerId: 1001, customerName: "Ada Lovelace", tags: ["vip"], balance: 12.5 };

export const getItemOutputSchema = itemOutputSchema("The item, or null when there is none.", {
  found: { type: "boolean", description: "Whether an item with this key exists." },
});

/**
 * Get Item's data, typed so that `found` narrows `item`: after `if (data.found)` the item is an
 * object, otherwise null.
 */
export type GetItemData =
  | { found: true; item: Record<string, unknown> }
  | { found: false; item: null };

export const getItemExample: { data: GetItemData } = { data: { found: true, item: ADA } };

/** Get Item's data: whether the item exists, and the item (plain JSON or DynamoDB JSON). */
export function getItemData(item: AttributeMap | undefined, dynamoJson: boolean): GetItemData {
  // Found when there is an item to return: a mocked answer's `Item: null` is no item either.
  const formatted = formatItemOrNull(item, dynamoJson);
  return formatted === null ? { found: false, item: null } : { found: true, item: formatted };
}

export const createItemOutputSchema = itemOutputSchema(
  "The item as written.",
  {
    previousItem: {
      type: ["object", "null"],
      additionalProperties: true,
      description:
        "With Return Values ALL_OLD: the item this one replaced. Null when there was none, or when Return Values is NONE (and with mayHaveBeenAppliedTwice: then see unverified).",
    },
  },
  resentWriteSchema(
    "previousItem as DynamoDB returned it to the resent request (data.previousItem is then null)",
  ),
);

// Typed as the data function returns, so that an action's output type (spectral infers it from
// perform and the example) keeps the optional fields of a resent write (outputs/resentWrites.ts).
export const createItemExample: { data: ReturnType<typeof createItemData> } = {
  data: { item: ADA, previousItem: null },
};

/**
 * Upsert Item's data: the item as written, and the one it replaced (Return Values ALL_OLD), which
 * a resent request's answer cannot tell (reportedWrite moves it to unverified).
 */
export function createItemData(
  written: AttributeMap,
  answer: WriteOutput,
  dynamoJson: boolean,
  step: WriteStep,
) {
  const data = {
    item: formatItem(written, dynamoJson),
    previousItem: formatItemOrNull(answer.Attributes, dynamoJson),
  };
  return reportedWrite(data, { previousItem: null }, { ...step, operation: "PutItem", answer });
}

export const updateItemOutputSchema = itemOutputSchema(
  "The attributes chosen by Return Values: with ALL_NEW (the default) the whole item after the update. Null with NONE, and with ALL_OLD or UPDATED_OLD when mayHaveBeenAppliedTwice (then see unverified); ALL_NEW and UPDATED_NEW stay here then, as the item is now.",
  {},
  resentWriteSchema(
    "item as DynamoDB returned it to the resent request, with ALL_OLD or UPDATED_OLD (data.item is then null)",
  ),
);

export const updateItemExample: { data: ReturnType<typeof returnedItemData> } = {
  data: { item: { customerId: 1001, customerName: "Ada Lovelace", status: "done", visits: 3 } },
};

export const deleteItemOutputSchema = itemOutputSchema(
  "With Return Values ALL_OLD: the deleted item, or null when there was no item with this key. Always null with NONE (the default), and with mayHaveBeenAppliedTwice (then see unverified).",
  {},
  resentWriteSchema("item as DynamoDB returned it to the resent request (data.item is then null)"),
);

export const deleteItemExample: { data: ReturnType<typeof returnedItemData> } = {
  data: { item: ADA },
};

/**
 * Update Item's and Delete Item's data: the attributes Return Values chose, or null; those of a
 * resent request's answer are moved to unverified (reportedWrite).
 */
export function returnedItemData(
  operation: "UpdateItem" | "DeleteItem",
  answer: WriteOutput,
  dynamoJson: boolean,
  step: WriteStep & { returnValues: string },
) {
  const data = { item: formatItemOrNull(answer.Attributes, dynamoJson) };
  // New values are the item as it is now, whatever the attempts did; old ones may be the step's own.
  const isNew = step.returnValues === "ALL_NEW" || step.returnValues === "UPDATED_NEW";
  const write = { ...step, operation, answer };
  return isNew ? reportedWrite(data, {}, write) : reportedWrite(data, { item: null }, write);
}

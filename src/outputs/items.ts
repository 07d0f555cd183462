/**
 * The outputs of the four item actions (Get, Upsert, Update and Delete Item): their schemas,
 * example payloads, and the formatting of DynamoDB's answer into a step's `data`.
 */
import { type AttributeMap, formatItem, formatItemOrNull } from "../values";
import { itemOutputSchema } from "./index";

const ADA = { customerId: 1001, customerName: "Ada Lovelace", tags: ["vip"], balance: 12.5 };

export const getItemOutputSchema = itemOutputSchema("The item, or null when there is none.", {
  found: { type: "boolean", description: "Whether an item with this key exists." },
});

export const getItemExample = { data: { found: true, item: ADA } };

/** Get Item's data: whether the item exists, and the item (plain JSON or DynamoDB JSON). */
export function getItemData(item: AttributeMap | undefined, dynamoJson: boolean) {
  // Found when there is an item to return: a mocked answer's `Item: null` is no item either.
  const formatted = formatItemOrNull(item, dynamoJson);
  return { found: formatted !== null, item: formatted };
}

export const createItemOutputSchema = itemOutputSchema("The item as written.", {
  previousItem: {
    type: ["object", "null"],
    additionalProperties: true,
    description:
      "With Return Values ALL_OLD: the item this one replaced. Null when there was none, or when Return Values is NONE.",
  },
});

export const createItemExample = { data: { item: ADA, previousItem: null } };

/** Upsert Item's data: the item as written, and the one it replaced (Return Values ALL_OLD). */
export function createItemData(
  written: AttributeMap,
  previous: AttributeMap | undefined,
  dynamoJson: boolean,
) {
  return {
    item: formatItem(written, dynamoJson),
    previousItem: formatItemOrNull(previous, dynamoJson),
  };
}

export const updateItemOutputSchema = itemOutputSchema(
  "The attributes chosen by Return Values: with ALL_NEW (the default) the whole item after the update. Null with NONE.",
);

export const updateItemExample = {
  data: { item: { customerId: 1001, customerName: "Ada Lovelace", status: "done", visits: 3 } },
};

export const deleteItemOutputSchema = itemOutputSchema(
  "With Return Values ALL_OLD: the deleted item, or null when there was no item with this key. Always null with NONE (the default).",
);

export const deleteItemExample = { data: { item: ADA } };

/** Update Item's and Delete Item's data: the attributes Return Values chose, or null. */
export function returnedItemData(attributes: AttributeMap | undefined, dynamoJson: boolean) {
  return { item: formatItemOrNull(attributes, dynamoJson) };
}

/**
 * The outputs of the transactions (Transact Write Items, Transact Get Items, and the items of
 * Execute Transaction): their schemas, example payloads and the items of an answer.
 */
import { type AttributeMap, formatItemOrNull } from "../values";
import { actionOutputSchema } from "./index";

/**
 * One entry per entry of the request, in its order: the item it read (plain JSON or DynamoDB
 * JSON) or null; `count` is how many are not null. Responses come in request order, and one
 * without Item means there is no such item (or a write).
 */
export function transactionItems(
  responses: { Item?: AttributeMap }[] | undefined,
  entries: number,
  dynamoJson: boolean,
) {
  const items = Array.from({ length: entries }, (_, index) =>
    formatItemOrNull(responses?.[index]?.Item, dynamoJson),
  );
  return { items, count: items.filter((item) => item !== null).length };
}

/** A list of items in which an entry may be null, with its description. */
export function itemsOrNullSchema(description: string) {
  return {
    type: "array",
    items: { type: ["object", "null"], additionalProperties: true },
    description,
  };
}

export const transactWriteItemsOutputSchema = actionOutputSchema(
  {
    succeeded: {
      type: "boolean",
      description:
        "Always true: a cancelled transaction fails the step instead, having written nothing.",
    },
    operationCount: {
      type: "integer",
      description: "How many operations were applied together.",
    },
  },
  ["succeeded", "operationCount"],
);

export const transactWriteItemsExample = { data: { succeeded: true, operationCount: 4 } };

export const transactGetItemsOutputSchema = actionOutputSchema(
  {
    items: itemsOrNullSchema(
      "One entry per requested item, in the order of Items to Get: the item as plain JSON, or null when there is no such item.",
    ),
    count: {
      type: "integer",
      description: "How many of the requested items exist (entries that are not null).",
    },
  },
  ["items", "count"],
);

export const transactGetItemsExample = {
  data: {
    items: [{ id: 1, status: "new", total: 42.5 }, null],
    count: 1,
  },
};

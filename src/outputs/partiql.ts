/**
 * The outputs of the PartiQL actions (Raw Request, Batch Execute Statements, Execute
 * Transaction): their schemas, example payloads and the formatting of DynamoDB's answers.
 */
import type { TruncationReason } from "../engines/paging";
import { type AttributeMap, formatItems } from "../values";
import { listCursorSchema, pagedItemsOutputSchema } from "./index";

/** What a statement returned: one page, or the pages of a Fetch All run. */
export interface StatementItems {
  items: AttributeMap[] | undefined;
  /** Where to continue from; undefined when there is nothing more. */
  nextToken?: string;
  truncated?: boolean;
  reason?: TruncationReason;
}

/** Raw Request's data: the items (plain JSON or DynamoDB JSON), the count, the cursor, why it stopped. */
export function rawRequestOutput(read: StatementItems, dynamoJson: boolean) {
  return {
    items: formatItems(read.items, dynamoJson),
    count: read.items?.length ?? 0,
    nextToken: read.nextToken ?? null,
    truncated: read.truncated ?? false,
    truncatedReason: read.reason ?? null,
  };
}

export const rawRequestOutputSchema = pagedItemsOutputSchema({
  itemsDescription:
    "The items the statement returned (SELECT, or RETURNING), as plain JSON; empty for other statements.",
  cursor: {
    name: "nextToken",
    schema: listCursorSchema(
      "The cursor to continue from, or null when there is nothing more. Pass it to Next Token with the same Statement.",
    ),
  },
});

export const rawRequestExample = {
  data: {
    items: [{ customerId: 1001, customerName: "Rose", tags: ["vip"] }],
    count: 1,
    nextToken: null,
    truncated: false,
    truncatedReason: null,
  },
};

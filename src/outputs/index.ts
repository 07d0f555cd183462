import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import type { ActionOutputSchema } from "@prismatic-io/spectral";
import { BYTE_BUDGET_TEXT, MAX_PAGES_TEXT, RETRY_TIME_LIMIT_TEXT } from "../common/limits";

/**
 * Output schemas shared by actions, so that every action that returns items describes them in
 * the same place: `item` for one item, `items` plus a cursor for many.
 */

type Properties = Record<string, Record<string, unknown>>;

const itemSchema = {
  type: ["object", "null"],
  description: "An item as plain JSON: numbers, strings, booleans, null, arrays and objects.",
  additionalProperties: true,
} as const;

/** A list of JSON objects (items, keys, backups) in an output, with its description. */
export function objectListSchema(description: string) {
  return { type: "array", items: { type: "object", additionalProperties: true }, description };
}

/** The cursor a listing returns to continue from: a string, or null at the end. */
export function listCursorSchema(description: string) {
  return { type: ["string", "null"], description };
}

/** An action's output schema (spectral's "actionOutput" kind): `{ data }` with these properties. */
export function actionOutputSchema(
  properties: Properties,
  required: string[] = [],
): ActionOutputSchema {
  return {
    type: "actionOutput",
    schema: {
      type: "object",
      properties: {
        data: { type: "object", properties, required },
      },
    } as ActionOutputSchema["schema"],
  };
}

/**
 * For actions that return one item (or null) under `item`, with `extra` properties (required) and
 * `optional` ones (which may be absent).
 */
export function itemOutputSchema(
  description: string,
  extra: Properties = {},
  optional: Properties = {},
): ActionOutputSchema {
  return actionOutputSchema({ ...extra, item: { ...itemSchema, description }, ...optional }, [
    ...Object.keys(extra),
    "item",
  ]);
}

/** The cursor to continue from, as returned by Query and Scan. */
export const lastEvaluatedKeySchema = {
  type: ["object", "null"],
  description:
    "The key to continue from, or null when there is nothing more. Pass it to Exclusive Start Key as it is.",
  additionalProperties: true,
};

/**
 * Whether and why a run stopped early, as outputs give it, typed so that `truncated` narrows
 * `truncatedReason`: after `if (data.truncated)` the reason is an `R`; otherwise it is null.
 */
export type Truncation<R extends string> =
  | { truncated: true; truncatedReason: R }
  | { truncated: false; truncatedReason: null };

/** The Truncation of a run that stopped early for `reason`, or read to its end (undefined). */
export function truncation<R extends string>(reason: R | undefined): Truncation<R> {
  return reason === undefined
    ? { truncated: false, truncatedReason: null }
    : { truncated: true, truncatedReason: reason };
}

/**
 * For the reads that page (Query, Scan, PartiQL): `items` and `count`, the action's own counts,
 * the cursor to continue from, and with Fetch All whether (`truncated`) and why
 * (`truncatedReason`) the run stopped early. `optional` properties come last and may be absent.
 */
export function pagedItemsOutputSchema(options: {
  itemsDescription: string;
  counts?: Properties;
  cursor: { name: string; schema: Record<string, unknown>; continues?: string };
  optional?: Properties;
}): ActionOutputSchema {
  const counts = options.counts ?? {};
  const { name, schema, continues = name } = options.cursor;
  return actionOutputSchema(
    {
      items: objectListSchema(options.itemsDescription),
      count: { type: "integer", description: "How many items are in items." },
      ...counts,
      [name]: schema,
      truncated: {
        type: "boolean",
        description: `With Fetch All: true when the run stopped at Max Items, the size budget or the page limit; ${continues} then continues after the last item returned. Always false without Fetch All.`,
      },
      truncatedReason: {
        type: ["string", "null"],
        enum: ["maxItems", "byteBudget", "pageLimit", null],
        description: `Why Fetch All stopped early: maxItems, byteBudget (${BYTE_BUDGET_TEXT} of items as JSON text) or pageLimit (${MAX_PAGES_TEXT}); else null.`,
      },
      ...options.optional,
    },
    ["items", "count", ...Object.keys(counts), name, "truncated", "truncatedReason"],
  );
}

/** When a batch's entries count as unprocessed, as the output schemas say it. */
export const RETRIES_ENDED = `once their retries ended (at Max Retries or the ${RETRY_TIME_LIMIT_TEXT} retry time limit)`;

/** The batch writers' and readers' unprocessedCount: how many `what` were left over. */
export function unprocessedCountSchema(what: "keys" | "writes" | "rows" | "deletes") {
  return {
    type: "integer",
    description: `How many ${what} were still unprocessed ${RETRIES_ENDED}; 0 unless Return Unprocessed is true.`,
  };
}

/**
 * The optional consumedCapacity field of the actions whose Query Parameters can ask DynamoDB for
 * it: present only then, so a step that did not ask keeps its shape.
 */
export const consumedCapacitySchema = {
  consumedCapacity: {
    type: "object",
    additionalProperties: true,
    description:
      "Present only when Query Parameters set ReturnConsumedCapacity (TOTAL or INDEXES) and DynamoDB reported it: the capacity, in DynamoDB's own form (TableName, CapacityUnits, ReadCapacityUnits and, with INDEXES, Table and each index's units), summed over every page read.",
  },
};

/**
 * `data` with the capacity DynamoDB reported added as consumedCapacity, or `data` itself when it
 * reported none (the common case: no copy, the output keeps its shape).
 */
export function withConsumedCapacity<T extends object>(
  data: T,
  capacity: ConsumedCapacity | undefined,
): T & { consumedCapacity?: ConsumedCapacity } {
  return capacity === undefined ? data : { ...data, consumedCapacity: capacity };
}

/**
 * Query Items' and Scan Items' output: the items as plain JSON (or DynamoDB JSON), scannedCount
 * (described by `scannedCount`), and lastEvaluatedKey as the cursor (see pagedItemsOutputSchema).
 */
export function readItemsOutputSchema(
  scannedCount: string,
  options: { continues?: string; optional?: Properties } = {},
): ActionOutputSchema {
  return pagedItemsOutputSchema({
    itemsDescription: "The items, as plain JSON (or DynamoDB JSON with Return DynamoDB JSON).",
    counts: { scannedCount: { type: "integer", description: scannedCount } },
    cursor: {
      name: "lastEvaluatedKey",
      schema: lastEvaluatedKeySchema,
      continues: options.continues,
    },
    optional: options.optional,
  });
}

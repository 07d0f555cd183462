/** Delete Items' output: its schema, example payload, and the formatting of a run's tallies. */

import { BYTE_BUDGET_TEXT } from "../common/limits";
import type { DeleteRun } from "../engines/bulkDelete";
import { type AttributeMap, formatItem } from "../values";
import {
  actionOutputSchema,
  lastEvaluatedKeySchema,
  objectListSchema,
  unprocessedCountSchema,
} from "./index";
import { formatCursor } from "./queries";

/** A finished run as Delete Items returns it; the cursor is plain JSON, as Exclusive Start Key takes it. */
export function deleteItemsData(run: DeleteRun, cursor: AttributeMap | undefined, dryRun: boolean) {
  return {
    deleted: run.deleted,
    matched: run.matched,
    dryRun,
    lastEvaluatedKey: formatCursor(cursor, false),
    truncated: cursor !== undefined,
    ...unprocessedOf(run),
  };
}

/** The run's unprocessed deletes as the output lists them (kept within DEFAULT_BYTE_BUDGET). */
function unprocessedOf(run: DeleteRun) {
  return {
    unprocessedCount: run.unprocessed.count,
    unprocessed: run.unprocessed.kept.map((key) => formatItem(key)),
    unprocessedTruncated: run.unprocessed.truncated,
  };
}

/**
 * The error of a Delete Items run that failed part way with Return Unprocessed on, carrying the
 * deletes left unprocessed on its earlier pages as the output would (`unprocessedCount`,
 * `unprocessed`, `unprocessedTruncated`, bounded the same way), so that a flow's error handler
 * can hand them to Batch Write Items. Other errors, and runs with none, are returned as they are.
 */
export function deleteItemsFailure(error: unknown, run: DeleteRun): unknown {
  if (!run.returnUnprocessed || run.unprocessed.count === 0) return error;
  if (!(error instanceof Error)) return error;
  return Object.assign(error, unprocessedOf(run));
}

export const deleteItemsOutputSchema = actionOutputSchema(
  {
    deleted: {
      type: "integer",
      description:
        "How many items DynamoDB confirmed deleted in this run (0 with Dry Run). Deletes left unprocessed are not counted.",
    },
    matched: {
      type: "integer",
      description: "How many matching items this run found (deleted, or counted with Dry Run).",
    },
    dryRun: { type: "boolean", description: "Whether this was a Dry Run (nothing deleted)." },
    lastEvaluatedKey: {
      ...lastEvaluatedKeySchema,
      description:
        "Where the next run continues, or null when every matching item was reached. Pass it to Exclusive Start Key as it is.",
    },
    truncated: {
      type: "boolean",
      description:
        "True when the run stopped at Max Items with more items possibly left; run again from lastEvaluatedKey.",
    },
    unprocessedCount: unprocessedCountSchema("deletes"),
    unprocessed: objectListSchema(
      "The keys of the items not deleted, as plain JSON: pass them to Batch Write Items' Keys to Delete.",
    ),
    unprocessedTruncated: {
      type: "boolean",
      description: `True when unprocessed lists fewer keys than unprocessedCount: it holds the first ones, up to ${BYTE_BUDGET_TEXT} as JSON text. Run again with the same Exclusive Start Key to reach the others (the deleted items are not found again).`,
    },
  },
  [
    "deleted",
    "matched",
    "dryRun",
    "lastEvaluatedKey",
    "truncated",
    "unprocessedCount",
    "unprocessed",
    "unprocessedTruncated",
  ],
);

export const deleteItemsExample: { data: ReturnType<typeof deleteItemsData> } = {
  data: {
    deleted: 2,
    matched: 2,
    dryRun: false,
    lastEvaluatedKey: { customerId: 1001, orderDate: "2024-05-07" },
    truncated: true,
    unprocessedCount: 0,
    unprocessed: [],
    unprocessedTruncated: false,
  },
};

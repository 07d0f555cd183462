/**
 * Output types narrow on the flag that says which shape a result has, as the output schema and
 * the docs describe it: a found item is an object, a failed statement has its error, a succeeded
 * one has none. `npm run typecheck` compiles this file, and
 * test/unit/outputTypesNarrowOnTheirFlags.test.ts compiles it alone: each function must type-check
 * as it is written, with no `!` or cast, and each `@ts-expect-error` line must be refused.
 */
import type { ActionResults } from "../../src/index";

/** Get Item: `found` tells whether `item` is the item or null. */
export function foundItemName(result: ActionResults["getItem"]): unknown {
  if (result.data.found) return result.data.item.customerName;
  const none: null = result.data.item;
  return none;
}

/** Get Item: without checking `found`, the item may be null. */
export function uncheckedItemName(result: ActionResults["getItem"]): unknown {
  // @ts-expect-error item is null when found is false
  return result.data.item.customerName;
}

/** Batch Execute Statements: a failed statement's error code, a succeeded one's item. */
export function statementOutcome(result: ActionResults["batchExecuteStatements"]): string[] {
  return result.data.results.map((entry) => {
    if (!entry.succeeded) {
      const item: null = entry.item;
      return `${entry.index} failed: ${entry.error.code} ${entry.error.message} ${String(item)}`;
    }
    const error: null = entry.error;
    return `${entry.index} succeeded: ${JSON.stringify(entry.item)} ${String(error)}`;
  });
}

/** Batch Execute Statements: without checking `succeeded`, the error may be null. */
export function uncheckedErrorCode(result: ActionResults["batchExecuteStatements"]): string {
  // @ts-expect-error error is null when the statement succeeded
  return result.data.results[0].error.code;
}

/** Every read that stops early: after `if (data.truncated)` the reason is one, else null. */
type StopsEarly =
  | "queryItems"
  | "scanItems"
  | "exportItems"
  | "rawRequest"
  | "batchGetItems"
  | "batchGetItemsMultiTable";

/** A read that stopped early says why; one that read to its end has no reason. */
export function stopReason(result: ActionResults[StopsEarly]): string {
  if (result.data.truncated) {
    const reason: "maxItems" | "byteBudget" | "pageLimit" = result.data.truncatedReason;
    return `stopped early: ${reason}`;
  }
  const none: null = result.data.truncatedReason;
  return `read to the end ${String(none)}`;
}

/** Batch Get Items stops early only at the byte budget. */
export function batchStopReason(result: ActionResults["batchGetItems"]): "byteBudget" | "none" {
  return result.data.truncated ? result.data.truncatedReason : "none";
}

/** Without checking `truncated`, the reason may be null. */
export function uncheckedStopReason(result: ActionResults["queryItems"]): string {
  // @ts-expect-error truncatedReason is null when the run read to its end
  return result.data.truncatedReason;
}

/**
 * The read and write capacity DynamoDB reports when a request asks for it (ReturnConsumedCapacity,
 * given through Query Parameters), summed over every page a step reads, so that the step's output
 * carries what the whole step consumed.
 */
import type { Capacity, ConsumedCapacity } from "@aws-sdk/client-dynamodb";

const UNIT_FIELDS = ["CapacityUnits", "ReadCapacityUnits", "WriteCapacityUnits"] as const;

function addUnits<T extends Capacity>(total: T | undefined, page: T | undefined): T | undefined {
  if (page === undefined) return total;
  if (total === undefined) return { ...page };
  const sum: T = { ...total };
  for (const field of UNIT_FIELDS) {
    if (page[field] !== undefined) sum[field] = (sum[field] ?? 0) + page[field];
  }
  return sum;
}

function addIndexes(
  total: Record<string, Capacity> | undefined,
  page: Record<string, Capacity> | undefined,
): Record<string, Capacity> | undefined {
  if (page === undefined) return total;
  const sum: Record<string, Capacity> = { ...total };
  for (const [name, units] of Object.entries(page)) {
    sum[name] = addUnits(Object.hasOwn(sum, name) ? sum[name] : undefined, units) as Capacity;
  }
  return sum;
}

/**
 * `total` with one more page's ConsumedCapacity added: units summed field by field, for the table
 * and each index. Undefined while no page reported any (ReturnConsumedCapacity not asked for).
 */
export function addConsumedCapacity(
  total: ConsumedCapacity | undefined,
  page: ConsumedCapacity | undefined,
): ConsumedCapacity | undefined {
  if (page === undefined) return total;
  if (total === undefined) return structuredClone(page);
  const sum = addUnits(total, page) as ConsumedCapacity;
  sum.Table = addUnits(total.Table, page.Table);
  sum.GlobalSecondaryIndexes = addIndexes(
    total.GlobalSecondaryIndexes,
    page.GlobalSecondaryIndexes,
  );
  sum.LocalSecondaryIndexes = addIndexes(total.LocalSecondaryIndexes, page.LocalSecondaryIndexes);
  // Only the fields DynamoDB sent: an unset one stays out of the output.
  for (const field of Object.keys(sum) as (keyof ConsumedCapacity)[]) {
    if (sum[field] === undefined) delete sum[field];
  }
  return sum;
}

/**
 * Reads of an index that DynamoDB refuses because of the kind of index read, told from the
 * table's cached keys before anything is sent (Query, Scan and the actions built on them, and a
 * PartiQL SELECT from "table"."index"):
 * - ConsistentRead on a global secondary index ("Strongly consistent reads are not supported on
 *   global secondary indexes ... you will receive a ValidationException", Query, Scan and
 *   ExecuteStatement);
 * - Select ALL_ATTRIBUTES on a global secondary index that does not project ALL ("you can only
 *   request attributes that are projected into the index").
 * The keys are read (cached, else one DescribeTable) only for a read these rules can refuse, so
 * the common read of a table or index pays nothing.
 */
import type { Step } from "../aws/invocation";
import { fail } from "../errors/inputError";
import { type TableKeys, tableKeys } from "./keySchema";
import { selectSource } from "./partiql";

/** The parameters of a Query or Scan these rules read. */
export interface IndexRead {
  IndexName?: string;
  ConsistentRead?: boolean;
  Select?: string;
}

/**
 * The input that set a parameter, by its label; "Query Parameters" for one set there. For a
 * PartiQL statement's index (IndexName), how the message names it: "the Statement's index".
 */
export type LabelOf = (parameter: string) => string;

/** How a message names a parameter: its input's label, or the parameter in Query Parameters. */
export function named(parameter: string, labelOf: LabelOf): string {
  const label = labelOf(parameter);
  return label === "Query Parameters" ? `${parameter} in Query Parameters` : label;
}

/**
 * Whether the kind of the read's index decides if DynamoDB takes it: an index read with
 * ConsistentRead, or with Select ALL_ATTRIBUTES. Only then does checkIndexRead need the keys.
 */
export function dependsOnIndexKind(read: IndexRead): boolean {
  return (
    read.IndexName !== undefined &&
    (read.ConsistentRead === true || read.Select === "ALL_ATTRIBUTES")
  );
}

/**
 * Throws an InputError (conflict) naming the input that set ConsistentRead or Select when the
 * read's index is a global secondary index of `table` (whose keys are `keys`) that DynamoDB would
 * refuse it on. Reads nothing; an index the keys do not list as global is left to DynamoDB.
 */
export function checkIndexRead(
  keys: TableKeys,
  table: string,
  read: IndexRead,
  labelOf: LabelOf,
): void {
  const index = read.IndexName;
  const globalIndexes = keys.globalIndexes;
  if (index === undefined || !globalIndexes || !Object.hasOwn(globalIndexes, index)) return;
  const of = `${named("IndexName", labelOf)} "${index}" is a global secondary index of table "${table}"`;
  if (read.ConsistentRead) {
    fail(
      labelOf("ConsistentRead"),
      "conflict",
      `${named("ConsistentRead", labelOf)} is true, but ${of}, and DynamoDB reads global secondary indexes with eventual consistency only. Set ${named("ConsistentRead", labelOf)} to false, or read the table or a local secondary index.`,
    );
  }
  const projection = globalIndexes[index];
  if (read.Select === "ALL_ATTRIBUTES" && projection !== "" && projection !== "ALL") {
    fail(
      labelOf("Select"),
      "conflict",
      `${named("Select", labelOf)} is ALL_ATTRIBUTES, but ${of} that projects ${projection}, not ALL, and a global index cannot fetch attributes from the table. Use Select ALL_PROJECTED_ATTRIBUTES (or leave Select out), read an index that projects ALL, or read the table.`,
    );
  }
}

/** How messages name a PartiQL statement and the input that asks for its consistent read. */
export interface StatementReadNames {
  /** The statement: "the Statement", "Statements[2].statement". */
  statement: string;
  /**
   * The input of its consistent read, by label: "Consistent Read", "Query Parameters" or
   * "Statements[2].consistentRead".
   */
  consistentRead: string;
}

/**
 * Throws checkIndexRead's InputError (conflict) when `statement` is a SELECT from a global
 * secondary index ("table"."index") and `consistentRead` is true, which DynamoDB refuses on
 * ExecuteStatement and BatchExecuteStatement as on Query. The table's keys are read (cached,
 * else one DescribeTable) only for a consistent read of an index; a local secondary index, or an
 * index the keys do not list as global, is left to DynamoDB.
 */
export async function checkStatementIndexRead(
  step: Step,
  statement: string | undefined,
  consistentRead: unknown,
  names: StatementReadNames,
): Promise<void> {
  if (consistentRead !== true || statement === undefined) return;
  const source = selectSource(statement);
  if (source?.index === undefined) return;
  const keys = await tableKeys(step, source.table, source.index);
  const read = { IndexName: source.index, ConsistentRead: true };
  checkIndexRead(keys, source.table, read, (parameter) =>
    parameter === "IndexName" ? `${names.statement}'s index` : names.consistentRead,
  );
}

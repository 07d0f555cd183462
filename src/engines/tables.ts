import {
  type CreateTableCommandInput,
  type DeleteTableCommandInput,
  DescribeTableCommand,
  type DescribeTableCommandInput,
  type ListTablesCommandInput,
  paginateListTables,
  type TableDescription,
  type Tag,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { AwsClients } from "../aws/client";
import { type CallContext, failureCode, withFailureCode } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { InputError } from "../errors/inputError";
import {
  BILLING_LABEL,
  type BILLING_MODES,
  CLASS_LABEL,
  capacityPair,
  PROTECTION_LABEL,
  READ_LABEL,
  type STREAM_CHOICES,
  STREAM_LABEL,
  type STREAM_VIEW_TYPES,
  type TABLE_CLASSES,
  WRITE_LABEL,
} from "../inputs";
import { buildTableDefinition, type TableDefinitionInputs } from "../inputs/tableDefinition";
import { answerTexts } from "../values";
import { checkedTable } from "./keySchema";
import { boundedPages } from "./paging";
import { pollUntil } from "./polling";

/*
 * The DynamoDB work of the table actions (Create, Describe, List, Update and Delete Table, and the
 * restores): their requests, built by pure functions, listing every table, and waiting for a table.
 */

/** Create Table's inputs, cleaned. */
export interface CreateTableParams extends TableDefinitionInputs {
  tableName: string;
  streamViewType?: (typeof STREAM_VIEW_TYPES)[number];
  tableClass?: (typeof TABLE_CLASSES)[number];
  deletionProtection?: boolean;
  tags?: Tag[];
}

/**
 * The CreateTable request of Create Table's inputs. Throws an InputError naming the input when
 * the definition does not hold together (see buildTableDefinition).
 */
export function createTableRequest(params: CreateTableParams): CreateTableCommandInput {
  return {
    TableName: params.tableName,
    ...buildTableDefinition(params),
    ...(params.streamViewType
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: params.streamViewType } }
      : {}),
    ...(params.tableClass ? { TableClass: params.tableClass } : {}),
    ...(params.deletionProtection ? { DeletionProtectionEnabled: true } : {}),
    ...(params.tags ? { Tags: params.tags } : {}),
  };
}

/** The DescribeTable request of the Table Name. */
export function describeTableRequest(params: { tableName: string }): DescribeTableCommandInput {
  return { TableName: params.tableName };
}

/** The DeleteTable request of the Table Name. */
export function deleteTableRequest(params: { tableName: string }): DeleteTableCommandInput {
  return { TableName: params.tableName };
}

/** One page of ListTables, from the cursor and page size given (both optional). */
export function listTablesRequest(params: {
  exclusiveStartTableName?: string;
  limit?: number;
}): ListTablesCommandInput {
  return {
    ...(params.exclusiveStartTableName
      ? { ExclusiveStartTableName: params.exclusiveStartTableName }
      : {}),
    ...(params.limit ? { Limit: params.limit } : {}),
  };
}

/** The cursor of a ListTables page (for boundedPages in paging.ts). */
function lastTable(page: { LastEvaluatedTableName?: string }): string | undefined {
  return page.LastEvaluatedTableName;
}

/**
 * Every table name of the region from `startingToken` on, `pageSize` names a page (DynamoDB's 100
 * when undefined), for at most boundedPages' page limit. Throws what the SDK throws: the caller
 * sends it through step.call.
 */
export async function listAllTableNames(
  clients: AwsClients,
  options: { pageSize?: number; startingToken?: string } = {},
): Promise<string[]> {
  const names: string[] = [];
  const pages = paginateListTables(
    {
      client: clients.dynamodb,
      pageSize: options.pageSize,
      startingToken: options.startingToken,
      stopOnSameToken: true,
    },
    {},
  );
  for await (const page of boundedPages(pages, "ListTables", lastTable)) {
    names.push(...answerTexts(page.TableNames, "ListTables' TableNames"));
  }
  return names;
}

/** Update Table's inputs, cleaned. */
export interface UpdateTableParams {
  tableName: string;
  billingMode?: (typeof BILLING_MODES)[number];
  readCapacityUnits?: number;
  writeCapacityUnits?: number;
  streamViewType?: (typeof STREAM_CHOICES)[number];
  deletionProtection?: boolean;
  tableClass?: (typeof TABLE_CLASSES)[number];
  queryParameters: Record<string, unknown>;
}

/** UpdateTable parameters that have their own input, so Query Parameters may not set them as well. */
const OWN_INPUTS: Record<string, string> = {
  TableName: "Table Name",
  BillingMode: BILLING_LABEL,
  ProvisionedThroughput: `${READ_LABEL} and ${WRITE_LABEL}`,
  StreamSpecification: STREAM_LABEL,
  DeletionProtectionEnabled: PROTECTION_LABEL,
  TableClass: CLASS_LABEL,
};

/**
 * The UpdateTable request of the inputs that are filled in; the rest stay as they are. Throws an
 * InputError when capacity is half given (or does not fit the billing mode), when Query
 * Parameters set what an input sets, or when nothing is to change.
 */
export function updateTableRequest(params: UpdateTableParams): UpdateTableCommandInput {
  const capacity = capacityPair(
    params.readCapacityUnits,
    params.writeCapacityUnits,
    { read: READ_LABEL, write: WRITE_LABEL, billing: BILLING_LABEL },
    {
      billingMode: params.billingMode,
      neither: "DynamoDB sets them together. For example: 10 and 5.",
    },
  );
  for (const key of Object.keys(params.queryParameters)) {
    const ownInput = OWN_INPUTS[key];
    if (ownInput) {
      throw new InputError(
        "Query Parameters",
        "invalidValue",
        `Query Parameters must not set ${key}; use the ${ownInput} input instead.`,
      );
    }
  }
  const stream = params.streamViewType;
  const command: UpdateTableCommandInput = {
    ...params.queryParameters,
    TableName: params.tableName,
    ...(params.billingMode ? { BillingMode: params.billingMode } : {}),
    ...(capacity ? { ProvisionedThroughput: capacity } : {}),
    ...(stream === "DISABLED"
      ? { StreamSpecification: { StreamEnabled: false } }
      : stream
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } }
        : {}),
    ...(params.deletionProtection !== undefined
      ? { DeletionProtectionEnabled: params.deletionProtection }
      : {}),
    ...(params.tableClass ? { TableClass: params.tableClass } : {}),
  };
  if (Object.keys(command).length === 1) {
    throw new InputError(
      BILLING_LABEL,
      "invalidValue",
      `Nothing to change: fill in at least one of ${BILLING_LABEL}, ${READ_LABEL} with ${WRITE_LABEL}, ${STREAM_LABEL}, ${PROTECTION_LABEL}, ${CLASS_LABEL} or Query Parameters.`,
    );
  }
  return command;
}

/**
 * DynamoDB refuses CreateTable with ResourceInUseException both when the table simply exists and
 * when one of that name is being created or deleted; "wait until it is ACTIVE" only fits the
 * second. Reads the table's status (one DescribeTable) and throws an error that says which case it
 * is. Any other error, or a status that cannot be read, is thrown unchanged.
 */
export async function rethrowTableInUse(
  error: unknown,
  clients: AwsClients,
  table: string,
): Promise<never> {
  if (!(error instanceof Error) || error.name !== "ResourceInUseException") throw error;
  let status: string | undefined;
  try {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
    status = Table?.TableStatus;
  } catch {
    throw error;
  }
  if (!status) throw error;
  const next =
    status === "ACTIVE"
      ? "Use it as it is, delete it first with Delete Table, or choose another Table Name."
      : status === "DELETING"
        ? "Create it again once the deletion has ended (Describe Table then finds no table)."
        : "Describe Table shows when it is ACTIVE.";
  const explained = new Error(
    `CreateTable failed on table "${table}" in region ${clients.region}: ResourceInUseException: the table already exists (status ${status}). ${next}`,
  );
  explained.name = error.name;
  (explained as Error & { cause?: unknown }).cause = error;
  // Its words replace the resourceInUse hint for the same case: the code stays.
  throw withFailureCode(explained, failureCode(error));
}

/** The time limit of every wait of the table, index and backup actions, well within a step's. */
export const WAIT_LIMIT_SECONDS = 300;
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5_000;

/**
 * Polls DescribeTable until `check` accepts the description (it returns the result to give back)
 * or until `maxWaitSeconds` pass (the whole wait, its requests included: the request in flight
 * when the time is up is aborted), polling every 0.5 s, doubling up to 5 s (pollUntil). `check`
 * sees undefined while the table is not found. The SDK's own waiters retry every error, so a
 * permission or credential error would spin until the timeout; here only "not found" is handed
 * to `check` and anything else is raised at once as an action error. Throws, once the time is
 * up, a StepError `waitTimedOut` that says what was awaited (`what`, such as
 * `table "Customers"`) and the last status `describe` saw.
 */
export function pollTable<T>(
  clients: AwsClients,
  table: string,
  context: CallContext,
  check: (description: TableDescription | undefined) => { done: true; result: T } | undefined,
  describe: (description: TableDescription | undefined) => string,
  what: string,
  maxWaitSeconds = WAIT_LIMIT_SECONDS,
): Promise<T> {
  return pollUntil<TableDescription | undefined, T>({
    describe: async (abortSignal) => {
      try {
        const answer = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }), {
          abortSignal,
        });
        return checkedTable(answer.Table);
      } catch (error) {
        if ((error as { name?: unknown })?.name !== "ResourceNotFoundException") throw error;
        return undefined;
      }
    },
    check,
    context,
    maxWaitSeconds,
    firstDelayMs: FIRST_POLL_MS,
    maxDelayMs: MAX_POLL_MS,
    timedOutMessage: (description) =>
      `${context.operation}: ${what} in region ${context.region} is still ${describe(description)} after ${maxWaitSeconds} s. It goes on in the background; check its status with Describe Table.`,
    inBackground: `The change to ${what} was accepted before the wait failed and goes on in the background; check its status with Describe Table rather than making it again.`,
  });
}

/**
 * Polls DescribeTable until the table is ACTIVE ("active") or gone ("deleted"), for up to
 * `maxWaitSeconds` (see pollTable). Right after CreateTable "not found yet" is waited out.
 */
export async function waitForTable(
  clients: AwsClients,
  table: string,
  until: "active" | "deleted",
  context: CallContext,
  maxWaitSeconds = WAIT_LIMIT_SECONDS,
): Promise<TableDescription | undefined> {
  return pollTable<TableDescription | undefined>(
    clients,
    table,
    context,
    (description) => {
      if (until === "deleted" && !description) return { done: true, result: undefined };
      if (until === "active" && description?.TableStatus === "ACTIVE") {
        return { done: true, result: description };
      }
      return undefined;
    },
    (description) => description?.TableStatus ?? "not visible yet",
    `table "${table}"`,
    maxWaitSeconds,
  );
}

/**
 * The table after a change (create, update, delete, restore) that `step` made with `operation`:
 * the description DynamoDB answered with or, when asked to wait (`waitUntil`, up to
 * WAIT_LIMIT_SECONDS), the one the table has once ACTIVE. `table` is the step's Table Name unless
 * given (a restore's target). A deletion waited out still gives the description that DynamoDB
 * gave when it started (TableStatus DELETING): there is none after it. Throws an action error
 * naming the operation when a poll fails, and an Error once the time is up.
 */
export async function tableAfterChange(
  step: Step,
  operation: string,
  description: TableDescription | undefined,
  waitUntil: "active" | "deleted" | undefined,
  table = step.table,
): Promise<TableDescription | undefined> {
  if (!waitUntil) return description;
  const what = waitUntil === "active" ? "ACTIVE" : "deleted";
  const context = { ...step.context(`${operation} (waiting until ${what})`), table };
  const after = await waitForTable(step.clients, table, waitUntil, context);
  return after ?? description;
}

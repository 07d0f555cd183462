import {
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { patientTimeout } from "../aws/attemptDeadline";
import type { AwsClients, InvocationContext } from "../aws/client";
import { type CallContext, StepError, toActionError } from "../aws/errors";
import { connect, type StepInputs } from "../aws/invocation";
import { actionOutput } from "../outputs";

/*
 * What the table actions (Create, Describe, Update and Delete Table) share: the choices of their
 * inputs, the one conversion of a table description for their output, and waiting for a table.
 */

export const BILLING_MODES = ["PROVISIONED", "PAY_PER_REQUEST"] as const;
export const STREAM_VIEW_TYPES = [
  "NEW_AND_OLD_IMAGES",
  "NEW_IMAGE",
  "OLD_IMAGE",
  "KEYS_ONLY",
] as const;
export const TABLE_CLASSES = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"] as const;
/** Update Table's stream choices: the stream view types, and DISABLED to turn the stream off. */
export const STREAM_CHOICES = [...STREAM_VIEW_TYPES, "DISABLED"] as const;

/** A TableDescription as plain JSON (dates as ISO strings, no undefined fields). */
export type PlainTable = Record<string, unknown>;

/**
 * Deep-copies an SDK value into plain JSON: Dates become ISO strings (they would otherwise
 * serialise differently per platform), undefined fields are dropped, everything else is kept.
 */
export function toPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined && key !== "$metadata") result[key] = toPlain(field);
    }
    return result;
  }
  return value;
}

/** The one conversion of a TableDescription for every table action's output. */
export function plainTable(table: TableDescription | undefined): PlainTable | null {
  return table ? (toPlain(table) as PlainTable) : null;
}

/** How long the Wait inputs of the table actions wait, well within a step's time limit. */
export const TABLE_WAIT_SECONDS = 300;
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What beforeDeadline gives back when the deadline came first. */
export const PAST_DEADLINE = Symbol("past the deadline");

/**
 * Runs one request of a wait so that it ends by `deadline` (epoch ms): at the deadline its
 * request is aborted (through the AbortSignal given to `send`) and PAST_DEADLINE is returned at
 * once, so that a wait never outlasts its bound by a slow last poll. The deadline is a
 * patientTimeout: time the process spent busy with other steps does not count against an answer
 * that arrived meanwhile.
 */
export async function beforeDeadline<T>(
  deadline: number,
  send: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T | typeof PAST_DEADLINE> {
  const remaining = deadline - Date.now();
  if (remaining <= 0) return PAST_DEADLINE;
  const controller = new AbortController();
  let timer: { cancel(): void } | undefined;
  const expired = new Promise<typeof PAST_DEADLINE>((resolve) => {
    timer = patientTimeout(remaining, () => {
      controller.abort();
      resolve(PAST_DEADLINE);
    });
  });
  const request = send(controller.signal);
  // Once the deadline has won, the aborted request's own failure is expected and ignored.
  request.catch(() => undefined);
  try {
    return await Promise.race([request, expired]);
  } finally {
    timer?.cancel();
  }
}

/**
 * Polls DescribeTable until `check` accepts the description (it returns the result to give back)
 * or until `maxWaitSeconds` pass (the whole wait, its requests included: the request in flight at
 * the deadline is aborted), polling every 0.5 s, doubling up to 5 s. `check` sees undefined
 * while the table is not found. The SDK's own waiters retry every error, so a permission or
 * credential error would spin until the timeout; here only "not found" is handed to `check` and
 * anything else is raised at once as an action error. Throws, once the time is up, an Error that
 * says what was awaited (`what`, such as `table "Customers"`) and the last status `describe` saw.
 */
export async function pollTable<T>(
  clients: AwsClients,
  table: string,
  context: CallContext,
  check: (description: TableDescription | undefined) => { done: true; result: T } | undefined,
  describe: (description: TableDescription | undefined) => string,
  what: string,
  maxWaitSeconds = TABLE_WAIT_SECONDS,
): Promise<T> {
  const deadline = Date.now() + maxWaitSeconds * 1000;
  let delay = FIRST_POLL_MS;
  let description: TableDescription | undefined;
  const timedOut = () =>
    new StepError(
      "waitTimedOut",
      `${context.operation}: ${what} in region ${context.region} is still ${describe(description)} after ${maxWaitSeconds} s. It goes on in the background; check its status with Describe Table.`,
    );
  for (;;) {
    try {
      const answer = await beforeDeadline(deadline, (abortSignal) =>
        clients.dynamodb.send(new DescribeTableCommand({ TableName: table }), { abortSignal }),
      );
      if (answer === PAST_DEADLINE) throw timedOut();
      description = answer.Table;
    } catch (error) {
      if ((error as { name?: unknown })?.name !== "ResourceNotFoundException") {
        throw toActionError(error, context);
      }
      description = undefined;
    }
    const outcome = check(description);
    if (outcome) return outcome.result;
    if (Date.now() + delay > deadline) throw timedOut();
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
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
  maxWaitSeconds = TABLE_WAIT_SECONDS,
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
 * The output of a table change: the description DynamoDB answered with or, when asked to wait,
 * the one the table has once ACTIVE. A deletion waited out still returns the description that
 * DynamoDB gave when it started (TableStatus DELETING): there is none after it.
 */
export async function tableChangeOutput(
  clients: AwsClients,
  table: string,
  description: TableDescription | undefined,
  context: CallContext,
  waitUntil?: "active" | "deleted",
): Promise<{ data: { table: PlainTable | null } }> {
  if (waitUntil) {
    const what = waitUntil === "active" ? "ACTIVE" : "deleted";
    const after = await waitForTable(clients, table, waitUntil, {
      ...context,
      operation: `${context.operation} (waiting until ${what})`,
    });
    if (after) return { data: { table: plainTable(after) } };
  }
  return { data: { table: plainTable(description) } };
}

/** Output schema of the table actions: `{ data: { table } }`. */
export function tableOutput(description: string) {
  return actionOutput(
    {
      table: {
        type: ["object", "null"],
        description,
        additionalProperties: true,
        properties: {
          TableName: { type: "string" },
          TableStatus: {
            type: "string",
            description: "CREATING, UPDATING, DELETING, ACTIVE, ARCHIVING or ARCHIVED.",
          },
          TableArn: { type: "string" },
          TableId: { type: "string" },
          CreationDateTime: { type: "string", description: "ISO 8601 date and time." },
          AttributeDefinitions: { type: "array" },
          KeySchema: { type: "array" },
          BillingModeSummary: { type: "object" },
          ProvisionedThroughput: { type: "object" },
          ItemCount: { type: "integer" },
          TableSizeBytes: { type: "integer" },
          GlobalSecondaryIndexes: { type: "array" },
          LocalSecondaryIndexes: { type: "array" },
          StreamSpecification: { type: "object" },
          LatestStreamArn: { type: "string" },
          DeletionProtectionEnabled: { type: "boolean" },
        },
      },
    },
    ["table"],
  );
}

/** The Customers table of the examples, as every table action returns it. */
export const EXAMPLE_TABLE: PlainTable = {
  AttributeDefinitions: [
    { AttributeName: "customerId", AttributeType: "N" },
    { AttributeName: "customerName", AttributeType: "S" },
  ],
  TableName: "Customers",
  KeySchema: [
    { AttributeName: "customerId", KeyType: "HASH" },
    { AttributeName: "customerName", KeyType: "RANGE" },
  ],
  TableStatus: "ACTIVE",
  CreationDateTime: "2024-05-01T12:00:00.000Z",
  ProvisionedThroughput: {
    NumberOfDecreasesToday: 0,
    ReadCapacityUnits: 5,
    WriteCapacityUnits: 5,
  },
  TableSizeBytes: 2048,
  ItemCount: 12,
  TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
  TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
  DeletionProtectionEnabled: false,
};

/** One table change, as changeTable runs it. */
export interface TableChange {
  operation: "CreateTable" | "UpdateTable" | "DeleteTable";
  /** Sends the request. */
  send: (dynamodb: DynamoDBClient) => Promise<{ TableDescription?: TableDescription }>;
  /** Wait (up to TABLE_WAIT_SECONDS) until the table is ACTIVE, or gone. */
  waitUntil?: "active" | "deleted";
  /** May replace the mapped error with a clearer one. */
  explain?: (error: unknown, clients: AwsClients) => Promise<unknown>;
}

/**
 * A table change (CreateTable, UpdateTable, DeleteTable) and its output: connects, sends the
 * request, whose failure names the operation, table and region; with `waitUntil`, the table's
 * state after it (see tableChangeOutput).
 */
export async function changeTable(
  invocation: InvocationContext | undefined,
  params: StepInputs & { tableName: string },
  change: TableChange,
): Promise<{ data: { table: PlainTable | null } }> {
  const { operation, explain } = change;
  const step = connect(invocation, params);
  const { TableDescription } = await step
    .call(operation, () => change.send(step.clients.dynamodb))
    .catch(async (error: unknown) => {
      throw explain ? await explain(error, step.clients) : error;
    });
  return tableChangeOutput(
    step.clients,
    step.table,
    TableDescription,
    step.context(operation),
    change.waitUntil,
  );
}

/** The cursor of a ListTables page (for boundedPages in paging.ts). */
export function lastTable(page: { LastEvaluatedTableName?: string }): string | undefined {
  return page.LastEvaluatedTableName;
}

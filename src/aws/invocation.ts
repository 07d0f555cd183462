/**
 * The setup every action shares: the clients for the step's connection and region (from the
 * credential factory, with the step's Max Attempts and debug logger), and the call context that
 * names the operation, table and region when an AWS call fails.
 */
import type { Connection } from "@prismatic-io/spectral";
import { type AwsClients, getClients, type InvocationContext, invocationOptions } from "./client";
import { type CallContext, callAws } from "./errors";

/** The inputs the setup reads: every action has a connection and a region, most a table. */
export interface StepInputs {
  awsConnection: Connection;
  awsRegion: unknown;
  tableName?: string;
  maxAttempts?: number;
}

/**
 * A command of the DynamoDB client (GetItemCommand, QueryCommand...). Its input was checked by
 * its constructor; here only its answer's type matters (OutputOf).
 */
export type DynamoDBCommand = { readonly input: object; resolveMiddleware: unknown };

/** What DynamoDB answers to a command: GetItemCommandOutput for a GetItemCommand, and so on. */
export type OutputOf<Command> = Command extends {
  resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: infer Output }>;
}
  ? Output
  : never;

/**
 * Sends one command with the connection's DynamoDB client, resolving to its answer typed by
 * OutputOf. A failure is the SDK's own error: callers send through `step.call`, which maps it.
 */
export function sendCommand<Command extends DynamoDBCommand>(
  clients: AwsClients,
  command: Command,
): Promise<OutputOf<Command>> {
  return clients.dynamodb.send(command as never) as Promise<OutputOf<Command>>;
}

/** One step's connection to DynamoDB. */
export interface Step {
  clients: AwsClients;
  /** The Table Name input, where the action has one. */
  table: string;
  region: string;
  connection: Connection;
  /** The context of one AWS call, for toActionError. */
  context: (operation: string) => CallContext;
  /** Runs one AWS call; its failure is mapped to a clear action error (callAws). */
  call: <T>(operation: string, run: () => Promise<T>) => Promise<T>;
  /** Sends one DynamoDB command through `call`: `step.send("GetItem", new GetItemCommand(request))`. */
  send: <Command extends DynamoDBCommand>(
    operation: string,
    command: Command,
  ) => Promise<OutputOf<Command>>;
}

/**
 * Clients and call context for one invocation. Throws an InputError (Connection, AWS Region) or
 * a ConnectionError (a connection field) before anything is sent.
 */
export function connect(invocation: InvocationContext | undefined, params: StepInputs): Step {
  const clients = getClients(
    params.awsConnection,
    params.awsRegion,
    invocationOptions(invocation, params.maxAttempts),
  );
  const table = params.tableName ?? "";
  const { region } = clients;
  const connection = params.awsConnection;
  // Object literals rather than spreads of a base: this runs on every call and every request.
  const context: (operation: string) => CallContext =
    params.tableName !== undefined
      ? (operation) => ({ table, region, connection, operation })
      : (operation) => ({ region, connection, operation });
  return stepOn(clients, connection, table, context);
}

/**
 * The step for one request on several tables (a batch across tables): a failure names its one
 * table as every step names its table, or lists several after the operation, as a transaction's
 * failure does ("BatchGetItem (tables Orders, Customers) failed in region …").
 */
export function onTables(step: Step, tables: string[]): Step {
  const base = { region: step.region, connection: step.connection };
  const table = tables.length === 1 ? tables[0] : "";
  return stepOn(step.clients, step.connection, table, (operation) =>
    tables.length === 1
      ? { ...base, operation, table }
      : { ...base, operation: `${operation} (tables ${tables.join(", ")})` },
  );
}

/** A step whose calls are mapped with `context`: the one place call and send are defined. */
function stepOn(
  clients: AwsClients,
  connection: Connection,
  table: string,
  context: (operation: string) => CallContext,
): Step {
  return {
    clients,
    table,
    region: clients.region,
    connection,
    context,
    call: (operation, run) => callAws(context(operation), run),
    send: <Command extends DynamoDBCommand>(operation: string, command: Command) =>
      callAws(context(operation), () => sendCommand(clients, command)),
  };
}

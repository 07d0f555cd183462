import {
  DescribeTableCommand,
  type GlobalSecondaryIndexDescription,
  type TableDescription,
  UpdateTableCommand,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { input } from "@prismatic-io/spectral";
import type { AwsClients } from "../aws/client";
import { type CallContext, callAws } from "../aws/errors";
import { InputError } from "../errors/inputError";
import { checkName, cleanRequiredString, isBlank } from "../inputs";
import { actionOutput } from "../outputs";
import { forgetTableKeys } from "./keySchema";
import {
  EXAMPLE_TABLE,
  type PlainTable,
  plainTable,
  pollTable,
  TABLE_WAIT_SECONDS,
  tableOutput,
  toPlain,
} from "./tables";

/*
 * What Create and Delete Global Secondary Index share: the required Index Name, a fresh read of
 * the table (its definitions, billing and indexes change with these very actions, so the cached
 * keys of keys.ts are not enough, and are dropped after a change) and waiting for the index.
 */

const INDEX_LABEL = "Index Name";

/** Index Name (required): 3 to 255 of a-z A-Z 0-9 _ - . (DynamoDB's naming rules). */
export function cleanRequiredIndexName(value: unknown): string {
  if (!isBlank(value) && typeof value === "object") {
    throw new InputError(
      INDEX_LABEL,
      "invalidValue",
      `${INDEX_LABEL} must be text, such as byEmail.`,
    );
  }
  return checkName(INDEX_LABEL, cleanRequiredString(INDEX_LABEL, "byEmail")(value));
}

export function indexNameInput(comments: string, dataSource?: "selectIndex") {
  return input({
    label: INDEX_LABEL,
    type: "string",
    required: true,
    example: "byEmail",
    ...(dataSource ? { dataSource } : {}),
    comments,
    clean: cleanRequiredIndexName,
  });
}

/** The table's current description (DescribeTable, not cached); an action error if it fails. */
export async function describeTableNow(
  clients: AwsClients,
  table: string,
  context: CallContext,
): Promise<TableDescription> {
  const { Table } = await callAws({ ...context, operation: "DescribeTable" }, () =>
    clients.dynamodb.send(new DescribeTableCommand({ TableName: table })),
  );
  if (!Table) throw new Error(`DescribeTable gave no description of table "${table}".`);
  return Table;
}

/** A global secondary index of a table description, by name. */
export function findIndex(
  table: TableDescription | undefined,
  name: string,
): GlobalSecondaryIndexDescription | undefined {
  return table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === name);
}

/** The names of a table's global secondary indexes, for messages. */
export function indexNames(table: TableDescription): string {
  const names = (table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName);
  return names.length > 0 ? names.join(", ") : "none";
}

/**
 * Sends an UpdateTable that creates or deletes `index`, then drops the cached keys (keys.ts) of
 * the table, so reads that page through the index learn its keys; then, when asked, polls
 * DescribeTable every 0.5 to 5 s for up to `TABLE_WAIT_SECONDS` until the index is ACTIVE (not
 * backfilling) or gone. Returns the table's last description and the index's, as plain JSON.
 * Throws an action error when UpdateTable fails and, once the time is up, an Error saying the
 * change goes on in the background.
 */
export async function updateIndex(
  clients: AwsClients,
  command: UpdateTableCommandInput & { TableName: string },
  index: string,
  context: CallContext,
  waitUntil?: "active" | "deleted",
): Promise<{ table: PlainTable | null; index: PlainTable | null }> {
  const table = command.TableName;
  const { TableDescription: first } = await callAws(context, () =>
    clients.dynamodb.send(new UpdateTableCommand(command)),
  );
  forgetTableKeys(clients, table);
  let last = first;
  if (waitUntil) {
    const what = waitUntil === "active" ? "ACTIVE" : "deleted";
    last = await pollTable(
      clients,
      table,
      { ...context, operation: `${context.operation} (waiting until ${what})` },
      (description) => {
        const found = findIndex(description, index);
        const done =
          waitUntil === "active"
            ? found?.IndexStatus === "ACTIVE" && !found.Backfilling
            : description !== undefined && !found;
        return done ? { done: true, result: description } : undefined;
      },
      (description) => {
        const found = findIndex(description, index);
        if (!found) return "not visible yet";
        return found.Backfilling ? `${found.IndexStatus} (backfilling)` : String(found.IndexStatus);
      },
      `index "${index}" of table "${table}"`,
      TABLE_WAIT_SECONDS,
    );
  }
  const found = findIndex(last, index);
  return {
    table: plainTable(last),
    index: found ? (toPlain(found) as PlainTable) : null,
  };
}

/**
 * The example payload of the index actions: the example table while it changes (UPDATING), with
 * `index` as its one global secondary index, and the index itself.
 */
export function exampleIndexChange(index: Record<string, unknown>) {
  return {
    data: {
      table: { ...EXAMPLE_TABLE, TableStatus: "UPDATING", GlobalSecondaryIndexes: [index] },
      index,
    },
  };
}

/** Output schema of the index actions: the table, and the index (null once deleted). */
export function indexOutput(indexDescription: string) {
  const { schema } = tableOutput("The table's description after the change.");
  const properties = (schema as { properties: { data: { properties: Record<string, unknown> } } })
    .properties.data.properties;
  return actionOutput(
    {
      table: properties.table as Record<string, unknown>,
      index: {
        type: ["object", "null"],
        additionalProperties: true,
        description: indexDescription,
        properties: {
          IndexName: { type: "string" },
          IndexStatus: { type: "string", description: "CREATING, UPDATING, DELETING or ACTIVE." },
          Backfilling: { type: "boolean" },
          KeySchema: { type: "array" },
          Projection: { type: "object" },
          IndexArn: { type: "string" },
        },
      },
    },
    ["table", "index"],
  );
}

/**
 * The outputs of Create and Delete Global Secondary Index: the table and the index, their schema,
 * examples and the formatting of the table's description into a step's data.
 */
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import { byName } from "../common/text";
import { findIndex } from "../engines/indexes";
import { actionOutputSchema } from "./index";
import { sdkOutputToJson } from "./json";
import { EXAMPLE_TABLE, type PlainTable, tableOutputSchema } from "./tables";

/** The data of an index action: the table's description and the index's, as plain JSON. */
export function indexChangeData(
  table: TableDescription | undefined,
  index: string,
): { table: PlainTable | null; index: PlainTable | null } {
  return { table: sdkOutputToJson(table), index: sdkOutputToJson(findIndex(table, index)) };
}

/**
 * Select Index's choices: the table's global and local secondary indexes by name, each labelled
 * with its kind, sorted by name.
 */
export function indexChoices(table: TableDescription): { key: string; label: string }[] {
  const indexes = [
    ...(table.GlobalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName,
      kind: "global",
    })),
    ...(table.LocalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName,
      kind: "local",
    })),
  ].filter((index): index is { name: string; kind: string } => Boolean(index.name));
  indexes.sort((a, b) => byName(a.name, b.name));
  return indexes.map(({ name, kind }) => ({ key: name, label: `${name} (${kind})` }));
}

/**
 * The example payload of the index actions: the example table while it changes (UPDATING), with
 * `index` as its one global secondary index, and the index itself.
 */
function exampleIndexChange(index: Record<string, unknown>) {
  return {
    data: {
      table: { ...EXAMPLE_TABLE, TableStatus: "UPDATING", GlobalSecondaryIndexes: [index] },
      index,
    },
  };
}

/** Output schema of the index actions: the table, and the index (null once deleted). */
function indexOutput(indexDescription: string) {
  const { schema } = tableOutputSchema("The table's description after the change.");
  const properties = (schema as { properties: { data: { properties: Record<string, unknown> } } })
    .properties.data.properties;
  return actionOutputSchema(
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

/** The byEmail index of the examples, as DynamoDB lists it; `status` as the action leaves it. */
function exampleIndex(status: "CREATING" | "DELETING") {
  return {
    IndexName: "byEmail",
    KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
    Projection: { ProjectionType: "ALL" },
    IndexStatus: status,
    ...(status === "CREATING" ? { Backfilling: false } : {}),
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    },
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/index/byEmail",
  };
}

export const createGlobalSecondaryIndexOutputSchema = indexOutput(
  "The new index's description: IndexStatus is CREATING (and Backfilling true) while DynamoDB builds it, ACTIVE with Wait Until Active; null if DynamoDB did not list it yet.",
);
export const createGlobalSecondaryIndexExample = exampleIndexChange(exampleIndex("CREATING"));

export const deleteGlobalSecondaryIndexOutputSchema = indexOutput(
  "The index as DynamoDB lists it while deleting it (IndexStatus DELETING), or null once it is gone (with Wait Until Deleted).",
);
export const deleteGlobalSecondaryIndexExample = exampleIndexChange(exampleIndex("DELETING"));

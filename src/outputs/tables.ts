/**
 * The table actions' outputs (Create, Describe, List, Update and Delete Table; the restores and
 * the index actions return the same `table`): their schemas, example payloads, and the
 * formatting of DynamoDB's answers into a step's data.
 */
import type { ListTablesCommandOutput, TableDescription } from "@aws-sdk/client-dynamodb";
import { answerTexts } from "../values";
import { actionOutputSchema, listCursorSchema } from "./index";
import { sdkOutputToJson } from "./json";

/** A TableDescription as plain JSON (dates as ISO strings, no undefined fields). */
export type PlainTable = Record<string, unknown>;

/** The data of a table action: `{ table }`, the description as plain JSON (null when none). */
export function tableData(description: TableDescription | undefined): {
  table: PlainTable | null;
} {
  return { table: sdkOutputToJson(description) };
}

/** Output schema of the table actions: `{ data: { table } }`. */
export function tableOutputSchema(description: string) {
  return actionOutputSchema(
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

export const createTableOutputSchema = tableOutputSchema(
  "The new table's description: TableStatus is CREATING, or ACTIVE with Wait Until Active.",
);
export const createTableExample = {
  data: { table: { ...EXAMPLE_TABLE, TableStatus: "CREATING", ItemCount: 0, TableSizeBytes: 0 } },
};

export const describeTableOutputSchema = tableOutputSchema(
  "The table's description: key schema, status, billing, indexes, streams, size and item count (updated about every six hours).",
);
export const describeTableExample = { data: { table: EXAMPLE_TABLE } };

export const updateTableOutputSchema = tableOutputSchema(
  "The table's description after the change: TableStatus is UPDATING while DynamoDB applies it (ACTIVE with Wait Until Active); LatestStreamArn is the stream to read when a stream was enabled.",
);
export const updateTableExample = {
  data: {
    table: {
      ...EXAMPLE_TABLE,
      TableStatus: "UPDATING",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      LatestStreamLabel: "2024-05-02T09:30:00.000",
      LatestStreamArn:
        "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-02T09:30:00.000",
    },
  },
};

export const deleteTableOutputSchema = tableOutputSchema(
  "The table's description as DynamoDB reported it when the deletion started (TableStatus DELETING).",
);
export const deleteTableExample = {
  data: { table: { ...EXAMPLE_TABLE, TableStatus: "DELETING" } },
};

/** List Tables' data for one page: the names and the cursor that continues after them. */
export function tableNamesPageData(
  page: Pick<ListTablesCommandOutput, "TableNames" | "LastEvaluatedTableName">,
) {
  return {
    tableNames: answerTexts(page.TableNames, "ListTables' TableNames"),
    lastEvaluatedTableName: page.LastEvaluatedTableName ?? null,
  };
}

/** List Tables' data with Fetch All: every name, and no cursor. */
export function allTableNamesData(tableNames: string[]) {
  return { tableNames, lastEvaluatedTableName: null };
}

export const listTablesOutputSchema = actionOutputSchema(
  {
    tableNames: {
      type: "array",
      items: { type: "string" },
      description: "The table names in this region, in DynamoDB's order (sorted by name).",
    },
    lastEvaluatedTableName: listCursorSchema(
      "The cursor to continue from, or null when there are no more tables (always null with Fetch All). Pass it to Exclusive Start Table Name.",
    ),
  },
  ["tableNames", "lastEvaluatedTableName"],
);
export const listTablesExample = {
  data: {
    tableNames: ["Customers", "Invoices", "Orders"],
    lastEvaluatedTableName: null,
  },
};

import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import type { AwsClients } from "../../aws/client";
import {
  BILLING_MODES,
  changeTable,
  EXAMPLE_TABLE,
  STREAM_VIEW_TYPES,
  TABLE_CLASSES,
  tableOutput,
} from "../../engines/tables";
import {
  awsRegion,
  choiceInput,
  cleanBoolean,
  connectionInput,
  DOCS,
  tableName,
  waitInput,
} from "../../inputs";
import {
  buildTableDefinition,
  cleanAttributeDefinitions,
  cleanGlobalSecondaryIndexes,
  cleanKeySchemaElements,
  DEFAULT_ATTRIBUTE_DEFINITION,
  DEFAULT_KEY_SCHEMA,
  GSI_EXAMPLE,
} from "../../inputs/tableDefinition";
import { cleanTagList } from "../../inputs/tags";

/** Tags (optional): DynamoDB's tag rules, shared with Tag Resource (src/inputs/tags.ts). */
export const cleanTags = cleanTagList("Tags", false);

export const attributeDefinition = input({
  label: "Attribute Definition",
  type: "code",
  language: "json",
  required: true,
  default: DEFAULT_ATTRIBUTE_DEFINITION,
  comments: `A JSON array with the name and type of every attribute used in a key (the Key Schema and any index keys), and only those. Each object has an AttributeName and an AttributeType: S (string), N (number) or B (binary). See [DynamoDB data types](${DOCS}/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes).`,
  clean: cleanAttributeDefinitions,
});

export const keySchema = input({
  label: "Key Schema",
  type: "code",
  language: "json",
  required: true,
  default: DEFAULT_KEY_SCHEMA,
  comments: `A JSON array with the table's primary key: one object with KeyType HASH (the partition key) first, then optionally one with KeyType RANGE (the sort key). Each object has a KeyType and an AttributeName defined in Attribute Definition. Learn more about [key schemas](${DOCS}/HowItWorks.CoreComponents.html#HowItWorks.CoreComponents.PrimaryKey).`,
  clean: (value: unknown) => cleanKeySchemaElements(value),
});

export const billingMode = choiceInput({
  label: "Billing Mode",
  choices: BILLING_MODES,
  default: "PROVISIONED",
  comments: `PROVISIONED: you set the read and write capacity below. PAY_PER_REQUEST (on-demand): you pay per request and the capacity inputs are ignored. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
});

/**
 * Passes a capacity input on unchanged: it is checked with Billing Mode (ignored with
 * PAY_PER_REQUEST), in buildTableDefinition. Typed so that code may give a number, as it may.
 */
const capacityAsGiven = (value: unknown) => value as number | string | undefined;

export const readCapacityUnits = input({
  label: "Read Capacity Units",
  type: "string",
  required: false,
  default: "5",
  comments: `The number of read capacity units, a whole number of 1 or more; used only with PROVISIONED billing. One unit = one strongly consistent read per second, or two eventually consistent reads per second, of an item up to 4 KB. Learn more about [read capacity](${DOCS}/ProvisionedThroughput.html).`,
  example: "5",
  clean: capacityAsGiven,
});

export const writeCapacityUnits = input({
  label: "Write Capacity Units",
  type: "string",
  required: false,
  default: "5",
  comments: `The number of write capacity units, a whole number of 1 or more; used only with PROVISIONED billing. One unit = one write per second of an item up to 1 KB; larger items consume more units. Learn more about [write capacity](${DOCS}/ProvisionedThroughput.html).`,
  example: "5",
  clean: capacityAsGiven,
});

export const globalSecondaryIndexes = input({
  label: "Global Secondary Indexes",
  type: "code",
  language: "json",
  required: false,
  comments: `Optional. A JSON array of global secondary indexes to create with the table. Each object has an IndexName, a KeySchema (like Key Schema), an optional Projection (default {"ProjectionType":"ALL"}) and, with PROVISIONED billing, an optional ProvisionedThroughput (default: the table's capacity). Index key attributes must be in Attribute Definition. Example: ${GSI_EXAMPLE}`,
  clean: (value: unknown) => cleanGlobalSecondaryIndexes(value),
});

export const streamViewType = choiceInput({
  label: "Stream View Type",
  choices: STREAM_VIEW_TYPES,
  comments:
    "Optional. Enables a DynamoDB stream at creation with what each change record holds: NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY. Leave blank for no stream.",
});

export const tableClass = choiceInput({
  label: "Table Class",
  choices: TABLE_CLASSES,
  comments:
    "Optional. STANDARD, or STANDARD_INFREQUENT_ACCESS for tables whose storage costs more than their throughput. Leave blank for STANDARD.",
});

export const deletionProtection = input({
  label: "Deletion Protection",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, the table cannot be deleted until deletion protection is turned off again (Update Table).",
  clean: cleanBoolean("Deletion Protection"),
});

export const tags = input({
  label: "Tags",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  comments: "Optional. Tags to put on the table, such as team → billing (up to 50).",
  clean: cleanTags,
});

export const waitUntilActive = waitInput(
  "Wait Until Active",
  "When true, the step finishes only once the table is ACTIVE (up to 5 minutes), so the next step can write to it, and returns its ACTIVE description. When false, it returns at once with the table in the CREATING status.",
);

/**
 * DynamoDB refuses CreateTable with ResourceInUseException both when the table simply exists and
 * when one of that name is being created or deleted; "wait until it is ACTIVE" only fits the
 * second. Reads the table's status (one DescribeTable) and says which case it is. Any other error,
 * or a status that cannot be read, is returned unchanged.
 */
async function explainTableInUse(error: unknown, clients: AwsClients, table: string) {
  if (!(error instanceof Error) || error.name !== "ResourceInUseException") return error;
  let status: string | undefined;
  try {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
    status = Table?.TableStatus;
  } catch {
    return error;
  }
  if (!status) return error;
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
  return explained;
}

export const createTable = action({
  display: {
    label: "Create Table",
    description: "Create a new DynamoDB Table",
  },
  inputs: {
    awsRegion,
    tableName,
    attributeDefinition,
    keySchema,
    billingMode,
    readCapacityUnits,
    writeCapacityUnits,
    awsConnection: connectionInput,
    globalSecondaryIndexes,
    streamViewType,
    tableClass,
    deletionProtection,
    tags,
    waitUntilActive,
  },
  perform: async (invocation, params) => {
    const table = params.tableName;
    const command: CreateTableCommandInput = {
      TableName: table,
      ...buildTableDefinition(params),
      ...(params.streamViewType
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: params.streamViewType } }
        : {}),
      ...(params.tableClass ? { TableClass: params.tableClass } : {}),
      ...(params.deletionProtection ? { DeletionProtectionEnabled: true } : {}),
      ...(params.tags ? { Tags: params.tags } : {}),
    };

    return changeTable(invocation, params, {
      operation: "CreateTable",
      send: (dynamodb) => dynamodb.send(new CreateTableCommand(command)),
      waitUntil: params.waitUntilActive ? "active" : undefined,
      explain: (error, clients) => explainTableInUse(error, clients, table),
    });
  },
  outputSchema: tableOutput(
    "The new table's description: TableStatus is CREATING, or ACTIVE with Wait Until Active.",
  ),
  examplePayload: {
    data: { table: { ...EXAMPLE_TABLE, TableStatus: "CREATING", ItemCount: 0, TableSizeBytes: 0 } },
  },
});

export default createTable;

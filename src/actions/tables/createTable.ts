import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { createTableRequest, rethrowTableInUse, tableAfterChange } from "../../engines/tables";
import {
  awsRegion,
  BILLING_LABEL,
  BILLING_MODES,
  CLASS_LABEL,
  capacityAsGiven,
  choiceInput,
  cleanAttributeDefinitions,
  cleanBoolean,
  cleanGlobalSecondaryIndexes,
  cleanKeySchemaElements,
  cleanTagList,
  connectionInput,
  DEFAULT_ATTRIBUTE_DEFINITION,
  DEFAULT_KEY_SCHEMA,
  DOCS,
  GSI_EXAMPLE,
  PROTECTION_LABEL,
  READ_LABEL,
  STREAM_LABEL,
  STREAM_VIEW_TYPES,
  TABLE_CLASSES,
  tableName,
  WRITE_LABEL,
  waitInput,
} from "../../inputs";
import { createTableExample, createTableOutputSchema, tableData } from "../../outputs/tables";

const attributeDefinition = input({
  label: "Attribute Definition",
  type: "code",
  language: "json",
  required: true,
  default: DEFAULT_ATTRIBUTE_DEFINITION,
  comments: `A JSON array with the name and type of every attribute used in a key (the Key Schema and any index keys), and only those. Each object has an AttributeName and an AttributeType: S (string), N (number) or B (binary). See [DynamoDB data types](${DOCS}/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes).`,
  clean: cleanAttributeDefinitions,
});

const keySchema = input({
  label: "Key Schema",
  type: "code",
  language: "json",
  required: true,
  default: DEFAULT_KEY_SCHEMA,
  comments: `A JSON array with the table's primary key: one object with KeyType HASH (the partition key) first, then optionally one with KeyType RANGE (the sort key). Each object has a KeyType and an AttributeName defined in Attribute Definition. Learn more about [key schemas](${DOCS}/HowItWorks.CoreComponents.html#HowItWorks.CoreComponents.PrimaryKey).`,
  clean: (value: unknown) => cleanKeySchemaElements(value),
});

const billingMode = choiceInput({
  label: BILLING_LABEL,
  choices: BILLING_MODES,
  default: "PROVISIONED",
  comments: `PROVISIONED: you set the read and write capacity below. PAY_PER_REQUEST (on-demand): you pay per request and the capacity inputs are ignored. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
});

const readCapacityUnits = input({
  label: READ_LABEL,
  type: "string",
  required: false,
  default: "5",
  comments: `The number of read capacity units, a whole number of 1 or more; used only with PROVISIONED billing. One unit = one strongly consistent read per second, or two eventually consistent reads per second, of an item up to 4 KB. Learn more about [read capacity](${DOCS}/ProvisionedThroughput.html).`,
  example: "5",
  clean: capacityAsGiven,
});

const writeCapacityUnits = input({
  label: WRITE_LABEL,
  type: "string",
  required: false,
  default: "5",
  comments: `The number of write capacity units, a whole number of 1 or more; used only with PROVISIONED billing. One unit = one write per second of an item up to 1 KB; larger items consume more units. Learn more about [write capacity](${DOCS}/ProvisionedThroughput.html).`,
  example: "5",
  clean: capacityAsGiven,
});

const globalSecondaryIndexes = input({
  label: "Global Secondary Indexes",
  type: "code",
  language: "json",
  required: false,
  comments: `Optional. A JSON array of global secondary indexes to create with the table. Each object has an IndexName, a KeySchema (like Key Schema), an optional Projection (default {"ProjectionType":"ALL"}) and, with PROVISIONED billing, an optional ProvisionedThroughput (default: the table's capacity). Index key attributes must be in Attribute Definition. Example: ${GSI_EXAMPLE}`,
  clean: (value: unknown) => cleanGlobalSecondaryIndexes(value),
});

const streamViewType = choiceInput({
  label: STREAM_LABEL,
  choices: STREAM_VIEW_TYPES,
  comments:
    "Optional. Enables a DynamoDB stream at creation with what each change record holds: NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY. Leave blank for no stream.",
});

const tableClass = choiceInput({
  label: CLASS_LABEL,
  choices: TABLE_CLASSES,
  comments:
    "Optional. STANDARD, or STANDARD_INFREQUENT_ACCESS for tables whose storage costs more than their throughput. Leave blank for STANDARD.",
});

const deletionProtection = input({
  label: PROTECTION_LABEL,
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, the table cannot be deleted until deletion protection is turned off again (Update Table).",
  clean: cleanBoolean(PROTECTION_LABEL),
});

const tags = input({
  label: "Tags",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  comments: "Optional. Tags to put on the table, such as team → billing (up to 50).",
  clean: cleanTagList("Tags", false),
});

const waitUntilActive = waitInput(
  "Wait Until Active",
  "When true, the step finishes only once the table is ACTIVE (up to 5 minutes), so the next step can write to it, and returns its ACTIVE description. When false, it returns at once with the table in the CREATING status.",
);

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
    const request = createTableRequest(params);
    const step = connect(invocation, params);
    const { TableDescription } = await step
      .send("CreateTable", new CreateTableCommand(request))
      .catch((error: unknown) => rethrowTableInUse(error, step.clients, step.table));
    const wait = params.waitUntilActive ? "active" : undefined;
    const table = await tableAfterChange(step, "CreateTable", TableDescription, wait);
    return { data: tableData(table) };
  },
  outputSchema: createTableOutputSchema,
  examplePayload: createTableExample,
});

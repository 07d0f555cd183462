import { UpdateTableCommand, type UpdateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import {
  BILLING_MODES,
  changeTable,
  EXAMPLE_TABLE,
  STREAM_CHOICES,
  TABLE_CLASSES,
  tableOutput,
} from "../../engines/tables";
import { InputError } from "../../errors/inputError";
import {
  capacityPair,
  choiceInput,
  cleanBoolean,
  cleanInteger,
  DOCS,
  isBlank,
  queryParameters,
  tableStepInputs,
  waitInput,
} from "../../inputs";
import { BILLING_LABEL, READ_LABEL, WRITE_LABEL } from "../../inputs/labels";

const STREAM_LABEL = "Stream View Type";
const PROTECTION_LABEL = "Deletion Protection";
const CLASS_LABEL = "Table Class";

/** Parameters that have their own input, so Query Parameters may not set them as well. */
const OWN_INPUTS: Record<string, string> = {
  TableName: "Table Name",
  BillingMode: BILLING_LABEL,
  ProvisionedThroughput: `${READ_LABEL} and ${WRITE_LABEL}`,
  StreamSpecification: STREAM_LABEL,
  DeletionProtectionEnabled: PROTECTION_LABEL,
  TableClass: CLASS_LABEL,
};

/** Blank means "leave as it is", so unlike Create Table there is no default here. */
function cleanOptionalBoolean(label: string) {
  const clean = cleanBoolean(label);
  return (value: unknown): boolean | undefined => (isBlank(value) ? undefined : clean(value));
}

export const billingMode = choiceInput({
  label: BILLING_LABEL,
  choices: BILLING_MODES,
  comments: `Optional. PROVISIONED (give both capacity inputs too) or PAY_PER_REQUEST (on-demand). Leave blank to keep the current billing mode. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
});

export const readCapacityUnits = input({
  label: READ_LABEL,
  type: "string",
  required: false,
  example: "10",
  comments:
    "Optional. The new read capacity units (a whole number of 1 or more), for a PROVISIONED table; give Write Capacity Units too. Leave blank to keep the current capacity.",
  clean: cleanInteger(READ_LABEL, 1),
});

export const writeCapacityUnits = input({
  label: WRITE_LABEL,
  type: "string",
  required: false,
  example: "10",
  comments:
    "Optional. The new write capacity units (a whole number of 1 or more), for a PROVISIONED table; give Read Capacity Units too. Leave blank to keep the current capacity.",
  clean: cleanInteger(WRITE_LABEL, 1),
});

export const streamViewType = choiceInput({
  label: STREAM_LABEL,
  choices: STREAM_CHOICES,
  comments:
    "Optional. Turns the table's stream on with what each change record holds (NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY), or off with DISABLED. To change the view type of an enabled stream, disable it first. Leave blank to keep the stream as it is.",
});

export const deletionProtection = input({
  label: PROTECTION_LABEL,
  type: "string",
  required: false,
  model: [
    { label: "true", value: "true" as const },
    { label: "false", value: "false" as const },
  ],
  comments:
    "Optional. true: the table cannot be deleted until this is turned off again; false: it can be deleted. Leave blank to keep the current setting.",
  clean: cleanOptionalBoolean(PROTECTION_LABEL),
});

export const tableClass = choiceInput({
  label: CLASS_LABEL,
  choices: TABLE_CLASSES,
  comments:
    "Optional. STANDARD, or STANDARD_INFREQUENT_ACCESS for tables whose storage costs more than their throughput. Leave blank to keep the current class.",
});

export const waitUntilActive = waitInput(
  "Wait Until Active",
  "When true, the step finishes only once the table is ACTIVE again (up to 5 minutes) and returns that description. When false, it returns at once, often with the table in the UPDATING status.",
);

interface UpdateParams {
  tableName: string;
  billingMode?: (typeof BILLING_MODES)[number];
  readCapacityUnits?: number;
  writeCapacityUnits?: number;
  streamViewType?: (typeof STREAM_CHOICES)[number];
  deletionProtection?: boolean;
  tableClass?: (typeof TABLE_CLASSES)[number];
  queryParameters: Record<string, unknown>;
}

/** Builds the UpdateTable input from the inputs that are filled in; the rest stay as they are. */
export function buildUpdate(params: UpdateParams): UpdateTableCommandInput {
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

export const updateTable = action({
  display: {
    label: "Update Table",
    description:
      "Change a DynamoDB table's billing mode, capacity, stream, deletion protection or table class",
  },
  inputs: {
    ...tableStepInputs,
    billingMode,
    readCapacityUnits,
    writeCapacityUnits,
    streamViewType,
    deletionProtection,
    tableClass,
    queryParameters: {
      ...queryParameters,
      comments: `Optional. Further UpdateTable parameters, each a parameter name with a JSON value, such as GlobalSecondaryIndexUpdates → [{"Delete": {"IndexName": "byEmail"}}] (with AttributeDefinitions when an index is created). See [UpdateTable](https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html).`,
    },
    waitUntilActive,
  },
  perform: async (invocation, params) => {
    const command = buildUpdate(params);
    return changeTable(invocation, params, {
      operation: "UpdateTable",
      send: (dynamodb) => dynamodb.send(new UpdateTableCommand(command)),
      waitUntil: params.waitUntilActive ? "active" : undefined,
    });
  },
  outputSchema: tableOutput(
    "The table's description after the change: TableStatus is UPDATING while DynamoDB applies it (ACTIVE with Wait Until Active); LatestStreamArn is the stream to read when a stream was enabled.",
  ),
  examplePayload: {
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
  },
});

export default updateTable;

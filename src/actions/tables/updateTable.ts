import { UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { tableAfterChange, updateTableRequest } from "../../engines/tables";
import {
  BILLING_LABEL,
  BILLING_MODES,
  CLASS_LABEL,
  choiceInput,
  cleanInteger,
  cleanOptionalBoolean,
  DOCS,
  PROTECTION_LABEL,
  queryParameters,
  READ_LABEL,
  STREAM_CHOICES,
  STREAM_LABEL,
  TABLE_CLASSES,
  tableStepInputs,
  WRITE_LABEL,
  waitInput,
  withComments,
} from "../../inputs";
import { tableData, updateTableExample, updateTableOutputSchema } from "../../outputs/tables";

const billingMode = choiceInput({
  label: BILLING_LABEL,
  choices: BILLING_MODES,
  comments: `Optional. PROVISIONED (give both capacity inputs too) or PAY_PER_REQUEST (on-demand). Leave blank to keep the current billing mode. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
});

const readCapacityUnits = input({
  label: READ_LABEL,
  type: "string",
  required: false,
  example: "10",
  comments:
    "Optional. The new read capacity units (a whole number of 1 or more), for a PROVISIONED table; give Write Capacity Units too. Leave blank to keep the current capacity.",
  clean: cleanInteger(READ_LABEL, 1),
});

const writeCapacityUnits = input({
  label: WRITE_LABEL,
  type: "string",
  required: false,
  example: "10",
  comments:
    "Optional. The new write capacity units (a whole number of 1 or more), for a PROVISIONED table; give Read Capacity Units too. Leave blank to keep the current capacity.",
  clean: cleanInteger(WRITE_LABEL, 1),
});

const streamViewType = choiceInput({
  label: STREAM_LABEL,
  choices: STREAM_CHOICES,
  comments:
    "Optional. Turns the table's stream on with what each change record holds (NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE or KEYS_ONLY), or off with DISABLED. To change the view type of an enabled stream, disable it first. Leave blank to keep the stream as it is.",
});

const deletionProtection = input({
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

const tableClass = choiceInput({
  label: CLASS_LABEL,
  choices: TABLE_CLASSES,
  comments:
    "Optional. STANDARD, or STANDARD_INFREQUENT_ACCESS for tables whose storage costs more than their throughput. Leave blank to keep the current class.",
});

const waitUntilActive = waitInput(
  "Wait Until Active",
  "When true, the step finishes only once the table is ACTIVE again (up to 5 minutes) and returns that description. When false, it returns at once, often with the table in the UPDATING status. An index created through Query Parameters may still be CREATING once the table is ACTIVE: to wait for the index itself, use Create Global Secondary Index.",
);

const updateTableParameters = withComments(
  queryParameters,
  `Optional. Further UpdateTable parameters, each a parameter name with a JSON value, such as GlobalSecondaryIndexUpdates → [{"Delete": {"IndexName": "byEmail"}}] (with AttributeDefinitions when an index is created). See [UpdateTable](https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html).`,
);

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
    queryParameters: updateTableParameters,
    waitUntilActive,
  },
  perform: async (invocation, params) => {
    const request = updateTableRequest(params);
    const step = connect(invocation, params);
    const { TableDescription } = await step.send("UpdateTable", new UpdateTableCommand(request));
    const wait = params.waitUntilActive ? "active" : undefined;
    const table = await tableAfterChange(step, "UpdateTable", TableDescription, wait);
    return { data: tableData(table) };
  },
  outputSchema: updateTableOutputSchema,
  examplePayload: updateTableExample,
});

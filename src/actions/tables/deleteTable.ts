import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { deleteTableRequest, tableAfterChange } from "../../engines/tables";
import { tableStepInputs, waitInput } from "../../inputs";
import { deleteTableExample, deleteTableOutputSchema, tableData } from "../../outputs/tables";

const waitUntilDeleted = waitInput(
  "Wait Until Deleted",
  "When true, the step finishes only once the table is gone (up to 5 minutes), so a following step can re-create a table of the same name. When false, it returns at once with the table in the DELETING status.",
);

export const deleteTable = action({
  display: {
    label: "Delete Table",
    description: "Delete an existing DynamoDB Table",
  },
  inputs: {
    ...tableStepInputs,
    waitUntilDeleted,
  },
  perform: async (invocation, params) => {
    const request = deleteTableRequest(params);
    const step = connect(invocation, params);
    const { TableDescription } = await step.send("DeleteTable", new DeleteTableCommand(request));
    const wait = params.waitUntilDeleted ? "deleted" : undefined;
    const table = await tableAfterChange(step, "DeleteTable", TableDescription, wait);
    return { data: tableData(table) };
  },
  outputSchema: deleteTableOutputSchema,
  examplePayload: deleteTableExample,
});

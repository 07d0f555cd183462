import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { changeTable, EXAMPLE_TABLE, tableOutput } from "../../engines/tables";
import { tableStepInputs, waitInput } from "../../inputs";

export const waitUntilDeleted = waitInput(
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
    return changeTable(invocation, params, {
      operation: "DeleteTable",
      send: (dynamodb) => dynamodb.send(new DeleteTableCommand({ TableName: params.tableName })),
      waitUntil: params.waitUntilDeleted ? "deleted" : undefined,
    });
  },
  outputSchema: tableOutput(
    "The table's description as DynamoDB reported it when the deletion started (TableStatus DELETING).",
  ),
  examplePayload: { data: { table: { ...EXAMPLE_TABLE, TableStatus: "DELETING" } } },
});

export default deleteTable;

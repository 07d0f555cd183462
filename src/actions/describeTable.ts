import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { tableStepInputs } from "../inputs";
import { connect } from "../invocation";
import { EXAMPLE_TABLE, plainTable, tableOutput } from "../tables";

export const describeTable = action({
  display: {
    label: "Describe Table",
    description: "Fetch metadata about an existing DynamoDB Table",
  },
  inputs: {
    ...tableStepInputs,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const { clients } = step;
    const { Table } = await step.call("DescribeTable", () =>
      clients.dynamodb.send(new DescribeTableCommand({ TableName: params.tableName })),
    );
    return { data: { table: plainTable(Table) } };
  },
  outputSchema: tableOutput(
    "The table's description: key schema, status, billing, indexes, streams, size and item count (updated about every six hours).",
  ),
  examplePayload: { data: { table: EXAMPLE_TABLE } },
});

export default describeTable;

import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { performTableRead } from "../../aws/invocation";
import { EXAMPLE_TABLE, plainTable, tableOutput } from "../../engines/tables";
import { tableStepInputs } from "../../inputs";

export const describeTable = action({
  display: {
    label: "Describe Table",
    description: "Fetch metadata about an existing DynamoDB Table",
  },
  inputs: tableStepInputs,
  perform: performTableRead(
    "DescribeTable",
    (dynamodb, TableName) => dynamodb.send(new DescribeTableCommand({ TableName })),
    ({ Table }) => ({ table: plainTable(Table) }),
  ),
  outputSchema: tableOutput(
    "The table's description: key schema, status, billing, indexes, streams, size and item count (updated about every six hours).",
  ),
  examplePayload: { data: { table: EXAMPLE_TABLE } },
});

export default describeTable;

import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeTableRequest } from "../../engines/tables";
import { tableStepInputs } from "../../inputs";
import { describeTableExample, describeTableOutputSchema, tableData } from "../../outputs/tables";

export const describeTable = action({
  display: {
    label: "Describe Table",
    description: "Fetch metadata about an existing DynamoDB Table",
  },
  inputs: tableStepInputs,
  perform: async (invocation, params) => {
    const request = describeTableRequest(params);
    const step = connect(invocation, params);
    const { Table } = await step.send("DescribeTable", new DescribeTableCommand(request));
    return { data: tableData(Table) };
  },
  outputSchema: describeTableOutputSchema,
  examplePayload: describeTableExample,
});

import { DescribeContinuousBackupsCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeContinuousBackupsRequest } from "../../engines/backups";
import { tableStepInputs } from "../../inputs";
import {
  continuousBackupsData,
  continuousBackupsExample,
  continuousBackupsOutputSchema,
} from "../../outputs/backups";

export const describeContinuousBackups = action({
  display: {
    label: "Describe Continuous Backups",
    description:
      "Show whether point-in-time recovery is on for a DynamoDB table, and the times it can be restored to",
  },
  inputs: tableStepInputs,
  perform: async (invocation, params) => {
    const request = describeContinuousBackupsRequest(params);
    const step = connect(invocation, params);
    const { ContinuousBackupsDescription } = await step.send(
      "DescribeContinuousBackups",
      new DescribeContinuousBackupsCommand(request),
    );
    return { data: continuousBackupsData(ContinuousBackupsDescription) };
  },
  outputSchema: continuousBackupsOutputSchema,
  examplePayload: continuousBackupsExample,
});

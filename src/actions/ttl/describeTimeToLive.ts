import { DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeTimeToLiveRequest } from "../../engines/ttl";
import { tableStepInputs } from "../../inputs";
import {
  describeTimeToLiveExample,
  describeTimeToLiveOutputSchema,
  timeToLiveData,
} from "../../outputs/ttl";

export const describeTimeToLive = action({
  display: {
    label: "Describe Time To Live",
    description:
      "Show whether a DynamoDB table deletes expired items (TTL), and by which attribute",
  },
  inputs: tableStepInputs,
  perform: async (invocation, params) => {
    const request = describeTimeToLiveRequest(params);
    const step = connect(invocation, params);
    const { TimeToLiveDescription } = await step.send(
      "DescribeTimeToLive",
      new DescribeTimeToLiveCommand(request),
    );
    return { data: timeToLiveData(TimeToLiveDescription) };
  },
  outputSchema: describeTimeToLiveOutputSchema,
  examplePayload: describeTimeToLiveExample,
});

import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeTableNow } from "../../engines/indexes";
import { tableStepInputs } from "../../inputs";
import {
  describeReplicasData,
  describeReplicasExample,
  describeReplicasOutputSchema,
} from "../../outputs/globalTables";

export const describeReplicas = action({
  display: {
    label: "Describe Replicas",
    description:
      "List a DynamoDB table's replicas in other regions with their status, and its global table version and consistency mode",
  },
  inputs: tableStepInputs,
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const table = await describeTableNow(step);
    return { data: describeReplicasData(table, step.region) };
  },
  outputSchema: describeReplicasOutputSchema,
  examplePayload: describeReplicasExample,
});

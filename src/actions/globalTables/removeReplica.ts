import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeTableNow } from "../../engines/indexes";
import { changeReplica, checkReplicaRegion, removeReplicaRequest } from "../../engines/replicas";
import { replicaRegionInput, tableStepInputs, waitInput } from "../../inputs";
import {
  removeReplicaExample,
  removeReplicaOutputSchema,
  replicaChangeData,
} from "../../outputs/globalTables";

const replicaRegion = replicaRegionInput(
  "The region of the replica to remove, such as eu-west-1 (Describe Replicas lists them). DynamoDB deletes the replica table there with all its items; the table in AWS Region stays.",
);

const waitUntilDeleted = waitInput(
  "Wait Until Deleted",
  "When true, the step finishes only once the replica is gone and the table is ACTIVE again (up to 5 minutes), logging each status it sees. When false, it returns at once, with the replica DELETING.",
);

export const removeReplica = action({
  display: {
    label: "Remove Replica",
    description: "Remove a replica of a DynamoDB global table (version 2019.11.21) from a region",
  },
  inputs: {
    ...tableStepInputs,
    replicaRegion,
    waitUntilDeleted,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    checkReplicaRegion(params.replicaRegion, step.region, false);
    const table = await describeTableNow(step);
    const request = removeReplicaRequest(params, table, step.region);
    const wait = params.waitUntilDeleted
      ? { until: "deleted" as const, log: (line: string) => invocation.logger.info(line) }
      : undefined;
    const after = await changeReplica(step, request, params.replicaRegion, wait);
    return { data: replicaChangeData(after, params.replicaRegion) };
  },
  outputSchema: removeReplicaOutputSchema,
  examplePayload: removeReplicaExample,
});

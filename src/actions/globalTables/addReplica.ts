import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeTableNow } from "../../engines/indexes";
import { addReplicaRequest, changeReplica, checkAddReplica } from "../../engines/replicas";
import {
  choiceInput,
  cleanInteger,
  cleanReplicaKmsKey,
  GLOBAL_TABLES_DOCS,
  REPLICA_CLASS_LABEL,
  REPLICA_KMS_LABEL,
  REPLICA_READ_LABEL,
  replicaRegionInput,
  TABLE_CLASSES,
  tableStepInputs,
  waitInput,
} from "../../inputs";
import {
  addReplicaExample,
  addReplicaOutputSchema,
  replicaChangeData,
} from "../../outputs/globalTables";

const replicaRegion = replicaRegionInput(
  `The region to add a replica in, such as eu-west-1: another region than AWS Region, enabled for the account, without a replica of this table yet. Learn more about [global tables](${GLOBAL_TABLES_DOCS}).`,
);

const replicaKmsKey = input({
  label: REPLICA_KMS_LABEL,
  type: "string",
  required: false,
  example: "alias/orders-eu",
  comments:
    "Optional. The customer managed KMS key that encrypts the replica, in the replica's region: its key ID, key ARN, alias name (alias/...) or alias ARN. Leave blank for DynamoDB's own key.",
  clean: cleanReplicaKmsKey,
});

const replicaTableClass = choiceInput({
  label: REPLICA_CLASS_LABEL,
  choices: TABLE_CLASSES,
  comments:
    "Optional. The replica's own table class: STANDARD or STANDARD_INFREQUENT_ACCESS. Leave blank to give it the table's.",
});

const replicaReadCapacityUnits = input({
  label: REPLICA_READ_LABEL,
  type: "string",
  required: false,
  example: "10",
  comments:
    "Optional, for a PROVISIONED table: the replica's own read capacity units. Leave blank to give it the table's. Must be blank for an on-demand table.",
  clean: cleanInteger(REPLICA_READ_LABEL, 1),
});

const waitUntilActive = waitInput(
  "Wait Until Active",
  "When true, the step finishes only once the replica and the table are ACTIVE (up to 5 minutes; a replica of a large table takes longer, and the step then fails saying it goes on in the background), logging each status it sees. When false, it returns at once, with the replica CREATING.",
);

export const addReplica = action({
  display: {
    label: "Add Replica",
    description:
      "Add a replica of a DynamoDB table in another region, making it a global table (version 2019.11.21)",
  },
  inputs: {
    ...tableStepInputs,
    replicaRegion,
    replicaKmsKey,
    replicaTableClass,
    replicaReadCapacityUnits,
    waitUntilActive,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const replica = {
      tableName: params.tableName,
      replicaRegion: params.replicaRegion,
      kmsKey: params.replicaKmsKey,
      tableClass: params.replicaTableClass,
      readCapacityUnits: params.replicaReadCapacityUnits,
    };
    checkAddReplica(replica, step.region);
    const table = await describeTableNow(step);
    const request = addReplicaRequest(replica, table, step.region);
    const wait = params.waitUntilActive
      ? { until: "active" as const, log: (line: string) => invocation.logger.info(line) }
      : undefined;
    const after = await changeReplica(step, request, params.replicaRegion, wait);
    return { data: replicaChangeData(after, params.replicaRegion) };
  },
  outputSchema: addReplicaOutputSchema,
  examplePayload: addReplicaExample,
});

/**
 * The global tables inputs' rules (Add, Remove and Describe Replicas): the Replica Region, and the
 * new replica's KMS key, table class and read capacity. The region's code is checked against the
 * table's own region by src/engines/replicas.ts, which knows both.
 */
import { input } from "@prismatic-io/spectral";
import { DOCS } from "./definitions";
import { kmsKeyCleaner } from "./kms";
import { cleanRequiredString } from "./scalars";

export const REPLICA_REGION_LABEL = "Replica Region";
export const REPLICA_KMS_LABEL = "Replica KMS Key";
export const REPLICA_CLASS_LABEL = "Replica Table Class";
export const REPLICA_READ_LABEL = "Replica Read Capacity Units";

/** Where the developer guide explains global tables (version 2019.11.21). */
export const GLOBAL_TABLES_DOCS = `${DOCS}/GlobalTables.html`;

/**
 * Replica KMS Key (optional): a key ID, key ARN, alias name or alias ARN (kmsKeyCleaner). An alias
 * of an AWS managed key (alias/aws/...) is refused: the replica gets DynamoDB's own key when this
 * is blank.
 */
export const cleanReplicaKmsKey = kmsKeyCleaner(
  REPLICA_KMS_LABEL,
  `leave ${REPLICA_KMS_LABEL} blank to use DynamoDB's own key, or give a customer managed key.`,
);

/** The Replica Region input: the region code of the replica to add or remove. */
export function replicaRegionInput(comments: string) {
  return input({
    label: REPLICA_REGION_LABEL,
    type: "string",
    required: true,
    dataSource: "selectRegion",
    example: "eu-west-1",
    comments,
    clean: cleanRequiredString(REPLICA_REGION_LABEL, "eu-west-1"),
  });
}

/**
 * The global tables inputs' rules (Add, Remove and Describe Replicas): the Replica Region, and the
 * new replica's KMS key, table class and read capacity. The region's code is checked against the
 * table's own region by src/engines/replicas.ts, which knows both.
 */
import { input } from "@prismatic-io/spectral";
import { fail, show } from "../errors/inputError";
import { DOCS } from "./definitions";
import { cleanRequiredString, cleanText } from "./scalars";

export const REPLICA_REGION_LABEL = "Replica Region";
export const REPLICA_KMS_LABEL = "Replica KMS Key";
export const REPLICA_CLASS_LABEL = "Replica Table Class";
export const REPLICA_READ_LABEL = "Replica Read Capacity Units";

/** Where the developer guide explains global tables (version 2019.11.21). */
export const GLOBAL_TABLES_DOCS = `${DOCS}/GlobalTables.html`;

/**
 * The forms KMS takes a key in (API_UpdateReplicationGroupMemberAction: "its key ID, Amazon
 * Resource Name (ARN), alias name, or alias ARN"): a key ID (a UUID, or mrk-<32 hex> for a
 * multi-Region key), arn:<partition>:kms:<region>:<account>:key/<key ID>, alias/<name>, and
 * arn:<partition>:kms:<region>:<account>:alias/<name>. An alias name is 1 to 256 characters of
 * a-z A-Z 0-9 / _ - after alias/ (KMS CreateAlias). Linear: each part is one character class.
 */
const KEY_ID =
  "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})";
const ALIAS = "alias/[a-zA-Z0-9/_-]{1,256}";
const KMS_KEY = new RegExp(
  `^(?:${KEY_ID}|${ALIAS}|arn:aws[a-z-]*:kms:([a-z0-9-]+):\\d{12}:(?:key/${KEY_ID}|${ALIAS}))$`,
);
/** KMS's length limit of a KeyId in any of its forms. */
const MAX_KMS_KEY_CHARS = 2048;
/** The prefix KMS keeps for AWS managed keys' aliases. */
const AWS_MANAGED_ALIAS = /^(?:arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\//;

/** A KMS key as Replica KMS Key gives it: the text, and the region its ARN names (if an ARN). */
export interface ReplicaKmsKey {
  id: string;
  region?: string;
}

/**
 * Replica KMS Key (optional): a key ID, key ARN, alias name or alias ARN. An alias of an AWS
 * managed key (alias/aws/...) is refused: the replica gets DynamoDB's own key when this is blank.
 */
export function cleanReplicaKmsKey(value: unknown): ReplicaKmsKey | undefined {
  const key = cleanText(REPLICA_KMS_LABEL, "alias/orders-eu")(value);
  if (key === undefined) return undefined;
  const match = key.length <= MAX_KMS_KEY_CHARS ? KMS_KEY.exec(key) : null;
  if (!match) {
    fail(
      REPLICA_KMS_LABEL,
      "invalidValue",
      `${REPLICA_KMS_LABEL} ${show(key)} is not a KMS key: give its key ID (such as 1234abcd-12ab-34cd-56ef-1234567890ab), key ARN (arn:aws:kms:eu-west-1:123456789012:key/1234abcd-...), alias name (alias/orders-eu) or alias ARN.`,
    );
  }
  if (AWS_MANAGED_ALIAS.test(key)) {
    fail(
      REPLICA_KMS_LABEL,
      "invalidValue",
      `${REPLICA_KMS_LABEL} ${show(key)} is an alias of an AWS managed key; leave ${REPLICA_KMS_LABEL} blank to use DynamoDB's own key, or give a customer managed key.`,
    );
  }
  return { id: key, ...(match[1] ? { region: match[1] } : {}) };
}

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

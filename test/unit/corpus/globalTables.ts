/** Bad inputs of the global tables actions: Add Replica and Remove Replica. */
import { type BadInputCase, casesFor, HINT } from "./model";

const REGION_CODE = /is not a region code\. Use a code such as eu-west-1/;
const KMS_FORMS = /give its key ID .*key ARN .*alias name \(alias\/orders-eu\) or alias ARN/;

const add = casesFor("addReplica");
const addCases: BadInputCase[] = [
  add("a blank Replica Region", { replicaRegion: "" }, "Replica Region", HINT.required),
  add(
    "a region name for Replica Region",
    { replicaRegion: "Ireland" },
    "Replica Region",
    REGION_CODE,
  ),
  add(
    "an availability zone in Replica Region",
    { replicaRegion: "eu-west-1a" },
    "Replica Region",
    REGION_CODE,
  ),
  add(
    "the step's own region as Replica Region",
    { replicaRegion: "us-east-1" },
    "Replica Region",
    /the region this step works in, where the table is already/,
  ),
  add(
    "a region that already has a replica",
    { replicaRegion: "eu-west-1" },
    "Replica Region",
    /table "Customers" already has a replica there \(status ACTIVE\)/,
    { stage: "afterSchema" },
  ),
  add("a key name for Replica KMS Key", { replicaKmsKey: "orders" }, "Replica KMS Key", KMS_FORMS),
  add(
    "an AWS managed key's alias",
    { replicaKmsKey: "alias/aws/dynamodb" },
    "Replica KMS Key",
    /leave Replica KMS Key blank to use DynamoDB's own key/,
  ),
  add(
    "a key ARN of another region",
    {
      replicaKmsKey: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    },
    "Replica KMS Key",
    /a key of region us-east-1, but the replica is in eu-west-2/,
  ),
  add(
    "a Replica Table Class of GLACIER",
    { replicaTableClass: "GLACIER" },
    "Replica Table Class",
    HINT.oneOf,
  ),
  add(
    "zero Replica Read Capacity Units",
    { replicaReadCapacityUnits: "0" },
    "Replica Read Capacity Units",
    HINT.wholeNumber,
  ),
  add(
    "Replica Read Capacity Units for an on-demand table",
    { replicaReadCapacityUnits: "5" },
    "Replica Read Capacity Units",
    /must be blank: table "Customers" is on-demand/,
    { stage: "afterSchema" },
  ),
  add(
    "a Wait Until Active that is not a boolean",
    { waitUntilActive: "soon" },
    "Wait Until Active",
    HINT.boolean,
  ),
];

const remove = casesFor("removeReplica");
const removeCases: BadInputCase[] = [
  remove("a blank Replica Region", { replicaRegion: " " }, "Replica Region", HINT.required),
  remove(
    "an upper-case Replica Region",
    { replicaRegion: "EU-WEST-1" },
    "Replica Region",
    REGION_CODE,
  ),
  remove(
    "the step's own region as Replica Region",
    { replicaRegion: "us-east-1" },
    "Replica Region",
    /the table there is not a replica of itself/,
  ),
  remove(
    "a region that is not a replica",
    { replicaRegion: "ap-south-1" },
    "Replica Region",
    /is not a replica of table "Customers" in us-east-1, so nothing was removed \(its replicas: eu-west-1 \(ACTIVE\)\)/,
    { stage: "afterSchema" },
  ),
  remove(
    "a Wait Until Deleted that is not a boolean",
    { waitUntilDeleted: "later" },
    "Wait Until Deleted",
    HINT.boolean,
  ),
];

export const globalTableCases: BadInputCase[] = [...addCases, ...removeCases];

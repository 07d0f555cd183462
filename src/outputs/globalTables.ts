/**
 * The outputs of the global tables actions (Add Replica, Remove Replica, Describe Replicas):
 * their schemas, examples and the formatting of the table's description into a step's data.
 */
import type { TableDescription } from "@aws-sdk/client-dynamodb";
import { findReplica } from "../engines/replicas";
import { actionOutputSchema } from "./index";
import { sdkOutputToJson } from "./json";
import { EXAMPLE_TABLE, type PlainTable, tableOutputSchema } from "./tables";

/** A ReplicaDescription as plain JSON. */
type PlainReplica = Record<string, unknown>;

/** The schema of one replica, as DescribeTable lists it (API_ReplicaDescription). */
const replicaSchema = {
  type: "object",
  additionalProperties: true,
  properties: {
    RegionName: { type: "string" },
    ReplicaStatus: {
      type: "string",
      description:
        "CREATING, CREATION_FAILED, UPDATING, DELETING, ACTIVE, REGION_DISABLED, INACCESSIBLE_ENCRYPTION_CREDENTIALS, ARCHIVING, ARCHIVED or REPLICATION_NOT_AUTHORIZED.",
    },
    ReplicaStatusDescription: { type: "string" },
    ReplicaStatusPercentProgress: { type: "string" },
    KMSMasterKeyId: { type: "string" },
    ProvisionedThroughputOverride: { type: "object" },
    ReplicaTableClassSummary: { type: "object" },
    ReplicaInaccessibleDateTime: { type: "string", description: "ISO 8601 date and time." },
  },
};

/** The data of Add and Remove Replica: the table's description and the replica's, as plain JSON. */
export function replicaChangeData(
  table: TableDescription | undefined,
  region: string,
): { table: PlainTable | null; replica: PlainReplica | null } {
  return { table: sdkOutputToJson(table), replica: sdkOutputToJson(findReplica(table, region)) };
}

/** The data of Describe Replicas: the table's global table settings and its replicas. */
export function describeReplicasData(
  table: TableDescription,
  region: string,
): {
  tableName: string | null;
  region: string;
  tableStatus: string | null;
  globalTableVersion: string | null;
  multiRegionConsistency: string | null;
  replicas: PlainReplica[];
} {
  return {
    tableName: table.TableName ?? null,
    region,
    tableStatus: table.TableStatus ?? null,
    globalTableVersion: table.GlobalTableVersion ?? null,
    multiRegionConsistency: table.MultiRegionConsistency ?? null,
    replicas: (table.Replicas ?? []).map((replica) => sdkOutputToJson(replica) as PlainReplica),
  };
}

/** Output schema of Add and Remove Replica: the table, and the replica (null once removed). */
function replicaChangeOutput(replicaDescription: string) {
  const { schema } = tableOutputSchema("The table's description after the change.");
  const properties = (schema as { properties: { data: { properties: Record<string, unknown> } } })
    .properties.data.properties;
  return actionOutputSchema(
    {
      table: properties.table as Record<string, unknown>,
      replica: { ...replicaSchema, type: ["object", "null"], description: replicaDescription },
    },
    ["table", "replica"],
  );
}

/** The eu-west-1 replica of the examples, as DynamoDB lists it; `status` as the action leaves it. */
function exampleReplica(status: "CREATING" | "DELETING" | "ACTIVE") {
  return {
    RegionName: "eu-west-1",
    ReplicaStatus: status,
    ...(status === "CREATING" ? { ReplicaStatusPercentProgress: "0" } : {}),
  };
}

/** The example payload of Add and Remove Replica: the example table while it changes. */
function exampleReplicaChange(replica: PlainReplica) {
  return {
    data: {
      table: {
        ...EXAMPLE_TABLE,
        TableStatus: "UPDATING",
        GlobalTableVersion: "2019.11.21",
        Replicas: [replica],
      },
      replica,
    },
  };
}

export const addReplicaOutputSchema = replicaChangeOutput(
  "The new replica as DynamoDB lists it: ReplicaStatus CREATING, ACTIVE with Wait Until Active; null if DynamoDB did not list it yet.",
);
export const addReplicaExample = exampleReplicaChange(exampleReplica("CREATING"));

export const removeReplicaOutputSchema = replicaChangeOutput(
  "The replica as DynamoDB lists it while removing it (ReplicaStatus DELETING), or null once it is gone (with Wait Until Deleted).",
);
export const removeReplicaExample = exampleReplicaChange(exampleReplica("DELETING"));

export const describeReplicasOutputSchema = actionOutputSchema(
  {
    tableName: { type: ["string", "null"] },
    region: { type: "string", description: "The region the table was described in." },
    tableStatus: { type: ["string", "null"] },
    globalTableVersion: {
      type: ["string", "null"],
      description:
        "2019.11.21 (current) or 2017.11.29 (legacy) for a global table; null otherwise.",
    },
    multiRegionConsistency: {
      type: ["string", "null"],
      description:
        "EVENTUAL or STRONG for a global table (DynamoDB's default is EVENTUAL); null when DynamoDB does not say.",
    },
    replicas: {
      type: "array",
      description:
        "The table's replicas in other regions, with their status; empty for a table that is not global.",
      items: replicaSchema,
    },
  },
  [
    "tableName",
    "region",
    "tableStatus",
    "globalTableVersion",
    "multiRegionConsistency",
    "replicas",
  ],
);

export const describeReplicasExample = {
  data: {
    tableName: "Customers",
    region: "us-east-1",
    tableStatus: "ACTIVE",
    globalTableVersion: "2019.11.21",
    multiRegionConsistency: "EVENTUAL",
    replicas: [
      exampleReplica("ACTIVE"),
      {
        RegionName: "ap-southeast-2",
        ReplicaStatus: "ACTIVE",
        ReplicaTableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" },
      },
    ],
  },
};

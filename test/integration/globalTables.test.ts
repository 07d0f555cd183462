/**
 * Add Replica, Remove Replica and Describe Replicas over HTTP, against a real table in DynamoDB
 * Local behind the loopback fault proxy, whose global tables fake (tools/globalTablesFake.ts)
 * answers UpdateTable's ReplicaUpdates and DescribeTable's Replicas as the DynamoDB API Reference
 * documents them (DynamoDB Local has none). Checks the request each input sends, the waits (a
 * replica CREATING then ACTIVE, DELETING then gone, CREATION_FAILED, one that stays CREATING past
 * the bound), and DynamoDB's refusals: ValidationException, ResourceInUseException while the
 * table is updating, LimitExceededException, throttling.
 */
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { connect } from "../../src/aws/invocation";
import { changeReplica } from "../../src/engines/replicas";
import { hintText } from "../../src/errors/catalogue";
import { InputError } from "../../src/errors/inputError";
import { StepError } from "../../src/errors/stepError";
import { waitForTableActive } from "../../tools/dynamoLocal";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { type GlobalTablesFake, globalTablesFake } from "../../tools/globalTablesFake";
import { harness, quietLogger } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

let proxy: FaultProxy;
let fake: GlobalTablesFake;
const tables: string[] = [];

/** A new on-demand table in DynamoDB Local, deleted after the file. */
async function newTable(): Promise<string> {
  const name = uniqueTableName("replicas");
  tables.push(name);
  await createTestTable(name, { hashKey: { name: "pk", type: "S" } });
  return name;
}

function run(key: string, table: string, params: Record<string, unknown>, logger = quietLogger()) {
  return harness.action(
    key,
    {
      awsConnection: localConnection({ endpoint: proxy.endpoint }),
      awsRegion: LOCAL_REGION,
      tableName: table,
      ...params,
    },
    { logger } as never,
  ) as Promise<{ data: Record<string, unknown> }>;
}

/** The ReplicaUpdates of every UpdateTable the fake saw for `table`. */
const replicaUpdates = (table: string) =>
  fake.requests
    .filter((request) => request.operation === "UpdateTable" && request.body.TableName === table)
    .map((request) => request.body.ReplicaUpdates);

beforeAll(async () => {
  fake = globalTablesFake({ upstream: localEndpoint() });
  proxy = await startFaultProxy({ upstream: localEndpoint(), answer: fake.answer });
});

afterAll(async () => {
  await proxy?.close();
  for (const table of tables) await deleteTestTable(table);
});

describe("DynamoDB Local on its own", () => {
  it("has no global tables: it answers ReplicaUpdates with a ValidationException, which Add Replica shows with its hint, and lists no replicas", async () => {
    const table = await newTable();
    const error = await failure(
      harness.action("addReplica", {
        awsConnection: localConnection(),
        awsRegion: LOCAL_REGION,
        tableName: table,
        replicaRegion: "eu-west-1",
      }),
    );
    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("Nothing to update");
    expect(error.message).toContain(hintText("replicaRefused"));
    const described = (await harness.action("describeReplicas", {
      awsConnection: localConnection(),
      awsRegion: LOCAL_REGION,
      tableName: table,
    })) as { data: Record<string, unknown> };
    expect(described.data).toMatchObject({ globalTableVersion: null, replicas: [] });
  });
});

describe("addReplica", () => {
  it("sends each input in the Create, waits through CREATING to ACTIVE and logs the progress", async () => {
    const table = await newTable();
    const logger = quietLogger();
    const result = await run(
      "addReplica",
      table,
      {
        replicaRegion: "eu-west-1",
        replicaKmsKey: "arn:aws:kms:eu-west-1:123456789012:alias/orders-eu",
        replicaTableClass: "STANDARD_INFREQUENT_ACCESS",
        waitUntilActive: true,
      },
      logger,
    );
    expect(replicaUpdates(table)).toEqual([
      [
        {
          Create: {
            RegionName: "eu-west-1",
            KMSMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/orders-eu",
            TableClassOverride: "STANDARD_INFREQUENT_ACCESS",
          },
        },
      ],
    ]);
    expect(result.data.replica).toEqual({
      RegionName: "eu-west-1",
      ReplicaStatus: "ACTIVE",
      KMSMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/orders-eu",
      ReplicaTableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" },
    });
    expect(result.data.table).toMatchObject({ TableName: table, TableStatus: "ACTIVE" });
    expect(logger.info.mock.calls.map(([line]) => line)).toEqual([
      `Replica eu-west-1 of table "${table}": CREATING (50% done; table UPDATING).`,
      `Replica eu-west-1 of table "${table}": ACTIVE (table ACTIVE).`,
    ]);

    const described = await run("describeReplicas", table, {});
    expect(described.data).toEqual({
      tableName: table,
      region: LOCAL_REGION,
      tableStatus: "ACTIVE",
      globalTableVersion: "2019.11.21",
      multiRegionConsistency: null,
      replicas: [result.data.replica],
    });
  });

  it("without waiting, returns the replica CREATING; a second change while the table updates gets DynamoDB's ResourceInUseException", async () => {
    const table = await newTable();
    const first = await run("addReplica", table, { replicaRegion: "eu-west-1" });
    expect(first.data.replica).toEqual({
      RegionName: "eu-west-1",
      ReplicaStatus: "CREATING",
      ReplicaStatusPercentProgress: "0",
    });
    expect(first.data.table).toMatchObject({ TableStatus: "UPDATING" });
    const error = await failure(run("addReplica", table, { replicaRegion: "ap-south-1" }));
    expect(error.name).toBe("ResourceInUseException");
    expect(error.message).toBe(
      `UpdateTable failed on table "${table}" in region ${LOCAL_REGION}: ResourceInUseException: Attempt to change a resource which is still in use: Table is being updated: ${table}. ${hintText("resourceInUse")}`,
    );
  });

  it("stops at CREATION_FAILED, quoting DynamoDB's description", async () => {
    const table = await newTable();
    fake.plan("eu-central-1", [
      { status: "CREATING", progress: "0" },
      {
        status: "CREATION_FAILED",
        description: "The KMS key of the replica is not accessible.",
      },
    ]);
    const error = await failure(
      run("addReplica", table, { replicaRegion: "eu-central-1", waitUntilActive: true }),
    );
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).code).toBe("replicaFailed");
    expect(error.message).toBe(
      `The replica of table "${table}" in eu-central-1 is CREATION_FAILED: The KMS key of the replica is not accessible.. Waiting does not change this; Describe Replicas shows it, and Remove Replica removes it.`,
    );
  });

  it("ends a wait for a replica that stays CREATING at its bound, saying where it stands", async () => {
    const table = await newTable();
    fake.plan("sa-east-1", [{ status: "CREATING", progress: "10" }]);
    const step = connect(undefined, {
      awsConnection: localConnection({ endpoint: proxy.endpoint }),
      awsRegion: LOCAL_REGION,
      tableName: table,
    });
    const request = { TableName: table, ReplicaUpdates: [{ Create: { RegionName: "sa-east-1" } }] };
    const started = Date.now();
    const error = await failure(
      changeReplica(step, request, "sa-east-1", { until: "active", maxWaitSeconds: 2 }),
    );
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((error as StepError).code).toBe("waitTimedOut");
    expect(error.message).toMatch(
      new RegExp(
        `^UpdateTable \\(waiting until the replica is ACTIVE\\): the replica in sa-east-1 of table "${table}" in region ${LOCAL_REGION} is still CREATING \\(10% done; table UPDATING\\) after 2 s\\. It goes on in the background`,
      ),
    );
  });

  it("passes on a ValidationException for a provisioned table with the hint, having sent the read capacity override", async () => {
    const table = uniqueTableName("replicas_provisioned");
    tables.push(table);
    const raw = rawClient();
    try {
      await raw.send(
        new CreateTableCommand({
          TableName: table,
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          BillingMode: "PROVISIONED",
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
      );
      await waitForTableActive(raw, table);
    } finally {
      raw.destroy();
    }
    const error = await failure(
      run("addReplica", table, { replicaRegion: "eu-west-3", replicaReadCapacityUnits: "7" }),
    );
    expect(replicaUpdates(table)).toEqual([
      [
        {
          Create: {
            RegionName: "eu-west-3",
            ProvisionedThroughputOverride: { ReadCapacityUnits: 7 },
          },
        },
      ],
    ]);
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe(
      `UpdateTable failed on table "${table}" in region ${LOCAL_REGION}: ValidationException: Table write capacity should either be Pay-Per-Request or AutoScaled. ${hintText("replicaRefused")}`,
    );
  });

  it("retries throttling and LimitExceededException as the SDK does, and names the latter with its hint once every attempt failed", async () => {
    const table = await newTable();
    const before = proxy.count("UpdateTable");
    proxy.inject(
      "UpdateTable",
      { kind: "throttle", error: "ThrottlingException" },
      { kind: "throttle", error: "ThrottlingException" },
    );
    const result = await run("addReplica", table, { replicaRegion: "eu-north-1" });
    expect(result.data.replica).toMatchObject({ ReplicaStatus: "CREATING" });
    expect(proxy.count("UpdateTable") - before).toBe(3);

    // The SDK counts LimitExceededException as throttling too: it fails once every attempt did.
    const other = await newTable();
    const limit = {
      kind: "error" as const,
      status: 400,
      type: "com.amazonaws.dynamodb.v20120810#LimitExceededException",
      message: "Subscriber limit exceeded: too many concurrent table operations",
    };
    const attemptsBefore = proxy.count("UpdateTable");
    proxy.inject("UpdateTable", limit, limit, limit, limit);
    const error = await failure(run("addReplica", other, { replicaRegion: "eu-north-1" }));
    expect(error.name).toBe("LimitExceededException");
    expect(error.message).toContain(hintText("limitExceeded"));
    expect(proxy.count("UpdateTable") - attemptsBefore).toBe(4);
    expect(replicaUpdates(other)).toEqual([]);
  });
});

describe("removeReplica", () => {
  it("sends the Delete and waits through DELETING until the replica is gone", async () => {
    const table = await newTable();
    fake.addActiveReplica(table, "us-west-2");
    const logger = quietLogger();
    const result = await run(
      "removeReplica",
      table,
      { replicaRegion: "us-west-2", waitUntilDeleted: true },
      logger,
    );
    expect(replicaUpdates(table)).toEqual([[{ Delete: { RegionName: "us-west-2" } }]]);
    expect(result.data.replica).toBeNull();
    expect(result.data.table).toMatchObject({ TableStatus: "ACTIVE", Replicas: [] });
    expect(logger.info.mock.calls.map(([line]) => line)).toEqual([
      `Replica us-west-2 of table "${table}": DELETING (table UPDATING).`,
      `Replica us-west-2 of table "${table}": not listed (table ACTIVE).`,
    ]);
  });

  it("refuses a region that is not a replica after describing the table, sending no UpdateTable", async () => {
    const table = await newTable();
    fake.addActiveReplica(table, "us-west-2");
    const error = await failure(run("removeReplica", table, { replicaRegion: "us-west-1" }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `Replica Region us-west-1 is not a replica of table "${table}" in ${LOCAL_REGION}, so nothing was removed (its replicas: us-west-2 (ACTIVE)).`,
    );
    expect(replicaUpdates(table)).toEqual([]);
  });
});

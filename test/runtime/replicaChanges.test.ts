/**
 * Add Replica, Remove Replica and Describe Replicas with the SDK mocked: the exact UpdateTable
 * input of every input, the checks made before anything is sent (the region's code, the table's
 * own region, a region that is or is not a replica, the KMS key's form and region, capacity of an
 * on-demand table), waiting for the replica with its progress in the step's log, a replica that
 * fails, and DynamoDB's refusals with their hints. test/integration/globalTables.test.ts runs the
 * same actions against the loopback fake of tools/globalTablesFake.ts.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  type ReplicaDescription,
  type TableDescription,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { connect } from "../../src/aws/invocation";
import { addReplicaRequest, changeReplica, removeReplicaRequest } from "../../src/engines/replicas";
import { hintText } from "../../src/errors/catalogue";
import { InputError } from "../../src/errors/inputError";
import { StepError } from "../../src/errors/stepError";
import { cleanReplicaKmsKey } from "../../src/inputs";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const run = (key: string, params: Record<string, unknown>, logger = quietLogger()) =>
  harness.action(
    key,
    {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
      ...params,
    },
    { logger } as never,
  );

function sentInput(command: unknown, index = 0) {
  return (ddbMock.commandCalls(command as never)[index].args[0] as { input: unknown }).input;
}

const replica = (region: string, status: string, extra: Partial<ReplicaDescription> = {}) =>
  ({ RegionName: region, ReplicaStatus: status, ...extra }) as ReplicaDescription;

const ON_DEMAND = { BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" as const } };
const globalTable = (replicas: ReplicaDescription[], extra: Partial<TableDescription> = {}) =>
  customersTable({ GlobalTableVersion: "2019.11.21", Replicas: replicas, ...extra });

/** A raw newline or escape character, which a message must never echo. */
const hasControlCharacters = (text: string) => text.includes("\n") || text.includes("\u001b");

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => new Error("expected a failure"),
    (error: Error) => error,
  );
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
  ddbMock.on(UpdateTableCommand).resolves({
    TableDescription: globalTable([replica("eu-west-1", "CREATING")], { TableStatus: "UPDATING" }),
  });
});

afterAll(() => ddbMock.restore());

describe("the Add Replica request", () => {
  const params = { tableName: "Customers", replicaRegion: "eu-west-1" };

  it("names only the region when nothing else is given: the replica takes the table's settings", () => {
    expect(addReplicaRequest(params, customersTable(), "us-east-1")).toEqual({
      TableName: "Customers",
      ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }],
    });
  });

  it("sends the KMS key, table class and read capacity as the Create's overrides", () => {
    const request = addReplicaRequest(
      {
        ...params,
        kmsKey: { id: "arn:aws:kms:eu-west-1:123456789012:alias/orders-eu", region: "eu-west-1" },
        tableClass: "STANDARD_INFREQUENT_ACCESS",
        readCapacityUnits: 12,
      },
      customersTable(),
      "us-east-1",
    );
    expect(request.ReplicaUpdates).toEqual([
      {
        Create: {
          RegionName: "eu-west-1",
          KMSMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/orders-eu",
          TableClassOverride: "STANDARD_INFREQUENT_ACCESS",
          ProvisionedThroughputOverride: { ReadCapacityUnits: 12 },
        },
      },
    ]);
  });

  it.each([
    [
      "the table's own region",
      { replicaRegion: "us-east-1" },
      customersTable(),
      /Replica Region is us-east-1, the region this step works in, where the table is already/,
    ],
    [
      "a region that already has a replica",
      {},
      globalTable([replica("eu-west-1", "ACTIVE")]),
      /Replica Region eu-west-1: table "Customers" already has a replica there \(status ACTIVE\)/,
    ],
    [
      "a key ARN of another region",
      { kmsKey: { id: "arn:aws:kms:us-east-1:123456789012:key/x", region: "us-east-1" } },
      customersTable(),
      /Replica KMS Key is a key of region us-east-1, but the replica is in eu-west-1/,
    ],
    [
      "read capacity for an on-demand table",
      { readCapacityUnits: 5 },
      customersTable(ON_DEMAND),
      /Replica Read Capacity Units must be blank: table "Customers" is on-demand/,
    ],
    [
      "a legacy global table",
      {},
      customersTable({ GlobalTableVersion: "2017.11.29" }),
      /version 2017.11.29 \(Legacy\)/,
    ],
  ])("refuses %s, naming the input", (_, extra, table, message) => {
    const build = () => addReplicaRequest({ ...params, ...extra }, table, "us-east-1");
    expect(build).toThrow(InputError);
    expect(build).toThrow(message);
  });

  it.each(["eu-west", "EU-WEST-1", "eu west 1", "eu-west-1\n\u001b[31m"])(
    "refuses %j as a Replica Region, echoing it without control characters",
    (region) => {
      const error = (() => {
        try {
          addReplicaRequest({ ...params, replicaRegion: region }, customersTable(), "us-east-1");
        } catch (caught) {
          return caught as InputError;
        }
        throw new Error("expected an InputError");
      })();
      expect(error.label).toBe("Replica Region");
      expect(error.message).toMatch(/is not a region code/);
      expect(hasControlCharacters(error.message)).toBe(false);
    },
  );
});

describe("the Remove Replica request", () => {
  it("deletes the replica of the region", () => {
    const table = globalTable([replica("eu-west-1", "ACTIVE")]);
    expect(
      removeReplicaRequest(
        { tableName: "Customers", replicaRegion: "eu-west-1" },
        table,
        "us-east-1",
      ),
    ).toEqual({
      TableName: "Customers",
      ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }],
    });
  });

  it("refuses a region that is not a replica, listing the table's replicas", () => {
    const table = globalTable([replica("eu-west-1", "ACTIVE"), replica("ap-south-1", "UPDATING")]);
    expect(() =>
      removeReplicaRequest(
        { tableName: "Customers", replicaRegion: "eu-west-2" },
        table,
        "us-east-1",
      ),
    ).toThrow(
      'Replica Region eu-west-2 is not a replica of table "Customers" in us-east-1, so nothing was removed (its replicas: eu-west-1 (ACTIVE), ap-south-1 (UPDATING)).',
    );
    expect(() =>
      removeReplicaRequest(
        { tableName: "Customers", replicaRegion: "eu-west-2" },
        customersTable(),
        "us-east-1",
      ),
    ).toThrow("(its replicas: none).");
  });

  it("refuses the table's own region: it is not a replica of itself", () => {
    expect(() =>
      removeReplicaRequest(
        { tableName: "Customers", replicaRegion: "us-east-1" },
        globalTable([replica("us-east-1", "ACTIVE")]),
        "us-east-1",
      ),
    ).toThrow(/the table there is not a replica of itself/);
  });
});

describe("Replica KMS Key", () => {
  it.each([
    ["1234abcd-12ab-34cd-56ef-1234567890ab", undefined],
    ["mrk-1234abcd12ab34cd56ef1234567890ab", undefined],
    ["alias/orders-eu", undefined],
    ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "eu-west-1"],
    ["arn:aws-cn:kms:cn-north-1:123456789012:alias/orders", "cn-north-1"],
  ])("takes %s (region %s)", (key, region) => {
    expect(cleanReplicaKmsKey(`  ${key} `)).toEqual({ id: key, ...(region ? { region } : {}) });
  });

  it("is optional", () => {
    expect(cleanReplicaKmsKey("")).toBeUndefined();
    expect(cleanReplicaKmsKey(undefined)).toBeUndefined();
  });

  it.each([
    ["orders-eu", /is not a KMS key/],
    ["arn:aws:kms:eu-west-1:123456789012:key/", /is not a KMS key/],
    ["arn:aws:s3:::bucket", /is not a KMS key/],
    ["alias/aws/dynamodb", /is an alias of an AWS managed key/],
    ["alias/x\n\u001b[2J", /is not a KMS key/],
    [`alias/${"k".repeat(2100)}`, /is not a KMS key/],
    [{ id: "x" }, /must be text/],
  ])("refuses %j before anything is sent", (key, message) => {
    const clean = () => cleanReplicaKmsKey(key);
    expect(clean).toThrow(message);
    try {
      clean();
    } catch (error) {
      expect((error as InputError).label).toBe("Replica KMS Key");
      expect(hasControlCharacters((error as Error).message)).toBe(false);
    }
  });
});

describe("addReplica", () => {
  it("describes the table, sends the Create and returns the replica CREATING (the example)", async () => {
    const result = await run("addReplica", {
      replicaRegion: "eu-west-1",
      replicaKmsKey: "alias/orders-eu",
      replicaTableClass: "STANDARD",
    });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(sentInput(UpdateTableCommand)).toEqual({
      TableName: "Customers",
      ReplicaUpdates: [
        {
          Create: {
            RegionName: "eu-west-1",
            KMSMasterKeyId: "alias/orders-eu",
            TableClassOverride: "STANDARD",
          },
        },
      ],
    });
    expect(result?.data).toMatchObject({
      replica: { RegionName: "eu-west-1", ReplicaStatus: "CREATING" },
      table: { TableStatus: "UPDATING" },
    });
  });

  it.each([
    [{ replicaRegion: "us-east-1" }, "Replica Region"],
    [{ replicaRegion: "eu-westt" }, "Replica Region"],
    [{ replicaRegion: "" }, "Replica Region"],
    [{ replicaRegion: "eu-west-1", replicaKmsKey: "not a key" }, "Replica KMS Key"],
    [{ replicaRegion: "eu-west-1", replicaReadCapacityUnits: "0" }, "Replica Read Capacity Units"],
    [{ replicaRegion: "eu-west-1", replicaTableClass: "GLACIER" }, "Replica Table Class"],
  ])("refuses %j before sending anything", async (params, label) => {
    const error = await failure(run("addReplica", params));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).label).toBe(label);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("with Wait Until Active, waits for the replica and the table to be ACTIVE, logging each new status", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: customersTable() })
      .resolvesOnce({
        Table: globalTable(
          [replica("eu-west-1", "CREATING", { ReplicaStatusPercentProgress: "40" })],
          {
            TableStatus: "UPDATING",
          },
        ),
      })
      .resolvesOnce({
        Table: globalTable([replica("eu-west-1", "ACTIVE")], { TableStatus: "UPDATING" }),
      })
      .resolves({ Table: globalTable([replica("eu-west-1", "ACTIVE")]) });
    const logger = quietLogger();
    const result = await run(
      "addReplica",
      { replicaRegion: "eu-west-1", waitUntilActive: true },
      logger,
    );
    expect(result?.data).toMatchObject({
      replica: { ReplicaStatus: "ACTIVE" },
      table: { TableStatus: "ACTIVE" },
    });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(4);
    expect(logger.info.mock.calls.map(([line]) => line)).toEqual([
      'Replica eu-west-1 of table "Customers": CREATING (40% done; table UPDATING).',
      'Replica eu-west-1 of table "Customers": ACTIVE (table UPDATING).',
      'Replica eu-west-1 of table "Customers": ACTIVE (table ACTIVE).',
    ]);
  });

  it("stops waiting at CREATION_FAILED with DynamoDB's description, as a StepError replicaFailed", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: customersTable() })
      .resolves({
        Table: globalTable(
          [
            replica("eu-west-1", "CREATION_FAILED", {
              ReplicaStatusDescription: "Replica creation failed: table has items\nretry",
            }),
          ],
          { TableStatus: "ACTIVE" },
        ),
      });
    const error = await failure(
      run("addReplica", { replicaRegion: "eu-west-1", waitUntilActive: true }),
    );
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).code).toBe("replicaFailed");
    expect(error.message).toBe(
      'The replica of table "Customers" in eu-west-1 is CREATION_FAILED: Replica creation failed: table has items\\nretry. Waiting does not change this; Describe Replicas shows it, and Remove Replica removes it.',
    );
  });

  it("quotes at most 500 characters of a long description", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: customersTable() })
      .resolves({
        Table: globalTable([
          replica("eu-west-1", "CREATION_FAILED", { ReplicaStatusDescription: "x".repeat(10_000) }),
        ]),
      });
    const error = await failure(
      run("addReplica", { replicaRegion: "eu-west-1", waitUntilActive: true }),
    );
    expect(error.message).toContain(`CREATION_FAILED: ${"x".repeat(497)}...`);
    expect(error.message.length).toBeLessThan(700);
  });

  it.each(["REGION_DISABLED", "INACCESSIBLE_ENCRYPTION_CREDENTIALS", "REPLICATION_NOT_AUTHORIZED"])(
    "stops waiting at %s, which waiting cannot change",
    async (status) => {
      ddbMock
        .on(DescribeTableCommand)
        .resolvesOnce({ Table: customersTable() })
        .resolves({ Table: globalTable([replica("eu-west-1", status)]) });
      const error = await failure(
        run("addReplica", { replicaRegion: "eu-west-1", waitUntilActive: true }),
      );
      expect(error.message).toContain(`in eu-west-1 is ${status}. Waiting does not change this`);
    },
  );

  it("says so when a replica it saw being created is no longer listed", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: customersTable() })
      .resolves({ Table: globalTable([]) });
    const error = await failure(
      run("addReplica", { replicaRegion: "eu-west-1", waitUntilActive: true }),
    );
    expect((error as StepError).code).toBe("replicaFailed");
    expect(error.message).toContain("was being created and is no longer listed");
  });

  it("adds the catalogue's hint to a ValidationException, after DynamoDB's own message", async () => {
    ddbMock.on(UpdateTableCommand).rejects(
      Object.assign(
        new Error("Table write capacity should either be Pay-Per-Request or AutoScaled."),
        {
          name: "ValidationException",
          $metadata: { httpStatusCode: 400 },
        },
      ),
    );
    const error = await failure(run("addReplica", { replicaRegion: "eu-west-1" }));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe(
      `UpdateTable failed on table "Customers" in region us-east-1: ValidationException: Table write capacity should either be Pay-Per-Request or AutoScaled. ${hintText("replicaRefused")}`,
    );
  });

  it.each([
    ["LimitExceededException", "limitExceeded"],
    ["ResourceInUseException", "resourceInUse"],
  ] as const)("gives a %s its own hint, not the replica one", async (name, hint) => {
    ddbMock
      .on(UpdateTableCommand)
      .rejects(Object.assign(new Error("no"), { name, $metadata: { httpStatusCode: 400 } }));
    const error = await failure(run("addReplica", { replicaRegion: "eu-west-1" }));
    expect(error.message).toContain(hintText(hint));
    expect(error.message).not.toContain(hintText("replicaRefused"));
  });
});

describe("removeReplica", () => {
  it("refuses a region that is not a replica after describing the table, sending no UpdateTable", async () => {
    const error = await failure(run("removeReplica", { replicaRegion: "eu-west-1" }));
    expect((error as InputError).label).toBe("Replica Region");
    expect(error.message).toContain("is not a replica of table");
    expect(ddbMock.commandCalls(UpdateTableCommand)).toHaveLength(0);
  });

  it("with Wait Until Deleted, waits until the replica is gone and the table ACTIVE", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: globalTable([replica("eu-west-1", "ACTIVE")]) })
      .resolvesOnce({
        Table: globalTable([replica("eu-west-1", "DELETING")], { TableStatus: "UPDATING" }),
      })
      .resolves({ Table: globalTable([]) });
    ddbMock.on(UpdateTableCommand).resolves({
      TableDescription: globalTable([replica("eu-west-1", "DELETING")], {
        TableStatus: "UPDATING",
      }),
    });
    const logger = quietLogger();
    const result = await run(
      "removeReplica",
      { replicaRegion: "eu-west-1", waitUntilDeleted: true },
      logger,
    );
    expect(sentInput(UpdateTableCommand)).toEqual({
      TableName: "Customers",
      ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }],
    });
    expect(result?.data).toMatchObject({ replica: null, table: { TableStatus: "ACTIVE" } });
    expect(logger.info.mock.calls.map(([line]) => line)).toEqual([
      'Replica eu-west-1 of table "Customers": DELETING (table UPDATING).',
      'Replica eu-west-1 of table "Customers": not listed (table ACTIVE).',
    ]);
  });
});

describe("the wait's bound", () => {
  it("ends with a StepError waitTimedOut that says where the replica stands", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: globalTable(
        [replica("eu-west-1", "CREATING", { ReplicaStatusPercentProgress: "10" })],
        {
          TableStatus: "UPDATING",
        },
      ),
    });
    const step = connect(undefined, {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
    });
    const request = {
      TableName: "Customers",
      ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }],
    };
    const started = Date.now();
    const error = await failure(
      changeReplica(step, request, "eu-west-1", { until: "active", maxWaitSeconds: 1 }),
    );
    expect(Date.now() - started).toBeLessThan(2_500);
    expect((error as StepError).code).toBe("waitTimedOut");
    expect(error.message).toBe(
      'UpdateTable (waiting until the replica is ACTIVE): the replica in eu-west-1 of table "Customers" in region us-east-1 is still CREATING (10% done; table UPDATING) after 1 s. It goes on in the background; check its status with Describe Table.',
    );
  });
});

describe("describeReplicas", () => {
  it("returns the table's replicas and global table settings as plain JSON", async () => {
    const inaccessible = new Date("2024-05-01T12:00:00.000Z");
    ddbMock.on(DescribeTableCommand).resolves({
      Table: globalTable(
        [
          replica("eu-west-1", "ACTIVE"),
          replica("ap-south-1", "INACCESSIBLE_ENCRYPTION_CREDENTIALS", {
            ReplicaInaccessibleDateTime: inaccessible,
          }),
        ],
        { MultiRegionConsistency: "EVENTUAL" },
      ),
    });
    const result = await run("describeReplicas", {});
    expect(result?.data).toEqual({
      tableName: "Customers",
      region: "us-east-1",
      tableStatus: "ACTIVE",
      globalTableVersion: "2019.11.21",
      multiRegionConsistency: "EVENTUAL",
      replicas: [
        { RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" },
        {
          RegionName: "ap-south-1",
          ReplicaStatus: "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
          ReplicaInaccessibleDateTime: "2024-05-01T12:00:00.000Z",
        },
      ],
    });
  });

  it("gives an empty list and nulls for a table that is not global", async () => {
    const result = await run("describeReplicas", {});
    expect(result?.data).toMatchObject({
      globalTableVersion: null,
      multiRegionConsistency: null,
      replicas: [],
    });
  });
});

/**
 * Update Table, Update and Describe Time To Live, and the Select Index data source, with the SDK
 * mocked: the contract's keys and labels with nothing changed by default, the exact UpdateTable and
 * UpdateTimeToLive requests, the wait until ACTIVE, a TTL already as asked succeeding without a
 * change (and saying which attribute holds it otherwise), the index picklist sorted across kinds,
 * and AWS errors named with the table and region.
 */
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { updateTable } from "../../src/actions/tables/updateTable";
import { describeTimeToLive } from "../../src/actions/ttl/describeTimeToLive";
import { updateTimeToLive } from "../../src/actions/ttl/updateTimeToLive";
import { selectIndex } from "../../src/dataSources/selectIndex";
import { indexName } from "../../src/inputs";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = () => ({
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
});

async function run(key: string, params: Record<string, unknown>) {
  return harness.action(key, { ...base(), ...params });
}

function updateInput() {
  return ddbMock.commandCalls(UpdateTableCommand)[0].args[0].input;
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
});

afterAll(() => ddbMock.restore());

describe("updateTable", () => {
  beforeEach(() => {
    ddbMock
      .on(UpdateTableCommand)
      .resolves({ TableDescription: customersTable({ TableStatus: "UPDATING" }) });
  });

  it("has the shared keys and labels, with nothing changed by default", () => {
    const { inputs } = updateTable;
    expect(Object.keys(inputs)).toEqual([
      "awsRegion",
      "tableName",
      "awsConnection",
      "billingMode",
      "readCapacityUnits",
      "writeCapacityUnits",
      "streamViewType",
      "deletionProtection",
      "tableClass",
      "queryParameters",
      "waitUntilActive",
    ]);
    expect(inputs.billingMode.label).toBe("Billing Mode");
    expect(inputs.readCapacityUnits.label).toBe("Read Capacity Units");
    expect(inputs.writeCapacityUnits.label).toBe("Write Capacity Units");
    expect(inputs.streamViewType.label).toBe("Stream View Type");
    expect(inputs.deletionProtection.label).toBe("Deletion Protection");
    expect(inputs.queryParameters.label).toBe("Query Parameters");
    for (const key of [
      "billingMode",
      "readCapacityUnits",
      "streamViewType",
      "deletionProtection",
    ] as const) {
      expect("default" in inputs[key] ? inputs[key].default : undefined).toBeUndefined();
    }
    expect(inputs.streamViewType.model?.map((choice) => choice.value)).toEqual([
      "NEW_AND_OLD_IMAGES",
      "NEW_IMAGE",
      "OLD_IMAGE",
      "KEYS_ONLY",
      "DISABLED",
    ]);
  });

  it("enables a stream, and returns the example payload for the documented example", async () => {
    ddbMock.on(UpdateTableCommand).resolves({
      TableDescription: customersTable({
        TableStatus: "UPDATING",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
        LatestStreamLabel: "2024-05-02T09:30:00.000",
        LatestStreamArn:
          "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-02T09:30:00.000",
      }),
      $metadata: { httpStatusCode: 200 },
    });
    const result = await run("updateTable", { streamViewType: "NEW_AND_OLD_IMAGES" });
    expect(updateInput()).toEqual({
      TableName: "Customers",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
    expect(result).toEqual(updateTable.examplePayload);
  });

  it.each([
    ["DISABLED", { StreamSpecification: { StreamEnabled: false } }],
    ["keys_only", { StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }],
  ])("maps Stream View Type %s", async (streamViewType, expected) => {
    await run("updateTable", { streamViewType });
    expect(updateInput()).toEqual({ TableName: "Customers", ...expected });
  });

  it.each([
    ["true", true],
    ["false", false],
    [false, false],
  ])("sends Deletion Protection %p as %p", async (deletionProtection, expected) => {
    await run("updateTable", { deletionProtection });
    expect(updateInput()).toEqual({ TableName: "Customers", DeletionProtectionEnabled: expected });
  });

  it("switches to PROVISIONED with both capacities", async () => {
    await run("updateTable", {
      billingMode: "PROVISIONED",
      readCapacityUnits: "10",
      writeCapacityUnits: "4",
    });
    expect(updateInput()).toEqual({
      TableName: "Customers",
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 4 },
    });
  });

  it("changes capacity alone, switches to on-demand, sets the table class and merges Query Parameters", async () => {
    await run("updateTable", { readCapacityUnits: "7", writeCapacityUnits: "3" });
    expect(updateInput()).toEqual({
      TableName: "Customers",
      ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
    });
    ddbMock.resetHistory();
    await run("updateTable", {
      billingMode: "PAY_PER_REQUEST",
      tableClass: "STANDARD_INFREQUENT_ACCESS",
      queryParameters: [
        { key: "GlobalSecondaryIndexUpdates", value: '[{"Delete":{"IndexName":"byEmail"}}]' },
      ],
    });
    expect(updateInput()).toEqual({
      TableName: "Customers",
      BillingMode: "PAY_PER_REQUEST",
      TableClass: "STANDARD_INFREQUENT_ACCESS",
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byEmail" } }],
    });
  });

  it.each([
    [{}, /^Nothing to change: fill in at least one of Billing Mode/],
    [{ readCapacityUnits: "5" }, /^Give both Read Capacity Units and Write Capacity Units/],
    [
      { billingMode: "PROVISIONED" },
      "Billing Mode PROVISIONED needs Read Capacity Units and Write Capacity Units, such as 5 and 5.",
    ],
    [
      { billingMode: "PAY_PER_REQUEST", readCapacityUnits: "5", writeCapacityUnits: "5" },
      /^Read Capacity Units and Write Capacity Units must be blank when Billing Mode is PAY_PER_REQUEST/,
    ],
    [
      { readCapacityUnits: "0", writeCapacityUnits: "5" },
      'Read Capacity Units must be a whole number 1 or more, not "0".',
    ],
    [
      { streamViewType: "ALL" },
      /^Stream View Type must be one of NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY, DISABLED/,
    ],
    [{ deletionProtection: "yes" }, 'Deletion Protection must be true or false, not "yes".'],
    [
      { queryParameters: [{ key: "StreamSpecification", value: "{}" }] },
      "Query Parameters must not set StreamSpecification; use the Stream View Type input instead.",
    ],
  ])("rejects %p before any AWS call", async (params, message) => {
    const attempt = run("updateTable", params);
    if (typeof message === "string") await expect(attempt).rejects.toThrow(new Error(message));
    else await expect(attempt).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("waits until the table is ACTIVE again when asked", async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: customersTable({ TableStatus: "UPDATING" }) })
      .resolves({ Table: customersTable({ DeletionProtectionEnabled: true }) });
    const result = (await run("updateTable", {
      deletionProtection: "true",
      waitUntilActive: "true",
    })) as {
      data: { table: Record<string, unknown> };
    };
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(2);
    expect(result.data.table.TableStatus).toBe("ACTIVE");
    expect(result.data.table.DeletionProtectionEnabled).toBe(true);
    expect(result.data.table.CreationDateTime).toBe("2024-05-01T12:00:00.000Z");
  });

  it("maps AWS errors with the table and region", async () => {
    ddbMock
      .on(UpdateTableCommand)
      .rejects(
        new ResourceNotFoundException({ $metadata: {}, message: "Requested resource not found" }),
      );
    await expect(run("updateTable", { deletionProtection: "false" })).rejects.toThrow(
      /^UpdateTable failed on table "Customers" in region us-east-1: ResourceNotFoundException/,
    );
  });
});

describe("updateTimeToLive", () => {
  it("has TTL Attribute and Enabled (default true)", () => {
    const { inputs } = updateTimeToLive;
    expect(Object.keys(inputs)).toEqual([
      "awsRegion",
      "tableName",
      "awsConnection",
      "ttlAttribute",
      "enabled",
    ]);
    expect(inputs.ttlAttribute.label).toBe("TTL Attribute");
    expect(inputs.ttlAttribute.required).toBe(true);
    expect(inputs.enabled.label).toBe("Enabled");
    expect(inputs.enabled.default).toBe("true");
  });

  it("enables TTL with the exact request and returns the example payload", async () => {
    ddbMock.on(UpdateTimeToLiveCommand).resolves({
      TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
      $metadata: {},
    });
    const result = await run("updateTimeToLive", { ttlAttribute: "expiresAt" });
    expect(ddbMock.commandCalls(UpdateTimeToLiveCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
      TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" },
    });
    expect(result).toEqual(updateTimeToLive.examplePayload);
  });

  it("disables TTL", async () => {
    ddbMock.on(UpdateTimeToLiveCommand).resolves({
      TimeToLiveSpecification: { Enabled: false, AttributeName: "expiresAt" },
    });
    const result = await run("updateTimeToLive", { ttlAttribute: "expiresAt", enabled: "false" });
    expect(ddbMock.commandCalls(UpdateTimeToLiveCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
      TimeToLiveSpecification: { Enabled: false, AttributeName: "expiresAt" },
    });
    expect(result).toEqual({
      data: { timeToLive: { Enabled: false, AttributeName: "expiresAt" }, changed: true },
    });
  });

  function alreadyEnabled() {
    return Object.assign(new Error("TimeToLive is already enabled"), {
      name: "ValidationException",
    });
  }

  it("succeeds without a change when TTL is already as asked", async () => {
    ddbMock.on(UpdateTimeToLiveCommand).rejects(alreadyEnabled());
    ddbMock.on(DescribeTimeToLiveCommand).resolves({
      TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" },
    });
    await expect(run("updateTimeToLive", { ttlAttribute: "expiresAt" })).resolves.toEqual({
      data: { timeToLive: { Enabled: true, AttributeName: "expiresAt" }, changed: false },
    });
    expect(ddbMock.commandCalls(DescribeTimeToLiveCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
    });
  });

  it("says which attribute TTL is already enabled on when it is another one", async () => {
    ddbMock.on(UpdateTimeToLiveCommand).rejects(alreadyEnabled());
    ddbMock
      .on(DescribeTimeToLiveCommand)
      .resolves({ TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "ttl" } });
    await expect(run("updateTimeToLive", { ttlAttribute: "expiresAt" })).rejects.toThrow(
      'UpdateTimeToLive failed on table "Customers" in region us-east-1: Time to Live is enabled on the attribute "ttl", not "expiresAt". Disable it first (Enabled false with TTL Attribute ttl), then enable it on "expiresAt".',
    );
  });

  it("says which attribute to give when disabling with another one", async () => {
    ddbMock.on(UpdateTimeToLiveCommand).rejects(
      Object.assign(new Error("TimeToLive is active on a different AttributeName"), {
        name: "ValidationException",
      }),
    );
    ddbMock.on(DescribeTimeToLiveCommand).resolves({
      TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" },
    });
    await expect(
      run("updateTimeToLive", { ttlAttribute: "other", enabled: "false" }),
    ).rejects.toThrow(
      'UpdateTimeToLive failed on table "Customers" in region us-east-1: Time to Live is enabled on the attribute "expiresAt", not "other". To disable it, give TTL Attribute expiresAt.',
    );
  });

  it("maps other errors without a second call", async () => {
    ddbMock.on(UpdateTimeToLiveCommand).rejects(
      Object.assign(
        new Error("Time to live has been modified multiple times within a fixed interval"),
        {
          name: "ValidationException",
        },
      ),
    );
    await expect(run("updateTimeToLive", { ttlAttribute: "expiresAt" })).rejects.toThrow(
      'UpdateTimeToLive failed on table "Customers" in region us-east-1: ValidationException: Time to live has been modified multiple times within a fixed interval',
    );
    expect(ddbMock.commandCalls(DescribeTimeToLiveCommand)).toHaveLength(0);
  });

  it.each([
    [{ ttlAttribute: "" }, "TTL Attribute is required. For example: expiresAt"],
    [{ ttlAttribute: "a".repeat(256) }, "TTL Attribute must be 1 to 255 characters, not 256."],
    [{ ttlAttribute: "expiresAt", enabled: "1" }, 'Enabled must be true or false, not "1".'],
  ])("rejects %p before any AWS call", async (params, message) => {
    await expect(run("updateTimeToLive", params)).rejects.toThrow(new Error(message));
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("describeTimeToLive", () => {
  it("returns the example payload for the documented example", async () => {
    ddbMock.on(DescribeTimeToLiveCommand).resolves({
      TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" },
      $metadata: {},
    });
    const result = await run("describeTimeToLive", {});
    expect(ddbMock.commandCalls(DescribeTimeToLiveCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
    });
    expect(result).toEqual(describeTimeToLive.examplePayload);
    expect(Object.keys(describeTimeToLive.inputs)).toEqual([
      "awsRegion",
      "tableName",
      "awsConnection",
    ]);
  });

  it("gives a null attribute while TTL is disabled", async () => {
    ddbMock
      .on(DescribeTimeToLiveCommand)
      .resolves({ TimeToLiveDescription: { TimeToLiveStatus: "DISABLED" } });
    await expect(run("describeTimeToLive", {})).resolves.toEqual({
      data: { timeToLive: { TimeToLiveStatus: "DISABLED", AttributeName: null } },
    });
  });
});

describe("selectIndex", () => {
  async function pick(params: Record<string, unknown> = {}) {
    return harness.dataSource("selectIndex", { ...base(), ...params });
  }

  it("is what the Index Name inputs point at", () => {
    expect(indexName.dataSource).toBe("selectIndex");
    expect(Object.keys(selectIndex.inputs)).toEqual(["awsConnection", "awsRegion", "tableName"]);
  });

  it("lists global and local indexes, sorted, and matches the example payload", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: customersTable({
        GlobalSecondaryIndexes: [{ IndexName: "byEmail" }],
        LocalSecondaryIndexes: [{ IndexName: "byCity" }],
      }),
    });
    const result = await pick();
    expect(ddbMock.commandCalls(DescribeTableCommand)[0].args[0].input).toEqual({
      TableName: "Customers",
    });
    expect(result).toEqual(selectIndex.examplePayload);
  });

  it("sorts case-insensitively across kinds", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: customersTable({
        GlobalSecondaryIndexes: [{ IndexName: "zeta" }, { IndexName: "Alpha" }],
        LocalSecondaryIndexes: [{ IndexName: "beta" }],
      }),
    });
    await expect(pick()).resolves.toEqual({
      result: [
        { key: "Alpha", label: "Alpha (global)" },
        { key: "beta", label: "beta (local)" },
        { key: "zeta", label: "zeta (global)" },
      ],
    });
  });

  it("returns an empty list for a table without indexes", async () => {
    ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
    await expect(pick()).resolves.toEqual({ result: [] });
  });

  it("needs a table name, and names the table when it does not exist", async () => {
    await expect(pick({ tableName: "" })).rejects.toThrow(
      "Table Name is required. For example: Customers",
    );
    expect(ddbMock.calls()).toHaveLength(0);
    ddbMock
      .on(DescribeTableCommand)
      .rejects(
        new ResourceNotFoundException({ $metadata: {}, message: "Requested resource not found" }),
      );
    await expect(pick({ tableName: "Missing" })).rejects.toThrow(
      /^DescribeTable failed on table "Missing" in region us-east-1: ResourceNotFoundException/,
    );
  });
});

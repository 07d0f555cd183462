/**
 * The AWS Role ARN connection's Role Session Name, Session Duration and STS Endpoint URL: the
 * fake STS (reached through the STS Endpoint URL input alone, the test hook unset) sees the session
 * name and duration as configured, blank inputs keep today's defaults, each bad value is refused
 * by its label before STS is called, and two connections that differ only in these do not share
 * a session.
 */
import { ConnectionError } from "@prismatic-io/spectral";
import { clientSettings } from "../../src/aws/client";
import { type FakeSts, startFakeSts } from "../../tools/faultProxy";
import { assumeRoleConnection, harness, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localEndpoint,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("role_settings");
let sts: FakeSts;

const describeWith = (fields: Record<string, unknown>) =>
  harness.action("describeTable", {
    awsConnection: assumeRoleConnection({ endpoint: localEndpoint(), ...fields }),
    awsRegion: LOCAL_REGION,
    tableName: table,
  });

beforeAll(async () => {
  // The hook stays unset: STS is reached through the connection's own input.
  clientSettings.stsEndpoint = undefined;
  sts = await startFakeSts(LOCAL_CREDENTIALS);
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
});

beforeEach(() => {
  resetCaches();
  sts.calls.length = 0;
});

afterAll(async () => {
  await sts.close();
  await deleteTestTable(table);
  resetCaches();
});

describe("the AWS Role ARN connection's session inputs", () => {
  it("reach STS as configured, through the STS Endpoint URL alone", async () => {
    await describeWith({
      stsEndpoint: sts.endpoint,
      roleSessionName: "orders-flow@tenant-42",
      sessionDuration: "7200",
    });
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0].get("Action")).toBe("AssumeRole");
    expect(sts.calls[0].get("RoleSessionName")).toBe("orders-flow@tenant-42");
    expect(sts.calls[0].get("DurationSeconds")).toBe("7200");
    expect(sts.calls[0].get("RoleArn")).toBe("arn:aws:iam::123456789012:role/IntegrationRole");
  });

  it("keep today's session name and duration when blank", async () => {
    await describeWith({
      stsEndpoint: `${sts.endpoint}/`,
      roleSessionName: "",
      sessionDuration: " ",
    });
    expect(
      sts.calls.map((call) => [call.get("RoleSessionName"), call.get("DurationSeconds")]),
    ).toEqual([["prismatic-aws-dynamodb", "3600"]]);
  });

  it("make a new session for connections that differ only in them", async () => {
    const fields = { stsEndpoint: sts.endpoint, roleSessionName: "flow-a" };
    await describeWith(fields);
    await describeWith(fields);
    await describeWith({ ...fields, roleSessionName: "flow-b" });
    await describeWith({ ...fields, roleSessionName: "flow-b", sessionDuration: "900" });
    expect(sts.calls.map((call) => call.get("RoleSessionName"))).toEqual([
      "flow-a",
      "flow-b",
      "flow-b",
    ]);
  });

  it.each([
    [{ roleSessionName: "has space" }, "Role Session Name"],
    [{ roleSessionName: "x" }, "Role Session Name"],
    [{ roleSessionName: "a".repeat(65) }, "Role Session Name"],
    [{ sessionDuration: "899" }, "Session Duration"],
    [{ sessionDuration: "43201" }, "Session Duration"],
    [{ sessionDuration: "1h" }, "Session Duration"],
    [{ sessionDuration: "3600.5" }, "Session Duration"],
    [{ stsEndpoint: "http://sts.us-east-1.amazonaws.com" }, "STS Endpoint URL"],
    [{ stsEndpoint: "sts.us-east-1.amazonaws.com" }, "STS Endpoint URL"],
    [{ stsEndpoint: "https://user:secret@sts.example.com" }, "STS Endpoint URL"],
    [{ stsEndpoint: "https://sts.example.com/\nx" }, "STS Endpoint URL"],
  ])("refuses %j by its label, before STS is called", async (fields, label) => {
    const error = await failure(describeWith({ stsEndpoint: sts.endpoint, ...fields }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(new RegExp(`^The connection's ${label} `));
    expect(error.message).not.toMatch(/[\n\r]|secret/);
    expect(sts.calls).toHaveLength(0);
  });
});

/**
 * The instant trigger's one execution per change and its initial snapshot on deploy, with a mocked
 * SDK: the on-deploy perform and resolvers called as the platform calls them
 * (test/support/triggerRuns.ts). The snapshot's scan starts only once the pipe's place in the
 * stream is no later than the scan: the pipe is RUNNING, or will start at TRIM_HORIZON; with
 * LATEST and no running pipe, the deploy fails before any item is read rather than miss changes.
 */
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribePipeCommand, PipesClient } from "@aws-sdk/client-pipes";
import { mockClient } from "aws-sdk-client-mock";
import { pipeSetupSettings } from "../../src/engines/pipeSetup";
import { MAX_FIX_PAGES, SNAPSHOT_EVENT } from "../../src/engines/snapshot";
import component from "../../src/index";
import { keySecretConnection, resetCaches } from "../support/harness";
import { runBatched, serverTrigger } from "../support/triggerRuns";

const ddbMock = mockClient(DynamoDBClient);
const pipesMock = mockClient(PipesClient);

const STREAM_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-01T12:00:00.000";
const ITEMS = 25;

const params = (startPosition: "LATEST" | "TRIM_HORIZON") => ({
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
  pipeRoleArn: "arn:aws:iam::123456789012:role/Pipe",
  startPosition,
  initialSnapshot: "true",
  snapshotSegments: "2",
});

const item = (id: number): Record<string, AttributeValue> => ({ id: { S: `c${id}` } });

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  pipesMock.reset();
  pipeSetupSettings.pollEveryMs = 5;
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      TableStatus: "ACTIVE",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      LatestStreamArn: STREAM_ARN,
    },
  });
  // Each segment holds every other item; one page each.
  ddbMock.on(ScanCommand).callsFake((input) => {
    const ids = Array.from({ length: ITEMS }, (_, id) => id).filter(
      (id) => id % (input.TotalSegments ?? 1) === (input.Segment ?? 0),
    );
    return { Items: ids.map(item), Count: ids.length, ScannedCount: ids.length };
  });
});

afterAll(() => {
  pipeSetupSettings.pollEveryMs = 1_000;
});

const notFound = () => Object.assign(new Error("Pipe not found"), { name: "NotFoundException" });

async function snapshotRun(startPosition: "LATEST" | "TRIM_HORIZON") {
  return runBatched(component, "tableChangesInstant", params(startPosition), {
    onDeploy: true,
    instanceState: {},
  });
}

describe("the instant trigger's batching", () => {
  it("declares one execution per change by default, for its requests and its snapshot", () => {
    const trigger = serverTrigger(component, "tableChangesInstant");
    // Required: every flow batches, so a refused request's empty page starts no execution.
    expect(trigger.triggerResolverSupport).toBe("required");
    expect(trigger.triggerResolverDefaultBatchSize).toBe(1);
    expect(typeof trigger.resolveTriggerItems).toBe("function");
    expect(typeof trigger.resolveOnDeployItems).toBe("function");
    expect(trigger.inputs.map((input) => input.key).slice(-2)).toEqual([
      "initialSnapshot",
      "snapshotSegments",
    ]);
  });
});

describe("the instant trigger's initial snapshot", () => {
  it("scans once the pipe is RUNNING, each item once as a SNAPSHOT record", async () => {
    pipesMock.on(DescribePipeCommand).resolves({ CurrentState: "RUNNING" });
    const { pages, items } = await snapshotRun("LATEST");
    expect(pages[0].result.payload.body.data.snapshot).toMatchObject({
      phase: "fix",
      position: "kept",
    });
    const ids = (items as { eventName: string; keys: { id: string } }[]).map((record) => {
      expect(record.eventName).toBe(SNAPSHOT_EVENT);
      return record.keys.id;
    });
    expect(ids.sort()).toEqual(Array.from({ length: ITEMS }, (_, id) => `c${id}`).sort());
  });

  it("scans at once when the pipe is not set up yet but will start at TRIM_HORIZON", async () => {
    pipesMock.on(DescribePipeCommand).rejects(notFound());
    const { pages, items } = await snapshotRun("TRIM_HORIZON");
    const fix = pages[0].result.payload.body.data;
    expect(fix.snapshot).toMatchObject({ phase: "fix", position: "fixed" });
    expect(String(fix.notices)).toMatch(/is not set up yet; it starts at TRIM_HORIZON/);
    expect(items).toHaveLength(ITEMS);
  });

  it("waits for a pipe that is still CREATING, and scans once it runs", async () => {
    pipesMock
      .on(DescribePipeCommand)
      .resolvesOnce({ CurrentState: "CREATING" })
      .resolvesOnce({ CurrentState: "CREATING" })
      .resolves({ CurrentState: "RUNNING" });
    const { items } = await snapshotRun("LATEST");
    expect(pipesMock.commandCalls(DescribePipeCommand).length).toBeGreaterThanOrEqual(3);
    expect(items).toHaveLength(ITEMS);
  });

  it("with LATEST and no running pipe, fails after its fix pages and reads no item", async () => {
    pipesMock.on(DescribePipeCommand).rejects(notFound());
    const failure = await snapshotRun("LATEST").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /waited for the pipe dynamodb-changes-[0-9a-f]{32} to be RUNNING .*Set Start Position to TRIM_HORIZON/,
    );
    expect(pipesMock.commandCalls(DescribePipeCommand)).toHaveLength(MAX_FIX_PAGES);
    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
  });
});

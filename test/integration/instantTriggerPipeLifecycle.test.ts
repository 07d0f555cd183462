/**
 * The instant trigger's deploy and delete handlers, from the source and from the bundle, against
 * DynamoDB Local (the table and its stream) and the loopback fake of EventBridge and Pipes
 * (tools/pipesFake.ts), which records every request and answers as the API references document:
 * "already exists", "not found", throttling, a pipe busy changing or failing to start.
 */
import { inspect } from "node:util";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { type PipesFake, startPipesFake } from "../../tools/pipesFake";
import {
  type FlowState,
  handlerContext,
  type InstantUnderTest,
  instantBuilds,
  instantParams,
} from "../support/instantTrigger";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const HOOK = "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjE=";
const streamTable = uniqueTableName("instant_stream");
const otherTable = uniqueTableName("instant_other");
const plainTable = uniqueTableName("instant_nostream");

let fake: PipesFake;

beforeAll(async () => {
  fake = await startPipesFake();
  await Promise.all([
    createTestTable(streamTable, { hashKey: { name: "id", type: "S" }, streams: true }),
    createTestTable(otherTable, { hashKey: { name: "id", type: "S" }, streams: true }),
    createTestTable(plainTable, { hashKey: { name: "id", type: "S" } }),
  ]);
}, 360_000);

afterAll(async () => {
  await fake.close();
  await Promise.all([streamTable, otherTable, plainTable].map(deleteTestTable));
});

/** Names of every resource that exists in the fake. */
function resources() {
  return {
    connections: [...fake.connections.keys()],
    apiDestinations: [...fake.apiDestinations.keys()],
    pipes: [...fake.pipes.keys()],
  };
}

describe.each(instantBuilds())("the instant trigger's pipe (%s)", (_name, load) => {
  let build: InstantUnderTest;
  let flow: FlowState;

  const deploy = async (table = streamTable, extra: Record<string, unknown> = {}) => {
    const result = await build.create(
      handlerContext(flow),
      instantParams(localConnection(), LOCAL_REGION, table, extra),
    );
    flow.crossFlowState = result?.crossFlowState ?? flow.crossFlowState;
    return result;
  };
  const remove = async () => {
    const result = await build.delete(
      handlerContext(flow),
      instantParams(localConnection(), LOCAL_REGION, streamTable),
    );
    flow.crossFlowState = result?.crossFlowState ?? flow.crossFlowState;
  };

  beforeAll(() => {
    build = load();
    build.clientSettings.pipesEndpoint = fake.endpoint;
    build.clientSettings.eventsEndpoint = fake.endpoint;
    build.pipeSetupSettings.pollEveryMs = 20;
    build.clearClientCache();
  });

  afterAll(() => {
    build.clientSettings.pipesEndpoint = undefined;
    build.clientSettings.eventsEndpoint = undefined;
    build.pipeSetupSettings.pollEveryMs = 1_000;
    build.clearClientCache();
  });

  beforeEach(() => {
    fake.requests.length = 0;
    fake.settleAfter = 1;
    flow = { crossFlowState: { otherFlow: "kept" }, instanceState: {}, webhookUrl: HOOK };
  });

  it("deploy, re-deploy and delete leave no resource behind and create none twice", async () => {
    await deploy(streamTable, { eventTypes: ["INSERT", "MODIFY"], batchSize: "1" });
    const [name] = fake.pipes.keys();
    expect(name).toMatch(/^dynamodb-changes-[0-9a-f]{32}$/);
    expect(resources()).toEqual({ connections: [name], apiDestinations: [name], pipes: [name] });

    const saved = flow.crossFlowState["dynamodbInstant:flow-stable-1"] as Record<string, string>;
    expect(flow.crossFlowState.otherFlow).toBe("kept");
    expect(saved.secret).toMatch(/^[\w-]{43}$/);
    const connection = fake.connections.get(name) as {
      AuthorizationType?: string;
      AuthParameters: { ApiKeyAuthParameters: unknown };
    };
    expect(connection.AuthorizationType).toBe("API_KEY");
    expect(connection.AuthParameters.ApiKeyAuthParameters).toEqual({
      ApiKeyName: "x-dynamodb-connector-secret",
      ApiKeyValue: saved.secret,
    });
    const destination = fake.apiDestinations.get(name) as Record<string, unknown>;
    expect(destination).toMatchObject({ InvocationEndpoint: HOOK, HttpMethod: "POST" });
    const pipe = fake.pipes.get(name);
    expect(pipe?.request).toMatchObject({
      Source: expect.stringContaining(`table/${streamTable}/stream/`),
      Target: destination.Arn,
      RoleArn: "arn:aws:iam::123456789012:role/DynamoDBChangesPipe",
      SourceParameters: {
        DynamoDBStreamParameters: {
          StartingPosition: "TRIM_HORIZON",
          BatchSize: 1,
          MaximumBatchingWindowInSeconds: 0,
        },
        FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] },
      },
    });
    expect(pipe?.state).toBe("RUNNING");

    // A re-deploy with other settings updates all three in place, with the same secret.
    await deploy(streamTable, { maximumBatchingWindow: "2" });
    expect(resources()).toEqual({ connections: [name], apiDestinations: [name], pipes: [name] });
    expect(fake.count("UpdateConnection")).toBe(1);
    expect(fake.count("UpdateApiDestination")).toBe(1);
    expect(fake.count("UpdatePipe")).toBe(1);
    expect(fake.count("CreatePipe")).toBe(2);
    expect(fake.count("DeletePipe")).toBe(0);
    expect(
      (flow.crossFlowState["dynamodbInstant:flow-stable-1"] as Record<string, string>).secret,
    ).toBe(saved.secret);
    expect(fake.pipes.get(name)?.request.SourceParameters).toEqual({
      DynamoDBStreamParameters: {
        StartingPosition: "TRIM_HORIZON",
        BatchSize: 1,
        MaximumBatchingWindowInSeconds: 2,
      },
      FilterCriteria: { Filters: [] },
    });

    await remove();
    // DeletePipe leaves the pipe DELETING until Pipes has removed it.
    expect(fake.pipes.get(name)?.state).toBe("DELETING");
    fake.advance();
    expect(resources()).toEqual({ connections: [], apiDestinations: [], pipes: [] });
    const deletes = fake.requests.filter((seen) => seen.operation.startsWith("Delete"));
    expect(deletes.map((seen) => seen.operation)).toEqual([
      "DeletePipe",
      "DeleteApiDestination",
      "DeleteConnection",
    ]);
    expect(flow.crossFlowState["dynamodbInstant:flow-stable-1"]).toBeNull();
    expect(flow.crossFlowState.otherFlow).toBe("kept");
  });

  it("gives two flows of one instance their own pipe and secret; deleting one leaves the other", async () => {
    const other: FlowState = {
      crossFlowState: flow.crossFlowState,
      instanceState: {},
      webhookUrl: `${HOOK}-other`,
      flow: { id: "flow-2", name: "Sync Orders", stableId: "flow-stable-2" },
    };
    const params = instantParams(localConnection(), LOCAL_REGION, streamTable);
    const first = await build.create(handlerContext(flow), params);
    other.crossFlowState = first?.crossFlowState ?? {};
    const second = await build.create(handlerContext(other), params);
    flow.crossFlowState = second?.crossFlowState ?? {};
    const secretOf = (key: string) => (flow.crossFlowState[key] as { secret: string }).secret;
    expect(secretOf("dynamodbInstant:flow-stable-1")).not.toBe(
      secretOf("dynamodbInstant:flow-stable-2"),
    );
    expect(resources().pipes).toHaveLength(2);
    const destinations = [...fake.apiDestinations.values()].map((d) => d.InvocationEndpoint);
    expect(destinations.sort()).toEqual([HOOK, `${HOOK}-other`]);

    await remove();
    fake.advance();
    expect(resources().pipes).toHaveLength(1);
    expect(resources().connections).toHaveLength(1);
    expect(flow.crossFlowState["dynamodbInstant:flow-stable-2"]).toMatchObject({
      region: LOCAL_REGION,
    });
    other.crossFlowState = flow.crossFlowState;
    await build.delete(handlerContext(other), params);
    fake.advance();
    expect(resources()).toEqual({ connections: [], apiDestinations: [], pipes: [] });
  });

  it("moving to another region removes the old region's resources first", async () => {
    const raw = new DynamoDBClient({
      endpoint: localEndpoint(),
      region: "eu-west-1",
      credentials: LOCAL_CREDENTIALS,
    });
    await raw.send(
      new CreateTableCommand({
        TableName: streamTable,
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    );
    await deploy();
    fake.requests.length = 0;
    const params = instantParams(localConnection(), "eu-west-1", streamTable);
    const moved = await build.create(handlerContext(flow), params);
    flow.crossFlowState = moved?.crossFlowState ?? flow.crossFlowState;
    const seen = fake.requests.map((request) => `${request.operation} ${request.region}`);
    expect(seen.slice(0, 3)).toEqual([
      "DeletePipe us-east-1",
      "DeleteApiDestination us-east-1",
      "DeleteConnection us-east-1",
    ]);
    expect(seen.slice(3).every((line) => line.endsWith(" eu-west-1"))).toBe(true);
    expect(seen).toContain("CreateConnection eu-west-1");
    expect(flow.crossFlowState["dynamodbInstant:flow-stable-1"]).toMatchObject({
      region: "eu-west-1",
    });
    fake.requests.length = 0;
    await remove();
    expect(fake.requests.map((request) => request.region)).toEqual([
      "eu-west-1",
      "eu-west-1",
      "eu-west-1",
    ]);
    fake.advance();
    expect(resources()).toEqual({ connections: [], apiDestinations: [], pipes: [] });
    await raw.send(new DeleteTableCommand({ TableName: streamTable }));
    raw.destroy();
  });

  it("keeps the secret out of the step's log, the SDK's request log with debug on included", async () => {
    const lines: string[] = [];
    const record =
      (level: string) =>
      (...content: unknown[]) =>
        lines.push(`${level} ${inspect(content, { depth: 8 })}`);
    const logger = {
      debug: record("debug"),
      info: record("info"),
      warn: record("warn"),
      error: record("error"),
      metric: record("metric"),
    };
    const debugging = { ...handlerContext(flow), logger, globalDebug: true };
    const params = instantParams(localConnection(), LOCAL_REGION, streamTable);
    const result = await build.create(debugging, params);
    flow.crossFlowState = result?.crossFlowState ?? flow.crossFlowState;
    await build.create({ ...debugging, crossFlowState: flow.crossFlowState }, params);
    const saved = flow.crossFlowState["dynamodbInstant:flow-stable-1"] as { secret: string };
    // The SDK did log the requests (so the check below is not vacuous).
    expect(lines.some((line) => line.includes("CreateConnectionCommand"))).toBe(true);
    expect(lines.some((line) => line.includes("UpdateConnectionCommand"))).toBe(true);
    for (const form of [saved.secret, Buffer.from(saved.secret).toString("base64")]) {
      expect(lines.filter((line) => line.includes(form))).toEqual([]);
    }
    await remove();
    fake.advance();
  });

  it("a delete of what is already gone succeeds, and a pipe still deleting is waited for", async () => {
    await deploy();
    await remove();
    fake.requests.length = 0;
    // The pipe is still DELETING: Pipes answers ConflictException, the delete waits for it.
    await remove();
    expect(fake.requests.map((seen) => seen.operation)).toEqual([
      "DeletePipe",
      "DescribePipe",
      "DescribePipe",
      "DescribePipe",
      "DeletePipe",
      "DeleteApiDestination",
      "DeleteConnection",
    ]);
    expect(resources()).toEqual({ connections: [], apiDestinations: [], pipes: [] });
  });

  it("retries throttled calls within the handler's budget, and gives up after Max Attempts", async () => {
    fake.throttle("CreateConnection", 2);
    fake.throttle("CreatePipe", 1);
    await deploy();
    expect(fake.count("CreateConnection")).toBe(3);
    expect(fake.count("CreatePipe")).toBe(2);
    expect(resources().pipes).toHaveLength(1);

    fake.throttle("UpdateApiDestination", 10);
    const started = Date.now();
    const error = await failure(deploy());
    expect(error.name).toBe("ThrottlingException");
    expect(error.message).toContain("UpdateApiDestination failed");
    expect(fake.count("UpdateApiDestination")).toBe(4);
    expect(Date.now() - started).toBeLessThan(25_000);
    fake.clearThrottles();
    await remove();
    fake.advance();
    expect(resources()).toEqual({ connections: [], apiDestinations: [], pipes: [] });
  });

  it("ends within its budget when AWS does not answer, saying what was abandoned", async () => {
    build.pipeSetupSettings.budgetMs = 1_500;
    fake.hang("CreatePipe", 1);
    const started = Date.now();
    const error = await failure(deploy());
    build.pipeSetupSettings.budgetMs = 25_000;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((error as Error & { code?: string }).code).toBe("pipeSetupFailed");
    expect(error.message).toContain("CreatePipe did not finish within the 1.5 s");
    await remove();
    expect(resources()).toEqual({ connections: [], apiDestinations: [], pipes: [] });
  });

  it("refuses a webhook URL that is not https, and a table without a stream, before creating anything", async () => {
    flow.webhookUrl = "http://hooks.example.com/trigger/abc";
    const insecure = await failure(deploy());
    expect(insecure.message).toContain("is not an https URL");
    expect((insecure as Error & { code?: string }).code).toBe("webhookUrlRefused");

    flow.webhookUrl = HOOK;
    const noStream = await failure(deploy(plainTable));
    expect(noStream.message).toContain("has no DynamoDB stream enabled");
    expect(fake.requests).toEqual([]);
    expect(flow.crossFlowState["dynamodbInstant:flow-stable-1"]).toBeUndefined();
  });

  it("refuses a bad Pipe Role ARN by its label before anything is sent", async () => {
    const error = await failure(deploy(streamTable, { pipeRoleArn: "my-role" }));
    expect(error.message).toContain('Pipe Role ARN is "my-role", not a role ARN');
    expect(fake.requests).toEqual([]);
  });

  it("reports a pipe that fails to start with its reason, and re-creates a pipe whose table changed", async () => {
    fake.failNextPipe = { state: "CREATE_FAILED", reason: "Pipes could not assume the role." };
    const failed = await failure(deploy());
    expect(failed.message).toContain("is CREATE_FAILED: Pipes could not assume the role.");
    expect((failed as Error & { code?: string }).code).toBe("pipeSetupFailed");

    // The next deploy updates the failed pipe; then the trigger moves to another table.
    await deploy();
    const [name] = fake.pipes.keys();
    expect(fake.pipes.get(name)?.state).toBe("RUNNING");
    await deploy(otherTable);
    expect(fake.count("DeletePipe")).toBe(1);
    expect(resources()).toEqual({ connections: [name], apiDestinations: [name], pipes: [name] });
    expect(fake.pipes.get(name)?.request.Source).toContain(`table/${otherTable}/stream/`);

    await remove();
    fake.advance();
    expect(resources()).toEqual({ connections: [], apiDestinations: [], pipes: [] });
  });

  it("a table whose stream was turned off is refused with the way to turn it on", async () => {
    const raw = rawClient();
    const table = uniqueTableName("instant_off");
    await createTestTable(table, { hashKey: { name: "id", type: "S" }, streams: true });
    await raw.send(
      new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }),
    );
    const error = await failure(deploy(table));
    expect(error.message).toContain("Turn one on with the Update Table action");
    expect(fake.requests).toEqual([]);
    raw.destroy();
    await deleteTestTable(table);
  });
});

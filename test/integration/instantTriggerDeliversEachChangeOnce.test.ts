/**
 * The instant trigger's perform with real stream records: 1,000 changes are written to a table in
 * DynamoDB Local, read back with the Streams API, wrapped as EventBridge Pipes delivers them to an
 * API destination, and sent in batches (one batch sent twice, as Pipes re-sends after a failure).
 * Each change reaches the flow once, converted exactly as the polling trigger converts the same
 * records; a request without the secret, or with a wrong one, gives the flow nothing.
 */
import {
  DeleteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { type PipesFake, startPipesFake } from "../../tools/pipesFake";
import { harness } from "../support/harness";
import {
  asPipesRecord,
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

const HOOK = "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjI=";
const HEADER = "x-dynamodb-connector-secret";
const CHANGES = 1000;
const KEYS = 60;
const table = uniqueTableName("instant_delivery");

interface Change {
  eventId: string;
  shardId: string;
  [field: string]: unknown;
}
interface Data {
  records: Change[];
  count: number;
  notices: string[];
  streamArn: string;
  tableName: string;
}
interface Output {
  payload: { body: { data: Data }; headers: Record<string, string> };
  response?: { statusCode: number; body?: string };
  instanceState?: Record<string, unknown>;
  polledNoChanges?: boolean;
}

let fake: PipesFake;
let raw: DynamoDBClient;
let streamArn: string;
/** The stream's records as Pipes delivers them, in stream order. */
let delivered: Record<string, unknown>[];
/** What the polling trigger gives for the same records. */
let polled: Change[];

/** Writes CHANGES inserts, updates, replacing puts and deletes over KEYS keys. */
async function writeChanges(): Promise<void> {
  const present = new Set<number>();
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < CHANGES; i++) {
    const key = Math.floor(next() * KEYS);
    const Key = { id: { S: `key-${key}` } };
    if (!present.has(key) || next() < 0.3) {
      present.add(key);
      await raw.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            ...Key,
            version: { N: String(i) },
            // Numbers a double cannot hold, and binary, must reach the flow unchanged.
            big: { N: `12345678901234567890.${i}` },
            photo: { B: Buffer.from([i % 256, 0, 255]) },
          },
        }),
      );
    } else if (next() < 0.5) {
      await raw.send(
        new UpdateItemCommand({
          TableName: table,
          Key,
          UpdateExpression: "SET version = :v, tags = :t",
          ExpressionAttributeValues: { ":v": { N: String(i) }, ":t": { SS: ["a", `t${i}`] } },
        }),
      );
    } else {
      present.delete(key);
      await raw.send(new DeleteItemCommand({ TableName: table, Key }));
    }
  }
}

/** Every record of the table's stream, read with the Streams API from its beginning. */
async function readStream(): Promise<_Record[]> {
  const streams = new DynamoDBStreamsClient({
    endpoint: localEndpoint(),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const records: _Record[] = [];
  const { StreamDescription } = await streams.send(
    new DescribeStreamCommand({ StreamArn: streamArn }),
  );
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    for (let empty = 0; ShardIterator && empty < 2; ) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
      records.push(...(page.Records ?? []));
      empty = page.Records?.length ? 0 : empty + 1;
      ShardIterator = page.NextShardIterator;
    }
  }
  streams.destroy();
  return records;
}

/** The polling trigger's records for the whole stream, from its beginning. */
async function pollAll(): Promise<Change[]> {
  const changes: Change[] = [];
  let instanceState: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++) {
    const output = (await harness.trigger(
      "tableChanges",
      undefined,
      {
        awsConnection: localConnection(),
        awsRegion: LOCAL_REGION,
        tableName: table,
        startPosition: "TRIM_HORIZON",
        maxRecords: "1000",
      },
      { instanceState },
    )) as unknown as Output & { resultType: string; instanceState: Record<string, unknown> };
    changes.push(...output.payload.body.data.records);
    instanceState = output.instanceState ?? instanceState;
    if (output.resultType === "polled_no_changes") return changes;
  }
  throw new Error("The polling trigger did not reach the end of the stream in 20 polls.");
}

beforeAll(async () => {
  fake = await startPipesFake();
  raw = rawClient();
  await createTestTable(table, { hashKey: { name: "id", type: "S" }, streams: true });
  const { Table } = await raw.send(new DescribeTableCommand({ TableName: table }));
  streamArn = Table?.LatestStreamArn ?? "";
  await writeChanges();
  const records = await readStream();
  expect(records).toHaveLength(CHANGES);
  delivered = records.map((record) => asPipesRecord(record, streamArn));
  polled = await pollAll();
  expect(polled).toHaveLength(CHANGES);
}, 360_000);

afterAll(async () => {
  await fake.close();
  await deleteTestTable(table);
  raw.destroy();
});

describe.each(instantBuilds())("the instant trigger's perform (%s)", (_name, load) => {
  let build: InstantUnderTest;
  let flow: FlowState;
  let secret: string;

  const send = async (body: unknown, headers: Record<string, string>): Promise<Output> => {
    const text = JSON.stringify(body);
    const output = (await build.harness.trigger(
      "tableChangesInstant",
      {
        headers: { "Content-Type": "application/json", ...headers },
        rawBody: { data: Buffer.from(text), contentType: "application/json" },
        body: { data: JSON.parse(text), contentType: "application/json" },
      },
      instantParams(localConnection(), LOCAL_REGION, table),
      {
        crossFlowState: flow.crossFlowState,
        instanceState: flow.instanceState,
        flow: handlerContext(flow).flow,
      },
    )) as unknown as Output;
    // The platform keeps what the trigger returns for the next execution.
    flow.instanceState = output.instanceState ?? flow.instanceState;
    return output;
  };

  beforeAll(async () => {
    build = load();
    build.clientSettings.pipesEndpoint = fake.endpoint;
    build.clientSettings.eventsEndpoint = fake.endpoint;
    build.pipeSetupSettings.pollEveryMs = 20;
    build.clearClientCache();
    flow = { crossFlowState: {}, instanceState: {}, webhookUrl: HOOK };
    const result = await build.create(
      handlerContext(flow),
      instantParams(localConnection(), LOCAL_REGION, table),
    );
    flow.crossFlowState = result?.crossFlowState ?? {};
    // The secret as the pipe's connection sends it.
    const [connection] = fake.connections.values() as IterableIterator<{
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: string; ApiKeyValue: string } };
    }>;
    const { ApiKeyName, ApiKeyValue } = connection.AuthParameters.ApiKeyAuthParameters;
    expect(ApiKeyName).toBe(HEADER);
    secret = ApiKeyValue;
  });

  afterAll(async () => {
    await build.delete(handlerContext(flow), instantParams(localConnection(), LOCAL_REGION, table));
    fake.advance();
    expect(fake.pipes.size + fake.connections.size + fake.apiDestinations.size).toBe(0);
    build.clientSettings.pipesEndpoint = undefined;
    build.clientSettings.eventsEndpoint = undefined;
    build.pipeSetupSettings.pollEveryMs = 1_000;
    build.clearClientCache();
  });

  it("refuses a request without the secret or with a wrong one, and gives the flow nothing", async () => {
    const batch = delivered.slice(0, 3);
    const before = flow.instanceState;
    for (const [headers, status] of [
      [{}, 401],
      [{ [HEADER]: `${secret.slice(0, -1)}x` }, 403],
      [{ [HEADER.toUpperCase()]: "guess" }, 403],
    ] as const) {
      const output = await send(batch, headers);
      expect(output.response?.statusCode).toBe(status);
      expect(output.polledNoChanges).toBe(true);
      expect(output.payload.body.data.records).toEqual([]);
      // Every flow of this trigger batches: a page without items starts no execution.
      expect(build.resolveItems({}, output)).toEqual([]);
      expect(output.payload.body.data.count).toBe(0);
      expect(output.instanceState).toBeUndefined();
      expect(JSON.stringify(output)).not.toContain(String(batch[0].eventID));
    }
    expect(flow.instanceState).toBe(before);
  });

  it(`delivers ${CHANGES} changes each once, as the polling trigger converts them, across re-sent batches`, async () => {
    const batches: Record<string, unknown>[][] = [];
    for (let start = 0, size = 1; start < delivered.length; start += size, size = (size % 7) + 1) {
      batches.push(delivered.slice(start, start + size));
    }
    const received: Change[] = [];
    const executions: unknown[] = [];
    const resent: number[] = [];
    for (const [index, batch] of batches.entries()) {
      const output = await send(batch, { [HEADER]: secret });
      expect(output.response).toBeUndefined();
      expect(output.payload.body.data.streamArn).toBe(streamArn);
      expect(JSON.stringify(output)).not.toContain(secret);
      received.push(...output.payload.body.data.records);
      executions.push(...build.resolveItems({}, output));
      // Pipes re-sends a batch it saw fail: an earlier one, then the one just sent.
      if (index === 40 || index === batches.length - 1) {
        const again = await send(index === 40 ? batches[37] : batch, { [HEADER]: secret });
        expect(again.payload.body.data.records).toEqual([]);
        expect(again.polledNoChanges).toBe(true);
        resent.push(
          ...again.payload.body.data.notices.map((notice) => Number.parseInt(notice, 10)),
        );
      }
    }
    expect(resent).toEqual([batches[37].length, batches.at(-1)?.length]);
    expect(new Set(received.map((change) => change.eventId)).size).toBe(CHANGES);
    expect(received).toEqual(polled.map((change) => ({ ...change, shardId: "" })));
    // At batch size 1, each item the resolver gives is one execution of the flow.
    expect(executions).toEqual(received);
  });
});

import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type Connection,
  ConnectionError,
  input,
  pollingTrigger,
  type TriggerPayload,
} from "@prismatic-io/spectral";
import { connectionError } from "../aws/errors";
import { connect } from "../aws/invocation";
import {
  type ChangeRecord,
  type DataLoss,
  EVENT_TYPES,
  type EventType,
  MAX_RECORDS_LIMIT,
  noStreamMessage,
  pollStream,
  type ShardCoverage,
  START_POSITIONS,
  type StopReason,
} from "../engines/streams";
import {
  cleanChoice,
  cleanInteger,
  DOCS,
  dense,
  InputError,
  isBlank,
  returnDynamoJson,
  show,
  tableStepInputs,
} from "../inputs";

const DEFAULT_MAX_RECORDS = 100;

export const startPosition = input({
  label: "Start Position",
  type: "string",
  required: false,
  default: "LATEST",
  model: [
    { label: "LATEST: only changes made after the first poll", value: "LATEST" },
    {
      label: "TRIM_HORIZON: every change still in the stream (up to 24 hours)",
      value: "TRIM_HORIZON",
    },
  ],
  comments: `Where the first poll starts reading. LATEST delivers only changes made after the trigger first runs; TRIM_HORIZON starts with the oldest change the stream still holds (DynamoDB keeps 24 hours). Later polls always continue from the saved position. Learn more about [DynamoDB Streams](${DOCS}/Streams.html).`,
  clean: cleanChoice("Start Position", START_POSITIONS, "LATEST"),
});

/** Event Types: a value list, or a comma-separated text; blank means every type. */
export function cleanEventTypes(value: unknown): EventType[] | undefined {
  if (isBlank(value)) return undefined;
  const label = "Event Types";
  const entries: unknown[] = Array.isArray(value) ? dense(value) : [value];
  const names = entries.flatMap((entry) => {
    if (typeof entry !== "string") {
      throw new InputError(
        label,
        "invalidValue",
        `${label} must list INSERT, MODIFY or REMOVE, not ${show(entry)}.`,
      );
    }
    return entry.split(/[\s,]+/).filter(Boolean);
  });
  const clean = cleanChoice(label, EVENT_TYPES);
  const types = new Set<EventType>();
  for (const name of names) types.add(clean(name) as EventType);
  // Every type selected is the same as no filter.
  return types.size === 0 || types.size === EVENT_TYPES.length ? undefined : [...types];
}

export const eventTypes = input({
  label: "Event Types",
  type: "string",
  collection: "valuelist",
  required: false,
  model: EVENT_TYPES.map((type) => ({ label: type, value: type })),
  comments:
    "Optional. The kinds of change to deliver: INSERT (new item), MODIFY (changed item) and REMOVE (deleted item). Leave blank for all three.",
  example: "INSERT",
  clean: cleanEventTypes,
});

export const maxRecords = input({
  label: "Max Records",
  type: "string",
  required: false,
  default: String(DEFAULT_MAX_RECORDS),
  comments: `The most changes one poll delivers, from 1 to ${MAX_RECORDS_LIMIT}. A poll also stops before its changes pass about 5 MB of JSON. When more are waiting, the next poll continues right after the last one delivered.`,
  example: "100",
  clean: (value: unknown) =>
    cleanInteger("Max Records", 1, MAX_RECORDS_LIMIT)(value) ?? DEFAULT_MAX_RECORDS,
});

const PERMISSIONS_HINT =
  "The trigger needs dynamodb:DescribeTable on the table and dynamodb:DescribeStream, dynamodb:GetShardIterator and dynamodb:GetRecords on its stream (arn:aws:dynamodb:REGION:ACCOUNT:table/TABLE/stream/*).";

/** The body of each poll's output. */
export interface TableChangesData {
  records: ChangeRecord[];
  count: number;
  hasMore: boolean;
  /** The limit that stopped the poll early (maxRecords, byteBudget, timeBudget), or null. */
  stoppedBy: StopReason | null;
  /** The records' size as JSON, in bytes: what the trigger's byte budget measures. */
  bytes: number;
  /** How many shards were listed and read, and which were not reached (read first next time). */
  shards: ShardCoverage;
  dataLoss: DataLoss[];
  notices: string[];
  tableName: string;
  streamArn: string;
}

const EXAMPLE_STREAM_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-01T12:00:00.000";

export const EXAMPLE_DATA: TableChangesData = {
  records: [
    {
      eventName: "INSERT",
      eventId: "7de3041dd709b024af6f29e4fa13d34c",
      sequenceNumber: "111100000000005596432866",
      shardId: "shardId-00000001714564800000-8f2b0c1e",
      approximateCreationDateTime: "2024-05-01T12:30:00.000Z",
      keys: { customerId: 1001 },
      newImage: { customerId: 1001, customerName: "Ada Lovelace", version: 1 },
      oldImage: null,
      userIdentity: null,
    },
    {
      eventName: "MODIFY",
      eventId: "b1e0a3f4c2d54e6f8a9b0c1d2e3f4a5b",
      sequenceNumber: "111200000000005596432901",
      shardId: "shardId-00000001714564800000-8f2b0c1e",
      approximateCreationDateTime: "2024-05-01T12:31:00.000Z",
      keys: { customerId: 1001 },
      newImage: { customerId: 1001, customerName: "Ada King", version: 2 },
      oldImage: { customerId: 1001, customerName: "Ada Lovelace", version: 1 },
      userIdentity: null,
    },
  ],
  count: 2,
  hasMore: false,
  stoppedBy: null,
  bytes: 761,
  shards: { listed: 1, read: 1, notReached: 0, notReachedIds: [] },
  dataLoss: [],
  notices: [],
  tableName: "Customers",
  streamArn: EXAMPLE_STREAM_ARN,
};

const EXAMPLE_PAYLOAD = {
  headers: {},
  queryParameters: {},
  rawBody: { data: null },
  body: { data: EXAMPLE_DATA },
  pathFragment: "",
  webhookUrls: { "Flow 1": "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjE=" },
  webhookApiKeys: { "Flow 1": [] },
  invokeUrl: "https://hooks.example.com/trigger/SW5zdGFuY2VGbG93Q29uZmlnOjE=",
  executionId: "SW5zdGFuY2VFeGVjdXRpb25SZXN1bHQ6MQ==",
  customer: { id: "customerId", name: "Customer 1", externalId: "1234" },
  instance: { id: "instanceId", name: "Instance 1" },
  user: { id: "userId", email: "user@example.com", name: "User 1", externalId: "1234" },
  integration: {
    id: "integrationId",
    name: "Integration 1",
    versionSequenceId: "1234",
    externalVersion: "1.0.0",
  },
  flow: { id: "flowId", name: "Flow 1", stableId: "flowStableId" },
  startedAt: "2024-05-01T12:32:00.000Z",
  globalDebug: false,
} satisfies TriggerPayload;

/** Adds what a user must do to the permission errors of the stream calls. */
function withPermissionHint(error: unknown, connection: Connection): unknown {
  if (error instanceof ConnectionError && /AccessDenied/.test(error.message)) {
    return connectionError(connection, `${error.message} ${PERMISSIONS_HINT}`);
  }
  return error;
}

export const tableChanges = pollingTrigger({
  display: {
    label: "New and Changed Items",
    description:
      "Checks the table's DynamoDB Stream on a schedule and delivers the items that were added, changed or deleted since the last poll.",
  },
  inputs: {
    ...tableStepInputs,
    startPosition,
    eventTypes,
    maxRecords,
    returnDynamoJson,
  },
  perform: async (context, payload, params) => {
    const step = connect(context, params);
    const { clients, table } = step;
    const callContext = { table, region: clients.region, connection: params.awsConnection };
    try {
      const { Table } = await step.call("DescribeTable", () =>
        clients.dynamodb.send(new DescribeTableCommand({ TableName: table })),
      );
      const streamArn = Table?.LatestStreamArn;
      if (!Table?.StreamSpecification?.StreamEnabled || !streamArn) {
        throw new Error(noStreamMessage(table, clients.region));
      }
      const result = await pollStream(
        clients.streams(),
        {
          streamArn,
          startPosition: params.startPosition ?? "LATEST",
          eventTypes: params.eventTypes,
          maxRecords: params.maxRecords,
          dynamoJson: params.returnDynamoJson,
          context: callContext,
        },
        context.polling.getState(),
      );
      for (const loss of result.dataLoss) context.logger.warn(loss.message);
      for (const notice of result.notices) context.logger.warn(notice);
      context.polling.setState({ ...result.state });
      const data: TableChangesData = {
        records: result.records,
        count: result.records.length,
        hasMore: result.hasMore,
        stoppedBy: result.stoppedBy,
        bytes: result.bytes,
        shards: result.shards,
        dataLoss: result.dataLoss,
        notices: result.notices,
        tableName: table,
        streamArn,
      };
      return {
        payload: { ...payload, body: { data } },
        // Lost data (or a restart) is worth a run of the flow even without records, so that it
        // is seen rather than only logged.
        polledNoChanges:
          result.records.length === 0 &&
          result.dataLoss.length === 0 &&
          result.notices.length === 0,
      };
    } catch (error) {
      throw withPermissionHint(error, params.awsConnection);
    }
  },
  examplePayload: { payload: EXAMPLE_PAYLOAD, polledNoChanges: false },
});

export default tableChanges;

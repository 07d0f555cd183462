/**
 * What each poll of New and Changed Items delivers (`body.data`), what each page of its initial
 * snapshot delivers (the same shape, SNAPSHOT records and a `snapshot` progress), and the example
 * the platform shows for it.
 */
import type { TriggerPayload } from "@prismatic-io/spectral";
import type { TruncationReason } from "../engines/paging";
import type { SnapshotCursor } from "../engines/snapshot";
import type {
  ChangeRecord,
  DataLoss,
  PollResult,
  ShardCoverage,
  StopReason,
} from "../engines/streams";

/**
 * How far an initial snapshot has come, on each page of it. `phase` is what this page did: fix
 * (fixed the stream position changes continue from), scan (delivered items), or off (Initial
 * Snapshot is false: nothing was done).
 */
export interface SnapshotProgress {
  phase: "fix" | "scan" | "off";
  /** This page's number within its phase (from 1). */
  page: number;
  /** How the stream position stands: kept (a saved one was used), fixed, or partlyFixed. */
  position: "kept" | "fixed" | "partlyFixed" | null;
  totalSegments: number;
  /** Segments read to their end so far. */
  segmentsDone: number;
  /** SNAPSHOT records delivered by this run so far, this page included. */
  delivered: number;
  /** Items DynamoDB examined for this page. */
  scannedCount: number;
  /** What ended this page before the table's end: byteBudget, maxItems or pageLimit; else null. */
  stoppedBy: TruncationReason | null;
  /** When the snapshot's first page ran (ISO 8601). */
  startedAt: string;
}

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
  /** Only on the pages of an initial snapshot. */
  snapshot?: SnapshotProgress;
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

export const EXAMPLE_PAYLOAD = {
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

/**
 * A poll's result (or an instant delivery's, which has no saved state) as the trigger's
 * `body.data`: both change triggers give the flow this one shape.
 */
export function tableChangesData(
  result: Omit<PollResult, "state">,
  tableName: string,
  streamArn: string,
): TableChangesData {
  return {
    records: result.records,
    count: result.records.length,
    hasMore: result.hasMore,
    stoppedBy: result.stoppedBy,
    bytes: result.bytes,
    shards: result.shards,
    dataLoss: result.dataLoss,
    notices: result.notices,
    tableName,
    streamArn,
  };
}

/** What a snapshot page did, for its output. */
export interface SnapshotPageSummary {
  cursor: SnapshotCursor;
  phase: SnapshotProgress["phase"];
  position: SnapshotProgress["position"];
  records: ChangeRecord[];
  bytes: number;
  hasMore: boolean;
  scannedCount: number;
  segmentsDone: number;
  stoppedBy: TruncationReason | null;
  /** The fix's poll result (its coverage, losses and notices) on a fix page. */
  poll?: Pick<PollResult, "shards" | "dataLoss" | "notices" | "stoppedBy">;
  notices: string[];
}

const NO_SHARDS: ShardCoverage = { listed: 0, read: 0, notReached: 0, notReachedIds: [] };

/** The trigger-wide stop reason matching a snapshot page's (a scan page's item cap is maxRecords). */
function snapshotStop(page: SnapshotPageSummary): StopReason | null {
  if (page.poll) return page.poll.stoppedBy;
  if (page.stoppedBy === "byteBudget") return "byteBudget";
  if (page.stoppedBy === "maxItems") return "maxRecords";
  return null;
}

/** A snapshot page as the trigger's `body.data`: TableChangesData with its `snapshot` progress. */
export function snapshotData(
  page: SnapshotPageSummary,
  tableName: string,
  streamArn: string,
): TableChangesData {
  const { cursor } = page;
  return {
    records: page.records,
    count: page.records.length,
    hasMore: page.hasMore,
    stoppedBy: snapshotStop(page),
    bytes: page.bytes,
    shards: page.poll?.shards ?? NO_SHARDS,
    dataLoss: page.poll?.dataLoss ?? [],
    notices: [...(page.poll?.notices ?? []), ...page.notices],
    tableName,
    streamArn,
    snapshot: {
      phase: page.phase,
      page: cursor.pages + 1,
      position: page.position,
      totalSegments: cursor.totalSegments,
      segmentsDone: page.segmentsDone,
      delivered: cursor.delivered + page.records.length,
      scannedCount: page.scannedCount,
      stoppedBy: page.stoppedBy,
      startedAt: cursor.startedAt,
    },
  };
}

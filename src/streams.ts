/**
 * Reading a table's DynamoDB Stream from a saved position: the logic behind the New and Changed
 * Items trigger, kept apart from the trigger definition so that it can be tested on its own.
 *
 * A stream is a set of shards. Each shard holds the changes of part of the table in order; a
 * shard is open for a few hours, then closes and gets one or two children that carry on for the
 * same keys. Changes to one key are therefore in order only when a parent is read to its end
 * before its children, and each shard is read in sequence-number order.
 *
 * The saved state holds, per shard, the sequence number of the last record processed (delivered,
 * filtered out or skipped), and the ids of closed shards that were read to their end. Finished
 * ids are kept only while DescribeStream still lists the shard (24 hours), so that children know
 * their parent is done, and the state stays as small as the stream's own shard list.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  type DescribeStreamCommandOutput,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsOutput,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import { type CallContext, StepError, toActionError } from "./errors";
import { PageGuard } from "./paging";
import { formatItemOrNull } from "./values";

export const START_POSITIONS = ["LATEST", "TRIM_HORIZON"] as const;
export type StartPosition = (typeof START_POSITIONS)[number];

export const EVENT_TYPES = ["INSERT", "MODIFY", "REMOVE"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** GetRecords returns at most 1,000 records per call. */
export const MAX_RECORDS_LIMIT = 1000;
const STATE_VERSION = 1;

export interface StreamSettings {
  /** A poll stops reading (and saves its position) once it has run this long. */
  timeBudgetMs: number;
  /**
   * An open shard answers with empty pages at its tip, but may also answer with a few empty pages
   * before data further on; this many empty pages in a row count as "nothing more for now".
   */
  maxEmptyPages: number;
  /** How many times one shard's iterator is renewed after ExpiredIteratorException in one poll. */
  maxIteratorRenewals: number;
  /** The clock; replaceable so that tests can move time. */
  now: () => number;
}

const DEFAULT_SETTINGS: StreamSettings = {
  timeBudgetMs: 20_000,
  maxEmptyPages: 3,
  maxIteratorRenewals: 3,
  now: () => Date.now(),
};

/** The settings every poll uses. Tests change them; code reads them at each poll. */
export const streamSettings: StreamSettings = { ...DEFAULT_SETTINGS };

export function resetStreamSettings(): void {
  Object.assign(streamSettings, DEFAULT_SETTINGS);
}

/** Where reading resumes in one shard. */
export interface ShardPosition {
  /** The sequence number of the last record processed; reading resumes after it. */
  after?: string;
  /**
   * Set only when a first poll with Start Position LATEST ran out of time before reaching the
   * shard's tip: records created before this time (epoch ms) are skipped, not delivered.
   */
  skipBefore?: number;
}

export interface StreamState {
  version: number;
  streamArn: string;
  /** Unfinished shards that have a position; a shard without one is read from its beginning. */
  shards: Record<string, ShardPosition>;
  /** Closed shards read to their end, kept while DescribeStream still lists them. */
  finished: string[];
}

export interface DataLoss {
  shardId: string;
  lastSequenceNumber: string | null;
  message: string;
}

/** One change, as the trigger outputs it. */
export interface ChangeRecord {
  eventName: string;
  eventId: string | null;
  sequenceNumber: string;
  shardId: string;
  approximateCreationDateTime: string | null;
  keys: Record<string, unknown>;
  newImage: Record<string, unknown> | null;
  oldImage: Record<string, unknown> | null;
  /** Set for deletions made by DynamoDB itself (Time to Live); null for changes made by callers. */
  userIdentity: { type: string | null; principalId: string | null } | null;
}

export interface PollOptions {
  streamArn: string;
  /** Used only when there is no saved state for this stream's table. */
  startPosition: StartPosition;
  /** Event names to deliver; undefined delivers all. */
  eventTypes?: readonly EventType[];
  maxRecords: number;
  /** Return images and keys in DynamoDB's typed form. */
  dynamoJson?: boolean;
  /** For error messages: operation names are added per call. */
  context: Omit<CallContext, "operation">;
}

export interface PollResult {
  records: ChangeRecord[];
  state: StreamState;
  dataLoss: DataLoss[];
  /** True when the poll stopped (Max Records or time) while records may remain to be read. */
  hasMore: boolean;
  notices: string[];
}

function errorName(error: unknown): string {
  return error && typeof error === "object" && "name" in error ? String(error.name) : "";
}

/** Compares sequence numbers (decimal strings of varying length) numerically. */
export function compareSequenceNumbers(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const difference = BigInt(a) - BigInt(b);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }
  return a < b ? -1 : 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the saved polling state. Anything that is not a state this code wrote (blank on the first
 * poll) gives undefined, which starts over from the Start Position.
 */
export function parseState(raw: unknown): StreamState | undefined {
  if (!isRecord(raw) || raw.version !== STATE_VERSION || typeof raw.streamArn !== "string") {
    return undefined;
  }
  const shards: Record<string, ShardPosition> = {};
  if (isRecord(raw.shards)) {
    for (const [shardId, value] of Object.entries(raw.shards)) {
      if (!isRecord(value)) continue;
      const position: ShardPosition = {};
      if (typeof value.after === "string") position.after = value.after;
      if (typeof value.skipBefore === "number") position.skipBefore = value.skipBefore;
      shards[shardId] = position;
    }
  }
  const finished = Array.isArray(raw.finished)
    ? raw.finished.filter((id): id is string => typeof id === "string")
    : [];
  return { version: STATE_VERSION, streamArn: raw.streamArn, shards, finished };
}

/** The table part of a stream ARN (…:table/NAME/stream/LABEL), to tell "same table, new stream". */
export function streamTableArn(streamArn: string): string {
  const index = streamArn.indexOf("/stream/");
  return index === -1 ? streamArn : streamArn.slice(0, index);
}

/** Converts one stream record to plain JSON, as every item output of the connector. */
export function formatRecord(record: _Record, shardId: string, dynamoJson = false): ChangeRecord {
  const data = record.dynamodb ?? {};
  // The streams client's AttributeValue is structurally DynamoDB's; formatItem takes the latter.
  const convert = (image: unknown) =>
    formatItemOrNull(image as Record<string, AttributeValue> | undefined, dynamoJson);
  const created = data.ApproximateCreationDateTime;
  return {
    eventName: record.eventName ?? "",
    eventId: record.eventID ?? null,
    sequenceNumber: data.SequenceNumber ?? "",
    shardId,
    approximateCreationDateTime:
      created instanceof Date && !Number.isNaN(created.getTime()) ? created.toISOString() : null,
    keys: convert(data.Keys) ?? {},
    newImage: convert(data.NewImage),
    oldImage: convert(data.OldImage),
    userIdentity: record.userIdentity
      ? {
          type: record.userIdentity.Type ?? null,
          principalId: record.userIdentity.PrincipalId ?? null,
        }
      : null,
  };
}

/** The error for a table without a readable stream: what to do about it. */
export function noStreamMessage(table: string | undefined, region: string): string {
  const name = table ? `"${table}"` : "The table";
  return `Table ${name} in ${region} has no DynamoDB stream enabled, so there are no changes to read. Turn one on with the Update Table action (Stream View Type: NEW_AND_OLD_IMAGES, so that each change carries the item before and after it), or in the AWS console: DynamoDB > Tables > ${table ?? "your table"} > Exports and streams > DynamoDB stream details > Turn on. Changes made before the stream is on are not recorded.`;
}

/**
 * Every shard of the stream (DescribeStream pages of up to 100), from at most MAX_PAGES pages;
 * throws an Error past them or on a repeated cursor (PageGuard).
 */
export async function listShards(
  client: DynamoDBStreamsClient,
  streamArn: string,
  context: Omit<CallContext, "operation">,
): Promise<Shard[]> {
  const shards: Shard[] = [];
  const guard = new PageGuard("DescribeStream");
  let exclusiveStartShardId: string | undefined;
  do {
    let output: DescribeStreamCommandOutput;
    try {
      output = await client.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
    } catch (error) {
      if (errorName(error) === "ResourceNotFoundException") {
        // The table still names a stream that is gone (it was disabled long ago, or replaced).
        throw new StepError(
          `${noStreamMessage(context.table, context.region)} (DescribeStream: stream ${streamArn} was not found.)`,
        );
      }
      throw toActionError(error, { ...context, operation: "DescribeStream" });
    }
    const description = output.StreamDescription;
    for (const shard of description?.Shards ?? []) {
      if (shard.ShardId) shards.push(shard);
    }
    exclusiveStartShardId = description?.LastEvaluatedShardId;
    // A cursor given before, or pages without end, would hold the step forever.
    if (exclusiveStartShardId && guard.next(exclusiveStartShardId)) throw guard.limitError();
  } while (exclusiveStartShardId);
  return shards;
}

/** Shards in the order their data starts; the lineage (parent first) is enforced when reading. */
function byStart(a: Shard, b: Shard): number {
  return (
    compareSequenceNumbers(
      a.SequenceNumberRange?.StartingSequenceNumber,
      b.SequenceNumberRange?.StartingSequenceNumber,
    ) || String(a.ShardId).localeCompare(String(b.ShardId))
  );
}

const isClosed = (shard: Shard) => shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;

type ShardOutcome = "finished" | "idle" | "stopped";

/**
 * One poll: reads the stream from the saved state, parent shards before their children, until
 * every readable shard is at its tip, Max Records records are delivered, or the time budget is
 * spent. Returns the records and the state to save; nothing is saved on an error, so a failed
 * poll is simply repeated.
 */
export async function pollStream(
  client: DynamoDBStreamsClient,
  options: PollOptions,
  savedState: unknown,
): Promise<PollResult> {
  const poll = new StreamPoll(client, options);
  const positions = poll.resume(savedState);
  await poll.listAndReconcile(positions);
  await poll.readReadyShards();
  return poll.result();
}

/** One poll of a stream: where it resumed, what it read, and where the next poll continues. */
class StreamPoll {
  private readonly settings = streamSettings;
  private readonly started = this.settings.now();
  private readonly deadline = this.started + this.settings.timeBudgetMs;
  private readonly filter: Set<string> | undefined;
  private readonly maxRecords: number;
  private readonly records: ChangeRecord[] = [];
  private readonly dataLoss: DataLoss[] = [];
  private readonly notices: string[] = [];
  private firstPoll = false;
  private finishedIds: string[] = [];
  private shards: Shard[] = [];
  private listed = new Map<string, Shard>();
  private finished = new Set<string>();
  /** Open shards a first LATEST poll reads to their tip without delivering anything. */
  private readonly catchUp = new Set<string>();
  private readonly state: Record<string, ShardPosition> = {};
  private hasMore = false;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly options: PollOptions,
  ) {
    this.filter = options.eventTypes?.length ? new Set<string>(options.eventTypes) : undefined;
    this.maxRecords = Math.max(1, Math.min(MAX_RECORDS_LIMIT, Math.floor(options.maxRecords)));
  }

  /** The saved shard positions to continue from ({} on a first poll), with a notice when reset. */
  resume(savedState: unknown): Record<string, ShardPosition> {
    const { streamArn, startPosition } = this.options;
    const saved = parseState(savedState);
    if (!saved) {
      this.firstPoll = true;
      if (isRecord(savedState) && Object.keys(savedState).length > 0) {
        this.notices.push(
          `The saved position was not recognised, so reading started again from the Start Position (${startPosition}).`,
        );
      }
      return {};
    }
    if (saved.streamArn === streamArn) {
      this.finishedIds = saved.finished;
      return saved.shards;
    }
    if (streamTableArn(saved.streamArn) === streamTableArn(streamArn)) {
      // The table's stream was turned off and on again: every record of the new stream is newer
      // than anything already delivered, so it is read from its beginning.
      this.notices.push(
        `The table's stream changed from ${saved.streamArn} to ${streamArn} (it was disabled and enabled again). The new stream is read from its beginning. Records of the old stream that had not been delivered yet are not read, and changes made while the stream was off were never recorded.`,
      );
    } else {
      this.firstPoll = true;
      this.notices.push(
        `The trigger now reads another table's stream (${streamArn}), so reading started from the Start Position (${startPosition}).`,
      );
    }
    return {};
  }

  /**
   * Lists the shards and matches the saved positions to them. Shards that DescribeStream no
   * longer lists were trimmed (after 24 hours): a finished one is simply forgotten; an unfinished
   * one lost its remaining records, which is reported.
   */
  async listAndReconcile(positions: Record<string, ShardPosition>): Promise<void> {
    const { streamArn, context } = this.options;
    this.shards = (await listShards(this.client, streamArn, context)).sort(byStart);
    this.listed = new Map(this.shards.map((shard) => [shard.ShardId as string, shard]));
    this.finished = new Set(this.finishedIds.filter((id) => this.listed.has(id)));
    for (const [shardId, position] of Object.entries(positions)) {
      if (this.listed.has(shardId)) {
        if (!this.finished.has(shardId)) this.state[shardId] = { ...position };
        continue;
      }
      this.dataLoss.push({
        shardId,
        lastSequenceNumber: position.after ?? null,
        message: `Shard ${shardId} left the stream (DynamoDB keeps stream records for 24 hours) before it was read to its end: the records after ${
          position.after ? `sequence number ${position.after}` : "the saved position"
        } in that shard were not delivered. Poll more often than the stream's retention to avoid this.`,
      });
    }
    // On a first poll from LATEST, history is skipped: closed shards count as finished, and open
    // shards are read to their tip now without delivering anything ("catch-up").
    if (this.firstPoll && this.options.startPosition === "LATEST") {
      for (const shard of this.shards) {
        const shardId = shard.ShardId as string;
        if (isClosed(shard)) this.finished.add(shardId);
        else this.catchUp.add(shardId);
      }
    }
  }

  private parentDone(shard: Shard): boolean {
    const parent = shard.ParentShardId;
    return !parent || !this.listed.has(parent) || this.finished.has(parent);
  }

  private reportTrimmed(shardId: string, after: string | undefined): void {
    this.dataLoss.push({
      shardId,
      lastSequenceNumber: after ?? null,
      message: `The stream no longer holds the records of shard ${shardId} after ${
        after ? `sequence number ${after}` : "the saved position"
      } (DynamoDB keeps stream records for 24 hours): some changes were lost. Reading continues from the oldest record still in the shard (TRIM_HORIZON).`,
    });
  }

  /** A fresh iterator from the position; reports and recovers when the position was trimmed. */
  private async iteratorFor(shardId: string, position: ShardPosition): Promise<string | undefined> {
    const context = this.options.context;
    for (let attempt = 0; attempt < 2; attempt++) {
      const type: ShardIteratorType = position.after ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON";
      try {
        const output = await this.client.send(
          new GetShardIteratorCommand({
            StreamArn: this.options.streamArn,
            ShardId: shardId,
            ShardIteratorType: type,
            ...(position.after ? { SequenceNumber: position.after } : {}),
          }),
        );
        return output.ShardIterator;
      } catch (error) {
        const name = errorName(error);
        if (name === "TrimmedDataAccessException" && position.after) {
          this.reportTrimmed(shardId, position.after);
          delete position.after;
          continue;
        }
        if (name === "ResourceNotFoundException") {
          // Listed a moment ago, trimmed now: nothing is left to read in it.
          if (position.after) this.reportTrimmed(shardId, position.after);
          return undefined;
        }
        throw toActionError(error, { ...context, operation: "GetShardIterator" });
      }
    }
    throw toActionError(new Error(`Shard ${shardId} could not be read from its beginning.`), {
      ...context,
      operation: "GetShardIterator",
    });
  }

  /** One GetRecords page; an expired iterator is renewed and a trimmed position recovered. */
  private async nextPage(
    shardId: string,
    position: ShardPosition,
    cursor: { iterator: string; renewals: number; trims: number },
    limit: number,
  ): Promise<GetRecordsOutput | undefined> {
    for (;;) {
      try {
        return await this.client.send(
          new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: limit }),
        );
      } catch (error) {
        const name = errorName(error);
        const renew =
          name === "ExpiredIteratorException" &&
          cursor.renewals < this.settings.maxIteratorRenewals;
        const trimmed = name === "TrimmedDataAccessException" && cursor.trims < 2;
        if (!renew && !trimmed) {
          throw toActionError(error, { ...this.options.context, operation: "GetRecords" });
        }
        // Iterators live 15 minutes; the saved sequence number is the way back in.
        if (renew) cursor.renewals += 1;
        else {
          cursor.trims += 1;
          this.reportTrimmed(shardId, position.after);
          delete position.after;
        }
        const iterator = await this.iteratorFor(shardId, position);
        if (iterator === undefined) return undefined;
        cursor.iterator = iterator;
      }
    }
  }

  /**
   * Takes a page's records: skipped (catch-up, before a cut-off time, or filtered out) or
   * delivered, the position moving record by record. "stopped" when Max Records is reached.
   */
  private takeRecords(
    page: GetRecordsOutput,
    shardId: string,
    position: ShardPosition,
    skipAll: boolean,
  ): "stopped" | undefined {
    for (const record of page.Records ?? []) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      if (!sequenceNumber) continue;
      if (skipAll) {
        position.after = sequenceNumber;
        continue;
      }
      if (position.skipBefore !== undefined) {
        const created = record.dynamodb?.ApproximateCreationDateTime;
        // DynamoDB rounds the creation time down to the second.
        const cutoff = Math.floor(position.skipBefore / 1000) * 1000;
        if (created instanceof Date && created.getTime() < cutoff) {
          position.after = sequenceNumber;
          continue;
        }
        delete position.skipBefore;
      }
      if (this.filter && !this.filter.has(record.eventName ?? "")) {
        position.after = sequenceNumber;
        continue;
      }
      if (this.records.length >= this.maxRecords) return "stopped";
      this.records.push(formatRecord(record, shardId, this.options.dynamoJson));
      position.after = sequenceNumber;
    }
    return undefined;
  }

  /** Reads one shard as far as it goes now; the position is updated record by record. */
  private async readShard(shard: Shard): Promise<ShardOutcome> {
    const shardId = shard.ShardId as string;
    this.state[shardId] ??= {};
    const position = this.state[shardId];
    const skipAll = this.catchUp.has(shardId);
    if (this.settings.now() >= this.deadline) return "stopped";
    const iterator = await this.iteratorFor(shardId, position);
    if (iterator === undefined) return "finished";
    const cursor = { iterator, renewals: 0, trims: 0 };
    let emptyPages = 0;
    for (;;) {
      if (this.settings.now() >= this.deadline) return "stopped";
      // Without a filter, asking for exactly what is left avoids reading records twice.
      const limit =
        this.filter || skipAll || position.skipBefore !== undefined
          ? MAX_RECORDS_LIMIT
          : Math.min(MAX_RECORDS_LIMIT, this.maxRecords - this.records.length);
      const page = await this.nextPage(shardId, position, cursor, limit);
      if (page === undefined) return "finished";
      if (this.takeRecords(page, shardId, position, skipAll) === "stopped") return "stopped";
      if (!page.NextShardIterator) return "finished";
      if (this.records.length >= this.maxRecords) return "stopped";
      if ((page.Records ?? []).length === 0) {
        emptyPages += 1;
        // A closed shard must be read to its end before its children, so only the time budget
        // bounds it; an open shard is "idle" after a few empty pages.
        if (!isClosed(shard) && emptyPages >= this.settings.maxEmptyPages) return "idle";
      } else {
        emptyPages = 0;
      }
      cursor.iterator = page.NextShardIterator;
    }
  }

  /** Reads the shards whose parents are done, parents first, until Max Records or the time budget. */
  async readReadyShards(): Promise<void> {
    const visited = new Set<string>();
    for (;;) {
      const ready = this.shards.filter((shard) => {
        const shardId = shard.ShardId as string;
        return !visited.has(shardId) && !this.finished.has(shardId) && this.parentDone(shard);
      });
      if (ready.length === 0) return;
      for (const shard of ready) {
        if (this.records.length >= this.maxRecords) {
          this.hasMore = true;
          return;
        }
        const shardId = shard.ShardId as string;
        visited.add(shardId);
        const outcome = await this.readShard(shard);
        if (outcome === "stopped") {
          this.hasMore = true;
          return;
        }
        if (outcome === "finished") {
          this.finished.add(shardId);
          delete this.state[shardId];
        }
        this.catchUp.delete(shardId);
      }
    }
  }

  /** What the poll read, and the state the next poll continues from. */
  result(): PollResult {
    // A first LATEST poll that ran out of time before reaching some open shard's tip: the rest
    // of their history is skipped by creation time in later polls.
    for (const shardId of this.catchUp) {
      this.state[shardId] = { ...this.state[shardId], skipBefore: this.started };
    }
    const shardsToSave: Record<string, ShardPosition> = {};
    for (const [shardId, position] of Object.entries(this.state)) {
      if (this.finished.has(shardId)) continue;
      const saved: ShardPosition = {};
      if (position.after) saved.after = position.after;
      if (position.skipBefore !== undefined) saved.skipBefore = position.skipBefore;
      if (saved.after !== undefined || saved.skipBefore !== undefined)
        shardsToSave[shardId] = saved;
    }
    return {
      records: this.records,
      dataLoss: this.dataLoss,
      hasMore: this.hasMore,
      notices: this.notices,
      state: {
        version: STATE_VERSION,
        streamArn: this.options.streamArn,
        shards: shardsToSave,
        finished: [...this.finished].filter((id) => this.listed.has(id)),
      },
    };
  }
}

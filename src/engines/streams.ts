/**
 * Reading a table's DynamoDB Stream from a saved position: the logic behind the New and Changed
 * Items trigger, kept apart from the trigger definition so that it can be tested on its own.
 *
 * A stream is a set of shards. Each shard holds the changes of part of the table in order; a
 * shard is open for a few hours, then closes and gets one or two children that carry on for the
 * same keys. Changes to one key are therefore in order only when a parent is read to its end
 * before its children, and each shard is read in sequence-number order.
 *
 * The saved state holds an entry for every listed shard that is not finished (with the sequence
 * number of the last record processed: delivered, filtered out or skipped), the ids of closed
 * shards that were read to their end, and the shard the next poll starts with. Finished ids are
 * kept only while DescribeStream still lists the shard (24 hours), so that children know their
 * parent is done, and the state stays as small as the stream's own shard list.
 *
 * A poll is bounded by Max Records, a byte budget and a time budget; shards are read in rotation,
 * so a poll that cannot read them all leaves the rest to the next one, which starts there.
 */
import { type AttributeValue, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type {
  _Record,
  DescribeStreamCommandOutput,
  DynamoDBStreamsClient,
  GetRecordsOutput,
  Shard,
  ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import { type Connection, ConnectionError } from "@prismatic-io/spectral";
import {
  type CallContext,
  isAccessDenied,
  rewordedConnectionError,
  StepError,
  toActionError,
} from "../aws/errors";
import type { Step } from "../aws/invocation";
import { type PermissionKey, permissionsPhrase } from "../aws/permissions";
import { streamsSdk } from "../aws/sdkModules";
import { DEFAULT_BYTE_BUDGET } from "../common/limits";
import { Pacer } from "../common/pacing";
import { type EventType, MAX_RECORDS_LIMIT, type StartPosition } from "../inputs/streams";
import { answerShapeError, formatItemOrNull, shown } from "../values";
import { PageGuard } from "./paging";

const STATE_VERSION = 1;

export interface StreamSettings {
  /** A poll stops reading (and saves its position) once it has run this long. */
  timeBudgetMs: number;
  /**
   * A poll stops delivering before its records pass this many bytes, measured as JSON (how the
   * output is serialised); one record always goes out, however large.
   */
  byteBudget: number;
  /**
   * An open shard read from its beginning (TRIM_HORIZON) may answer a few empty pages before
   * data further on; this many empty pages in a row count as "nothing more for now".
   */
  maxEmptyPages: number;
  /**
   * The same, for an open shard resumed right after a saved sequence number: the next record is
   * there or the shard is at its tip, so one empty page ends it (an idle shard costs two calls).
   */
  maxEmptyPagesAfterPosition: number;
  /** How many times one shard's iterator is renewed after ExpiredIteratorException in one poll. */
  maxIteratorRenewals: number;
  /** The clock; replaceable so that tests can move time. */
  now: () => number;
}

/**
 * What one poll delivers is bounded by the same budget as Fetch All: about 5 MB of JSON, a size
 * the platform and the next steps handle comfortably (Max Records 1,000 of 400 KB images in both
 * NEW_AND_OLD_IMAGES would be 800 MB).
 */
const TRIGGER_BYTE_BUDGET = DEFAULT_BYTE_BUDGET;

const DEFAULT_SETTINGS: StreamSettings = {
  timeBudgetMs: 20_000,
  byteBudget: TRIGGER_BYTE_BUDGET,
  maxEmptyPages: 2,
  maxEmptyPagesAfterPosition: 1,
  maxIteratorRenewals: 3,
  now: () => Date.now(),
};

/**
 * Until a poll has seen a record, a page's Limit assumes records of this many bytes of JSON: the
 * first page asks for 16 records (PAGE_BYTES / 64 KB), so an endpoint that ignores GetRecords'
 * 1 MB page size hands over at most 16 records before their real size is known.
 */
const ASSUMED_RECORD_BYTES = 64 * 1024;
/**
 * A page asks for no more records than fit in about 1 MB at the size seen: DynamoDB's own page
 * size for GetRecords, so no call is added, and the answer an endpoint parses in one piece stays
 * small whatever it allows.
 */
const PAGE_BYTES = 1024 * 1024;
/** The output lists at most this many of the shards a poll did not reach (all are counted). */
const MAX_LISTED_NOT_REACHED = 100;

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
  /**
   * A saved position that cannot be used (not a sequence number), as read from the state; the
   * shard is reset and the reset reported. Never saved.
   */
  invalid?: string;
}

export interface StreamState {
  version: number;
  streamArn: string;
  /**
   * Every listed shard that is not finished, from the first poll that saw it; one without a
   * sequence number is read from its beginning. A shard that leaves the stream while it is here
   * is reported as lost.
   */
  shards: Record<string, ShardPosition>;
  /** Closed shards read to their end, kept while DescribeStream still lists them. */
  finished: string[];
  /** The shard the next poll starts with (the rotation's place), when the last poll stopped early. */
  resumeAt?: string;
}

/**
 * Why a shard's records were not (all) delivered: trimmed (older than the stream's 24 hours),
 * shardLeft (the shard left the stream before it was read to its end), positionReset (the saved
 * position could not be used and the shard was read again from the Start Position).
 */
export type DataLossReason = "trimmed" | "shardLeft" | "positionReset";

export interface DataLoss {
  shardId: string;
  lastSequenceNumber: string | null;
  reason: DataLossReason;
  message: string;
}

/** Why a poll stopped before reading everything it could: the first limit it reached. */
export type StopReason = "maxRecords" | "byteBudget" | "timeBudget";

/** Which shards a poll read; the ones it did not reach are read first by the next poll. */
export interface ShardCoverage {
  /** Shards DescribeStream listed. */
  listed: number;
  /** Shards this poll read from (at least one call). */
  read: number;
  /** Shards ready to read (unfinished, parent done) that this poll did not reach. */
  notReached: number;
  /** The first MAX_LISTED_NOT_REACHED (100) of them, in the order the next poll reads them. */
  notReachedIds: string[];
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
  /**
   * Read every ready shard to its tip and deliver nothing (fixing a position, see
   * catchUpStream): positions move past every record read; no cut-off time is ever saved.
   */
  catchUpOnly?: boolean;
}

export interface PollResult {
  records: ChangeRecord[];
  state: StreamState;
  dataLoss: DataLoss[];
  /**
   * True when the poll stopped (Max Records, the byte budget or time) while records may remain
   * to be read, or left shards unread.
   */
  hasMore: boolean;
  /** The limit that stopped the poll early; null when it read every ready shard to its tip. */
  stoppedBy: StopReason | null;
  /** The records' size as JSON, in bytes (what the byte budget measures). */
  bytes: number;
  shards: ShardCoverage;
  notices: string[];
  /** catchUpStream only: the open shards this call read to their tip. */
  atTip?: string[];
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

/** DynamoDB's sequence numbers are decimal strings of 21 to 40 digits (API reference). */
const SEQUENCE_NUMBER = /^[0-9]{21,40}$/;

/** A saved value that is not a position, as shown in a message: JSON-escaped and short. */
function showSaved(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function parsePosition(value: unknown): ShardPosition {
  if (!isRecord(value)) return { invalid: showSaved(value) };
  const position: ShardPosition = {};
  if (value.after !== undefined) {
    if (typeof value.after === "string" && SEQUENCE_NUMBER.test(value.after)) {
      position.after = value.after;
    } else {
      position.invalid = showSaved(value.after);
    }
  }
  if (typeof value.skipBefore === "number" && Number.isFinite(value.skipBefore)) {
    position.skipBefore = value.skipBefore;
  }
  return position;
}

/**
 * Reads the saved polling state. Anything that is not a state this code wrote (blank on the first
 * poll) gives undefined, which starts over from the Start Position. A shard position that is not
 * one is kept as `invalid`, so that the shard is reset with a report rather than silently.
 */
export function parseState(raw: unknown): StreamState | undefined {
  if (!isRecord(raw) || raw.version !== STATE_VERSION || typeof raw.streamArn !== "string") {
    return undefined;
  }
  const shards: Record<string, ShardPosition> = {};
  if (isRecord(raw.shards)) {
    for (const [shardId, value] of Object.entries(raw.shards)) {
      shards[shardId] = parsePosition(value);
    }
  }
  const finished = Array.isArray(raw.finished)
    ? raw.finished.filter((id): id is string => typeof id === "string")
    : [];
  const state: StreamState = { version: STATE_VERSION, streamArn: raw.streamArn, shards, finished };
  if (typeof raw.resumeAt === "string") state.resumeAt = raw.resumeAt;
  return state;
}

/** The table part of a stream ARN (…:table/NAME/stream/LABEL), to tell "same table, new stream". */
export function streamTableArn(streamArn: string): string {
  const index = streamArn.indexOf("/stream/");
  return index === -1 ? streamArn : streamArn.slice(0, index);
}

/**
 * A GetRecords page's records. Records that are no array (a mocked answer's text) are an
 * unexpectedAnswer StepError rather than read character by character.
 */
function recordsOf(page: GetRecordsOutput): _Record[] {
  const records: unknown = page.Records ?? [];
  if (!Array.isArray(records)) {
    throw answerShapeError(`GetRecords' Records is ${shown(records)}, not an array`);
  }
  return records;
}

/**
 * A record's sequence number, which its delivery position is. DynamoDB Streams gives every
 * record one; a record without (a mocked answer's, or null) is an unexpectedAnswer StepError
 * rather than a record skipped without a word, or a TypeError.
 */
function sequenceNumberOf(record: _Record | null, index: number): string {
  const sequenceNumber = record?.dynamodb?.SequenceNumber;
  if (typeof sequenceNumber === "string" && sequenceNumber !== "") return sequenceNumber;
  throw answerShapeError(
    `GetRecords' Records[${index}] has no dynamodb.SequenceNumber, so it cannot be delivered in order, once`,
  );
}

/**
 * Converts one stream record to plain JSON, as every item output of the connector: the one
 * conversion of both change triggers (the polling one and the instant one, pipeDelivery.ts).
 */
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
 * The ARN of the step's table's stream (DescribeTable). Throws a StepError `streamNotFound`
 * (noStreamMessage) when the table has no stream enabled, and what DescribeTable throws.
 */
export async function tableStreamArn(step: Step): Promise<string> {
  const { Table } = await step.send(
    "DescribeTable",
    new DescribeTableCommand({ TableName: step.table }),
  );
  const streamArn = Table?.LatestStreamArn;
  if (!Table?.StreamSpecification?.StreamEnabled || !streamArn) {
    throw new StepError("streamNotFound", noStreamMessage(step.table, step.region));
  }
  return streamArn;
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
        new (streamsSdk().DescribeStreamCommand)({
          StreamArn: streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
    } catch (error) {
      if (errorName(error) === "ResourceNotFoundException") {
        // The table still names a stream that is gone (it was disabled long ago, or replaced).
        throw new StepError(
          "streamNotFound",
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

/**
 * How reading one shard ended: finished (closed and read to its end, or gone), idle (open, at its
 * tip), stopped (a limit was reached while reading it) or notStarted (reached before any call).
 */
type ShardOutcome = "finished" | "idle" | "stopped" | "notStarted";

/** The errors GetShardIterator gives for a sequence number the shard does not have. */
const REFUSED_POSITION = new Set(["ValidationException", "InvalidArgumentException"]);

/**
 * One poll: reads the stream from the saved state, parent shards before their children, until
 * every readable shard is at its tip, Max Records records are delivered, the byte budget is
 * reached or the time budget is spent. Shards are read in rotation: a poll that stops early saves
 * where it stopped, and the next one starts there, so every shard is reached within a bounded
 * number of polls however many there are. Returns the records and the state to save; nothing is
 * saved on an error, so a failed poll is simply repeated.
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

/**
 * Fixes a stream position at the stream's tip: reads every shard that is not finished to its tip
 * and delivers nothing. Without a saved state for this stream it starts as a first LATEST poll
 * does (closed shards count as finished, open ones are read from their beginning); with one, it
 * goes on from it. Every position it saves is exact (no cut-off time), and it moves only past
 * records it read, so a record written after the call started is never skipped. Bounded like a
 * poll (time budget); `hasMore` says another call must go on before the tip is reached, and the
 * state saved so far is already safe to poll from (polls then deliver what it did not skip).
 */
export async function catchUpStream(
  client: DynamoDBStreamsClient,
  options: Pick<PollOptions, "streamArn" | "context">,
  savedState: unknown,
): Promise<PollResult> {
  return pollStream(
    client,
    { ...options, startPosition: "LATEST", maxRecords: MAX_RECORDS_LIMIT, catchUpOnly: true },
    savedState,
  );
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
  /** Shards this poll read from. */
  private readonly visited = new Set<string>();
  /** Open shards read to their tip (idle) by this poll. */
  private readonly atTip = new Set<string>();
  private stopReason: StopReason | undefined;
  /** The saved rotation place, and the one to save. */
  private resumeAt: string | undefined;
  private nextResumeAt: string | undefined;
  /** Delivered bytes (JSON), and the largest record seen, to size the next page's Limit. */
  private bytes = 0;
  private largestRecordBytes: number | undefined;
  private readonly pacer = new Pacer();

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
      this.resumeAt = saved.resumeAt;
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
   * one lost its remaining records, which is reported. A saved position that is not a sequence
   * number resets its shard, reported too.
   */
  async listAndReconcile(positions: Record<string, ShardPosition>): Promise<void> {
    const { streamArn, context } = this.options;
    this.shards = (await listShards(this.client, streamArn, context)).sort(byStart);
    this.listed = new Map(this.shards.map((shard) => [shard.ShardId as string, shard]));
    this.finished = new Set(this.finishedIds.filter((id) => this.listed.has(id)));
    for (const [shardId, position] of Object.entries(positions)) {
      if (this.listed.has(shardId)) {
        if (this.finished.has(shardId)) continue;
        this.state[shardId] = { ...position };
        if (position.invalid !== undefined) {
          this.resetPosition(
            shardId,
            this.state[shardId],
            `${position.invalid} is not a sequence number`,
          );
        }
        continue;
      }
      this.dataLoss.push({
        shardId,
        lastSequenceNumber: position.after ?? null,
        reason: "shardLeft",
        message: `Shard ${shardId} left the stream (DynamoDB keeps stream records for 24 hours) before it was read to its end: ${
          position.after
            ? `the records after sequence number ${position.after} in that shard were not delivered`
            : "none of the records it may have held were delivered"
        }. Poll more often than the stream's retention to avoid this.`,
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
    // Continuing a catch-up: every shard not finished yet, closed or new, is skipped through too.
    if (this.options.catchUpOnly) {
      for (const shard of this.shards) {
        const shardId = shard.ShardId as string;
        if (!this.finished.has(shardId)) this.catchUp.add(shardId);
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
      reason: "trimmed",
      message: `The stream no longer holds the records of shard ${shardId} after ${
        after ? `sequence number ${after}` : "the saved position"
      } (DynamoDB keeps stream records for 24 hours): some changes were lost. Reading continues from the oldest record still in the shard (TRIM_HORIZON).`,
    });
  }

  /**
   * A saved position DynamoDB refuses (or that is not one) would fail every poll: the shard is
   * read again from the Start Position instead, and that is reported. LATEST reads the shard to
   * its tip without delivering (changes not yet delivered are lost); TRIM_HORIZON reads it from
   * the oldest record (changes may be delivered twice).
   */
  private resetPosition(shardId: string, position: ShardPosition, why: string): void {
    const lastSequenceNumber = position.after ?? null;
    delete position.after;
    delete position.invalid;
    delete position.skipBefore;
    const latest = this.options.startPosition === "LATEST";
    if (latest) this.catchUp.add(shardId);
    this.dataLoss.push({
      shardId,
      lastSequenceNumber,
      reason: "positionReset",
      message: `The saved position of shard ${shardId} could not be used (${why}), so the shard is read again from the Start Position, ${
        latest
          ? "LATEST: its records up to now are skipped, so changes not delivered yet were lost"
          : "TRIM_HORIZON: from the oldest record the stream still holds, so changes delivered before may be delivered again"
      }.`,
    });
  }

  /** A fresh iterator from the position; reports and recovers when the position is unusable. */
  private async iteratorFor(shardId: string, position: ShardPosition): Promise<string | undefined> {
    const context = this.options.context;
    for (let attempt = 0; attempt < 2; attempt++) {
      const type: ShardIteratorType = position.after ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON";
      try {
        const output = await this.client.send(
          new (streamsSdk().GetShardIteratorCommand)({
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
        if (REFUSED_POSITION.has(name) && position.after) {
          // A sequence number of another shard or stream, or one past the shard's end.
          this.resetPosition(
            shardId,
            position,
            `DynamoDB refused sequence number ${position.after}: ${name}`,
          );
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
          new (streamsSdk().GetRecordsCommand)({ ShardIterator: cursor.iterator, Limit: limit }),
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

  /** Gives the event loop a turn when this poll has run synchronously for a few ms. */
  private async yieldNow(): Promise<void> {
    if (this.pacer.due()) await this.pacer.pause();
  }

  /**
   * The next page's Limit: what Max Records still allows (whole pages when records are skipped),
   * and no more records than fit in the byte budget's room and in PAGE_BYTES at the largest size
   * seen, so that a page never holds much more than either.
   */
  private pageLimit(shardId: string, position: ShardPosition): number {
    const wholePages =
      this.filter || this.catchUp.has(shardId) || position.skipBefore !== undefined;
    const limit = wholePages
      ? MAX_RECORDS_LIMIT
      : Math.min(MAX_RECORDS_LIMIT, this.maxRecords - this.records.length);
    const room = Math.min(PAGE_BYTES, Math.max(0, this.settings.byteBudget - this.bytes));
    const recordBytes = this.largestRecordBytes ?? ASSUMED_RECORD_BYTES;
    return Math.max(1, Math.min(limit, Math.floor(room / recordBytes)));
  }

  /**
   * Takes a page's records: skipped (catch-up, before a cut-off time, or filtered out) or
   * delivered, the position moving record by record. Returns the limit that stopped it, if any.
   */
  private async takeRecords(
    page: GetRecordsOutput,
    shardId: string,
    position: ShardPosition,
  ): Promise<StopReason | undefined> {
    const records = recordsOf(page);
    for (let index = 0; index < records.length; index++) {
      await this.yieldNow();
      const record = records[index];
      const sequenceNumber = sequenceNumberOf(record, index);
      this.noteRecordBytes(record.dynamodb?.SizeBytes ?? 0);
      if (this.catchUp.has(shardId)) {
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
      if (this.records.length >= this.maxRecords) return "maxRecords";
      const change = formatRecord(record, shardId, this.options.dynamoJson);
      const size = Buffer.byteLength(JSON.stringify(change));
      this.noteRecordBytes(size);
      // At least one record always goes out, or a single large one could never be delivered.
      if (this.records.length > 0 && this.bytes + size > this.settings.byteBudget) {
        return "byteBudget";
      }
      this.records.push(change);
      this.bytes += size;
      position.after = sequenceNumber;
    }
    return undefined;
  }

  private noteRecordBytes(size: number): void {
    this.largestRecordBytes = Math.max(this.largestRecordBytes ?? 0, size);
  }

  private timeSpent(): boolean {
    return this.settings.now() >= this.deadline;
  }

  /**
   * Reads one shard as far as it goes now; the position is updated record by record. The first
   * shard of a poll gets at least one page whatever the time, so that every poll moves on.
   */
  private async readShard(shard: Shard, first: boolean): Promise<ShardOutcome> {
    const shardId = shard.ShardId as string;
    this.state[shardId] ??= {};
    const position = this.state[shardId];
    if (!first && this.timeSpent()) return this.stop("timeBudget", "notStarted");
    this.visited.add(shardId);
    const iterator = await this.iteratorFor(shardId, position);
    if (iterator === undefined) return "finished";
    const cursor = { iterator, renewals: 0, trims: 0 };
    let emptyPages = 0;
    for (let pages = 0; ; pages++) {
      if ((pages > 0 || !first) && this.timeSpent()) return this.stop("timeBudget", "stopped");
      const page = await this.nextPage(
        shardId,
        position,
        cursor,
        this.pageLimit(shardId, position),
      );
      if (page === undefined) return "finished";
      const stopped = await this.takeRecords(page, shardId, position);
      if (stopped) return this.stop(stopped, "stopped");
      if (!page.NextShardIterator) return "finished";
      if (this.records.length >= this.maxRecords) return this.stop("maxRecords", "stopped");
      if (recordsOf(page).length === 0) {
        emptyPages += 1;
        // A closed shard must be read to its end before its children, so only the time budget
        // bounds it; an open shard is "idle" after a few empty pages.
        if (!isClosed(shard) && emptyPages >= this.maxEmptyPages(position)) return "idle";
      } else {
        emptyPages = 0;
      }
      cursor.iterator = page.NextShardIterator;
    }
  }

  /** Once a shard has given a record (or was resumed after one), an empty page is its tip. */
  private maxEmptyPages(position: ShardPosition): number {
    return position.after !== undefined
      ? this.settings.maxEmptyPagesAfterPosition
      : this.settings.maxEmptyPages;
  }

  private stop(reason: StopReason, outcome: ShardOutcome): ShardOutcome {
    this.stopReason ??= reason;
    return outcome;
  }

  /** The shards in start order, rotated to begin where the last poll stopped. */
  private rotation(): Shard[] {
    const index = this.shards.findIndex((shard) => shard.ShardId === this.resumeAt);
    if (index <= 0) return this.shards;
    return [...this.shards.slice(index), ...this.shards.slice(0, index)];
  }

  private isReady(shard: Shard): boolean {
    const shardId = shard.ShardId as string;
    return !this.visited.has(shardId) && !this.finished.has(shardId) && this.parentDone(shard);
  }

  /**
   * Reads the shards whose parents are done, in rotation order, until every one was read or a
   * limit stops the poll. A child comes after its parent in start order, and is read in a later
   * pass when the rotation put it first. The next poll starts with the shard where this one
   * stopped: the one not started, or the one after a shard left part-read (so that a busy shard
   * does not hold the others back).
   */
  async readReadyShards(): Promise<void> {
    const order = this.rotation();
    let progress = true;
    while (progress) {
      progress = false;
      for (let index = 0; index < order.length; index++) {
        const shard = order[index];
        if (!this.isReady(shard)) continue;
        const shardId = shard.ShardId as string;
        if (this.records.length >= this.maxRecords) this.stop("maxRecords", "notStarted");
        else if (this.bytes >= this.settings.byteBudget) this.stop("byteBudget", "notStarted");
        const outcome = this.stopReason
          ? "notStarted"
          : await this.readShard(shard, this.visited.size === 0);
        if (outcome === "notStarted") {
          this.nextResumeAt = shardId;
          return;
        }
        if (outcome === "stopped") {
          this.nextResumeAt = order[(index + 1) % order.length].ShardId;
          return;
        }
        if (outcome === "finished") {
          this.finished.add(shardId);
          delete this.state[shardId];
          progress = true;
        }
        if (outcome === "idle") this.atTip.add(shardId);
        this.catchUp.delete(shardId);
      }
    }
  }

  /** The ready shards this poll did not reach, in the order the next poll reads them. */
  private notReached(): string[] {
    const order = this.rotation();
    const start = order.findIndex((shard) => shard.ShardId === this.nextResumeAt);
    const next = start <= 0 ? order : [...order.slice(start), ...order.slice(0, start)];
    return next.filter((shard) => this.isReady(shard)).map((shard) => shard.ShardId as string);
  }

  /** What the poll read, and the state the next poll continues from. */
  result(): PollResult {
    // A first LATEST poll that ran out of time before reaching some open shard's tip: the rest
    // of their history is skipped by creation time in later polls. A catch-up only run keeps
    // exact positions instead: its next run goes on skipping from them.
    const cutOff = this.options.catchUpOnly ? [] : this.catchUp;
    for (const shardId of cutOff) {
      this.state[shardId] = { ...this.state[shardId], skipBefore: this.started };
    }
    // Every unfinished shard listed gets an entry, read or not, so that its loss is reported if
    // it leaves the stream before it is read to its end.
    const shardsToSave: Record<string, ShardPosition> = {};
    for (const shard of this.shards) {
      const shardId = shard.ShardId as string;
      if (this.finished.has(shardId)) continue;
      const position = this.state[shardId] ?? {};
      const saved: ShardPosition = {};
      if (position.after) saved.after = position.after;
      if (position.skipBefore !== undefined) saved.skipBefore = position.skipBefore;
      shardsToSave[shardId] = saved;
    }
    const notReached = this.notReached();
    const state: StreamState = {
      version: STATE_VERSION,
      streamArn: this.options.streamArn,
      shards: shardsToSave,
      finished: [...this.finished].filter((id) => this.listed.has(id)),
    };
    if (this.stopReason && this.nextResumeAt) state.resumeAt = this.nextResumeAt;
    return {
      records: this.records,
      dataLoss: this.dataLoss,
      hasMore: this.stopReason !== undefined || notReached.length > 0,
      stoppedBy: this.stopReason ?? null,
      bytes: this.bytes,
      shards: {
        listed: this.shards.length,
        read: this.visited.size,
        notReached: notReached.length,
        notReachedIds: notReached.slice(0, MAX_LISTED_NOT_REACHED),
      },
      notices: this.notices,
      state,
      ...(this.options.catchUpOnly ? { atTip: [...this.atTip] } : {}),
    };
  }
}

/**
 * Adds what the trigger needs in all (its entry in aws/permissions.ts) to a permission error of
 * its calls (DescribeTable and the stream reads, and `also` what else the step calls), which
 * already names the permission the refused request needed; any other error is returned as it is.
 */
export function withStreamPermissionHint(
  error: unknown,
  connection: Connection,
  where: { trigger: PermissionKey; table: string; region: string },
  also?: string,
): unknown {
  if (error instanceof ConnectionError && isAccessDenied(error)) {
    const needs = permissionsPhrase(where.trigger, where.table, where.region);
    const hint = also ? ` ${also}` : "";
    return rewordedConnectionError(
      error,
      `${error.message} The trigger needs ${needs}.${hint}`,
      {},
      connection,
    );
  }
  return error;
}

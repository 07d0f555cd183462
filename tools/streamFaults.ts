/**
 * A loopback DynamoDB Streams with as many shards as a test asks for, for what DynamoDB Local
 * cannot do (it keeps one open shard per table). It answers DescribeStream, GetShardIterator and
 * GetRecords as the DynamoDB Streams API reference documents them (DescribeStream pages of up to
 * 100 shards with LastEvaluatedShardId; TRIM_HORIZON, LATEST, AT_ and AFTER_SEQUENCE_NUMBER
 * iterators; GetRecords pages of up to Limit records, with a NextShardIterator while the shard is
 * open), after `latencyMs` per call. Plugged into the fault proxy (`answer` option), so that other
 * operations (DescribeTable) still reach DynamoDB Local and injected faults still come first.
 */
import { setTimeout as sleep } from "node:timers/promises";

/** One record of a fake shard, in the wire form of a GetRecords answer. */
export interface FakeStreamRecord {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: string;
  };
}

export interface FakeShard {
  shardId: string;
  parentShardId?: string;
  /** The first sequence number of the shard; records get the next ones. */
  start: bigint;
  records: FakeStreamRecord[];
}

export interface StreamAnswer {
  status: number;
  body: unknown;
}

export interface FakeShardedStream {
  /** For the proxy's `answer` option: the answer to a stream operation, or undefined. */
  answer(operation: string, body: Buffer): Promise<StreamAnswer | undefined>;
  readonly shards: FakeShard[];
  /** Appends an INSERT of `id` to shard `index` (in start order); returns its sequence number. */
  put(index: number, id: string): string;
  /** Removes a shard, as DynamoDB does 24 hours after it closed. */
  remove(shardId: string): void;
  /** GetShardIterator and GetRecords calls per shard id. */
  readonly calls: Map<string, number>;
}

export interface FakeShardedStreamOptions {
  shardCount: number;
  /** Each answer is sent this long after the request. */
  latencyMs: number;
}

const SEQUENCE_DIGITS = 21;
const SHARD_SPAN = 1_000_000n;

function validation(message: string): StreamAnswer {
  return {
    status: 400,
    body: { __type: "com.amazon.coral.validate#ValidationException", message },
  };
}

function notFound(message: string): StreamAnswer {
  return {
    status: 400,
    body: { __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message },
  };
}

interface Iterator {
  shardId: string;
  index: number;
}

const encode = (iterator: Iterator) => Buffer.from(JSON.stringify(iterator)).toString("base64");
const decode = (text: unknown): Iterator | undefined => {
  try {
    const value = JSON.parse(Buffer.from(String(text), "base64").toString("utf8"));
    return typeof value?.shardId === "string" && Number.isInteger(value.index) ? value : undefined;
  } catch {
    return undefined;
  }
};

/** A stream of `shardCount` open shards, in start order, each empty until `put` writes to it. */
export function fakeShardedStream(options: FakeShardedStreamOptions): FakeShardedStream {
  const shards: FakeShard[] = Array.from({ length: options.shardCount }, (_, index) => ({
    shardId: `shardId-00000001700000000000-${String(index).padStart(8, "0")}`,
    start: BigInt(index + 1) * SHARD_SPAN,
    records: [],
  }));
  const calls = new Map<string, number>();
  const count = (shardId: string) => calls.set(shardId, (calls.get(shardId) ?? 0) + 1);
  const find = (shardId: unknown) => shards.find((shard) => shard.shardId === shardId);
  const sequence = (value: bigint) => value.toString().padStart(SEQUENCE_DIGITS, "0");

  const describe = (input: Record<string, unknown>): StreamAnswer => {
    const limit = Math.min(100, Number(input.Limit ?? 100));
    const from = input.ExclusiveStartShardId
      ? shards.findIndex((shard) => shard.shardId === input.ExclusiveStartShardId) + 1
      : 0;
    const page = shards.slice(from, from + limit);
    const more = from + page.length < shards.length;
    return {
      status: 200,
      body: {
        StreamDescription: {
          StreamArn: input.StreamArn,
          StreamStatus: "ENABLED",
          StreamViewType: "NEW_IMAGE",
          Shards: page.map((shard) => ({
            ShardId: shard.shardId,
            ...(shard.parentShardId ? { ParentShardId: shard.parentShardId } : {}),
            SequenceNumberRange: { StartingSequenceNumber: sequence(shard.start) },
          })),
          ...(more ? { LastEvaluatedShardId: page.at(-1)?.shardId } : {}),
        },
      },
    };
  };

  const iterator = (input: Record<string, unknown>): StreamAnswer => {
    const shard = find(input.ShardId);
    if (!shard) return notFound(`Requested resource not found: Shard: ${input.ShardId}`);
    count(shard.shardId);
    const type = input.ShardIteratorType;
    let index: number;
    if (type === "TRIM_HORIZON") index = 0;
    else if (type === "LATEST") index = shard.records.length;
    else if (type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") {
      const text = String(input.SequenceNumber ?? "");
      if (!/^\d{21,40}$/.test(text)) return validation(`Invalid SequenceNumber: ${text}`);
      const target = BigInt(text);
      if (target < shard.start || target >= shard.start + SHARD_SPAN) {
        return validation(`Invalid SequenceNumber for shard ${shard.shardId}`);
      }
      const after = type === "AFTER_SEQUENCE_NUMBER";
      index = shard.records.findIndex((record) => {
        const value = BigInt(record.dynamodb.SequenceNumber);
        return after ? value > target : value >= target;
      });
      if (index === -1) index = shard.records.length;
    } else {
      return validation(`Invalid ShardIteratorType: ${String(type)}`);
    }
    return { status: 200, body: { ShardIterator: encode({ shardId: shard.shardId, index }) } };
  };

  const getRecords = (input: Record<string, unknown>): StreamAnswer => {
    const position = decode(input.ShardIterator);
    const shard = position && find(position.shardId);
    if (!position || !shard) return validation("Invalid ShardIterator");
    count(shard.shardId);
    const limit = Math.max(1, Math.min(1000, Number(input.Limit ?? 1000)));
    const records = shard.records.slice(position.index, position.index + limit);
    return {
      status: 200,
      body: {
        Records: records,
        NextShardIterator: encode({
          shardId: shard.shardId,
          index: position.index + records.length,
        }),
      },
    };
  };

  const handlers: Record<string, (input: Record<string, unknown>) => StreamAnswer> = {
    DescribeStream: describe,
    GetShardIterator: iterator,
    GetRecords: getRecords,
  };

  return {
    shards,
    calls,
    async answer(operation, body) {
      const handler = handlers[operation];
      if (!handler) return undefined;
      await sleep(options.latencyMs);
      return handler(JSON.parse(body.toString("utf8") || "{}"));
    },
    put(index, id) {
      const shard = shards[index];
      const sequenceNumber = sequence(shard.start + BigInt(shard.records.length + 1));
      shard.records.push({
        eventID: `${shard.shardId}-${shard.records.length + 1}`,
        eventName: "INSERT",
        eventVersion: "1.1",
        eventSource: "aws:dynamodb",
        awsRegion: "us-east-1",
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: { id: { S: id } },
          NewImage: { id: { S: id } },
          SequenceNumber: sequenceNumber,
          SizeBytes: 20 + id.length,
          StreamViewType: "NEW_IMAGE",
        },
      });
      return sequenceNumber;
    },
    remove(shardId) {
      const index = shards.findIndex((shard) => shard.shardId === shardId);
      if (index !== -1) shards.splice(index, 1);
    },
  };
}

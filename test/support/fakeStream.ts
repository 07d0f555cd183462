/**
 * An in-memory DynamoDB stream for unit tests with aws-sdk-client-mock: shards with records,
 * iterators that are "shardId|index", DescribeStream pages, trimming and empty pages on demand.
 * (The same fake as test/unit/streams.test.ts uses, shared for the resolver and snapshot tests.)
 */
import {
  type _Record,
  type DescribeStreamCommandInput,
  type GetRecordsCommandInput,
  type GetShardIteratorCommandInput,
  ResourceNotFoundException,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";

export const STREAM_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2024-05-01T12:00:00.000";

/** A sequence number of real length (DynamoDB's are decimal strings of 20 or more digits). */
export const seq = (n: number) => `${1111000000000000000000n + BigInt(n)}`;

export type EventName = "INSERT" | "MODIFY" | "REMOVE";

/** One stream record in the SDK's form, for item `id` at `version`. */
export function change(
  n: number,
  eventName: EventName,
  id: string,
  version: number,
  created?: Date,
): _Record {
  const image = (v: number) => ({ id: { S: id }, version: { N: String(v) } });
  return {
    eventID: `event-${n}`,
    eventName,
    dynamodb: {
      ApproximateCreationDateTime: created ?? new Date(Date.UTC(2024, 4, 1, 12, 0, n % 60)),
      Keys: { id: { S: id } },
      NewImage: eventName === "REMOVE" ? undefined : image(version),
      OldImage: eventName === "INSERT" ? undefined : image(version - 1),
      SequenceNumber: seq(n),
      SizeBytes: 40,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  };
}

export interface FakeShard {
  id: string;
  parent?: string;
  start: number;
  closed: boolean;
  records: _Record[];
  /** Records with a sequence number below this are gone (trimmed). */
  trimmedBelow?: number;
}

/**
 * An in-memory stream behind the mocked client: DescribeStream pages, iterators by type, records
 * from an index, NextShardIterator absent only at the end of a closed shard, and a few empty
 * pages before data when asked for.
 */
export class FakeStream {
  shards: FakeShard[] = [];
  describePageSize = 100;
  /** Errors thrown by the next GetRecords calls, in order. */
  getRecordsErrors: Error[] = [];
  /** Empty pages answered before the data of a shard, per shard (decremented). */
  emptyPagesBefore: Record<string, number> = {};

  shard(id: string): FakeShard {
    const found = this.shards.find((shard) => shard.id === id);
    if (!found) {
      throw new ResourceNotFoundException({ message: "Shard does not exist", $metadata: {} });
    }
    return found;
  }

  describe(input: DescribeStreamCommandInput) {
    const startIndex = input.ExclusiveStartShardId
      ? this.shards.findIndex((shard) => shard.id === input.ExclusiveStartShardId) + 1
      : 0;
    const page = this.shards.slice(startIndex, startIndex + this.describePageSize);
    const last = startIndex + page.length < this.shards.length ? page.at(-1)?.id : undefined;
    return {
      StreamDescription: {
        StreamArn: STREAM_ARN,
        StreamStatus: "ENABLED" as const,
        Shards: page.map((shard) => ({
          ShardId: shard.id,
          ParentShardId: shard.parent,
          SequenceNumberRange: {
            StartingSequenceNumber: seq(shard.start),
            EndingSequenceNumber: shard.closed
              ? (shard.records.at(-1)?.dynamodb?.SequenceNumber ?? seq(shard.start))
              : undefined,
          },
        })),
        LastEvaluatedShardId: last,
      },
    };
  }

  iterator(input: GetShardIteratorCommandInput) {
    const shard = this.shard(String(input.ShardId));
    const firstKept = shard.records.findIndex(
      (record) =>
        BigInt(record.dynamodb?.SequenceNumber ?? 0) >= BigInt(seq(shard.trimmedBelow ?? 0)),
    );
    const horizon = firstKept === -1 ? shard.records.length : firstKept;
    let index: number;
    switch (input.ShardIteratorType) {
      case "TRIM_HORIZON":
        index = horizon;
        break;
      case "LATEST":
        index = shard.records.length;
        break;
      case "AFTER_SEQUENCE_NUMBER": {
        const after = BigInt(String(input.SequenceNumber));
        if (shard.trimmedBelow !== undefined && after < BigInt(seq(shard.trimmedBelow))) {
          throw new TrimmedDataAccessException({
            message: "The data you are trying to access has been trimmed.",
            $metadata: {},
          });
        }
        const next = shard.records.findIndex(
          (record) => BigInt(record.dynamodb?.SequenceNumber ?? 0) > after,
        );
        index = next === -1 ? shard.records.length : next;
        break;
      }
      default:
        throw new Error(`unexpected iterator type ${input.ShardIteratorType}`);
    }
    return { ShardIterator: `${shard.id}|${index}` };
  }

  getRecords(input: GetRecordsCommandInput) {
    const error = this.getRecordsErrors.shift();
    if (error) throw error;
    const [shardId, indexText] = String(input.ShardIterator).split("|");
    const shard = this.shard(String(shardId));
    const index = Number(indexText);
    if ((this.emptyPagesBefore[shard.id] ?? 0) > 0) {
      this.emptyPagesBefore[shard.id] -= 1;
      return { Records: [], NextShardIterator: `${shard.id}|${index}` };
    }
    const limit = input.Limit ?? 1000;
    const records = shard.records.slice(index, index + limit);
    const next = index + records.length;
    const atEnd = next >= shard.records.length;
    return {
      Records: records,
      NextShardIterator: shard.closed && atEnd ? undefined : `${shard.id}|${next}`,
    };
  }
}

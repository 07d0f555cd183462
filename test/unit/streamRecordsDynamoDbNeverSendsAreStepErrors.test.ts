/**
 * A mocked DynamoDB Streams client can answer GetRecords with records DynamoDB Streams never
 * sends: null, a record without its dynamodb part or its SequenceNumber, Records that is text.
 * The New and Changed Items trigger fails its poll with a StepError (code unexpectedAnswer) that
 * names the record, never with a TypeError, and never skips such a record without a word (it did:
 * the poll reported no changes). A value in a record's image that DynamoDB never sends (one with
 * two types too) is named with the operation, GetRecords, and the record's part. A record
 * DynamoDB sends is delivered as before.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { mockClient } from "aws-sdk-client-mock";
import { StepError } from "../../src/errors/stepError";
import { harness, resetCaches } from "../support/harness";
import { CUSTOMERS, validParams } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);
const SHARD = { ShardId: "shardId-1", SequenceNumberRange: { StartingSequenceNumber: "100" } };

beforeEach(() => {
  ddbMock.reset();
  streamsMock.reset();
  resetCaches();
  ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
  streamsMock.on(DescribeStreamCommand).resolves({
    StreamDescription: {
      StreamArn: CUSTOMERS.LatestStreamArn,
      StreamStatus: "ENABLED",
      Shards: [SHARD],
    },
  });
  streamsMock.on(GetShardIteratorCommand).resolves({ ShardIterator: "iterator-1" });
});

afterAll(() => {
  ddbMock.restore();
  streamsMock.restore();
});

function poll(records: unknown) {
  streamsMock.on(GetRecordsCommand).resolves({ Records: records } as never);
  const params = { ...validParams("tableChanges"), startPosition: "TRIM_HORIZON" };
  return harness.trigger("tableChanges", undefined, params, { instanceState: {} });
}

const INSERT = {
  eventID: "e1",
  eventName: "INSERT",
  dynamodb: {
    Keys: { customerId: { N: "1" } },
    NewImage: { customerId: { N: "1" } },
    SequenceNumber: "101",
  },
};

describe("a poll of records DynamoDB Streams never sends", () => {
  it.each([
    ["null", [null], /GetRecords' Records\[0\] is null, not an object/],
    ["a record without dynamodb", [{ eventID: "e1", eventName: "INSERT" }], /Records\[0\] has no/],
    [
      "a record without SequenceNumber",
      [INSERT, { ...INSERT, dynamodb: { Keys: INSERT.dynamodb.Keys } }],
      /Records\[1\] has no dynamodb\.SequenceNumber/,
    ],
    ["Records that is text", "records", /GetRecords' Records is "records", not an array/],
    [
      "a NewImage holding a NULL that is false",
      [{ ...INSERT, dynamodb: { ...INSERT.dynamodb, NewImage: { gone: { NULL: false } } } }],
      /attribute "gone" .*NULL holds false, not true/,
    ],
    [
      "an OldImage holding a number past DynamoDB's range",
      [{ ...INSERT, dynamodb: { ...INSERT.dynamodb, OldImage: { n: { N: "1e200" } } } }],
      /attribute "n" .*"1e200" is outside DynamoDB's range/,
    ],
    [
      "Keys holding a number of 39 digits",
      [
        {
          ...INSERT,
          dynamodb: { ...INSERT.dynamodb, Keys: { customerId: { N: "1".repeat(39) } } },
        },
      ],
      /attribute "customerId" .*39 significant digits/,
    ],
  ])("fails with unexpectedAnswer for %s", async (_, records, message) => {
    const error = await poll(records).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StepError);
    expect(error).toMatchObject({ code: "unexpectedAnswer" });
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    [
      "names GetRecords and the record's image",
      [INSERT, { ...INSERT, dynamodb: { ...INSERT.dynamodb, OldImage: { gone: { NULL: 0 } } } }],
      /^The answer to GetRecords holds attribute "gone" in Records\[1\]\.dynamodb\.OldImage .*NULL holds 0/,
    ],
    [
      "refuses a value with two types in an image, naming both",
      [{ ...INSERT, dynamodb: { ...INSERT.dynamodb, NewImage: { name: { S: "Ada", N: "1" } } } }],
      /^The answer to GetRecords holds attribute "name" in Records\[0\]\.dynamodb\.NewImage .*2 types, "S" and "N"/,
    ],
  ])("%s", async (_, records, message) => {
    const error = await poll(records).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: "unexpectedAnswer" });
    expect((error as Error).message).toMatch(message);
  });

  it("delivers a record DynamoDB Streams sends", async () => {
    const result = (await poll([INSERT])) as { payload: { body: { data: unknown } } };
    expect(result.payload.body.data).toMatchObject({
      count: 1,
      records: [{ eventName: "INSERT", sequenceNumber: "101", newImage: { customerId: 1 } }],
    });
  });
});

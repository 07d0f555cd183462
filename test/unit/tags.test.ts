/**
 * Tag Resource, Untag Resource and List Tags Of Resource, with the SDK mocked (DynamoDB Local does
 * not list tags). The tag rules are those of "Tagging restrictions in DynamoDB"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html).
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { listTagsOfResource } from "../../src/actions/tags/listTagsOfResource";
import { tagResource } from "../../src/actions/tags/tagResource";
import { untagResource } from "../../src/actions/tags/untagResource";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";

const run = (key: string, params: Record<string, unknown>) =>
  harness.action(key, { awsConnection: keySecretConnection(), awsRegion: "us-east-1", ...params });
const kv = (entries: Record<string, string>) =>
  Object.entries(entries).map(([key, value]) => ({ key, value }));

function sentInput(command: unknown, index = 0) {
  return (ddbMock.commandCalls(command as never)[index].args[0] as { input: unknown }).input;
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      TableArn: ARN,
      KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
    },
  });
  ddbMock.on(TagResourceCommand).resolves({});
  ddbMock.on(UntagResourceCommand).resolves({});
});

afterAll(() => ddbMock.restore());

describe("tagResource", () => {
  it("resolves the table's ARN once (cached) and tags it; the output is the example", async () => {
    const tags = kv({ team: "billing", environment: "production" });
    const first = await run("tagResource", { resource: "Customers", tags });
    await run("tagResource", { resource: "Customers", tags });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(sentInput(DescribeTableCommand)).toEqual({ TableName: "Customers" });
    expect(sentInput(TagResourceCommand)).toEqual({
      ResourceArn: ARN,
      Tags: [
        { Key: "team", Value: "billing" },
        { Key: "environment", Value: "production" },
      ],
    });
    expect(first).toEqual(tagResource.examplePayload);
  });

  it("takes an ARN as it is, with no DescribeTable, and Unicode letters, spaces and + - = . _ : /", async () => {
    const tags = { "Kostenstelle Ü": "Zürich 1+1=2", "cost/center": "a_b.c:d-e", empty: "" };
    await run("tagResource", { resource: ARN, tags });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
    expect(sentInput(TagResourceCommand)).toEqual({
      ResourceArn: ARN,
      Tags: [
        { Key: "Kostenstelle Ü", Value: "Zürich 1+1=2" },
        { Key: "cost/center", Value: "a_b.c:d-e" },
        { Key: "empty", Value: "" },
      ],
    });
  });

  it("tags a stream by its ARN (Streams ABAC), and each tag action sends the stream's ARN", async () => {
    const stream = `${ARN}/stream/2024-05-07T10:40:00.000`;
    ddbMock.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    await run("tagResource", { resource: stream, tags: kv({ team: "billing" }) });
    await run("untagResource", { resource: stream, tagKeys: ["team"] });
    await run("listTagsOfResource", { resource: stream });
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
    expect(sentInput(TagResourceCommand)).toEqual({
      ResourceArn: stream,
      Tags: [{ Key: "team", Value: "billing" }],
    });
    expect(sentInput(UntagResourceCommand)).toEqual({ ResourceArn: stream, TagKeys: ["team"] });
    expect(sentInput(ListTagsOfResourceCommand)).toEqual({ ResourceArn: stream });
  });

  it("counts characters, not UTF-16 units: 128 emoji-free CJK characters fit, a 129th does not", async () => {
    await run("tagResource", { resource: ARN, tags: kv({ ["鍵".repeat(128)]: "値".repeat(256) }) });
    expect(ddbMock.commandCalls(TagResourceCommand)).toHaveLength(1);
    await expect(
      run("tagResource", { resource: ARN, tags: kv({ ["𠀋".repeat(129)]: "x" }) }),
    ).rejects.toThrow("Tags: row 1 needs a key of 1 to 128 characters, not 129, such as team.");
  });

  it("keeps a key named __proto__ in tagMap as an own property", async () => {
    const result = (await run("tagResource", {
      resource: ARN,
      tags: [{ key: "__proto__", value: "x" }],
    })) as {
      data: { tagMap: Record<string, string> };
    };
    expect(Object.hasOwn(result.data.tagMap, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(result.data.tagMap)).toBe(Object.prototype);
  });

  it.each([
    [{ tags: "" }, "Tags is required: a key-value list such as team → billing."],
    [{ tags: [] }, "Tags must be a key-value list such as team → billing."],
    [{ tags: kv({ " ": "x" }) }, "Tags: row 1 needs a key of 1 to 128 characters, such as team."],
    [
      { tags: kv({ ["k".repeat(129)]: "x" }) },
      /^Tags: row 1 needs a key of 1 to 128 characters, not 129/,
    ],
    [
      { tags: kv({ team: "v".repeat(257) }) },
      'Tags: the value of "team" is longer than 256 characters (257).',
    ],
    [
      { tags: kv({ "team!": "x" }) },
      'Tags: row 1: the key "team!" may hold only letters, numbers, spaces and + - = . _ : /.',
    ],
    [
      { tags: kv({ team: "a@b" }) },
      'Tags: the value of "team" may hold only letters, numbers, spaces and + - = . _ : /.',
    ],
    [
      { tags: kv({ "aws:createdBy": "x" }) },
      /^Tags: row 1: the key "aws:createdBy" starts with aws:, which AWS reserves/,
    ],
    [{ tags: kv({ "AWS:x": "x" }) }, /starts with aws:/],
    [
      { tags: [...kv({ team: "a" }), { key: "team", value: "b" }] },
      'Tags: the key "team" appears twice.',
    ],
    [
      { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
      "Tags: a table can have at most 50 tags, not 51.",
    ],
    [
      { tags: kv({ team: { nested: 1 } as never }) },
      'Tags: the value of "team" must be text, not an object or list.',
    ],
    [{ tags: [{ key: { a: 1 }, value: "x" }] }, "Tags: row 1 needs a key of text, such as team."],
    [{ tags: "team=billing" }, "Tags must be a key-value list such as team → billing."],
    [{ resource: "" }, /^Table Name or ARN is required: a table name or a DynamoDB ARN/],
    [{ resource: "my table" }, /^Table Name or ARN "my table" is not a valid name/],
    [
      { resource: "arn:aws:s3:::bucket" },
      /^Table Name or ARN "arn:aws:s3:::bucket" is not a DynamoDB ARN/,
    ],
    [{ resource: "arn:aws:dynamodb:us-east-1:1234:table/Customers" }, /is not a DynamoDB ARN/],
    [
      { resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/Customers" },
      "Table Name or ARN is in region eu-west-1, but AWS Region is us-east-1. Choose eu-west-1 as the AWS Region, or give a resource of us-east-1.",
    ],
    [
      { resource: ["Customers"] },
      /^Table Name or ARN must be text: a table name or a DynamoDB ARN/,
    ],
  ])("refuses %p before any request", async (params, message) => {
    await expect(
      run("tagResource", { resource: "Customers", tags: kv({ team: "billing" }), ...params }),
    ).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("says so when DescribeTable gives no ARN, after reading it once more", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: "Customers",
        KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
      },
    });
    await expect(
      run("tagResource", { resource: "Customers", tags: kv({ team: "billing" }) }),
    ).rejects.toThrow(
      /^DescribeTable gave no TableArn for table "Customers".*give the table's ARN/,
    );
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(2);
    expect(ddbMock.commandCalls(TagResourceCommand)).toHaveLength(0);
  });

  it("maps a missing table to the DescribeTable failure, and sends no tag request", async () => {
    ddbMock.on(DescribeTableCommand).rejects(
      Object.assign(new Error("Requested resource not found"), {
        name: "ResourceNotFoundException",
        $metadata: {},
      }),
    );
    await expect(
      run("tagResource", { resource: "Customers", tags: kv({ team: "billing" }) }),
    ).rejects.toThrow(
      /^DescribeTable failed on table "Customers" in region us-east-1: ResourceNotFoundException/,
    );
    expect(ddbMock.commandCalls(TagResourceCommand)).toHaveLength(0);
  });
});

describe("untagResource", () => {
  it("removes the keys given (the example)", async () => {
    const result = await run("untagResource", { resource: "Customers", tagKeys: ["team"] });
    expect(sentInput(UntagResourceCommand)).toEqual({ ResourceArn: ARN, TagKeys: ["team"] });
    expect(result).toEqual(untagResource.examplePayload);
  });

  it("takes one key as text", async () => {
    await run("untagResource", { resource: ARN, tagKeys: " team " });
    expect(sentInput(UntagResourceCommand)).toEqual({ ResourceArn: ARN, TagKeys: ["team"] });
  });

  it.each([
    [{ tagKeys: [] }, "Tag Keys is required: one or more tag keys, such as team."],
    [{ tagKeys: "" }, "Tag Keys is required: one or more tag keys, such as team."],
    [{ tagKeys: ["team", "team"] }, 'Tag Keys: the key "team" appears twice.'],
    [{ tagKeys: [""] }, "Tag Keys: entry 1 needs a key of 1 to 128 characters, such as team."],
    [{ tagKeys: ["aws:cloudformation:stack-name"] }, /starts with aws:/],
    [{ tagKeys: ["a", { b: 1 }] }, "Tag Keys: entry 2 must be a tag key as text, such as team."],
    [
      { tagKeys: Array.from({ length: 51 }, (_, i) => `k${i}`) },
      /^Tag Keys: a resource has at most 50 tags/,
    ],
  ])("refuses %p before any request", async (params, message) => {
    await expect(run("untagResource", { resource: "Customers", ...params })).rejects.toThrow(
      message,
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("listTagsOfResource", () => {
  it("returns the first page with its cursor, and then the next from Next Token", async () => {
    ddbMock
      .on(ListTagsOfResourceCommand)
      .resolvesOnce({ Tags: [{ Key: "team", Value: "billing" }], NextToken: "page-2" })
      .resolvesOnce({ Tags: [{ Key: "environment", Value: "production" }] });
    const first = await run("listTagsOfResource", { resource: "Customers" });
    expect(sentInput(ListTagsOfResourceCommand)).toEqual({ ResourceArn: ARN });
    expect(first).toEqual({
      data: {
        resourceArn: ARN,
        tags: [{ Key: "team", Value: "billing" }],
        tagMap: { team: "billing" },
        count: 1,
        nextToken: "page-2",
      },
    });
    await run("listTagsOfResource", { resource: "Customers", nextToken: "page-2" });
    expect(sentInput(ListTagsOfResourceCommand, 1)).toEqual({
      ResourceArn: ARN,
      NextToken: "page-2",
    });
  });

  it("Fetch All reads every page (the example)", async () => {
    ddbMock
      .on(ListTagsOfResourceCommand)
      .resolvesOnce({ Tags: [{ Key: "team", Value: "billing" }], NextToken: "page-2" })
      .resolvesOnce({ Tags: [{ Key: "environment", Value: "production" }] });
    const result = await run("listTagsOfResource", { resource: ARN, fetchAll: "true" });
    expect(ddbMock.commandCalls(ListTagsOfResourceCommand)).toHaveLength(2);
    expect(result).toEqual(listTagsOfResource.examplePayload);
  });

  it("Fetch All stops when DynamoDB repeats a token", async () => {
    ddbMock.on(ListTagsOfResourceCommand).resolves({ Tags: [], NextToken: "same" });
    const result = (await run("listTagsOfResource", { resource: ARN, fetchAll: "true" })) as {
      data: { nextToken: unknown };
    };
    expect(ddbMock.commandCalls(ListTagsOfResourceCommand)).toHaveLength(2);
    expect(result.data.nextToken).toBeNull();
  });

  it("refuses a Fetch All that is not a boolean, before any request", async () => {
    await expect(run("listTagsOfResource", { resource: ARN, fetchAll: "all" })).rejects.toThrow(
      'Fetch All must be true or false, not "all".',
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

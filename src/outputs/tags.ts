/**
 * The tag actions' outputs (Tag Resource, Untag Resource, List Tags Of Resource): the resource's
 * ARN and its tags, both as DynamoDB lists them and as a map; their schemas and examples.
 */
import type { Tag } from "@aws-sdk/client-dynamodb";
import type { ListedTags } from "../engines/tags";
import { actionOutputSchema, listCursorSchema } from "./index";

const EXAMPLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";
const EXAMPLE_TAGS = [
  { Key: "team", Value: "billing" },
  { Key: "environment", Value: "production" },
];
const EXAMPLE_TAG_MAP = { team: "billing", environment: "production" };

/** Tags as a map from key to value (own properties only, so a key such as __proto__ is kept). */
function tagMap(tags: Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
}

/** Tag Resource's data: the resource's ARN and the tags put on it, as given and as a map. */
export function taggedData(resourceArn: string, tags: Tag[]) {
  return { resourceArn, tags, tagMap: tagMap(tags) };
}

/** Untag Resource's data: the resource's ARN and the tag keys removed, as given. */
export function untaggedData(resourceArn: string, tagKeys: string[]) {
  return { resourceArn, tagKeys };
}

/** List Tags Of Resource's data: the tags (Key and Value always text), their count, the cursor. */
export function listedTagsData(resourceArn: string, listed: ListedTags) {
  const tags = listed.tags.map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "" }));
  return {
    resourceArn,
    tags,
    tagMap: tagMap(tags),
    count: tags.length,
    nextToken: listed.nextToken ?? null,
  };
}

/**
 * Output schema fields of List Tags Of Resource and Tag Resource: the resource's ARN, its tags as
 * DynamoDB lists them (Key and Value) and the same tags as a map.
 */
function taggedResourceFields(arnDescription: string, tagsDescription: string) {
  return {
    resourceArn: { type: "string", description: arnDescription },
    tags: {
      type: "array",
      items: {
        type: "object",
        properties: { Key: { type: "string" }, Value: { type: "string" } },
      },
      description: tagsDescription,
    },
    tagMap: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "The same tags as an object from key to value.",
    },
  };
}

export const tagResourceOutputSchema = actionOutputSchema(
  {
    ...taggedResourceFields(
      "The ARN of the resource tagged.",
      "The tags put on the resource, as given.",
    ),
  },
  ["resourceArn", "tags", "tagMap"],
);
export const tagResourceExample = {
  data: { resourceArn: EXAMPLE_ARN, tags: EXAMPLE_TAGS, tagMap: EXAMPLE_TAG_MAP },
};

export const untagResourceOutputSchema = actionOutputSchema(
  {
    resourceArn: { type: "string", description: "The ARN of the resource." },
    tagKeys: {
      type: "array",
      items: { type: "string" },
      description: "The tag keys removed, as given.",
    },
  },
  ["resourceArn", "tagKeys"],
);
export const untagResourceExample = { data: { resourceArn: EXAMPLE_ARN, tagKeys: ["team"] } };

export const listTagsOfResourceOutputSchema = actionOutputSchema(
  {
    ...taggedResourceFields(
      "The ARN of the resource.",
      "The resource's tags, as DynamoDB lists them.",
    ),
    count: { type: "integer", description: "How many tags are in tags." },
    nextToken: listCursorSchema(
      "The cursor to continue from, or null when every tag was listed. Pass it to Next Token.",
    ),
  },
  ["resourceArn", "tags", "tagMap", "count", "nextToken"],
);
export const listTagsOfResourceExample = {
  data: {
    resourceArn: EXAMPLE_ARN,
    tags: EXAMPLE_TAGS,
    tagMap: EXAMPLE_TAG_MAP,
    count: 2,
    nextToken: null,
  },
};

import { ListTagsOfResourceCommand, type Tag } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { callAws } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import {
  resolveResourceArn,
  taggedResourceFields,
  tagMap,
  tagResourceInput,
} from "../../engines/tags";
import { awsRegion, cleanText, connectionInput, fetchAll } from "../../inputs";
import { actionOutput, listCursorSchema } from "../../outputs";

/** A resource has at most 50 tags; Fetch All never needs more pages than that. */
const MAX_PAGES = 50;

export const nextToken = input({
  label: "Next Token",
  type: "string",
  required: false,
  comments:
    "The cursor to continue from: the nextToken of a previous run's output. Leave blank to start at the beginning.",
  clean: cleanText("Next Token"),
});

export const listTagsOfResource = action({
  display: {
    label: "List Tags Of Resource",
    description: "List the tags of a DynamoDB table (or other DynamoDB resource)",
  },
  inputs: {
    awsRegion,
    resource: tagResourceInput,
    awsConnection: connectionInput,
    fetchAll,
    nextToken,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const { clients } = step;
    const arn = await resolveResourceArn(clients, params.resource, params.awsConnection);
    const context = step.context("ListTagsOfResource");
    const tags: Tag[] = [];
    let token = params.nextToken;
    const seen = new Set<string>();
    // ListTagsOfResource has no SDK paginator: follow NextToken, bounded, stopping on a repeat
    // (then there is nothing more to give, so no cursor is returned).
    for (let page = 1; ; page += 1) {
      const answer = await callAws(context, () =>
        clients.dynamodb.send(
          new ListTagsOfResourceCommand({
            ResourceArn: arn,
            ...(token ? { NextToken: token } : {}),
          }),
        ),
      );
      tags.push(...(answer.Tags ?? []));
      token = answer.NextToken;
      if (token && seen.has(token)) token = undefined;
      if (!params.fetchAll || !token || page === MAX_PAGES) break;
      seen.add(token);
    }
    const plainTags = tags.map((tag) => ({ Key: tag.Key ?? "", Value: tag.Value ?? "" }));
    return {
      data: {
        resourceArn: arn,
        tags: plainTags,
        tagMap: tagMap(plainTags),
        count: plainTags.length,
        nextToken: token ?? null,
      },
    };
  },
  outputSchema: actionOutput(
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
  ),
  examplePayload: {
    data: {
      resourceArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
      tags: [
        { Key: "team", Value: "billing" },
        { Key: "environment", Value: "production" },
      ],
      tagMap: { team: "billing", environment: "production" },
      count: 2,
      nextToken: null,
    },
  },
});

export default listTagsOfResource;

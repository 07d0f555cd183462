import { TagResourceCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  cleanTagList,
  MAX_TAGS,
  resolveResourceArn,
  taggedResourceFields,
  tagMap,
  tagResourceInput,
} from "../../engines/tags";
import { awsRegion, connectionInput } from "../../inputs";
import { actionOutput } from "../../outputs";

const EXAMPLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";

export const tagsToAdd = input({
  label: "Tags",
  type: "string",
  collection: "keyvaluelist",
  required: true,
  comments: `The tags to put on the resource, such as team → billing (up to ${MAX_TAGS}). A key it already has gets the new value. Keys are 1 to 128 characters and values up to 256, of letters, numbers, spaces and + - = . _ : /; keys may not start with aws:. See [tagging restrictions](https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TaggingRestrictions.html).`,
  clean: cleanTagList("Tags", true),
});

export const tagResource = action({
  display: {
    label: "Tag Resource",
    description: "Add or change tags on a DynamoDB table (or other DynamoDB resource)",
  },
  inputs: {
    awsRegion,
    resource: tagResourceInput,
    awsConnection: connectionInput,
    tags: tagsToAdd,
  },
  perform: async (invocation, params) => {
    const tags = params.tags ?? [];
    const step = connect(invocation, params);
    const { clients } = step;
    const arn = await resolveResourceArn(clients, params.resource, params.awsConnection);
    await step.call("TagResource", () =>
      clients.dynamodb.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags })),
    );
    return { data: { resourceArn: arn, tags, tagMap: tagMap(tags) } };
  },
  outputSchema: actionOutput(
    {
      ...taggedResourceFields(
        "The ARN of the resource tagged.",
        "The tags put on the resource, as given.",
      ),
    },
    ["resourceArn", "tags", "tagMap"],
  ),
  examplePayload: {
    data: {
      resourceArn: EXAMPLE_ARN,
      tags: [
        { Key: "team", Value: "billing" },
        { Key: "environment", Value: "production" },
      ],
      tagMap: { team: "billing", environment: "production" },
    },
  },
});

export default tagResource;

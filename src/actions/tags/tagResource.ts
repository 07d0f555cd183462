import { TagResourceCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { resolveResourceArn, tagResourceRequest } from "../../engines/tags";
import { awsRegion, cleanTagList, connectionInput, MAX_TAGS, tagResourceInput } from "../../inputs";
import { taggedData, tagResourceExample, tagResourceOutputSchema } from "../../outputs/tags";

const tagsToAdd = input({
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
    const arn = await resolveResourceArn(step.clients, params.resource, params.awsConnection);
    const request = tagResourceRequest(arn, tags);
    await step.send("TagResource", new TagResourceCommand(request));
    return { data: taggedData(arn, tags) };
  },
  outputSchema: tagResourceOutputSchema,
  examplePayload: tagResourceExample,
});

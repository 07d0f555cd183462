import { UntagResourceCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { resolveResourceArn, untagResourceRequest } from "../../engines/tags";
import { awsRegion, cleanTagKeys, connectionInput, tagResourceInput } from "../../inputs";
import { untaggedData, untagResourceExample, untagResourceOutputSchema } from "../../outputs/tags";

const tagKeys = input({
  label: "Tag Keys",
  type: "string",
  collection: "valuelist",
  required: true,
  example: "team",
  comments:
    "The keys of the tags to remove, such as team. A key the resource does not have is ignored by DynamoDB.",
  clean: cleanTagKeys,
});

export const untagResource = action({
  display: {
    label: "Untag Resource",
    description: "Remove tags from a DynamoDB table (or other DynamoDB resource)",
  },
  inputs: {
    awsRegion,
    resource: tagResourceInput,
    awsConnection: connectionInput,
    tagKeys,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const arn = await resolveResourceArn(step.clients, params.resource, params.awsConnection);
    const request = untagResourceRequest(arn, params.tagKeys);
    await step.send("UntagResource", new UntagResourceCommand(request));
    return { data: untaggedData(arn, params.tagKeys) };
  },
  outputSchema: untagResourceOutputSchema,
  examplePayload: untagResourceExample,
});

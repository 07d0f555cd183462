import { UntagResourceCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { cleanTagKeys, resolveResourceArn, tagResourceInput } from "../../engines/tags";
import { awsRegion, connectionInput } from "../../inputs";
import { actionOutput } from "../../outputs";

export const tagKeys = input({
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
    const { clients } = step;
    const arn = await resolveResourceArn(clients, params.resource, params.awsConnection);
    await step.call("UntagResource", () =>
      clients.dynamodb.send(
        new UntagResourceCommand({ ResourceArn: arn, TagKeys: params.tagKeys }),
      ),
    );
    return { data: { resourceArn: arn, tagKeys: params.tagKeys } };
  },
  outputSchema: actionOutput(
    {
      resourceArn: { type: "string", description: "The ARN of the resource." },
      tagKeys: {
        type: "array",
        items: { type: "string" },
        description: "The tag keys removed, as given.",
      },
    },
    ["resourceArn", "tagKeys"],
  ),
  examplePayload: {
    data: {
      resourceArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
      tagKeys: ["team"],
    },
  },
});

export default untagResource;

import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { listTagPages, resolveResourceArn } from "../../engines/tags";
import { awsRegion, cleanText, connectionInput, fetchAll, tagResourceInput } from "../../inputs";
import {
  listedTagsData,
  listTagsOfResourceExample,
  listTagsOfResourceOutputSchema,
} from "../../outputs/tags";

const nextToken = input({
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
    const arn = await resolveResourceArn(step.clients, params.resource, params.awsConnection);
    const options = { fetchAll: params.fetchAll, nextToken: params.nextToken };
    const listed = await step.call("ListTagsOfResource", () =>
      listTagPages(step.clients, arn, options),
    );
    return { data: listedTagsData(arn, listed) };
  },
  outputSchema: listTagsOfResourceOutputSchema,
  examplePayload: listTagsOfResourceExample,
});

import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { listTagPages, resolveResourceArn } from "../../engines/tags";
import {
  awsRegion,
  connectionInput,
  fetchAll,
  nextTokenInput,
  tagResourceInput,
} from "../../inputs";
import {
  listedTagsData,
  listTagsOfResourceExample,
  listTagsOfResourceOutputSchema,
} from "../../outputs/tags";

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
    nextToken: nextTokenInput,
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

import { UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { settleTimeToLive, updateTimeToLiveRequest } from "../../engines/ttl";
import {
  cleanBoolean,
  cleanTtlAttribute,
  DOCS,
  TTL_ATTRIBUTE_LABEL,
  tableStepInputs,
} from "../../inputs";
import {
  timeToLiveChangeData,
  updateTimeToLiveExample,
  updateTimeToLiveOutputSchema,
} from "../../outputs/ttl";

const ttlAttribute = input({
  label: TTL_ATTRIBUTE_LABEL,
  type: "string",
  required: true,
  example: "expiresAt",
  comments: `The attribute that holds each item's expiry time as a number of seconds since 1970 (Unix epoch), such as 1767225600. DynamoDB deletes an item some time after that moment; items without the attribute never expire. To disable TTL, give the attribute it is enabled on. Learn more about [Time to Live](${DOCS}/TTL.html).`,
  clean: cleanTtlAttribute,
});

const enabled = input({
  label: "Enabled",
  type: "boolean",
  required: false,
  default: "true",
  comments: "true to enable Time to Live on the attribute, false to disable it.",
  clean: cleanBoolean("Enabled", true),
});

export const updateTimeToLive = action({
  display: {
    label: "Update Time To Live",
    description: "Enable or disable automatic deletion of expired items (TTL) on a DynamoDB table",
  },
  inputs: {
    ...tableStepInputs,
    ttlAttribute,
    enabled,
  },
  perform: async (invocation, params) => {
    const request = updateTimeToLiveRequest(params);
    const wanted = request.TimeToLiveSpecification;
    const step = connect(invocation, params);
    // Running the step twice is not a failure when the table is already as asked (null).
    const answer = await step
      .send("UpdateTimeToLive", new UpdateTimeToLiveCommand(request))
      .catch((error: unknown) => settleTimeToLive(step, wanted, error));
    return { data: timeToLiveChangeData(wanted, answer) };
  },
  outputSchema: updateTimeToLiveOutputSchema,
  examplePayload: updateTimeToLiveExample,
});

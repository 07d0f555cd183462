import { DescribeTimeToLiveCommand, type TimeToLiveDescription } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { performTableRead } from "../../aws/invocation";
import { tableStepInputs } from "../../inputs";
import { actionOutput } from "../../outputs";

/** The output of both TTL actions: `{ data: { timeToLive } }`, without the SDK's $metadata. */
export function ttlOutput(
  description: string,
  properties: Record<string, Record<string, unknown>>,
) {
  return actionOutput(
    {
      timeToLive: {
        type: "object",
        description,
        properties,
        required: Object.keys(properties),
      },
    },
    ["timeToLive"],
  );
}

/** DynamoDB omits AttributeName while TTL is disabled; the output always has it (null then). */
export function plainTimeToLive(description: TimeToLiveDescription | undefined) {
  return {
    TimeToLiveStatus: description?.TimeToLiveStatus ?? "DISABLED",
    AttributeName: description?.AttributeName ?? null,
  };
}

export const describeTimeToLive = action({
  display: {
    label: "Describe Time To Live",
    description:
      "Show whether a DynamoDB table deletes expired items (TTL), and by which attribute",
  },
  inputs: tableStepInputs,
  perform: performTableRead(
    "DescribeTimeToLive",
    (dynamodb, TableName) => dynamodb.send(new DescribeTimeToLiveCommand({ TableName })),
    ({ TimeToLiveDescription }) => ({ timeToLive: plainTimeToLive(TimeToLiveDescription) }),
  ),
  outputSchema: ttlOutput("The table's Time to Live setting.", {
    TimeToLiveStatus: {
      type: "string",
      enum: ["ENABLED", "DISABLED", "ENABLING", "DISABLING"],
      description:
        "ENABLED, DISABLED, or ENABLING / DISABLING while a change is applied (up to an hour).",
    },
    AttributeName: {
      type: ["string", "null"],
      description:
        "The attribute that holds each item's expiry time (Unix epoch seconds), or null when TTL is disabled.",
    },
  }),
  examplePayload: {
    data: { timeToLive: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" } },
  },
});

export default describeTimeToLive;

/**
 * The outputs of Describe and Update Time To Live: `timeToLive` (without the SDK's $metadata),
 * their schemas and examples.
 */
import type {
  TimeToLiveDescription,
  UpdateTimeToLiveCommandOutput,
} from "@aws-sdk/client-dynamodb";
import type { WantedTimeToLive } from "../engines/ttl";
import { actionOutputSchema } from "./index";

/** The output of both TTL actions: `{ data: { timeToLive } }`. */
function ttlOutput(description: string, properties: Record<string, Record<string, unknown>>) {
  return actionOutputSchema(
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

/**
 * Describe Time To Live's data. DynamoDB omits AttributeName while TTL is disabled; the output
 * always has it (null then).
 */
export function timeToLiveData(description: TimeToLiveDescription | undefined) {
  return {
    timeToLive: {
      TimeToLiveStatus: description?.TimeToLiveStatus ?? "DISABLED",
      AttributeName: description?.AttributeName ?? null,
    },
  };
}

/**
 * Update Time To Live's data: the setting DynamoDB answered with and changed true (null, as the
 * other admin actions give a part the answer lacks, where it gave none: a mock's {}), or, when
 * `answer` is null (the table already had it), what was asked and changed false.
 */
export function timeToLiveChangeData(
  wanted: WantedTimeToLive,
  answer: Pick<UpdateTimeToLiveCommandOutput, "TimeToLiveSpecification"> | null,
) {
  if (!answer) return { timeToLive: wanted, changed: false };
  const given = answer.TimeToLiveSpecification;
  if (!given) return { timeToLive: null, changed: true };
  return {
    timeToLive: { Enabled: given.Enabled ?? null, AttributeName: given.AttributeName ?? null },
    changed: true,
  };
}

export const describeTimeToLiveOutputSchema = ttlOutput("The table's Time to Live setting.", {
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
});
export const describeTimeToLiveExample: { data: ReturnType<typeof timeToLiveData> } = {
  data: { timeToLive: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" } },
};

export const updateTimeToLiveOutputSchema = actionOutputSchema(
  {
    timeToLive: {
      type: ["object", "null"],
      description:
        "The Time to Live setting DynamoDB answered with (the one asked for when the table already had it); null if the answer gave none.",
      properties: {
        Enabled: { type: ["boolean", "null"] },
        AttributeName: { type: ["string", "null"] },
      },
      required: ["Enabled", "AttributeName"],
    },
    changed: {
      type: "boolean",
      description: "false when the table already had this setting, so nothing was changed.",
    },
  },
  ["timeToLive", "changed"],
);
export const updateTimeToLiveExample = {
  data: { timeToLive: { Enabled: true, AttributeName: "expiresAt" }, changed: true },
};

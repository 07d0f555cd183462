import { DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { callAws, toActionError } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import { InputError } from "../../errors/inputError";
import { cleanBoolean, cleanRequiredString, DOCS, tableStepInputs } from "../../inputs";
import { actionOutput } from "../../outputs";

const ATTRIBUTE_LABEL = "TTL Attribute";

export const ttlAttribute = input({
  label: ATTRIBUTE_LABEL,
  type: "string",
  required: true,
  example: "expiresAt",
  comments: `The attribute that holds each item's expiry time as a number of seconds since 1970 (Unix epoch), such as 1767225600. DynamoDB deletes an item some time after that moment; items without the attribute never expire. To disable TTL, give the attribute it is enabled on. Learn more about [Time to Live](${DOCS}/TTL.html).`,
  clean: (value: unknown) => {
    const name = cleanRequiredString(ATTRIBUTE_LABEL, "expiresAt")(value);
    if (name.length > 255) {
      throw new InputError(
        ATTRIBUTE_LABEL,
        "invalidValue",
        `${ATTRIBUTE_LABEL} must be 1 to 255 characters, not ${name.length}.`,
      );
    }
    return name;
  },
});

export const enabled = input({
  label: "Enabled",
  type: "boolean",
  required: false,
  default: "true",
  comments: "true to enable Time to Live on the attribute, false to disable it.",
  clean: cleanBoolean("Enabled", true),
});

/** DynamoDB's answers when TTL is already in the requested state, or enabled on another attribute. */
const ALREADY = /already (enabled|disabled)|different AttributeName/i;

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
    const step = connect(invocation, params);
    const { clients } = step;
    const context = step.context("UpdateTimeToLive");
    const wanted = { Enabled: params.enabled, AttributeName: params.ttlAttribute };
    try {
      const { TimeToLiveSpecification } = await clients.dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: params.tableName,
          TimeToLiveSpecification: wanted,
        }),
      );
      return {
        data: {
          timeToLive: {
            Enabled: TimeToLiveSpecification?.Enabled ?? wanted.Enabled,
            AttributeName: TimeToLiveSpecification?.AttributeName ?? wanted.AttributeName,
          },
          changed: true,
        },
      };
    } catch (error) {
      const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
      if (name !== "ValidationException" || !ALREADY.test(String(message))) {
        throw toActionError(error, context);
      }
      // Running the step twice is not a failure when the table is already as asked.
      const { TimeToLiveDescription: current } = await callAws(
        { ...context, operation: "DescribeTimeToLive" },
        () => clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: params.tableName })),
      );
      const status = current?.TimeToLiveStatus;
      const asAsked = params.enabled
        ? (status === "ENABLED" || status === "ENABLING") &&
          current?.AttributeName === params.ttlAttribute
        : status === "DISABLED" || status === "DISABLING";
      if (asAsked) return { data: { timeToLive: wanted, changed: false } };
      const inUse = current?.AttributeName;
      if (inUse && inUse !== params.ttlAttribute) {
        const where = `UpdateTimeToLive failed on table "${params.tableName}" in region ${clients.region}`;
        const state = `Time to Live is ${String(status).toLowerCase()} on the attribute "${inUse}", not "${params.ttlAttribute}".`;
        throw new Error(
          params.enabled
            ? `${where}: ${state} Disable it first (Enabled false with ${ATTRIBUTE_LABEL} ${inUse}), then enable it on "${params.ttlAttribute}".`
            : `${where}: ${state} To disable it, give ${ATTRIBUTE_LABEL} ${inUse}.`,
        );
      }
      throw toActionError(error, context);
    }
  },
  outputSchema: actionOutput(
    {
      timeToLive: {
        type: "object",
        description: "The Time to Live setting that was asked for.",
        properties: {
          Enabled: { type: "boolean" },
          AttributeName: { type: "string" },
        },
        required: ["Enabled", "AttributeName"],
      },
      changed: {
        type: "boolean",
        description: "false when the table already had this setting, so nothing was changed.",
      },
    },
    ["timeToLive", "changed"],
  ),
  examplePayload: {
    data: { timeToLive: { Enabled: true, AttributeName: "expiresAt" }, changed: true },
  },
});

export default updateTimeToLive;

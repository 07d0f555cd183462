import {
  DescribeTimeToLiveCommand,
  type DescribeTimeToLiveCommandInput,
  type UpdateTimeToLiveCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { Step } from "../aws/invocation";
import { StepError } from "../errors/stepError";
import { TTL_ATTRIBUTE_LABEL } from "../inputs";

/*
 * The DynamoDB work of Describe and Update Time To Live: their requests, and telling "already as
 * asked" (not a failure when a step runs twice) from a real refusal of UpdateTimeToLive.
 */

/** The DescribeTimeToLive request of the Table Name. */
export function describeTimeToLiveRequest(params: {
  tableName: string;
}): DescribeTimeToLiveCommandInput {
  return { TableName: params.tableName };
}

/** The setting Update Time To Live asks for. */
export interface WantedTimeToLive {
  Enabled: boolean;
  AttributeName: string;
}

/** The UpdateTimeToLive request that enables (or disables) TTL on the TTL Attribute. */
export function updateTimeToLiveRequest(params: {
  tableName: string;
  ttlAttribute: string;
  enabled: boolean;
}): UpdateTimeToLiveCommandInput & { TimeToLiveSpecification: WantedTimeToLive } {
  return {
    TableName: params.tableName,
    TimeToLiveSpecification: { Enabled: params.enabled, AttributeName: params.ttlAttribute },
  };
}

/** DynamoDB's answers when TTL is already in the requested state, or enabled on another attribute. */
const ALREADY = /already (enabled|disabled)|different AttributeName/i;

/**
 * What a refused UpdateTimeToLive (`error`, as step.call threw it) means: null when the table is
 * already as `wanted` (enabled or enabling on that attribute, or disabled or disabling), read
 * with one DescribeTimeToLive. Throws a StepError `timeToLiveOnOtherAttribute` saying what to do
 * when TTL is on another attribute, and `error` itself for any other refusal.
 */
export async function settleTimeToLive(
  step: Step,
  wanted: WantedTimeToLive,
  error: unknown,
): Promise<null> {
  // step.call keeps the AWS error (secrets removed) as the cause of the error it throws.
  const refusal = ((error as { cause?: unknown })?.cause ?? error ?? {}) as {
    name?: unknown;
    message?: unknown;
  };
  if (refusal.name !== "ValidationException" || !ALREADY.test(String(refusal.message))) {
    throw error;
  }
  const { TimeToLiveDescription: current } = await step.send(
    "DescribeTimeToLive",
    new DescribeTimeToLiveCommand({ TableName: step.table }),
  );
  const status = current?.TimeToLiveStatus;
  const asAsked = wanted.Enabled
    ? (status === "ENABLED" || status === "ENABLING") &&
      current?.AttributeName === wanted.AttributeName
    : status === "DISABLED" || status === "DISABLING";
  if (asAsked) return null;
  const inUse = current?.AttributeName;
  if (inUse && inUse !== wanted.AttributeName) {
    const where = `UpdateTimeToLive failed on table "${step.table}" in region ${step.region}`;
    const state = `Time to Live is ${String(status).toLowerCase()} on the attribute "${inUse}", not "${wanted.AttributeName}".`;
    throw new StepError(
      "timeToLiveOnOtherAttribute",
      wanted.Enabled
        ? `${where}: ${state} Disable it first (Enabled false with ${TTL_ATTRIBUTE_LABEL} ${inUse}), then enable it on "${wanted.AttributeName}".`
        : `${where}: ${state} To disable it, give ${TTL_ATTRIBUTE_LABEL} ${inUse}.`,
    );
  }
  throw error;
}

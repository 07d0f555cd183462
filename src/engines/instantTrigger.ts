/**
 * The instant trigger's webhook lifecycle: a deploy sets up (or updates) the EventBridge
 * connection, API destination and pipe that carry the table's stream to the flow's webhook URL,
 * and keeps the pipe's secret in the cross-flow state under the flow's own key; an instance delete
 * removes them. Every AWS call of one handler shares one Budget (engines/pipeSetup.ts).
 */
import { randomBytes } from "node:crypto";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { ActionContext } from "@prismatic-io/spectral";
import { connect, type Step, type StepInputs } from "../aws/invocation";
import { printable } from "../common/text";
import { cut } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import type { EventType, StartPosition } from "../inputs/streams";
import { isPlainObject } from "../values/json";
import { Budget, checkWebhookUrl, resourceName, setUpPipe, tearDownPipe } from "./pipeSetup";
import { noStreamMessage } from "./streams";

/** The instant trigger's cleaned inputs. */
export interface InstantParams extends StepInputs {
  tableName: string;
  pipeRoleArn: string;
  startPosition?: StartPosition;
  eventTypes?: EventType[];
  batchSize: number;
  maximumBatchingWindow: number;
  returnDynamoJson?: boolean;
  initialSnapshot?: boolean;
  snapshotSegments?: number;
}

/** What a deploy keeps in the cross-flow state, under the flow's own key. */
interface SavedSetup {
  secret: string;
  name: string;
  region: string;
  table: string;
}

type FlowContext = Pick<ActionContext, "crossFlowState" | "flow">;

/** The flow's identity across deploys: its stable ID (its ID where the platform gives none). */
function flowKey(context: Pick<ActionContext, "flow">): string {
  return context.flow.stableId || context.flow.id;
}

/** The names of the pipe and its API destination and connection for this instance's flow. */
export function pipeNameOf(context: Pick<ActionContext, "flow" | "instance">): string {
  return resourceName(context.instance.id, flowKey(context));
}

function setupKey(context: FlowContext): string {
  return `dynamodbInstant:${flowKey(context)}`;
}

/** The setup the last deploy kept, or undefined (none, or not of the shape a deploy writes). */
function savedSetup(context: FlowContext): SavedSetup | undefined {
  const saved = context.crossFlowState?.[setupKey(context)];
  if (!isPlainObject(saved)) return undefined;
  const { secret, name, region, table } = saved;
  if (typeof secret !== "string" || typeof name !== "string" || typeof region !== "string") {
    return undefined;
  }
  return { secret, name, region, table: typeof table === "string" ? table : "" };
}

/** The pipe's secret, as the last deploy kept it (undefined before any deploy). */
export function savedSecret(context: FlowContext): string | undefined {
  return savedSetup(context)?.secret;
}

/** The table's stream ARN, or a StepError (streamNotFound) saying how to turn the stream on. */
async function streamArnOf(step: Step, budget: Budget): Promise<string> {
  const { Table } = await step.call("DescribeTable", () =>
    step.clients.dynamodb.send(new DescribeTableCommand({ TableName: step.table }), {
      abortSignal: budget.signal(),
    }),
  );
  const streamArn = Table?.LatestStreamArn;
  if (!Table?.StreamSpecification?.StreamEnabled || !streamArn) {
    throw new StepError("streamNotFound", noStreamMessage(step.table, step.region));
  }
  return streamArn;
}

/**
 * Deploy: sets up (or updates) the connection, API destination and pipe, and returns the
 * cross-flow state that keeps the secret. A changed AWS Region removes the last region's first.
 * Throws a StepError when the table has no stream or a pipe resource cannot be set up.
 */
export async function deployPipe(context: ActionContext, params: InstantParams) {
  const webhookUrl = checkWebhookUrl(context.webhookUrls?.[context.flow.name], context.flow.name);
  const step = connect(context, params);
  const saved = savedSetup(context);
  const name = pipeNameOf(context);
  const budget = new Budget();
  if (saved && saved.region !== step.region) await leaveRegion(context, params, saved, budget);
  const streamArn = await streamArnOf(step, budget);
  const secret = saved?.secret ?? randomBytes(32).toString("base64url");
  const result = await setUpPipe(
    step,
    {
      name,
      // Names are the builder's text: one line, cut short (Description: 512 characters, one line).
      description: `New and Changed Items (Instant) of table ${step.table} for flow "${printable(cut(context.flow.name))}" of instance "${printable(cut(context.instance.name))}"`,
      secret,
      webhookUrl,
      streamArn,
      roleArn: params.pipeRoleArn,
      startPosition: params.startPosition ?? "LATEST",
      batchSize: params.batchSize,
      maximumBatchingWindowSeconds: params.maximumBatchingWindow,
      eventTypes: params.eventTypes,
    },
    budget,
  );
  const verb = result.recreated ? "re-created for the table's new stream" : "set up";
  context.logger.info(
    `Pipe ${name} ${verb} (updated: ${result.updated.join(", ") || "none"}); its state is ${result.pipeState}. Changes reach the flow once it is RUNNING.`,
  );
  const state: SavedSetup = { secret, name, region: step.region, table: step.table };
  return { crossFlowState: { ...context.crossFlowState, [setupKey(context)]: state } };
}

/** The region input changed since the last deploy: the old region's resources are removed first. */
async function leaveRegion(
  context: ActionContext,
  params: InstantParams,
  saved: SavedSetup,
  budget: Budget,
) {
  try {
    const elsewhere = connect(context, { ...params, awsRegion: saved.region });
    await tearDownPipe(elsewhere, saved.name, budget);
  } catch (error) {
    context.logger.warn(
      `The pipe ${saved.name} and its API destination and connection in ${saved.region} (the region of the last deploy) could not be removed; delete them in the AWS console. ${error instanceof Error ? error.message : ""}`,
    );
  }
}

/**
 * Instance delete (or a flow dropping the trigger): removes the pipe, API destination and
 * connection (what is already gone is no error), and returns the cross-flow state without the
 * secret.
 */
export async function removePipe(context: ActionContext, params: InstantParams) {
  const saved = savedSetup(context);
  const region = saved?.region ?? params.awsRegion;
  const name = saved?.name ?? pipeNameOf(context);
  const result = await tearDownPipe(connect(context, { ...params, awsRegion: region }), name);
  context.logger.info(
    `Pipe ${name}: deleted ${result.deleted.join(", ") || "nothing"}; already gone: ${result.alreadyGone.join(", ") || "nothing"}.`,
  );
  // null rather than an absent key: the secret is gone whether the platform merges or replaces.
  return { crossFlowState: { ...context.crossFlowState, [setupKey(context)]: null } };
}

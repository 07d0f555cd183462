import { randomBytes } from "node:crypto";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type ActionContext,
  type HttpResponse,
  input,
  type TriggerBaseResult,
  type TriggerPayload,
  trigger,
} from "@prismatic-io/spectral";
import { ROLE_ARN_PATTERN } from "../aws/client";
import { StepError } from "../aws/errors";
import { connect, type Step, type StepInputs } from "../aws/invocation";
import { printable } from "../common/text";
import {
  checkSecret,
  convertDelivery,
  parseWindow,
  type Refusal,
  readBody,
  SECRET_HEADER,
} from "../engines/pipeDelivery";
import {
  Budget,
  checkWebhookUrl,
  resourceName,
  settledPipeState,
  setUpPipe,
  tearDownPipe,
} from "../engines/pipeSetup";
import { MAX_FIX_PAGES } from "../engines/snapshot";
import { noStreamMessage } from "../engines/streams";
import {
  cleanInteger,
  cleanRequiredString,
  cut,
  eventTypes,
  InputError,
  initialSnapshot,
  isPlainObject,
  returnDynamoJson,
  snapshotSegments,
  startPosition,
  tableStepInputs,
  withComments,
} from "../inputs";
import { EXAMPLE_PAYLOAD, tableChangesData } from "../outputs/trigger";
import {
  changeRecordsResolver,
  type FixPosition,
  snapshotOnDeployPerform,
} from "../outputs/triggerResolvers";

const PIPE_ROLE_LABEL = "Pipe Role ARN";
const ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/DynamoDBChangesPipe";

const pipeRoleArn = input({
  label: PIPE_ROLE_LABEL,
  type: "string",
  required: true,
  comments:
    "The IAM role the pipe runs as. It must trust pipes.amazonaws.com and allow dynamodb:DescribeStream, dynamodb:GetRecords, dynamodb:GetShardIterator and dynamodb:ListStreams on the table's stream, and events:InvokeApiDestination on the pipe's API destination. See the instant trigger guide.",
  example: ROLE_EXAMPLE,
  clean: (value: unknown): string => {
    const text = cleanRequiredString(PIPE_ROLE_LABEL, ROLE_EXAMPLE)(value);
    if (!ROLE_ARN_PATTERN.test(text)) {
      throw new InputError(
        PIPE_ROLE_LABEL,
        "invalidValue",
        `${PIPE_ROLE_LABEL} is "${printable(cut(text))}", not a role ARN. It looks like arn:aws:iam::123456789012:role/RoleName.`,
      );
    }
    return text;
  },
});

const pipeStartPosition = withComments(
  startPosition,
  "Where the pipe starts reading the table's stream when a deploy creates it: LATEST delivers only changes made after the pipe starts; TRIM_HORIZON starts with the oldest change the stream still holds (24 hours). A re-deploy keeps the pipe's place in the stream.",
);

/** The DynamoDB stream source's limits (EventBridge Pipes API reference). */
const MAX_BATCH_SIZE = 10_000;
const MAX_BATCHING_WINDOW_SECONDS = 300;

/** Pipes cannot batch to an API destination (Pipes batching and concurrency, batchable targets). */
const API_DESTINATION_BATCH_SIZE = 1;

const batchSize = input({
  label: "Batch Size",
  type: "string",
  required: false,
  default: "1",
  comments:
    "How many stream records the pipe sends in one request: 1. EventBridge Pipes does not batch to an API destination (the target this trigger sets up), so CreatePipe refuses more. For several changes per execution, raise the flow's batch size instead.",
  example: "1",
  clean: (value: unknown) => {
    const size = cleanInteger("Batch Size", 1, MAX_BATCH_SIZE)(value) ?? 1;
    if (size > API_DESTINATION_BATCH_SIZE) {
      throw new InputError(
        "Batch Size",
        "conflict",
        `Batch Size is ${size}, but EventBridge Pipes does not batch to an API destination (the target this trigger sets up), so the pipe would be refused: use 1. For several changes per execution, raise the flow's batch size instead.`,
      );
    }
    return size;
  },
});

const maximumBatchingWindow = input({
  label: "Maximum Batching Window",
  type: "string",
  required: false,
  default: "0",
  comments: `The most seconds the pipe waits to fill a batch before it sends one, from 0 to ${MAX_BATCHING_WINDOW_SECONDS}. 0 sends each change as soon as the pipe reads it.`,
  example: "0",
  clean: (value: unknown) =>
    cleanInteger("Maximum Batching Window", 0, MAX_BATCHING_WINDOW_SECONDS)(value) ?? 0,
});

/** The instance state key of the window of delivered event IDs (this flow's own state). */
const WINDOW_KEY = "dynamodbInstantDelivered";

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

function setupKey(context: FlowContext): string {
  return `dynamodbInstant:${flowKey(context)}`;
}

function savedSetup(context: FlowContext): SavedSetup | undefined {
  const saved = context.crossFlowState?.[setupKey(context)];
  if (!isPlainObject(saved)) return undefined;
  const { secret, name, region, table } = saved;
  if (typeof secret !== "string" || typeof name !== "string" || typeof region !== "string") {
    return undefined;
  }
  return { secret, name, region, table: typeof table === "string" ? table : "" };
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

interface InstantParams extends StepInputs {
  tableName: string;
  pipeRoleArn: string;
  startPosition?: "LATEST" | "TRIM_HORIZON";
  eventTypes?: ("INSERT" | "MODIFY" | "REMOVE")[];
  batchSize: number;
  maximumBatchingWindow: number;
  returnDynamoJson?: boolean;
  initialSnapshot?: boolean;
  snapshotSegments?: number;
}

/**
 * Initial Snapshot's fixed position: the pipe's own place in the stream. A RUNNING pipe reads on
 * from its checkpoint, which is earlier than the scan; a pipe not yet running that starts at
 * TRIM_HORIZON will read every change the stream still holds (24 hours), the scan's included.
 * With LATEST the scan waits (MAX_FIX_PAGES pages, each waiting for the pipe's state) for the
 * pipe to run, then fails: a change made before the pipe started would be missed.
 */
function pipePosition(start: InstantParams["startPosition"]): FixPosition {
  return async (context, step, _streamArn, cursor) => {
    const name = resourceName(context.instance.id, flowKey(context));
    const state = await settledPipeState(step, name);
    if (state === "RUNNING") return { done: true, position: "kept", notices: [] };
    const where = state ? `is ${state}` : "is not set up yet";
    if (start === "TRIM_HORIZON") {
      const notice = `The pipe ${name} ${where}; it starts at TRIM_HORIZON, so the changes made during the snapshot reach the flow once it runs.`;
      return { done: true, position: "fixed", notices: [notice] };
    }
    if (cursor.pages + 1 < MAX_FIX_PAGES) {
      return {
        done: false,
        position: "partlyFixed",
        notices: [`Waiting for the pipe ${name}, which ${where}, before the snapshot's scan.`],
      };
    }
    throw new StepError(
      "pipeSetupFailed",
      `Initial Snapshot waited for the pipe ${name} to be RUNNING before scanning the table, but it ${where}: with Start Position LATEST, a change made before the pipe runs would be missed. Set Start Position to TRIM_HORIZON, or deploy again once the pipe runs.`,
    );
  };
}

/** Deploy: sets up (or updates) the connection, API destination and pipe; keeps the secret. */
async function createPipe(context: ActionContext, params: InstantParams) {
  const webhookUrl = checkWebhookUrl(context.webhookUrls?.[context.flow.name], context.flow.name);
  const step = connect(context, params);
  const saved = savedSetup(context);
  const name = resourceName(context.instance.id, flowKey(context));
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

/** Instance delete (or a flow dropping the trigger): removes the pipe, API destination, connection. */
async function deletePipe(context: ActionContext, params: InstantParams) {
  const saved = savedSetup(context);
  const region = saved?.region ?? params.awsRegion;
  const name = saved?.name ?? resourceName(context.instance.id, flowKey(context));
  const result = await tearDownPipe(connect(context, { ...params, awsRegion: region }), name);
  context.logger.info(
    `Pipe ${name}: deleted ${result.deleted.join(", ") || "nothing"}; already gone: ${result.alreadyGone.join(", ") || "nothing"}.`,
  );
  // null rather than an absent key: the secret is gone whether the platform merges or replaces.
  return { crossFlowState: { ...context.crossFlowState, [setupKey(context)]: null } };
}

/** The request's headers without the secret, which must not reach the flow's output. */
function withoutSecret(headers: unknown): Record<string, string> {
  const kept: Record<string, string> = {};
  if (!isPlainObject(headers)) return kept;
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (key.toLowerCase() !== SECRET_HEADER && typeof value === "string") kept[key] = value;
  }
  return kept;
}

const NO_CHANGES = {
  records: [],
  hasMore: false,
  stoppedBy: null,
  bytes: 0,
  shards: { listed: 0, read: 0, notReached: 0, notReachedIds: [] },
  dataLoss: [],
};

/** A refused request: an HTTP error answer, no records, and the reason in the log. */
function refuse(
  context: ActionContext,
  payload: TriggerPayload,
  table: string,
  refusal: Refusal,
): TriggerBaseResult<TriggerPayload> {
  context.logger.warn(`Refused a request (HTTP ${refusal.status}): ${refusal.reason}`);
  const response: HttpResponse = {
    statusCode: refusal.status,
    contentType: "application/json",
    body: JSON.stringify({ error: refusal.reason }),
  };
  const data = tableChangesData({ ...NO_CHANGES, notices: [refusal.reason] }, table, "");
  return { payload: { ...payload, body: { data } }, response, polledNoChanges: true };
}

/** One request from the pipe: checked, converted as the polling trigger does, de-duplicated. */
async function deliver(
  context: ActionContext,
  payload: TriggerPayload,
  params: InstantParams,
): Promise<TriggerBaseResult<TriggerPayload>> {
  // Nothing is sent, but a bad connection or region is refused as in every step (by its label).
  connect(context, params);
  const clean = { ...payload, headers: withoutSecret(payload.headers), rawBody: { data: null } };
  const refusal = checkSecret(payload.headers, savedSetup(context)?.secret);
  if (refusal) return refuse(context, clean, params.tableName, refusal);
  const reading = await readBody(payload.rawBody?.data, payload.body?.data);
  if ("refusal" in reading) return refuse(context, clean, params.tableName, reading.refusal);
  let delivery: Awaited<ReturnType<typeof convertDelivery>>;
  try {
    delivery = await convertDelivery(reading.body, {
      eventTypes: params.eventTypes,
      dynamoJson: params.returnDynamoJson,
      window: parseWindow(context.instanceState?.[WINDOW_KEY]),
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return refuse(context, clean, params.tableName, { status: 400, reason: error.message });
  }
  for (const notice of delivery.notices) context.logger.warn(notice);
  const data = tableChangesData(delivery, params.tableName, delivery.streamArn);
  return {
    payload: { ...clean, body: { data } },
    instanceState: { ...context.instanceState, [WINDOW_KEY]: delivery.window },
    polledNoChanges: delivery.records.length === 0,
  };
}

export const tableChangesInstant = trigger({
  display: {
    label: "New and Changed Items (Instant)",
    description:
      "Receives the table's changes as they happen: on deploy it sets up an EventBridge pipe from the table's DynamoDB Stream to this flow, and delivers the items that were added, changed or deleted.",
  },
  inputs: {
    ...tableStepInputs,
    pipeRoleArn,
    startPosition: pipeStartPosition,
    eventTypes,
    batchSize,
    maximumBatchingWindow,
    returnDynamoJson,
    initialSnapshot,
    snapshotSegments,
  },
  scheduleSupport: "invalid",
  synchronousResponseSupport: "invalid",
  // "required": every flow batches, so a refused (forged) request, which delivers no records,
  // starts no execution at all; one execution per change by default.
  triggerResolverSupport: "required",
  triggerResolver: changeRecordsResolver,
  onDeployResolver: changeRecordsResolver,
  batchConfig: { batchSize: 1 },
  onDeployPerform: (context, payload, params) =>
    snapshotOnDeployPerform(
      "tableChangesInstant",
      pipePosition((params as InstantParams).startPosition),
    )(context, payload, params as InstantParams),
  webhookLifecycleHandlers: {
    create: (context, params) => createPipe(context, params as InstantParams),
    delete: (context, params) => deletePipe(context, params as InstantParams),
  },
  perform: (context, payload, params) => deliver(context, payload, params as InstantParams),
  examplePayload: { payload: EXAMPLE_PAYLOAD, polledNoChanges: false },
});

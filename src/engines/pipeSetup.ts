/**
 * The AWS side of the instant trigger's deploy and delete: an EventBridge connection (API-key
 * auth: the secret in a header), an API destination (the flow's webhook URL) and a pipe from the
 * table's stream to that destination. The three share one name derived from the instance and
 * the flow, so a deploy finds what an earlier deploy made and updates it in place.
 *
 * Each handler finishes within the platform's 30 s: every call is sent with an abort signal
 * bounded by the handler's budget, throttling is retried by the SDK's standard strategy inside
 * that budget, and the wait for the pipe's state is short and bounded (a pipe takes a minute or
 * so to start; the deploy reports the state it saw).
 */
import { createHash } from "node:crypto";
import type {
  CreateApiDestinationCommandInput,
  CreateConnectionCommandInput,
} from "@aws-sdk/client-eventbridge";
import type {
  CreatePipeCommandInput,
  DescribePipeCommandOutput,
  FilterCriteria,
  UpdatePipeCommandInput,
} from "@aws-sdk/client-pipes";
import type { Step } from "../aws/invocation";
import { eventBridgeSdk, pipesSdk } from "../aws/sdkModules";
import { printable } from "../common/text";
import { cut } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import type { EventType, StartPosition } from "../inputs/streams";
import { SECRET_HEADER } from "./pipeDelivery";

/** Times of one lifecycle handler, in ms. Tests lower them; code reads them per handler. */
export const pipeSetupSettings = {
  /** A handler's calls all end within this (the platform allows 30 s). */
  budgetMs: 25_000,
  /** How long a deploy waits for the pipe to leave CREATING/UPDATING before it reports the state. */
  stateWaitMs: 8_000,
  /** The pause between two DescribePipe calls while waiting. */
  pollEveryMs: 1_000,
};

/** What a deploy sets up. */
export interface PipeSetup {
  /** The name of the connection, the API destination and the pipe (resourceName). */
  name: string;
  description: string;
  secret: string;
  /** The flow's webhook URL (checkWebhookUrl). */
  webhookUrl: string;
  streamArn: string;
  /** The pipe's execution role. */
  roleArn: string;
  startPosition: StartPosition;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  eventTypes?: readonly EventType[];
}

/** What a deploy did. */
export interface PipeSetupResult {
  connectionArn: string;
  apiDestinationArn: string;
  pipeArn: string;
  /** The pipe's state when the deploy stopped waiting (RUNNING, or CREATING while it starts). */
  pipeState: string;
  /** Which of the three already existed and were updated rather than created. */
  updated: string[];
  /** True when the pipe read another stream (the table or its stream changed) and was re-created. */
  recreated: boolean;
}

/** The error of a call aborted because the handler's budget ran out. */
function budgetSpent(operation: string): StepError {
  return new StepError(
    "pipeSetupFailed",
    `${operation} did not finish within the ${pipeSetupSettings.budgetMs / 1000} s a deploy or delete of the instant trigger may take (the platform allows 30 s), so it was abandoned. What was already done stays; deploy (or delete) the instance again.`,
  );
}

/** A deadline for one handler: the abort signal of each call, and the time left. */
export class Budget {
  private readonly deadline = Date.now() + pipeSetupSettings.budgetMs;

  left(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  signal(): AbortSignal {
    return AbortSignal.timeout(Math.max(1, this.left()));
  }
}

/**
 * The name of an instance's flow's connection, API destination and pipe:
 * `dynamodb-changes-` and 32 hex characters of a SHA-256 of the instance and flow IDs. 49
 * characters of [a-z0-9-], inside all three APIs' rules (1 to 64 of [.\-_A-Za-z0-9]); the same
 * for every deploy of the flow, and unlike any other flow's.
 */
export function resourceName(instanceId: string, flowId: string): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([instanceId, flowId]))
    .digest("hex");
  return `dynamodb-changes-${digest.slice(0, 32)}`;
}

/**
 * The flow's webhook URL, checked: an API destination sends the secret to it, so it must be an
 * https URL. Throws a StepError (webhookUrlRefused) otherwise.
 */
export function checkWebhookUrl(url: unknown, flowName: string): string {
  const flow = printable(cut(flowName));
  if (typeof url !== "string" || url === "") {
    throw new StepError(
      "webhookUrlRefused",
      `The instance has no webhook URL for flow "${flow}", so there is nowhere for the pipe to deliver the table's changes. Check that the flow's trigger is New and Changed Items (Instant) and deploy the instance again.`,
    );
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== "https:" || parsed.username || parsed.password) {
    throw new StepError(
      "webhookUrlRefused",
      `The webhook URL of flow "${flow}" is not an https URL without user information, so the pipe was not set up: the pipe's requests carry the trigger's secret, which must travel encrypted.`,
    );
  }
  return url;
}

/** Event Types as the pipe's filter: only records of those event names reach the flow. */
export function filterCriteria(eventTypes?: readonly EventType[]): FilterCriteria {
  return eventTypes?.length
    ? { Filters: [{ Pattern: JSON.stringify({ eventName: [...eventTypes] }) }] }
    : // No filter; on UpdatePipe an empty list removes one an earlier deploy set.
      { Filters: [] };
}

export function connectionRequest(setup: PipeSetup): CreateConnectionCommandInput {
  return {
    Name: setup.name,
    Description: setup.description,
    AuthorizationType: "API_KEY",
    AuthParameters: {
      ApiKeyAuthParameters: { ApiKeyName: SECRET_HEADER, ApiKeyValue: setup.secret },
    },
  };
}

export function apiDestinationRequest(
  setup: PipeSetup,
  connectionArn: string,
): CreateApiDestinationCommandInput {
  return {
    Name: setup.name,
    Description: setup.description,
    ConnectionArn: connectionArn,
    InvocationEndpoint: setup.webhookUrl,
    HttpMethod: "POST",
  };
}

export function createPipeRequest(setup: PipeSetup, target: string): CreatePipeCommandInput {
  const filter = filterCriteria(setup.eventTypes);
  return {
    Name: setup.name,
    Description: setup.description,
    DesiredState: "RUNNING",
    RoleArn: setup.roleArn,
    Source: setup.streamArn,
    SourceParameters: {
      DynamoDBStreamParameters: {
        StartingPosition: setup.startPosition,
        BatchSize: setup.batchSize,
        MaximumBatchingWindowInSeconds: setup.maximumBatchingWindowSeconds,
      },
      ...(filter.Filters?.length ? { FilterCriteria: filter } : {}),
    },
    Target: target,
  };
}

/** UpdatePipe cannot change the source or its starting position: the pipe carries on from where it is. */
export function updatePipeRequest(setup: PipeSetup, target: string): UpdatePipeCommandInput {
  return {
    Name: setup.name,
    Description: setup.description,
    DesiredState: "RUNNING",
    RoleArn: setup.roleArn,
    SourceParameters: {
      DynamoDBStreamParameters: {
        BatchSize: setup.batchSize,
        MaximumBatchingWindowInSeconds: setup.maximumBatchingWindowSeconds,
      },
      FilterCriteria: filterCriteria(setup.eventTypes),
    },
    Target: target,
  };
}

function errorName(error: unknown): string {
  return error && typeof error === "object" && "name" in error ? String(error.name) : "";
}

/** EventBridge's "already exists" and "not found", and Pipes' (API references). */
const ALREADY_EXISTS = new Set(["ResourceAlreadyExistsException", "ConflictException"]);
const NOT_FOUND = new Set(["ResourceNotFoundException", "NotFoundException"]);

/** Runs `create`; when AWS answers that the resource already exists, runs `update` instead. */
async function createOrUpdate<T>(
  create: () => Promise<T>,
  update: () => Promise<T>,
): Promise<{ output: T; updated: boolean }> {
  try {
    return { output: await create(), updated: false };
  } catch (error) {
    if (!ALREADY_EXISTS.has(errorName(error))) throw error;
    return { output: await update(), updated: true };
  }
}

/** Runs a delete; true when it deleted, false when the resource was already gone. */
async function deleteIfThere(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (NOT_FOUND.has(errorName(error))) return false;
    throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** States a pipe passes through on its own; a deploy waits (bounded) for it to leave them. */
const TRANSITIONAL = new Set(["CREATING", "UPDATING", "STARTING", "STOPPING", "DELETING"]);
/** States that mean the pipe cannot run as set up (API reference, PipeState). */
const FAILED = new Set([
  "CREATE_FAILED",
  "UPDATE_FAILED",
  "START_FAILED",
  "STOP_FAILED",
  "DELETE_FAILED",
  "CREATE_ROLLBACK_FAILED",
  "UPDATE_ROLLBACK_FAILED",
  "DELETE_ROLLBACK_FAILED",
]);

/** Sends Pipes and EventBridge commands within the handler's budget, failures mapped by `step`. */
class Sender {
  constructor(
    private readonly step: Step,
    readonly budget: Budget,
  ) {}

  pipes<T>(operation: string, command: { input: object }): Promise<T> {
    return this.send(operation, this.step.clients.pipes(), command);
  }

  events<T>(operation: string, command: { input: object }): Promise<T> {
    return this.send(operation, this.step.clients.events(), command);
  }

  private async send<T>(
    operation: string,
    client: { send: (command: never, options: object) => Promise<unknown> },
    command: { input: object },
  ): Promise<T> {
    try {
      return await this.step.call(
        operation,
        () => client.send(command as never, { abortSignal: this.budget.signal() }) as Promise<T>,
      );
    } catch (error) {
      throw this.budget.left() === 0 ? budgetSpent(operation) : error;
    }
  }

  /** The pipe, or undefined when Pipes does not know it. */
  async describe(name: string): Promise<DescribePipeCommandOutput | undefined> {
    try {
      return await this.pipes("DescribePipe", new (pipesSdk().DescribePipeCommand)({ Name: name }));
    } catch (error) {
      if (NOT_FOUND.has(errorName(error))) return undefined;
      throw error;
    }
  }

  /**
   * Describes the pipe until it leaves the transitional states, for at most `waitMs` (and the
   * budget less a second for what follows); the last description, or undefined once it is gone.
   */
  async settle(name: string, waitMs: number): Promise<DescribePipeCommandOutput | undefined> {
    const until = Date.now() + Math.min(waitMs, Math.max(0, this.budget.left() - 1_000));
    let current = await this.describe(name);
    while (current && TRANSITIONAL.has(current.CurrentState ?? "") && Date.now() < until) {
      await sleep(Math.min(pipeSetupSettings.pollEveryMs, Math.max(0, until - Date.now())));
      current = await this.describe(name);
    }
    return current;
  }
}

/**
 * The pipe's state (`RUNNING`, `CREATING`...) once it leaves the transitional states or
 * `pipeSetupSettings.stateWaitMs` has passed, or undefined when Pipes does not know the pipe.
 * DescribePipe calls within one handler budget. Throws the mapped AWS error of a refused call.
 */
export async function settledPipeState(step: Step, name: string): Promise<string | undefined> {
  const pipe = await new Sender(step, new Budget()).settle(name, pipeSetupSettings.stateWaitMs);
  return pipe ? (pipe.CurrentState ?? "UNKNOWN") : undefined;
}

type Arn = { Arn?: string };

/**
 * Creates (or, on a re-deploy, updates) the connection, the API destination and the pipe, then
 * waits a few seconds for the pipe's state. A pipe on another stream (the table, or its stream,
 * changed) is deleted and created again: Pipes cannot change a pipe's source. Throws a
 * StepError (pipeSetupFailed) when the pipe ends in a failed state or stays busy, and the
 * mapped AWS error of a refused call. `budget` is the handler's (calls made before share it).
 */
export async function setUpPipe(
  step: Step,
  setup: PipeSetup,
  budget = new Budget(),
): Promise<PipeSetupResult> {
  const send = new Sender(step, budget);
  const updated: string[] = [];
  const request = connectionRequest(setup);
  const connection = await createOrUpdate(
    () =>
      send.events<{ ConnectionArn?: string }>(
        "CreateConnection",
        new (eventBridgeSdk().CreateConnectionCommand)(request),
      ),
    () =>
      send.events<{ ConnectionArn?: string }>(
        "UpdateConnection",
        new (eventBridgeSdk().UpdateConnectionCommand)(request),
      ),
  );
  if (connection.updated) updated.push("connection");
  const destinationRequest = apiDestinationRequest(setup, connection.output.ConnectionArn ?? "");
  const destination = await createOrUpdate(
    () =>
      send.events<{ ApiDestinationArn?: string }>(
        "CreateApiDestination",
        new (eventBridgeSdk().CreateApiDestinationCommand)(destinationRequest),
      ),
    () =>
      send.events<{ ApiDestinationArn?: string }>(
        "UpdateApiDestination",
        new (eventBridgeSdk().UpdateApiDestinationCommand)(destinationRequest),
      ),
  );
  if (destination.updated) updated.push("apiDestination");
  const target = destination.output.ApiDestinationArn ?? "";
  const pipe = await putPipe(send, setup, target);
  if (pipe.updated) updated.push("pipe");
  const state = await send.settle(setup.name, pipeSetupSettings.stateWaitMs);
  const pipeState = state?.CurrentState ?? "UNKNOWN";
  if (FAILED.has(pipeState)) throw pipeFailed(setup.name, pipeState, state?.StateReason);
  return {
    connectionArn: connection.output.ConnectionArn ?? "",
    apiDestinationArn: target,
    pipeArn: pipe.arn,
    pipeState,
    updated,
    recreated: pipe.recreated,
  };
}

function pipeFailed(name: string, state: string, reason: string | undefined): StepError {
  const why = reason ? `: ${printable(cut(reason, 500))}` : "";
  return new StepError(
    "pipeSetupFailed",
    `The pipe ${name} is ${state}${why}. Check the Pipe Role ARN (it must trust pipes.amazonaws.com and allow reading the table's stream and events:InvokeApiDestination), then deploy the instance again.`,
  );
}

async function putPipe(
  send: Sender,
  setup: PipeSetup,
  target: string,
): Promise<{ arn: string; updated: boolean; recreated: boolean }> {
  const create = () =>
    send.pipes<Arn>(
      "CreatePipe",
      new (pipesSdk().CreatePipeCommand)(createPipeRequest(setup, target)),
    );
  try {
    return { arn: (await create()).Arn ?? "", updated: false, recreated: false };
  } catch (error) {
    if (!ALREADY_EXISTS.has(errorName(error))) throw error;
  }
  // It exists (or is busy): wait for it to settle, then update it, or replace it.
  const current = await send.settle(setup.name, pipeSetupSettings.stateWaitMs);
  if (current === undefined) {
    return { arn: (await create()).Arn ?? "", updated: false, recreated: false };
  }
  if (TRANSITIONAL.has(current.CurrentState ?? "")) {
    throw pipeBusy(setup.name, current.CurrentState ?? "");
  }
  if (current.Source !== setup.streamArn) {
    await deleteIfThere(() =>
      send.pipes("DeletePipe", new (pipesSdk().DeletePipeCommand)({ Name: setup.name })),
    );
    const gone = await send.settle(setup.name, pipeSetupSettings.stateWaitMs);
    if (gone) throw pipeBusy(setup.name, gone.CurrentState ?? "DELETING");
    return { arn: (await create()).Arn ?? "", updated: false, recreated: true };
  }
  const output = await send.pipes<Arn>(
    "UpdatePipe",
    new (pipesSdk().UpdatePipeCommand)(updatePipeRequest(setup, target)),
  );
  return { arn: output.Arn ?? "", updated: true, recreated: false };
}

function pipeBusy(name: string, state: string): StepError {
  return new StepError(
    "pipeSetupFailed",
    `The pipe ${name} is still ${state} from an earlier change, so it could not be set up now. Deploy the instance again in a minute.`,
  );
}

/** What a delete removed, and what was already gone. */
export interface PipeTeardownResult {
  deleted: string[];
  alreadyGone: string[];
}

/**
 * Deletes the pipe, then the API destination, then the connection (the reverse of setUpPipe);
 * one already gone is not an error. A pipe busy with a change is waited for (bounded) and its
 * delete tried once more. `budget` is the handler's (a deploy leaving a region shares its own).
 */
export async function tearDownPipe(
  step: Step,
  name: string,
  budget = new Budget(),
): Promise<PipeTeardownResult> {
  const send = new Sender(step, budget);
  const result: PipeTeardownResult = { deleted: [], alreadyGone: [] };
  const note = (what: string, deleted: boolean) =>
    (deleted ? result.deleted : result.alreadyGone).push(what);
  const deletePipe = () =>
    send.pipes("DeletePipe", new (pipesSdk().DeletePipeCommand)({ Name: name }));
  let pipeDeleted: boolean;
  try {
    pipeDeleted = await deleteIfThere(deletePipe);
  } catch (error) {
    if (!ALREADY_EXISTS.has(errorName(error))) throw error;
    await send.settle(name, pipeSetupSettings.stateWaitMs);
    pipeDeleted = await deleteIfThere(deletePipe);
  }
  note("pipe", pipeDeleted);
  note(
    "apiDestination",
    await deleteIfThere(() =>
      send.events(
        "DeleteApiDestination",
        new (eventBridgeSdk().DeleteApiDestinationCommand)({ Name: name }),
      ),
    ),
  );
  note(
    "connection",
    await deleteIfThere(() =>
      send.events(
        "DeleteConnection",
        new (eventBridgeSdk().DeleteConnectionCommand)({ Name: name }),
      ),
    ),
  );
  return result;
}

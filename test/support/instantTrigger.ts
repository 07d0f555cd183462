/**
 * The instant trigger as the platform runs it, from the source and from the built bundle: its
 * deploy and delete handlers (webhookCreate / webhookDelete of the component as spectral converts
 * it, which the test harness does not call), its perform through the harness, and the stream
 * records of DynamoDB Local wrapped as EventBridge Pipes delivers them.
 */
import type { _Record, AttributeValue } from "@aws-sdk/client-dynamodb-streams";
import { type Connection, testing } from "@prismatic-io/spectral";
import * as client from "../../src/aws/client";
import source from "../../src/index";
import { pipeSetupSettings } from "../../src/testing";
import { BUNDLE_PATH, ensureFreshBundle } from "./bundle";
import { quietLogger } from "./quiet";

type Handler = (context: unknown, params: Record<string, unknown>) => Promise<HandlerResult>;

export interface HandlerResult {
  crossFlowState?: Record<string, unknown>;
}

/** What a test needs of one build of the component. */
export interface InstantUnderTest {
  name: "source" | "bundle";
  harness: ReturnType<typeof testing.createHarness>;
  create: Handler;
  delete: Handler;
  clientSettings: { pipesEndpoint?: string; eventsEndpoint?: string };
  pipeSetupSettings: { budgetMs: number; stateWaitMs: number; pollEveryMs: number };
  clearClientCache: () => void;
  /** The trigger's resolveItems as the platform calls it: one execution per item at batch size 1. */
  resolveItems: (context: unknown, result: unknown) => unknown[];
}

interface Loaded {
  default: {
    triggers: Record<
      string,
      {
        webhookCreate: Handler;
        webhookDelete: Handler;
        resolveTriggerItems: InstantUnderTest["resolveItems"];
      }
    >;
  };
  clientSettings: InstantUnderTest["clientSettings"];
  pipeSetupSettings: InstantUnderTest["pipeSetupSettings"];
  clearClientCache: () => void;
}

function underTest(name: InstantUnderTest["name"], loaded: Loaded): InstantUnderTest {
  const instant = loaded.default.triggers.tableChangesInstant;
  return {
    name,
    harness: testing.createHarness(loaded.default as never),
    create: instant.webhookCreate,
    delete: instant.webhookDelete,
    clientSettings: loaded.clientSettings,
    pipeSetupSettings: loaded.pipeSetupSettings,
    clearClientCache: loaded.clearClientCache,
    resolveItems: instant.resolveTriggerItems,
  };
}

/** For describe.each: the source and the bundle (built first when stale). */
export function instantBuilds(): [string, () => InstantUnderTest][] {
  return [
    [
      "source",
      () =>
        underTest("source", {
          default: source as unknown as Loaded["default"],
          clientSettings: client.clientSettings,
          pipeSetupSettings,
          clearClientCache: client.clearClientCache,
        }),
    ],
    [
      "bundle",
      () => {
        ensureFreshBundle();
        return underTest("bundle", require(BUNDLE_PATH) as Loaded);
      },
    ],
  ];
}

/** The flow the handlers run for, and what the platform keeps between calls. */
export interface FlowState {
  crossFlowState: Record<string, unknown>;
  instanceState: Record<string, unknown>;
  webhookUrl: string;
  flow?: { id: string; name: string; stableId: string };
}

/** The context the platform gives a lifecycle handler (the parts the trigger reads). */
export function handlerContext(state: FlowState) {
  const flow = state.flow ?? { id: "flow-1", name: "Sync Customers", stableId: "flow-stable-1" };
  return {
    logger: quietLogger(),
    instanceState: state.instanceState,
    crossFlowState: state.crossFlowState,
    executionState: {},
    integrationState: {},
    configVars: {},
    webhookUrls: { [flow.name]: state.webhookUrl },
    webhookApiKeys: {},
    instance: { id: "instance-1", name: "Acme Production" },
    flow,
    customer: { id: "customer-1", name: "Acme", externalId: "acme" },
    integration: {
      id: "integration-1",
      name: "Sync",
      versionSequenceId: "1",
      externalVersion: "1",
    },
    user: { id: "user-1", email: "user@example.com", name: "User", externalId: "u" },
    startedAt: new Date().toISOString(),
    executionId: "execution-1",
    stepId: "step-1",
    invokeUrl: state.webhookUrl,
    debug: { enabled: false },
  };
}

/** The trigger's inputs for a table, as a builder enters them (text). */
export function instantParams(
  connection: Connection,
  region: string,
  table: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    awsConnection: connection,
    awsRegion: region,
    tableName: table,
    pipeRoleArn: "arn:aws:iam::123456789012:role/DynamoDBChangesPipe",
    startPosition: "TRIM_HORIZON",
    ...extra,
  };
}

/** A value of the Streams API as DynamoDB JSON on the wire: binary as base64. */
function wireValue(value: AttributeValue): unknown {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString("base64") };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString("base64")) };
  if (value.M !== undefined) return { M: wireImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(wireValue) };
  return value;
}

function wireImage(image: Record<string, AttributeValue> | undefined) {
  if (!image) return undefined;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, wireValue(value)]));
}

/**
 * A record read with the Streams API (GetRecords) as EventBridge Pipes delivers it to an API
 * destination: the Lambda-style record, with ApproximateCreationDateTime in epoch seconds,
 * userIdentity in lower camel case and the stream's ARN as eventSourceARN.
 */
export function asPipesRecord(record: _Record, streamArn: string): Record<string, unknown> {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion ?? "us-east-1",
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: created.getTime() / 1000 } : {}),
      Keys: wireImage(data.Keys),
      ...(data.NewImage ? { NewImage: wireImage(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: wireImage(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity
      ? {
          userIdentity: {
            type: record.userIdentity.Type,
            principalId: record.userIdentity.PrincipalId,
          },
        }
      : {}),
  };
}

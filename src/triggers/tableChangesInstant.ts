import { trigger } from "@prismatic-io/spectral";
import { deployPipe, type InstantParams, removePipe } from "../engines/instantTrigger";
import {
  eventTypes,
  initialSnapshot,
  maximumBatchingWindow,
  pipeBatchSize,
  pipeRoleArn,
  pipeStartPosition,
  returnDynamoJson,
  snapshotSegments,
  tableStepInputs,
} from "../inputs";
import { deliver, pipePosition } from "../outputs/instantTrigger";
import { EXAMPLE_PAYLOAD } from "../outputs/trigger";
import { changeRecordsResolver, snapshotOnDeployPerform } from "../outputs/triggerResolvers";

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
    batchSize: pipeBatchSize,
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
    create: (context, params) => deployPipe(context, params as InstantParams),
    delete: (context, params) => removePipe(context, params as InstantParams),
  },
  perform: (context, payload, params) => deliver(context, payload, params as InstantParams),
  examplePayload: { payload: EXAMPLE_PAYLOAD, polledNoChanges: false },
});

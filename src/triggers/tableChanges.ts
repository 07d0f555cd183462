import { pollingTrigger } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { pollStream, tableStreamArn, withStreamPermissionHint } from "../engines/streams";
import { nextDrainCursor, parseDrainCursor } from "../engines/triggerPages";
import {
  eventTypes,
  initialSnapshot,
  maxRecords,
  returnDynamoJson,
  snapshotSegments,
  startPosition,
  tableStepInputs,
} from "../inputs";
import { EXAMPLE_PAYLOAD, tableChangesData } from "../outputs/trigger";
import {
  changeRecordsResolver,
  pollingStreamPosition,
  snapshotOnDeployPerform,
  withNextPage,
} from "../outputs/triggerResolvers";

export const tableChanges = pollingTrigger({
  display: {
    label: "New and Changed Items",
    description:
      "Checks the table's DynamoDB Stream on a schedule and delivers the items that were added, changed or deleted since the last poll.",
  },
  inputs: {
    ...tableStepInputs,
    startPosition,
    eventTypes,
    maxRecords,
    returnDynamoJson,
    initialSnapshot,
    snapshotSegments,
  },
  // "valid", not "required": a flow that does not batch still gets each poll's list of records
  // as before; one that batches gets one execution per record (batch size 1 by default).
  triggerResolverSupport: "valid",
  triggerResolver: changeRecordsResolver,
  onDeployResolver: changeRecordsResolver,
  batchConfig: { batchSize: 1 },
  perform: async (context, payload, params) => {
    const step = connect(context, params);
    const { clients, table } = step;
    const callContext = { table, region: clients.region, connection: params.awsConnection };
    try {
      const streamArn = await tableStreamArn(step);
      // A later page of a draining run goes on from where the page before it ended.
      const drain = parseDrainCursor(payload.paginationState, streamArn);
      const result = await pollStream(
        clients.streams(),
        {
          streamArn,
          startPosition: params.startPosition ?? "LATEST",
          eventTypes: params.eventTypes,
          maxRecords: params.maxRecords,
          dynamoJson: params.returnDynamoJson,
          context: callContext,
        },
        drain ? drain.state : context.polling.getState(),
      );
      for (const loss of result.dataLoss) context.logger.warn(loss.message);
      for (const notice of result.notices) context.logger.warn(notice);
      context.polling.setState({ ...result.state });
      const data = tableChangesData(result, table, streamArn);
      return {
        payload: withNextPage({ ...payload, body: { data } }, nextDrainCursor(drain, result)),
        // Lost data (or a restart) is worth a run of the flow even without records, so that it
        // is seen rather than only logged.
        polledNoChanges:
          result.records.length === 0 &&
          result.dataLoss.length === 0 &&
          result.notices.length === 0,
      };
    } catch (error) {
      throw withStreamPermissionHint(error, params.awsConnection, {
        trigger: "tableChanges",
        table,
        region: clients.region,
      });
    }
  },
  onDeployPerform: snapshotOnDeployPerform("tableChanges", pollingStreamPosition),
  examplePayload: { payload: EXAMPLE_PAYLOAD, polledNoChanges: false },
});

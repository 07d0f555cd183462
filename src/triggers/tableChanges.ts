import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { pollingTrigger } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { noStreamMessage, pollStream, withStreamPermissionHint } from "../engines/streams";
import {
  eventTypes,
  maxRecords,
  returnDynamoJson,
  startPosition,
  tableStepInputs,
} from "../inputs";
import { EXAMPLE_PAYLOAD, tableChangesData } from "../outputs/trigger";

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
  },
  perform: async (context, payload, params) => {
    const step = connect(context, params);
    const { clients, table } = step;
    const callContext = { table, region: clients.region, connection: params.awsConnection };
    try {
      const { Table } = await step.send(
        "DescribeTable",
        new DescribeTableCommand({ TableName: table }),
      );
      const streamArn = Table?.LatestStreamArn;
      if (!Table?.StreamSpecification?.StreamEnabled || !streamArn) {
        throw new Error(noStreamMessage(table, clients.region));
      }
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
        context.polling.getState(),
      );
      for (const loss of result.dataLoss) context.logger.warn(loss.message);
      for (const notice of result.notices) context.logger.warn(notice);
      context.polling.setState({ ...result.state });
      return {
        payload: { ...payload, body: { data: tableChangesData(result, table, streamArn) } },
        // Lost data (or a restart) is worth a run of the flow even without records, so that it
        // is seen rather than only logged.
        polledNoChanges:
          result.records.length === 0 &&
          result.dataLoss.length === 0 &&
          result.notices.length === 0,
      };
    } catch (error) {
      throw withStreamPermissionHint(error, params.awsConnection, table, clients.region);
    }
  },
  examplePayload: { payload: EXAMPLE_PAYLOAD, polledNoChanges: false },
});

import { RestoreTableToPointInTimeCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { checkRestorable, restoreTableToPointInTimeRequest } from "../../engines/backups";
import { tableAfterChange } from "../../engines/tables";
import {
  awsRegion,
  cleanRecoveryTimestamp,
  connectionInput,
  DOCS,
  RESTORE_DATE_TIME_LABEL,
  restoreOverrideInputs,
  tableName,
  targetTableName,
  withComments,
} from "../../inputs";
import {
  restoreTableToPointInTimeExample,
  restoreTableToPointInTimeOutputSchema,
} from "../../outputs/backups";
import { tableData } from "../../outputs/tables";

const restoreDateTime = input({
  label: RESTORE_DATE_TIME_LABEL,
  type: "string",
  required: false,
  example: "2024-05-07T10:30:00Z",
  comments: `Optional. The moment to restore the table to: an ISO 8601 date and time with its time zone, such as 2024-05-07T10:30:00Z, between the table's earliest and latest restorable times (Describe Continuous Backups shows them). Leave blank for the latest restorable time (typically 5 minutes ago). Learn more about [point-in-time recovery](${DOCS}/PointInTimeRecovery.html).`,
  clean: cleanRecoveryTimestamp(RESTORE_DATE_TIME_LABEL),
});

const sourceTableName = withComments(
  tableName,
  "The source table: the table whose point-in-time recovery data is restored.",
);

export const restoreTableToPointInTime = action({
  display: {
    label: "Restore Table To Point In Time",
    description:
      "Create a new DynamoDB table from a table's point-in-time recovery data, as it was at a given moment",
  },
  inputs: {
    awsRegion,
    tableName: sourceTableName,
    awsConnection: connectionInput,
    targetTableName,
    restoreDateTime,
    ...restoreOverrideInputs,
  },
  perform: async (invocation, params) => {
    const request = restoreTableToPointInTimeRequest(params);
    const step = connect(invocation, params);
    if (params.restoreDateTime) await checkRestorable(step, params.restoreDateTime);
    const { TableDescription } = await step.send(
      "RestoreTableToPointInTime",
      new RestoreTableToPointInTimeCommand(request),
    );
    const wait = params.waitUntilActive ? "active" : undefined;
    const target = params.targetTableName;
    const operation = "RestoreTableToPointInTime";
    const table = await tableAfterChange(step, operation, TableDescription, wait, target);
    return { data: tableData(table) };
  },
  outputSchema: restoreTableToPointInTimeOutputSchema,
  examplePayload: restoreTableToPointInTimeExample,
});

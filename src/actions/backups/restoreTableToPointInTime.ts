import {
  DescribeContinuousBackupsCommand,
  RestoreTableToPointInTimeCommand,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import type { AwsClients } from "../../aws/client";
import { type CallContext, callAws } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import {
  cleanIsoTimestamp,
  EXAMPLE_RESTORED_TABLE,
  restoreOverrideInputs,
  restoreOverrides,
  targetTableName,
} from "../../engines/backups";
import { tableChangeOutput, tableOutput } from "../../engines/tables";
import { InputError } from "../../errors/inputError";
import { awsRegion, connectionInput, DOCS, tableName } from "../../inputs";

const DATE_LABEL = "Restore Date Time";

export const restoreDateTime = input({
  label: DATE_LABEL,
  type: "string",
  required: false,
  example: "2024-05-07T10:30:00Z",
  comments: `Optional. The moment to restore the table to: an ISO 8601 date and time with its time zone, such as 2024-05-07T10:30:00Z, between the table's earliest and latest restorable times (Describe Continuous Backups shows them). Leave blank for the latest restorable time (typically 5 minutes ago). Learn more about [point-in-time recovery](${DOCS}/PointInTimeRecovery.html).`,
  clean: cleanIsoTimestamp(DATE_LABEL),
});

/**
 * Checks a restore time against the table's restorable window (DescribeContinuousBackups), so a
 * time outside it fails before the restore is requested, with the window in the message.
 * Throws an Error when point-in-time recovery is off, or the time is outside the window.
 */
async function checkRestorable(
  clients: AwsClients,
  table: string,
  when: Date,
  context: CallContext,
): Promise<void> {
  const { ContinuousBackupsDescription } = await callAws(
    { ...context, operation: "DescribeContinuousBackups" },
    () => clients.dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: table })),
  );
  const recovery = ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
  if (recovery?.PointInTimeRecoveryStatus !== "ENABLED") {
    throw new Error(
      `Point-in-time recovery is not enabled on table "${table}" in region ${clients.region}, so it cannot be restored to ${when.toISOString()}. Turn it on with Update Continuous Backups; restorable times start then.`,
    );
  }
  const earliest = recovery.EarliestRestorableDateTime;
  const latest = recovery.LatestRestorableDateTime;
  const outside =
    (earliest && when.getTime() < earliest.getTime()) ||
    (latest && when.getTime() > latest.getTime());
  if (outside) {
    throw new InputError(
      DATE_LABEL,
      "invalidValue",
      `${DATE_LABEL} ${when.toISOString()} is outside the restorable times of table "${table}": from ${earliest?.toISOString() ?? "?"} to ${latest?.toISOString() ?? "?"}. Choose a time in between, or leave ${DATE_LABEL} blank for the latest.`,
    );
  }
}

export const restoreTableToPointInTime = action({
  display: {
    label: "Restore Table To Point In Time",
    description:
      "Create a new DynamoDB table from a table's point-in-time recovery data, as it was at a given moment",
  },
  inputs: {
    awsRegion,
    tableName: {
      ...tableName,
      comments: "The source table: the table whose point-in-time recovery data is restored.",
    },
    awsConnection: connectionInput,
    targetTableName,
    restoreDateTime,
    ...restoreOverrideInputs,
  },
  perform: async (invocation, params) => {
    if (params.targetTableName === params.tableName) {
      throw new InputError(
        "Target Table Name",
        "conflict",
        `Target Table Name must differ from Table Name: a restore creates a new table, and "${params.tableName}" exists.`,
      );
    }
    const overrides = restoreOverrides(params);
    const step = connect(invocation, params);
    const { clients } = step;
    const context = step.context("RestoreTableToPointInTime");
    const when = params.restoreDateTime;
    if (when) await checkRestorable(clients, params.tableName, when, context);
    const { TableDescription } = await callAws(context, () =>
      clients.dynamodb.send(
        new RestoreTableToPointInTimeCommand({
          SourceTableName: params.tableName,
          TargetTableName: params.targetTableName,
          ...(when ? { RestoreDateTime: when } : { UseLatestRestorableTime: true }),
          ...overrides,
        }),
      ),
    );
    return tableChangeOutput(
      clients,
      params.targetTableName,
      TableDescription,
      { ...context, table: params.targetTableName },
      params.waitUntilActive ? "active" : undefined,
    );
  },
  outputSchema: tableOutput(
    "The new table's description: TableStatus is CREATING while DynamoDB restores it (ACTIVE with Wait Until Active); RestoreSummary gives the source table and the moment restored.",
  ),
  examplePayload: {
    data: {
      table: {
        ...EXAMPLE_RESTORED_TABLE,
        RestoreSummary: {
          SourceTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
          RestoreDateTime: "2024-05-07T10:30:00.000Z",
          RestoreInProgress: true,
        },
      },
    },
  },
});

export default restoreTableToPointInTime;

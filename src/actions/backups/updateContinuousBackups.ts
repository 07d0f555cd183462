import { UpdateContinuousBackupsCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { updateContinuousBackupsRequest } from "../../engines/backups";
import {
  cleanBoolean,
  cleanInteger,
  DOCS,
  MAX_RECOVERY_DAYS,
  MIN_RECOVERY_DAYS,
  RECOVERY_ENABLED_LABEL,
  RECOVERY_PERIOD_LABEL,
  tableStepInputs,
} from "../../inputs";
import {
  continuousBackupsData,
  continuousBackupsExample,
  continuousBackupsOutputSchema,
} from "../../outputs/backups";

const pointInTimeRecoveryEnabled = input({
  label: RECOVERY_ENABLED_LABEL,
  type: "boolean",
  required: false,
  default: "true",
  comments: `true turns point-in-time recovery on (continuous backups, so the table can be restored to any second of the recovery period); false turns it off and discards that history. Learn more about [point-in-time recovery](${DOCS}/PointInTimeRecovery.html).`,
  clean: cleanBoolean(RECOVERY_ENABLED_LABEL, true),
});

const recoveryPeriodInDays = input({
  label: RECOVERY_PERIOD_LABEL,
  type: "string",
  required: false,
  example: "35",
  comments: `Optional, with recovery on. How many preceding days can be restored, from ${MIN_RECOVERY_DAYS} to ${MAX_RECOVERY_DAYS}. Leave blank for DynamoDB's default (35 when turning it on).`,
  clean: cleanInteger(RECOVERY_PERIOD_LABEL, MIN_RECOVERY_DAYS, MAX_RECOVERY_DAYS),
});

export const updateContinuousBackups = action({
  display: {
    label: "Update Continuous Backups",
    description:
      "Turn point-in-time recovery on or off for a DynamoDB table, and set its recovery period",
  },
  inputs: {
    ...tableStepInputs,
    pointInTimeRecoveryEnabled,
    recoveryPeriodInDays,
  },
  perform: async (invocation, params) => {
    const request = updateContinuousBackupsRequest(params);
    const step = connect(invocation, params);
    const { ContinuousBackupsDescription } = await step.send(
      "UpdateContinuousBackups",
      new UpdateContinuousBackupsCommand(request),
    );
    return { data: continuousBackupsData(ContinuousBackupsDescription) };
  },
  outputSchema: continuousBackupsOutputSchema,
  examplePayload: continuousBackupsExample,
});

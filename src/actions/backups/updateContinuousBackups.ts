import { UpdateContinuousBackupsCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { plain } from "../../engines/backups";
import { InputError } from "../../errors/inputError";
import { cleanBoolean, cleanInteger, DOCS, tableStepInputs } from "../../inputs";
import { continuousBackupsOutput, EXAMPLE_CONTINUOUS_BACKUPS } from "./describeContinuousBackups";

const ENABLED_LABEL = "Point In Time Recovery Enabled";
const PERIOD_LABEL = "Recovery Period In Days";
/** The recovery period DynamoDB allows, in days (API_PointInTimeRecoverySpecification). */
export const MIN_RECOVERY_DAYS = 1;
export const MAX_RECOVERY_DAYS = 35;

export const pointInTimeRecoveryEnabled = input({
  label: ENABLED_LABEL,
  type: "boolean",
  required: false,
  default: "true",
  comments: `true turns point-in-time recovery on (continuous backups, so the table can be restored to any second of the recovery period); false turns it off and discards that history. Learn more about [point-in-time recovery](${DOCS}/PointInTimeRecovery.html).`,
  clean: cleanBoolean(ENABLED_LABEL, true),
});

export const recoveryPeriodInDays = input({
  label: PERIOD_LABEL,
  type: "string",
  required: false,
  example: "35",
  comments: `Optional, with recovery on. How many preceding days can be restored, from ${MIN_RECOVERY_DAYS} to ${MAX_RECOVERY_DAYS}. Leave blank for DynamoDB's default (35 when turning it on).`,
  clean: cleanInteger(PERIOD_LABEL, MIN_RECOVERY_DAYS, MAX_RECOVERY_DAYS),
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
    const enabled = params.pointInTimeRecoveryEnabled;
    const days = params.recoveryPeriodInDays;
    if (!enabled && days !== undefined) {
      throw new InputError(
        PERIOD_LABEL,
        "invalidValue",
        `${PERIOD_LABEL} applies only when ${ENABLED_LABEL} is true; clear it to turn recovery off.`,
      );
    }
    const step = connect(invocation, params);
    const { clients } = step;
    const { ContinuousBackupsDescription } = await step.call("UpdateContinuousBackups", () =>
      clients.dynamodb.send(
        new UpdateContinuousBackupsCommand({
          TableName: params.tableName,
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: enabled,
            ...(days !== undefined ? { RecoveryPeriodInDays: days } : {}),
          },
        }),
      ),
    );
    return { data: { continuousBackups: plain(ContinuousBackupsDescription) } };
  },
  outputSchema: continuousBackupsOutput,
  examplePayload: { data: { continuousBackups: EXAMPLE_CONTINUOUS_BACKUPS } },
});

export default updateContinuousBackups;

import { DescribeContinuousBackupsCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { performTableRead } from "../../aws/invocation";
import { plain } from "../../engines/backups";
import { tableStepInputs } from "../../inputs";
import { actionOutput } from "../../outputs";

/** Output schema of Describe and Update Continuous Backups: `{ data: { continuousBackups } }`. */
export const continuousBackupsOutput = actionOutput(
  {
    continuousBackups: {
      type: ["object", "null"],
      additionalProperties: true,
      description:
        "ContinuousBackupsStatus (ENABLED or DISABLED) and PointInTimeRecoveryDescription: PointInTimeRecoveryStatus, RecoveryPeriodInDays, and EarliestRestorableDateTime and LatestRestorableDateTime (ISO 8601) while it is ENABLED.",
      properties: {
        ContinuousBackupsStatus: { type: "string" },
        PointInTimeRecoveryDescription: {
          type: "object",
          additionalProperties: true,
          properties: {
            PointInTimeRecoveryStatus: { type: "string" },
            RecoveryPeriodInDays: { type: "integer" },
            EarliestRestorableDateTime: { type: "string" },
            LatestRestorableDateTime: { type: "string" },
          },
        },
      },
    },
  },
  ["continuousBackups"],
);

/** Point-in-time recovery on, as the examples show it. */
export const EXAMPLE_CONTINUOUS_BACKUPS = {
  ContinuousBackupsStatus: "ENABLED",
  PointInTimeRecoveryDescription: {
    PointInTimeRecoveryStatus: "ENABLED",
    RecoveryPeriodInDays: 35,
    EarliestRestorableDateTime: "2024-05-01T12:00:00.000Z",
    LatestRestorableDateTime: "2024-05-07T10:55:00.000Z",
  },
};

export const describeContinuousBackups = action({
  display: {
    label: "Describe Continuous Backups",
    description:
      "Show whether point-in-time recovery is on for a DynamoDB table, and the times it can be restored to",
  },
  inputs: tableStepInputs,
  perform: performTableRead(
    "DescribeContinuousBackups",
    (dynamodb, TableName) => dynamodb.send(new DescribeContinuousBackupsCommand({ TableName })),
    ({ ContinuousBackupsDescription }) => ({
      continuousBackups: plain(ContinuousBackupsDescription),
    }),
  ),
  outputSchema: continuousBackupsOutput,
  examplePayload: { data: { continuousBackups: EXAMPLE_CONTINUOUS_BACKUPS } },
});

export default describeContinuousBackups;

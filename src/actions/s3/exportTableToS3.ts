import { ExportTableToPointInTimeCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  checkNotFailed,
  exportTableRequest,
  tableArnOf,
  waitForExport,
} from "../../engines/s3Transfers";
import {
  checkMaxWaitNeedsWait,
  choiceInput,
  cleanRecoveryTimestamp,
  cleanS3Prefix,
  cleanText,
  DOCS,
  EXPORT_FORMATS,
  EXPORT_FROM_LABEL,
  EXPORT_TIME_LABEL,
  EXPORT_TO_LABEL,
  EXPORT_TYPE_LABEL,
  EXPORT_TYPES,
  EXPORT_VIEW_TYPES,
  maxWaitSeconds,
  PREFIX_LABEL,
  SSE_ALGORITHM_LABEL,
  SSE_ALGORITHMS,
  SSE_KMS_KEY_LABEL,
  s3Bucket,
  s3BucketOwner,
  tableStepInputs,
  VIEW_TYPE_LABEL,
  waitUntilCompleteInput,
} from "../../inputs";
import {
  exportData,
  exportTableToS3Example,
  exportTableToS3OutputSchema,
} from "../../outputs/s3Transfers";

const s3Prefix = input({
  label: PREFIX_LABEL,
  type: "string",
  required: false,
  example: "exports/customers",
  comments:
    "Optional. The key prefix the export's files are written under (at most 1,024 bytes, no control characters). DynamoDB adds AWSDynamoDB/<export ID>/ after it.",
  clean: (value: unknown) => cleanS3Prefix(value),
});

const exportFormat = choiceInput({
  label: "Export Format",
  choices: EXPORT_FORMATS,
  default: "DYNAMODB_JSON",
  comments: `DYNAMODB_JSON or ION (Amazon Ion). Learn more about [export formats](${DOCS}/S3DataExport.Output.html).`,
});

const exportType = choiceInput({
  label: EXPORT_TYPE_LABEL,
  choices: EXPORT_TYPES,
  default: "FULL_EXPORT",
  comments:
    "FULL_EXPORT: the whole table as it was at Export Time. INCREMENTAL_EXPORT: the items changed from Export From Time to Export To Time (15 minutes to 24 hours). Both need point-in-time recovery on the table (Update Continuous Backups).",
});

const exportTime = input({
  label: EXPORT_TIME_LABEL,
  type: "string",
  required: false,
  example: "2024-05-07T10:40:00Z",
  comments:
    "Optional, full export only. The moment to export the table as it was: an ISO 8601 date and time with its time zone, within the point-in-time recovery window (at most 35 days ago), not in the future. Leave blank for now.",
  clean: cleanRecoveryTimestamp(EXPORT_TIME_LABEL),
});

const exportFromTime = input({
  label: EXPORT_FROM_LABEL,
  type: "string",
  required: false,
  example: "2024-05-07T10:00:00Z",
  comments:
    "Incremental export only, and then required. The start of the period (inclusive), ISO 8601 with its time zone, in the past and within the point-in-time recovery window (at most 35 days ago).",
  clean: cleanRecoveryTimestamp(EXPORT_FROM_LABEL),
});

const exportToTime = input({
  label: EXPORT_TO_LABEL,
  type: "string",
  required: false,
  example: "2024-05-07T11:00:00Z",
  comments:
    "Optional, incremental export only. The end of the period (exclusive), 15 minutes to 24 hours after Export From Time, not in the future. Leave blank for now.",
  clean: cleanRecoveryTimestamp(EXPORT_TO_LABEL),
});

const exportViewType = choiceInput({
  label: VIEW_TYPE_LABEL,
  choices: EXPORT_VIEW_TYPES,
  comments:
    "Optional, incremental export only. NEW_AND_OLD_IMAGES (DynamoDB's default): each changed item before and after; NEW_IMAGE: after only.",
});

const s3SseAlgorithm = choiceInput({
  label: SSE_ALGORITHM_LABEL,
  choices: SSE_ALGORITHMS,
  comments:
    "Optional. How S3 encrypts the files: AES256 (S3 managed keys) or KMS (a KMS key: S3 SSE KMS Key ID, or the AWS managed key when blank). Leave blank for the bucket's default.",
});

const s3SseKmsKeyId = input({
  label: SSE_KMS_KEY_LABEL,
  type: "string",
  required: false,
  example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  comments: "Optional, with S3 SSE Algorithm KMS: the KMS key's ID or ARN.",
  clean: cleanText(SSE_KMS_KEY_LABEL),
});

export const exportTableToS3 = action({
  display: {
    label: "Export Table to S3",
    description:
      "Export a DynamoDB table (in full or incrementally) to S3, optionally waiting until it completes",
  },
  inputs: {
    ...tableStepInputs,
    s3Bucket,
    s3Prefix,
    s3BucketOwner,
    exportFormat,
    exportType,
    exportTime,
    exportFromTime,
    exportToTime,
    exportViewType,
    s3SseAlgorithm,
    s3SseKmsKeyId,
    waitUntilComplete: waitUntilCompleteInput("export", "false"),
    maxWaitSeconds,
  },
  perform: async (invocation, params) => {
    checkMaxWaitNeedsWait(params.maxWaitSeconds, params.waitUntilComplete);
    // Checked before anything is sent; the table's ARN is not known yet.
    exportTableRequest("", params);
    const step = connect(invocation, params);
    const request = exportTableRequest(await tableArnOf(step), params);
    const operation = "ExportTableToPointInTime";
    const { ExportDescription: started } = await step.send(
      operation,
      new ExportTableToPointInTimeCommand(request),
    );
    const arn = started?.ExportArn;
    const context = step.context(operation);
    checkNotFailed(
      "export",
      arn,
      started?.ExportStatus,
      {
        code: started?.FailureCode,
        message: started?.FailureMessage,
      },
      context,
    );
    if (!params.waitUntilComplete || !arn || started?.ExportStatus === "COMPLETED") {
      return { data: exportData(started) };
    }
    invocation.logger.info(
      `Export ${arn} of table "${step.table}" started; waiting until it completes.`,
    );
    const waitContext = step.context(`${operation} (waiting until COMPLETED)`);
    const done = await waitForExport(step.clients, arn, waitContext, {
      maxWaitSeconds: params.maxWaitSeconds,
      log: invocation.logger,
    });
    return { data: exportData(done ?? started) };
  },
  outputSchema: exportTableToS3OutputSchema,
  examplePayload: exportTableToS3Example,
});

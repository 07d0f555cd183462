import { DescribeExportCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeExportRequest } from "../../engines/s3Transfers";
import {
  awsRegion,
  checkTransferRegion,
  connectionInput,
  EXPORT_ARN_LABEL,
  exportArn,
} from "../../inputs";
import {
  describeExportExample,
  describeExportOutputSchema,
  exportData,
} from "../../outputs/s3Transfers";

export const describeExport = action({
  display: {
    label: "Describe Export",
    description:
      "Fetch an export to S3's status, manifest location, item count and size, or why it failed",
  },
  inputs: { awsRegion, awsConnection: connectionInput, exportArn },
  perform: async (invocation, params) => {
    const request = describeExportRequest(params);
    const step = connect(invocation, params);
    checkTransferRegion(params.exportArn, step.region, EXPORT_ARN_LABEL);
    const { ExportDescription } = await step.send(
      "DescribeExport",
      new DescribeExportCommand(request),
    );
    return { data: exportData(ExportDescription) };
  },
  outputSchema: describeExportOutputSchema,
  examplePayload: describeExportExample,
});

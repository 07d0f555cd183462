import { DescribeImportCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { describeImportRequest } from "../../engines/s3Transfers";
import {
  awsRegion,
  checkTransferRegion,
  connectionInput,
  IMPORT_ARN_LABEL,
  importArn,
} from "../../inputs";
import {
  describeImportExample,
  describeImportOutputSchema,
  importData,
} from "../../outputs/s3Transfers";

export const describeImport = action({
  display: {
    label: "Describe Import",
    description:
      "Fetch an import from S3's status, processed, imported and error counts, and where its errors are logged",
  },
  inputs: { awsRegion, awsConnection: connectionInput, importArn },
  perform: async (invocation, params) => {
    const request = describeImportRequest(params);
    const step = connect(invocation, params);
    checkTransferRegion(params.importArn, step.region, IMPORT_ARN_LABEL);
    const { ImportTableDescription } = await step.send(
      "DescribeImport",
      new DescribeImportCommand(request),
    );
    return { data: importData(ImportTableDescription) };
  },
  outputSchema: describeImportOutputSchema,
  examplePayload: describeImportExample,
});

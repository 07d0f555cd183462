import { dataSource } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { exportPages, listTransferPages, tableArnOf } from "../engines/s3Transfers";
import { EXAMPLE_EXPORT_ARN, tablePicklistInputs } from "../inputs";
import { exportChoices } from "../outputs/s3Transfers";

/** The most exports Select Export lists: a picklist longer than this helps nobody. */
const MAX_CHOICES = 1_000;

export const selectExport = dataSource({
  display: {
    label: "Select Export",
    description: "Choose one of a DynamoDB table's exports to S3 (last 90 days), newest first.",
  },
  dataSourceType: "picklist",
  inputs: tablePicklistInputs,
  perform: async (_context, params) => {
    const step = connect(undefined, params);
    const tableArn = await tableArnOf(step);
    // Every page up to MAX_CHOICES, within the list's byte and time budgets.
    const { entries } = await step.call("ListExports", () =>
      listTransferPages("ListExports", exportPages(step.clients, { TableArn: tableArn }), {
        fetchAll: true,
        maxItems: MAX_CHOICES,
      }),
    );
    return { result: exportChoices(entries) };
  },
  examplePayload: {
    result: [
      { key: EXAMPLE_EXPORT_ARN, label: "2024-05-07T10:40:00.000Z (FULL_EXPORT, COMPLETED)" },
    ],
  },
});

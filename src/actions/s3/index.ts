import { describeExport } from "./describeExport";
import { describeImport } from "./describeImport";
import { exportTableToS3 } from "./exportTableToS3";
import { importTableFromS3 } from "./importTableFromS3";
import { listExports } from "./listExports";
import { listImports } from "./listImports";

/** The group's page of the reference (docs/s3.md). */
export const about = {
  key: "s3",
  title: "Exports to and imports from S3",
  description:
    "A table exported to S3 (in full or incrementally) and a new table imported from S3, by DynamoDB itself: the data never passes through the flow.",
};

/** The group's actions, in the order its page shows them. */
export default {
  exportTableToS3,
  describeExport,
  listExports,
  importTableFromS3,
  describeImport,
  listImports,
};

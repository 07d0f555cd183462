/**
 * Bad inputs of the S3 export and import actions and the Select Export data source: bucket
 * names, prefixes, owners, ARNs, times and incremental windows, formats and CSV options.
 */
import { type BadInputCase, casesFor, EXPORT_ARN, HINT, IMPORT_ARN, TABLE_ARN } from "./model";

const BUCKET_HINT = /For example: my-dynamodb-exports/;
const ISO_HINT = /such as 2024-05-01T12:00:00Z/;
/** An ISO 8601 time `minutes` before the corpus is loaded. */
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const exporting = casesFor("exportTableToS3");
const exportCases: BadInputCase[] = [
  exporting("a blank S3 Bucket", { s3Bucket: "" }, "S3 Bucket", HINT.required),
  exporting("an S3 Bucket with capitals", { s3Bucket: "My-Bucket" }, "S3 Bucket", BUCKET_HINT),
  exporting("an S3 Bucket given as a list", { s3Bucket: ["b"] }, "S3 Bucket", BUCKET_HINT),
  exporting(
    "an S3 Prefix of 1,025 bytes",
    { s3Prefix: "p".repeat(1025) },
    "S3 Prefix",
    /at most 1024 bytes/,
  ),
  exporting("an S3 Prefix with a newline", { s3Prefix: "a\nb" }, "S3 Prefix", /control character/),
  exporting(
    "an S3 Bucket Owner of 11 digits",
    { s3BucketOwner: "12345678901" },
    "S3 Bucket Owner",
    /12-digit/,
  ),
  exporting("an Export Format not offered", { exportFormat: "CSV" }, "Export Format", HINT.oneOf),
  exporting(
    "an Export Time without a zone",
    { exportTime: "2024-05-07T10:00:00" },
    "Export Time",
    ISO_HINT,
  ),
  exporting(
    "an Export Time in the future",
    { exportTime: "2999-01-01T00:00:00Z" },
    "Export Time",
    /in the future/,
  ),
  exporting(
    "an Export Time 40 days ago, beyond any recovery period",
    { exportTime: ago(40 * 24 * 60) },
    "Export Time",
    /more than 35 days ago/,
  ),
  exporting(
    "an incremental export from 36 days ago",
    { exportType: "INCREMENTAL_EXPORT", exportFromTime: ago(36 * 24 * 60) },
    "Export From Time",
    /more than 35 days ago/,
  ),
  exporting(
    "an incremental export without Export From Time",
    { exportType: "INCREMENTAL_EXPORT" },
    "Export From Time",
    /required for an incremental export/,
  ),
  exporting(
    "an incremental export of 10 minutes",
    {
      exportType: "INCREMENTAL_EXPORT",
      exportFromTime: ago(70),
      exportToTime: ago(60),
    },
    "Export From Time",
    /from 15 minutes to 24 hours/,
  ),
  exporting(
    "an S3 SSE KMS Key ID without KMS",
    { s3SseKmsKeyId: "alias/exports" },
    "S3 SSE KMS Key ID",
    /only with S3 SSE Algorithm KMS/,
  ),
  exporting(
    "a Max Wait Seconds of 0",
    { maxWaitSeconds: "0" },
    "Max Wait Seconds",
    HINT.wholeNumber,
  ),
];

const arnCases = (key: string, label: string, good: string): BadInputCase[] => {
  const make = casesFor(key);
  const field = key === "describeExport" ? "exportArn" : "importArn";
  return [
    make(`a blank ${label}`, { [field]: "" }, label, HINT.required),
    make(
      `a table's ARN for ${label}`,
      { [field]: TABLE_ARN },
      label,
      /It looks like arn:aws:dynamodb:/,
    ),
    make(
      `a ${label} of another region`,
      { [field]: good.replace("us-east-1", "eu-west-1") },
      label,
      /Set AWS Region to eu-west-1/,
    ),
  ];
};

const importing = casesFor("importTableFromS3");
const importCases: BadInputCase[] = [
  importing("a blank New Table Name", { newTableName: "" }, "New Table Name", HINT.required),
  importing("an S3 Bucket with an underscore", { s3Bucket: "my_bucket" }, "S3 Bucket", BUCKET_HINT),
  importing("an Input Format not offered", { inputFormat: "PARQUET" }, "Input Format", HINT.oneOf),
  importing(
    "an Input Compression Type not offered",
    { compressionType: "BZIP2" },
    "Input Compression Type",
    HINT.oneOf,
  ),
  importing(
    "a CSV Delimiter that is not allowed",
    { inputFormat: "CSV", csvDelimiter: "#" },
    "CSV Delimiter",
    /comma \(,\), tab, colon/,
  ),
  importing(
    "a CSV Delimiter with DYNAMODB_JSON",
    { csvDelimiter: "TAB" },
    "CSV Delimiter",
    /applies only when Input Format is CSV/,
  ),
  importing(
    "a CSV Header List with a quote",
    { inputFormat: "CSV", csvHeaderList: 'id,"name"' },
    "CSV Header List",
    /printable ASCII/,
  ),
  importing(
    "Max Wait Seconds without Wait Until Complete",
    { maxWaitSeconds: "10" },
    "Max Wait Seconds",
    /applies only with Wait Until Complete/,
  ),
  importing("a Key Schema that is not JSON", { keySchema: "customerId" }, "Key Schema", HINT.json),
];

const listCases = (key: string): BadInputCase[] => {
  const make = casesFor(key);
  return [
    make("a Page Size of 26", { pageSize: "26" }, "Page Size", HINT.wholeNumber),
    make("Max Items without Fetch All", { maxItems: "10" }, "Max Items", /Turn on Fetch All/),
    make(
      "a Table Name Filter with a space",
      { filterTableName: "my table" },
      "Table Name Filter",
      HINT.tableName,
    ),
  ];
};

export const s3TransferCases: BadInputCase[] = [
  ...exportCases,
  ...arnCases("describeExport", "Export ARN", EXPORT_ARN),
  ...arnCases("describeImport", "Import ARN", IMPORT_ARN),
  ...importCases,
  ...listCases("listExports"),
  ...listCases("listImports"),
];

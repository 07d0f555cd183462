/**
 * The outputs of the S3 export and import actions (Export Table to S3, Describe and List
 * Exports, Import Table from S3, Describe and List Imports) and the Select Export picklist: their
 * schemas, example payloads, and the formatting of DynamoDB's answers into a step's data (dates as
 * ISO 8601 strings), with the fields a flow most often wants lifted to the top.
 */
import type {
  ExportDescription,
  ExportSummary,
  ImportSummary,
  ImportTableDescription,
} from "@aws-sdk/client-dynamodb";
import { BYTE_BUDGET_TEXT, LIST_TIME_BUDGET_TEXT, MAX_PAGES_TEXT } from "../common/limits";
import type { ListedTransfers } from "../engines/s3Transfers";
import { EXAMPLE_EXPORT_ARN, EXAMPLE_IMPORT_ARN } from "../inputs";
import { actionOutputSchema, listCursorSchema, objectListSchema } from "./index";
import { sdkOutputToJson } from "./json";

/** The S3 URL of an export's manifest (s3://bucket/key), or null while there is none. */
function manifestUrl(description: ExportDescription | undefined): string | null {
  const bucket = description?.S3Bucket;
  const key = description?.ExportManifest;
  return bucket && key ? `s3://${bucket}/${key}` : null;
}

/** An export as Export Table to S3 and Describe Export return it. */
export function exportData(description: ExportDescription | undefined) {
  return {
    exportArn: description?.ExportArn ?? null,
    exportStatus: description?.ExportStatus ?? null,
    manifest: manifestUrl(description),
    itemCount: description?.ItemCount ?? null,
    billedSizeBytes: description?.BilledSizeBytes ?? null,
    export: sdkOutputToJson(description),
  };
}

/** An import as Import Table from S3 and Describe Import return it. */
export function importData(description: ImportTableDescription | undefined) {
  return {
    importArn: description?.ImportArn ?? null,
    importStatus: description?.ImportStatus ?? null,
    tableArn: description?.TableArn ?? null,
    processedItemCount: description?.ProcessedItemCount ?? null,
    importedItemCount: description?.ImportedItemCount ?? null,
    errorCount: description?.ErrorCount ?? null,
    processedSizeBytes: description?.ProcessedSizeBytes ?? null,
    cloudWatchLogGroupArn: description?.CloudWatchLogGroupArn ?? null,
    import: sdkOutputToJson(description),
  };
}

/** List Exports' data: the summaries, their count, the cursor and why Fetch All stopped. */
export function listedExportsData(listed: ListedTransfers<ExportSummary>) {
  return {
    exports: listed.entries.map((summary) => sdkOutputToJson(summary)),
    count: listed.entries.length,
    nextToken: listed.nextToken ?? null,
    truncated: listed.stoppedBy !== undefined,
    truncatedReason: listed.stoppedBy ?? null,
  };
}

/** List Imports' data: the summaries, their count, the cursor and why Fetch All stopped. */
export function listedImportsData(listed: ListedTransfers<ImportSummary>) {
  return {
    imports: listed.entries.map((summary) => sdkOutputToJson(summary)),
    count: listed.entries.length,
    nextToken: listed.nextToken ?? null,
    truncated: listed.stoppedBy !== undefined,
    truncatedReason: listed.stoppedBy ?? null,
  };
}

/** The start time an export ARN holds (its ID begins with epoch milliseconds), or undefined. */
function exportStarted(arn: string): Date | undefined {
  const millis = /\/export\/(\d{13,14})-/.exec(arn)?.[1];
  const date = millis ? new Date(Number(millis)) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * Select Export's choices: each export with an ARN, newest first (by the time its ID holds),
 * keyed by its ARN and labelled with that time, its type and status.
 */
export function exportChoices(exports: ExportSummary[]): { key: string; label: string }[] {
  const withArn = exports.filter((summary): summary is ExportSummary & { ExportArn: string } =>
    Boolean(summary.ExportArn),
  );
  const time = (summary: { ExportArn: string }) => exportStarted(summary.ExportArn)?.getTime() ?? 0;
  return [...withArn]
    .sort((a, b) => time(b) - time(a))
    .map((summary) => {
      const started = exportStarted(summary.ExportArn);
      const id = summary.ExportArn.slice(summary.ExportArn.lastIndexOf("/") + 1);
      return {
        key: summary.ExportArn,
        label: `${started ? started.toISOString() : id} (${summary.ExportType ?? "FULL_EXPORT"}, ${summary.ExportStatus ?? "?"})`,
      };
    });
}

const truncatedSchema = {
  type: "boolean",
  description:
    "With Fetch All: true when the run stopped early (see truncatedReason); nextToken then continues after the last entry returned. Always false without Fetch All.",
};
const truncatedReasonSchema = {
  type: ["string", "null"],
  description: `Why Fetch All stopped early: maxItems, byteBudget (${BYTE_BUDGET_TEXT} of summaries as JSON text), timeBudget (${LIST_TIME_BUDGET_TEXT} of paging) or pageLimit (${MAX_PAGES_TEXT}); else null.`,
};

const nullableString = (description: string) => ({ type: ["string", "null"], description });
const nullableInteger = (description: string) => ({ type: ["integer", "null"], description });

/** Output schema of Export Table to S3 and Describe Export. */
function exportOutputSchema(status: string) {
  return actionOutputSchema(
    {
      exportArn: nullableString("The export's ARN: Describe Export and Select Export take it."),
      exportStatus: nullableString(status),
      manifest: nullableString(
        "Where the export's manifest is, as s3://bucket/key (the manifest lists the data files), once DynamoDB has written it; else null.",
      ),
      itemCount: nullableInteger("How many items were exported, once COMPLETED; else null."),
      billedSizeBytes: nullableInteger("The billed size of the export in bytes, once COMPLETED."),
      export: {
        type: ["object", "null"],
        additionalProperties: true,
        description:
          "DynamoDB's ExportDescription: TableArn, ExportTime, StartTime, EndTime (ISO 8601), S3Bucket, S3Prefix, S3BucketOwner, S3SseAlgorithm, ExportFormat, ExportType, IncrementalExportSpecification, FailureCode and FailureMessage.",
      },
    },
    ["exportArn", "exportStatus", "manifest", "itemCount", "billedSizeBytes", "export"],
  );
}

/** Output schema of Import Table from S3 and Describe Import. */
function importOutputSchema(status: string) {
  return actionOutputSchema(
    {
      importArn: nullableString("The import's ARN: Describe Import takes it."),
      importStatus: nullableString(status),
      tableArn: nullableString("The ARN of the table the import creates."),
      processedItemCount: nullableInteger("How many items were read from S3 so far."),
      importedItemCount: nullableInteger("How many items were written to the new table so far."),
      errorCount: nullableInteger(
        "How many items could not be imported; cloudWatchLogGroupArn says where DynamoDB logs them.",
      ),
      processedSizeBytes: nullableInteger("How many bytes of the source were read so far."),
      cloudWatchLogGroupArn: nullableString(
        "The CloudWatch Logs log group where DynamoDB logs the items it could not import.",
      ),
      import: {
        type: ["object", "null"],
        additionalProperties: true,
        description:
          "DynamoDB's ImportTableDescription: S3BucketSource, InputFormat, InputFormatOptions, InputCompressionType, TableCreationParameters, StartTime, EndTime (ISO 8601), FailureCode and FailureMessage.",
      },
    },
    [
      "importArn",
      "importStatus",
      "tableArn",
      "processedItemCount",
      "importedItemCount",
      "errorCount",
      "processedSizeBytes",
      "cloudWatchLogGroupArn",
      "import",
    ],
  );
}

const EXAMPLE_EXPORT = {
  ExportArn: EXAMPLE_EXPORT_ARN,
  ExportStatus: "COMPLETED",
  StartTime: "2024-05-07T10:40:00.000Z",
  EndTime: "2024-05-07T10:52:00.000Z",
  ExportManifest: "exports/customers/AWSDynamoDB/01715078400000-a1b2c3d4/manifest-summary.json",
  TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
  TableId: "3a6f7e2c-1b9d-4c1e-9f57-2d3c4b5a6978",
  ExportTime: "2024-05-07T10:40:00.000Z",
  ClientToken: "5b8b2f6e-0f1d-4c3a-9f8e-7d6c5b4a3921",
  S3Bucket: "my-dynamodb-exports",
  S3Prefix: "exports/customers",
  S3SseAlgorithm: "AES256",
  ExportFormat: "DYNAMODB_JSON",
  BilledSizeBytes: 2048,
  ItemCount: 12,
  ExportType: "FULL_EXPORT",
};

const EXAMPLE_IMPORT = {
  ImportArn: EXAMPLE_IMPORT_ARN,
  ImportStatus: "COMPLETED",
  TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/CustomersImported",
  TableId: "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
  ClientToken: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
  S3BucketSource: { S3Bucket: "my-dynamodb-exports", S3KeyPrefix: "imports/customers/" },
  ErrorCount: 0,
  CloudWatchLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws-dynamodb/imports:*",
  InputFormat: "CSV",
  InputFormatOptions: { Csv: { Delimiter: "," } },
  InputCompressionType: "NONE",
  TableCreationParameters: {
    TableName: "CustomersImported",
    AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  },
  StartTime: "2024-05-07T11:00:00.000Z",
  EndTime: "2024-05-07T11:06:00.000Z",
  ProcessedSizeBytes: 4096,
  ProcessedItemCount: 12,
  ImportedItemCount: 12,
};

export const exportTableToS3OutputSchema = exportOutputSchema(
  "IN_PROGRESS, or (with Wait Until Complete) COMPLETED: a FAILED export is an error.",
);
export const exportTableToS3Example = {
  data: exportData(EXAMPLE_EXPORT as unknown as ExportDescription),
};

export const describeExportOutputSchema = exportOutputSchema("IN_PROGRESS, COMPLETED or FAILED.");
export const describeExportExample = exportTableToS3Example;

export const importTableFromS3OutputSchema = importOutputSchema(
  "IN_PROGRESS, or (with Wait Until Complete) COMPLETED: a FAILED or CANCELLED import is an error.",
);
export const importTableFromS3Example = {
  data: importData(EXAMPLE_IMPORT as unknown as ImportTableDescription),
};

export const describeImportOutputSchema = importOutputSchema(
  "IN_PROGRESS, COMPLETED, CANCELLING, CANCELLED or FAILED.",
);
export const describeImportExample = importTableFromS3Example;

/** The output of List Exports or List Imports: the list under `key`, described by `items`. */
function transferListSchema(key: "exports" | "imports", items: string) {
  const one = key === "exports" ? "export" : "import";
  return actionOutputSchema(
    {
      [key]: objectListSchema(items),
      count: { type: "integer", description: `How many ${key} are in ${key}.` },
      nextToken: listCursorSchema(
        `The cursor to continue from, or null when every ${one} was listed. Pass it to Next Token.`,
      ),
      truncated: truncatedSchema,
      truncatedReason: truncatedReasonSchema,
    },
    [key, "count", "nextToken", "truncated", "truncatedReason"],
  );
}

export const listExportsOutputSchema = transferListSchema(
  "exports",
  "The exports in DynamoDB's order (newest first): ExportArn, ExportStatus, ExportType.",
);
export const listExportsExample = {
  data: {
    exports: [
      { ExportArn: EXAMPLE_EXPORT_ARN, ExportStatus: "COMPLETED", ExportType: "FULL_EXPORT" },
    ],
    count: 1,
    nextToken: null,
    truncated: false,
    truncatedReason: null,
  },
};

export const listImportsOutputSchema = transferListSchema(
  "imports",
  "The imports: ImportArn, ImportStatus, TableArn, S3BucketSource, CloudWatchLogGroupArn, InputFormat, StartTime and EndTime (ISO 8601).",
);
export const listImportsExample = {
  data: {
    imports: [
      {
        ImportArn: EXAMPLE_IMPORT_ARN,
        ImportStatus: "COMPLETED",
        TableArn: EXAMPLE_IMPORT.TableArn,
        S3BucketSource: EXAMPLE_IMPORT.S3BucketSource,
        CloudWatchLogGroupArn: EXAMPLE_IMPORT.CloudWatchLogGroupArn,
        InputFormat: "CSV",
        StartTime: EXAMPLE_IMPORT.StartTime,
        EndTime: EXAMPLE_IMPORT.EndTime,
      },
    ],
    count: 1,
    nextToken: null,
    truncated: false,
    truncatedReason: null,
  },
};

/**
 * A loopback fake of DynamoDB's exports to and imports from S3, for what DynamoDB Local cannot do
 * (it has no ExportTableToPointInTime or ImportTable). It answers ExportTableToPointInTime,
 * DescribeExport, ListExports, ImportTable, DescribeImport and ListImports in the DynamoDB JSON
 * 1.0 protocol as the API reference documents them
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportTableToPointInTime.html
 * and the pages of the other five): a started export or import is IN_PROGRESS, and each Describe
 * moves it along the statuses its script gives (IN_PROGRESS then COMPLETED unless told otherwise;
 * FAILED with a FailureCode and FailureMessage; an import may end CANCELLED); an unknown ARN is
 * ExportNotFoundException or ImportNotFoundException; a second import into the same table name
 * is ResourceInUseException; the documented parameter limits are ValidationException; and
 * queued errors (ThrottlingException, LimitExceededException, ImportConflictException...) come
 * first. Every request is recorded with its parsed body.
 *
 * Plugged into the fault proxy (its `answer` option), so that other operations (DescribeTable)
 * still reach DynamoDB Local and the proxy's own faults still come first. It holds no timer and
 * no socket of its own.
 */
import { randomBytes } from "node:crypto";

export type TransferStatus = "IN_PROGRESS" | "COMPLETED" | "FAILED" | "CANCELLED";

/** How one export or import goes, Describe after Describe. */
export interface TransferScript {
  /** The statuses the start and then each Describe answers with; the last one stays. */
  statuses: TransferStatus[];
  /** Given with FAILED (and CANCELLED). */
  failure?: { code: string; message: string };
  /** An export's ItemCount and BilledSizeBytes once COMPLETED. */
  itemCount?: number;
  billedSizeBytes?: number;
  /** An import's counts, growing to these once COMPLETED. */
  processedItemCount?: number;
  importedItemCount?: number;
  errorCount?: number;
}

export interface RecordedRequest {
  operation: string;
  body: Record<string, unknown>;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
}

export interface ExportImportFake {
  /** For the fault proxy's `answer` option: the answer to one of the six operations, or undefined. */
  answer(operation: string, body: Buffer): Promise<FakeAnswer | undefined>;
  /** Every request of the six operations, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The requests of one operation. */
  requestsOf(operation: string): Record<string, unknown>[];
  /** The script of the next export or import started (then the default again). */
  scriptNext(kind: "export" | "import", script: TransferScript): void;
  /** Answers the next request of `operation` with an AWS error of `type`, before anything else. */
  failNext(operation: string, type: string, message?: string): void;
  /** Drops the queued errors not used yet. */
  clearErrors(): void;
  /** Adds `count` COMPLETED full exports of `tableArn`, for listing. */
  seedExports(tableArn: string, count: number): void;
}

const OPERATIONS = new Set([
  "ExportTableToPointInTime",
  "DescribeExport",
  "ListExports",
  "ImportTable",
  "DescribeImport",
  "ListImports",
]);

const DEFAULT_SCRIPT: TransferScript = { statuses: ["IN_PROGRESS", "COMPLETED"] };
const BUCKET = /^[a-z0-9A-Z]+[.\-\w]*[a-z0-9A-Z]+$/;
const ERROR_PREFIX: Record<string, string> = {
  ThrottlingException: "com.amazon.coral.availability#",
  ValidationException: "com.amazon.coral.validate#",
};

function awsError(type: string, message: string, status = 400): FakeAnswer {
  const prefix = ERROR_PREFIX[type] ?? "com.amazonaws.dynamodb.v20120810#";
  return { status, body: { __type: `${prefix}${type}`, message } };
}

const validation = (message: string) => awsError("ValidationException", message);

interface Transfer {
  arn: string;
  script: TransferScript;
  /** How many Describes have been answered. */
  step: number;
  started: number;
  request: Record<string, unknown>;
  tableArn: string;
}

const seconds = (ms: number) => ms / 1000;

/** The status `transfer` has after `step` describes. */
function statusOf(transfer: Transfer): TransferStatus {
  const { statuses } = transfer.script;
  return statuses[Math.min(transfer.step, statuses.length - 1)];
}

function exportDescription(transfer: Transfer) {
  const status = statusOf(transfer);
  const request = transfer.request;
  const done = status !== "IN_PROGRESS";
  const id = transfer.arn.slice(transfer.arn.lastIndexOf("/") + 1);
  const prefix = typeof request.S3Prefix === "string" ? `${request.S3Prefix}/` : "";
  return {
    ExportArn: transfer.arn,
    ExportStatus: status,
    StartTime: seconds(transfer.started),
    ...(done ? { EndTime: seconds(transfer.started + 60_000) } : {}),
    TableArn: transfer.tableArn,
    TableId: "00000000-0000-4000-8000-000000000000",
    ExportTime: request.ExportTime ?? seconds(transfer.started),
    ClientToken: request.ClientToken,
    S3Bucket: request.S3Bucket,
    ...(request.S3BucketOwner ? { S3BucketOwner: request.S3BucketOwner } : {}),
    ...(request.S3Prefix !== undefined ? { S3Prefix: request.S3Prefix } : {}),
    S3SseAlgorithm: request.S3SseAlgorithm ?? "AES256",
    ...(request.S3SseKmsKeyId ? { S3SseKmsKeyId: request.S3SseKmsKeyId } : {}),
    ExportFormat: request.ExportFormat ?? "DYNAMODB_JSON",
    ExportType: request.ExportType ?? "FULL_EXPORT",
    ...(request.IncrementalExportSpecification
      ? { IncrementalExportSpecification: request.IncrementalExportSpecification }
      : {}),
    ...(status === "COMPLETED"
      ? {
          ExportManifest: `${prefix}AWSDynamoDB/${id}/manifest-summary.json`,
          ItemCount: transfer.script.itemCount ?? 0,
          BilledSizeBytes: transfer.script.billedSizeBytes ?? 0,
        }
      : {}),
    ...(status === "FAILED" || status === "CANCELLED"
      ? {
          FailureCode: transfer.script.failure?.code,
          FailureMessage: transfer.script.failure?.message,
        }
      : {}),
  };
}

function importDescription(transfer: Transfer, logGroupArn: string) {
  const status = statusOf(transfer);
  const request = transfer.request;
  const script = transfer.script;
  const final = status === "COMPLETED";
  const part = (total: number | undefined) => (final ? (total ?? 0) : Math.floor((total ?? 0) / 2));
  return {
    ImportArn: transfer.arn,
    ImportStatus: status,
    TableArn: transfer.tableArn,
    TableId: "00000000-0000-4000-8000-000000000001",
    ClientToken: request.ClientToken,
    S3BucketSource: request.S3BucketSource,
    ErrorCount: part(script.errorCount),
    CloudWatchLogGroupArn: logGroupArn,
    InputFormat: request.InputFormat,
    ...(request.InputFormatOptions ? { InputFormatOptions: request.InputFormatOptions } : {}),
    InputCompressionType: request.InputCompressionType ?? "NONE",
    TableCreationParameters: request.TableCreationParameters,
    StartTime: seconds(transfer.started),
    ...(status !== "IN_PROGRESS" ? { EndTime: seconds(transfer.started + 60_000) } : {}),
    ProcessedSizeBytes: part((script.processedItemCount ?? 0) * 100),
    ProcessedItemCount: part(script.processedItemCount),
    ImportedItemCount: part(script.importedItemCount),
    ...(status === "FAILED" || status === "CANCELLED"
      ? { FailureCode: script.failure?.code, FailureMessage: script.failure?.message }
      : {}),
  };
}

/** A page of `list` from the opaque `token` (an index), `size` long. */
function page<T>(list: T[], token: unknown, size: number): { entries: T[]; next?: string } {
  const start = typeof token === "string" ? Number(Buffer.from(token, "base64").toString()) : 0;
  const entries = list.slice(start, start + size);
  const end = start + entries.length;
  return end < list.length
    ? { entries, next: Buffer.from(String(end)).toString("base64") }
    : { entries };
}

/** The fake, answering as AWS does in `region` for account `account`. */
export function exportImportFake(
  options: { region?: string; account?: string } = {},
): ExportImportFake {
  const region = options.region ?? "us-east-1";
  const account = options.account ?? "000000000000";
  const requests: RecordedRequest[] = [];
  const exports: Transfer[] = [];
  const imports: Transfer[] = [];
  const scripts: Record<"export" | "import", TransferScript[]> = { export: [], import: [] };
  const errors = new Map<string, { type: string; message: string }[]>();
  const logGroupArn = `arn:aws:logs:${region}:${account}:log-group:/aws-dynamodb/imports:*`;

  /** An ARN as AWS gives it: the table's, then /export/ or /import/ and a time-based ID. */
  const transferArn = (tableName: string, kind: "export" | "import", started: number) =>
    `arn:aws:dynamodb:${region}:${account}:table/${tableName}/${kind}/${String(started).padStart(14, "0")}-${randomBytes(4).toString("hex")}`;

  const tableNameOf = (tableArn: string) =>
    tableArn.slice(tableArn.indexOf(":table/") + 7).split("/")[0];

  const startExport = (body: Record<string, unknown>): FakeAnswer => {
    const { TableArn, S3Bucket, ExportFormat, ExportType, S3Prefix } = body;
    if (typeof TableArn !== "string" || TableArn.length < 1 || TableArn.length > 1024) {
      return validation(
        "1 validation error detected: Value at 'tableArn' failed to satisfy constraint",
      );
    }
    if (typeof S3Bucket !== "string" || S3Bucket.length > 255 || !BUCKET.test(S3Bucket)) {
      return validation(
        "1 validation error detected: Value at 's3Bucket' failed to satisfy constraint",
      );
    }
    if (typeof S3Prefix === "string" && S3Prefix.length > 1024) {
      return validation("Value at 's3Prefix' failed to satisfy constraint: length <= 1024");
    }
    if (ExportFormat !== undefined && ExportFormat !== "DYNAMODB_JSON" && ExportFormat !== "ION") {
      return validation("Value at 'exportFormat' failed to satisfy enum constraint");
    }
    if (
      (ExportType === "INCREMENTAL_EXPORT") !==
      (body.IncrementalExportSpecification !== undefined)
    ) {
      return validation(
        "IncrementalExportSpecification goes with ExportType INCREMENTAL_EXPORT only",
      );
    }
    const started = Date.now();
    const transfer: Transfer = {
      arn: transferArn(tableNameOf(TableArn), "export", started),
      script: scripts.export.shift() ?? DEFAULT_SCRIPT,
      step: 0,
      started,
      request: body,
      tableArn: TableArn,
    };
    exports.unshift(transfer);
    return { status: 200, body: { ExportDescription: exportDescription(transfer) } };
  };

  const startImport = (body: Record<string, unknown>): FakeAnswer => {
    const source = body.S3BucketSource as { S3Bucket?: unknown } | undefined;
    const creation = body.TableCreationParameters as { TableName?: unknown } | undefined;
    if (typeof source?.S3Bucket !== "string" || !BUCKET.test(source.S3Bucket)) {
      return validation("Value at 's3BucketSource.s3Bucket' failed to satisfy constraint");
    }
    if (!["CSV", "DYNAMODB_JSON", "ION"].includes(String(body.InputFormat))) {
      return validation("Value at 'inputFormat' failed to satisfy enum constraint");
    }
    const tableName = creation?.TableName;
    if (typeof tableName !== "string")
      return validation("TableCreationParameters.TableName is required");
    if (imports.some((transfer) => tableNameOf(transfer.tableArn) === tableName)) {
      return awsError("ResourceInUseException", `Table already exists: ${tableName}`);
    }
    const started = Date.now();
    const transfer: Transfer = {
      arn: transferArn(tableName, "import", started),
      script: scripts.import.shift() ?? DEFAULT_SCRIPT,
      step: 0,
      started,
      request: body,
      tableArn: `arn:aws:dynamodb:${region}:${account}:table/${tableName}`,
    };
    imports.unshift(transfer);
    return {
      status: 200,
      body: { ImportTableDescription: importDescription(transfer, logGroupArn) },
    };
  };

  /** The next Describe of a transfer moves it one status along its script. */
  const describe = (list: Transfer[], arn: unknown) => {
    const transfer = list.find((candidate) => candidate.arn === arn);
    if (!transfer) return undefined;
    transfer.step += 1;
    return transfer;
  };

  const pageSize = (value: unknown, name: string): number | FakeAnswer => {
    if (value === undefined) return 25;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 25) {
      return validation(
        `Value '${String(value)}' at '${name}' failed to satisfy constraint: Member must have value between 1 and 25`,
      );
    }
    return value;
  };

  const answers: Record<string, (body: Record<string, unknown>) => FakeAnswer> = {
    ExportTableToPointInTime: startExport,
    DescribeExport: (body) => {
      const transfer = describe(exports, body.ExportArn);
      return transfer
        ? { status: 200, body: { ExportDescription: exportDescription(transfer) } }
        : awsError("ExportNotFoundException", `Export not found: ${String(body.ExportArn)}`);
    },
    ListExports: (body) => {
      const size = pageSize(body.MaxResults, "maxResults");
      if (typeof size !== "number") return size;
      const list = exports.filter(
        (t) => body.TableArn === undefined || t.tableArn === body.TableArn,
      );
      const { entries, next } = page(list, body.NextToken, size);
      const summaries = entries.map((t) => ({
        ExportArn: t.arn,
        ExportStatus: statusOf(t),
        ExportType: t.request.ExportType ?? "FULL_EXPORT",
      }));
      return {
        status: 200,
        body: { ExportSummaries: summaries, ...(next ? { NextToken: next } : {}) },
      };
    },
    ImportTable: startImport,
    DescribeImport: (body) => {
      const transfer = describe(imports, body.ImportArn);
      return transfer
        ? {
            status: 200,
            body: { ImportTableDescription: importDescription(transfer, logGroupArn) },
          }
        : awsError("ImportNotFoundException", `Import not found: ${String(body.ImportArn)}`);
    },
    ListImports: (body) => {
      const size = pageSize(body.PageSize, "pageSize");
      if (typeof size !== "number") return size;
      const list = imports.filter(
        (t) => body.TableArn === undefined || t.tableArn === body.TableArn,
      );
      const { entries, next } = page(list, body.NextToken, size);
      const summaries = entries.map((t) => {
        const {
          ImportArn,
          ImportStatus,
          TableArn,
          S3BucketSource,
          CloudWatchLogGroupArn,
          InputFormat,
          StartTime,
        } = importDescription(t, logGroupArn);
        return {
          ImportArn,
          ImportStatus,
          TableArn,
          S3BucketSource,
          CloudWatchLogGroupArn,
          InputFormat,
          StartTime,
        };
      });
      return {
        status: 200,
        body: { ImportSummaryList: summaries, ...(next ? { NextToken: next } : {}) },
      };
    },
  };

  return {
    async answer(operation, raw) {
      if (!OPERATIONS.has(operation)) return undefined;
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        return awsError("SerializationException", "The request body is not JSON.");
      }
      requests.push({ operation, body });
      const queued = errors.get(operation)?.shift();
      if (queued) return awsError(queued.type, queued.message);
      return answers[operation](body);
    },
    requests,
    requestsOf: (operation) =>
      requests.filter((request) => request.operation === operation).map((request) => request.body),
    scriptNext(kind, script) {
      scripts[kind].push(script);
    },
    failNext(operation, type, message = `${type} (injected by the export and import fake)`) {
      const queue = errors.get(operation) ?? [];
      queue.push({ type, message });
      errors.set(operation, queue);
    },
    clearErrors() {
      errors.clear();
    },
    seedExports(tableArn, count) {
      const now = Date.now();
      for (let index = 0; index < count; index++) {
        const started = now - (index + 1) * 60_000;
        exports.push({
          arn: transferArn(tableNameOf(tableArn), "export", started),
          script: { statuses: ["COMPLETED"] },
          step: 0,
          started,
          request: { TableArn: tableArn, S3Bucket: "seeded-bucket", ExportType: "FULL_EXPORT" },
          tableArn,
        });
      }
    },
  };
}

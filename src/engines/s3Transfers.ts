/**
 * The DynamoDB work of the S3 export and import actions (Export Table to S3, Describe and List
 * Exports, Import Table from S3, Describe and List Imports, Select Export): their requests, built
 * by pure functions; the table's ARN, which ExportTableToPointInTime and the list filters take;
 * waiting, bounded, until an export or import ends; and reading list pages, bounded by items,
 * bytes, time and pages. DynamoDB moves the data between the table and S3 itself: none of it
 * passes through the step.
 *
 * Sources: the DynamoDB API Reference,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportTableToPointInTime.html,
 * API_DescribeExport.html, API_ListExports.html, API_ImportTable.html, API_DescribeImport.html,
 * API_ListImports.html (statuses IN_PROGRESS, COMPLETED and FAILED; an import also CANCELLING and
 * CANCELLED; FailureCode and FailureMessage on a failure).
 */
import {
  DescribeExportCommand,
  type DescribeExportCommandInput,
  DescribeImportCommand,
  type DescribeImportCommandInput,
  type ExportDescription,
  type ExportSummary,
  type ExportTableToPointInTimeCommandInput,
  type ImportSummary,
  type ImportTableCommandInput,
  type ImportTableDescription,
  ListExportsCommand,
  type ListExportsCommandInput,
  ListImportsCommand,
  type ListImportsCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { CallContext } from "../aws/errors";
import { StepError } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { connectionSecrets, redact } from "../aws/redaction";
import { DEFAULT_BYTE_BUDGET, DEFAULT_MAX_ITEMS, LIST_TIME_BUDGET_MS } from "../common/limits";
import { printable } from "../common/text";
import { fail } from "../errors/inputError";
import {
  BILLING_LABEL,
  type COMPRESSION_TYPES,
  CSV_DELIMITER_LABEL,
  type EXPORT_FORMATS,
  EXPORT_FROM_LABEL,
  EXPORT_TIME_LABEL,
  EXPORT_TO_LABEL,
  EXPORT_TYPE_LABEL,
  type EXPORT_TYPES,
  type EXPORT_VIEW_TYPES,
  HEADER_LIST_LABEL,
  INPUT_FORMAT_LABEL,
  type INPUT_FORMATS,
  MAX_INCREMENTAL_MS,
  MAX_TRANSFER_WAIT_SECONDS,
  MIN_INCREMENTAL_MS,
  READ_LABEL,
  SSE_ALGORITHM_LABEL,
  type SSE_ALGORITHMS,
  SSE_KMS_KEY_LABEL,
  VIEW_TYPE_LABEL,
  WRITE_LABEL,
} from "../inputs";
import { buildTableDefinition, type TableDefinitionInputs } from "../inputs/tableDefinition";
import { answerObjects } from "../values";
import { tableKeys } from "./keySchema";
import { PageGuard } from "./paging";
import { pollUntil } from "./polling";

// ---------------------------------------------------------------------------------------------
// Requests

/** Export Table to S3's inputs, cleaned. */
export interface ExportTableParams {
  s3Bucket: string;
  s3Prefix?: string;
  s3BucketOwner?: string;
  exportFormat: (typeof EXPORT_FORMATS)[number];
  exportType: (typeof EXPORT_TYPES)[number];
  exportTime?: Date;
  exportFromTime?: Date;
  exportToTime?: Date;
  exportViewType?: (typeof EXPORT_VIEW_TYPES)[number];
  s3SseAlgorithm?: (typeof SSE_ALGORITHMS)[number];
  s3SseKmsKeyId?: string;
}

const iso = (date: Date) => date.toISOString();

/**
 * The time inputs of an export, checked together (each alone, in the past and within the recovery
 * period, is cleanRecoveryTimestamp's): Export Time only with a full export; Export From Time
 * (required) and Export To Time (blank: now) only with an incremental one. `now` is epoch ms.
 */
function exportTimes(params: ExportTableParams, now: number) {
  return params.exportType === "FULL_EXPORT"
    ? fullExportTime(params)
    : incrementalPeriod(params, now);
}

/** A full export's ExportTime, refusing the inputs of an incremental export. */
function fullExportTime(params: ExportTableParams) {
  const { exportFromTime: from, exportToTime: to, exportViewType: view } = params;
  const extra = from
    ? EXPORT_FROM_LABEL
    : to
      ? EXPORT_TO_LABEL
      : view
        ? VIEW_TYPE_LABEL
        : undefined;
  if (extra) {
    fail(
      extra,
      "conflict",
      `${extra} applies only to an incremental export: set ${EXPORT_TYPE_LABEL} to INCREMENTAL_EXPORT, or clear ${extra}.`,
    );
  }
  return params.exportTime ? { ExportTime: params.exportTime } : {};
}

/**
 * An incremental export's IncrementalExportSpecification: Export From Time before Export To Time
 * (blank: now), 15 minutes to 24 hours apart; Export Time refused.
 */
function incrementalPeriod(params: ExportTableParams, now: number) {
  const { exportFromTime: from, exportToTime: to } = params;
  if (params.exportTime) {
    fail(
      EXPORT_TIME_LABEL,
      "conflict",
      `${EXPORT_TIME_LABEL} applies only to a full export; an incremental export covers ${EXPORT_FROM_LABEL} to ${EXPORT_TO_LABEL}. Clear ${EXPORT_TIME_LABEL}.`,
    );
  }
  if (!from) {
    fail(
      EXPORT_FROM_LABEL,
      "required",
      `${EXPORT_FROM_LABEL} is required for an incremental export: the start of the period, such as 2024-05-07T10:00:00Z.`,
    );
  }
  const end = to?.getTime() ?? now;
  const endText = to ? `${EXPORT_TO_LABEL} (${iso(to)})` : "now (Export To Time is blank)";
  if (from.getTime() >= end) {
    fail(
      EXPORT_FROM_LABEL,
      "invalidValue",
      `${EXPORT_FROM_LABEL} (${iso(from)}) must be before ${endText}.`,
    );
  }
  const span = end - from.getTime();
  if (span < MIN_INCREMENTAL_MS || span > MAX_INCREMENTAL_MS) {
    fail(
      EXPORT_FROM_LABEL,
      "invalidValue",
      `An incremental export covers from 15 minutes to 24 hours, but ${EXPORT_FROM_LABEL} (${iso(from)}) to ${endText} is ${Math.round(span / 60_000)} minutes.`,
    );
  }
  return {
    IncrementalExportSpecification: {
      ExportFromTime: from,
      ...(to ? { ExportToTime: to } : {}),
      ...(params.exportViewType ? { ExportViewType: params.exportViewType } : {}),
    },
  };
}

/**
 * The ExportTableToPointInTime request of the table's ARN and Export Table to S3's inputs.
 * Throws an InputError naming the input when the times do not fit the export type (see
 * exportTimes) or the KMS key is given without the KMS algorithm. `now` is epoch ms.
 */
export function exportTableRequest(
  tableArn: string,
  params: ExportTableParams,
  now = Date.now(),
): ExportTableToPointInTimeCommandInput {
  const times = exportTimes(params, now);
  if (params.s3SseKmsKeyId && params.s3SseAlgorithm !== "KMS") {
    fail(
      SSE_KMS_KEY_LABEL,
      "conflict",
      `${SSE_KMS_KEY_LABEL} is used only with ${SSE_ALGORITHM_LABEL} KMS; choose KMS, or clear ${SSE_KMS_KEY_LABEL}.`,
    );
  }
  return {
    TableArn: tableArn,
    S3Bucket: params.s3Bucket,
    ...(params.s3Prefix !== undefined ? { S3Prefix: params.s3Prefix } : {}),
    ...(params.s3BucketOwner ? { S3BucketOwner: params.s3BucketOwner } : {}),
    ...(params.s3SseAlgorithm ? { S3SseAlgorithm: params.s3SseAlgorithm } : {}),
    ...(params.s3SseKmsKeyId ? { S3SseKmsKeyId: params.s3SseKmsKeyId } : {}),
    ExportFormat: params.exportFormat,
    ExportType: params.exportType,
    ...times,
  };
}

/** The DescribeExport request of the Export ARN. */
export function describeExportRequest(params: { exportArn: string }): DescribeExportCommandInput {
  return { ExportArn: params.exportArn };
}

/** The first ListExports request: the table's ARN (a filter, optional), page size and cursor. */
export function listExportsRequest(
  tableArn: string | undefined,
  params: { pageSize?: number; nextToken?: string },
): ListExportsCommandInput {
  return {
    ...(tableArn ? { TableArn: tableArn } : {}),
    ...(params.pageSize ? { MaxResults: params.pageSize } : {}),
    ...(params.nextToken ? { NextToken: params.nextToken } : {}),
  };
}

/** Import Table from S3's inputs, cleaned. */
export interface ImportTableParams extends TableDefinitionInputs {
  newTableName: string;
  s3Bucket: string;
  s3Prefix?: string;
  s3BucketOwner?: string;
  inputFormat: (typeof INPUT_FORMATS)[number];
  compressionType: (typeof COMPRESSION_TYPES)[number];
  csvDelimiter?: string;
  csvHeaderList?: string[];
}

/**
 * The ImportTable request of Import Table from S3's inputs. Throws an InputError naming the
 * input when a CSV option is given for another format, or the table definition does not hold
 * together (buildTableDefinition: keys defined, capacity only with PROVISIONED).
 */
export function importTableRequest(params: ImportTableParams): ImportTableCommandInput {
  const csv = params.inputFormat === "CSV";
  for (const [label, given] of [
    [CSV_DELIMITER_LABEL, params.csvDelimiter !== undefined],
    [HEADER_LIST_LABEL, params.csvHeaderList !== undefined],
  ] as const) {
    if (given && !csv) {
      fail(
        label,
        "conflict",
        `${label} applies only when ${INPUT_FORMAT_LABEL} is CSV, not ${params.inputFormat}; clear it.`,
      );
    }
  }
  // Create Table ignores capacity with on-demand billing (its contract); a new action says so.
  const capacityGiven = [params.readCapacityUnits, params.writeCapacityUnits].some(
    // Any value but a blank counts as given (never String(): an input may be any object).
    (units) =>
      units !== undefined && units !== null && !(typeof units === "string" && units.trim() === ""),
  );
  if (capacityGiven && params.billingMode !== "PROVISIONED") {
    fail(
      READ_LABEL,
      "conflict",
      `${READ_LABEL} and ${WRITE_LABEL} apply only when ${BILLING_LABEL} is PROVISIONED; clear them for PAY_PER_REQUEST (on-demand) billing.`,
    );
  }
  const definition = buildTableDefinition(params);
  const options =
    csv && (params.csvDelimiter !== undefined || params.csvHeaderList)
      ? {
          InputFormatOptions: {
            Csv: {
              ...(params.csvDelimiter !== undefined ? { Delimiter: params.csvDelimiter } : {}),
              ...(params.csvHeaderList ? { HeaderList: params.csvHeaderList } : {}),
            },
          },
        }
      : {};
  return {
    S3BucketSource: {
      S3Bucket: params.s3Bucket,
      ...(params.s3Prefix !== undefined ? { S3KeyPrefix: params.s3Prefix } : {}),
      ...(params.s3BucketOwner ? { S3BucketOwner: params.s3BucketOwner } : {}),
    },
    InputFormat: params.inputFormat,
    ...options,
    InputCompressionType: params.compressionType,
    TableCreationParameters: { TableName: params.newTableName, ...definition },
  };
}

/** The DescribeImport request of the Import ARN. */
export function describeImportRequest(params: { importArn: string }): DescribeImportCommandInput {
  return { ImportArn: params.importArn };
}

/** The first ListImports request: the table's ARN (a filter, optional), page size and cursor. */
export function listImportsRequest(
  tableArn: string | undefined,
  params: { pageSize?: number; nextToken?: string },
): ListImportsCommandInput {
  return {
    ...(tableArn ? { TableArn: tableArn } : {}),
    ...(params.pageSize ? { PageSize: params.pageSize } : {}),
    ...(params.nextToken ? { NextToken: params.nextToken } : {}),
  };
}

/**
 * The ARN of `table` (the step's Table Name unless given): from the cached DescribeTable, whose
 * failure reads as a DescribeTable failure naming the table.
 */
export async function tableArnOf(step: Step, table = step.table): Promise<string> {
  const { arn } = await tableKeys(step, table);
  if (!arn) {
    throw new StepError(
      "incompleteAnswer",
      `DescribeTable gave no TableArn for table "${table}" in region ${step.region}; an export or import filter needs it.`,
    );
  }
  return arn;
}

// ---------------------------------------------------------------------------------------------
// Waiting until an export or import ends

const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 10_000;
/** A wait logs its status when it changes, and at least this often. */
const LOG_EVERY_MS = 30_000;

/** What a wait reports in the step's log. */
export interface WaitLog {
  info(message: string): void;
}

/** One kind of transfer, for waitForTransfer. */
interface TransferKind<D> {
  what: "export" | "import";
  describe: (
    clients: Step["clients"],
    arn: string,
    abortSignal: AbortSignal,
  ) => Promise<D | undefined>;
  status: (description: D | undefined) => string | undefined;
  /** Progress beyond the status (an import's processed items), for the log; may be "". */
  progress: (description: D | undefined) => string;
  failure: (description: D | undefined) => { code?: string; message?: string };
  describeAction: string;
}

const EXPORT_KIND: TransferKind<ExportDescription> = {
  what: "export",
  describe: async (clients, arn, abortSignal) =>
    (await clients.dynamodb.send(new DescribeExportCommand({ ExportArn: arn }), { abortSignal }))
      .ExportDescription,
  status: (description) => description?.ExportStatus,
  progress: () => "",
  failure: (description) => ({
    code: description?.FailureCode,
    message: description?.FailureMessage,
  }),
  describeAction: "Describe Export",
};

const IMPORT_KIND: TransferKind<ImportTableDescription> = {
  what: "import",
  describe: async (clients, arn, abortSignal) =>
    (await clients.dynamodb.send(new DescribeImportCommand({ ImportArn: arn }), { abortSignal }))
      .ImportTableDescription,
  status: (description) => description?.ImportStatus,
  progress: (description) =>
    description?.ProcessedItemCount !== undefined
      ? `, ${description.ProcessedItemCount} items processed, ${description.ImportedItemCount ?? 0} imported, ${description.ErrorCount ?? 0} errors`
      : "",
  failure: (description) => ({
    code: description?.FailureCode,
    message: description?.FailureMessage,
  }),
  describeAction: "Describe Import",
};

/** How one wait is bounded and where it logs. */
export interface WaitOptions {
  /** Default MAX_TRANSFER_WAIT_SECONDS. */
  maxWaitSeconds?: number;
  log?: WaitLog;
}

/**
 * The error of an export or import that ended FAILED (or, an import, CANCELLED): it quotes
 * DynamoDB's FailureCode and FailureMessage, made printable and without the connection's secrets
 * (a StepError passes the error mapping unchanged, so it is redacted here).
 */
function transferFailure(
  what: "export" | "import",
  arn: string,
  status: string,
  failure: { code?: string; message?: string },
  context: CallContext,
): StepError {
  const code = printable(failure.code ?? "no FailureCode");
  const message = printable(failure.message ?? "DynamoDB gave no FailureMessage");
  const where = context.table ? ` of table "${context.table}"` : "";
  const text = redact(
    `${context.operation}: ${what} ${arn}${where} in region ${context.region} ended ${status}: ${code}: ${message}`,
    connectionSecrets(context.connection),
  );
  return what === "export"
    ? new StepError("exportFailed", text)
    : new StepError("importFailed", text);
}

/** The terminal statuses: COMPLETED is success, the rest are failures. */
const FAILED_STATUSES = new Set(["FAILED", "CANCELLED"]);

/**
 * Polls Describe Export or Describe Import every 0.5 s, doubling up to 10 s, until the transfer
 * is COMPLETED (returns its description), FAILED or CANCELLED (throws transferFailure), or until
 * `maxWaitSeconds` in all have passed (the poll in flight then is aborted, and a StepError
 * waitTimedOut says it is still running and gives its ARN). Logs the status when it changes and
 * every 30 s. A failed poll is an action error naming the operation.
 */
function waitForTransfer<D>(
  kind: TransferKind<D>,
  clients: Step["clients"],
  arn: string,
  context: CallContext,
  options: WaitOptions,
): Promise<D | undefined> {
  const maxWaitSeconds = options.maxWaitSeconds ?? MAX_TRANSFER_WAIT_SECONDS;
  const started = Date.now();
  let logged: { status?: string; at: number } = { at: 0 };
  return pollUntil<D | undefined, D | undefined>({
    describe: (abortSignal) => kind.describe(clients, arn, abortSignal),
    check: (description) => {
      const status = kind.status(description);
      if (status === "COMPLETED") return { done: true, result: description };
      if (status && FAILED_STATUSES.has(status)) {
        throw transferFailure(kind.what, arn, status, kind.failure(description), context);
      }
      const now = Date.now();
      if (options.log && (status !== logged.status || now - logged.at >= LOG_EVERY_MS)) {
        const seconds = Math.round((now - started) / 1000);
        options.log.info(
          `${kind.what} ${arn}: ${status ?? "status unknown"}${kind.progress(description)} after ${seconds} s`,
        );
        logged = { status, at: now };
      }
      return undefined;
    },
    context,
    maxWaitSeconds,
    firstDelayMs: FIRST_POLL_MS,
    maxDelayMs: MAX_POLL_MS,
    timedOutMessage: (description) =>
      `${context.operation}: ${kind.what} ${arn} is still ${kind.status(description) ?? "IN_PROGRESS"}${kind.progress(description)} after ${maxWaitSeconds} s, the most this step waits. It goes on in the background: check it with ${kind.describeAction} and this ARN.`,
    inBackground: `The ${kind.what} ${arn} was started before the wait failed and goes on in the background: check it with ${kind.describeAction} and this ARN rather than starting another.`,
  });
}

/** Waits until an export ends (see waitForTransfer). */
export function waitForExport(
  clients: Step["clients"],
  arn: string,
  context: CallContext,
  options: WaitOptions = {},
): Promise<ExportDescription | undefined> {
  return waitForTransfer(EXPORT_KIND, clients, arn, context, options);
}

/** Waits until an import ends (see waitForTransfer). */
export function waitForImport(
  clients: Step["clients"],
  arn: string,
  context: CallContext,
  options: WaitOptions = {},
): Promise<ImportTableDescription | undefined> {
  return waitForTransfer(IMPORT_KIND, clients, arn, context, options);
}

/**
 * Throws transferFailure when an export or import is already FAILED or CANCELLED (as the start's
 * answer may say); does nothing otherwise.
 */
export function checkNotFailed(
  what: "export" | "import",
  arn: string | undefined,
  status: string | undefined,
  failure: { code?: string; message?: string },
  context: CallContext,
): void {
  if (status && FAILED_STATUSES.has(status)) {
    throw transferFailure(what, arn ?? "(no ARN)", status, failure, context);
  }
}

// ---------------------------------------------------------------------------------------------
// Listing

/** The time budget in force; tests lower it. */
export const listLimits = { timeBudgetMs: LIST_TIME_BUDGET_MS };

export type ListStop = "maxItems" | "byteBudget" | "timeBudget" | "pageLimit";

/** What a list run gives back. */
export interface ListedTransfers<S> {
  entries: S[];
  /** The cursor after the last entry returned; undefined when the list is complete. */
  nextToken: string | undefined;
  /** Why Fetch All stopped before the end, or undefined. */
  stoppedBy: ListStop | undefined;
  pages: number;
}

/** One page of ListExports or ListImports, as `fetchPage` gives it. */
export interface TransferPage<S> {
  entries: S[];
  nextToken?: string;
}

/**
 * One page, or (`fetchAll`) pages until the end, `maxItems` entries (DEFAULT_MAX_ITEMS), the
 * byte budget (DEFAULT_BYTE_BUDGET, as JSON text), the time budget (listLimits) or MAX_PAGES.
 * Each page asks for at most the entries still wanted (`fetchPage`'s `limit`, within 1 to 25),
 * so Max Items never cuts a page and the cursor continues exactly after the last entry. The
 * byte and time budgets are checked between pages: a run passes the byte budget by at most one
 * page of 25 summaries. A cursor given twice is an error (PageGuard).
 */
export async function listTransferPages<S>(
  operation: string,
  fetchPage: (token: string | undefined, limit: number | undefined) => Promise<TransferPage<S>>,
  options: { fetchAll: boolean; maxItems?: number; pageSize?: number; nextToken?: string },
): Promise<ListedTransfers<S>> {
  if (!options.fetchAll) {
    const page = await fetchPage(options.nextToken, options.pageSize);
    return { entries: page.entries, nextToken: page.nextToken, stoppedBy: undefined, pages: 1 };
  }
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const started = Date.now();
  const guard = new PageGuard(operation);
  const entries: S[] = [];
  let bytes = 0;
  let token = options.nextToken;
  for (;;) {
    const wanted = maxItems - entries.length;
    const limit = Math.min(options.pageSize ?? 25, wanted);
    const page = await fetchPage(token, limit);
    for (const entry of page.entries) {
      entries.push(entry);
      bytes += Buffer.byteLength(JSON.stringify(entry) ?? "", "utf8");
    }
    token = page.nextToken;
    const stop = (stoppedBy: ListStop) => ({
      entries,
      nextToken: token,
      stoppedBy,
      pages: guard.pages,
    });
    if (!token)
      return { entries, nextToken: undefined, stoppedBy: undefined, pages: guard.pages + 1 };
    if (guard.next(token)) return stop("pageLimit");
    if (entries.length >= maxItems) return stop("maxItems");
    if (bytes >= DEFAULT_BYTE_BUDGET) return stop("byteBudget");
    if (Date.now() - started >= listLimits.timeBudgetMs) return stop("timeBudget");
  }
}

/** The pages of ListExports from `request` on, for listTransferPages. */
export function exportPages(clients: Step["clients"], request: ListExportsCommandInput) {
  return async (
    token: string | undefined,
    limit: number | undefined,
  ): Promise<TransferPage<ExportSummary>> => {
    const page = await clients.dynamodb.send(
      new ListExportsCommand({
        ...request,
        ...(limit ? { MaxResults: limit } : {}),
        ...(token ? { NextToken: token } : {}),
      }),
    );
    const entries = answerObjects<ExportSummary>(
      page.ExportSummaries,
      "ListExports' ExportSummaries",
    );
    return { entries, nextToken: page.NextToken };
  };
}

/** The pages of ListImports from `request` on, for listTransferPages. */
export function importPages(clients: Step["clients"], request: ListImportsCommandInput) {
  return async (
    token: string | undefined,
    limit: number | undefined,
  ): Promise<TransferPage<ImportSummary>> => {
    const page = await clients.dynamodb.send(
      new ListImportsCommand({
        ...request,
        ...(limit ? { PageSize: limit } : {}),
        ...(token ? { NextToken: token } : {}),
      }),
    );
    const entries = answerObjects<ImportSummary>(
      page.ImportSummaryList,
      "ListImports' ImportSummaryList",
    );
    return { entries, nextToken: page.NextToken };
  };
}

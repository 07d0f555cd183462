/**
 * The inputs of the S3 export and import actions (Export Table to S3, Describe and List Exports,
 * Import Table from S3, Describe and List Imports, Select Export): S3 bucket names, key prefixes
 * and bucket owners, export and import ARNs (checked to be of the step's region), the export's
 * time range, the formats, and the CSV options of an import. Every rule is checked before
 * anything is sent, and each message names the input by its label.
 *
 * Sources of the limits:
 * - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExportTableToPointInTime.html
 *   (S3Bucket at most 255 characters, S3Prefix at most 1,024, S3BucketOwner 12 digits, formats);
 * - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_IncrementalExportSpecification.html
 *   (ExportFromTime inclusive, ExportToTime exclusive, view types);
 * - https://aws.amazon.com/blogs/database/introducing-incremental-export-from-amazon-dynamodb-to-amazon-s3/
 *   (an incremental export period is from 15 minutes up to 24 hours);
 * - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CsvOptions.html
 *   (Delimiter one of , ; : | tab space; HeaderList 1 to 255 names of printable ASCII without
 *   `"` or `,`);
 * - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListExports.html and
 *   API_ListImports.html (pages of 1 to 25);
 * - https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (bucket names).
 */
import { input } from "@prismatic-io/spectral";
import { printable } from "../common/text";
import { cut, fail, show } from "../errors/inputError";
import { checkName } from "../values/limits";
import { choiceInput, DOCS, waitInput } from "./definitions";
import { cleanInteger, cleanRequiredString, cleanText, isBlank, primitiveText } from "./scalars";

const BUCKET_LABEL = "S3 Bucket";
export const PREFIX_LABEL = "S3 Prefix";
const BUCKET_OWNER_LABEL = "S3 Bucket Owner";
export const EXPORT_TYPE_LABEL = "Export Type";
export const EXPORT_TIME_LABEL = "Export Time";
export const EXPORT_FROM_LABEL = "Export From Time";
export const EXPORT_TO_LABEL = "Export To Time";
export const VIEW_TYPE_LABEL = "Export View Type";
export const SSE_ALGORITHM_LABEL = "S3 SSE Algorithm";
export const SSE_KMS_KEY_LABEL = "S3 SSE KMS Key ID";
export const INPUT_FORMAT_LABEL = "Input Format";
export const CSV_DELIMITER_LABEL = "CSV Delimiter";
export const HEADER_LIST_LABEL = "CSV Header List";
const MAX_WAIT_LABEL = "Max Wait Seconds";

export const EXPORT_FORMATS = ["DYNAMODB_JSON", "ION"] as const;
export const EXPORT_TYPES = ["FULL_EXPORT", "INCREMENTAL_EXPORT"] as const;
export const EXPORT_VIEW_TYPES = ["NEW_AND_OLD_IMAGES", "NEW_IMAGE"] as const;
export const SSE_ALGORITHMS = ["AES256", "KMS"] as const;
export const INPUT_FORMATS = ["CSV", "DYNAMODB_JSON", "ION"] as const;
export const COMPRESSION_TYPES = ["NONE", "GZIP", "ZSTD"] as const;

/** An incremental export covers at least 15 minutes and at most 24 hours (see the file comment). */
export const MIN_INCREMENTAL_MS = 15 * 60 * 1000;
export const MAX_INCREMENTAL_MS = 24 * 60 * 60 * 1000;
/** ListExports' MaxResults and ListImports' PageSize: 1 to 25. */
const MAX_TRANSFER_PAGE = 25;
/**
 * The longest wait of Export Table to S3 and Import Table from S3, in seconds: the same bound as
 * the table, index and backup waits (engines/tables.ts WAIT_LIMIT_SECONDS), well within a step's.
 */
export const MAX_TRANSFER_WAIT_SECONDS = 300;

const EXAMPLE_BUCKET = "my-dynamodb-exports";
const MAX_PREFIX_BYTES = 1024;

/** The reserved beginnings and endings of general purpose bucket names (S3 naming rules). */
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** A string input's text, untrimmed, or an InputError for an object, list or other non-text. */
function rawText(value: unknown, label: string, example: string): string {
  const text = primitiveText(value);
  if (text === undefined) {
    fail(label, "wrongKind", `${label} must be text, not ${show(value)}. For example: ${example}`);
  }
  return text;
}

/**
 * An S3 bucket name by the general purpose bucket naming rules: 3 to 63 characters of a-z, 0-9,
 * dots and hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP
 * address, none of the reserved prefixes and suffixes. Throws an InputError naming `label`.
 */
export function cleanBucketName(value: unknown, label = BUCKET_LABEL): string {
  if (!isBlank(value) && typeof value === "object") rawText(value, label, EXAMPLE_BUCKET);
  const name = cleanRequiredString(label, EXAMPLE_BUCKET)(value);
  const refuse = (why: string): never =>
    fail(
      label,
      "invalidName",
      `${label} "${printable(cut(name))}" is not a valid S3 bucket name: ${why}. For example: ${EXAMPLE_BUCKET}`,
    );
  if (name.length < 3 || name.length > 63) refuse("it must have 3 to 63 characters");
  if (!/^[a-z0-9.-]+$/.test(name)) {
    refuse("use only lowercase letters a-z, digits, dots (.) and hyphens (-)");
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    refuse("it must begin and end with a letter or digit");
  }
  if (name.includes("..")) refuse("it must not have two dots in a row");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) refuse("it must not look like an IP address");
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) refuse(`names starting with "${prefix}" are reserved`);
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) refuse(`names ending with "${suffix}" are reserved`);
  return name;
}

/**
 * An optional S3 key prefix: kept as given (a prefix may end in a space or a slash), at most
 * 1,024 bytes of UTF-8, without control characters. Blank gives undefined.
 */
export function cleanS3Prefix(value: unknown, label = PREFIX_LABEL): string | undefined {
  if (isBlank(value)) return undefined;
  const prefix = rawText(value, label, "exports/customers/");
  const bytes = Buffer.byteLength(prefix, "utf8");
  if (bytes > MAX_PREFIX_BYTES) {
    fail(
      label,
      "tooLarge",
      `${label} is ${bytes} bytes long; S3 allows at most ${MAX_PREFIX_BYTES} bytes (UTF-8).`,
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f\u007f]/.test(prefix)) {
    fail(
      label,
      "invalidValue",
      `${label} "${printable(cut(prefix))}" holds a control character (such as a newline or tab); an S3 key prefix must not.`,
    );
  }
  return prefix;
}

/** An optional AWS account ID (the bucket's owner): exactly 12 digits. */
export function cleanBucketOwner(value: unknown, label = BUCKET_OWNER_LABEL): string | undefined {
  const owner = cleanText(label, "123456789012")(value);
  if (owner === undefined) return undefined;
  if (!/^\d{12}$/.test(owner)) {
    fail(
      label,
      "invalidValue",
      `${label} must be the 12-digit ID of the AWS account that owns the bucket, such as 123456789012, not "${printable(cut(owner))}".`,
    );
  }
  return owner;
}

/** What an export or import ARN is, for its checks and messages. */
interface TransferArnKind {
  what: "export" | "import";
  example: string;
  /** Where the user finds one. */
  from: string;
}

export const EXAMPLE_EXPORT_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/export/01715078400000-a1b2c3d4";
export const EXAMPLE_IMPORT_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/import/01715078400000-a1b2c3d4";
export const EXPORT_ARN_LABEL = "Export ARN";
export const IMPORT_ARN_LABEL = "Import ARN";

const EXPORT_KIND: TransferArnKind = {
  what: "export",
  example: EXAMPLE_EXPORT_ARN,
  from: "Export Table to S3, List Exports and Select Export give it",
};
const IMPORT_KIND: TransferArnKind = {
  what: "import",
  example: EXAMPLE_IMPORT_ARN,
  from: "Import Table from S3 and List Imports give it",
};

/** arn:PARTITION:dynamodb:REGION:ACCOUNT:table/TABLE/(export|import)/ID; the region is group 1. */
const TRANSFER_ARN =
  /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):\d{12}:table\/[A-Za-z0-9_.-]{3,255}\/(export|import)\/[A-Za-z0-9_.-]+$/;

/**
 * An export's or import's ARN (37 to 1,024 characters, API_ExportDescription and
 * API_ImportTableDescription): a table's ARN, a backup's, or an import's where an export's is
 * wanted, is an InputError naming `label`.
 */
function cleanTransferArn(value: unknown, label: string, kind: TransferArnKind): string {
  if (!isBlank(value) && typeof value === "object") rawText(value, label, kind.example);
  const arn = cleanRequiredString(label, kind.example)(value);
  const match = arn.length >= 37 && arn.length <= 1024 ? TRANSFER_ARN.exec(arn) : null;
  if (!match || match[2] !== kind.what) {
    const other = match ? ` it is the ARN of an ${match[2]}` : "";
    fail(
      label,
      "invalidValue",
      `${label} is not an ${kind.what} ARN${other ? `:${other}` : ""}. It looks like ${kind.example}, ending in /${kind.what}/ID; ${kind.from}.`,
    );
  }
  return arn;
}

/** An Export ARN (see cleanTransferArn). */
export function cleanExportArn(value: unknown, label = EXPORT_ARN_LABEL): string {
  return cleanTransferArn(value, label, EXPORT_KIND);
}

/** An Import ARN (see cleanTransferArn). */
export function cleanImportArn(value: unknown, label = IMPORT_ARN_LABEL): string {
  return cleanTransferArn(value, label, IMPORT_KIND);
}

/**
 * DynamoDB finds an export or import only in the region the request goes to: an ARN of another
 * region is an InputError naming both, before anything is sent. `arn` has been cleaned.
 */
export function checkTransferRegion(arn: string, region: string, label: string): void {
  const arnRegion = TRANSFER_ARN.exec(arn)?.[1];
  if (arnRegion !== undefined && arnRegion !== region) {
    fail(
      label,
      "invalidValue",
      `${label} is in region ${arnRegion}, but this step works in region ${region}. Set AWS Region to ${arnRegion}.`,
    );
  }
}

/** The CSV delimiters ImportTable takes (API_CsvOptions), with the names a picklist shows. */
const DELIMITERS = [
  { label: "Comma (,)", value: "COMMA", char: "," },
  { label: "Tab", value: "TAB", char: "\t" },
  { label: "Colon (:)", value: "COLON", char: ":" },
  { label: "Semicolon (;)", value: "SEMICOLON", char: ";" },
  { label: "Pipe (|)", value: "PIPE", char: "|" },
  { label: "Space", value: "SPACE", char: " " },
] as const;

/**
 * CSV Delimiter: a choice's name (COMMA, TAB, ...) or the character itself (never trimmed: tab
 * and space are delimiters). Blank gives undefined (DynamoDB's default, the comma).
 */
export function cleanCsvDelimiter(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = rawText(value, CSV_DELIMITER_LABEL, "COMMA");
  const named = DELIMITERS.find((choice) => choice.value === text.trim().toUpperCase());
  if (named) return named.char;
  const literal = DELIMITERS.find((choice) => choice.char === text);
  if (literal) return literal.char;
  return fail(
    CSV_DELIMITER_LABEL,
    "invalidValue",
    `${CSV_DELIMITER_LABEL} must be one character of comma (,), tab, colon (:), semicolon (;), pipe (|) or space, or its name (${DELIMITERS.map((choice) => choice.value).join(", ")}), not ${show(printable(text))}.`,
  );
}

/**
 * CSV Header List: the column names, separated by commas (a name may not hold a comma or a
 * double quote, API_CsvOptions), 1 to 255 names of printable ASCII; blank gives undefined (the
 * first line of each file is the header).
 */
export function cleanCsvHeaderList(value: unknown): string[] | undefined {
  const label = HEADER_LIST_LABEL;
  if (isBlank(value)) return undefined;
  const names = Array.isArray(value)
    ? value.map((name) => rawText(name, label, "customerId,name,email"))
    : rawText(value, label, "customerId,name,email").split(",");
  const trimmed = names.map((name) => name.trim());
  if (trimmed.length > 255) {
    fail(label, "tooLarge", `${label} has ${trimmed.length} names; DynamoDB takes at most 255.`);
  }
  trimmed.forEach((name, index) => {
    if (name === "") {
      fail(
        label,
        "invalidValue",
        `${label}: name ${index + 1} is blank. Give each column's name, separated by commas, such as customerId,name,email.`,
      );
    }
    if (!/^[\x20-\x21\x23-\x2b\x2d-\x7e]+$/.test(name) || name.length > 65_536) {
      fail(
        label,
        "invalidValue",
        `${label}: name ${index + 1} "${printable(cut(name))}" may hold only printable ASCII characters other than " and , (DynamoDB's rule for CSV headers).`,
      );
    }
  });
  return trimmed;
}

const TABLE_FILTER_LABEL = "Table Name Filter";

/** A table name typed into a filter (List Exports, List Imports), or undefined when blank. */
export function cleanTableFilter(label: string) {
  return (value: unknown): string | undefined => {
    const name = cleanText(label)(value);
    return name === undefined ? undefined : checkName(label, name);
  };
}

/**
 * Table Name Filter of List Exports and List Imports: a table name (checkName), or undefined when
 * blank; `which` says what the list holds of that table, such as "the exports of this table".
 */
export function transferTableFilter(which: string, all: string) {
  return input({
    label: TABLE_FILTER_LABEL,
    type: "string",
    required: false,
    dataSource: "selectTable",
    example: "Customers",
    comments: `Optional. List only ${which}. Leave blank for ${all} of every table in the region.`,
    clean: cleanTableFilter(TABLE_FILTER_LABEL),
  });
}

export const s3Bucket = input({
  label: BUCKET_LABEL,
  type: "string",
  required: true,
  example: EXAMPLE_BUCKET,
  comments:
    "The name of the S3 bucket (3 to 63 characters: lowercase letters, digits, dots and hyphens). The data goes between DynamoDB and S3 directly: it never passes through the flow.",
  clean: (value: unknown) => cleanBucketName(value),
});

export const s3BucketOwner = input({
  label: BUCKET_OWNER_LABEL,
  type: "string",
  required: false,
  example: "123456789012",
  comments:
    "Optional. The 12-digit ID of the AWS account that owns the bucket, when it is not the connection's account.",
  clean: (value: unknown) => cleanBucketOwner(value),
});

export const exportArn = input({
  label: EXPORT_ARN_LABEL,
  type: "string",
  required: true,
  dataSource: "selectExport",
  example: EXAMPLE_EXPORT_ARN,
  comments:
    "The export's ARN: the exportArn of Export Table to S3's output, an exports[].ExportArn of List Exports, or a choice of the Select Export picklist.",
  clean: (value: unknown) => cleanExportArn(value),
});

export const importArn = input({
  label: IMPORT_ARN_LABEL,
  type: "string",
  required: true,
  example: EXAMPLE_IMPORT_ARN,
  comments:
    "The import's ARN: the importArn of Import Table from S3's output, or an imports[].ImportArn of List Imports.",
  clean: (value: unknown) => cleanImportArn(value),
});

/** Wait Until Complete, for an export or an import (`what`). */
export function waitUntilCompleteInput(what: "export" | "import", defaultValue: "true" | "false") {
  const definition = waitInput(
    "Wait Until Complete",
    `When true, the step polls until the ${what} is COMPLETED (up to Max Wait Seconds), logs its progress, and returns it then; a FAILED ${what} is an error quoting DynamoDB's failure code and message. An ${what} that is still running when the time is up is an error that gives its ARN: it goes on in the background. When false, the step returns at once with the ${what} IN_PROGRESS.`,
  );
  return input({ ...definition, default: defaultValue });
}

export const maxWaitSeconds = input({
  label: MAX_WAIT_LABEL,
  type: "string",
  required: false,
  example: "120",
  comments: `Optional, with Wait Until Complete. How long to wait, from 1 to ${MAX_TRANSFER_WAIT_SECONDS} seconds; blank waits up to ${MAX_TRANSFER_WAIT_SECONDS}. Large tables take longer than a step may run: then turn the wait off and check with the Describe action later.`,
  clean: cleanInteger(MAX_WAIT_LABEL, 1, MAX_TRANSFER_WAIT_SECONDS),
});

/** Max Wait Seconds bounds the wait; without Wait Until Complete it would be ignored without a word. */
export function checkMaxWaitNeedsWait(maxWait: number | undefined, wait: boolean): void {
  if (maxWait !== undefined && !wait) {
    fail(
      MAX_WAIT_LABEL,
      "conflict",
      `${MAX_WAIT_LABEL} applies only with Wait Until Complete. Turn on Wait Until Complete, or clear ${MAX_WAIT_LABEL}.`,
    );
  }
}

export const transferPageSize = input({
  label: "Page Size",
  type: "string",
  required: false,
  example: "25",
  comments: `The most entries per page, from 1 to ${MAX_TRANSFER_PAGE}. Leave blank for DynamoDB's default. With Fetch All, it is the size of each page fetched.`,
  clean: cleanInteger("Page Size", 1, MAX_TRANSFER_PAGE),
});

export const inputFormat = choiceInput({
  label: INPUT_FORMAT_LABEL,
  choices: INPUT_FORMATS,
  default: "DYNAMODB_JSON",
  comments: `The format of the files under the prefix: CSV, DYNAMODB_JSON (what Export Table to S3 writes by default) or ION. Learn more about [import formats](${DOCS}/S3DataImport.Format.html).`,
});

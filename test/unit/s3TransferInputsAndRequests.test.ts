/**
 * The S3 export and import actions' inputs and requests, without AWS: every input rule refuses a
 * bad value with an InputError naming the input's label (bucket names by S3's naming rules,
 * prefixes by bytes and control characters, bucket owners, export and import ARNs and their
 * region, CSV delimiters and headers, export times and incremental windows), the request builders
 * give exactly the documented parameters, and Fetch All of the lists stops at Max Items, the byte
 * budget, the time budget and a repeated cursor, saying which.
 */
import {
  DescribeExportCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { getClients } from "../../src/aws/client";
import {
  type ExportTableParams,
  exportTableRequest,
  type ImportTableParams,
  importTableRequest,
  listExportsRequest,
  listImportsRequest,
  listLimits,
  listTransferPages,
  waitForExport,
} from "../../src/engines/s3Transfers";
import { InputError } from "../../src/errors/inputError";
import {
  checkTransferRegion,
  cleanBoolean,
  cleanBucketName,
  cleanBucketOwner,
  cleanChoice,
  cleanCsvDelimiter,
  cleanCsvHeaderList,
  cleanExportArn,
  cleanImportArn,
  cleanInteger,
  cleanS3Prefix,
  cleanTableFilter,
} from "../../src/inputs";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";

const EXPORT_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/export/01715078400000-a1b2c3d4";
const IMPORT_ARN =
  "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/import/01715078400000-a1b2c3d4";
const TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Customers";

/** The InputError `run` throws (the test fails if it throws none, or another kind). */
function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("S3 Bucket", () => {
  it.each(["my-bucket", "abc", "a.b-c.1", "x".repeat(63)])("takes %s", (name) => {
    expect(cleanBucketName(name)).toBe(name);
  });

  it.each([
    ["ab", "3 to 63 characters"],
    ["x".repeat(64), "3 to 63 characters"],
    ["My-Bucket", "lowercase letters"],
    ["my_bucket", "lowercase letters"],
    ["-bucket", "begin and end with a letter or digit"],
    ["bucket.", "begin and end with a letter or digit"],
    ["my..bucket", "two dots in a row"],
    ["192.168.5.4", "IP address"],
    ["xn--bucket", 'starting with "xn--"'],
    ["sthree-bucket", 'starting with "sthree-"'],
    ["amzn-s3-demo-bucket", 'starting with "amzn-s3-demo-"'],
    ["bucket-s3alias", 'ending with "-s3alias"'],
    ["bucket--ol-s3", 'ending with "--ol-s3"'],
    ["bucket.mrap", 'ending with ".mrap"'],
    ["bucket--x-s3", 'ending with "--x-s3"'],
    ["bucket--table-s3", 'ending with "--table-s3"'],
  ])("refuses %s (%s), naming the input", (name, why) => {
    const error = inputError(() => cleanBucketName(name));
    expect(error.label).toBe("S3 Bucket");
    expect(error.code).toBe("invalidName");
    expect(error.message).toContain(why);
  });

  it("refuses blank, an object, and a name with a newline without echoing it raw", () => {
    expect(inputError(() => cleanBucketName("")).code).toBe("required");
    expect(inputError(() => cleanBucketName({ name: "b" })).code).toBe("wrongKind");
    const error = inputError(() => cleanBucketName("bad\nname"));
    expect(error.message).not.toContain("\n");
    expect(error.message).toContain("bad\\nname");
  });
});

describe("user text echoed in an error is printable", () => {
  const controls = (text: string) => [...text].filter((char) => char.charCodeAt(0) < 32);

  it.each<[string, (value: unknown) => unknown]>([
    ["a whole number (Max Wait Seconds, Page Size)", cleanInteger("Max Wait Seconds", 1, 300)],
    ["a choice (Export Format)", cleanChoice("Export Format", ["DYNAMODB_JSON", "ION"])],
    ["a boolean (Wait Until Complete)", cleanBoolean("Wait Until Complete")],
  ])("%s: a newline and an ANSI escape are escaped, not repeated raw", (_case, clean) => {
    const error = inputError(() => clean("12\n\u001b[31mred"));
    expect(error.message).toContain("12\\n\\u001b[31mred");
    expect(controls(error.message)).toEqual([]);
  });
});

describe("a name echoed in an error (New Table Name, Table Name Filter, every name checkName reads)", () => {
  it("has its control characters escaped, never raw newlines or ANSI escapes", () => {
    const error = inputError(() => cleanTableFilter("Table Name Filter")("bad\nname\u001b[31m"));
    expect(error.label).toBe("Table Name Filter");
    expect(error.message).toContain('"bad\\nname\\u001b[31m"');
    expect([...error.message].filter((char) => char.charCodeAt(0) < 32)).toEqual([]);
  });
});

describe("S3 Prefix", () => {
  it("is kept as given (a trailing slash or space is part of a key) and blank is undefined", () => {
    expect(cleanS3Prefix("exports/customers/ ")).toBe("exports/customers/ ");
    expect(cleanS3Prefix("")).toBeUndefined();
    expect(cleanS3Prefix("   ")).toBeUndefined();
  });

  it("takes 1,024 bytes and refuses 1,025, counted as UTF-8 bytes", () => {
    expect(cleanS3Prefix("a".repeat(1024))).toHaveLength(1024);
    // 342 three-byte characters are 1,026 bytes but only 342 characters.
    const error = inputError(() => cleanS3Prefix("€".repeat(342)));
    expect([error.label, error.code]).toEqual(["S3 Prefix", "tooLarge"]);
    expect(error.message).toContain("1026 bytes");
  });

  it.each(["a\nb", "a\tb", "a\u0000b", "a\u001b[31mb"])(
    "refuses the control character in %j",
    (prefix) => {
      const error = inputError(() => cleanS3Prefix(prefix));
      expect(error.label).toBe("S3 Prefix");
      expect(error.message).toContain("control character");
      expect([...error.message].filter((char) => char.charCodeAt(0) < 32)).toEqual([]);
    },
  );

  it("refuses an object", () => {
    expect(inputError(() => cleanS3Prefix(["a"])).code).toBe("wrongKind");
  });
});

describe("S3 Bucket Owner", () => {
  it("takes 12 digits, blank is undefined", () => {
    expect(cleanBucketOwner("123456789012")).toBe("123456789012");
    expect(cleanBucketOwner("")).toBeUndefined();
  });
  it.each(["12345678901", "1234567890123", "12345678901a"])("refuses %s", (owner) => {
    expect(inputError(() => cleanBucketOwner(owner)).label).toBe("S3 Bucket Owner");
  });
});

describe("Export ARN and Import ARN", () => {
  it("take an ARN of their kind", () => {
    expect(cleanExportArn(EXPORT_ARN)).toBe(EXPORT_ARN);
    expect(cleanImportArn(IMPORT_ARN)).toBe(IMPORT_ARN);
    expect(cleanExportArn(EXPORT_ARN.replace("arn:aws:", "arn:aws-cn:"))).toContain("aws-cn");
  });

  it.each([
    [TABLE_ARN, "is not an export ARN"],
    [IMPORT_ARN, "it is the ARN of an import"],
    [`${TABLE_ARN}/backup/01715078400000-a1b2c3d4`, "is not an export ARN"],
    [`${TABLE_ARN}/stream/2024-05-07T10:40:00.000`, "is not an export ARN"],
    ["export/01715078400000-a1b2c3d4", "is not an export ARN"],
  ])("Export ARN refuses %s", (arn, why) => {
    const error = inputError(() => cleanExportArn(arn));
    expect([error.label, error.code]).toEqual(["Export ARN", "invalidValue"]);
    expect(error.message).toContain(why);
  });

  it("Import ARN refuses an export's ARN, saying so", () => {
    const error = inputError(() => cleanImportArn(EXPORT_ARN));
    expect(error.label).toBe("Import ARN");
    expect(error.message).toContain("it is the ARN of an export");
  });

  it("an ARN of another region is refused before anything is sent, naming both regions", () => {
    expect(() => checkTransferRegion(EXPORT_ARN, "us-east-1", "Export ARN")).not.toThrow();
    const error = inputError(() => checkTransferRegion(EXPORT_ARN, "eu-west-1", "Export ARN"));
    expect(error.message).toBe(
      "Export ARN is in region us-east-1, but this step works in region eu-west-1. Set AWS Region to us-east-1.",
    );
  });
});

describe("CSV Delimiter and CSV Header List", () => {
  it.each([
    ["COMMA", ","],
    ["tab", "\t"],
    ["\t", "\t"],
    [" ", " "],
    ["SPACE", " "],
    [";", ";"],
    ["|", "|"],
    [":", ":"],
  ])("CSV Delimiter %j is %j (a tab or a space is never trimmed away)", (given, char) => {
    expect(cleanCsvDelimiter(given)).toBe(char);
  });

  it.each(["x", ",,", "\n", "semicolons"])("CSV Delimiter refuses %j", (given) => {
    const error = inputError(() => cleanCsvDelimiter(given));
    expect(error.label).toBe("CSV Delimiter");
    expect(error.message).not.toContain("\n");
  });

  it("CSV Header List splits at commas and trims each name", () => {
    expect(cleanCsvHeaderList("customerId, name ,email")).toEqual(["customerId", "name", "email"]);
    expect(cleanCsvHeaderList(["a", "b"])).toEqual(["a", "b"]);
    expect(cleanCsvHeaderList("")).toBeUndefined();
  });

  it.each([
    ["a,,b", "name 2 is blank"],
    ['a,"b"', "printable ASCII"],
    ["a,naïve", "printable ASCII"],
    [Array.from({ length: 256 }, (_, i) => `c${i}`).join(","), "at most 255"],
  ])("CSV Header List refuses %j", (given, why) => {
    const error = inputError(() => cleanCsvHeaderList(given));
    expect(error.label).toBe("CSV Header List");
    expect(error.message).toContain(why);
  });
});

const NOW = Date.parse("2024-05-07T12:00:00Z");
const at = (iso: string) => new Date(iso);

function exportParams(overrides: Partial<ExportTableParams> = {}): ExportTableParams {
  return {
    s3Bucket: "my-bucket",
    exportFormat: "DYNAMODB_JSON",
    exportType: "FULL_EXPORT",
    ...overrides,
  };
}

describe("exportTableRequest", () => {
  it("gives every input of a full export as DynamoDB's parameter", () => {
    const request = exportTableRequest(
      TABLE_ARN,
      exportParams({
        s3Prefix: "exports/customers",
        s3BucketOwner: "123456789012",
        exportFormat: "ION",
        exportTime: at("2024-05-07T10:40:00Z"),
        s3SseAlgorithm: "KMS",
        s3SseKmsKeyId: "alias/exports",
      }),
      NOW,
    );
    expect(request).toEqual({
      TableArn: TABLE_ARN,
      S3Bucket: "my-bucket",
      S3Prefix: "exports/customers",
      S3BucketOwner: "123456789012",
      S3SseAlgorithm: "KMS",
      S3SseKmsKeyId: "alias/exports",
      ExportFormat: "ION",
      ExportType: "FULL_EXPORT",
      ExportTime: at("2024-05-07T10:40:00Z"),
    });
  });

  it("gives an incremental export's period and view type", () => {
    const request = exportTableRequest(
      TABLE_ARN,
      exportParams({
        exportType: "INCREMENTAL_EXPORT",
        exportFromTime: at("2024-05-07T10:00:00Z"),
        exportToTime: at("2024-05-07T11:00:00Z"),
        exportViewType: "NEW_IMAGE",
      }),
      NOW,
    );
    expect(request).toEqual({
      TableArn: TABLE_ARN,
      S3Bucket: "my-bucket",
      ExportFormat: "DYNAMODB_JSON",
      ExportType: "INCREMENTAL_EXPORT",
      IncrementalExportSpecification: {
        ExportFromTime: at("2024-05-07T10:00:00Z"),
        ExportToTime: at("2024-05-07T11:00:00Z"),
        ExportViewType: "NEW_IMAGE",
      },
    });
  });

  it("an incremental export without Export To Time runs to now: the window is checked against now", () => {
    const from = at("2024-05-07T11:30:00Z");
    const request = exportTableRequest(
      TABLE_ARN,
      exportParams({ exportType: "INCREMENTAL_EXPORT", exportFromTime: from }),
      NOW,
    );
    expect(request.IncrementalExportSpecification).toEqual({ ExportFromTime: from });
    const tooShort = at("2024-05-07T11:50:00Z");
    const error = inputError(() =>
      exportTableRequest(
        TABLE_ARN,
        exportParams({ exportType: "INCREMENTAL_EXPORT", exportFromTime: tooShort }),
        NOW,
      ),
    );
    expect(error.message).toContain("now (Export To Time is blank) is 10 minutes");
  });

  it.each<[string, Partial<ExportTableParams>, string, string]>([
    [
      "a period with Export Type FULL_EXPORT",
      { exportFromTime: at("2024-05-07T10:00:00Z") },
      "Export From Time",
      "applies only to an incremental export",
    ],
    [
      "a view type with a full export",
      { exportViewType: "NEW_IMAGE" },
      "Export View Type",
      "applies only to an incremental export",
    ],
    [
      "Export Time with an incremental export",
      {
        exportType: "INCREMENTAL_EXPORT",
        exportTime: at("2024-05-07T10:00:00Z"),
        exportFromTime: at("2024-05-07T10:00:00Z"),
      },
      "Export Time",
      "applies only to a full export",
    ],
    [
      "an incremental export without its start",
      { exportType: "INCREMENTAL_EXPORT" },
      "Export From Time",
      "is required for an incremental export",
    ],
    [
      "a start after the end",
      {
        exportType: "INCREMENTAL_EXPORT",
        exportFromTime: at("2024-05-07T11:00:00Z"),
        exportToTime: at("2024-05-07T10:00:00Z"),
      },
      "Export From Time",
      "must be before Export To Time",
    ],
    [
      "a period of 14 minutes",
      {
        exportType: "INCREMENTAL_EXPORT",
        exportFromTime: at("2024-05-07T10:00:00Z"),
        exportToTime: at("2024-05-07T10:14:00Z"),
      },
      "Export From Time",
      "from 15 minutes to 24 hours",
    ],
    [
      "a period of 24 hours and a second",
      {
        exportType: "INCREMENTAL_EXPORT",
        exportFromTime: at("2024-05-06T09:59:59Z"),
        exportToTime: at("2024-05-07T10:00:00Z"),
      },
      "Export From Time",
      "from 15 minutes to 24 hours",
    ],
    [
      "a KMS key without the KMS algorithm",
      { s3SseAlgorithm: "AES256", s3SseKmsKeyId: "alias/exports" },
      "S3 SSE KMS Key ID",
      "only with S3 SSE Algorithm KMS",
    ],
  ])("refuses %s, naming the input", (_case, overrides, label, text) => {
    const error = inputError(() => exportTableRequest(TABLE_ARN, exportParams(overrides), NOW));
    expect(error.label).toBe(label);
    expect(error.message).toContain(text);
  });

  it("takes exactly 15 minutes and exactly 24 hours", () => {
    for (const from of ["2024-05-07T09:45:00Z", "2024-05-06T10:00:00Z"]) {
      const params = exportParams({
        exportType: "INCREMENTAL_EXPORT",
        exportFromTime: at(from),
        exportToTime: at("2024-05-07T10:00:00Z"),
      });
      expect(exportTableRequest(TABLE_ARN, params, NOW).ExportType).toBe("INCREMENTAL_EXPORT");
    }
  });
});

function importParams(overrides: Partial<ImportTableParams> = {}): ImportTableParams {
  return {
    newTableName: "CustomersImported",
    s3Bucket: "my-bucket",
    inputFormat: "CSV",
    compressionType: "GZIP",
    attributeDefinition: [
      { AttributeName: "customerId", AttributeType: "S" },
      { AttributeName: "email", AttributeType: "S" },
    ],
    keySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
    billingMode: "PAY_PER_REQUEST",
    readCapacityUnits: undefined,
    writeCapacityUnits: undefined,
    ...overrides,
  };
}

const BY_EMAIL = {
  index: {
    IndexName: "byEmail",
    KeySchema: [{ AttributeName: "email", KeyType: "HASH" as const }],
    Projection: { ProjectionType: "ALL" as const },
  },
  hasThroughput: false,
};

describe("importTableRequest", () => {
  it("gives every input as DynamoDB's parameter", () => {
    const request = importTableRequest(
      importParams({
        s3Prefix: "imports/customers/",
        s3BucketOwner: "123456789012",
        csvDelimiter: "\t",
        csvHeaderList: ["customerId", "email"],
        globalSecondaryIndexes: [BY_EMAIL],
      }),
    );
    expect(request).toEqual({
      S3BucketSource: {
        S3Bucket: "my-bucket",
        S3KeyPrefix: "imports/customers/",
        S3BucketOwner: "123456789012",
      },
      InputFormat: "CSV",
      InputFormatOptions: { Csv: { Delimiter: "\t", HeaderList: ["customerId", "email"] } },
      InputCompressionType: "GZIP",
      TableCreationParameters: {
        TableName: "CustomersImported",
        AttributeDefinitions: [
          { AttributeName: "customerId", AttributeType: "S" },
          { AttributeName: "email", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
        GlobalSecondaryIndexes: [BY_EMAIL.index],
      },
    });
  });

  it("gives provisioned capacity to the table and its indexes", () => {
    const request = importTableRequest(
      importParams({
        inputFormat: "DYNAMODB_JSON",
        billingMode: "PROVISIONED",
        readCapacityUnits: "7",
        writeCapacityUnits: "3",
        globalSecondaryIndexes: [BY_EMAIL],
      }),
    );
    const capacity = { ReadCapacityUnits: 7, WriteCapacityUnits: 3 };
    expect(request.InputFormatOptions).toBeUndefined();
    expect(request.TableCreationParameters?.ProvisionedThroughput).toEqual(capacity);
    expect(
      request.TableCreationParameters?.GlobalSecondaryIndexes?.[0].ProvisionedThroughput,
    ).toEqual(capacity);
  });

  it.each<[string, Partial<ImportTableParams>, string]>([
    [
      "a delimiter with DYNAMODB_JSON",
      { inputFormat: "DYNAMODB_JSON", csvDelimiter: ";" },
      "CSV Delimiter",
    ],
    ["a header list with ION", { inputFormat: "ION", csvHeaderList: ["a"] }, "CSV Header List"],
    [
      "capacity with PAY_PER_REQUEST on an index",
      {
        globalSecondaryIndexes: [
          {
            ...BY_EMAIL,
            index: {
              ...BY_EMAIL.index,
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            },
            hasThroughput: true,
          },
        ],
      },
      "Global Secondary Indexes",
    ],
    [
      "capacity with PAY_PER_REQUEST billing",
      { readCapacityUnits: "5", writeCapacityUnits: "5" },
      "Read Capacity Units",
    ],
    [
      "PROVISIONED without capacity",
      {
        billingMode: "PROVISIONED",
        attributeDefinition: [{ AttributeName: "customerId", AttributeType: "S" }],
      },
      "Read Capacity Units",
    ],
    [
      "a key attribute left undefined",
      { keySchema: [{ AttributeName: "id", KeyType: "HASH" }] },
      "Key Schema",
    ],
  ])("refuses %s, naming the input", (_case, overrides, label) => {
    expect(inputError(() => importTableRequest(importParams(overrides))).label).toBe(label);
  });
});

describe("the list requests", () => {
  it("give the table's ARN, the page size and the cursor only when given", () => {
    expect(listExportsRequest(undefined, {})).toEqual({});
    expect(listExportsRequest(TABLE_ARN, { pageSize: 5, nextToken: "t1" })).toEqual({
      TableArn: TABLE_ARN,
      MaxResults: 5,
      NextToken: "t1",
    });
    expect(listImportsRequest(TABLE_ARN, { pageSize: 5, nextToken: "t1" })).toEqual({
      TableArn: TABLE_ARN,
      PageSize: 5,
      NextToken: "t1",
    });
  });
});

/** A list of `total` entries served in pages, recording the limit each page was asked for. */
function pagedList(total: number, entryBytes = 10) {
  const limits: (number | undefined)[] = [];
  const fetch = async (token: string | undefined, limit: number | undefined) => {
    limits.push(limit);
    const start = token ? Number(token) : 0;
    const end = Math.min(total, start + (limit ?? 25));
    const entries = Array.from({ length: end - start }, (_, i) => ({
      id: start + i,
      pad: "x".repeat(entryBytes),
    }));
    return { entries, nextToken: end < total ? String(end) : undefined };
  };
  return { fetch, limits };
}

describe("listTransferPages", () => {
  afterEach(() => {
    listLimits.timeBudgetMs = 60_000;
  });

  it("without Fetch All reads one page, as asked", async () => {
    const { fetch, limits } = pagedList(100);
    const listed = await listTransferPages("ListExports", fetch, { fetchAll: false, pageSize: 7 });
    expect([listed.entries.length, listed.nextToken, listed.stoppedBy, limits]).toEqual([
      7,
      "7",
      undefined,
      [7],
    ]);
  });

  it("with Fetch All reads every page to the end", async () => {
    const { fetch } = pagedList(60);
    const listed = await listTransferPages("ListExports", fetch, { fetchAll: true });
    expect(listed.entries.map((entry) => entry.id)).toEqual(
      Array.from({ length: 60 }, (_, i) => i),
    );
    expect([listed.nextToken, listed.stoppedBy, listed.pages]).toEqual([undefined, undefined, 3]);
  });

  it("stops at Max Items without cutting a page: the last page asks only for what is left", async () => {
    const { fetch, limits } = pagedList(100);
    const listed = await listTransferPages("ListExports", fetch, { fetchAll: true, maxItems: 30 });
    expect(limits).toEqual([25, 5]);
    expect([listed.entries.length, listed.nextToken, listed.stoppedBy]).toEqual([
      30,
      "30",
      "maxItems",
    ]);
    // The cursor continues exactly after the last entry: nothing lost, nothing repeated.
    const rest = await listTransferPages("ListExports", fetch, {
      fetchAll: true,
      nextToken: listed.nextToken,
    });
    expect(rest.entries[0].id).toBe(30);
  });

  it("stops at the byte budget (5 MB of JSON) between pages, with the cursor", async () => {
    const { fetch } = pagedList(1_000, 30_000);
    const listed = await listTransferPages("ListExports", fetch, { fetchAll: true });
    expect(listed.stoppedBy).toBe("byteBudget");
    const bytes = listed.entries.reduce((sum, entry) => sum + JSON.stringify(entry).length, 0);
    expect(bytes).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(bytes).toBeLessThan(5 * 1024 * 1024 + 25 * 30_100);
    expect(listed.nextToken).toBe(String(listed.entries.length));
  });

  it("stops at the time budget between pages, with the cursor", async () => {
    listLimits.timeBudgetMs = 0;
    const { fetch } = pagedList(100);
    const listed = await listTransferPages("ListImports", fetch, { fetchAll: true });
    expect([listed.entries.length, listed.nextToken, listed.stoppedBy]).toEqual([
      25,
      "25",
      "timeBudget",
    ]);
  });

  it("fails on a cursor the endpoint gave before, naming the operation", async () => {
    const fetch = async () => ({ entries: [{ id: 1 }], nextToken: "same" });
    await expect(listTransferPages("ListImports", fetch, { fetchAll: true })).rejects.toThrow(
      /^ListImports: the endpoint gave a cursor it had already given/,
    );
  });
});

const ddbMock = mockClient(DynamoDBClient);
afterAll(() => ddbMock.restore());

describe("a FAILED export's error", () => {
  beforeEach(() => {
    resetCaches();
    ddbMock.reset();
  });

  it("quotes DynamoDB's FailureCode and FailureMessage, printable and without the connection's secret", async () => {
    ddbMock.on(DescribeExportCommand).resolves({
      ExportDescription: {
        ExportArn: EXPORT_ARN,
        ExportStatus: "FAILED",
        FailureCode: "S3AccessDenied",
        FailureMessage: `Access Denied for ${TEST_SECRET}\nsecond line`,
      },
    });
    const connection = keySecretConnection();
    const context = {
      operation: "ExportTableToPointInTime",
      region: "us-east-1",
      table: "Customers",
      connection,
    };
    const error = (await waitForExport(
      getClients(connection, "us-east-1"),
      EXPORT_ARN,
      context,
    ).then(
      () => new Error("expected a failure"),
      (failure: Error) => failure,
    )) as Error & { code?: string };
    expect(error.code).toBe("exportFailed");
    expect(error.message).toContain(
      `ExportTableToPointInTime: export ${EXPORT_ARN} of table "Customers" in region us-east-1 ended FAILED: S3AccessDenied: Access Denied for `,
    );
    expect(error.message).toContain("\\nsecond line");
    expect(error.message).not.toContain(TEST_SECRET);
  });
});

describe("bad inputs are refused before anything is sent", () => {
  beforeEach(() => {
    resetCaches();
    ddbMock.reset();
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableName: "Customers", TableArn: TABLE_ARN } });
  });

  const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };

  it.each<[string, string, Record<string, unknown>, string]>([
    [
      "exportTableToS3",
      "an upper-case bucket",
      { tableName: "Customers", s3Bucket: "My-Bucket" },
      "S3 Bucket",
    ],
    [
      "exportTableToS3",
      "a future export time",
      { tableName: "Customers", s3Bucket: "my-bucket", exportTime: "2999-01-01T00:00:00Z" },
      "Export Time",
    ],
    [
      "exportTableToS3",
      "a Max Wait Seconds over 300",
      { tableName: "Customers", s3Bucket: "my-bucket", maxWaitSeconds: "301" },
      "Max Wait Seconds",
    ],
    [
      "exportTableToS3",
      "Max Wait Seconds without Wait Until Complete",
      { tableName: "Customers", s3Bucket: "my-bucket", maxWaitSeconds: "60" },
      "Max Wait Seconds",
    ],
    ["describeExport", "an import's ARN", { exportArn: IMPORT_ARN }, "Export ARN"],
    [
      "describeExport",
      "an ARN of another region",
      { exportArn: EXPORT_ARN.replace("us-east-1", "eu-west-1") },
      "Export ARN",
    ],
    ["describeImport", "a table's ARN", { importArn: TABLE_ARN }, "Import ARN"],
    ["listExports", "a page size over 25", { pageSize: "26" }, "Page Size"],
    ["listImports", "Max Items without Fetch All", { maxItems: "5" }, "Max Items"],
    [
      "importTableFromS3",
      "a delimiter that DynamoDB does not take",
      {
        newTableName: "CustomersImported",
        s3Bucket: "my-bucket",
        inputFormat: "CSV",
        csvDelimiter: "#",
        attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
        keySchema: '[{"AttributeName":"id","KeyType":"HASH"}]',
      },
      "CSV Delimiter",
    ],
  ])("%s refuses %s, naming %s", async (key, _case, params, label) => {
    const error = await harness.action(key, { ...base, ...params }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).label).toBe(label);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

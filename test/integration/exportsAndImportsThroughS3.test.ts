/**
 * Export Table to S3, Describe and List Exports, Import Table from S3, Describe and List Imports
 * and Select Export, against the loopback fake of DynamoDB's exports and imports
 * (tools/exportImportFake.ts) behind the fault proxy: DynamoDB Local has neither, but it still
 * answers DescribeTable (the table's ARN) through the proxy. Each input's parameter is checked as
 * sent; a wait follows IN_PROGRESS to COMPLETED, logs its progress, stops at Max Wait Seconds with
 * the ARN of what is still running, and turns FAILED (or CANCELLED) into an error quoting
 * DynamoDB's FailureCode and FailureMessage; throttling is retried, and the other refusals
 * (unknown export, a conflict, an account limit, a table in use) are errors that say what to do.
 */
import type { CodeNativeActionLogger } from "@prismatic-io/spectral";
import { StepError } from "../../src/aws/errors";
import { type ExportImportFake, exportImportFake } from "../../tools/exportImportFake";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness, quietLogger, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";

const table = uniqueTableName("s3_transfers");
let tableArn: string;
let proxy: FaultProxy;
let fake: ExportImportFake;
let logger: jest.Mocked<CodeNativeActionLogger>;

/** A time `minutes` ago, whole seconds (the wire carries epoch seconds). */
const ago = (minutes: number) =>
  new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutes * 60_000);

async function run<T = Record<string, unknown>>(key: string, params: Record<string, unknown>) {
  const result = (await harness.action(
    key,
    {
      awsConnection: localConnection({ endpoint: proxy.endpoint }),
      awsRegion: LOCAL_REGION,
      ...params,
    },
    { logger } as never,
  )) as { data: T };
  return result.data;
}

async function failure(key: string, params: Record<string, unknown>): Promise<Error> {
  return run(key, params).then(
    () => {
      throw new Error("expected the step to fail");
    },
    (error: Error) => error,
  );
}

const infoLines = () => logger.info.mock.calls.map((call) => String(call[0]));

beforeAll(async () => {
  resetCaches();
  fake = exportImportFake({ region: LOCAL_REGION });
  proxy = await startFaultProxy({
    upstream: localEndpoint(),
    answer: (operation, body) => fake.answer(operation, body),
  });
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
  const { DescribeTableCommand } = await import("@aws-sdk/client-dynamodb");
  const described = await rawClient().send(new DescribeTableCommand({ TableName: table }));
  tableArn = described.Table?.TableArn as string;
});

beforeEach(() => {
  logger = quietLogger();
});

afterAll(async () => {
  await proxy?.close();
  await deleteTestTable(table);
});

interface ExportData {
  exportArn: string;
  exportStatus: string;
  manifest: string | null;
  itemCount: number | null;
  billedSizeBytes: number | null;
  export: Record<string, unknown>;
}

describe("Export Table to S3", () => {
  it("sends every input as its parameter, waits through IN_PROGRESS to COMPLETED and returns the manifest and counts", async () => {
    fake.scriptNext("export", {
      statuses: ["IN_PROGRESS", "IN_PROGRESS", "COMPLETED"],
      itemCount: 42,
      billedSizeBytes: 4096,
    });
    const exportTime = ago(30);
    const data = await run<ExportData>("exportTableToS3", {
      tableName: table,
      s3Bucket: "my-exports",
      s3Prefix: "exports/customers",
      s3BucketOwner: "123456789012",
      exportFormat: "ION",
      exportType: "FULL_EXPORT",
      exportTime: exportTime.toISOString(),
      s3SseAlgorithm: "KMS",
      s3SseKmsKeyId: "alias/exports",
      waitUntilComplete: "true",
      maxWaitSeconds: "30",
    });
    const [sent] = fake.requestsOf("ExportTableToPointInTime").slice(-1);
    expect(sent).toEqual({
      TableArn: tableArn,
      S3Bucket: "my-exports",
      S3Prefix: "exports/customers",
      S3BucketOwner: "123456789012",
      S3SseAlgorithm: "KMS",
      S3SseKmsKeyId: "alias/exports",
      ExportFormat: "ION",
      ExportType: "FULL_EXPORT",
      ExportTime: exportTime.getTime() / 1000,
      // The SDK makes the call idempotent with a token of its own.
      ClientToken: expect.any(String),
    });
    const id = data.exportArn.slice(data.exportArn.lastIndexOf("/") + 1);
    expect(data).toMatchObject({
      exportStatus: "COMPLETED",
      manifest: `s3://my-exports/exports/customers/AWSDynamoDB/${id}/manifest-summary.json`,
      itemCount: 42,
      billedSizeBytes: 4096,
    });
    expect(data.exportArn).toMatch(
      new RegExp(`^arn:aws:dynamodb:${LOCAL_REGION}:\\d{12}:table/${table}/export/`),
    );
    expect(data.export.ExportTime).toBe(exportTime.toISOString());
    expect(
      fake.requestsOf("DescribeExport").filter((b) => b.ExportArn === data.exportArn),
    ).toHaveLength(2);
    expect(infoLines().some((line) => line.includes(`${data.exportArn}: IN_PROGRESS`))).toBe(true);
  });

  it("sends an incremental export's period and view type, and without the wait returns at once IN_PROGRESS", async () => {
    const from = ago(120);
    const to = ago(60);
    const describesBefore = fake.requestsOf("DescribeExport").length;
    const data = await run<ExportData>("exportTableToS3", {
      tableName: table,
      s3Bucket: "my-exports",
      exportType: "INCREMENTAL_EXPORT",
      exportFromTime: from.toISOString(),
      exportToTime: to.toISOString(),
      exportViewType: "NEW_IMAGE",
    });
    const [sent] = fake.requestsOf("ExportTableToPointInTime").slice(-1);
    expect(sent).toEqual({
      TableArn: tableArn,
      S3Bucket: "my-exports",
      ExportFormat: "DYNAMODB_JSON",
      ExportType: "INCREMENTAL_EXPORT",
      IncrementalExportSpecification: {
        ExportFromTime: from.getTime() / 1000,
        ExportToTime: to.getTime() / 1000,
        ExportViewType: "NEW_IMAGE",
      },
      ClientToken: expect.any(String),
    });
    expect([data.exportStatus, data.manifest, data.itemCount]).toEqual(["IN_PROGRESS", null, null]);
    expect(fake.requestsOf("DescribeExport")).toHaveLength(describesBefore);
  });

  it("a FAILED export is an error quoting DynamoDB's FailureCode and FailureMessage", async () => {
    fake.scriptNext("export", {
      statuses: ["IN_PROGRESS", "FAILED"],
      failure: { code: "S3NoSuchBucket", message: "The specified bucket does not exist" },
    });
    const error = await failure("exportTableToS3", {
      tableName: table,
      s3Bucket: "missing-bucket",
      waitUntilComplete: "true",
    });
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).code).toBe("exportFailed");
    expect(error.message).toMatch(
      new RegExp(
        `export arn:aws:dynamodb:\\S+/export/\\S+ of table "${table}" in region ${LOCAL_REGION} ended FAILED: S3NoSuchBucket: The specified bucket does not exist$`,
      ),
    );
  });

  it("an export still running at Max Wait Seconds ends the step then, saying it goes on and giving its ARN", async () => {
    fake.scriptNext("export", { statuses: ["IN_PROGRESS"] });
    const started = Date.now();
    const error = await failure("exportTableToS3", {
      tableName: table,
      s3Bucket: "my-exports",
      waitUntilComplete: "true",
      maxWaitSeconds: "2",
    });
    const elapsed = Date.now() - started;
    expect((error as StepError).code).toBe("waitTimedOut");
    expect(error.message).toMatch(
      /^ExportTableToPointInTime \(waiting until COMPLETED\): export arn:aws:dynamodb:\S+\/export\/\S+ is still IN_PROGRESS after 2 s, the most this step waits\. It goes on in the background: check it with Describe Export and this ARN\.$/,
    );
    expect(elapsed).toBeLessThan(2_000 + 2_500);
    const arn = /export (arn:\S+) is still/.exec(error.message)?.[1];
    const described = await run<ExportData>("describeExport", { exportArn: arn });
    expect(described.exportStatus).toBe("IN_PROGRESS");
    expect(fake.requestsOf("DescribeExport").slice(-1)).toEqual([{ ExportArn: arn }]);
  });

  it("a throttled poll is retried and the wait goes on; an account limit on the start is an error with its hint", async () => {
    fake.scriptNext("export", { statuses: ["IN_PROGRESS", "COMPLETED"], itemCount: 1 });
    fake.failNext(
      "DescribeExport",
      "ThrottlingException",
      "Rate of requests exceeds the allowed throughput",
    );
    const data = await run<ExportData>("exportTableToS3", {
      tableName: table,
      s3Bucket: "my-exports",
      waitUntilComplete: "true",
    });
    expect(data.exportStatus).toBe("COMPLETED");
    // The throttled poll and the one the SDK sent again.
    const polls = fake
      .requestsOf("DescribeExport")
      .filter((body) => body.ExportArn === data.exportArn);
    expect(polls).toHaveLength(2);

    // The SDK retries LimitExceededException as throttling: the step fails once every attempt has.
    for (let attempt = 0; attempt < 10; attempt++) {
      fake.failNext("ExportTableToPointInTime", "LimitExceededException", "Too many exports");
    }
    const sentBefore = fake.requestsOf("ExportTableToPointInTime").length;
    const error = await failure("exportTableToS3", { tableName: table, s3Bucket: "my-exports" });
    const attempts = fake.requestsOf("ExportTableToPointInTime").length - sentBefore;
    fake.clearErrors();
    expect(attempts).toBeGreaterThan(1);
    expect(error.message).toContain(`ExportTableToPointInTime failed on table "${table}"`);
    expect(error.message).toContain("LimitExceededException");
    expect(error.message).toContain("An account limit was reached");
  });

  it("an export time before the table's own recovery window is DynamoDB's InvalidExportTimeException, with its hint", async () => {
    fake.failNext(
      "ExportTableToPointInTime",
      "InvalidExportTimeException",
      "Export time is outside the PITR window",
    );
    const error = await failure("exportTableToS3", {
      tableName: table,
      s3Bucket: "my-exports",
      exportTime: ago(60 * 24 * 30).toISOString(),
    });
    expect(error.message).toContain("Describe Continuous Backups shows it");
  });

  it("an export time older than any recovery period is refused before anything is sent", async () => {
    const before = fake.requestsOf("ExportTableToPointInTime").length;
    const error = await failure("exportTableToS3", {
      tableName: table,
      s3Bucket: "my-exports",
      exportTime: ago(60 * 24 * 40).toISOString(),
    });
    expect(error.message).toMatch(/^Export Time \(.*\) is more than 35 days ago/);
    expect(fake.requestsOf("ExportTableToPointInTime")).toHaveLength(before);
  });
});

describe("Describe Export, List Exports and Select Export", () => {
  it("an unknown export is ExportNotFoundException, with what to check", async () => {
    const unknown = `arn:aws:dynamodb:${LOCAL_REGION}:000000000000:table/${table}/export/01715078400000-deadbeef`;
    const error = await failure("describeExport", { exportArn: unknown });
    expect(error.message).toContain("ExportNotFoundException");
    expect(error.message).toContain("List Exports shows the exports of the last 90 days");
  });

  it("List Exports filters by the table's ARN, pages with Page Size and Next Token, and Fetch All stops at Max Items with the cursor", async () => {
    const seededTable = uniqueTableName("s3_listed");
    await createTestTable(seededTable, { hashKey: { name: "id", type: "S" } });
    try {
      const seededArn = tableArn.replace(`table/${table}`, `table/${seededTable}`);
      fake.seedExports(seededArn, 60);
      const before = fake.requestsOf("ListExports").length;
      const first = await run<{ exports: { ExportArn: string }[]; nextToken: string | null }>(
        "listExports",
        { filterTableName: seededTable, pageSize: "10" },
      );
      expect(first.exports).toHaveLength(10);
      expect(fake.requestsOf("ListExports").slice(before)).toEqual([
        { TableArn: seededArn, MaxResults: 10 },
      ]);
      const all = await run<{ exports: unknown[]; truncated: boolean; nextToken: string | null }>(
        "listExports",
        { filterTableName: seededTable, fetchAll: "true" },
      );
      expect([all.exports.length, all.truncated, all.nextToken]).toEqual([60, false, null]);

      const cut = fake.requestsOf("ListExports").length;
      const part = await run<{
        exports: { ExportArn: string }[];
        truncated: boolean;
        truncatedReason: string;
        nextToken: string;
      }>("listExports", { filterTableName: seededTable, fetchAll: "true", maxItems: "30" });
      expect([part.exports.length, part.truncated, part.truncatedReason]).toEqual([
        30,
        true,
        "maxItems",
      ]);
      expect(
        fake
          .requestsOf("ListExports")
          .slice(cut)
          .map((body) => body.MaxResults),
      ).toEqual([25, 5]);
      const rest = await run<{ exports: { ExportArn: string }[] }>("listExports", {
        filterTableName: seededTable,
        fetchAll: "true",
        nextToken: part.nextToken,
      });
      expect(fake.requestsOf("ListExports").slice(-2)[0].NextToken).toBe(part.nextToken);
      const arns = [...part.exports, ...rest.exports].map((summary) => summary.ExportArn);
      expect(new Set(arns).size).toBe(60);

      const picklist = (await harness.dataSource("selectExport", {
        awsConnection: localConnection({ endpoint: proxy.endpoint }),
        awsRegion: LOCAL_REGION,
        tableName: seededTable,
      })) as { result: { key: string; label: string }[] };
      expect(picklist.result).toHaveLength(60);
      const labels = picklist.result.map((choice) => choice.label);
      expect(labels[0]).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(FULL_EXPORT, COMPLETED\)$/,
      );
      expect([...labels].sort().reverse()).toEqual(labels);
    } finally {
      await deleteTestTable(seededTable);
    }
  });
});

interface ImportData {
  importArn: string;
  importStatus: string;
  tableArn: string;
  processedItemCount: number | null;
  importedItemCount: number | null;
  errorCount: number | null;
  cloudWatchLogGroupArn: string | null;
  import: Record<string, unknown>;
}

const importInputs = (newTableName: string) => ({
  newTableName,
  s3Bucket: "my-imports",
  attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
  keySchema: '[{"AttributeName":"id","KeyType":"HASH"}]',
});

describe("Import Table from S3", () => {
  it("sends every input as its parameter, waits until COMPLETED and returns the counts and the log group", async () => {
    fake.scriptNext("import", {
      statuses: ["IN_PROGRESS", "IN_PROGRESS", "COMPLETED"],
      processedItemCount: 1000,
      importedItemCount: 998,
      errorCount: 2,
    });
    const name = uniqueTableName("imported_all");
    const data = await run<ImportData>("importTableFromS3", {
      newTableName: name,
      s3Bucket: "my-imports",
      s3Prefix: "imports/customers/",
      s3BucketOwner: "123456789012",
      inputFormat: "CSV",
      compressionType: "GZIP",
      csvDelimiter: "TAB",
      csvHeaderList: "id,email",
      attributeDefinition:
        '[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"email","AttributeType":"S"}]',
      keySchema: '[{"AttributeName":"id","KeyType":"HASH"}]',
      billingMode: "PROVISIONED",
      readCapacityUnits: "7",
      writeCapacityUnits: "3",
      globalSecondaryIndexes:
        '[{"IndexName":"byEmail","KeySchema":[{"KeyType":"HASH","AttributeName":"email"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]',
      maxWaitSeconds: "30",
    });
    const capacity = { ReadCapacityUnits: 7, WriteCapacityUnits: 3 };
    expect(fake.requestsOf("ImportTable").slice(-1)).toEqual([
      {
        S3BucketSource: {
          S3Bucket: "my-imports",
          S3KeyPrefix: "imports/customers/",
          S3BucketOwner: "123456789012",
        },
        InputFormat: "CSV",
        InputFormatOptions: { Csv: { Delimiter: "\t", HeaderList: ["id", "email"] } },
        InputCompressionType: "GZIP",
        TableCreationParameters: {
          TableName: name,
          AttributeDefinitions: [
            { AttributeName: "id", AttributeType: "S" },
            { AttributeName: "email", AttributeType: "S" },
          ],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PROVISIONED",
          ProvisionedThroughput: capacity,
          GlobalSecondaryIndexes: [
            {
              IndexName: "byEmail",
              KeySchema: [{ AttributeName: "email", KeyType: "HASH" }],
              Projection: { ProjectionType: "KEYS_ONLY" },
              ProvisionedThroughput: capacity,
            },
          ],
        },
        ClientToken: expect.any(String),
      },
    ]);
    expect(data).toMatchObject({
      importStatus: "COMPLETED",
      processedItemCount: 1000,
      importedItemCount: 998,
      errorCount: 2,
      cloudWatchLogGroupArn: expect.stringMatching(/^arn:aws:logs:/),
    });
    expect(data.tableArn).toMatch(new RegExp(`:table/${name}$`));
    expect(
      infoLines().some((line) =>
        /IN_PROGRESS, 500 items processed, 499 imported, 1 errors/.test(line),
      ),
    ).toBe(true);

    const described = await run<ImportData>("describeImport", { importArn: data.importArn });
    expect(fake.requestsOf("DescribeImport").slice(-1)).toEqual([{ ImportArn: data.importArn }]);
    expect([described.importStatus, described.importedItemCount]).toEqual(["COMPLETED", 998]);
    const listed = await run<{ imports: { ImportArn: string }[] }>("listImports", {
      fetchAll: "true",
    });
    expect(listed.imports.map((summary) => summary.ImportArn)).toContain(data.importArn);
    expect(fake.requestsOf("ListImports").slice(-1)).toEqual([{ PageSize: 25 }]);
  });

  it("without the wait returns at once IN_PROGRESS and sends no DescribeImport", async () => {
    const before = fake.requestsOf("DescribeImport").length;
    const data = await run<ImportData>("importTableFromS3", {
      ...importInputs(uniqueTableName("imported_nowait")),
      waitUntilComplete: "false",
    });
    expect(data.importStatus).toBe("IN_PROGRESS");
    expect(fake.requestsOf("DescribeImport")).toHaveLength(before);
    expect(fake.requestsOf("ImportTable").slice(-1)[0]).toMatchObject({
      InputFormat: "DYNAMODB_JSON",
      InputCompressionType: "NONE",
      TableCreationParameters: { BillingMode: "PAY_PER_REQUEST" },
    });
  });

  it.each([
    ["FAILED", "InvalidFormat", "Unexpected token at line 1 of imports/bad.csv"],
    ["CANCELLED", "UserCancelled", "The import was cancelled"],
  ] as const)(
    "an import that ends %s is an error quoting its code and message",
    async (status, code, message) => {
      fake.scriptNext("import", { statuses: ["IN_PROGRESS", status], failure: { code, message } });
      const name = uniqueTableName("imported_failed");
      const error = await failure("importTableFromS3", importInputs(name));
      expect((error as StepError).code).toBe("importFailed");
      expect(error.message).toMatch(
        new RegExp(
          `of table "${name}" in region ${LOCAL_REGION} ended ${status}: ${code}: ${message}$`,
        ),
      );
    },
  );

  it("an import still running at Max Wait Seconds ends the step then, with its ARN and progress", async () => {
    fake.scriptNext("import", { statuses: ["IN_PROGRESS"], processedItemCount: 10 });
    const error = await failure("importTableFromS3", {
      ...importInputs(uniqueTableName("imported_slow")),
      maxWaitSeconds: "1",
    });
    expect((error as StepError).code).toBe("waitTimedOut");
    expect(error.message).toMatch(
      /import arn:aws:dynamodb:\S+\/import\/\S+ is still IN_PROGRESS, 5 items processed, 0 imported, 0 errors after 1 s, the most this step waits\. It goes on in the background: check it with Describe Import and this ARN\.$/,
    );
  });

  it("a table name in use is ResourceInUseException; a conflicting client token is ImportConflictException; each says what to do", async () => {
    const name = uniqueTableName("imported_twice");
    await run("importTableFromS3", { ...importInputs(name), waitUntilComplete: "false" });
    const inUse = await failure("importTableFromS3", importInputs(name));
    expect(inUse.message).toContain(`ImportTable failed on table "${name}"`);
    expect(inUse.message).toContain("ResourceInUseException");

    fake.failNext(
      "ImportTable",
      "ImportConflictException",
      "Another import with this token is running",
    );
    const conflict = await failure(
      "importTableFromS3",
      importInputs(uniqueTableName("imported_conflict")),
    );
    expect(conflict.message).toContain("ImportConflictException");
    expect(conflict.message).toContain("same client token but other parameters");

    const unknown = `arn:aws:dynamodb:${LOCAL_REGION}:000000000000:table/${name}/import/01715078400000-deadbeef`;
    const notFound = await failure("describeImport", { importArn: unknown });
    expect(notFound.message).toContain("ImportNotFoundException");

    // Several imports exist by now: a page of one, then the next page from its cursor.
    const first = await run<{ imports: { ImportArn: string }[]; nextToken: string | null }>(
      "listImports",
      { pageSize: "1" },
    );
    expect(fake.requestsOf("ListImports").slice(-1)).toEqual([{ PageSize: 1 }]);
    expect(first.imports).toHaveLength(1);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await run<{ imports: { ImportArn: string }[] }>("listImports", {
      pageSize: "1",
      nextToken: first.nextToken,
    });
    expect(fake.requestsOf("ListImports").slice(-1)).toEqual([
      { PageSize: 1, NextToken: first.nextToken },
    ]);
    expect(second.imports[0].ImportArn).not.toBe(first.imports[0].ImportArn);
  });
});

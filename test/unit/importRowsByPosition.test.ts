/**
 * Import Items tells rows apart by their position in the file, never by the line they start on:
 * a JSON array on one line (what JSON.stringify writes) with one bad and one repeated element
 * loses exactly those two with Bad Rows = Skip, and the output names each by line and element.
 * The same holds for JSON Lines and for CSV records that span lines.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

interface Output {
  rows: number;
  written: number;
  skippedCount: number;
  skipped: { line: number; element?: number; reason: string }[];
}

async function importFile(params: Record<string, unknown>): Promise<Output> {
  const result = (await harness.action("importItems", { ...base, badRows: "skip", ...params }, {
    logger: quietLogger(),
  } as never)) as { data: Output };
  return result.data;
}

function writtenIds(): string[] {
  return ddbMock
    .commandCalls(BatchWriteItemCommand)
    .flatMap(
      (call) => (call.args[0].input as BatchWriteItemCommandInput).RequestItems?.Customers ?? [],
    )
    .map((request) => request.PutRequest?.Item?.customerId?.N ?? "");
}

const customers = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ customerId: i + 1, customerName: `n${i + 1}` }));

beforeEach(() => {
  resetCaches();
  resetBackoffSettings();
  backoffSettings.sleep = async () => {};
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
  ddbMock.on(BatchWriteItemCommand).resolves({});
});

describe("Import Items: a row is never dropped for sharing a line with a bad one", () => {
  it("a one-line JSON array with a bad and a repeated element writes the other 998", async () => {
    const items: unknown[] = customers(1_000);
    items[499] = { customerId: "not a number", customerName: "bad" };
    items[799] = { customerId: 3, customerName: "n3" };
    const data = await importFile({ file: JSON.stringify(items) });
    expect(data).toMatchObject({ rows: 1_000, written: 998, skippedCount: 2 });
    expect(data.skipped.map(({ line, element }) => ({ line, element }))).toEqual([
      { line: 1, element: 500 },
      { line: 1, element: 800 },
    ]);
    expect(data.skipped[1].reason).toBe(
      'File (element 800, line 1) has the same key {"customerId":3,"customerName":"n3"} as element 3. Each item may appear once in a file: a later row would replace the earlier one.',
    );
    const ids = writtenIds();
    expect(ids).toHaveLength(998);
    expect(new Set(ids).size).toBe(998);
    expect(ids).not.toContain("500");
    expect(ids.filter((id) => id === "3")).toHaveLength(1);
  });

  it("with Bad Rows = Stop, names the elements of the one line", async () => {
    const items: unknown[] = customers(10);
    items[4] = { customerId: 1, customerName: "n1" };
    const attempt = harness.action("importItems", { ...base, file: JSON.stringify(items) });
    await expect(attempt).rejects.toThrow(
      /^File: line 1 \(element 5\) is not valid, so nothing was written\. File \(element 5, line 1\) has the same key/,
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("JSON Lines: a bad line and a repeated key skip those lines only", async () => {
    const lines = customers(50).map((item) => JSON.stringify(item));
    lines[9] = "{broken";
    lines[19] = JSON.stringify({ customerId: 5, customerName: "n5" });
    const data = await importFile({ file: `${lines.join("\n")}\n` });
    expect(data).toMatchObject({ rows: 50, written: 48, skippedCount: 2 });
    expect(data.skipped.map((row) => row.line)).toEqual([10, 20]);
    expect(writtenIds()).toHaveLength(48);
  });

  it("CSV: a record spanning lines is one row, and the rows after it are told apart", async () => {
    const file = [
      "customerId,customerName",
      '1,"two',
      'lines"',
      "2,b",
      '1,"two',
      'lines"',
      "3,c",
    ].join("\n");
    const data = await importFile({ file: { data: Buffer.from(file), contentType: "text/csv" } });
    expect(data).toMatchObject({ rows: 4, written: 3, skippedCount: 1 });
    expect(data.skipped[0].line).toBe(5);
    expect(writtenIds()).toEqual(["1", "2", "3"]);
  });
});

/**
 * Import Items keeps and returns its unprocessed rows within UNPROCESSED_BUDGET_BYTES (5 MB as
 * the output serialises them), whatever a failing import leaves over: unprocessedCount still
 * counts every row, and unprocessedTruncated says the list was cut. Before, 40 throttled rows of
 * 300 KB came back as 12 MB of output (and were all held until the step ended).
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { UNPROCESSED_BUDGET_BYTES } from "../../src/files/importRun";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const ROWS = 40;
const WIDE = 300_000;

interface Unprocessed {
  puts: { customerId: number; note: string }[];
  lines: number[];
  elements?: number[];
}

/** A JSON Lines file of `count` rows whose note is `width` characters. */
function file(count: number, width: number) {
  const rows = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ customerId: i, customerName: `c${i}`, note: String(i % 10).repeat(width) }),
  );
  return { data: Buffer.from(`${rows.join("\n")}\n`), contentType: "application/x-ndjson" };
}

/** Imports with every write left unprocessed by DynamoDB, and Return Unprocessed on. */
async function importThrottled(count: number, width: number) {
  const result = (await harness.action(
    "importItems",
    {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
      file: file(count, width),
      maxRetries: "0",
      returnUnprocessed: "true",
    },
    { logger: quietLogger() } as never,
  )) as { data: Record<string, unknown> & { unprocessed: Unprocessed } };
  return result.data;
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
  ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => ({
    UnprocessedItems: input.RequestItems,
  }));
});

describe("Import Items' unprocessed rows", () => {
  it("are cut at the byte budget as JSON text, with the full count and a flag", async () => {
    const data = await importThrottled(ROWS, WIDE);
    expect(data).toMatchObject({ written: 0, unprocessedCount: ROWS, unprocessedTruncated: true });
    const { puts, lines } = data.unprocessed;
    expect(Buffer.byteLength(JSON.stringify(data.unprocessed))).toBeLessThanOrEqual(
      UNPROCESSED_BUDGET_BYTES,
    );
    // As many as fit: one more row would pass the budget.
    expect(puts.length).toBe(Math.floor(UNPROCESSED_BUDGET_BYTES / (WIDE + 60)));
    expect(lines).toHaveLength(puts.length);
    // Each kept row is whole, in file order, and its line is its own.
    for (const [i, put] of puts.entries()) {
      expect(put.note).toBe(String(put.customerId % 10).repeat(WIDE));
      expect(lines[i]).toBe(put.customerId + 1);
      if (i > 0) expect(put.customerId).toBeGreaterThan(puts[i - 1]?.customerId ?? 0);
    }
  }, 60_000);

  it("are all returned, unflagged, when they fit", async () => {
    const data = await importThrottled(30, 100);
    expect(data).toMatchObject({ written: 0, unprocessedCount: 30, unprocessedTruncated: false });
    expect(data.unprocessed.lines).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("without Return Unprocessed, the error counts every row", async () => {
    await expect(
      harness.action(
        "importItems",
        {
          awsConnection: keySecretConnection(),
          awsRegion: "us-east-1",
          tableName: "Customers",
          file: file(ROWS, WIDE),
          maxRetries: "0",
        },
        { logger: quietLogger() } as never,
      ),
    ).rejects.toMatchObject({
      message: expect.stringContaining(`${ROWS} of ${ROWS} rows were still unprocessed`),
      unprocessedCount: ROWS,
    });
  }, 60_000);
});

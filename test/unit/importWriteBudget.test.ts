/**
 * Import Items' write pass holds rows in flight within WRITE_BUDGET_BYTES (all requests together,
 * a row weighed as its DynamoDB size plus ATTRIBUTE_OVERHEAD_BYTES per attribute), however high
 * Concurrency is: wide rows go a few per request and a few requests at a time, where 25 of them
 * once went into each of 16 parallel requests.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { ATTRIBUTE_OVERHEAD_BYTES, WRITE_BUDGET_BYTES } from "../../src/files/importRun";
import { itemSize } from "../../src/values";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

beforeEach(() => {
  resetCaches();
  resetBackoffSettings();
  backoffSettings.sleep = async () => {};
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: customersTable() });
});

function weight(item: Parameters<typeof itemSize>[0]): number {
  return itemSize(item) + ATTRIBUTE_OVERHEAD_BYTES * Object.keys(item).length;
}

it("keeps the rows in flight within WRITE_BUDGET_BYTES at Concurrency 16", async () => {
  let inFlight = 0;
  let most = 0;
  let largestRequest = 0;
  ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
    const items = (input.RequestItems?.Customers ?? []).map((r) => r.PutRequest?.Item ?? {});
    const bytes = items.reduce((sum, item) => sum + weight(item), 0);
    largestRequest = Math.max(largestRequest, items.length);
    inFlight += bytes;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= bytes;
    return {};
  });
  // 60 rows of 8,000 attributes: about 0.9 MB of weight each, 54 MB in all.
  const names = Array.from({ length: 8_000 }, (_, i) => `a${i}`);
  const cells = names.map(() => "v").join(",");
  const rows = Array.from({ length: 60 }, (_, i) => `${i},n${i},${cells}`);
  const file = `customerId,customerName,${names.join(",")}\n${rows.join("\n")}\n`;
  const result = (await harness.action(
    "importItems",
    {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
      file: { data: Buffer.from(file), contentType: "text/csv" },
      concurrency: "16",
    },
    { logger: quietLogger() } as never,
  )) as { data: { written: number } };
  expect(result.data.written).toBe(60);
  expect(most).toBeGreaterThan(0);
  expect(most).toBeLessThanOrEqual(WRITE_BUDGET_BYTES);
  // A request takes what fits in WRITE_BUDGET_BYTES / Concurrency (512 KiB): one such row.
  expect(largestRequest).toBe(1);
}, 60_000);

/**
 * Import Items that fails part way says not only how many rows were written but which were not
 * written or not confirmed, as ranges of their lines (elements in a JSON array), in file order
 * and bounded: the rows of requests not confirmed, the rows given up after their retries, and
 * every row from the first never sent. Before, the error only counted the rows written, so a user
 * whose import failed on a flaky network could not tell where to resume.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { rowRanges } from "../../src/files/rowRanges";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockClient(DynamoDBClient);

type ImportFailure = Error & {
  written?: number;
  notWrittenCount?: number;
  notWrittenRanges?: { from: number; to: number | null }[];
  notWrittenTruncated?: boolean;
};

/** A non-retryable error, so that the SDK does not send the request again. */
const refused = () =>
  Object.assign(new Error("One or more parameter values were invalid"), {
    name: "ValidationException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });

/** A CSV of `count` rows, ids 0 to count - 1: row i is on line i + 2. */
const csv = (count: number, bad?: number) =>
  `id\n${Array.from({ length: count }, (_, i) => (i === bad ? "x" : String(i))).join("\n")}\n`;

function importFile(file: string, params: Record<string, unknown> = {}): Promise<ImportFailure> {
  return failure(
    harness.action(
      "importItems",
      {
        awsConnection: keySecretConnection(),
        awsRegion: "us-east-1",
        tableName: "Customers",
        file,
        concurrency: "1",
        ...params,
      },
      { logger: quietLogger() } as never,
    ),
  ) as Promise<ImportFailure>;
}

/** Request `failing` (from 1) is refused; the others are answered by `answer`. */
function refuse(
  failing: number,
  answer: (input: BatchWriteItemCommandInput) => unknown = () => ({}),
) {
  let calls = 0;
  ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
    calls += 1;
    if (calls === failing) throw refused();
    return answer(input);
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  backoffSettings.sleep = async () => {};
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableName: "Customers",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
    },
  });
});

afterEach(() => resetBackoffSettings());

describe("Import Items failing part way", () => {
  it("names the rows not written from the request refused to the end of the file", async () => {
    refuse(3);
    const error = await importFile(csv(100));
    expect(error.message).toContain(
      "Before it failed, 50 of 100 rows were written; the other 50 were not written or not confirmed: lines 52 to the end (the error's notWrittenRanges). Importing those rows again rewrites the same items.",
    );
    expect(error).toMatchObject({ written: 50, notWrittenCount: 50, notWrittenTruncated: false });
    expect(error.notWrittenRanges).toEqual([{ from: 52, to: null }]);
  });

  it("with requests in parallel, names the hole the refused request left and the rows never sent", async () => {
    let fourthSent: () => void = () => {};
    const fourth = new Promise<void>((resolve) => {
      fourthSent = resolve;
    });
    let secondRefused: () => void = () => {};
    const second = new Promise<void>((resolve) => {
      secondRefused = resolve;
    });
    // Told apart by their first row, as requests in parallel may reach the mock in any order.
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
      const first = input.RequestItems?.Customers?.[0]?.PutRequest?.Item?.id?.N;
      // Request 2 (rows 25-49, lines 27-51) is refused once request 4 (lines 77-101) is sent,
      // after request 3 was answered; request 4 is answered after the refusal, and nothing is
      // sent after it.
      if (first === "25") {
        await fourth;
        secondRefused();
        throw refused();
      }
      if (first === "75") {
        fourthSent();
        await second;
      }
      return {};
    });
    const error = await importFile(csv(200), { concurrency: "2" });
    expect(error).toMatchObject({ written: 75, notWrittenCount: 125 });
    expect(error.notWrittenRanges).toEqual([
      { from: 27, to: 51 },
      { from: 102, to: null },
    ]);
    expect(error.message).toContain("lines 27–51; 102 to the end");
  });

  it("counts rows given up after their retries, and leaves out skipped rows, by line", async () => {
    // Request 1 (lines 2-26) stays unprocessed and is given up (Max Retries 0); request 2 is
    // written; request 3 is refused. Line 40 is a bad row, skipped.
    let calls = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
      calls += 1;
      if (calls === 1) return { UnprocessedItems: input.RequestItems };
      if (calls === 3) throw refused();
      return {};
    });
    const error = await importFile(csv(100, 38), { maxRetries: "0", badRows: "skip" });
    expect(error).toMatchObject({ written: 25, notWrittenCount: 74, skippedCount: 1 });
    expect(error.notWrittenRanges).toEqual([
      { from: 2, to: 26 },
      { from: 53, to: null },
    ]);
  });

  it("names the elements of a JSON array, which may all be on one line", async () => {
    refuse(2);
    const file = JSON.stringify(Array.from({ length: 60 }, (_, id) => ({ id })));
    const error = await importFile(file, { format: "json" });
    expect(error).toMatchObject({ written: 25, notWrittenCount: 35 });
    expect(error.notWrittenRanges).toEqual([{ from: 26, to: null }]);
    expect(error.message).toContain("elements 26 to the end");
  });
});

describe("rowRanges", () => {
  it("joins consecutive rows, keeps file order, and is bounded", () => {
    expect(rowRanges([9, 3, 4, 5, 7], 10, 10)).toEqual({
      ranges: [
        { from: 3, to: 5 },
        { from: 7, to: 7 },
        { from: 9, to: null },
      ],
      truncated: false,
    });
    // A row at or past the tail is in the tail: it never hides the rows between.
    expect(rowRanges([5, 200], 100, 10)).toEqual({
      ranges: [
        { from: 5, to: 5 },
        { from: 100, to: null },
      ],
      truncated: false,
    });
    expect(rowRanges([1, 3, 5, 7], undefined, 2)).toEqual({
      ranges: [
        { from: 1, to: 1 },
        { from: 3, to: 3 },
      ],
      truncated: true,
    });
  });
});

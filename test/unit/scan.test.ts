/**
 * Scan Items with a mocked SDK: the exact Scan input, one page or Fetch All (cut at Max Items
 * with a cursor right after the last item), parallel segments merged under one shared budget,
 * segment cursors to continue from, and the input errors raised before any call.
 */
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type ScanCommandInput,
  type ScanCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { scanItems } from "../../src/actions/queries/scanItems";
import { clearKeySchemaCache } from "../../src/engines/keySchema";
import component from "../../src/index";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);

const base = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
};

const DESCRIBE = {
  Table: {
    TableName: "Customers",
    KeySchema: [
      { AttributeName: "customerId", KeyType: "HASH" as const },
      { AttributeName: "customerName", KeyType: "RANGE" as const },
    ],
    AttributeDefinitions: [
      { AttributeName: "customerId", AttributeType: "N" as const },
      { AttributeName: "customerName", AttributeType: "S" as const },
      { AttributeName: "status", AttributeType: "S" as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: "byStatus",
        KeySchema: [{ AttributeName: "status", KeyType: "HASH" as const }],
        Projection: { ProjectionType: "ALL" as const },
      },
    ],
  },
};

type Item = Record<string, AttributeValue>;

function customer(id: number): Item {
  return {
    customerId: { N: String(id) },
    customerName: { S: `Customer ${id}` },
    status: { S: id % 2 === 0 ? "open" : "closed" },
  };
}

function keyOf(item: Item): Item {
  return { customerId: item.customerId, customerName: item.customerName };
}

/** An error as the SDK throws it: a service error carries $metadata and $fault. */
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

/** Scan inputs as they were at call time (the paginator reuses and updates one input object). */
let seen: ScanCommandInput[];

/**
 * A fake table: each segment holds the customers whose id modulo totalSegments is the segment,
 * served in pages of `pageSize`; the cursor is the key of the page's last item.
 */
function serveTable(
  ids: number[],
  pageSize: number,
  delay?: (segment: number) => number,
  onAnswer?: () => void,
) {
  ddbMock.on(ScanCommand).callsFake(async (input: ScanCommandInput) => {
    seen.push(structuredClone(input));
    const total = input.TotalSegments ?? 1;
    const segmentIds = ids.filter((id) => id % total === (input.Segment ?? 0));
    const after = input.ExclusiveStartKey?.customerId?.N;
    const from = after === undefined ? 0 : segmentIds.indexOf(Number(after)) + 1;
    const pageIds = segmentIds.slice(from, from + (input.Limit ?? pageSize));
    const waitMs = delay?.(input.Segment ?? 0) ?? 0;
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const items = pageIds.map(customer);
    const more = from + pageIds.length < segmentIds.length;
    const output: Partial<ScanCommandOutput> = {
      Items: items,
      Count: items.length,
      ScannedCount: items.length,
      LastEvaluatedKey: more ? keyOf(items[items.length - 1] as Item) : undefined,
    };
    onAnswer?.();
    return output;
  });
}

beforeEach(() => {
  resetCaches();
  clearKeySchemaCache();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(DESCRIBE);
  seen = [];
});

describe("scanItems inputs", () => {
  it("has the documented keys, labels and defaults, in order", () => {
    const inputs = component.actions.scanItems.inputs as {
      key: string;
      label: string;
      default?: unknown;
    }[];
    expect(inputs.map((i) => [i.key, i.label, i.default || null])).toEqual([
      ["awsRegion", "AWS Region", null],
      ["tableName", "Table Name", null],
      ["awsConnection", "Connection", null],
      ["filterExpression", "Filter Expression", null],
      ["expressionAttributeNames", "Expression Attribute Names", null],
      ["expressionAttributeValues", "Expression Attribute Values", null],
      ["expressionAttributeValueTypes", "Expression Attribute Value Types", null],
      ["projectionExpression", "Projection Expression", null],
      ["indexName", "Index Name", null],
      ["limit", "Limit", null],
      ["exclusiveStartKey", "Exclusive Start Key", null],
      ["fetchAll", "Fetch All", "false"],
      ["maxItems", "Max Items", null],
      ["consistentRead", "Consistent Read", "false"],
      ["totalSegments", "Total Segments", "1"],
      ["returnDynamoJson", "Return DynamoDB JSON", "false"],
      ["maxAttempts", "Max Attempts", null],
    ]);
  });
});

describe("scanItems, one page", () => {
  it("sends the filter, names, typed values, projection, index, limit and cursor as given", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [], Count: 0, ScannedCount: 3 });
    await harness.action("scanItems", {
      ...base,
      filterExpression: "#s = :s AND balance > :min",
      expressionAttributeNames: [{ key: "#s", value: "status" }],
      expressionAttributeValues: [
        { key: ":s", value: "open" },
        { key: ":min", value: "12345678901234567890.5" },
      ],
      expressionAttributeValueTypes: [
        { key: ":s", value: "S" },
        { key: ":min", value: "N" },
      ],
      projectionExpression: "customerId, #s",
      indexName: "byStatus",
      limit: "25",
      // No Consistent Read: DynamoDB refuses it on a global index (indexReadsRefusedBeforeSending).
      exclusiveStartKey: '{"customerId": 7, "customerName": "Customer 7", "status": "closed"}',
    });
    expect(ddbMock.commandCalls(ScanCommand)[0]?.args[0].input).toEqual({
      TableName: "Customers",
      IndexName: "byStatus",
      FilterExpression: "#s = :s AND balance > :min",
      ProjectionExpression: "customerId, #s",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": { S: "open" }, ":min": { N: "12345678901234567890.5" } },
      Limit: 25,
      ExclusiveStartKey: {
        customerId: { N: "7" },
        customerName: { S: "Customer 7" },
        status: { S: "closed" },
      },
    });
  });

  it("returns the example payload for the example's data", async () => {
    ddbMock.on(ScanCommand).resolves({
      Items: [
        {
          customerId: { N: "1001" },
          customerName: { S: "Ada Lovelace" },
          status: { S: "open" },
          balance: { N: "12.5" },
        },
        {
          customerId: { N: "1002" },
          customerName: { S: "Grace Hopper" },
          status: { S: "open" },
          balance: { N: "0" },
        },
      ],
      Count: 2,
      ScannedCount: 5,
      LastEvaluatedKey: { customerId: { N: "1002" }, customerName: { S: "Grace Hopper" } },
    });
    const result = await harness.action("scanItems", {
      ...base,
      filterExpression: "#s = :s",
      expressionAttributeNames: [{ key: "#s", value: "status" }],
      expressionAttributeValues: [{ key: ":s", value: "open" }],
      expressionAttributeValueTypes: [{ key: ":s", value: "S" }],
    });
    expect(result).toEqual(scanItems.examplePayload);
  });

  it("returns DynamoDB JSON items and cursor when asked, and a cursor it returned is accepted back", async () => {
    ddbMock.on(ScanCommand).resolves({
      Items: [customer(1)],
      Count: 1,
      ScannedCount: 1,
      LastEvaluatedKey: keyOf(customer(1)),
    });
    const result = (await harness.action("scanItems", { ...base, returnDynamoJson: "true" })) as {
      data: { items: unknown[]; lastEvaluatedKey: unknown };
    };
    expect(result.data.items).toEqual([customer(1)]);
    expect(result.data.lastEvaluatedKey).toEqual(keyOf(customer(1)));
    await harness.action("scanItems", {
      ...base,
      exclusiveStartKey: JSON.stringify(result.data.lastEvaluatedKey),
    });
    expect(ddbMock.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(
      keyOf(customer(1)),
    );
  });

  it("restores a binary key given as base64 text in a plain cursor, from the table's definitions", async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: "Customers",
        KeySchema: [{ AttributeName: "bin", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "bin", AttributeType: "B" }],
      },
    });
    ddbMock.on(ScanCommand).resolves({ Items: [] });
    await harness.action("scanItems", { ...base, exclusiveStartKey: '{"bin": "AQID"}' });
    expect(ddbMock.commandCalls(ScanCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual({
      bin: { B: Uint8Array.from([1, 2, 3]) },
    });
  });

  it("sends a text cursor as given when DescribeTable is not allowed", async () => {
    ddbMock.on(DescribeTableCommand).rejects(awsError("AccessDeniedException", "not allowed"));
    ddbMock.on(ScanCommand).resolves({ Items: [] });
    await harness.action("scanItems", {
      ...base,
      exclusiveStartKey: '{"customerId": 1, "customerName": "Ada"}',
    });
    expect(ddbMock.commandCalls(ScanCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual({
      customerId: { N: "1" },
      customerName: { S: "Ada" },
    });
  });

  it("an empty table gives no items, a null cursor and truncated false", async () => {
    ddbMock.on(ScanCommand).resolves({ Items: [], Count: 0, ScannedCount: 0 });
    expect(await harness.action("scanItems", base)).toEqual({
      data: {
        items: [],
        count: 0,
        scannedCount: 0,
        lastEvaluatedKey: null,
        truncated: false,
        truncatedReason: null,
      },
    });
    // One page without a cursor needs no key schema.
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(0);
  });
});

describe("scanItems with Fetch All", () => {
  const ids = Array.from({ length: 23 }, (_, i) => i + 1);

  it("follows every page to the end", async () => {
    serveTable(ids, 10);
    const result = (await harness.action("scanItems", { ...base, fetchAll: "true" })) as {
      data: {
        items: { customerId: number }[];
        count: number;
        scannedCount: number;
        lastEvaluatedKey: unknown;
        truncated: boolean;
      };
    };
    expect(result.data.items.map((item) => item.customerId)).toEqual(ids);
    expect(result.data).toMatchObject({
      count: 23,
      scannedCount: 23,
      lastEvaluatedKey: null,
      truncated: false,
    });
    expect(seen.map((input) => input.ExclusiveStartKey?.customerId?.N)).toEqual([
      undefined,
      "10",
      "20",
    ]);
  });

  it("stops at Max Items inside a page, with the cursor right after the last returned item", async () => {
    serveTable(ids, 10);
    const result = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      maxItems: "15",
    })) as {
      data: {
        items: { customerId: number }[];
        lastEvaluatedKey: unknown;
        truncated: boolean;
        scannedCount: number;
      };
    };
    expect(result.data.items.map((item) => item.customerId)).toEqual(ids.slice(0, 15));
    expect(result.data.lastEvaluatedKey).toEqual({ customerId: 15, customerName: "Customer 15" });
    expect(result.data).toMatchObject({ truncated: true, truncatedReason: "maxItems" });
    // Both pages were read (and charged) in full.
    expect(result.data.scannedCount).toBe(20);
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);

    // Continuing from that cursor gives the rest, with nothing lost or repeated.
    seen = [];
    const rest = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      exclusiveStartKey: JSON.stringify(result.data.lastEvaluatedKey),
    })) as { data: { items: { customerId: number }[] } };
    expect(rest.data.items.map((item) => item.customerId)).toEqual(ids.slice(15));
  });

  it("adds the key attributes a projection leaves out, for the cursor, and drops them from the items", async () => {
    serveTable(ids, 10);
    const result = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      maxItems: "5",
      projectionExpression: "#s",
      expressionAttributeNames: [{ key: "#s", value: "status" }],
    })) as { data: { items: unknown[]; lastEvaluatedKey: unknown } };
    expect(seen[0]).toMatchObject({
      ProjectionExpression: "#s, #key0, #key1",
      ExpressionAttributeNames: { "#s": "status", "#key0": "customerId", "#key1": "customerName" },
    });
    expect(result.data.items[0]).toEqual({ status: "closed" });
    expect(result.data.lastEvaluatedKey).toEqual({ customerId: 5, customerName: "Customer 5" });
  });

  it("on an index, the cursor holds the table's and the index's key attributes", async () => {
    serveTable(ids, 10);
    const result = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      maxItems: "3",
      indexName: "byStatus",
    })) as { data: { lastEvaluatedKey: unknown } };
    expect(seen[0]?.IndexName).toBe("byStatus");
    expect(result.data.lastEvaluatedKey).toEqual({
      customerId: 3,
      customerName: "Customer 3",
      status: "closed",
    });
  });
});

describe("scanItems with Total Segments", () => {
  const ids = Array.from({ length: 30 }, (_, i) => i + 1);
  type ParallelData = {
    data: {
      items: { customerId: number }[];
      count: number;
      scannedCount: number;
      lastEvaluatedKey: unknown;
      truncated: boolean;
      segmentCursors: unknown[];
    };
  };

  it("reads every segment concurrently with Segment and TotalSegments and merges them", async () => {
    let running = 0;
    let peak = 0;
    // A request is running from its start until the mock answers it.
    serveTable(
      ids,
      4,
      () => {
        running += 1;
        peak = Math.max(peak, running);
        return 5;
      },
      () => {
        running -= 1;
      },
    );
    const result = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      totalSegments: "3",
      filterExpression: "attribute_exists(customerId)",
    })) as ParallelData;
    expect(result.data.items.map((item) => item.customerId).sort((a, b) => a - b)).toEqual(ids);
    expect(result.data).toMatchObject({
      count: 30,
      scannedCount: 30,
      lastEvaluatedKey: null,
      truncated: false,
      segmentCursors: [null, null, null],
    });
    expect(peak).toBe(3);
    const firstCalls = seen.filter((input) => input.ExclusiveStartKey === undefined);
    expect(firstCalls).toEqual(
      [0, 1, 2].map((segment) => ({
        TableName: "Customers",
        FilterExpression: "attribute_exists(customerId)",
        Segment: segment,
        TotalSegments: 3,
      })),
    );
  });

  it("shares Max Items between segments and gives a cursor per segment", async () => {
    // Segment 0 answers at once; segments 1 and 2 answer after it used up the budget.
    serveTable(ids, 5, (segment) => (segment === 0 ? 0 : 20));
    const result = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      totalSegments: "3",
      maxItems: "4",
    })) as ParallelData;
    // Segment 0 holds 3, 6, 9, ... (id % 3 === 0): its first page of 5 is cut after 4 items.
    expect(result.data.items.map((item) => item.customerId)).toEqual([3, 6, 9, 12]);
    expect(result.data).toMatchObject({ truncated: true, truncatedReason: "maxItems" });
    expect(result.data.lastEvaluatedKey).toBeNull();
    // Segments 1 and 2 had not contributed an item: they start again from their beginning ({}).
    expect(result.data.segmentCursors).toEqual([
      { customerId: 12, customerName: "Customer 12" },
      {},
      {},
    ]);

    // The cursors continue the scan: segment 0 after 12, the others from the start.
    seen = [];
    const rest = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      totalSegments: "3",
      exclusiveStartKey: JSON.stringify(result.data.segmentCursors),
    })) as ParallelData;
    const all = [...result.data.items, ...rest.data.items].map((item) => item.customerId);
    expect(all.sort((a, b) => a - b)).toEqual(ids);
    expect(rest.data.segmentCursors).toEqual([null, null, null]);
    expect(seen.find((input) => input.Segment === 0)?.ExclusiveStartKey).toEqual(
      keyOf(customer(12)),
    );
  });

  it("does not read again a segment whose cursor is null", async () => {
    serveTable(ids, 50);
    const result = (await harness.action("scanItems", {
      ...base,
      fetchAll: "true",
      totalSegments: "2",
      exclusiveStartKey: '[null, {"customerId": 21, "customerName": "Customer 21"}]',
    })) as ParallelData;
    expect(seen).toEqual([
      {
        TableName: "Customers",
        Segment: 1,
        TotalSegments: 2,
        ExclusiveStartKey: keyOf(customer(21)),
      },
    ]);
    expect(result.data.items.map((item) => item.customerId)).toEqual([23, 25, 27, 29]);
  });

  it("stops the other segments when one fails, and names the operation and table", async () => {
    let calls = 0;
    ddbMock.on(ScanCommand).callsFake(async (input: ScanCommandInput) => {
      calls += 1;
      if (input.Segment === 1) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw awsError("ResourceNotFoundException", "Requested resource not found");
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
      // Endless pages: only the failure can stop these segments.
      return {
        Items: [customer(calls)],
        ScannedCount: 1,
        LastEvaluatedKey: keyOf(customer(calls)),
      };
    });
    await expect(
      harness.action("scanItems", {
        ...base,
        fetchAll: "true",
        totalSegments: "2",
        maxItems: "100000",
      }),
    ).rejects.toThrow(
      'Scan failed on table "Customers" in region us-east-1: ResourceNotFoundException',
    );
    expect(calls).toBeLessThan(20);
  });
});

describe("a parallel scan that fails part way", () => {
  it("counts every segment's pages and items and gives each segment's cursor to resume from", async () => {
    const resumeAt = { customerId: 7, customerName: "Customer 7" };
    ddbMock.on(ScanCommand).callsFake(async (input: ScanCommandInput) => {
      seen.push(structuredClone(input));
      if (input.Segment === 2) {
        // After the other segments have read their pages.
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw awsError("ResourceNotFoundException", "Requested resource not found");
      }
      if (input.Segment === 0 && input.ExclusiveStartKey === undefined) {
        return {
          Items: [customer(4), customer(8)],
          ScannedCount: 2,
          LastEvaluatedKey: keyOf(customer(8)),
        };
      }
      if (input.Segment === 0) return { Items: [customer(12), customer(16)], ScannedCount: 2 };
      return { Items: [customer(11)], ScannedCount: 1 };
    });
    const failure = await harness
      .action("scanItems", {
        ...base,
        fetchAll: "true",
        totalSegments: "4",
        // Segment 1 was read to its end by an earlier run; segment 3 continues after customer 7.
        exclusiveStartKey: JSON.stringify([{}, null, {}, resumeAt]),
      })
      .then(
        () => undefined,
        (error: unknown) => error as Error & { segmentCursors?: unknown },
      );
    // Segment 0: 2 pages (4 items); segment 3: 1 page (1 item); segment 2: none; segment 1: not read.
    expect(failure?.message).toContain(
      "Before it failed, 3 pages (5 items) had been read over 4 segments; a failed step returns none of them",
    );
    expect(failure?.message).toContain(
      "continue from the error's segmentCursors, where each segment resumes without losing an item",
    );
    // A failed step returns no item, so each segment resumes where this run started it.
    expect(failure?.segmentCursors).toEqual([{}, null, {}, resumeAt]);
    expect(seen.some((input) => input.Segment === 1)).toBe(false);
  });

  it("gives Export Items' segment cursors as its output would (DynamoDB JSON here)", async () => {
    ddbMock.on(ScanCommand).callsFake(async (input: ScanCommandInput) => {
      if (input.Segment === 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw awsError("ResourceNotFoundException", "Requested resource not found");
      }
      return { Items: [customer(2)], ScannedCount: 1 };
    });
    const failure = await harness
      .action("exportItems", {
        ...base,
        format: "jsonl",
        totalSegments: "2",
        returnDynamoJson: "true",
        exclusiveStartKey: JSON.stringify([
          {},
          { customerId: { N: "3" }, customerName: { S: "Customer 3" } },
        ]),
      })
      .then(
        () => undefined,
        (error: unknown) => error as Error & { segmentCursors?: unknown },
      );
    expect(failure?.message).toContain(
      "Before it failed, 1 page (1 item) had been read over 2 segments",
    );
    expect(failure?.segmentCursors).toEqual([
      {},
      { customerId: { N: "3" }, customerName: { S: "Customer 3" } },
    ]);
  });
});

describe("scanItems checks its inputs before any call", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "Total Segments above 64",
      { fetchAll: "true", totalSegments: "65" },
      "Total Segments must be a whole number from 1 to 64",
    ],
    [
      "Total Segments 0",
      { fetchAll: "true", totalSegments: "0" },
      "Total Segments must be a whole number from 1 to 64",
    ],
    [
      "Total Segments without Fetch All",
      { totalSegments: "4" },
      "Total Segments 4 needs Fetch All set to true",
    ],
    [
      "a single key with Total Segments",
      { fetchAll: "true", totalSegments: "2", exclusiveStartKey: '{"customerId": 1}' },
      "Exclusive Start Key must be blank or the segmentCursors array of a previous run",
    ],
    [
      "segment cursors of another Total Segments",
      { fetchAll: "true", totalSegments: "3", exclusiveStartKey: "[null, {}]" },
      "Exclusive Start Key has 2 segment cursors but Total Segments is 3",
    ],
    [
      "an array cursor without segments",
      { exclusiveStartKey: "[null]" },
      "Exclusive Start Key must be the key object",
    ],
    [
      "a cursor that is not JSON",
      { exclusiveStartKey: "{customerId: 1" },
      "Exclusive Start Key is not valid JSON",
    ],
    [
      "values without a filter",
      {
        expressionAttributeValues: [{ key: ":s", value: "open" }],
        expressionAttributeValueTypes: [{ key: ":s", value: "S" }],
      },
      "Expression Attribute Values are only used by the Filter Expression",
    ],
    [
      "a value without a type",
      { filterExpression: "a = :a", expressionAttributeValues: [{ key: ":a", value: "1" }] },
      'Expression Attribute Value Types has no type for ":a"',
    ],
    [
      "names without an expression",
      { expressionAttributeNames: [{ key: "#s", value: "status" }] },
      "Expression Attribute Names are only used by the Filter Expression and the Projection Expression",
    ],
    ["Limit 0", { limit: "0" }, "Limit must be a whole number 1 or more"],
    [
      "Max Items not a number",
      { fetchAll: "true", maxItems: "all" },
      "Max Items must be a whole number",
    ],
    ["Max Items without Fetch All", { maxItems: "10" }, "Max Items applies only with Fetch All"],
  ];
  it.each(cases)("%s", async (_name, params, message) => {
    await expect(harness.action("scanItems", { ...base, ...params })).rejects.toThrow(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

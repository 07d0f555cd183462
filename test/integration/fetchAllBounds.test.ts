/**
 * Fetch All is bounded, through Query Items, Scan Items and Raw Request, against DynamoDB Local:
 * by Max Items and by the byte budget (about 5 MB of items). When a bound stops a run, the output
 * says so (truncated, truncatedReason) and carries the cursor to continue from, and following the
 * cursors reaches every item exactly once.
 *
 * query.test.ts, scan.test.ts and rawRequest.test.ts already cover Max Items on each action and
 * the byte budget of a plain partition query; this file covers the rest: the byte budget of a
 * scan (one segment and parallel segments sharing one budget), of Raw Request (whose opaque
 * NextToken cannot cut a page) and of a query on an index, and Max Items combined with
 * descending order, with typed (DynamoDB JSON) cursors and with the byte budget in one run.
 */
import { BatchWriteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DEFAULT_BYTE_BUDGET } from "../../src/common/limits";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

type Item = Record<string, unknown>;
interface Paged {
  data: {
    items: Item[];
    count: number;
    truncated: boolean;
    truncatedReason: "maxItems" | "byteBudget" | null;
    lastEvaluatedKey?: Item | null;
    nextToken?: string | null;
    segmentCursors?: (Item | null)[];
  };
}

const table = uniqueTableName("bounded_large");
let raw: DynamoDBClient;

/** 64 items of about 100 KB (6.4 MB in all: more than the 5 MB budget), in one partition. */
const COUNT = 64;
const BODY = "b".repeat(100 * 1024);
/** DynamoDB's size of one item: 100 KB of body plus its names and small values. */
const ITEMS_IN_BUDGET = 51;
const ALL = Array.from({ length: COUNT }, (_, i) => i);

function run(key: string, params: Record<string, unknown>): Promise<Paged> {
  return harness.action(key, {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  }) as Promise<Paged>;
}

/** The sk of each item, whether plain or DynamoDB JSON. */
function skOf(item: Item): number {
  const sk = item.sk as number | { N: string };
  return typeof sk === "number" ? sk : Number(sk.N);
}

/**
 * Runs `key` again and again from each run's cursor (`cursorOut` in the output, passed back to
 * `cursorIn`), as a flow would, until a run is not truncated.
 */
async function follow(
  key: string,
  params: Record<string, unknown>,
  cursorOut: "lastEvaluatedKey" | "nextToken" | "segmentCursors",
  cursorIn: "exclusiveStartKey" | "nextToken",
): Promise<{ runs: Paged[]; sks: number[] }> {
  const runs: Paged[] = [];
  const sks: number[] = [];
  let cursor: unknown;
  let truncated = true;
  while (truncated) {
    if (runs.length >= 20) throw new Error("the cursor never ends");
    const input =
      cursor === undefined
        ? params
        : { ...params, [cursorIn]: typeof cursor === "string" ? cursor : JSON.stringify(cursor) };
    const result = await run(key, input);
    runs.push(result);
    sks.push(...result.data.items.map(skOf));
    cursor = result.data[cursorOut] ?? undefined;
    truncated = result.data.truncated;
    // A truncated run always says where to continue.
    if (truncated) expect(cursor).toBeDefined();
  }
  return { runs, sks };
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

beforeAll(async () => {
  raw = rawClient();
  await createTestTable(table, {
    hashKey: { name: "pk", type: "S" },
    rangeKey: { name: "sk", type: "N" },
    gsi: [
      { name: "byGroup", hashKey: { name: "grp", type: "S" }, rangeKey: { name: "sk", type: "N" } },
    ],
  });
  for (let start = 0; start < COUNT; start += 25) {
    const chunk = ALL.slice(start, start + 25).map((i) => ({
      PutRequest: {
        Item: { pk: { S: "big" }, sk: { N: String(i) }, grp: { S: "g" }, body: { S: BODY } },
      },
    }));
    let pending = chunk;
    while (pending.length > 0) {
      const { UnprocessedItems } = await raw.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
      );
      pending = (UnprocessedItems?.[table] ?? []) as typeof chunk;
    }
  }
});

afterAll(async () => {
  await deleteTestTable(table);
  raw.destroy();
});

describe("the byte budget", () => {
  it("is about 5 MB", () => {
    expect(DEFAULT_BYTE_BUDGET).toBe(5 * 1024 * 1024);
  });

  it("stops a scan mid-page, says so, and its cursor continues to every item once", async () => {
    const { runs, sks } = await follow(
      "scanItems",
      { tableName: table, fetchAll: "true" },
      "lastEvaluatedKey",
      "exclusiveStartKey",
    );
    const [first, second] = runs;
    expect(first.data).toMatchObject({
      truncated: true,
      truncatedReason: "byteBudget",
      count: ITEMS_IN_BUDGET,
    });
    // The cursor is the key of the last item returned, not of the last item DynamoDB read.
    expect(first.data.lastEvaluatedKey).toEqual({ pk: "big", sk: ITEMS_IN_BUDGET - 1 });
    expect(second.data).toMatchObject({
      truncated: false,
      truncatedReason: null,
      lastEvaluatedKey: null,
      count: COUNT - ITEMS_IN_BUDGET,
    });
    expect(runs).toHaveLength(2);
    expect(sks).toEqual(ALL);
  });

  it("is shared by the segments of a parallel scan, whose segment cursors continue to every item once", async () => {
    const { runs, sks } = await follow(
      "scanItems",
      { tableName: table, fetchAll: "true", totalSegments: "4", limit: "8" },
      "segmentCursors",
      "exclusiveStartKey",
    );
    const first = runs[0].data;
    expect(first.truncated).toBe(true);
    expect(first.truncatedReason).toBe("byteBudget");
    // All segments together stay within the one budget.
    expect(first.count).toBeLessThanOrEqual(ITEMS_IN_BUDGET);
    expect(first.lastEvaluatedKey).toBeNull();
    expect(first.segmentCursors).toHaveLength(4);
    expect(runs.at(-1)?.data.segmentCursors).toEqual([null, null, null, null]);
    expect(sorted(sks)).toEqual(ALL);
    expect(new Set(sks).size).toBe(COUNT);
  });

  it("stops Raw Request after a whole page (NextToken cannot cut one), and NextToken continues to every item once", async () => {
    const { runs, sks } = await follow(
      "rawRequest",
      {
        statement: `SELECT * FROM "${table}" WHERE pk = ?`,
        parameters: '["big"]',
        fetchAll: "true",
      },
      "nextToken",
      "nextToken",
    );
    const first = runs[0].data;
    expect(first).toMatchObject({ truncated: true, truncatedReason: "byteBudget" });
    expect(typeof first.nextToken).toBe("string");
    // Whole pages only: at least the budget's worth, at most one more page (1 MB, 10 items).
    expect(first.count).toBeGreaterThanOrEqual(ITEMS_IN_BUDGET);
    expect(first.count).toBeLessThanOrEqual(ITEMS_IN_BUDGET + 10);
    expect(runs.at(-1)?.data).toMatchObject({ truncated: false, nextToken: null });
    expect(sks).toEqual(ALL);
  });

  it("stops a query on an index, whose cursor holds the index and table keys, and continues to every item once", async () => {
    const { runs, sks } = await follow(
      "queryItems",
      {
        tableName: table,
        indexName: "byGroup",
        keyConditionExpression: "grp = :g",
        expressionAttributeValues: [{ key: ":g", value: "g" }],
        expressionAttributeValueTypes: [{ key: ":g", value: "S" }],
        fetchAll: "true",
      },
      "lastEvaluatedKey",
      "exclusiveStartKey",
    );
    expect(runs[0].data).toMatchObject({
      truncated: true,
      truncatedReason: "byteBudget",
      count: ITEMS_IN_BUDGET,
      lastEvaluatedKey: { grp: "g", pk: "big", sk: ITEMS_IN_BUDGET - 1 },
    });
    expect(runs).toHaveLength(2);
    expect(sks).toEqual(ALL);
  });
});

describe("Max Items", () => {
  it("cuts a descending query and continues downwards to every item once", async () => {
    const { runs, sks } = await follow(
      "queryItems",
      {
        tableName: table,
        keyConditionExpression: "pk = :p",
        expressionAttributeValues: [{ key: ":p", value: "big" }],
        expressionAttributeValueTypes: [{ key: ":p", value: "S" }],
        scanIndexForward: "false",
        fetchAll: "true",
        maxItems: "25",
        projectionExpression: "sk",
      },
      "lastEvaluatedKey",
      "exclusiveStartKey",
    );
    expect(runs.map((r) => [r.data.count, r.data.truncated, r.data.truncatedReason])).toEqual([
      [25, true, "maxItems"],
      [25, true, "maxItems"],
      [14, false, null],
    ]);
    expect(runs[0].data.lastEvaluatedKey).toEqual({ pk: "big", sk: COUNT - 25 });
    expect(sks).toEqual([...ALL].reverse());
  });

  it("gives a typed cursor with Return DynamoDB JSON, which continues a scan to every item once", async () => {
    const { runs, sks } = await follow(
      "scanItems",
      {
        tableName: table,
        fetchAll: "true",
        maxItems: "30",
        projectionExpression: "sk",
        returnDynamoJson: "true",
      },
      "lastEvaluatedKey",
      "exclusiveStartKey",
    );
    expect(runs[0].data).toMatchObject({
      truncated: true,
      truncatedReason: "maxItems",
      lastEvaluatedKey: { pk: { S: "big" }, sk: { N: "29" } },
    });
    expect(runs).toHaveLength(3);
    expect(sks).toEqual(ALL);
  });

  it("below the byte budget wins; above it, the budget stops the run first", async () => {
    const small = await run("scanItems", { tableName: table, fetchAll: "true", maxItems: "40" });
    expect(small.data).toMatchObject({ count: 40, truncated: true, truncatedReason: "maxItems" });
    const large = await run("scanItems", { tableName: table, fetchAll: "true", maxItems: "60" });
    expect(large.data).toMatchObject({
      count: ITEMS_IN_BUDGET,
      truncated: true,
      truncatedReason: "byteBudget",
    });
  });

  it("Raw Request stops at exactly Max Items across pages, and NextToken continues to every item once", async () => {
    const { runs, sks } = await follow(
      "rawRequest",
      {
        statement: `SELECT sk FROM "${table}" WHERE pk = ?`,
        parameters: '["big"]',
        fetchAll: "true",
        maxItems: "30",
      },
      "nextToken",
      "nextToken",
    );
    expect(runs.map((r) => [r.data.count, r.data.truncatedReason])).toEqual([
      [30, "maxItems"],
      [30, "maxItems"],
      [4, null],
    ]);
    expect(sks).toEqual(ALL);
  });
});

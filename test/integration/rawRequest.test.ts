/**
 * Raw Request (PartiQL) against DynamoDB Local, through the harness: INSERT, SELECT, UPDATE and
 * DELETE with parameters, the default ["Rose"], placeholder checks before sending, pages with
 * nextToken, and Fetch All over NextToken bounded by Max Items and continued to every item once.
 */
import {
  type DynamoDBClient,
  ExecuteStatementCommand,
  GetItemCommand,
} from "@aws-sdk/client-dynamodb";
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
interface RawResult {
  data: {
    items: Item[];
    count: number;
    nextToken: string | null;
    truncated: boolean;
    truncatedReason: string | null;
  };
}

const table = uniqueTableName("raw_customers");
const paged = uniqueTableName("raw_paged");
let raw: DynamoDBClient;

function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

async function run(params: Record<string, unknown>): Promise<RawResult> {
  return (await harness.action("rawRequest", {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  })) as RawResult;
}

/** Runs a statement again and again from each nextToken until it is null. */
async function followToken(
  params: Record<string, unknown>,
): Promise<{ items: Item[]; runs: RawResult[] }> {
  const items: Item[] = [];
  const runs: RawResult[] = [];
  let token: string | null = null;
  do {
    const result = await run({ ...params, ...(token ? { nextToken: token } : {}) });
    runs.push(result);
    items.push(...result.data.items);
    token = result.data.nextToken;
    if (runs.length > 50) throw new Error("the token never ends");
  } while (token);
  return { items, runs };
}

const ALL = Array.from({ length: 25 }, (_, index) => ({ pk: "p", sk: index + 1 }));
const bySk = (a: Item, b: Item) => (a.sk as number) - (b.sk as number);

beforeAll(async () => {
  raw = rawClient();
  await Promise.all([
    createTestTable(table, { hashKey: { name: "customerId", type: "N" } }),
    createTestTable(paged, {
      hashKey: { name: "pk", type: "S" },
      rangeKey: { name: "sk", type: "N" },
    }),
  ]);
  for (const item of ALL) {
    await raw.send(
      new ExecuteStatementCommand({
        Statement: `INSERT INTO "${paged}" VALUE {'pk': ?, 'sk': ?}`,
        Parameters: [{ S: item.pk }, { N: String(item.sk) }],
      }),
    );
  }
});

afterAll(async () => {
  await Promise.all([deleteTestTable(table), deleteTestTable(paged)]);
  raw.destroy();
});

describe("Raw Request against DynamoDB Local", () => {
  it("INSERT, SELECT, UPDATE and DELETE with parameters", async () => {
    const inserted = await run({
      statement: `INSERT INTO "${table}" VALUE {'customerId': ?, 'customerName': ?, 'tags': ?, 'address': ?}`,
      parameters: '[1001, "Rose", ["vip", "new"], {"city": "Oslo", "zip": 150}]',
    });
    expect(inserted.data).toEqual({
      items: [],
      count: 0,
      nextToken: null,
      truncated: false,
      truncatedReason: null,
    });
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: table, Key: { customerId: { N: "1001" } } }),
    );
    expect(Item).toEqual({
      customerId: { N: "1001" },
      customerName: { S: "Rose" },
      tags: { L: [{ S: "vip" }, { S: "new" }] },
      address: { M: { city: { S: "Oslo" }, zip: { N: "150" } } },
    });

    const selected = await run({
      statement: `SELECT * FROM "${table}" WHERE customerId = ?`,
      parameters: "[1001]",
    });
    expect(selected.data.items).toEqual([
      {
        customerId: 1001,
        customerName: "Rose",
        tags: ["vip", "new"],
        address: { city: "Oslo", zip: 150 },
      },
    ]);
    expect(selected.data.count).toBe(1);

    const updated = await run({
      statement: `UPDATE "${table}" SET customerName = ? WHERE customerId = ? RETURNING ALL NEW *`,
      parameters: '["Rosa", 1001]',
    });
    expect(updated.data.items).toEqual([
      {
        customerId: 1001,
        customerName: "Rosa",
        tags: ["vip", "new"],
        address: { city: "Oslo", zip: 150 },
      },
    ]);

    await run({
      statement: `DELETE FROM "${table}" WHERE customerId = ?`,
      parameters: "[1001]",
    });
    const after = await run({
      statement: `SELECT * FROM "${table}" WHERE customerId = ?`,
      parameters: "[1001]",
    });
    expect(after.data.items).toEqual([]);
  });

  it('the default ["Rose"] fills one placeholder, and is not sent to a statement without one', async () => {
    await run({
      statement: `INSERT INTO "${table}" VALUE {'customerId': 7, 'customerName': 'Rose'}`,
    });
    const withDefault = await run({
      statement: `SELECT customerId FROM "${table}" WHERE customerName = ? AND customerId = 7`,
    });
    expect(withDefault.data.items).toEqual([{ customerId: 7 }]);
    // A ? inside a string literal or a quoted name is no placeholder.
    const literal = await run({
      statement: `SELECT customerId FROM "${table}" WHERE customerId = 7 AND customerName <> 'who?'`,
    });
    expect(literal.data.items).toEqual([{ customerId: 7 }]);
  });

  it("a count of parameters that does not match the placeholders is an error before sending", async () => {
    await expect(
      run({
        statement: `SELECT * FROM "${table}" WHERE customerId = ? AND customerName = ?`,
        parameters: "[7]",
      }),
    ).rejects.toThrow(
      "The Statement has 2 ? placeholders but Parameters has 1 value. Give one value per ?, in order.",
    );
  });

  it("parameters keep a 30-digit number and typed values", async () => {
    await run({
      statement: `INSERT INTO "${table}" VALUE {'customerId': ?, 'big': ?, 'flag': ?, 'nothing': ?}`,
      parameters: "[8, 123456789012345678901234567890, true, null]",
    });
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: table, Key: { customerId: { N: "8" } } }),
    );
    expect(Item).toEqual({
      customerId: { N: "8" },
      big: { N: "123456789012345678901234567890" },
      flag: { BOOL: true },
      nothing: { NULL: true },
    });
    const typed = await run({
      statement: `SELECT * FROM "${table}" WHERE customerId = ?`,
      parameters: "[8]",
      returnDynamoJson: "true",
      consistentRead: "true",
    });
    expect(typed.data.items).toEqual([Item]);
  });

  it("pages with a Limit (Query Parameters) and nextToken, continuing exactly", async () => {
    const params = {
      statement: `SELECT * FROM "${paged}" WHERE pk = ?`,
      parameters: '["p"]',
      queryParameters: kv({ Limit: "10" }),
    };
    const first = await run(params);
    expect(first.data.count).toBe(10);
    expect(first.data.nextToken).toEqual(expect.any(String));
    const { items, runs } = await followToken(params);
    expect(items).toEqual(ALL);
    expect(runs.map((r) => r.data.count)).toEqual([10, 10, 5]);
  });

  it("Fetch All follows NextToken to the end", async () => {
    const result = await run({
      statement: `SELECT * FROM "${paged}" WHERE pk = ?`,
      parameters: '["p"]',
      queryParameters: kv({ Limit: "4" }),
      fetchAll: "true",
    });
    expect(result.data).toEqual({
      items: ALL,
      count: 25,
      nextToken: null,
      truncated: false,
      truncatedReason: null,
    });
  });

  it("Fetch All stops at Max Items and the nextToken continues to every item exactly once", async () => {
    // Without a key condition this is a scan: the order is DynamoDB's, so compare sorted.
    const params = {
      statement: `SELECT * FROM "${paged}"`,
      queryParameters: kv({ Limit: "4" }),
      fetchAll: "true",
      maxItems: "10",
    };
    const first = await run(params);
    expect(first.data.count).toBe(10);
    expect(first.data.truncated).toBe(true);
    expect(first.data.truncatedReason).toBe("maxItems");
    const { items, runs } = await followToken(params);
    expect(items).toHaveLength(25);
    expect([...items].sort(bySk)).toEqual(ALL);
    expect(runs.map((r) => [r.data.count, r.data.truncated])).toEqual([
      [10, true],
      [10, true],
      [5, false],
    ]);
  });

  it("Fetch All with Max Items alone asks for no more than Max Items per request", async () => {
    const params = {
      statement: `SELECT * FROM "${paged}" WHERE pk = 'p'`,
      fetchAll: "true",
      maxItems: "7",
    };
    const { items, runs } = await followToken(params);
    expect(items).toEqual(ALL);
    expect(runs.map((r) => r.data.count)).toEqual([7, 7, 7, 4]);
  });

  it("a statement DynamoDB rejects fails with the operation and region", async () => {
    await expect(run({ statement: 'SELECT * FROM "no_such_table_here"' })).rejects.toThrow(
      new RegExp(`^ExecuteStatement failed in region ${LOCAL_REGION}: ResourceNotFoundException`),
    );
  });
});

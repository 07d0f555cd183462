/**
 * Batch Get Items (Multiple Tables) and Batch Write Items (Multiple Tables) take several tables'
 * keys or writes in one step and send them as DynamoDB's BatchGetItem and BatchWriteItem take
 * them: up to 100 keys or 25 writes a request, of one table or several; each table's keys
 * converted by its own key types; what DynamoDB leaves unprocessed retried table by table; the
 * results grouped by table in the order given, within one byte budget; a failure or what stays
 * unprocessed named per table. Bad input is refused, naming the input, before anything is sent.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { batchGetTablesRequest } from "../../src/engines/batchGetTables";
import { backoffSettings, resetBackoffSettings } from "../../src/engines/batchRuns";
import { batchWriteTablesRequest } from "../../src/engines/batchWriteTables";
import { cleanKeysByTable, cleanWritesByTable, InputError } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

const ddbMock = mockClient(DynamoDBClient);
const base = { awsConnection: keySecretConnection(), awsRegion: "us-east-1" };

/** Customers: id (N); Orders: orderId (S) and line (N); Notes: id (S). */
const TABLES: Record<string, { key: [string, "S" | "N"][] }> = {
  Customers: { key: [["id", "N"]] },
  Orders: {
    key: [
      ["orderId", "S"],
      ["line", "N"],
    ],
  },
  Notes: { key: [["id", "S"]] },
};

function describeTables(): void {
  for (const [name, { key }] of Object.entries(TABLES)) {
    ddbMock.on(DescribeTableCommand, { TableName: name }).resolves({
      Table: {
        TableName: name,
        KeySchema: key.map(([attribute], at) => ({
          AttributeName: attribute,
          KeyType: at === 0 ? "HASH" : "RANGE",
        })),
        AttributeDefinitions: key.map(([attribute, type]) => ({
          AttributeName: attribute,
          AttributeType: type,
        })),
      },
    });
  }
}

interface TableGet {
  tableName: string;
  items: Record<string, unknown>[];
  count: number;
  requested: number;
  unprocessedCount: number;
  unprocessedKeys: unknown[];
  unreadCount: number;
  unreadKeys: unknown[];
}

interface GetData {
  tables: TableGet[];
  count: number;
  requested: number;
  unprocessedCount: number;
  truncated: boolean;
  unreadCount: number;
}

interface WriteData {
  tables: {
    tableName: string;
    written: number;
    deleted: number;
    unprocessedCount: number;
    unprocessed: { puts: unknown[]; deletes: unknown[] };
  }[];
  written: number;
  deleted: number;
  unprocessedCount: number;
}

const getTables = (keysByTable: unknown, extra: Record<string, unknown> = {}) =>
  harness.action("batchGetItemsMultiTable", { ...base, keysByTable, ...extra }) as Promise<{
    data: GetData;
  }>;

const writeTables = (writesByTable: unknown, extra: Record<string, unknown> = {}) =>
  harness.action("batchWriteItemsMultiTable", { ...base, writesByTable, ...extra }) as Promise<{
    data: WriteData;
  }>;

/** The keys of each request sent, as "table:count" per table in the order of RequestItems. */
function requestShapes(operation: "get" | "write") {
  const calls =
    operation === "get"
      ? ddbMock.commandCalls(BatchGetItemCommand)
      : ddbMock.commandCalls(BatchWriteItemCommand);
  return calls.map((call) => {
    const items = (call.args[0].input as { RequestItems: Record<string, unknown> }).RequestItems;
    return Object.entries(items).map(([table, value]) => {
      const list = Array.isArray(value) ? value : (value as { Keys: unknown[] }).Keys;
      return `${table}:${list.length}`;
    });
  });
}

/** Answers every key with an item holding the key and `body`, except those `leave` returns. */
function serveGets(
  body = "x",
  leave: (table: string, keys: Record<string, AttributeValue>[], call: number) => number = () => 0,
) {
  let call = 0;
  ddbMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => {
    call += 1;
    const Responses: Record<string, Record<string, AttributeValue>[]> = {};
    const UnprocessedKeys: NonNullable<BatchGetItemCommandInput["RequestItems"]> = {};
    for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
      const keys = request.Keys ?? [];
      const left = leave(table, keys, call);
      // Answered in reverse, as DynamoDB may answer in any order.
      Responses[table] = keys
        .slice(0, keys.length - left)
        .reverse()
        .map((key) => ({ ...key, body: { S: body } }));
      if (left > 0) UnprocessedKeys[table] = { ...request, Keys: keys.slice(keys.length - left) };
    }
    return { Responses, UnprocessedKeys };
  });
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  describeTables();
  backoffSettings.sleep = async () => {};
});

afterEach(() => resetBackoffSettings());

describe("the inputs, before anything is sent", () => {
  it("keeps the tables in the order the text gives them, whole-number names too", () => {
    const lists = cleanKeysByTable('{"Orders": [], "2024": [{"id": 1}], "Customers": []}');
    expect(lists.map((list) => list.table)).toEqual(["Orders", "2024", "Customers"]);
    expect(lists[1].entries).toEqual([{ id: 1 }]);
  });

  it.each([
    ["", /^Keys by Table is required/],
    ["[]", /^Keys by Table must be a JSON object of table names/],
    ["{}", /^Keys by Table is empty/],
    ['{"ab": []}', /^Keys by Table "ab" is not a valid name/],
    [
      '{"Customers": {"id": 1}}',
      /^Keys by Table\["Customers"\] must be a JSON array of key objects, or an object with keys/,
    ],
    ['{"Customers": [1]}', /^Keys by Table\["Customers"\] \(index 0\) is not a JSON object/],
  ])("refuses Keys by Table %j, naming the input", async (value, message) => {
    const error = await getTables(value).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).label).toBe("Keys by Table");
    expect((error as Error).message).toMatch(message);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("echoes a table name or field it refuses without raw newlines or ANSI escapes", () => {
    const red = "\u001b[31m";
    for (const run of [
      () => cleanKeysByTable(JSON.stringify({ [`ab\n${red}X`]: [] })),
      () => cleanWritesByTable(JSON.stringify({ Notes: [{ [`pu${red}t\n`]: {} }] })),
    ]) {
      expect(run).toThrow(InputError);
      try {
        run();
      } catch (error) {
        const message = (error as Error).message;
        expect(message).not.toContain("\n");
        expect(message).not.toContain(red);
        expect(message).toContain("\\u001b[31m");
      }
    }
  });

  it("takes a table's own read options, as BatchGetItem's KeysAndAttributes (either spelling)", () => {
    const [orders, notes] = cleanKeysByTable(
      JSON.stringify({
        Orders: {
          Keys: [{ orderId: "o-1", line: 1 }],
          ProjectionExpression: "#s",
          ExpressionAttributeNames: { "#s": "status" },
          ConsistentRead: true,
        },
        Notes: { keys: [{ id: "a" }] },
      }),
    );
    expect(orders).toEqual({
      table: "Orders",
      entries: [{ orderId: "o-1", line: 1 }],
      projection: { expression: "#s", names: { "#s": "status" } },
      consistentRead: true,
    });
    expect(notes).toEqual({ table: "Notes", entries: [{ id: "a" }] });
  });

  it.each([
    [{ Orders: { keys: [], projection: "a" } }, /unknown field "projection"/],
    [
      { Orders: { projectionExpression: "a" } },
      /Keys by Table\["Orders"\] must be a JSON array of key objects, or/,
    ],
    [{ Orders: { keys: null } }, /Keys by Table\["Orders"\]: keys is required/],
    [{ Orders: { keys: {} } }, /Keys by Table\["Orders"\]\.keys must be a JSON array/],
    [
      { Orders: { keys: [], expressionAttributeNames: { "#s": "status" } } },
      /names are only used in the projection/,
    ],
    [
      { Orders: { keys: [], projectionExpression: "#s" } },
      /uses #s, which expressionAttributeNames does not define/,
    ],
    [{ Orders: { keys: [], consistentRead: "yes" } }, /consistentRead must be true or false/],
  ])("refuses a table's read options %j, naming the input", (value, message) => {
    expect(() => cleanKeysByTable(JSON.stringify(value))).toThrow(message);
    expect(() => cleanKeysByTable(JSON.stringify(value))).toThrow(
      expect.objectContaining({ label: "Keys by Table" }),
    );
  });

  it("refuses more than 100 tables", () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`T-${i}`, []]));
    expect(() => cleanKeysByTable(JSON.stringify(many))).toThrow(
      /^Keys by Table names 101 tables; one step takes at most 100/,
    );
  });

  it.each([
    [
      '{"Notes": [{"put": {"id": "a"}, "delete": {"id": "b"}}]}',
      /\["Notes"\]\[0\] must be an object with exactly one of put/,
    ],
    ['{"Notes": [{"update": {"id": "a"}}]}', /not "update"/],
    ['{"Notes": [{"put": [1]}]}', /\["Notes"\]\[0\]\.put must be a JSON object/],
  ])("refuses Writes by Table %s, naming the input", (value, message) => {
    expect(() => cleanWritesByTable(value)).toThrow(message);
    try {
      cleanWritesByTable(value);
    } catch (error) {
      expect((error as InputError).label).toBe("Writes by Table");
    }
  });

  it("a key that does not fit its table's schema is refused before any read", async () => {
    const error = await getTables(
      JSON.stringify({ Customers: [{ id: 1 }], Orders: [{ orderId: "o-1" }] }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^Keys by Table\["Orders"\] \(index 0\): the key attribute "line" is missing/,
    );
    expect(ddbMock.commandCalls(BatchGetItemCommand)).toHaveLength(0);
  });

  it("a key written twice in one table is refused before any write; one key in two tables is not", async () => {
    const twice = { Notes: [{ put: { id: "a" } }, { delete: { id: "a" } }] };
    const error = await writeTables(JSON.stringify(twice)).catch((e: unknown) => e);
    expect((error as InputError).code).toBe("duplicate");
    expect((error as Error).message).toMatch(
      /^Writes by Table\["Notes"\]\[0\] and Writes by Table\["Notes"\]\[1\] have the same key \{"id":"a"\}/,
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);

    ddbMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
    const apart = { Notes: [{ put: { id: "1" } }], Customers: [{ put: { id: "1" } }] };
    const { data } = await writeTables(JSON.stringify(apart));
    expect(data.tables.map((table) => [table.tableName, table.written])).toEqual([
      ["Notes", 1],
      ["Customers", 1],
    ]);
  });
});

describe("the tables, before anything is sent", () => {
  it("a table that does not exist fails the step, naming it, before any write", async () => {
    ddbMock.on(DescribeTableCommand, { TableName: "Missing" }).rejects(
      Object.assign(new Error("Requested resource not found"), {
        name: "ResourceNotFoundException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const writes = { Customers: [{ put: { id: 1 } }], Missing: [{ put: { id: 1 } }] };
    const error = await writeTables(JSON.stringify(writes)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^DescribeTable failed on table "Missing" in region us-east-1: ResourceNotFoundException/,
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });

  it("a table given an empty list is reported with nothing done, and not described", async () => {
    ddbMock.on(BatchGetItemCommand).resolves({ Responses: { Notes: [] } });
    const { data } = await getTables('{"Unknown": [], "Notes": [{"id": "a"}]}');
    expect(data.tables.map((table) => [table.tableName, table.requested, table.count])).toEqual([
      ["Unknown", 0, 0],
      ["Notes", 1, 0],
    ]);
    const described = ddbMock
      .commandCalls(DescribeTableCommand)
      .map((c) => c.args[0].input.TableName);
    expect(described).toEqual(["Notes"]);
  });
});

describe("the request builders", () => {
  it("put each table's keys with its options, the tables in the order given", () => {
    const request = batchGetTablesRequest([
      { table: "B", keys: [{ id: { N: "1" } }], options: { ConsistentRead: true } },
      { table: "A", keys: [{ k: { S: "x" } }], options: {} },
    ]);
    expect(request).toEqual({
      RequestItems: {
        B: { ConsistentRead: true, Keys: [{ id: { N: "1" } }] },
        A: { Keys: [{ k: { S: "x" } }] },
      },
    });
    expect(Object.keys(request.RequestItems ?? {})).toEqual(["B", "A"]);
    const writes = batchWriteTablesRequest([
      { table: "B", requests: [{ DeleteRequest: { Key: { id: { N: "1" } } } }] },
      { table: "A", requests: [{ PutRequest: { Item: { k: { S: "x" } } } }] },
    ]);
    expect(writes.RequestItems).toEqual({
      B: [{ DeleteRequest: { Key: { id: { N: "1" } } } }],
      A: [{ PutRequest: { Item: { k: { S: "x" } } } }],
    });
  });
});

describe("Batch Get Items (Multiple Tables)", () => {
  const keys = {
    Customers: Array.from({ length: 60 }, (_, i) => ({ id: String(i) })),
    Orders: Array.from({ length: 60 }, (_, i) => ({ orderId: i, line: "1" })),
    Notes: Array.from({ length: 30 }, (_, i) => ({ id: i })),
  };

  it("sends up to 100 keys a request across tables, each converted by its table's types", async () => {
    serveGets();
    const { data } = await getTables(JSON.stringify(keys), { concurrency: "1" });
    expect(requestShapes("get")).toEqual([
      ["Customers:60", "Orders:40"],
      ["Orders:20", "Notes:30"],
    ]);
    const first = ddbMock.commandCalls(BatchGetItemCommand)[0].args[0].input;
    expect(first.RequestItems?.Customers.Keys?.[0]).toEqual({ id: { N: "0" } });
    expect(first.RequestItems?.Orders.Keys?.[0]).toEqual({ orderId: { S: "0" }, line: { N: "1" } });
    expect(data.tables.map((table) => [table.tableName, table.count, table.requested])).toEqual([
      ["Customers", 60, 60],
      ["Orders", 60, 60],
      ["Notes", 30, 30],
    ]);
    // In the order of their keys, though answered in reverse.
    expect(data.tables[0].items.slice(0, 3)).toEqual([
      { id: 0, body: "x" },
      { id: 1, body: "x" },
      { id: 2, body: "x" },
    ]);
    expect(data.tables[2].items[29]).toEqual({ id: "29", body: "x" });
    expect(data).toMatchObject({
      count: 150,
      requested: 150,
      unprocessedCount: 0,
      truncated: false,
    });
  });

  it("retries only the keys left unprocessed, table by table, and reads each once", async () => {
    // The first answer leaves 7 Orders keys; the third, 5 Orders keys and 3 Notes keys.
    serveGets("x", (table, _keys, call) => {
      if (call === 1) return table === "Orders" ? 7 : 0;
      if (call === 3) return table === "Orders" ? 5 : table === "Notes" ? 3 : 0;
      return 0;
    });
    const { data } = await getTables(JSON.stringify(keys), { concurrency: "1" });
    expect(requestShapes("get")).toEqual([
      ["Customers:60", "Orders:40"],
      ["Orders:7"],
      ["Orders:20", "Notes:30"],
      ["Orders:5", "Notes:3"],
    ]);
    const last = ddbMock.commandCalls(BatchGetItemCommand)[3].args[0].input.RequestItems;
    expect(last?.Orders.Keys?.map((key) => key.orderId.S)).toEqual(["55", "56", "57", "58", "59"]);
    expect(last?.Notes.Keys?.map((key) => key.id.S)).toEqual(["27", "28", "29"]);
    for (const table of data.tables) {
      const ids = table.items.map((item) => JSON.stringify(item));
      expect(new Set(ids).size).toBe(ids.length);
      expect(table.count).toBe(table.requested);
    }
    expect(data.count).toBe(150);
  });

  it("sends each table's own read options, and the action's to the tables that set none", async () => {
    serveGets();
    await getTables(
      JSON.stringify({
        Orders: {
          keys: [{ orderId: "o-1", line: 1 }],
          projectionExpression: "#s",
          expressionAttributeNames: { "#s": "status" },
        },
        Notes: [{ id: "a" }],
      }),
      { projectionExpression: "body", consistentRead: true },
    );
    const sent = ddbMock.commandCalls(BatchGetItemCommand)[0].args[0].input.RequestItems;
    expect(sent?.Orders).toMatchObject({
      ExpressionAttributeNames: { "#s": "status" },
      ConsistentRead: true,
    });
    expect(String(sent?.Orders.ProjectionExpression).split(/,\s*/)[0]).toBe("#s");
    expect(String(sent?.Notes.ProjectionExpression).split(/,\s*/)[0]).toBe("body");
    expect(Object.keys(sent?.Notes.ExpressionAttributeNames ?? {})).not.toContain("#s");
  });

  it("returns what stays unprocessed per table with Return Unprocessed, or names it per table", async () => {
    serveGets("x", (table) => (table === "Notes" ? 2 : 0));
    const { data } = await getTables(JSON.stringify(keys), {
      maxRetries: "1",
      returnUnprocessed: true,
    });
    expect(data.tables.map((table) => table.unprocessedCount)).toEqual([0, 0, 2]);
    expect(data.tables[2].unprocessedKeys).toEqual([{ id: "28" }, { id: "29" }]);
    expect(data.unprocessedCount).toBe(2);

    resetCaches();
    const error = await getTables(JSON.stringify(keys), { maxRetries: "1" }).catch((e) => e);
    expect((error as Error).message).toMatch(
      /^Batch Get Items \(Multiple Tables\): 2 of 150 keys were still unprocessed after the 1 retry Max Retries allows .*by table: Notes 2\. Unprocessed: Keys by Table\["Notes"\] index 28 \{"id":"28"\}/,
    );
  });

  it("stops at the byte budget for all the tables together; the later keys are unread, as given", async () => {
    serveGets("b".repeat(100 * 1024));
    const few = {
      Customers: Array.from({ length: 30 }, (_, i) => ({ id: i })),
      Notes: Array.from({ length: 30 }, (_, i) => ({ id: `n${i}` })),
      Orders: Array.from({ length: 30 }, (_, i) => ({ orderId: `o${i}`, line: 1 })),
    };
    const { data } = await getTables(JSON.stringify(few));
    expect(data.truncated).toBe(true);
    const [customers, notes, orders] = data.tables;
    expect(customers.count).toBe(30);
    expect(notes.count).toBeGreaterThan(15);
    expect(notes.count).toBeLessThan(30);
    expect(orders.count).toBe(0);
    expect(orders.unreadKeys).toEqual(few.Orders);
    expect(notes.unreadKeys).toEqual(few.Notes.slice(notes.count));
    expect(data.count + data.unreadCount).toBe(90);
  });

  it("a failure part way says how far each table got", async () => {
    let call = 0;
    ddbMock.on(BatchGetItemCommand).callsFake(async (input: BatchGetItemCommandInput) => {
      call += 1;
      if (call === 2) throw Object.assign(new Error("Boom"), { name: "InternalServerError" });
      const Responses = Object.fromEntries(
        Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
          table,
          request.Keys ?? [],
        ]),
      );
      return { Responses };
    });
    const error = await getTables(JSON.stringify(keys), { concurrency: "1" }).catch((e) => e);
    expect((error as Error).message).toMatch(
      /^BatchGetItem \(tables Orders, Notes\) failed in region us-east-1: .*Before it failed: Customers: 60 of 60 keys read \(60 items found\); Orders: 40 of 60 keys read \(40 items found\); Notes: 0 of 30 keys read \(0 items found\) \(the items in the error's tables\); the other 50 keys were not read or not confirmed .*; and 45 more\.$/,
    );
  });

  it("a request on one table names that table, as every step names its table", async () => {
    ddbMock
      .on(BatchGetItemCommand)
      .rejects(Object.assign(new Error("Boom"), { name: "InternalServerError" }));
    const error = await getTables(JSON.stringify({ Customers: [{ id: 1 }] })).catch((e) => e);
    expect((error as Error).message).toMatch(
      /^BatchGetItem failed on table "Customers" in region us-east-1: InternalServerError: Boom\b/,
    );
  });
});

describe("Batch Write Items (Multiple Tables)", () => {
  const writes = {
    Customers: Array.from({ length: 20 }, (_, i) => ({ put: { id: i, name: `c${i}` } })),
    Orders: Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? { put: { orderId: i, line: "1" } } : { delete: { orderId: i, line: 1 } },
    ),
    Notes: Array.from({ length: 15 }, (_, i) => ({ delete: { id: `n${i}` } })),
  };

  it("sends up to 25 writes a request across tables, and counts each table's", async () => {
    ddbMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
    const { data } = await writeTables(JSON.stringify(writes), { concurrency: "1" });
    expect(requestShapes("write")).toEqual([
      ["Customers:20", "Orders:5"],
      ["Orders:15", "Notes:10"],
      ["Notes:5"],
    ]);
    const first = ddbMock.commandCalls(BatchWriteItemCommand)[0].args[0].input;
    expect(first.RequestItems?.Orders[0]).toEqual({
      PutRequest: { Item: { orderId: { S: "0" }, line: { N: "1" } } },
    });
    expect(data.tables.map((t) => [t.tableName, t.written, t.deleted])).toEqual([
      ["Customers", 20, 0],
      ["Orders", 10, 10],
      ["Notes", 0, 15],
    ]);
    expect(data).toMatchObject({ written: 30, deleted: 25, unprocessedCount: 0 });
  });

  it("retries only what each table left unprocessed; what stays is returned or named per table", async () => {
    let call = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
      call += 1;
      const orders = input.RequestItems?.Orders ?? [];
      // Orders' last 2 writes of every request stay unprocessed.
      return { UnprocessedItems: orders.length > 0 ? { Orders: orders.slice(-2) } : {} };
    });
    const { data } = await writeTables(JSON.stringify(writes), {
      concurrency: "1",
      maxRetries: "2",
      returnUnprocessed: true,
    });
    const shapes = requestShapes("write");
    expect(shapes[1]).toEqual(["Orders:2"]);
    expect(call).toBe(shapes.length);
    const orders = data.tables[1];
    expect(orders.unprocessedCount).toBe(4);
    expect(orders.written + orders.deleted).toBe(16);
    expect(orders.unprocessed.puts.length + orders.unprocessed.deletes.length).toBe(4);
    expect(data.tables[0]).toMatchObject({ written: 20, unprocessedCount: 0 });
    expect(data.tables[2]).toMatchObject({ deleted: 15, unprocessedCount: 0 });

    resetCaches();
    const error = await writeTables(JSON.stringify(writes), { maxRetries: "1" }).catch((e) => e);
    expect((error as Error).message).toMatch(
      /^Batch Write Items \(Multiple Tables\): 4 of 55 writes were still unprocessed after the 1 retry Max Retries allows .*; Customers: 20 of 20 items written, 0 of 0 keys deleted; Orders: 8 of 10 items written, 8 of 10 keys deleted; Notes: 0 of 0 items written, 15 of 15 keys deleted\. Unprocessed: Writes by Table\["Orders"\]\[3\]/,
    );
    expect(error).toMatchObject({ written: 28, deleted: 23 });
  });

  it("a failure part way says how far each table got, and carries the totals", async () => {
    let call = 0;
    ddbMock.on(BatchWriteItemCommand).callsFake(async () => {
      call += 1;
      if (call === 2) throw Object.assign(new Error("Boom"), { name: "InternalServerError" });
      return { UnprocessedItems: {} };
    });
    const error = await writeTables(JSON.stringify(writes), { concurrency: "1" }).catch((e) => e);
    expect((error as Error).message).toMatch(
      /^BatchWriteItem \(tables Orders, Notes\) failed in region us-east-1: .*Before it failed: Customers: 20 of 20 items written, 0 of 0 keys deleted; Orders: 3 of 10 items written, 2 of 10 keys deleted; Notes: 0 of 0 items written, 0 of 15 keys deleted; the other 30 writes were not applied or not confirmed\.$/,
    );
    expect(error).toMatchObject({ written: 23, deleted: 2 });
  });

  it("a request on one table names that table, as every step names its table", async () => {
    ddbMock
      .on(BatchWriteItemCommand)
      .rejects(Object.assign(new Error("Boom"), { name: "InternalServerError" }));
    const error = await writeTables(JSON.stringify({ Notes: [{ delete: { id: "n1" } }] })).catch(
      (e) => e,
    );
    expect((error as Error).message).toMatch(
      /^BatchWriteItem failed on table "Notes" in region us-east-1: InternalServerError: Boom\b/,
    );
  });
});

/**
 * Writes that DynamoDB applied but whose answer was lost (an HTTP 500 after the write, or an
 * answer cut short, injected by tools/faultProxy.ts in front of DynamoDB Local): the SDK sends
 * the request again, and what the step then reports must not pass the retry's view off as the
 * truth. Batch Execute Statements marks each write of such a request as uncertain; a single write
 * whose condition then fails says that its own earlier attempt may have applied it; a single
 * write that succeeds says it may have been applied twice (mayHaveBeenAppliedTwice) and moves the
 * attributes DynamoDB returned to unverified.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { resetClientSettings } from "../../src/aws/client";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { post } from "../../tools/unprocessedItems";
import { harness, quietLogger, resetCaches } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("resent_writes");
const RESENT_HINT =
  "An earlier attempt of this request got a server error or no answer after it was sent, and may have applied the write itself";
let proxy: FaultProxy;
let raw: DynamoDBClient;

interface StatementResult {
  index: number;
  succeeded: boolean;
  uncertain: boolean;
  error: { code: string } | null;
}
interface BatchData {
  results: StatementResult[];
  succeededCount: number;
  failedIndexes: number[];
  uncertainIndexes: number[];
}

function run(key: string, params: Record<string, unknown>): Promise<unknown> {
  return harness.action(key, {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    ...params,
  });
}

async function batch(statements: unknown[]): Promise<BatchData> {
  const result = (await run("batchExecuteStatements", {
    statements: JSON.stringify(statements),
  })) as { data: BatchData };
  return result.data;
}

async function storedIds(): Promise<string[]> {
  const { Items } = await raw.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return (Items ?? []).map((item) => item.id.S as string).sort();
}

beforeAll(async () => {
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await createTestTable(table, { hashKey: { name: "id", type: "S" } });
});

afterAll(async () => {
  await proxy.close();
  await deleteTestTable(table);
  raw.destroy();
});

beforeEach(() => {
  resetCaches();
  proxy.reset();
});

afterEach(() => {
  resetClientSettings();
  resetCaches();
});

describe("Batch Execute Statements whose applied request is sent again", () => {
  it("marks the INSERTs the lost attempt applied as uncertain, not plainly failed", async () => {
    proxy.inject("BatchExecuteStatement", { kind: "serverError", status: 500, applied: true });
    const data = await batch(
      ["a", "b"].map((id) => ({
        statement: `INSERT INTO "${table}" VALUE {'id': ?, 'n': 1}`,
        parameters: [id],
      })),
    );
    expect(proxy.count("BatchExecuteStatement")).toBe(2);
    // Both items are in the table: the first attempt wrote them.
    expect(await storedIds()).toEqual(["a", "b"]);
    // The retry found them and says DuplicateItem; the output must say that may be its own write.
    expect(data.results.map((result) => result.error?.code)).toEqual([
      "DuplicateItem",
      "DuplicateItem",
    ]);
    expect(data.results.map((result) => result.uncertain)).toEqual([true, true]);
    expect(data.uncertainIndexes).toEqual([0, 1]);
  });

  it("marks a counter the retry applied a second time as uncertain", async () => {
    await raw.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: "c" }, n: { N: "0" } } }),
    );
    proxy.inject("BatchExecuteStatement", { kind: "serverError", status: 500, applied: true });
    const data = await batch([
      { statement: `UPDATE "${table}" SET n = n + 1 WHERE id = ?`, parameters: ["c"] },
    ]);
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: "c" } }, ConsistentRead: true }),
    );
    expect(Item?.n).toEqual({ N: "2" });
    expect(data.results[0]).toEqual(expect.objectContaining({ succeeded: true, uncertain: true }));
    expect(data.uncertainIndexes).toEqual([0]);
  });

  it("a request retried after throttling (never applied) is certain", async () => {
    proxy.inject("BatchExecuteStatement", { kind: "throttle" });
    const data = await batch([
      { statement: `INSERT INTO "${table}" VALUE {'id': ?, 'n': 1}`, parameters: ["t"] },
    ]);
    expect(proxy.count("BatchExecuteStatement")).toBe(2);
    expect(data.results[0]).toEqual(expect.objectContaining({ succeeded: true, uncertain: false }));
    expect(data.uncertainIndexes).toEqual([]);
  });
});

describe("Batch Execute Statements' own retry of a statement that failed with a server error", () => {
  it("marks the write uncertain: the server error may have come after it was applied", async () => {
    // The first answer of the batch is DynamoDB Local's, with statement 0's success replaced by
    // InternalServerError (applied, then reported failed); later requests pass.
    let answered = 0;
    const local = {
      upstream: localEndpoint(),
      accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
      region: LOCAL_REGION,
    };
    const faulty = await startFaultProxy({
      upstream: localEndpoint(),
      answer: async (operation, body) => {
        if (operation !== "BatchExecuteStatement" || answered++ > 0) return undefined;
        const answer = await post(local, operation, JSON.parse(body.toString("utf8")));
        const responses = answer.body.Responses as unknown[];
        responses[0] = { Error: { Code: "InternalServerError", Message: "Internal server error" } };
        return answer;
      },
    });
    try {
      const result = (await harness.action("batchExecuteStatements", {
        awsConnection: localConnection({ endpoint: faulty.endpoint }),
        awsRegion: LOCAL_REGION,
        statements: JSON.stringify([
          { statement: `INSERT INTO "${table}" VALUE {'id': ?, 'n': 1}`, parameters: ["ise"] },
        ]),
      })) as { data: BatchData };
      expect(await storedIds()).toContain("ise");
      expect(result.data.results[0]).toEqual(
        expect.objectContaining({ succeeded: false, uncertain: true }),
      );
      expect(result.data.uncertainIndexes).toEqual([0]);
    } finally {
      await faulty.close();
    }
  });
});

describe("Batch Execute Statements whose retry request fails for good", () => {
  it("says which statements had succeeded before it failed", async () => {
    // The first request applies statement 0 and answers ThrottlingError for statement 1 (not
    // sent to DynamoDB Local); the retry of statement 1 fails with HTTP 500 for good.
    const local = {
      upstream: localEndpoint(),
      accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
      region: LOCAL_REGION,
    };
    const faulty = await startFaultProxy({
      upstream: localEndpoint(),
      answer: async (operation, body) => {
        if (operation !== "BatchExecuteStatement") return undefined;
        const request = JSON.parse(body.toString("utf8")) as { Statements: unknown[] };
        const answer = await post(local, operation, { Statements: request.Statements.slice(0, 1) });
        const responses = answer.body.Responses as unknown[];
        responses.push({ Error: { Code: "ThrottlingError", Message: "Throttled" } });
        return answer;
      },
    });
    faulty.inject("BatchExecuteStatement", { kind: "pass" }, { kind: "serverError", status: 500 });
    try {
      const error = (await failure(
        harness.action("batchExecuteStatements", {
          awsConnection: localConnection({ endpoint: faulty.endpoint }),
          awsRegion: LOCAL_REGION,
          statements: JSON.stringify(
            ["p0", "p1"].map((id) => ({
              statement: `INSERT INTO "${table}" VALUE {'id': ?, 'n': 1}`,
              parameters: [id],
            })),
          ),
          maxAttempts: "1",
        }),
      )) as Error & Record<string, unknown>;
      const stored = await storedIds();
      expect(stored).toContain("p0");
      expect(stored).not.toContain("p1");
      expect(error.message).toMatch(/^BatchExecuteStatement failed in region /);
      expect(error.message).toContain(
        "Before it failed, 1 of 2 statements had succeeded (Statements[0]); the others were not applied or not confirmed.",
      );
      expect(error).toEqual(
        expect.objectContaining({ succeededIndexes: [0], unconfirmedIndexes: [1] }),
      );
    } finally {
      await faulty.close();
    }
  });
});

describe("a conditional write whose applied request is sent again", () => {
  it("says the condition may have failed on its own earlier attempt", async () => {
    proxy.inject("PutItem", { kind: "serverError", status: 500, applied: true });
    const error = await failure(
      run("createItem", {
        tableName: table,
        itemJson: JSON.stringify({ id: "once" }),
        conditionExpression: "attribute_not_exists(id)",
      }),
    );
    expect(await storedIds()).toContain("once");
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain(RESENT_HINT);
    expect(error.message).not.toContain("so nothing was written");
  });

  it("an answer cut short counts as lost: the write may have been applied", async () => {
    proxy.inject("PutItem", { kind: "cut" });
    const error = await failure(
      run("createItem", {
        tableName: table,
        itemJson: JSON.stringify({ id: "cut" }),
        conditionExpression: "attribute_not_exists(id)",
      }),
    );
    expect(proxy.count("PutItem")).toBe(2);
    expect(await storedIds()).toContain("cut");
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain(RESENT_HINT);
  });

  it("a versioned write does not say the item changed since it was read, when it changed it", async () => {
    await raw.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: "v" }, version: { N: "1" } } }),
    );
    proxy.inject("PutItem", { kind: "serverError", status: 500, applied: true });
    const error = await failure(
      run("createItem", {
        tableName: table,
        itemJson: JSON.stringify({ id: "v", title: "new" }),
        versionAttribute: "version",
        expectedVersion: "1",
      }),
    );
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: "v" } }, ConsistentRead: true }),
    );
    // The first attempt wrote version 2.
    expect(Item?.version).toEqual({ N: "2" });
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain(RESENT_HINT);
    expect(error.message).not.toContain("Nothing was written");
  });
});

/** The item of `id` as DynamoDB Local holds it now. */
async function storedItem(id: string) {
  const { Item } = await raw.send(
    new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
  );
  return Item;
}

describe("a single-item write that succeeds after its applied request is sent again", () => {
  const counter = (id: string) => ({
    tableName: table,
    value: id,
    query: "SET n = n + :one",
    queryParams: [{ key: ":one", value: "1" }],
    queryParamTypes: [{ key: ":one", value: "N" }],
    returnValues: "UPDATED_OLD",
  });

  it.each([
    ["an HTTP 500 after the write", { kind: "serverError", status: 500, applied: true } as const],
    ["an answer cut short", { kind: "cut" } as const],
  ])("Update Item SET n = n + :one after %s: applied twice, and says so", async (_what, fault) => {
    const id = `counter-${fault.kind}`;
    await raw.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: id }, n: { N: "0" } } }),
    );
    proxy.inject("UpdateItem", fault);
    const logger = quietLogger();
    const result = (await harness.action(
      "updateItem",
      {
        awsConnection: localConnection({ endpoint: proxy.endpoint }),
        awsRegion: LOCAL_REGION,
        ...counter(id),
      },
      { logger } as never,
    )) as { data: Record<string, unknown> };
    expect(proxy.count("UpdateItem")).toBe(2);
    // The fault is real: both attempts were applied.
    expect((await storedItem(id))?.n).toEqual({ N: "2" });
    // UPDATED_OLD of the retry is the first attempt's n = 1, not the 0 it was before the step.
    expect(result.data).toEqual({
      item: null,
      mayHaveBeenAppliedTwice: true,
      unverified: { item: { n: 1 } },
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`^UpdateItem on table "${table}": .* applied twice`)),
    );
  });

  it("Upsert Item's ALL_OLD after a lost answer is its own item: moved to unverified", async () => {
    await raw.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: "up" }, n: { N: "0" } } }),
    );
    proxy.inject("PutItem", { kind: "serverError", status: 500, applied: true });
    const result = (await run("createItem", {
      tableName: table,
      itemJson: JSON.stringify({ id: "up", n: 5 }),
      returnValues: "ALL_OLD",
    })) as { data: Record<string, unknown> };
    expect(result.data).toEqual({
      item: { id: "up", n: 5 },
      previousItem: null,
      mayHaveBeenAppliedTwice: true,
      unverified: { previousItem: { id: "up", n: 5 } },
    });
  });

  it("Delete Item's ALL_OLD after a lost answer is nothing: not reported as no item", async () => {
    await raw.send(new PutItemCommand({ TableName: table, Item: { id: { S: "del" } } }));
    proxy.inject("DeleteItem", { kind: "serverError", status: 500, applied: true });
    const result = (await run("deleteItem", {
      tableName: table,
      value: "del",
      returnValues: "ALL_OLD",
    })) as { data: Record<string, unknown> };
    expect(await storedItem("del")).toBeUndefined();
    expect(result.data).toEqual({
      item: null,
      mayHaveBeenAppliedTwice: true,
      unverified: { item: null },
    });
  });

  it("a Raw Request UPDATE counter after a lost answer: applied twice, and says so", async () => {
    await raw.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: "raw" }, n: { N: "0" } } }),
    );
    proxy.inject("ExecuteStatement", { kind: "serverError", status: 500, applied: true });
    const result = (await run("rawRequest", {
      statement: `UPDATE "${table}" SET n = n + 1 WHERE id = 'raw' RETURNING MODIFIED OLD *`,
    })) as { data: Record<string, unknown> };
    expect((await storedItem("raw"))?.n).toEqual({ N: "2" });
    expect(result.data).toEqual(
      expect.objectContaining({
        items: [],
        count: 0,
        mayHaveBeenAppliedTwice: true,
        unverified: { items: [{ n: 1 }], count: 1 },
      }),
    );
  });

  it("Update Item retried after throttling (never applied) is applied once and reported as usual", async () => {
    await raw.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: "thr" }, n: { N: "0" } } }),
    );
    proxy.inject("UpdateItem", { kind: "throttle" });
    const result = (await run("updateItem", counter("thr"))) as { data: unknown };
    expect((await storedItem("thr"))?.n).toEqual({ N: "1" });
    expect(result.data).toEqual({ item: { n: 0 } });
  });
});

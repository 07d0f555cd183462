/**
 * A single-item write whose request the SDK sent again after a server error (an attempt that may
 * have been applied) says so in its data (mayHaveBeenAppliedTwice), moves the attributes DynamoDB
 * returned to `unverified` (they may show the item as its own first attempt left it), and warns
 * in the step's log naming the operation and table (src/outputs/resentWrites.ts).
 *
 * The SDK runs for real here (its retry loop, the connector's retry watch): aws-sdk-client-mock
 * replaces `send` and so skips both. The endpoint is the fault proxy on loopback with canned
 * answers (no DynamoDB behind it): its first answer to the write is an HTTP 500, the next one
 * the canned answer, as DynamoDB answers the retry of a write its first attempt applied.
 */
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const TABLE = {
  Table: {
    TableName: "Customers",
    TableStatus: "ACTIVE",
    KeySchema: [{ AttributeName: "customerId", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "customerId", AttributeType: "N" }],
  },
};

/** What DynamoDB answered the resent write (the item as the first attempt left it). */
const AFTER_FIRST_ATTEMPT = { customerId: { N: "1001" }, visits: { N: "1" } };

const ANSWERS: Record<string, unknown> = {
  DescribeTable: TABLE,
  PutItem: { Attributes: AFTER_FIRST_ATTEMPT },
  UpdateItem: { Attributes: { visits: { N: "1" } } },
  // The first attempt deleted the item: the retry finds none.
  DeleteItem: {},
  ExecuteStatement: { Items: [AFTER_FIRST_ATTEMPT] },
};

let proxy: FaultProxy;

beforeAll(async () => {
  proxy = await startFaultProxy({
    // Never reached: every request gets a canned answer.
    upstream: "http://127.0.0.1:9",
    answer: async (operation) => ({ status: 200, body: ANSWERS[operation] ?? {} }),
  });
});

afterAll(() => proxy.close());

beforeEach(() => {
  resetCaches();
  proxy.reset();
});

afterEach(resetCaches);

/** Runs `key` against the proxy; resolves to its data and its step logger. */
async function run(key: string, params: Record<string, unknown>) {
  const logger = quietLogger();
  const result = (await harness.action(
    key,
    {
      awsConnection: keySecretConnection({ endpoint: proxy.endpoint }),
      awsRegion: "us-east-1",
      ...params,
    },
    { logger } as never,
  )) as { data: Record<string, unknown> };
  return { data: result.data, logger };
}

const WRITES: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
  [
    "createItem",
    "PutItem",
    {
      tableName: "Customers",
      itemJson: JSON.stringify({ customerId: 1001, visits: 1 }),
      returnValues: "ALL_OLD",
    },
    { previousItem: { customerId: 1001, visits: 1 } },
  ],
  [
    "updateItem",
    "UpdateItem",
    {
      tableName: "Customers",
      value: "1001",
      query: "SET visits = visits + :one",
      queryParams: [{ key: ":one", value: "1" }],
      queryParamTypes: [{ key: ":one", value: "N" }],
      returnValues: "UPDATED_OLD",
    },
    { item: { visits: 1 } },
  ],
  [
    "deleteItem",
    "DeleteItem",
    { tableName: "Customers", value: "1001", returnValues: "ALL_OLD" },
    { item: null },
  ],
  [
    "rawRequest",
    "ExecuteStatement",
    {
      statement:
        'UPDATE "Customers" SET visits = visits + 1 WHERE customerId = 1001 RETURNING ALL OLD *',
    },
    { items: [{ customerId: 1001, visits: 1 }], count: 1 },
  ],
];

describe("a single-item write resent after a server error", () => {
  it.each(WRITES)(
    "%s says it may have been applied twice",
    async (key, operation, params, moved) => {
      proxy.inject(operation, { kind: "serverError", status: 500 });
      const { data, logger } = await run(key, params);
      expect(proxy.count(operation)).toBe(2);
      expect(data.mayHaveBeenAppliedTwice).toBe(true);
      // The returned attributes are not presented as the item before the write.
      expect(data.unverified).toEqual(moved);
      for (const field of Object.keys(moved)) {
        expect(data[field]).toEqual(field === "items" ? [] : field === "count" ? 0 : null);
      }
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0][0]).toMatch(
        new RegExp(`^${operation} on table "Customers": .* may have been applied twice`),
      );
    },
  );

  it.each(WRITES)(
    "%s is reported as usual when nothing was resent",
    async (key, _op, params, moved) => {
      const { data, logger } = await run(key, params);
      expect(data).not.toHaveProperty("mayHaveBeenAppliedTwice");
      expect(data).not.toHaveProperty("unverified");
      expect(data).toEqual(expect.objectContaining(moved));
      expect(logger.warn).not.toHaveBeenCalled();
    },
  );

  it("a write retried after throttling (refused, never applied) is reported as usual", async () => {
    proxy.inject("UpdateItem", { kind: "throttle" });
    const { data, logger } = await run("updateItem", WRITES[1][2]);
    expect(proxy.count("UpdateItem")).toBe(2);
    expect(data).toEqual({ item: { visits: 1 } });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each(["ALL_NEW", "UPDATED_NEW"])(
    "Update Item's %s after a resend is the item as it is now: it stays in item, flagged",
    async (returnValues) => {
      proxy.inject("UpdateItem", { kind: "serverError", status: 500 });
      const { data, logger } = await run("updateItem", { ...WRITES[1][2], returnValues });
      expect(proxy.count("UpdateItem")).toBe(2);
      expect(data).toEqual({ item: { visits: 1 }, mayHaveBeenAppliedTwice: true });
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0][0]).toMatch(/may have been applied twice\. .* as it is now/);
    },
  );

  it("a SELECT resent after a server error applied nothing: its items stand", async () => {
    proxy.inject("ExecuteStatement", { kind: "serverError", status: 500 });
    const { data, logger } = await run("rawRequest", {
      statement: 'SELECT * FROM "Customers" WHERE customerId = 1001',
    });
    expect(proxy.count("ExecuteStatement")).toBe(2);
    expect(data).not.toHaveProperty("mayHaveBeenAppliedTwice");
    expect(data.items).toEqual([{ customerId: 1001, visits: 1 }]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("a versioned write that succeeds on its resend was applied once: its version condition would have failed otherwise", async () => {
    proxy.inject("PutItem", { kind: "serverError", status: 500 });
    const { data } = await run("createItem", {
      tableName: "Customers",
      itemJson: JSON.stringify({ customerId: 1001, visits: 1 }),
      returnValues: "ALL_OLD",
      versionAttribute: "version",
      expectedVersion: "1",
    });
    expect(proxy.count("PutItem")).toBe(2);
    expect(data).not.toHaveProperty("mayHaveBeenAppliedTwice");
    expect(data.previousItem).toEqual({ customerId: 1001, visits: 1 });
  });
});

/**
 * Why Transact Write Items and Execute Transaction need no mayHaveBeenAppliedTwice: the SDK fills
 * a missing ClientRequestToken (the input's idempotencyToken member) when it serializes the
 * request, a step that runs before its retry loop, so every attempt of one step carries the same
 * token, and DynamoDB applies a transaction at most once per token (within 10 minutes). If an SDK
 * update ever generated the token per attempt, this fails, and those actions need the rule of
 * src/outputs/resentWrites.ts too.
 *
 * The SDK runs for real here (aws-sdk-client-mock would skip serialization and retries): the
 * endpoint is the fault proxy on loopback, whose canned answers record each request body and
 * answer the first attempt of each transaction with an HTTP 500.
 */
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness, keySecretConnection, quietLogger, resetCaches } from "../support/harness";

const TABLE = {
  Table: {
    TableName: "Counters",
    TableStatus: "ACTIVE",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  },
};

const SERVER_ERROR = {
  __type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
  message: "Internal server error",
};

let proxy: FaultProxy;
/** The ClientRequestToken of each transaction request, in order of arrival. */
let tokens: unknown[] = [];

beforeAll(async () => {
  proxy = await startFaultProxy({
    // Never reached: every request gets a canned answer.
    upstream: "http://127.0.0.1:9",
    answer: async (operation, body) => {
      if (operation === "DescribeTable") return { status: 200, body: TABLE };
      tokens.push(
        (JSON.parse(body.toString("utf8")) as { ClientRequestToken?: unknown }).ClientRequestToken,
      );
      return tokens.length === 1 ? { status: 500, body: SERVER_ERROR } : { status: 200, body: {} };
    },
  });
});

afterAll(() => proxy.close());

beforeEach(() => {
  resetCaches();
  tokens = [];
});

afterEach(resetCaches);

function run(key: string, params: Record<string, unknown>) {
  return harness.action(
    key,
    {
      awsConnection: keySecretConnection({ endpoint: proxy.endpoint }),
      awsRegion: "us-east-1",
      ...params,
    },
    { logger: quietLogger() } as never,
  ) as Promise<{ data: Record<string, unknown> }>;
}

const TRANSACTIONS: [string, Record<string, unknown>][] = [
  [
    "transactWriteItems",
    {
      operations: JSON.stringify([
        {
          update: {
            tableName: "Counters",
            key: { id: "c" },
            updateExpression: "SET n = n + :one",
            expressionAttributeValues: { ":one": 1 },
          },
        },
      ]),
    },
  ],
  [
    "executeTransaction",
    { statements: JSON.stringify([`UPDATE "Counters" SET n = n + 1 WHERE id = 'c'`]) },
  ],
];

describe("a transaction resent after a server error", () => {
  it.each(TRANSACTIONS)("%s sends every attempt with the SDK's one token", async (key, params) => {
    const { data } = await run(key, params);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(tokens[1]).toBe(tokens[0]);
    // DynamoDB applied it at most once: nothing to flag.
    expect(data).not.toHaveProperty("mayHaveBeenAppliedTwice");
  });

  it.each(TRANSACTIONS)(
    "%s sends every attempt with the Client Request Token given",
    async (key, params) => {
      await run(key, { ...params, clientRequestToken: "order-1001-checkout" });
      expect(tokens).toEqual(["order-1001-checkout", "order-1001-checkout"]);
    },
  );
});

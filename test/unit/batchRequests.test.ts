/**
 * The batch actions' requests are built by pure functions (src/engines/batchGet.ts,
 * src/engines/batchWrites.ts): called here without a client, they give the SDK input sent, or an
 * InputError naming the input and index before anything could be sent.
 */
import { LosslessNumber } from "lossless-json";
import {
  batchGetOptions,
  batchGetRequest,
  distinctKeys,
  unprocessedKeysError,
} from "../../src/engines/batchGet";
import { RetryStops } from "../../src/engines/batchRuns";
import { batchWriteRequest, buildWrites } from "../../src/engines/batchWrites";
import type { KeySchema, TableKeys } from "../../src/engines/keySchema";
import { InputError } from "../../src/inputs";
import { batchGetData } from "../../src/outputs/batch";

const SCHEMA: KeySchema = { hash: { name: "id", type: "N" }, range: { name: "sk", type: "S" } };
const KEYS: TableKeys = {
  table: ["id", "sk"],
  indexes: { byScore: ["score"] },
  types: { id: "N", sk: "S", score: "N" },
};

describe("batchGetRequest and batchGetOptions", () => {
  it("adds the key attributes a projection leaves out, and says which it added", () => {
    const read = { projectionExpression: "#c", expressionAttributeNames: { "#c": "city" } };
    const { options, added } = batchGetOptions(SCHEMA, read);
    expect(added).toEqual(["id", "sk"]);
    expect(options.ConsistentRead).toBeUndefined();
    const projected = String(options.ProjectionExpression).split(/,\s*/);
    expect(projected[0]).toBe("#c");
    expect(projected).toHaveLength(3);
    const request = batchGetRequest("T", [{ id: { N: "1" }, sk: { S: "a" } }], options);
    expect(request.RequestItems?.T).toEqual({
      ...options,
      Keys: [{ id: { N: "1" }, sk: { S: "a" } }],
    });
  });

  it("without a projection, asks for whole items", () => {
    const { options, added } = batchGetOptions(SCHEMA, { consistentRead: true });
    expect(added).toEqual([]);
    expect(options).toEqual({
      ProjectionExpression: undefined,
      ExpressionAttributeNames: undefined,
      ConsistentRead: true,
    });
  });
});

describe("distinctKeys", () => {
  it("converts keys by the table's types and reads each key once, by value", async () => {
    const { entries } = await distinctKeys(
      [
        { id: 1, sk: "a" },
        { id: "1.0", sk: "a" },
        { id: 2, sk: 3 },
      ],
      SCHEMA,
    );
    expect(entries.map((entry) => [entry.index, entry.key])).toEqual([
      [0, { id: { N: "1" }, sk: { S: "a" } }],
      [2, { id: { N: "2" }, sk: { S: "3" } }],
    ]);
  });

  it("a key that does not fit is an InputError naming its index", async () => {
    await expect(distinctKeys([{ id: 1, sk: "a" }, { id: 1 }], SCHEMA)).rejects.toThrow(
      /^Keys \(index 1\): the key attribute "sk" is missing/,
    );
  });

  /** One request given up once it had made `maxRetries` retries. */
  const stopsAtMaxRetries = (maxRetries: number) =>
    Object.assign(new RetryStops(maxRetries), { atMaxRetries: 1 });

  it("an unprocessed key is named by its place in Keys", async () => {
    const { entries } = await distinctKeys([{ id: 5, sk: "x" }], SCHEMA);
    expect(unprocessedKeysError(entries, 1, stopsAtMaxRetries(3)).message).toMatch(
      /^Batch Get Items: 1 of 1 keys were still unprocessed after the 3 retries Max Retries allows .*: Keys index 0 \{"id":5,"sk":"x"\}\./,
    );
  });
});

describe("batchGetData", () => {
  it("returns items in the order of their keys, and unread keys as given", async () => {
    const { entries } = await distinctKeys(
      [
        { id: 1, sk: "a" },
        { id: 2, sk: "b" },
      ],
      SCHEMA,
    );
    const given = [
      { id: 1, sk: "a" },
      { id: "2", sk: "b" },
    ];
    const read = {
      found: [{ at: 0, item: { id: 1 } }],
      unprocessed: [],
      unread: [entries[1]],
      requested: 2,
    };
    expect(batchGetData(read, given, false)).toMatchObject({
      items: [{ id: 1 }],
      count: 1,
      truncated: true,
      truncatedReason: "byteBudget",
      unreadKeys: [{ id: "2", sk: "b" }],
    });
  });
});

describe("unread keys given as exactly kept numbers", () => {
  it("are plain JSON numbers, not lossless-number objects", async () => {
    const { entries } = await distinctKeys([{ id: 1, sk: "a" }], SCHEMA);
    const given = [{ id: new LosslessNumber("1"), sk: "a" }];
    const read = { found: [], unprocessed: [], unread: [entries[0]], requested: 1 };
    const { unreadKeys } = batchGetData(read, given, false);
    expect(unreadKeys).toEqual([{ id: 1, sk: "a" }]);
    // As a flow's next step receives it.
    expect(JSON.parse(JSON.stringify(unreadKeys))).toEqual([{ id: 1, sk: "a" }]);
  });
});

describe("batchWriteRequest and buildWrites", () => {
  it("puts with key and index key attributes converted, deletes with the key, in input order", async () => {
    const writes = await buildWrites(
      [{ id: "7", sk: 1, score: "2" }],
      [{ id: 8, sk: "b" }],
      SCHEMA,
      KEYS,
    );
    expect(
      batchWriteRequest(
        "T",
        writes.map((entry) => entry.request),
      ),
    ).toEqual({
      RequestItems: {
        T: [
          { PutRequest: { Item: { id: { N: "7" }, sk: { S: "1" }, score: { N: "2" } } } },
          { DeleteRequest: { Key: { id: { N: "8" }, sk: { S: "b" } } } },
        ],
      },
    });
  });

  it("one key twice across both inputs is an InputError naming both, compared by value", async () => {
    const build = buildWrites([{ id: 7, sk: "a" }], [{ id: "7.0", sk: "a" }], SCHEMA, KEYS);
    await expect(build).rejects.toThrow(InputError);
    await expect(build).rejects.toThrow(
      'Items to Put index 0 and Keys to Delete index 0 have the same key {"id":7,"sk":"a"}.',
    );
  });
});

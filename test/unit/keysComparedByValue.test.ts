/**
 * Key values and versions are compared by type and value, after conversion to the table's key
 * types: never by their text, never through a JS number (issue 18, case 11), and index key
 * attributes are converted or refused before anything is written (case 12).
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import fc from "fast-check";
import type { TableKeys } from "../../src/engines/keySchema";
import { checkIndexKeyAssignments, keyIdentity } from "../../src/engines/keyValues";
import { buildUpdateFromJson } from "../../src/engines/updateJson";
import { versionedPatch, versionLock } from "../../src/engines/versioning";
import { InputError } from "../../src/inputs";
import { keyValueIdentity, sameKeyValue } from "../../src/values";
import { harness, keySecretConnection, resetCaches } from "../support/harness";

/** A key-value list input as the designer gives it. */
function kv(entries: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

const ddbMock = mockClient(DynamoDBClient);
const base = () => ({
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Ledger",
});

/** Ledger: keyed on a number id; index byScore on a number score, index byTag on a string tag. */
const LEDGER = {
  Table: {
    TableName: "Ledger",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
    AttributeDefinitions: [
      { AttributeName: "id", AttributeType: "N" as const },
      { AttributeName: "score", AttributeType: "N" as const },
      { AttributeName: "tag", AttributeType: "S" as const },
    ],
    GlobalSecondaryIndexes: [
      { IndexName: "byScore", KeySchema: [{ AttributeName: "score", KeyType: "HASH" as const }] },
      { IndexName: "byTag", KeySchema: [{ AttributeName: "tag", KeyType: "HASH" as const }] },
    ],
  },
};
const LEDGER_KEYS: TableKeys = {
  table: ["id"],
  indexes: { byScore: ["score"], byTag: ["tag"] },
  types: { id: "N", score: "N", tag: "S" },
};

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves(LEDGER);
  ddbMock.on(PutItemCommand).resolves({});
  ddbMock.on(UpdateItemCommand).resolves({});
  ddbMock.on(TransactWriteItemsCommand).resolves({});
});
afterAll(() => ddbMock.restore());

/** A thrown error that must be an InputError (never a TypeError), or nothing. */
function inputErrorOrNothing(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
  }
}

describe("keyValueIdentity", () => {
  it("one number however written, exactly past 2^53", () => {
    const ids = ["1", "1.0", "1e0", "10E-1", "+1", "0.1e1"].map((N) => keyValueIdentity({ N }));
    expect(new Set(ids).size).toBe(1);
    expect(sameKeyValue({ N: "9007199254740993" }, { N: "9007199254740992" })).toBe(false);
    expect(sameKeyValue({ N: "12345678901234567890" }, { N: "1.234567890123456789E19" })).toBe(
      true,
    );
    expect(sameKeyValue({ N: "0" }, { N: "-0.0" })).toBe(true);
  });

  it("type counts: the text 1 is not the number 1; binary compares its bytes", () => {
    expect(sameKeyValue({ S: "1" }, { N: "1" })).toBe(false);
    expect(
      sameKeyValue({ B: new Uint8Array([0, 1, 2]) }, { B: Buffer.from("AAEC", "base64") }),
    ).toBe(true);
    expect(sameKeyValue({ B: new Uint8Array([0, 1, 2]) }, { S: "AAEC" })).toBe(false);
  });

  it("anything that is no key value has no identity, and never throws", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        const identity = keyValueIdentity(a);
        expect(identity === undefined || typeof identity === "string").toBe(true);
        expect(typeof sameKeyValue(a, b)).toBe("boolean");
        expect(() =>
          keyIdentity({ id: a } as never, { hash: { name: "id", type: "N" } }),
        ).not.toThrow();
      }),
    );
    for (const odd of [null, undefined, [], {}, { NULL: true }, { M: {} }, "1", 1, { N: 1 }]) {
      expect(keyValueIdentity(odd)).toBeUndefined();
      expect(sameKeyValue(odd, odd)).toBe(false);
    }
  });
});

describe("Update JSON with the whole item read by Get Item", () => {
  it("a number key past 2^53 (Get Item gives it as text) is not a key change", () => {
    const update = buildUpdateFromJson(
      { id: "12345678901234567890", status: "done" },
      { key: { id: { N: "12345678901234567890" } } },
    );
    expect(update.ExpressionAttributeNames).toEqual({ "#u0": "status" });
  });

  it("a binary key given as base64 is not a key change", () => {
    const update = buildUpdateFromJson(
      { pk: "AAEC", status: "done" },
      { key: { pk: { B: new Uint8Array([0, 1, 2]) } } },
    );
    expect(update.ExpressionAttributeNames).toEqual({ "#u0": "status" });
  });

  it.each([
    ["another number", "12345678901234567891"],
    ["a JS number that lost the last digits", Number("12345678901234567890")],
    ["text that is no number", "abc"],
    ["null", null],
    ["an array", [1]],
    ["an object", { N: "x" }],
    ["a boolean", true],
  ])("%s for the key is refused as a key change", (_what, value) => {
    expect(() =>
      buildUpdateFromJson({ id: value }, { key: { id: { N: "12345678901234567890" } } }),
    ).toThrow('Update JSON: "id" is part of the table\'s key and cannot be changed');
  });

  it("any value for a key attribute gives a patch or an InputError, never a TypeError", () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom("S", "N", "B"), (value, type) => {
        const key: AttributeValue =
          type === "B" ? { B: new Uint8Array([1]) } : type === "S" ? { S: "1" } : { N: "1" };
        inputErrorOrNothing(() =>
          buildUpdateFromJson({ id: value, x: 1 }, { key: { id: key }, tableKeys: LEDGER_KEYS }),
        );
        inputErrorOrNothing(() =>
          buildUpdateFromJson({ score: value }, { tableKeys: LEDGER_KEYS }),
        );
      }),
    );
  });

  it("an index key attribute is converted to its declared type, or refused naming the index", () => {
    expect(
      buildUpdateFromJson({ score: "42", tag: 7 }, { tableKeys: LEDGER_KEYS })
        .ExpressionAttributeValues,
    ).toEqual({ ":u0": { N: "42" }, ":u1": { S: "7" } });
    expect(() => buildUpdateFromJson({ score: "high" }, { tableKeys: LEDGER_KEYS })).toThrow(
      /^Update JSON: attribute "score" has type N but "high" is not a number/,
    );
    expect(() => buildUpdateFromJson({ score: true }, { tableKeys: LEDGER_KEYS })).toThrow(
      'Update JSON: key attribute "score" of index byScore must be a number, not a boolean.',
    );
    // null removes the attribute: the item just leaves the index.
    expect(buildUpdateFromJson({ score: null }, { tableKeys: LEDGER_KEYS }).UpdateExpression).toBe(
      "REMOVE #u0",
    );
  });
});

describe("Update Item: the version Get Item gave as text", () => {
  const update = (updateJson: unknown) =>
    harness.action("updateItem", {
      ...base(),
      value: "12345678901234567890",
      updateJson: JSON.stringify(updateJson),
      versionAttribute: "version",
      expectedVersion: "9007199254740993",
    });

  it("is the Expected Version when it is the same number, exactly", async () => {
    await update({ id: "12345678901234567890", version: "9007199254740993", status: "done" });
    const input = ddbMock.commandCalls(UpdateItemCommand)[0].args[0].input;
    expect(input.Key).toEqual({ id: { N: "12345678901234567890" } });
    expect(input.ExpressionAttributeValues).toEqual({
      ":u0": { S: "done" },
      ":expectedVersion": { N: "9007199254740993" },
      ":nextVersion": { N: "9007199254740994" },
    });
  });

  it("is refused when it is another number, even one a JS number cannot tell apart", async () => {
    await expect(update({ version: "9007199254740992", status: "done" })).rejects.toThrow(
      'Update JSON sets "version" (the Version Attribute) to "9007199254740992", but Expected Version is 9007199254740993.',
    );
    expect(ddbMock.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });
});

describe("Upsert Item converts key attributes by the table's key types", () => {
  const upsert = (params: Record<string, unknown>) =>
    harness.action("createItem", { ...base(), ...params });

  it("the item Get Item returned (a number key past 2^53 as text) is put with a number key", async () => {
    await upsert({
      itemJson:
        '{"id": "12345678901234567890", "score": "7", "tag": 12, "note": "12", "version": "9007199254740993"}',
      versionAttribute: "version",
      expectedVersion: "9007199254740993",
    });
    expect(ddbMock.commandCalls(PutItemCommand)[0].args[0].input.Item).toEqual({
      id: { N: "12345678901234567890" },
      score: { N: "7" },
      tag: { S: "12" },
      note: { S: "12" },
      version: { N: "9007199254740994" },
    });
  });

  it.each([
    ['{"id": "one"}', /^Item JSON: attribute "id" has type N but "one" is not a number/],
    [
      '{"id": 1, "score": true}',
      'Item JSON: key attribute "score" of index byScore must be a number, not a boolean.',
    ],
    ['{"id": 1, "tag": ""}', 'Item JSON: key attribute "tag" of index byTag may not be empty.'],
    [
      '{"id": 1, "score": null}',
      /^Item JSON: key attribute "score" of index byScore must be a number, not null/,
    ],
    [
      '{"id": 1, "tag": ["a"]}',
      /^Item JSON: key attribute "tag" of index byTag must be a string, not an array/,
    ],
    ['{"score": 1}', /^Item JSON: the key attribute "id" is missing/],
  ])("refuses %s before PutItem", async (itemJson, message) => {
    await expect(upsert({ itemJson })).rejects.toThrow(message);
    expect(ddbMock.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it("typed values (Value Types) must already have the declared types", async () => {
    await expect(
      upsert({ item: kv({ id: "1", score: "2" }), itemTypes: kv({ id: "N", score: "S" }) }),
    ).rejects.toThrow(
      'Value: attribute "score" is a key of index byScore, declared as N (number), but it is typed S.',
    );
    await expect(upsert({ item: kv({ id: "1" }), itemTypes: kv({ id: "S" }) })).rejects.toThrow(
      'Value: key attribute "id" is typed S, but the table declares it as N (number).',
    );
    expect(ddbMock.commandCalls(PutItemCommand)).toHaveLength(0);
  });
});

describe("Transact Write Items: one item twice is refused, by value", () => {
  const write = (operations: unknown[]) =>
    harness.action("transactWriteItems", {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      operations: JSON.stringify(operations),
    });
  const del = (id: unknown) => ({ delete: { tableName: "Ledger", key: { id } } });

  it.each(["1", "1e0", "1.0", "10E-1"])("1 and %s, before any request", async (second) => {
    // As JSON text: the spelling of the number reaches the connector as written.
    const operations = `[{"delete": {"tableName": "Ledger", "key": {"id": 1}}}, {"update": {"tableName": "Ledger", "key": {"id": ${second}}, "updateExpression": "SET n = :n", "expressionAttributeValues": {":n": 1}}}]`;
    await expect(
      harness.action("transactWriteItems", {
        awsConnection: keySecretConnection(),
        awsRegion: "us-east-1",
        operations,
      }),
    ).rejects.toThrow(
      'Operations[0] and Operations[1] act on the same item (table Ledger, key {"id":1}); a transaction may include each item only once.',
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it("the text 1 and the number 1 for a number key, once converted by the key schema", async () => {
    await expect(write([del("1"), del(1)])).rejects.toThrow(
      /^Operations\[0\] and Operations\[1\] act on the same item \(table Ledger, key \{"id":1\}\)/,
    );
    expect(ddbMock.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it("two puts of one item, and a put and a delete of it", async () => {
    const put = (id: unknown) => ({ put: { tableName: "Ledger", item: { id, n: 1 } } });
    await expect(write([put(5), put("5.0")])).rejects.toThrow(
      /^Operations\[0\] and Operations\[1\] act on the same item/,
    );
    await expect(write([put(5), del(5)])).rejects.toThrow(
      /^Operations\[0\] and Operations\[1\] act on the same item/,
    );
    expect(ddbMock.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it("sends a key past 2^53 given as text as the number, and index keys converted", async () => {
    await write([
      del("12345678901234567890"),
      { put: { tableName: "Ledger", item: { id: 2, score: "9", tag: 3 } } },
    ]);
    const [first, second] =
      ddbMock.commandCalls(TransactWriteItemsCommand)[0].args[0].input.TransactItems ?? [];
    expect(first.Delete?.Key).toEqual({ id: { N: "12345678901234567890" } });
    expect(second.Put?.Item).toEqual({ id: { N: "2" }, score: { N: "9" }, tag: { S: "3" } });
  });

  it("any key value gives a request or an InputError, never a TypeError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), async (a, b) => {
        ddbMock.resetHistory();
        const outcome = await write([del(a), del(b)]).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) expect(outcome).toBeInstanceOf(InputError);
      }),
      { numRuns: 60 },
    );
  });
});

describe("Transact Get Items: one item twice is refused, by value", () => {
  it("1 and 1.0 are one key", async () => {
    await expect(
      harness.action("transactGetItems", {
        awsConnection: keySecretConnection(),
        awsRegion: "us-east-1",
        gets: '[{"tableName": "Ledger", "key": {"id": 1}}, {"tableName": "Ledger", "key": {"id": 1.0}}]',
      }),
    ).rejects.toThrow(
      "Items to Get[0] and Items to Get[1] read the same item (table Ledger); a transaction may include each item only once.",
    );
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe("Batch Write Items converts index key attributes before any write", () => {
  const batch = (putItems: unknown[]) =>
    harness.action("batchWriteItems", { ...base(), putItems: JSON.stringify(putItems) });

  it("valid number text for a number index key becomes a number", async () => {
    ddbMock.on(BatchWriteItemCommand).resolves({});
    await batch([{ id: 1, score: "12345678901234567890", tag: "a" }]);
    expect(
      ddbMock.commandCalls(BatchWriteItemCommand)[0].args[0].input.RequestItems?.Ledger?.[0]
        .PutRequest?.Item,
    ).toEqual({ id: { N: "1" }, score: { N: "12345678901234567890" }, tag: { S: "a" } });
  });

  it("a value that cannot be the index key's type is refused naming the item, before any write", async () => {
    const items = Array.from({ length: 60 }, (_, id) => ({ id, score: id }));
    items[50] = { id: 50, score: "fifty" } as never;
    await expect(batch(items)).rejects.toThrow(
      /^Items to Put \(index 50\): attribute "score" has type N but "fifty" is not a number/,
    );
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
  });
});

describe("an Update Expression that sets an index key to a value of another type", () => {
  /** Update Item with only the placeholders the expression uses (others are refused). */
  const update = (query: string, types: Record<string, string>) => {
    const used = (placeholder: string) => query.includes(placeholder);
    const values = Object.fromEntries(Object.keys(types).map((name) => [name, "7"]));
    return harness.action("updateItem", {
      ...base(),
      value: "1",
      query,
      queryParams: kv(values),
      queryParamTypes: kv(types),
      ...(used("#sc") ? { expressionAttributeNames: kv({ "#sc": "score" }) } : {}),
    });
  };

  it.each([
    ["SET score = :s", { ":s": "S" }],
    ["SET #sc = :s", { ":s": "S" }],
    ["SET note = :n, #sc = if_not_exists(#sc, :s) REMOVE old", { ":s": "S", ":n": "S" }],
    ["REMOVE old SET note = list_append(a, :n), score = :s", { ":s": "S", ":n": "S" }],
  ])("%s is refused before UpdateItem", async (query, types) => {
    await expect(update(query, types)).rejects.toThrow(
      'Expression Attribute Value Types: :s is typed S, but it sets "score", a key of index byScore that the table declares as N (number).',
    );
    expect(ddbMock.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });

  it.each([
    ["the declared type", "SET #sc = :s", { ":s": "N" }],
    [
      "a nested attribute of that name",
      "SET info.score = :s, #sc = #sc + :one",
      { ":s": "S", ":one": "N" },
    ],
  ])("%s is sent", async (_what, query, types) => {
    await update(query, types);
    expect(ddbMock.commandCalls(UpdateItemCommand)).toHaveLength(1);
  });

  it("in a transaction's update, naming the operation", async () => {
    await expect(
      harness.action("transactWriteItems", {
        awsConnection: keySecretConnection(),
        awsRegion: "us-east-1",
        operations: JSON.stringify([
          {
            update: {
              tableName: "Ledger",
              key: { id: 1 },
              updateExpression: "SET score = :s",
              expressionAttributeValues: { ":s": "high" },
            },
          },
        ]),
      }),
    ).rejects.toThrow(
      'Operations[0].update.expressionAttributeValues: :s is typed S, but it sets "score", a key of index byScore',
    );
    expect(ddbMock.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });
});

describe("odd input never ends in a TypeError", () => {
  it("a version given as anything: accepted as the Expected Version, or an InputError", () => {
    const lock = versionLock({ versionAttribute: "version", expectedVersion: "3" });
    fc.assert(
      fc.property(fc.anything(), (given) => {
        inputErrorOrNothing(() => versionedPatch(lock, { version: given, x: 1 }, "Update JSON"));
      }),
    );
    expect(versionedPatch(lock, { version: "3.0", x: 1 }, "Update JSON")).toEqual({ x: 1 });
    expect(() => versionedPatch(lock, { version: "3x" }, "Update JSON")).toThrow(InputError);
  });

  it("any Update Expression text and values: checked, or an InputError", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.dictionary(fc.string(), fc.string()),
        fc.dictionary(fc.string(), fc.constantFrom({ S: "a" }, { N: "1" }, { NULL: true }, {})),
        (expression, names, values) => {
          inputErrorOrNothing(() =>
            checkIndexKeyAssignments(
              `SET ${expression}`,
              names,
              values as Record<string, AttributeValue>,
              LEDGER_KEYS,
              "Expression Attribute Value Types",
            ),
          );
        },
      ),
    );
  });
});

describe("Upsert Item after the table was re-created with other key types", () => {
  it("converts the item again by the fresh key schema, and puts it once more", async () => {
    const textKeys = {
      Table: {
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }],
      },
    };
    // Cached as a text key, then the table is re-created keyed on a number.
    ddbMock.on(DescribeTableCommand).resolvesOnce(textKeys).resolves(LEDGER);
    ddbMock
      .on(PutItemCommand)
      .rejectsOnce(
        Object.assign(
          new Error("One or more parameter values were invalid: Type mismatch for key"),
          {
            name: "ValidationException",
          },
        ),
      )
      .resolves({});
    const result = await harness.action("createItem", { ...base(), itemJson: '{"id": "12"}' });
    const puts = ddbMock.commandCalls(PutItemCommand).map((call) => call.args[0].input.Item);
    expect(puts).toEqual([{ id: { S: "12" } }, { id: { N: "12" } }]);
    expect(result).toEqual({ data: { item: { id: 12 }, previousItem: null } });
  });
});

/**
 * On DynamoDB Local: the whole item Get Item returned can be written back (Update JSON, Upsert
 * Item) when its key or version is a number past 2^53 or binary, because key values and versions
 * are compared by type and value after conversion to the table's key types; a transaction naming
 * one item twice, however its number is spelled, is refused before anything is written; index
 * key attributes are converted or refused before any write (issue 18, cases 11 and 12).
 */
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { clearClientCache } from "../../src/aws/client";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

const numbers = uniqueTableName("kv_num");
const binary = uniqueTableName("kv_bin");
const BIG = "12345678901234567890";
const BIG_VERSION = "9007199254740993";
let client: DynamoDBClient;

const run = (key: string, params: Record<string, unknown>) =>
  harness.action(key, { awsConnection: localConnection(), awsRegion: LOCAL_REGION, ...params });

async function getItem(tableName: string, value: string): Promise<Record<string, unknown>> {
  const { data } = (await run("getItem", { tableName, value })) as {
    data: { item: Record<string, unknown> };
  };
  return data.item;
}

async function stored(tableName: string, key: Record<string, { N: string } | { B: Uint8Array }>) {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

beforeAll(async () => {
  client = rawClient();
  await createTestTable(numbers, {
    hashKey: { name: "id", type: "N" },
    gsi: [{ name: "byScore", hashKey: { name: "score", type: "N" } }],
  });
  await createTestTable(binary, { hashKey: { name: "pk", type: "B" } });
});

afterAll(async () => {
  await deleteTestTable(numbers);
  await deleteTestTable(binary);
  client.destroy();
  clearClientCache();
});

describe("the whole item read by Get Item, plus one change", () => {
  it("Update JSON with a number key past 2^53 (read back as text)", async () => {
    await client.send(
      new PutItemCommand({
        TableName: numbers,
        Item: { id: { N: BIG }, name: { S: "Ada" }, score: { N: "5" } },
      }),
    );
    const item = await getItem(numbers, BIG);
    expect(item.id).toBe(BIG);
    await run("updateItem", {
      tableName: numbers,
      value: BIG,
      updateJson: JSON.stringify({ ...item, name: "Grace" }),
    });
    expect(await stored(numbers, { id: { N: BIG } })).toEqual({
      id: { N: BIG },
      name: { S: "Grace" },
      score: { N: "5" },
    });
  });

  it("Upsert Item of the Get Item output with a number key past 2^53", async () => {
    const item = await getItem(numbers, BIG);
    await run("createItem", {
      tableName: numbers,
      itemJson: JSON.stringify({ ...item, name: "Ada again" }),
    });
    expect((await stored(numbers, { id: { N: BIG } }))?.name).toEqual({ S: "Ada again" });
  });

  it("Update JSON and Upsert Item with a binary key (read back as base64)", async () => {
    const pk = new Uint8Array([0, 1, 2]);
    await client.send(
      new PutItemCommand({ TableName: binary, Item: { pk: { B: pk }, name: { S: "Ada" } } }),
    );
    const item = await getItem(binary, "AAEC");
    expect(item.pk).toBe("AAEC");
    await run("updateItem", {
      tableName: binary,
      value: "AAEC",
      updateJson: JSON.stringify({ ...item, name: "Grace" }),
    });
    expect((await stored(binary, { pk: { B: pk } }))?.name).toEqual({ S: "Grace" });
    await run("createItem", {
      tableName: binary,
      itemJson: JSON.stringify({ ...item, name: "Ada again" }),
    });
    expect(await stored(binary, { pk: { B: pk } })).toEqual({
      pk: { B: pk },
      name: { S: "Ada again" },
    });
  });

  it("Update JSON with a version past 2^53 (read back as text) and that Expected Version", async () => {
    await client.send(
      new PutItemCommand({
        TableName: numbers,
        Item: { id: { N: "2" }, name: { S: "Ada" }, version: { N: BIG_VERSION } },
      }),
    );
    const item = await getItem(numbers, "2");
    expect(item.version).toBe(BIG_VERSION);
    await run("updateItem", {
      tableName: numbers,
      value: "2",
      updateJson: JSON.stringify({ ...item, name: "Grace" }),
      versionAttribute: "version",
      expectedVersion: BIG_VERSION,
    });
    expect(await stored(numbers, { id: { N: "2" } })).toEqual({
      id: { N: "2" },
      name: { S: "Grace" },
      version: { N: "9007199254740994" },
    });
  });
});

describe("Transact Write Items: one item named twice", () => {
  it.each(["1", "1e0", "1.0"])(
    "{id: 1} and {id: %s} are refused, naming both operations, and nothing is written",
    async (second) => {
      await client.send(
        new PutItemCommand({ TableName: numbers, Item: { id: { N: "1" }, n: { N: "0" } } }),
      );
      const operations = `[{"update": {"tableName": "${numbers}", "key": {"id": 1}, "updateExpression": "SET n = n + :one", "expressionAttributeValues": {":one": 1}}}, {"update": {"tableName": "${numbers}", "key": {"id": ${second}}, "updateExpression": "SET m = :one", "expressionAttributeValues": {":one": 1}}}]`;
      await expect(run("transactWriteItems", { operations })).rejects.toThrow(
        `Operations[0] and Operations[1] act on the same item (table ${numbers}, key {"id":1}); a transaction may include each item only once.`,
      );
      expect(await stored(numbers, { id: { N: "1" } })).toEqual({
        id: { N: "1" },
        n: { N: "0" },
      });
    },
  );
});

describe("index key attributes are converted or refused before any write", () => {
  it("Upsert Item: valid number text for a number index key is stored as a number", async () => {
    await run("createItem", { tableName: numbers, itemJson: '{"id": 10, "score": "7"}' });
    expect((await stored(numbers, { id: { N: "10" } }))?.score).toEqual({ N: "7" });
  });

  it("Upsert Item and Update JSON: a value that cannot be a number is refused by name", async () => {
    await expect(
      run("createItem", { tableName: numbers, itemJson: '{"id": 11, "score": "high"}' }),
    ).rejects.toThrow(/^Item JSON: attribute "score" has type N but "high" is not a number/);
    expect(await stored(numbers, { id: { N: "11" } })).toBeUndefined();
    await expect(
      run("updateItem", { tableName: numbers, value: "10", updateJson: '{"score": "high"}' }),
    ).rejects.toThrow(/^Update JSON: attribute "score" has type N but "high" is not a number/);
    expect((await stored(numbers, { id: { N: "10" } }))?.score).toEqual({ N: "7" });
  });

  it("Batch Write Items: one bad index key among 60 items writes none of them", async () => {
    const items: Record<string, unknown>[] = Array.from({ length: 60 }, (_, i) => ({
      id: 100 + i,
      score: String(i),
    }));
    items[50] = { id: 150, score: "fifty" };
    await expect(
      run("batchWriteItems", { tableName: numbers, putItems: JSON.stringify(items) }),
    ).rejects.toThrow(/^Items to Put \(index 50\): attribute "score" has type N but "fifty"/);
    expect(await stored(numbers, { id: { N: "100" } })).toBeUndefined();
  });

  it("Transact Write Items: a number key and index key given as text are written as numbers", async () => {
    await run("transactWriteItems", {
      operations: JSON.stringify([
        { put: { tableName: numbers, item: { id: "200", score: "3" } } },
        { delete: { tableName: numbers, key: { id: BIG } } },
      ]),
    });
    expect(await stored(numbers, { id: { N: "200" } })).toEqual({
      id: { N: "200" },
      score: { N: "3" },
    });
    expect(await stored(numbers, { id: { N: BIG } })).toBeUndefined();
  });
});

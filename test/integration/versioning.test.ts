/**
 * Optimistic locking (Version Attribute, Expected Version) on Upsert Item and Update Item, on
 * DynamoDB Local: of two concurrent writes with the same Expected Version exactly one succeeds,
 * the version is incremented in the same request, the user's own condition keeps its message, and
 * an item deleted since it was read is reported as changed.
 */
import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
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

const table = uniqueTableName("ver_docs");
let client: DynamoDBClient;

const base = () => ({
  awsConnection: localConnection(),
  awsRegion: LOCAL_REGION,
  tableName: table,
});

function upsert(item: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return harness.action("createItem", {
    ...base(),
    itemJson: JSON.stringify(item),
    versionAttribute: "version",
    ...extra,
  });
}

function update(id: number, extra: Record<string, unknown>) {
  return harness.action("updateItem", {
    ...base(),
    value: String(id),
    versionAttribute: "version",
    ...extra,
  });
}

async function stored(id: number) {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: { id: { N: String(id) } }, ConsistentRead: true }),
  );
  return Item;
}

/** Runs both at once; returns what each did. */
async function race(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  return Promise.allSettled([a(), b()]);
}

function onlyOneSucceeded(outcomes: PromiseSettledResult<unknown>[]): Error {
  const succeeded = outcomes.filter((outcome) => outcome.status === "fulfilled");
  const failed = outcomes.filter(
    (outcome): outcome is PromiseRejectedResult => outcome.status === "rejected",
  );
  expect(succeeded).toHaveLength(1);
  expect(failed).toHaveLength(1);
  return failed[0].reason as Error;
}

beforeAll(async () => {
  client = rawClient();
  await createTestTable(table, { hashKey: { name: "id", type: "N" } });
});

afterAll(async () => {
  await deleteTestTable(table);
  client.destroy();
  clearClientCache();
});

describe("Upsert Item with a Version Attribute", () => {
  it("writes version 1 on a first write, and refuses a second first write", async () => {
    const result = await upsert({ id: 1, title: "draft" });
    expect(result).toEqual({
      data: { item: { id: 1, title: "draft", version: 1 }, previousItem: null },
    });
    const error = (await upsert({ id: 1, title: "other" }).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain("changed since it was read");
    expect(error.message).toContain('it already exists with Version Attribute "version" = 1');
    expect((await stored(1))?.title).toEqual({ S: "draft" });
  });

  it("of two concurrent writes with the same Expected Version, exactly one succeeds", async () => {
    await upsert({ id: 2, title: "v1" });
    const error = onlyOneSucceeded(
      await race(
        () => upsert({ id: 2, title: "A" }, { expectedVersion: "1" }),
        () => upsert({ id: 2, title: "B" }, { expectedVersion: "1" }),
      ),
    );
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain("The item changed since it was read");
    expect(error.message).toContain("is now 2, not the Expected Version 1");
    const item = await stored(2);
    expect(item?.version).toEqual({ N: "2" });
    expect(["A", "B"]).toContain(item?.title?.S);
  });

  it("keeps the user's Condition Expression: a false one fails with its own message", async () => {
    await upsert({ id: 3, title: "v1", locked: true });
    const error = (await upsert(
      { id: 3, title: "v2" },
      {
        expectedVersion: "1",
        conditionExpression: "#l = :no",
        expressionAttributeNames: [{ key: "#l", value: "locked" }],
        expressionAttributeValues: [{ key: ":no", value: "false" }],
        expressionAttributeValueTypes: [{ key: ":no", value: "BOOL" }],
      },
    ).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("The version matched, but the Condition Expression was false");
    expect((await stored(3))?.version).toEqual({ N: "1" });
  });
});

describe("Update Item with a Version Attribute", () => {
  it("of two concurrent updates with the same Expected Version, exactly one succeeds", async () => {
    await upsert({ id: 10, visits: 0 });
    const error = onlyOneSucceeded(
      await race(
        () =>
          update(10, {
            query: "SET visits = visits + :one",
            queryParams: [{ key: ":one", value: "1" }],
            queryParamTypes: [{ key: ":one", value: "N" }],
            expectedVersion: "1",
          }),
        () => update(10, { updateJson: '{"visits": 100}', expectedVersion: "1" }),
      ),
    );
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain("The item changed since it was read");
    const item = await stored(10);
    expect(item?.version).toEqual({ N: "2" });
    expect(["1", "100"]).toContain(item?.visits?.N);
  });

  it("increments the version in the same request and returns it", async () => {
    const first = await update(11, { updateJson: '{"status": "new"}' });
    expect(first).toEqual({ data: { item: { id: 11, status: "new", version: 1 } } });
    const second = await update(11, {
      query: "SET #s = :s REMOVE obsolete",
      expressionAttributeNames: [{ key: "#s", value: "status" }],
      queryParams: [{ key: ":s", value: "done" }],
      queryParamTypes: [{ key: ":s", value: "S" }],
      expectedVersion: "1",
    });
    expect(second).toEqual({ data: { item: { id: 11, status: "done", version: 2 } } });
  });

  it("says the item changed when it was deleted since it was read", async () => {
    const error = (await update(12, {
      updateJson: '{"status": "x"}',
      expectedVersion: "4",
    }).catch((e: unknown) => e)) as Error;
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toContain("The item changed since it was read");
    expect(await stored(12)).toBeUndefined();
  });
});

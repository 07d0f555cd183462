/**
 * Delete Items when BatchWriteItem fails part-way, through the loopback fault proxy in front of
 * DynamoDB Local: the step fails saying how far it got, counts only the deletes DynamoDB
 * confirmed, and a second run with the same inputs finishes the job exactly.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { type FaultProxy, startFaultProxy } from "../../tools/faultProxy";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  localEndpoint,
  rawClient,
  uniqueTableName,
} from "../support/local";
import { failure } from "../support/outcome";

const table = uniqueTableName("del_faults");
let proxy: FaultProxy;
let raw: DynamoDBClient;

const COUNT = 100;

function run(extra: Record<string, unknown> = {}) {
  return harness.action("deleteItems", {
    awsConnection: localConnection({ endpoint: proxy.endpoint }),
    awsRegion: LOCAL_REGION,
    tableName: table,
    keyConditionExpression: "pk = :p",
    expressionAttributeValues: [{ key: ":p", value: "p" }],
    expressionAttributeValueTypes: [{ key: ":p", value: "S" }],
    // One request at a time and no SDK retries, so the fault lands on a known request.
    concurrency: "1",
    maxAttempts: "1",
    ...extra,
  }) as Promise<{ data: { deleted: number; matched: number; lastEvaluatedKey: unknown } }>;
}

async function remaining(): Promise<number> {
  const { Count } = await raw.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": { S: "p" } },
      Select: "COUNT",
      ConsistentRead: true,
    }),
  );
  return Count ?? 0;
}

beforeAll(async () => {
  raw = rawClient();
  proxy = await startFaultProxy({ upstream: localEndpoint() });
  await createTestTable(table, {
    hashKey: { name: "pk", type: "S" },
    rangeKey: { name: "n", type: "N" },
  });
  const items: Record<string, AttributeValue>[] = Array.from({ length: COUNT }, (_, n) => ({
    pk: { S: "p" },
    n: { N: String(n) },
  }));
  for (let start = 0; start < COUNT; start += 25) {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
});

afterAll(async () => {
  await proxy.close();
  await deleteTestTable(table);
  raw.destroy();
});

describe("deleteItems with a failing BatchWriteItem", () => {
  it("fails saying how far it got, and a second run deletes exactly the rest", async () => {
    // The first request of 25 passes; the second is answered 500 without being applied.
    proxy.inject("BatchWriteItem", { kind: "pass" }, { kind: "serverError", status: 500 });
    const error = await failure(run());
    expect(error.message).toContain('BatchWriteItem failed on table "');
    expect(error.message).toContain(
      `Before it failed, 25 of the ${COUNT} matching items found so far were deleted; run again with the same Exclusive Start Key to continue`,
    );
    expect(error).toEqual(expect.objectContaining({ deleted: 25, matched: COUNT }));
    // One request at a time: exactly the confirmed deletes happened; the rest waits for the next run.
    const left = await remaining();
    expect(left).toBe(COUNT - 25);

    const second = await run();
    expect(second.data).toEqual(
      expect.objectContaining({ deleted: left, matched: left, lastEvaluatedKey: null }),
    );
    expect(await remaining()).toBe(0);
  });

  it("does not count deletes that DynamoDB applied but whose answer was lost", async () => {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: [0, 1, 2].map((n) => ({
            PutRequest: { Item: { pk: { S: "p" }, n: { N: String(n) } } },
          })),
        },
      }),
    );
    proxy.inject("BatchWriteItem", { kind: "serverError", status: 500, applied: true });
    const error = await failure(run());
    expect(error).toEqual(expect.objectContaining({ deleted: 0, matched: 3 }));
    // They are gone all the same, so the next run finds nothing and counts nothing.
    expect(await remaining()).toBe(0);
    expect((await run()).data).toEqual(expect.objectContaining({ deleted: 0, matched: 0 }));
  });
});

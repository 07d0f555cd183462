import { type DemoSection, shortJson } from "../demo";

interface QueryData {
  data: {
    items: Record<string, unknown>[];
    count: number;
    scannedCount: number;
    lastEvaluatedKey: Record<string, unknown> | null;
    truncated: boolean;
    truncatedReason: string | null;
  };
}
interface RawData {
  data: { items: Record<string, unknown>[]; count: number; nextToken: string | null };
}

const kv = (entries: Record<string, string>) =>
  Object.entries(entries).map(([key, value]) => ({ key, value }));

const STATUSES = ["open", "shipped", "done"];

/**
 * Query Items and Raw Request on a small orders table with a global secondary index: a partition
 * query, pages with Limit and the cursor, the index, Fetch All bounded by Max Items, and PartiQL
 * INSERT, SELECT and UPDATE with parameters (a 30-digit number kept digit for digit).
 */
const section: DemoSection = async (demo) => {
  const tableName = demo.tableName("demo-query");
  const byCustomer = {
    tableName,
    keyConditionExpression: "customerId = :c",
    expressionAttributeValues: kv({ ":c": "c-1" }),
    expressionAttributeValueTypes: kv({ ":c": "S" }),
  };
  const orders = (r: QueryData) =>
    `${r.data.count} items: ${r.data.items.map((item) => `${item.seq}`).join(", ")}; lastEvaluatedKey ${shortJson(r.data.lastEvaluatedKey)}`;

  await demo.step(
    "Create a table (customerId S, seq N) with the index byStatus (status S, total N)",
    () =>
      demo.action("createTable", {
        tableName,
        attributeDefinition: JSON.stringify([
          { AttributeName: "customerId", AttributeType: "S" },
          { AttributeName: "seq", AttributeType: "N" },
          { AttributeName: "status", AttributeType: "S" },
          { AttributeName: "total", AttributeType: "N" },
        ]),
        keySchema: JSON.stringify([
          { KeyType: "HASH", AttributeName: "customerId" },
          { KeyType: "RANGE", AttributeName: "seq" },
        ]),
        globalSecondaryIndexes: JSON.stringify([
          {
            IndexName: "byStatus",
            KeySchema: [
              { KeyType: "HASH", AttributeName: "status" },
              { KeyType: "RANGE", AttributeName: "total" },
            ],
          },
        ]),
        billingMode: "PAY_PER_REQUEST",
        waitUntilActive: "true",
      }),
    () => tableName,
  );

  try {
    await demo.step(
      "Raw Request: INSERT 12 orders of customer c-1 with ? parameters",
      async () => {
        for (let seq = 1; seq <= 12; seq++) {
          await demo.action("rawRequest", {
            statement: `INSERT INTO "${tableName}" VALUE {'customerId': ?, 'seq': ?, 'status': ?, 'total': ?}`,
            parameters: JSON.stringify(["c-1", seq, STATUSES[seq % 3], seq * 5]),
          });
        }
        return 12;
      },
      (count) => `${count} items inserted`,
    );

    await demo.step(
      "Query Items by partition key (customerId = :c)",
      async () => (await demo.action("queryItems", byCustomer)) as QueryData,
      orders,
    );

    const firstPage = await demo.step(
      "Query Items with Limit 5: one page and its cursor",
      async () => (await demo.action("queryItems", { ...byCustomer, limit: "5" })) as QueryData,
      orders,
    );

    await demo.step(
      "Query Items with Exclusive Start Key = that lastEvaluatedKey: the next page",
      async () =>
        (await demo.action("queryItems", {
          ...byCustomer,
          limit: "5",
          exclusiveStartKey: JSON.stringify(firstPage.data.lastEvaluatedKey),
        })) as QueryData,
      orders,
    );

    await demo.step(
      "Query Items, Scan Index Forward false: newest first",
      async () =>
        (await demo.action("queryItems", {
          ...byCustomer,
          scanIndexForward: "false",
          limit: "3",
        })) as QueryData,
      orders,
    );

    await demo.step(
      "Query Items on the index byStatus, with #s for the reserved word status",
      async () =>
        (await demo.action("queryItems", {
          tableName,
          indexName: "byStatus",
          keyConditionExpression: "#s = :s",
          expressionAttributeNames: kv({ "#s": "status" }),
          expressionAttributeValues: kv({ ":s": "shipped" }),
          expressionAttributeValueTypes: kv({ ":s": "S" }),
        })) as QueryData,
      (r) => `${r.data.count} shipped: ${shortJson(r.data.items.map((i) => [i.seq, i.total]))}`,
    );

    await demo.step(
      "Query Items with Fetch All, Max Items 7, pages of 3: cut inside a page",
      async () =>
        (await demo.action("queryItems", {
          ...byCustomer,
          fetchAll: "true",
          maxItems: "7",
          limit: "3",
        })) as QueryData,
      (r) => `${orders(r)}; truncated ${r.data.truncated} (${r.data.truncatedReason})`,
    );

    await demo.step(
      "Raw Request: UPDATE with a 30-digit number, RETURNING ALL NEW *",
      async () =>
        (await demo.action("rawRequest", {
          statement: `UPDATE "${tableName}" SET total = ? WHERE customerId = ? AND seq = ? RETURNING ALL NEW *`,
          parameters: '[123456789012345678901234567890, "c-1", 1]',
        })) as RawData,
      (r) => shortJson(r.data.items),
    );

    await demo.step(
      "Raw Request: SELECT with a parameter (the number comes back digit for digit)",
      async () =>
        (await demo.action("rawRequest", {
          statement: `SELECT seq, total FROM "${tableName}" WHERE customerId = ? AND seq <= 2`,
          parameters: '["c-1"]',
        })) as RawData,
      (r) => shortJson(r.data.items),
    );

    await demo.step(
      "Raw Request: SELECT with Fetch All and Max Items 5, then continue from nextToken",
      async () => {
        const statement = `SELECT seq FROM "${tableName}" WHERE customerId = 'c-1'`;
        const first = (await demo.action("rawRequest", {
          statement,
          fetchAll: "true",
          maxItems: "5",
        })) as RawData;
        const rest = (await demo.action("rawRequest", {
          statement,
          fetchAll: "true",
          nextToken: first.data.nextToken,
        })) as RawData;
        return [first, rest];
      },
      ([first, rest]) =>
        `first run ${first.data.count} items (nextToken ${first.data.nextToken ? "set" : "null"}), second run ${rest.data.count} items (nextToken ${rest.data.nextToken ?? "null"})`,
    );

    await demo.step(
      "Raw Request: a wrong number of parameters is refused before sending",
      async () => {
        try {
          await demo.action("rawRequest", {
            statement: `SELECT * FROM "${tableName}" WHERE customerId = ? AND seq = ?`,
            parameters: '["c-1"]',
          });
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
        throw new Error("The step should have failed but succeeded.");
      },
      (message) => message,
    );
  } finally {
    await demo.step(
      "Delete the query table",
      () => demo.action("deleteTable", { tableName }),
      () => tableName,
    );
  }
};

export default section;

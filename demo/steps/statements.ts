import { type Demo, type DemoSection, shortJson } from "../demo";

interface DeleteData {
  data: {
    deleted: number;
    matched: number;
    dryRun: boolean;
    lastEvaluatedKey: Record<string, unknown> | null;
    truncated: boolean;
    unprocessedCount: number;
  };
}
interface BatchStatementsData {
  data: {
    results: { index: number; succeeded: boolean; error: { code: string } | null }[];
    succeededCount: number;
    failedCount: number;
    failedIndexes: number[];
  };
}
interface ItemData {
  data: { item: Record<string, unknown> | null };
}

const ORDERS_PER_CUSTOMER = 60;

const byCustomer = (customerId: string) => ({
  keyConditionExpression: "customerId = :c",
  expressionAttributeValues: [{ key: ":c", value: customerId }],
  expressionAttributeValueTypes: [{ key: ":c", value: "N" }],
});

/** Runs a step that must fail, and shows its message. */
async function expectFailure(demo: Demo, title: string, run: () => Promise<unknown>) {
  await demo.step(
    title,
    async () => {
      try {
        await run();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`${title}: the step succeeded, but it should have failed.`);
    },
    (message) => message,
  );
}

/** Delete Items in bounded runs (Dry Run first), PartiQL batches and transactions. */
async function bulkAndPartiql(demo: Demo, tableName: string): Promise<void> {
  const orders = [1001, 1002].flatMap((customerId) =>
    Array.from({ length: ORDERS_PER_CUSTOMER }, (_, i) => ({
      customerId,
      // Unique per customer: day 1 to 28, then the next hour.
      orderDate: `2024-05-${String((i % 28) + 1).padStart(2, "0")}T${String(Math.floor(i / 28)).padStart(2, "0")}:00`,
      total: (i % 7) + 0.5,
    })),
  );
  await demo.step(`Batch Write Items: ${orders.length} orders of two customers`, () =>
    demo.action("batchWriteItems", { tableName, putItems: JSON.stringify(orders) }),
  );

  await demo.step(
    "Delete Items, Dry Run: count customer 1001's orders, nothing deleted",
    async () =>
      (await demo.action("deleteItems", {
        tableName,
        ...byCustomer("1001"),
        dryRun: "true",
      })) as DeleteData,
    (r) => shortJson(r.data),
  );

  // Each run's lastEvaluatedKey goes back in as Exclusive Start Key, as it is.
  let cursor: Record<string, unknown> | null = null;
  let run = 0;
  do {
    run += 1;
    const result: DeleteData = await demo.step(
      `Delete Items, run ${run}: at most 25 of customer 1001's orders${cursor ? ", from the cursor" : ""}`,
      async () =>
        (await demo.action("deleteItems", {
          tableName,
          ...byCustomer("1001"),
          maxItems: "25",
          ...(cursor ? { exclusiveStartKey: cursor } : {}),
        })) as DeleteData,
      (r) => shortJson(r.data),
    );
    cursor = result.data.lastEvaluatedKey;
  } while (cursor && run < 10);

  await demo.step(
    "Batch Execute Statements: four INSERTs, the last one a key that exists",
    async () =>
      (await demo.action("batchExecuteStatements", {
        statements: JSON.stringify([
          ...[19.99, 5.5, 7].map((total, n) => ({
            statement: `INSERT INTO "${tableName}" VALUE {'customerId': ?, 'orderDate': ?, 'total': ?}`,
            parameters: [1003, `2024-06-0${n + 1}`, total],
          })),
          {
            statement: `INSERT INTO "${tableName}" VALUE {'customerId': ?, 'orderDate': ?}`,
            parameters: [1002, orders[ORDERS_PER_CUSTOMER].orderDate],
          },
        ]),
      })) as BatchStatementsData,
    (r) =>
      shortJson({
        succeededCount: r.data.succeededCount,
        failedIndexes: r.data.failedIndexes,
        failed: r.data.results.filter((result) => !result.succeeded).map((result) => result.error),
      }),
  );

  await demo.step(
    "Execute Transaction: move an order from customer 1003 to 1004, all or nothing",
    () =>
      demo.action("executeTransaction", {
        statements: JSON.stringify([
          {
            statement: `DELETE FROM "${tableName}" WHERE customerId = ? AND orderDate = ?`,
            parameters: [1003, "2024-06-01"],
          },
          {
            statement: `INSERT INTO "${tableName}" VALUE {'customerId': ?, 'orderDate': ?}`,
            parameters: [1004, "2024-06-01"],
          },
        ]),
        clientRequestToken: "demo-move-order",
      }),
  );

  await expectFailure(
    demo,
    "Execute Transaction with a false condition: nothing is written, the statement is named",
    () =>
      demo.action("executeTransaction", {
        statements: JSON.stringify([
          {
            statement: `UPDATE "${tableName}" SET total = ? WHERE customerId = ? AND orderDate = ?`,
            parameters: [1, 1003, "2024-06-02"],
          },
          {
            statement: `UPDATE "${tableName}" SET total = ? WHERE customerId = ? AND orderDate = ? AND total > ?`,
            parameters: [1, 1003, "2024-06-03", 1e30],
          },
        ]),
      }),
  );
}

/** Upsert and Update with a Version Attribute: the second writer with a stale version fails. */
async function optimisticLocking(demo: Demo, tableName: string): Promise<void> {
  const key = { value: "2001", rangeKeyValue: "2024-07-01" };
  const created = await demo.step(
    "Upsert Item with Version Attribute, first write (Expected Version blank): version 1",
    async () =>
      (await demo.action("createItem", {
        tableName,
        itemJson: '{"customerId": 2001, "orderDate": "2024-07-01", "status": "new"}',
        versionAttribute: "version",
      })) as ItemData,
    (r) => shortJson(r.data.item),
  );
  const read = String(created.data.item?.version);
  await demo.step(
    `Update Item with Expected Version ${read} (the version just read): version ${Number(read) + 1}`,
    async () =>
      (await demo.action("updateItem", {
        tableName,
        ...key,
        updateJson: '{"status": "paid"}',
        versionAttribute: "version",
        expectedVersion: read,
      })) as ItemData,
    (r) => shortJson(r.data.item),
  );
  await expectFailure(
    demo,
    `Update Item again with the stale Expected Version ${read}: the item changed since it was read`,
    () =>
      demo.action("updateItem", {
        tableName,
        ...key,
        updateJson: '{"status": "cancelled"}',
        versionAttribute: "version",
        expectedVersion: read,
      }),
  );
}

const section: DemoSection = async (demo) => {
  const tableName = demo.tableName("demo-orders");
  await demo.step(
    "Create Table for the bulk and PartiQL steps (customerId N, orderDate S)",
    () =>
      demo.action("createTable", {
        tableName,
        attributeDefinition:
          '[{"AttributeName":"customerId","AttributeType":"N"},{"AttributeName":"orderDate","AttributeType":"S"}]',
        keySchema:
          '[{"KeyType":"HASH","AttributeName":"customerId"},{"KeyType":"RANGE","AttributeName":"orderDate"}]',
        billingMode: "PAY_PER_REQUEST",
        waitUntilActive: "true",
      }),
    () => tableName,
  );
  try {
    await bulkAndPartiql(demo, tableName);
    await optimisticLocking(demo, tableName);
  } finally {
    await demo.step(
      "Delete Table",
      () => demo.action("deleteTable", { tableName, waitUntilDeleted: "true" }),
      () => tableName,
    );
  }
};

export default section;

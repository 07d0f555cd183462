import type { DemoSection } from "../demo";

interface TableData {
  data: { table: Record<string, unknown> };
}

/**
 * Transact Write Items and Transact Get Items on an orders and a stock table: an order that
 * succeeds, one cancelled as a whole, and one snapshot read; deletes its tables at the end.
 */
const section: DemoSection = async (demo) => {
  const orders = demo.tableName("demo-tx-orders");
  const stock = demo.tableName("demo-tx-stock");
  const created: string[] = [];

  const create = async (params: Record<string, unknown>) => {
    const result = (await demo.action("createTable", {
      billingMode: "PAY_PER_REQUEST",
      waitUntilActive: "true",
      ...params,
    })) as TableData;
    created.push(params.tableName as string);
    return result;
  };

  try {
    await demo.step(
      "Create Table (orders) and Create Table (stock)",
      async () => {
        await create({
          tableName: orders,
          attributeDefinition: '[{"AttributeName":"id","AttributeType":"N"}]',
          keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
        });
        return create({
          tableName: stock,
          attributeDefinition: '[{"AttributeName":"sku","AttributeType":"S"}]',
          keySchema: '[{"KeyType":"HASH","AttributeName":"sku"}]',
        });
      },
      () => `${orders}, ${stock}`,
    );

    await demo.step("Transact Write Items: stock two products", () =>
      demo.action("transactWriteItems", {
        operations: JSON.stringify([
          { put: { tableName: stock, item: { sku: "A1", category: "tools", qty: 5 } } },
          { put: { tableName: stock, item: { sku: "B2", category: "tools", qty: 0 } } },
        ]),
      }),
    );

    const placeOrder = (id: number, sku: string) =>
      demo.action("transactWriteItems", {
        operations: JSON.stringify([
          {
            put: {
              tableName: orders,
              item: { id, sku, status: "new" },
              conditionExpression: "attribute_not_exists(id)",
            },
          },
          {
            update: {
              tableName: stock,
              key: { sku },
              updateExpression: "SET #q = #q - :n",
              conditionExpression: "#q >= :n",
              expressionAttributeNames: { "#q": "qty" },
              expressionAttributeValues: { ":n": 1 },
            },
          },
        ]),
        clientRequestToken: `order-${id}-${orders}`.slice(0, 36),
      });

    await demo.step("Transact Write Items: order 1 takes one A1 (succeeds)", () =>
      placeOrder(1, "A1"),
    );

    await demo.step(
      "Transact Write Items: order 2 wants B2, out of stock (cancelled, nothing written)",
      () =>
        placeOrder(2, "B2").then(
          () => {
            throw new Error("The transaction should have been cancelled.");
          },
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
      (message) => message,
    );

    await demo.step(
      "Transact Get Items: order 1, order 2 (absent) and the A1 stock, as one snapshot",
      () =>
        demo.action("transactGetItems", {
          gets: JSON.stringify([
            { tableName: orders, key: { id: 1 } },
            { tableName: orders, key: { id: 2 } },
            { tableName: stock, key: { sku: "A1" }, projectionExpression: "sku, qty" },
          ]),
        }),
    );
  } finally {
    for (const tableName of created) {
      await demo.step(
        `Delete Table ${tableName}`,
        () => demo.action("deleteTable", { tableName }),
        () => tableName,
      );
    }
  }
};

export default section;

import { type DemoSection, shortJson } from "../demo";

interface TablesWriteData {
  data: {
    tables: { tableName: string; written: number; deleted: number; unprocessedCount: number }[];
    written: number;
    deleted: number;
  };
}
interface TablesGetData {
  data: {
    tables: {
      tableName: string;
      items: Record<string, unknown>[];
      count: number;
      requested: number;
    }[];
    count: number;
    requested: number;
  };
}

const PRODUCTS = 60;
const ORDERS = 40;

/**
 * Writes to two tables in one step (requests of up to 25 writes, one carrying both tables), reads
 * from both in one step, and shows a bad key in the second table refused before anything is sent.
 */
const section: DemoSection = async (demo) => {
  const products = demo.tableName("demo-multi-products");
  const orders = demo.tableName("demo-multi-orders");
  for (const [tableName, definition, key] of [
    [
      products,
      '[{"AttributeName":"sku","AttributeType":"S"}]',
      '[{"KeyType":"HASH","AttributeName":"sku"}]',
    ],
    [
      orders,
      '[{"AttributeName":"customer","AttributeType":"S"},{"AttributeName":"line","AttributeType":"N"}]',
      '[{"KeyType":"HASH","AttributeName":"customer"},{"KeyType":"RANGE","AttributeName":"line"}]',
    ],
  ]) {
    await demo.step(
      "Create Table for the multi-table steps (PAY_PER_REQUEST)",
      () =>
        demo.action("createTable", {
          tableName,
          attributeDefinition: definition,
          keySchema: key,
          billingMode: "PAY_PER_REQUEST",
          waitUntilActive: "true",
        }),
      () => tableName,
    );
  }

  try {
    await demo.step(
      `Batch Write Items (Multiple Tables): ${PRODUCTS} products and ${ORDERS} order lines in one step`,
      async () =>
        (await demo.action("batchWriteItemsMultiTable", {
          writesByTable: JSON.stringify({
            [products]: Array.from({ length: PRODUCTS }, (_, i) => ({
              put: { sku: `SKU-${String(i).padStart(3, "0")}`, price: (i % 20) + 0.5 },
            })),
            [orders]: Array.from({ length: ORDERS }, (_, i) => ({
              // Order lines number key values given as text: converted by the table's types.
              put: {
                customer: `c${i % 4}`,
                line: String(i),
                sku: `SKU-${String(i).padStart(3, "0")}`,
              },
            })),
          }),
        })) as TablesWriteData,
      (r) =>
        shortJson({
          written: r.data.written,
          byTable: r.data.tables.map(({ written, unprocessedCount }) => ({
            written,
            unprocessedCount,
          })),
        }),
    );

    await demo.step(
      "Batch Get Items (Multiple Tables): keys of both tables (orders with their own projection; one product twice, one with no item)",
      async () =>
        (await demo.action("batchGetItemsMultiTable", {
          keysByTable: JSON.stringify({
            // A table may set its own read options: here only the ordered sku of each line.
            [orders]: {
              keys: [
                { customer: "c1", line: 5 },
                { customer: "c2", line: 6 },
              ],
              projectionExpression: "sku",
            },
            [products]: [
              { sku: "SKU-005" },
              { sku: "SKU-006" },
              { sku: "SKU-005" },
              { sku: "SKU-999" },
            ],
          }),
        })) as TablesGetData,
      (r) =>
        shortJson(
          r.data.tables.map((table) => ({
            requested: table.requested,
            count: table.count,
            items: table.items,
          })),
        ),
    );

    await demo.step(
      "Batch Write Items (Multiple Tables) refuses a key that does not fit the second table before writing anything",
      async () => {
        try {
          await demo.action("batchWriteItemsMultiTable", {
            writesByTable: JSON.stringify({
              [products]: [{ put: { sku: "SKU-NEW" } }],
              [orders]: [{ delete: { customer: "c1" } }],
            }),
          });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error("Batch Write Items (Multiple Tables) accepted a key without its sort key.");
      },
      (message) => message,
    );
  } finally {
    for (const tableName of [products, orders]) {
      await demo.step(
        "Delete Table",
        () => demo.action("deleteTable", { tableName, waitUntilDeleted: "true" }),
        () => tableName,
      );
    }
  }
};

export default section;

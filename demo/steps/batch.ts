import { type DemoSection, shortJson } from "../demo";

interface WriteData {
  data: {
    written: number;
    deleted: number;
    unprocessedCount: number;
    unprocessed: { puts: unknown[]; deletes: unknown[] };
  };
}
interface GetData {
  data: {
    items: Record<string, unknown>[];
    count: number;
    requested: number;
    unprocessedCount: number;
  };
}
interface ScanData {
  data: {
    items: Record<string, unknown>[];
    count: number;
    scannedCount: number;
    lastEvaluatedKey: unknown;
    truncated?: boolean;
    segmentCursors?: unknown[];
  };
}

const ITEM_COUNT = 200;

/** Batch writes ~200 items, reads some back, scans them in two parallel segments, deletes them. */
const section: DemoSection = async (demo) => {
  const tableName = demo.tableName("demo-batch");
  await demo.step(
    "Create Table for the batch steps (hash key sku, PAY_PER_REQUEST)",
    () =>
      demo.action("createTable", {
        tableName,
        attributeDefinition: '[{"AttributeName":"sku","AttributeType":"S"}]',
        keySchema: '[{"KeyType":"HASH","AttributeName":"sku"}]',
        billingMode: "PAY_PER_REQUEST",
        waitUntilActive: "true",
      }),
    () => tableName,
  );

  try {
    const products = Array.from({ length: ITEM_COUNT }, (_, i) => ({
      sku: `SKU-${String(i).padStart(4, "0")}`,
      price: Number(((i % 50) + 0.99).toFixed(2)),
      inStock: i % 3 !== 0,
      tags: i % 2 === 0 ? ["even"] : ["odd"],
    }));

    await demo.step(
      `Batch Write Items: put ${ITEM_COUNT} items (requests of 25, 4 at a time)`,
      async () =>
        (await demo.action("batchWriteItems", {
          tableName,
          putItems: JSON.stringify(products),
        })) as WriteData,
      (r) => shortJson(r.data),
    );

    await demo.step(
      "Batch Get Items: 4 keys (one twice, one that does not exist)",
      async () =>
        (await demo.action("batchGetItems", {
          tableName,
          keys: JSON.stringify([
            { sku: "SKU-0007" },
            { sku: "SKU-0150" },
            { sku: "SKU-0007" },
            { sku: "SKU-9999" },
          ]),
          projectionExpression: "sku, price, inStock",
        })) as GetData,
      (r) => shortJson({ count: r.data.count, requested: r.data.requested, items: r.data.items }),
    );

    await demo.step(
      "Batch Write Items rejects a key given twice before writing anything",
      async () => {
        try {
          await demo.action("batchWriteItems", {
            tableName,
            putItems: '[{"sku": "SKU-X", "price": 1}]',
            deleteKeys: '[{"sku": "SKU-X"}]',
          });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error("Batch Write Items accepted the same key twice.");
      },
      (message) => message,
    );

    await demo.step(
      "Scan Items: Total Segments 2 with Fetch All, filtered on inStock",
      async () =>
        (await demo.action("scanItems", {
          tableName,
          fetchAll: "true",
          totalSegments: "2",
          filterExpression: "inStock = :yes",
          expressionAttributeValues: [{ key: ":yes", value: "true" }],
          expressionAttributeValueTypes: [{ key: ":yes", value: "BOOL" }],
        })) as ScanData,
      (r) =>
        shortJson({
          count: r.data.count,
          scannedCount: r.data.scannedCount,
          truncated: r.data.truncated,
          first: r.data.items[0],
        }),
    );

    const firstPart = await demo.step(
      "Scan Items: Total Segments 2, cut short by Max Items 50 (per-segment cursors)",
      async () =>
        (await demo.action("scanItems", {
          tableName,
          fetchAll: "true",
          totalSegments: "2",
          maxItems: "50",
          limit: "20",
        })) as ScanData,
      (r) =>
        shortJson({
          count: r.data.count,
          truncated: r.data.truncated,
          segmentCursors: r.data.segmentCursors,
        }),
    );

    await demo.step(
      "Scan Items: continue from those segment cursors (Exclusive Start Key)",
      async () =>
        (await demo.action("scanItems", {
          tableName,
          fetchAll: "true",
          totalSegments: "2",
          exclusiveStartKey: JSON.stringify(firstPart.data.segmentCursors),
        })) as ScanData,
      (r) =>
        shortJson({
          count: r.data.count,
          total: firstPart.data.count + r.data.count,
          truncated: r.data.truncated,
          segmentCursors: r.data.segmentCursors,
        }),
    );

    await demo.step(
      `Batch Write Items: delete all ${ITEM_COUNT} keys`,
      async () =>
        (await demo.action("batchWriteItems", {
          tableName,
          deleteKeys: JSON.stringify(products.map(({ sku }) => ({ sku }))),
        })) as WriteData,
      (r) => shortJson(r.data),
    );

    await demo.step(
      "Scan Items: the table is empty again",
      async () => (await demo.action("scanItems", { tableName })) as ScanData,
      (r) => shortJson({ count: r.data.count, lastEvaluatedKey: r.data.lastEvaluatedKey }),
    );
  } finally {
    await demo.step(
      "Delete Table",
      () => demo.action("deleteTable", { tableName, waitUntilDeleted: "true" }),
      () => tableName,
    );
  }
};

export default section;

import { type DemoSection, shortJson } from "../demo";

interface TableData {
  data: { table: Record<string, unknown> };
}
interface ListData {
  data: { tableNames: string[]; lastEvaluatedTableName: string | null };
}
interface Picklist {
  result: { key: string; label: string }[];
}

/** Creates, inspects and lists tables, then deletes them: the section leaves nothing behind. */
const section: DemoSection = async (demo) => {
  const tableName = demo.tableName("demo-orders");
  // A second table, so that List Tables has more than one page to show with a page size of 1.
  const otherTable = demo.tableName("demo-archive");
  const created: string[] = [];

  /** Creates a table through the action and remembers it for the deletion at the end. */
  const create = async (params: Record<string, unknown>) => {
    const result = (await demo.action("createTable", params)) as TableData;
    created.push(params.tableName as string);
    return result;
  };
  const status = (r: TableData) =>
    shortJson({ TableName: r.data.table.TableName, TableStatus: r.data.table.TableStatus });

  await demo.step(
    "Create Table (sort key, PAY_PER_REQUEST, Wait Until Active)",
    () =>
      create({
        tableName,
        attributeDefinition: JSON.stringify([
          { AttributeName: "customerId", AttributeType: "S" },
          { AttributeName: "orderDate", AttributeType: "S" },
        ]),
        keySchema: JSON.stringify([
          { KeyType: "HASH", AttributeName: "customerId" },
          { KeyType: "RANGE", AttributeName: "orderDate" },
        ]),
        billingMode: "PAY_PER_REQUEST",
        waitUntilActive: "true",
      }),
    status,
  );

  try {
    await demo.step(
      "Create Table (hash key only, PAY_PER_REQUEST, returns at once)",
      () =>
        create({
          tableName: otherTable,
          attributeDefinition: '[{"AttributeName":"id","AttributeType":"S"}]',
          keySchema: '[{"KeyType":"HASH","AttributeName":"id"}]',
          billingMode: "PAY_PER_REQUEST",
        }),
      status,
    );

    await demo.step(
      "Describe Table",
      async () => (await demo.action("describeTable", { tableName })) as TableData,
      (r) =>
        shortJson({
          KeySchema: r.data.table.KeySchema,
          BillingMode: (r.data.table.BillingModeSummary as { BillingMode?: string })?.BillingMode,
          ItemCount: r.data.table.ItemCount,
        }),
    );

    await demo.step(
      "Create Table rejects a malformed Key Schema before calling AWS",
      async () => {
        try {
          await demo.action("createTable", {
            tableName: demo.tableName("demo-never-created"),
            keySchema: '[{"KeyType":"RANGE","AttributeName":"customerName"}]',
          });
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
        throw new Error("Create Table accepted a Key Schema without a HASH key.");
      },
      (message) => shortJson(message, 200),
    );

    await demo.step(
      "List Tables (Fetch All)",
      async () => (await demo.action("listTables", { fetchAll: "true" })) as ListData,
      (r) =>
        `${r.data.tableNames.length} table(s); both demo tables are listed: ${[tableName, otherTable].every((name) => r.data.tableNames.includes(name))}`,
    );

    await demo.step(
      "List Tables (one page of 1, then continue from its cursor)",
      async () => {
        const first = (await demo.action("listTables", { limit: "1" })) as ListData;
        if (!first.data.lastEvaluatedTableName) {
          throw new Error("List Tables returned no cursor although there are two tables.");
        }
        const next = (await demo.action("listTables", {
          limit: "1",
          exclusiveStartTableName: first.data.lastEvaluatedTableName,
        })) as ListData;
        return { first: first.data, next: next.data };
      },
      (r) => shortJson(r),
    );

    await demo.step(
      "Select Table (data source)",
      async () => (await demo.dataSource("selectTable", {})) as Picklist,
      (r) =>
        `${r.result.length} option(s), sorted: ${shortJson(
          r.result.map((o) => o.key),
          120,
        )}`,
    );

    await demo.step(
      "Select AWS Region (data source)",
      async () => (await demo.dataSource("selectRegion", {})) as Picklist,
      (r) => `${r.result.length} regions, such as ${r.result[0]?.label}`,
    );
  } finally {
    // Runs even when a step above failed, so that a failed demo leaves no table behind.
    for (const name of created) {
      await demo.step(
        `Delete Table ${name} (Wait Until Deleted)`,
        async () =>
          (await demo.action("deleteTable", {
            tableName: name,
            waitUntilDeleted: "true",
          })) as TableData,
        (r) => shortJson({ TableName: r.data.table.TableName }),
      );
    }
  }

  await demo.step(
    "Describe Table of a deleted table fails with a clear error",
    async () => {
      try {
        await demo.action("describeTable", { tableName });
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
      throw new Error(`Table ${tableName} still exists after Delete Table.`);
    },
    (message) => shortJson(message, 200),
  );
};

export default section;

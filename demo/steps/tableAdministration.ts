import { type DemoSection, shortJson } from "../demo";

interface TableData {
  data: { table: Record<string, unknown> };
}

interface IndexData {
  data: { index: { IndexName?: string; IndexStatus?: string } | null };
}

/** Actions the local engine does not support (UnknownOperationException; replicas: ValidationException). */
const NOT_ON_LOCAL = [
  "Create Backup",
  "Describe Backup",
  "List Backups",
  "Delete Backup",
  "Restore Table From Backup",
  "Restore Table To Point In Time",
  "Describe Continuous Backups",
  "Update Continuous Backups",
  "Tag Resource",
  "Untag Resource",
  "List Tags Of Resource",
  "Select Backup",
  "Add Replica",
  "Remove Replica",
];

const isUnsupported = (error: unknown) =>
  error instanceof Error && /UnknownOperationException/.test(error.message);

/**
 * Table administration on a table of 200 orders: a global secondary index (create, wait, query,
 * pick from Select Index, delete), the table's settings (Update Table's stream, Time to Live), then
 * the backup, recovery and tag actions where the engine has them: DynamoDB Local does not, and
 * the demo says so instead of running them.
 */
const section: DemoSection = async (demo) => {
  const orders = demo.tableName("demo-admin-orders");
  let created = false;
  try {
    await demo.step("Create Table (orders) and Batch Write Items: 200 orders", async () => {
      await demo.action("createTable", {
        tableName: orders,
        attributeDefinition: '[{"AttributeName":"orderId","AttributeType":"N"}]',
        keySchema: '[{"KeyType":"HASH","AttributeName":"orderId"}]',
        billingMode: "PAY_PER_REQUEST",
        waitUntilActive: "true",
      });
      created = true;
      const statuses = ["new", "paid", "shipped", "returned"];
      return demo.action("batchWriteItems", {
        tableName: orders,
        putItems: JSON.stringify(
          Array.from({ length: 200 }, (_, i) => ({
            orderId: i,
            status: statuses[i % 4],
            total: i * 10,
          })),
        ),
      });
    });

    await demo.step(
      "Create Global Secondary Index: byStatus (status, total), waiting until ACTIVE",
      async () =>
        (await demo.action("createGlobalSecondaryIndex", {
          tableName: orders,
          indexName: "byStatus",
          partitionKeyName: "status",
          sortKeyName: "total",
          sortKeyType: "N",
          waitUntilActive: "true",
        })) as IndexData,
      (r) => shortJson(r.data.index, 200),
    );

    await demo.step("Query Items through byStatus: paid orders of 1000 or more", () =>
      demo.action("queryItems", {
        tableName: orders,
        indexName: "byStatus",
        keyConditionExpression: "#s = :s AND #t >= :min",
        expressionAttributeNames: [
          { key: "#s", value: "status" },
          { key: "#t", value: "total" },
        ],
        expressionAttributeValues: [
          { key: ":s", value: "paid" },
          { key: ":min", value: "1000" },
        ],
        expressionAttributeValueTypes: [
          { key: ":s", value: "S" },
          { key: ":min", value: "N" },
        ],
        fetchAll: "true",
      }),
    );

    await demo.step("Select Index (data source) on the orders table", () =>
      demo.dataSource("selectIndex", { tableName: orders }),
    );

    await demo.step(
      "Delete Global Secondary Index: byStatus, waiting until it is gone",
      async () =>
        (await demo.action("deleteGlobalSecondaryIndex", {
          tableName: orders,
          indexName: "byStatus",
          waitUntilDeleted: "true",
        })) as IndexData,
      (r) => shortJson(r.data, 200),
    );

    await demo.step(
      "Update Table: enable a NEW_AND_OLD_IMAGES stream on the orders table",
      async () =>
        (await demo.action("updateTable", {
          tableName: orders,
          streamViewType: "NEW_AND_OLD_IMAGES",
        })) as TableData,
      (r) =>
        shortJson(
          {
            StreamSpecification: r.data.table.StreamSpecification,
            LatestStreamArn: r.data.table.LatestStreamArn,
          },
          240,
        ),
    );

    await demo.step("Update Time To Live: expire orders by expiresAt", () =>
      demo.action("updateTimeToLive", {
        tableName: orders,
        ttlAttribute: "expiresAt",
        enabled: "true",
      }),
    );

    await demo.step("Describe Time To Live", () =>
      demo.action("describeTimeToLive", { tableName: orders }),
    );

    await demo.step("Describe Replicas of the orders table (no global table here: none)", () =>
      demo.action("describeReplicas", { tableName: orders }),
    );

    await demo.step(
      "Generate IAM Policy: what Query Items and Update Time To Live need on the orders table (no AWS call)",
      async () =>
        (await demo.action("generateIamPolicy", {
          actions: ["queryItems", "updateTimeToLive"],
          tableNames: [orders],
          accountId: "123456789012",
        })) as { data: { policy: unknown } },
      (r) => shortJson(r.data.policy, 400),
    );

    // Read-only or reversible calls where the engine has them; on DynamoDB Local, one line.
    const pitr = await demo.action("describeContinuousBackups", { tableName: orders }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    if ("error" in pitr && isUnsupported(pitr.error)) {
      console.log(
        `      The local engine does not support backups, point-in-time recovery, tagging or global tables (Describe Replicas runs there and lists none), so these are not run here (tested with mocks and loopback fakes): ${NOT_ON_LOCAL.join(", ")}.`,
      );
      return;
    }
    if ("error" in pitr) throw pitr.error;
    await demo.step("Describe Continuous Backups", async () => pitr.result);
    await demo.step("List Backups of the orders table", () =>
      demo.action("listBackups", { filterTableName: orders, backupType: "ALL" }),
    );
    await demo.step("Tag Resource: team → demo", () =>
      demo.action("tagResource", { resource: orders, tags: [{ key: "team", value: "demo" }] }),
    );
    await demo.step("List Tags Of Resource", () =>
      demo.action("listTagsOfResource", { resource: orders, fetchAll: "true" }),
    );
    await demo.step("Untag Resource: team", () =>
      demo.action("untagResource", { resource: orders, tagKeys: ["team"] }),
    );
  } finally {
    if (created) {
      await demo.step(
        `Delete Table ${orders}`,
        () => demo.action("deleteTable", { tableName: orders }),
        () => "",
      );
    }
  }
};

export default section;

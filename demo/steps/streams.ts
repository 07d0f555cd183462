import { type DemoSection, shortJson } from "../demo";

interface Change {
  eventName: string;
  keys: Record<string, unknown>;
  newImage: Record<string, unknown> | null;
  oldImage: Record<string, unknown> | null;
}
interface PollResult {
  payload: {
    body: { data: { records: Change[]; count: number; hasMore: boolean; dataLoss: unknown[] } };
  };
  resultType: string;
}

/** "INSERT c-1 v1": the change, its key and the version it carries. */
function describeChange(change: Change): string {
  const image = change.newImage ?? change.oldImage;
  return `${change.eventName} ${String(change.keys.customerId)} v${String(image?.version)}`;
}

/**
 * The New and Changed Items trigger: a table with a stream, a few writes, then two polls that
 * share the trigger's saved state, as the platform keeps it between runs. The first delivers the
 * changes in order; the second has nothing new.
 */
const section: DemoSection = async (demo) => {
  const tableName = demo.tableName("demo-stream");
  // The platform's per-instance store: the trigger keeps its position in it between polls.
  const instanceState: Record<string, unknown> = {};
  const pollParams = { tableName, startPosition: "TRIM_HORIZON", maxRecords: "100" };

  await demo.step(
    "Create a table with a stream (Stream View Type NEW_AND_OLD_IMAGES)",
    () =>
      demo.action("createTable", {
        tableName,
        attributeDefinition: JSON.stringify([{ AttributeName: "customerId", AttributeType: "S" }]),
        keySchema: JSON.stringify([{ KeyType: "HASH", AttributeName: "customerId" }]),
        billingMode: "PAY_PER_REQUEST",
        streamViewType: "NEW_AND_OLD_IMAGES",
        waitUntilActive: "true",
      }) as Promise<{ data: { table: Record<string, unknown> } }>,
    (r) => shortJson({ LatestStreamArn: r.data.table.LatestStreamArn }),
  );

  try {
    await demo.step(
      "Write changes: upsert c-1, c-2 and c-3, update c-1, delete c-2",
      async () => {
        for (const id of ["c-1", "c-2", "c-3"]) {
          await demo.action("createItem", {
            tableName,
            itemJson: JSON.stringify({ customerId: id, name: `Customer ${id}`, version: 1 }),
          });
        }
        await demo.action("updateItem", {
          tableName,
          value: "c-1",
          query: "SET version = :v, #n = :name",
          queryParams: [
            { key: ":v", value: "2" },
            { key: ":name", value: "Customer one" },
          ],
          queryParamTypes: [
            { key: ":v", value: "N" },
            { key: ":name", value: "S" },
          ],
          expressionAttributeNames: [{ key: "#n", value: "name" }],
        });
        await demo.action("deleteItem", { tableName, value: "c-2" });
        return 5;
      },
      (count) => `${count} writes`,
    );

    await demo.step(
      "Poll New and Changed Items (Start Position TRIM_HORIZON): every change, in order",
      async () => (await demo.trigger("tableChanges", pollParams, instanceState)) as PollResult,
      (r) =>
        `${r.resultType}: ${r.payload.body.data.records.map(describeChange).join(", ")}; dataLoss ${shortJson(r.payload.body.data.dataLoss)}`,
    );

    await demo.step(
      "Poll again with the saved state: nothing new",
      async () => (await demo.trigger("tableChanges", pollParams, instanceState)) as PollResult,
      (r) => `${r.resultType} (${r.payload.body.data.count} records)`,
    );
  } finally {
    await demo.step(
      "Delete the table",
      () => demo.action("deleteTable", { tableName, waitUntilDeleted: "true" }),
      () => "deleted",
    );
  }
};

export default section;

/**
 * Export Items against DynamoDB Local, where the engine's own rules matter: a Projection
 * Expression of plain names (`pk, sk, n`) is accepted (no empty ExpressionAttributeNames is
 * sent, which DynamoDB refuses), an empty table exports to a header-only CSV of its key, and a
 * CSV text cell that starts like a formula comes out escaped while numbers do not.
 */
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { parse } from "csv-parse/sync";
import { harness } from "../support/harness";
import {
  createTestTable,
  deleteTestTable,
  LOCAL_REGION,
  localConnection,
  rawClient,
  uniqueTableName,
} from "../support/local";

interface Exported {
  data: { file: { data: Buffer }; count: number; columns: string[] | null };
}

const filled = uniqueTableName("export_edges");
const empty = uniqueTableName("export_empty");

function exportItems(params: Record<string, unknown>): Promise<Exported> {
  return harness.action("exportItems", {
    awsConnection: localConnection(),
    awsRegion: LOCAL_REGION,
    ...params,
  }) as Promise<Exported>;
}

beforeAll(async () => {
  const keys = {
    hashKey: { name: "pk", type: "S" as const },
    rangeKey: { name: "sk", type: "N" as const },
  };
  await Promise.all([createTestTable(filled, keys), createTestTable(empty, keys)]);
  const client = rawClient();
  const rows = [
    { note: "=cmd|' /C calc'!A0", n: "-5" },
    { note: "@SUM(1+1)", n: "7" },
  ];
  for (const [index, row] of rows.entries()) {
    await client.send(
      new PutItemCommand({
        TableName: filled,
        Item: {
          pk: { S: "p" },
          sk: { N: String(index) },
          n: { N: row.n },
          note: { S: row.note },
        },
      }),
    );
  }
});

afterAll(async () => {
  await Promise.all([deleteTestTable(filled), deleteTestTable(empty)]);
});

it("exports with Projection Expression `pk, sk, n` (a query and a scan)", async () => {
  const scan = await exportItems({ tableName: filled, projectionExpression: "pk, sk, n" });
  expect(scan.data.count).toBe(2);
  const query = await exportItems({
    tableName: filled,
    keyConditionExpression: "pk = :p",
    expressionAttributeValues: { ":p": "p" },
    expressionAttributeValueTypes: { ":p": "S" },
    projectionExpression: "pk, sk, n",
  });
  const lines = query.data.file.data.toString("utf8").trim().split("\n");
  expect(lines.map((line) => JSON.parse(line))).toEqual([
    { pk: "p", sk: 0, n: -5 },
    { pk: "p", sk: 1, n: 7 },
  ]);
});

it("an empty table exports to a CSV header of its key attributes", async () => {
  const { data } = await exportItems({ tableName: empty, format: "csv" });
  expect(data.file.data.toString("utf8")).toBe("pk,sk\n");
  expect(data).toMatchObject({ count: 0, columns: ["pk", "sk"] });
});

it("escapes formula-like text cells in CSV, not numbers", async () => {
  const { data } = await exportItems({ tableName: filled, format: "csv", columns: "sk, note, n" });
  expect(parse(data.file.data)).toEqual([
    ["sk", "note", "n"],
    ["0", "'=cmd|' /C calc'!A0", "-5"],
    ["1", "'@SUM(1+1)", "7"],
  ]);
});

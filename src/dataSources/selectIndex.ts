import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { dataSource } from "@prismatic-io/spectral";
import { tablePicklistInputs } from "../inputs";
import { connect } from "../invocation";

/** Case-insensitive order for people, ties broken by code point so the order is stable. */
function byName(a: string, b: string): number {
  const lower = a.toLowerCase().localeCompare(b.toLowerCase(), "en");
  return lower !== 0 ? lower : a < b ? -1 : a > b ? 1 : 0;
}

export const selectIndex = dataSource({
  display: {
    label: "Select Index",
    description: "Choose one of a DynamoDB table's global or local secondary indexes.",
  },
  dataSourceType: "picklist",
  inputs: {
    ...tablePicklistInputs,
  },
  perform: async (_context, params) => {
    const step = connect(undefined, params);
    const { clients } = step;
    const { Table } = await step.call("DescribeTable", () =>
      clients.dynamodb.send(new DescribeTableCommand({ TableName: params.tableName })),
    );
    const indexes = [
      ...(Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
        name: index.IndexName,
        kind: "global",
      })),
      ...(Table?.LocalSecondaryIndexes ?? []).map((index) => ({
        name: index.IndexName,
        kind: "local",
      })),
    ].filter((index): index is { name: string; kind: string } => Boolean(index.name));
    indexes.sort((a, b) => byName(a.name, b.name));
    return { result: indexes.map(({ name, kind }) => ({ key: name, label: `${name} (${kind})` })) };
  },
  examplePayload: {
    result: [
      { key: "byCity", label: "byCity (local)" },
      { key: "byEmail", label: "byEmail (global)" },
    ],
  },
});

export default selectIndex;

import { dataSource } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { byName } from "../common/text";
import { describeTableNow } from "../engines/indexes";
import { tablePicklistInputs } from "../inputs";

export const selectIndex = dataSource({
  display: {
    label: "Select Index",
    description: "Choose one of a DynamoDB table's global or local secondary indexes.",
  },
  dataSourceType: "picklist",
  inputs: tablePicklistInputs,
  perform: async (_context, params) => {
    const step = connect(undefined, params);
    const table = await describeTableNow(step);
    const indexes = [
      ...(table.GlobalSecondaryIndexes ?? []).map((index) => ({
        name: index.IndexName,
        kind: "global",
      })),
      ...(table.LocalSecondaryIndexes ?? []).map((index) => ({
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

import { dataSource } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { describeTableNow } from "../engines/indexes";
import { tablePicklistInputs } from "../inputs";
import { indexChoices } from "../outputs/indexes";

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
    return { result: indexChoices(table) };
  },
  examplePayload: {
    result: [
      { key: "byCity", label: "byCity (local)" },
      { key: "byEmail", label: "byEmail (global)" },
    ],
  },
});

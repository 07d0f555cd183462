import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  exportPages,
  listExportsRequest,
  listTransferPages,
  tableArnOf,
} from "../../engines/s3Transfers";
import {
  awsRegion,
  checkMaxItemsNeedsFetchAll,
  cleanTableFilter,
  connectionInput,
  fetchAll,
  maxItems,
  transferNextToken,
  transferPageSize,
} from "../../inputs";
import {
  listExportsExample,
  listExportsOutputSchema,
  listedExportsData,
} from "../../outputs/s3Transfers";

const TABLE_LABEL = "Table Name Filter";

const filterTableName = input({
  label: TABLE_LABEL,
  type: "string",
  required: false,
  dataSource: "selectTable",
  example: "Customers",
  comments:
    "Optional. List only the exports of this table. Leave blank for the exports of every table in the region.",
  clean: cleanTableFilter(TABLE_LABEL),
});

export const listExports = action({
  display: {
    label: "List Exports",
    description: "List the exports to S3 of the last 90 days, of one table or of every table",
  },
  inputs: {
    awsRegion,
    awsConnection: connectionInput,
    filterTableName,
    fetchAll,
    maxItems,
    pageSize: transferPageSize,
    nextToken: transferNextToken,
  },
  perform: async (invocation, params) => {
    checkMaxItemsNeedsFetchAll(params.maxItems, params.fetchAll, "clear Max Items");
    // Errors name the Table Name Filter as the table, where there is one.
    const step = connect(invocation, { ...params, tableName: params.filterTableName });
    const tableArn = params.filterTableName ? await tableArnOf(step) : undefined;
    const request = listExportsRequest(tableArn, params);
    const listed = await step.call("ListExports", () =>
      listTransferPages("ListExports", exportPages(step.clients, request), params),
    );
    return { data: listedExportsData(listed) };
  },
  outputSchema: listExportsOutputSchema,
  examplePayload: listExportsExample,
});

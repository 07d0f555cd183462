import { action } from "@prismatic-io/spectral";
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
  connectionInput,
  fetchAll,
  maxItems,
  nextTokenInput,
  transferPageSize,
  transferTableFilter,
} from "../../inputs";
import {
  listExportsExample,
  listExportsOutputSchema,
  listedExportsData,
} from "../../outputs/s3Transfers";

const filterTableName = transferTableFilter("the exports of this table", "the exports");

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
    nextToken: nextTokenInput,
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

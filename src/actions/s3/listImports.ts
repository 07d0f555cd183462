import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  importPages,
  listImportsRequest,
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
  listedImportsData,
  listImportsExample,
  listImportsOutputSchema,
} from "../../outputs/s3Transfers";

const filterTableName = transferTableFilter(
  "the imports into this table (the table an import created)",
  "the imports",
);

export const listImports = action({
  display: {
    label: "List Imports",
    description: "List the imports from S3 of the last 90 days, into one table or into every table",
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
    const request = listImportsRequest(tableArn, params);
    const listed = await step.call("ListImports", () =>
      listTransferPages("ListImports", importPages(step.clients, request), params),
    );
    return { data: listedImportsData(listed) };
  },
  outputSchema: listImportsOutputSchema,
  examplePayload: listImportsExample,
});

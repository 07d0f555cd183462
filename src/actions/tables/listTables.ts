import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { listAllTableNames, listTablesRequest } from "../../engines/tables";
import {
  awsRegion,
  checkName,
  cleanInteger,
  cleanText,
  connectionInput,
  fetchAll,
  MAX_LIST_TABLES_PAGE,
} from "../../inputs";
import {
  allTableNamesData,
  listTablesExample,
  listTablesOutputSchema,
  tableNamesPageData,
} from "../../outputs/tables";

const exclusiveStartTableName = input({
  label: "Exclusive Start Table Name",
  type: "string",
  required: false,
  comments:
    "The cursor to continue from: the lastEvaluatedTableName of a previous page's output. The list starts after this name. Leave blank to start at the beginning.",
  example: "Customers",
  clean: (value: unknown) => {
    const name = cleanText("Exclusive Start Table Name")(value);
    return name === undefined ? undefined : checkName("Exclusive Start Table Name", name);
  },
});

const listTablesLimit = input({
  label: "Limit",
  type: "string",
  required: false,
  comments:
    "The most table names per page, from 1 to 100. Leave blank for DynamoDB's default of 100. With Fetch All, it is the size of each page fetched.",
  example: "100",
  clean: cleanInteger("Limit", 1, MAX_LIST_TABLES_PAGE),
});

export const listTables = action({
  display: {
    label: "List Tables",
    description: "List all DynamoDB Tables",
  },
  inputs: {
    awsRegion,
    awsConnection: connectionInput,
    fetchAll,
    exclusiveStartTableName,
    limit: listTablesLimit,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    if (params.fetchAll) {
      const options = { pageSize: params.limit, startingToken: params.exclusiveStartTableName };
      const names = await step.call("ListTables", () => listAllTableNames(step.clients, options));
      return { data: allTableNamesData(names) };
    }
    const request = listTablesRequest(params);
    const page = await step.send("ListTables", new ListTablesCommand(request));
    return { data: tableNamesPageData(page) };
  },
  outputSchema: listTablesOutputSchema,
  examplePayload: listTablesExample,
});

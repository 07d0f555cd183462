import { ListTablesCommand, paginateListTables } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { callAws } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import { boundedPages } from "../../engines/paging";
import { lastTable } from "../../engines/tables";
import {
  awsRegion,
  checkName,
  cleanInteger,
  cleanText,
  connectionInput,
  fetchAll,
} from "../../inputs";
import { actionOutput, listCursorSchema } from "../../outputs";

/** ListTables returns at most 100 names per page. */
export const MAX_LIST_TABLES_PAGE = 100;

export const exclusiveStartTableName = input({
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

export const listTablesLimit = input({
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
    const { clients } = step;
    const context = step.context("ListTables");
    if (params.fetchAll) {
      const tableNames = await callAws(context, async () => {
        const names: string[] = [];
        const pages = paginateListTables(
          {
            client: clients.dynamodb,
            pageSize: params.limit,
            startingToken: params.exclusiveStartTableName,
            stopOnSameToken: true,
          },
          {},
        );
        for await (const page of boundedPages(pages, "ListTables", lastTable)) {
          names.push(...(page.TableNames ?? []));
        }
        return names;
      });
      return { data: { tableNames, lastEvaluatedTableName: null } };
    }
    const page = await callAws(context, () =>
      clients.dynamodb.send(
        new ListTablesCommand({
          ...(params.exclusiveStartTableName
            ? { ExclusiveStartTableName: params.exclusiveStartTableName }
            : {}),
          ...(params.limit ? { Limit: params.limit } : {}),
        }),
      ),
    );
    return {
      data: {
        tableNames: page.TableNames ?? [],
        lastEvaluatedTableName: page.LastEvaluatedTableName ?? null,
      },
    };
  },
  outputSchema: actionOutput(
    {
      tableNames: {
        type: "array",
        items: { type: "string" },
        description: "The table names in this region, in DynamoDB's order (sorted by name).",
      },
      lastEvaluatedTableName: listCursorSchema(
        "The cursor to continue from, or null when there are no more tables (always null with Fetch All). Pass it to Exclusive Start Table Name.",
      ),
    },
    ["tableNames", "lastEvaluatedTableName"],
  ),
  examplePayload: {
    data: {
      tableNames: ["Customers", "Invoices", "Orders"],
      lastEvaluatedTableName: null,
    },
  },
});

export default listTables;

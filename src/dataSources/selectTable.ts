import { paginateListTables } from "@aws-sdk/client-dynamodb";
import { dataSource } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { byName } from "../common/text";
import { boundedPages } from "../engines/paging";
import { lastTable } from "../engines/tables";
import { awsRegion, connectionInput } from "../inputs";

export const selectTable = dataSource({
  display: {
    label: "Select Table",
    description:
      "Choose a DynamoDB table from the tables of the connection's account in the region.",
  },
  dataSourceType: "picklist",
  inputs: {
    awsConnection: connectionInput,
    awsRegion,
  },
  perform: async (_context, params) => {
    const step = connect(undefined, params);
    const { clients } = step;
    // Every page: an account can have thousands of tables, and ListTables returns 100 at a time.
    const names = await step.call("ListTables", async () => {
      const all: string[] = [];
      const pages = paginateListTables({ client: clients.dynamodb, stopOnSameToken: true }, {});
      for await (const page of boundedPages(pages, "ListTables", lastTable)) {
        all.push(...(page.TableNames ?? []));
      }
      return all;
    });
    return { result: names.sort(byName).map((name) => ({ key: name, label: name })) };
  },
  examplePayload: {
    result: [
      { key: "Customers", label: "Customers" },
      { key: "Orders", label: "Orders" },
    ],
  },
});

export default selectTable;

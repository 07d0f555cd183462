import { dataSource } from "@prismatic-io/spectral";
import { connect } from "../aws/invocation";
import { byName } from "../common/text";
import { listAllTableNames } from "../engines/tables";
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
    // Every page: an account can have thousands of tables, and ListTables returns 100 at a time.
    const names = await step.call("ListTables", () => listAllTableNames(step.clients));
    return { result: names.sort(byName).map((name) => ({ key: name, label: name })) };
  },
  examplePayload: {
    result: [
      { key: "Customers", label: "Customers" },
      { key: "Orders", label: "Orders" },
    ],
  },
});

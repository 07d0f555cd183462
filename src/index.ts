import { component } from "@prismatic-io/spectral";
import actions from "./actions";
import connections from "./connections";
import dataSources from "./dataSources";
import triggers from "./triggers";

export default component({
  key: "aws-dynamodb",
  public: false,
  display: {
    label: "Amazon DynamoDB",
    description: "Manage tables and items in Amazon DynamoDB.",
    iconPath: "icon.png",
    category: "Data Platforms",
  },
  actions,
  connections,
  dataSources,
  triggers,
});

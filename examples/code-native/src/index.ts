/**
 * A code-native integration that calls the Amazon DynamoDB connector
 * (`@dynamodb-connector/aws-dynamodb`) from a flow: the connection and the table are config
 * variables, the table picked with the connector's Select Table data source.
 */
import { integration } from "@prismatic-io/spectral";
import { componentRegistry } from "./componentRegistry";
import { configPages } from "./configPages";
import flows from "./flows";

export { componentRegistry } from "./componentRegistry";
export { configPages } from "./configPages";

export default integration({
  name: "DynamoDB Orders",
  description: "Saves orders to DynamoDB and totals them per customer",
  iconPath: "icon.png",
  flows,
  configPages,
  componentRegistry,
});

import { component } from "@prismatic-io/spectral";
import actions from "./actions";
import connections from "./connections";
import dataSources from "./dataSources";
import triggers from "./triggers";

/**
 * The process-wide client settings and cache, so that tests of the built bundle can lower its
 * timeouts and start from an empty cache as tests of the source do. The platform uses only the
 * default export.
 */
export { clearClientCache, clientSettings, resetClientSettings } from "./client";

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

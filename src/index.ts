import { component } from "@prismatic-io/spectral";
import actions from "./actions";
import { createLocalActions, createManifest } from "./codeNative";
import connections from "./connections";
import dataSources from "./dataSources";
import triggers from "./triggers";

/**
 * The process-wide client settings and cache, so that tests of the built bundle can lower its
 * timeouts and start from an empty cache as tests of the source do. The platform uses only the
 * default export.
 */
export { clearClientCache, clientSettings, resetClientSettings } from "./client";

const awsDynamodb = component({
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

/** The component, as the platform loads it (the bundle's default export). */
export default awsDynamodb;

/**
 * For code-native integrations: `componentManifests({ awsDynamodb: manifest })` types
 * `context.components.awsDynamodb` and references to the connections and data sources.
 */
export const manifest = createManifest(awsDynamodb);

/** `context.components.awsDynamodb` for a local test of a flow: each action runs in this process. */
export const localActions = createLocalActions(awsDynamodb);

export type {
  ActionInputs,
  ActionKey,
  ActionResults,
  AwsDynamodbManifest,
  InputValues,
  JsonInput,
  LocalActions,
} from "./codeNative";

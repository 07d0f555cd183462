import { component } from "@prismatic-io/spectral";
import actions from "./actions";
import { createLocalActions, createManifest, type LocalOptions } from "./component/codeNative";
import connections from "./connections";
import dataSources from "./dataSources";
import triggers from "./triggers";

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
 * The component's type, as spectral's `component()` gives it: actions, connections, data sources
 * and triggers keyed by string, so `createHarness(component).action("getItm")` still compiles.
 * For calls checked by key, inputs and result, use `localActions` or `ActionInputs`/`ActionResults`.
 */
export type AwsDynamodbComponent = typeof awsDynamodb;

/**
 * For code-native integrations: `componentManifests({ awsDynamodb: manifest })` types
 * `context.components.awsDynamodb` and references to the connections and data sources.
 */
export const manifest = createManifest(awsDynamodb);

/**
 * `context.components.awsDynamodb` for a local test of a flow: each action runs in this process,
 * with a quiet logger. `localActions.getItem({ ... })` resolves to the step's `{ data }`.
 */
export const localActions = createLocalActions(awsDynamodb);

/**
 * `localActions` with its own options: `localActionsWith({ logger: console })` shows the
 * actions' progress lines; `debug: true` also logs each AWS request to that logger.
 */
export function localActionsWith(options: LocalOptions) {
  return createLocalActions(awsDynamodb, options);
}

export type {
  ActionInputs,
  ActionKey,
  ActionResults,
  AwsDynamodbManifest,
  FileInput,
  InputValues,
  JsonInput,
  LocalActions,
  LocalOptions,
  TableChangesPoll,
} from "./component/codeNative";
/**
 * The catalogue code of a failure (docs/errors.md), typed: `switch (errorCode(error))` over its
 * `case "versionConflict":` and the rest compiles only with codes the connector has.
 */
export { type ErrorCode, errorCode } from "./errors/errorCode";

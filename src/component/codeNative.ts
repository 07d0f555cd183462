/**
 * What a code-native integration needs from this package, besides the component itself:
 *
 * - `manifest`: the component in the shape of spectral's `ComponentManifest`, for
 *   `componentManifests({ awsDynamodb: manifest })`. Its types come from the input definitions
 *   (keys, required or optional, dropdown choices, key-value lists), so `context.components`
 *   calls, connection and data source references are checked by the compiler. On the platform a
 *   `context.components.awsDynamodb.getItem(values)` call runs the deployed component by its key.
 * - `localActions`: the same calls run in this process, with defaults and cleans applied as the
 *   platform applies them; pass it as `context.components.awsDynamodb` to test a flow locally
 *   (against DynamoDB Local, or mocked AWS clients).
 *
 * The input rules stay in the actions; this module only maps definitions to types and runs them.
 */
import type {
  ActionContext,
  ActionLogger,
  ComponentManifest,
  Connection,
  component,
  DataSourceContext,
  InputFieldType,
  TriggerBaseResult,
  TriggerPayload,
} from "@prismatic-io/spectral";
import type actionDefinitions from "../actions";
import type connectionDefinitions from "../connections";
import type dataSourceDefinitions from "../dataSources";
import { cut, InputError, show } from "../errors/inputError";
import type { TableChangesData } from "../outputs/trigger";
import type triggerDefinitions from "../triggers";

/** The component as spectral's `component()` returns it (what the platform loads). */
export type ServerComponent = ReturnType<typeof component>;

type Definitions = Record<string, { inputs?: object }>;

/** What an input's clean function returns, blank (undefined) left out. */
type Cleaned<T> = T extends { clean: (value: never) => infer R } ? Exclude<R, undefined> : never;

/**
 * The values of an input's dropdown (a widened `string` offers no choice), and `true`/`false`
 * themselves when the dropdown is a yes/no its clean function reads as a boolean.
 */
type Choice<T> = T extends { model: readonly (infer C)[] }
  ? C extends { value: infer V }
    ? string extends V
      ? never
      : V | (boolean extends Cleaned<T> ? boolean : never)
    : never
  : never;

/** A JSON value as a flow passes it to a code input instead of JSON text. */
export type JsonInput = string | Record<string, unknown> | unknown[];

/**
 * A file as a data input (Import Items' File) takes it: its text, its bytes, a file from an
 * earlier step (`{ data, contentType }`, Export Items' own output among them) or, from code,
 * an array of items.
 */
export type FileInput =
  | string
  | Uint8Array
  | { data: string | Uint8Array; contentType?: string }
  | Record<string, unknown>[];

/**
 * One value of an input, as a flow passes it (before the action cleans it). Numbers and
 * booleans may come as text too, as the platform sends them ("10", "true").
 */
type SingleValue<T> = T extends { type: "connection" }
  ? Connection
  : [Choice<T>] extends [never]
    ? T extends { type: "boolean" }
      ? boolean | string
      : T extends { type: "data" }
        ? FileInput
        : T extends { type: "code" }
          ? JsonInput
          : number extends Cleaned<T>
            ? number | string
            : string
    : Choice<T>;

/** An input's value: key-value lists as an object or as rows, value lists as arrays. */
export type InputValue<T> = T extends { collection: "keyvaluelist" }
  ? Record<string, SingleValue<T>> | { key: string; value: SingleValue<T> }[]
  : T extends { collection: "valuelist" }
    ? SingleValue<T>[]
    : SingleValue<T>;

/** Inputs a call must give: required and without a default (the platform fills defaults in). */
type RequiredKeys<TInputs> = {
  [K in keyof TInputs]: TInputs[K] extends { required: true }
    ? TInputs[K] extends { default: unknown }
      ? never
      : K
    : never;
}[keyof TInputs];

/**
 * Optional inputs without a default. Their clean functions read null as blank, so they take null:
 * an output that is null when there is nothing (the last page's lastEvaluatedKey, a missing item's
 * sort key) goes on to the next call as it is, without `?? undefined`.
 */
type BlankableKeys<TInputs> = {
  [K in keyof TInputs]: TInputs[K] extends { required: true }
    ? never
    : TInputs[K] extends { default: unknown }
      ? never
      : K;
}[keyof TInputs];

/** The values a call takes, typed from the input definitions: `{ tableName: string; ... }`. */
export type InputValues<TInputs> = {
  [K in RequiredKeys<TInputs>]: InputValue<TInputs[K]>;
} & {
  [K in BlankableKeys<TInputs>]?: InputValue<TInputs[K]> | null;
} & {
  [K in Exclude<keyof TInputs, RequiredKeys<TInputs> | BlankableKeys<TInputs>>]?: InputValue<
    TInputs[K]
  >;
};

type ActionDefinitions = typeof actionDefinitions;
type DataSourceDefinitions = typeof dataSourceDefinitions;
type TriggerDefinitions = typeof triggerDefinitions;
type ConnectionDefinition = (typeof connectionDefinitions)[number];
type ConnectionKey = ConnectionDefinition["key"];

/** Every action key: `createItem`, `getItem`, `queryItems`, ... */
export type ActionKey = keyof ActionDefinitions;

/** What an action takes, by action key, e.g. `ActionInputs["getItem"]`. */
export type ActionInputs = {
  [K in ActionKey]: InputValues<ActionDefinitions[K]["inputs"]>;
};

/** What an action returns (`{ data: ... }`), by action key, e.g. `ActionResults["getItem"]`. */
export type ActionResults = {
  [K in ActionKey]: Awaited<ReturnType<ActionDefinitions[K]["perform"]>>;
};

/**
 * What a poll of the New and Changed Items trigger (`tableChanges`) returns once spectral has
 * wrapped it, as the platform reads it and `harness.trigger` resolves to: `resultType` is
 * `polled_no_changes` when there is nothing to report (the flow does not run), else `completed`.
 */
export interface TableChangesPoll extends TriggerBaseResult<TriggerPayload> {
  payload: TriggerPayload & { body: { data: TableChangesData } };
  resultType: "completed" | "polled_no_changes";
}

/** An input as the manifest describes it (what the platform needs to pass values on). */
export interface ManifestInput {
  inputType: InputFieldType;
  collection?: "keyvaluelist" | "valuelist";
  required?: boolean;
  default?: unknown;
}

type ManifestInputs<TDefinitions extends Definitions, K extends keyof TDefinitions> = {
  [I in keyof NonNullable<TDefinitions[K]["inputs"]>]: ManifestInput;
};

/** Runs an action in this process: `(values) => Promise<{ data }>`. */
export type LocalActions = {
  [K in ActionKey]: (values: ActionInputs[K]) => Promise<ActionResults[K]>;
};

/** This component as spectral's `ComponentManifest`, typed from its definitions. */
export interface AwsDynamodbManifest extends ComponentManifest {
  key: "aws-dynamodb";
  public: false;
  signature: null;
  actions: {
    [K in ActionKey]: {
      key: K;
      inputs: ManifestInputs<ActionDefinitions, K>;
      examplePayload?: unknown;
      perform: LocalActions[K];
    };
  };
  dataSources: {
    [K in keyof DataSourceDefinitions]: {
      key: K;
      dataSourceType: DataSourceDefinitions[K]["dataSourceType"];
      inputs: ManifestInputs<DataSourceDefinitions, K>;
      perform: (
        values: InputValues<DataSourceDefinitions[K]["inputs"]>,
      ) => Promise<Awaited<ReturnType<DataSourceDefinitions[K]["perform"]>>>;
    };
  };
  connections: {
    [K in ConnectionKey]: {
      key: K;
      inputs: { [I in keyof Extract<ConnectionDefinition, { key: K }>["inputs"]]: ManifestInput };
      /** Types the connection's values for references; a connection has nothing to run. */
      perform: (
        values: InputValues<Extract<ConnectionDefinition, { key: K }>["inputs"]>,
      ) => Promise<void>;
    };
  };
  triggers: {
    [K in keyof TriggerDefinitions]: {
      key: K;
      inputs: ManifestInputs<TriggerDefinitions, K>;
      /** Types the trigger's values for a flow's `onTrigger` reference; it runs on the platform. */
      perform: (
        values: InputValues<NonNullable<TriggerDefinitions[K]["inputs"]>>,
      ) => Promise<never>;
    };
  };
}

type ServerInput = ServerComponent["actions"][string]["inputs"][number];

/** The manifest's view of one input; defaults as spectral's manifest generator writes them. */
function manifestInput(input: ServerInput): ManifestInput {
  const collection = input.collection as ManifestInput["collection"];
  const unset = input.default === undefined || input.default === "";
  return {
    inputType: input.type as InputFieldType,
    ...(collection ? { collection } : {}),
    ...(input.required && unset ? { required: true } : {}),
    ...(unset ? (collection ? { default: [] } : {}) : { default: input.default }),
  };
}

function manifestInputs(inputs: ServerInput[]): Record<string, ManifestInput> {
  return Object.fromEntries(inputs.map((input) => [input.key, manifestInput(input)]));
}

/** What a local call runs (an action or a data source), for the message about an unknown key. */
interface Callee {
  key: string;
  label: string;
}

/** Longest key compared letter by letter for a suggestion (a megabyte key is not). */
const MAX_SUGGESTED_KEY = 64;

/** How many single-letter edits turn `a` into `b` (both short: see MAX_SUGGESTED_KEY). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The input a misspelt key most likely meant: same letters in another case, or a few edits off. */
function closestInput(key: string, inputs: ServerInput[]): ServerInput | undefined {
  if (key.length > MAX_SUGGESTED_KEY) return undefined;
  const lower = key.toLowerCase();
  let best: { input: ServerInput; distance: number } | undefined;
  for (const input of inputs) {
    const distance = editDistance(lower, input.key.toLowerCase());
    if (
      distance <= Math.max(2, Math.floor(input.key.length / 4)) &&
      distance < (best?.distance ?? Infinity)
    ) {
      best = { input, distance };
    }
  }
  return best?.input;
}

/**
 * Refuses a key of a local call that is no input of `callee`: the platform never passes one, so
 * it would be dropped without a word (a misspelt `consistentread` would read eventually
 * consistent). The message names the key, the input it may have meant, or the inputs there are.
 */
function refuseUnknownKeys(inputs: ServerInput[], given: object, callee: Callee): void {
  const known = new Set(inputs.map((input) => input.key));
  for (const key of Object.keys(given)) {
    if (known.has(key)) continue;
    const meant = closestInput(key, inputs);
    const hint = meant
      ? `Did you mean ${meant.label} (${meant.key})?`
      : `Its inputs are: ${inputs.map((input) => input.key).join(", ")}.`;
    throw new InputError(
      cut(key),
      "unknownInput",
      `${show(key)} is not an input of ${callee.label} (${callee.key}), so it would be ignored. ${hint}`,
    );
  }
}

/**
 * The params the platform passes: every input, a value left out taking its default (or ""). A key
 * that is no input of the callee is refused (refuseUnknownKeys).
 */
function paramsFor(inputs: ServerInput[], values: object, callee: Callee): Record<string, unknown> {
  refuseUnknownKeys(inputs, values, callee);
  const given = values as Record<string, unknown>;
  return Object.fromEntries(
    inputs.map((input) => {
      const value = Object.hasOwn(given, input.key) ? given[input.key] : undefined;
      return [input.key, value ?? input.default ?? ""];
    }),
  );
}

/** How local calls run: where their log lines go, and whether debug mode is on. */
export interface LocalOptions {
  /**
   * Where the actions' log lines go (Import Items' and Export Items' progress, the trigger's
   * warnings): any of `debug`, `info`, `warn`, `error`, ... (`console` fits). Left out: nowhere,
   * so a test's output stays quiet.
   */
  logger?: Partial<ActionLogger>;
  /**
   * Debug mode, as the platform's "debug" switch: the AWS SDK logs each request to `logger` (a
   * mocked client's too, in the same form: docs/guides/security.md), and spectral logs each
   * step's time and memory use. Off by default.
   */
  debug?: boolean;
}

const LOG_LEVELS = ["metric", "trace", "debug", "info", "log", "warn", "error"] as const;

/** A full logger from a partial one: a level the caller left out writes nowhere. */
function localLogger(given: Partial<ActionLogger> = {}): ActionLogger {
  const quiet = () => undefined;
  return Object.fromEntries(
    LOG_LEVELS.map((level) => [level, given[level]?.bind(given) ?? quiet]),
  ) as unknown as ActionLogger;
}

/**
 * The context a local call runs with: what an action reads on the platform (logger, debug flag,
 * state stores, ids). The stores live as long as the `localActions` object, as an instance's do.
 */
function localContext(options: LocalOptions): () => ActionContext {
  const stores = {
    instanceState: {},
    crossFlowState: {},
    integrationState: {},
  };
  let calls = 0;
  return () => {
    calls += 1;
    const context = {
      ...stores,
      logger: localLogger(options.logger),
      executionState: {},
      configVars: {},
      components: {},
      stepId: `local-step-${calls}`,
      executionId: `local-execution-${calls}`,
      webhookUrls: {},
      webhookApiKeys: {},
      invokeUrl: "",
      startedAt: new Date().toISOString(),
      // Read by spectral's perform wrapper to build `context.debug`.
      globalDebug: options.debug === true,
    };
    return context as unknown as ActionContext;
  };
}

/**
 * Runs each action of the built component here, as the platform runs it: every input passed
 * (defaults for those left out), cleaned by the action's own rules, with a context that has a
 * logger (quiet unless `options.logger` is given) and state stores.
 */
export function createLocalActions(
  built: ServerComponent,
  options: LocalOptions = {},
): LocalActions {
  const contextFor = localContext(options);
  const run = Object.fromEntries(
    Object.entries(built.actions).map(([key, action]) => [
      key,
      async (values: object) =>
        action.perform(
          contextFor(),
          paramsFor(action.inputs, values ?? {}, { key, label: action.display.label }),
        ),
    ]),
  );
  return run as unknown as LocalActions;
}

/** The manifest's actions: each one's inputs and example payload, and its local call. */
function manifestActions(built: ServerComponent): Record<string, unknown> {
  const local = createLocalActions(built) as unknown as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(built.actions).map(([key, action]) => [
      key,
      {
        key,
        inputs: manifestInputs(action.inputs),
        examplePayload: action.examplePayload,
        perform: local[key],
      },
    ]),
  );
}

/** The manifest's data sources: each one's inputs and type, and its call, run in this process. */
function manifestDataSources(built: ServerComponent): Record<string, unknown> {
  const contextFor = localContext({});
  return Object.fromEntries(
    Object.entries(built.dataSources ?? {}).map(([key, source]) => [
      key,
      {
        key,
        dataSourceType: source.dataSourceType,
        inputs: manifestInputs(source.inputs),
        perform: (values: object) =>
          source.perform(
            contextFor() as unknown as DataSourceContext,
            paramsFor(source.inputs, values ?? {}, {
              key,
              label: source.display.label,
            }),
          ),
      },
    ]),
  );
}

/** The manifest's connections: their inputs type a flow's references; there is nothing to run. */
function manifestConnections(built: ServerComponent): Record<string, unknown> {
  return Object.fromEntries(
    (built.connections ?? []).map((connection) => [
      connection.key,
      {
        key: connection.key,
        inputs: manifestInputs(connection.inputs as ServerInput[]),
        perform: async () => undefined,
      },
    ]),
  );
}

/** The manifest's triggers: their inputs type a flow's `onTrigger`; they run on the platform only. */
function manifestTriggers(built: ServerComponent): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(built.triggers ?? {}).map(([key, trigger]) => [
      key,
      {
        key,
        inputs: manifestInputs(trigger.inputs),
        perform: async () => {
          throw new Error(
            `The trigger ${key} runs on the platform: reference it in a flow's onTrigger.`,
          );
        },
      },
    ]),
  );
}

/** The manifest of the built component; action and data source calls run in this process. */
export function createManifest(built: ServerComponent): AwsDynamodbManifest {
  const manifest = {
    key: built.key,
    public: false,
    signature: null,
    actions: manifestActions(built),
    dataSources: manifestDataSources(built),
    connections: manifestConnections(built),
    triggers: manifestTriggers(built),
  };
  return manifest as unknown as AwsDynamodbManifest;
}

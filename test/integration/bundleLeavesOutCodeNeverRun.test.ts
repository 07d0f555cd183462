/**
 * The bundle the platform loads (dist/index.js) leaves out what spectral's index loads but a
 * component never runs, which would only cost cold load: spectral's test harness, its code-native
 * integration builder (`integration()`, config pages, flows), its `util` helpers with date-fns,
 * axios and yaml. The component still
 * loads, and an action runs through it.
 */
import fs from "node:fs";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";

beforeAll(() => ensureFreshBundle());

/** Text each left-out module holds and nothing else in the bundle does. */
const LEFT_OUT: [string, string][] = [
  ["spectral's integration builder", "on user level config page"],
  ["spectral's test harness", "Trigger does not support onInstanceDeploy"],
  ["axios", "axios/"],
  ["yaml", "YAMLParseError"],
  ["spectral's util", "cannot be coerced to a number"],
  ["date-fns", "unescaped latin alphabet character"],
];

it.each(LEFT_OUT)("leaves out %s", (_what, text) => {
  expect(fs.readFileSync(BUNDLE_PATH, "utf8")).not.toContain(text);
});

it("still loads the component, and an action runs through it", async () => {
  // The platform loads the bundle with require, as this does.
  const component = require(BUNDLE_PATH).default as {
    actions: Record<string, { perform: (context: unknown, params: unknown) => Promise<unknown> }>;
  };
  expect(Object.keys(component.actions)).toContain("getItem");
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const result = (await component.actions.generateIamPolicy.perform(
    {
      logger,
      debug: { enabled: false },
      executionState: {},
      instanceState: {},
      crossFlowState: {},
    },
    {
      actions: ["getItem"],
      tableNames: ["Orders"],
      awsRegion: "us-east-1",
      accountId: "123456789012",
    },
  )) as { data: { policy: { Statement: { Action: string[] }[] } } };
  expect(result.data.policy.Statement.flatMap((statement) => statement.Action)).toContain(
    "dynamodb:GetItem",
  );
});

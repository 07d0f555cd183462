/**
 * The bad-input corpus (test/unit/corpus/*.ts): hundreds of malformed inputs across every action,
 * data source and trigger, each run through the harness as the platform runs a step (defaults
 * filled in, cleans applied). Every case must end in an Error that names the input by its label
 * and says what a good value looks like: never a TypeError, never "Cannot read properties of
 * undefined", never a secret. Cases that can be detected locally send nothing at all; cases that
 * need the table's key schema send only the DescribeTable read.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { STSClient } from "@aws-sdk/nested-clients/sts";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import component from "../../src/index";
import { harness, resetCaches, TEST_SECRET } from "../support/harness";
import { backupTagAndIndexCases } from "./corpus/backupsTagsAndIndexes";
import { fileCases } from "./corpus/files";
import { globalTableCases } from "./corpus/globalTables";
import { itemCases } from "./corpus/items";
import {
  type BadInputCase,
  CUSTOMERS,
  inputsOf,
  PERFORM_SENDS_NOTHING,
  TARGETS,
  type TargetKind,
  validParams,
} from "./corpus/model";
import { readCases } from "./corpus/reads";
import { s3TransferCases } from "./corpus/s3Transfers";
import { sharedCases } from "./corpus/shared";
import { statementCases } from "./corpus/statements";
import { tableTransactionAndTriggerCases } from "./corpus/tablesTransactionsAndTrigger";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);
// fromTemporaryCredentials builds its STS client from nested-clients (see clientFactory.test.ts).
const stsMock = mockClient(STSClient);

const corpus: BadInputCase[] = [
  ...sharedCases,
  ...itemCases,
  ...readCases,
  ...tableTransactionAndTriggerCases,
  ...fileCases,
  ...backupTagAndIndexCases,
  ...statementCases,
  ...globalTableCases,
  ...s3TransferCases,
];

/** Messages that betray a crash rather than a checked input. */
const CRASH =
  /Cannot read propert|of undefined|of null|is not a function|is not iterable|undefined is not|\[object Object\]|NaN/;

function invoke(kind: TargetKind, key: string, params: Record<string, unknown>): Promise<unknown> {
  if (kind === "dataSource") return harness.dataSource(key, params);
  if (kind === "trigger") return harness.trigger(key, undefined, params, { instanceState: {} });
  return harness.action(key, params);
}

function paramsOf(testCase: BadInputCase): Record<string, unknown> {
  const params: Record<string, unknown> = { ...validParams(testCase.key), ...testCase.params };
  for (const [name, value] of Object.entries(testCase.params)) {
    if (value === undefined) delete params[name];
  }
  return params;
}

function sentCommands(): string[] {
  return [...ddbMock.calls(), ...streamsMock.calls(), ...stsMock.calls()].map(
    (call) => (call.args[0] as object).constructor.name,
  );
}

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  streamsMock.reset();
  stsMock.reset();
  // Any request answers (so a wrongly accepted input shows up as a success, not a crash).
  ddbMock.onAnyCommand().resolves({});
  streamsMock.onAnyCommand().resolves({});
  streamsMock.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [] } });
});

async function expectBadInput(testCase: BadInputCase): Promise<void> {
  ddbMock.on(DescribeTableCommand).resolves({ Table: testCase.schema ?? CUSTOMERS });
  const outcome = await invoke(testCase.kind, testCase.key, paramsOf(testCase)).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) {
    throw new Error(
      `Expected an input error, but the step succeeded after sending [${sentCommands().join(", ")}]: ${JSON.stringify(outcome.result).slice(0, 300)}`,
    );
  }
  const error = outcome.error as Error;
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error).not.toBeInstanceOf(RangeError);
  const message = error.message;
  expect(message).not.toMatch(CRASH);
  for (const label of testCase.labels) expect(message).toContain(label);
  expect(message).toMatch(testCase.hint);
  expect(`${message}\n${error.stack ?? ""}`).not.toContain(TEST_SECRET);
  if (testCase.connectionError) expect(error).toBeInstanceOf(ConnectionError);

  const sent = sentCommands();
  if (testCase.stage === "local") {
    expect(sent).toEqual([]);
  } else {
    // The key schema was read, and nothing else was sent.
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set(["DescribeTableCommand"]));
  }
}

const title = (testCase: BadInputCase) =>
  `${testCase.kind} ${testCase.key}: ${testCase.name} (${testCase.stage})`;

describe("the corpus", () => {
  it("holds at least 300 cases, with unique names, across every target", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    const titles = corpus.map(title);
    expect(new Set(titles).size).toBe(titles.length);
    const covered = new Set(corpus.map((testCase) => testCase.key));
    // Every target the component declares that has an input is covered (one without inputs
    // has nothing to get wrong).
    const withInputs = TARGETS.filter((target) => inputsOf(target.kind, target.key).length > 0);
    expect([...covered].sort()).toEqual(withInputs.map((target) => target.key).sort());
  });

  it("lists every action, data source and trigger of the component, each with valid inputs", () => {
    expect(TARGETS.map((target) => target.key).sort()).toEqual(
      [
        ...Object.keys(component.actions),
        ...Object.keys(component.dataSources ?? {}),
        ...Object.keys(component.triggers ?? {}),
      ].sort(),
    );
    const missing = TARGETS.filter((target) => target.missingValidParams).map((t) => t.key);
    expect(missing).toEqual([]);
  });

  // Each case changes the valid inputs; prove they are valid, so the one change is the mistake.
  it.each(TARGETS.map((target) => [target.kind, target.key]))(
    "%s %s succeeds with its valid inputs",
    async (kind, key) => {
      ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
      await expect(invoke(kind as TargetKind, key, validParams(key))).resolves.toBeDefined();
      // A target that talks to AWS (it has a connection) did send its request.
      const talksToAws =
        inputsOf(kind as TargetKind, key).some((i) => i.type === "connection") &&
        !PERFORM_SENDS_NOTHING.has(key);
      expect(sentCommands().length > 0).toBe(talksToAws);
    },
  );
});

describe("bad inputs end in a clear Error before the request", () => {
  it.each(corpus.map((testCase) => [title(testCase), testCase] as const))(
    "%s",
    async (_, testCase) => expectBadInput(testCase),
  );
});

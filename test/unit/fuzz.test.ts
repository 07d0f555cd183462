/**
 * Fuzz test of every input of every action, data source and trigger (read from the component),
 * run through spectral's harness as the platform runs a step, with the AWS SDK mocked.
 *
 * Each case starts from the target's valid inputs (test/unit/corpus/model.ts) and replaces one or
 * two of them with a generated value a code-native flow could pass: non-strings, null-prototype
 * and circular objects, objects with Object.prototype names as keys, 10,000-deep nesting (as
 * values and as JSON text), megabyte strings, and near-valid text. Every case must either succeed
 * or fail with an InputError (a ConnectionError for connection fields) whose label is one of the
 * target's inputs and is named in the message: never a TypeError, RangeError or "Cannot read
 * properties". An input error that needs no key schema sends nothing at all; one that does sends
 * only DescribeTable.
 *
 * Each target runs twice: with a fixed seed (reproducible in CI) and with a random one, which
 * fast-check prints on failure (re-run it with FUZZ_SEED=<seed>).
 */
import {
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { STSClient } from "@aws-sdk/nested-clients/sts";
import { ConnectionError } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import fc from "fast-check";
import sinon from "sinon";
import { InputError } from "../../src/inputs";
import { harness, keySecretConnection, resetCaches, TEST_SECRET } from "../support/harness";
import { debugNote } from "../support/quiet";
import { CUSTOMERS, inputsOf, TARGETS, type TargetKind, validParams } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);
const streamsMock = mockClient(DynamoDBStreamsClient);
const stsMock = mockClient(STSClient);

/** Cases per input and seed: with every input of every target, well over 5,000 in all. */
const RUNS_PER_INPUT = Number(process.env.FUZZ_RUNS_PER_INPUT ?? 16);
const FIXED_SEED = 20_261_202;
const RANDOM_SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** Labels of the connection's fields: a fuzzed connection may fail on any of them. */
const CONNECTION_LABELS = [
  "Connection",
  "Access Key ID",
  "Secret Access Key",
  "Session Token",
  "Endpoint URL",
  "Role ARN",
  "External ID",
];

/**
 * Inputs whose checks need the table's key schema (DescribeTable, answered by the mock): their
 * input errors may come after that one read, and after nothing else.
 */
const SCHEMA_LABELS = new Set([
  "Hash / Primary Key Value",
  "Range / Sort Key Value",
  "Update JSON",
  "Keys",
  "Items to Put",
  "Keys to Delete",
  "Exclusive Start Key",
  "Index Name",
  // Import Items checks every row of the file against the table's key.
  "File",
  "Column Types",
  // Add and Remove Replica check the region and capacity against the table's replicas and billing.
  "Replica Region",
  "Replica Read Capacity Units",
]);

// ---------------------------------------------------------------------------------------------
// Odd values, built once (the deep and huge ones are costly to build per case)

function nest(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

const circularObject: Record<string, unknown> = { key: "a", value: "b" };
circularObject.self = circularObject;
const circularArray: unknown[] = ["a"];
circularArray.push(circularArray);
const nullPrototype = Object.assign(Object.create(null), { key: "a", value: "1", a: "b" });
const megabyte = "x".repeat(1024 * 1024);
const tenMegabytes = "y".repeat(10 * 1024 * 1024);

const ODD_CONSTANTS: unknown[] = [
  circularObject,
  circularArray,
  nullPrototype,
  Object.create(null),
  [nullPrototype],
  nest(10_000, (inner) => [inner]),
  nest(10_000, (inner) => ({ a: inner })),
  `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
  `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
  `{"id": ${"[".repeat(5_000)}1${"]".repeat(5_000)}}`,
  megabyte,
  tenMegabytes,
  JSON.stringify([megabyte]),
  JSON.stringify({ id: megabyte }),
  JSON.parse('{"__proto__": {"S": "x"}, "constructor": 1, "toString": "x", "valueOf": null}'),
  JSON.parse('[{"key": "__proto__", "value": "x"}, {"key": "constructor", "value": "S"}]'),
  { toString: () => "text" },
  {
    toString() {
      throw new Error("toString called");
    },
  },
  new Date(0),
  new Map([["a", 1]]),
  new Set(["a"]),
  new Uint8Array([1, 2, 3]),
  () => "a function",
  Symbol("input"),
  10n ** 40n,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  [],
  {},
  [[]],
  [{}],
  [{ key: {}, value: [] }],
  [{ value: "no key" }],
  "null",
  "[]",
  "{}",
  '{"S": "a"}',
  '[{"S": "a"}]',
  '{"id": {"S": "a1"}, "n": {"N": "5"}}',
  "   ",
  "\u0000",
  "#",
  ":",
  "true",
  "TRUE",
  "1e400",
  "-1",
  "9".repeat(400),
  'SELECT * FROM "Customers"',
  "SET #a = :a",
  "attribute_exists(customerId)",
];

/** A value a code-native flow could pass to any input. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_CONSTANTS) },
  {
    weight: 3,
    arbitrary: fc.anything({
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
      maxDepth: 3,
    }),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.record({ key: fc.string({ maxLength: 8 }), value: fc.anything() }), {
      maxLength: 4,
    }),
  },
);

/** A connection with one field replaced by an odd value, or an odd value as the connection. */
const oddConnection: fc.Arbitrary<unknown> = fc.oneof(
  oddValue,
  fc
    .tuple(fc.constantFrom("accessKeyId", "secretAccessKey", "sessionToken", "endpoint"), oddValue)
    .map(([field, value]) => keySecretConnection({ [field]: value })),
);

// ---------------------------------------------------------------------------------------------
// Running one case

function invoke(kind: TargetKind, key: string, params: Record<string, unknown>): Promise<unknown> {
  if (kind === "dataSource") return harness.dataSource(key, params);
  if (kind === "trigger") return harness.trigger(key, undefined, params, { instanceState: {} });
  return harness.action(key, params);
}

function sentCommands(): string[] {
  return [...ddbMock.calls(), ...streamsMock.calls(), ...stsMock.calls()].map(
    (call) => (call.args[0] as object).constructor.name,
  );
}

const AVAILABLE_BACKUP = {
  BackupDetails: {
    BackupArn:
      "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/backup/01715078400000-a1b2c3d4",
    BackupName: "nightly",
    BackupStatus: "AVAILABLE" as const,
    BackupType: "USER" as const,
    BackupCreationDateTime: new Date(0),
  },
};

/** The table as DescribeTable shows it after the index and replica changes the step sent. */
function tableNow(): TableDescription {
  let indexes = [...(CUSTOMERS.GlobalSecondaryIndexes ?? [])];
  let replicas = (CUSTOMERS.Replicas ?? []).map((replica) => String(replica.RegionName));
  for (const call of ddbMock.commandCalls(UpdateTableCommand)) {
    for (const update of call.args[0].input.GlobalSecondaryIndexUpdates ?? []) {
      const created = update.Create?.IndexName;
      const deleted = update.Delete?.IndexName;
      if (created) indexes.push({ IndexName: created, KeySchema: update.Create?.KeySchema });
      if (deleted) indexes = indexes.filter((index) => index.IndexName !== deleted);
    }
    for (const update of call.args[0].input.ReplicaUpdates ?? []) {
      if (update.Create?.RegionName) replicas.push(update.Create.RegionName);
      replicas = replicas.filter((region) => region !== update.Delete?.RegionName);
    }
  }
  return {
    ...CUSTOMERS,
    TableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/Customers",
    GlobalSecondaryIndexes: indexes.map((index) => ({ ...index, IndexStatus: "ACTIVE" })),
    Replicas: replicas.map((region) => ({ RegionName: region, ReplicaStatus: "ACTIVE" })),
  };
}

function resetMocks(key: string): void {
  resetCaches();
  // Each reset() below stubs send() anew in sinon's default sandbox, which keeps every stub (with
  // the commands it recorded, megabytes with fuzzed inputs) until restored: three per case, over
  // 10,000 cases, held the whole file long and set off sinon's leak warning.
  sinon.restore();
  ddbMock.reset();
  streamsMock.reset();
  stsMock.reset();
  ddbMock.onAnyCommand().resolves({});
  if (key === "deleteTable") {
    // Wait Until Deleted polls DescribeTable until the table is gone: it is, at once.
    ddbMock
      .on(DescribeTableCommand)
      .rejects(new ResourceNotFoundException({ message: "not found", $metadata: {} }));
  } else {
    // As DynamoDB answers: with the table's ARN (the tag actions address a table by it), and
    // once an index was created or deleted, with that change done (so a wait ends at once).
    ddbMock.on(DescribeTableCommand).callsFake(async () => ({ Table: tableNow() }));
  }
  ddbMock.on(DescribeBackupCommand).resolves({ BackupDescription: AVAILABLE_BACKUP });
  // Point-in-time recovery on, restorable from 1970 until now.
  ddbMock.on(DescribeContinuousBackupsCommand).resolves({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: "ENABLED",
        EarliestRestorableDateTime: new Date(0),
        LatestRestorableDateTime: new Date(),
      },
    },
  });
  streamsMock.onAnyCommand().resolves({});
  streamsMock.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [] } });
}

/** What went wrong with one case, or undefined when it behaved. */
function misbehaviour(error: unknown, labels: Set<string>, fuzzed: string[]): string | undefined {
  if (!(error instanceof Error)) return `threw a non-Error: ${String(error)}`;
  if (error instanceof TypeError || error instanceof RangeError) {
    return `${error.name}: ${error.message.slice(0, 300)}`;
  }
  const message = error.message;
  if (/Cannot read propert|is not a function|is not iterable|Maximum call stack/.test(message)) {
    return `crash message: ${message.slice(0, 300)}`;
  }
  if (`${message}\n${error.stack ?? ""}`.includes(TEST_SECRET)) return "the secret leaked";
  if (message.length > 5_000) return `a ${message.length}-character message`;
  if (error instanceof ConnectionError) {
    return fuzzed.includes("awsConnection") ? undefined : `ConnectionError: ${message}`;
  }
  if (!(error instanceof InputError)) return `${error.name} (not an InputError): ${message}`;
  if (!labels.has(error.label)) return `InputError for an unknown label "${error.label}"`;
  if (!message.includes(error.label)) return `message does not name ${error.label}: ${message}`;
  const sent = sentCommands();
  const allowed = SCHEMA_LABELS.has(error.label) ? ["DescribeTableCommand"] : [];
  const unexpected = sent.filter((name) => !allowed.includes(name));
  if (unexpected.length > 0) return `sent ${unexpected.join(", ")} before ${error.label} failed`;
  return undefined;
}

let cases = 0;

async function runCase(
  kind: TargetKind,
  key: string,
  labels: Set<string>,
  changes: [string, unknown][],
): Promise<void> {
  resetMocks(key);
  cases += 1;
  const params: Record<string, unknown> = { ...validParams(key) };
  for (const [name, value] of changes) params[name] = value;
  const fuzzed = changes.map(([name]) => name);
  const error = await invoke(kind, key, params).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (error === undefined) return;
  const problem = misbehaviour(error, labels, fuzzed);
  if (problem) throw new Error(`${kind} ${key} with ${fuzzed.join(" + ")}: ${problem}`);
}

const targets = TARGETS.filter((target) => inputsOf(target.kind, target.key).length > 0);

afterAll(() => {
  // The total (every input of every target, both seeds); a failure prints its own seed.
  debugNote(`fuzz: ${cases} generated cases (random seed ${RANDOM_SEED})`);
});

describe.each(targets.map((target) => [target.kind, target.key] as const))("%s %s", (kind, key) => {
  const inputs = inputsOf(kind, key);
  const labels = new Set([...inputs.map((input) => input.label), ...CONNECTION_LABELS]);
  const keys = inputs.map((input) => input.key);
  const valueFor = (inputKey: string) => (inputKey === "awsConnection" ? oddConnection : oddValue);
  // One input changed (each in turn, equally often), sometimes a second one with it.
  const change = fc
    .tuple(fc.nat({ max: keys.length - 1 }), fc.option(fc.nat({ max: keys.length - 1 })))
    .chain(([first, second]) => {
      const names =
        second === null || second === first ? [keys[first]] : [keys[first], keys[second]];
      return fc.tuple(
        ...names.map((name) => valueFor(name).map((value) => [name, value] as [string, unknown])),
      );
    });
  const property = fc.asyncProperty(change, (changes) => runCase(kind, key, labels, changes));

  it.each([
    ["fixed", FIXED_SEED],
    ["random", RANDOM_SEED],
  ])(
    "never crashes (%s seed %d)",
    async (_, seed) => {
      await fc.assert(property, {
        seed,
        numRuns: RUNS_PER_INPUT * keys.length,
        // The counterexample may hold megabytes: report the failure and how to replay it, briefly.
        reporter: (details) => {
          if (!details.failed) return;
          const cause = details.errorInstance as Error | undefined;
          throw new Error(
            `${cause?.message.slice(0, 1_000) ?? "failed"}\nReplay: FUZZ_SEED=${details.seed} (path ${details.counterexamplePath})`,
          );
        },
      });
    },
    60_000,
  );
});

describe("the fuzz test", () => {
  it("generates at least 5,000 cases across every input", () => {
    const inputCount = targets.reduce(
      (total, target) => total + inputsOf(target.kind, target.key).length,
      0,
    );
    expect(inputCount * RUNS_PER_INPUT * 2).toBeGreaterThanOrEqual(5_000);
  });
});

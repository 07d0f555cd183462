/**
 * A code-native flow can pass a value that places one object in many places (x = {a: y, b: y},
 * level upon level): a few dozen objects in memory, millions of values written out. Every reader
 * of such a value counts its members as written out and stops at MAX_MEMBERS with an InputError
 * (tooLarge) naming the input, at once, instead of converting (or printing) it in exponential time
 * while every other step of the process waits. An object shared a few times is still written out
 * in each place, as DynamoDB stores it.
 */
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { InputError } from "../../src/errors/inputError";
import { MAX_MEMBERS } from "../../src/values/limits";
import { mockCustomersTable } from "../support/customersMock";
import { harness, tableStepParams } from "../support/harness";
import { cpuMs } from "../support/loopShare";
import { failure } from "../support/outcome";
import { debugNote } from "../support/quiet";

const ddbMock = mockCustomersTable();

/** 25 levels of {a: below, b: below}: 26 objects in memory, 2^25 (33 million) leaves written out. */
const LEVELS = 25;

function sharedPlain(): unknown {
  let node: unknown = { leaf: "x" };
  for (let level = 0; level < LEVELS; level++) node = { a: node, b: node };
  return node;
}

/** The same in DynamoDB JSON: {"M": {"a": below, "b": below}}. */
function sharedTyped(): unknown {
  let node: unknown = { S: "x" };
  for (let level = 0; level < LEVELS; level++) node = { M: { a: node, b: node } };
  return node;
}

/**
 * "At once": the CPU time of the refused step (support/loopShare.ts), which a busy machine does not
 * stretch as it does the wall clock. A refusal at MAX_MEMBERS takes a few hundred ms of CPU here;
 * one that wrote out 2^25 leaves first, over 10 s. Jest's timeouts are wall-clock, so they are long (60 s): the
 * bound on the CPU time is the assertion.
 */
const MAX_CPU_MS = 3_000;

const key = { customerId: 1, customerName: "Ada" };

const CASES: [string, string, () => Record<string, unknown>][] = [
  ["createItem", "Item JSON", () => ({ itemJson: { ...key, tree: sharedPlain() } })],
  [
    "createItem",
    "Value",
    () => ({
      item: [
        { key: "customerId", value: "1" },
        { key: "customerName", value: "Ada" },
        { key: "tree", value: sharedPlain() },
      ],
      itemTypes: [
        { key: "customerId", value: "N" },
        { key: "customerName", value: "S" },
        { key: "tree", value: "M" },
      ],
    }),
  ],
  [
    "updateItem",
    "Update JSON",
    () => ({ value: "1", rangeKeyValue: "Ada", updateJson: { tree: sharedPlain() } }),
  ],
  ["batchWriteItems", "Items to Put", () => ({ putItems: [{ ...key, tree: sharedPlain() }] })],
  [
    "rawRequest",
    "Parameters",
    () => ({ statement: 'SELECT * FROM "Customers" WHERE a = ?', parameters: [sharedPlain()] }),
  ],
  [
    "rawRequest",
    "Query Parameters",
    () => ({
      statement: 'SELECT * FROM "Customers"',
      queryParameters: { ReturnConsumedCapacity: sharedPlain() },
    }),
  ],
];

describe.each(CASES)("%s with %s sharing one object level upon level", (action, label, params) => {
  it("is refused at once as too large, naming the input, before any request", async () => {
    const started = cpuMs();
    const error = await failure(harness.action(action, { ...tableStepParams(), ...params() }));
    const spent = cpuMs() - started;
    debugNote(`${action} ${label}: refused after ${spent.toFixed(0)} ms CPU`);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ label, code: "tooLarge" });
    expect(error.message).toContain(MAX_MEMBERS.toLocaleString("en-US"));
    expect(spent).toBeLessThan(MAX_CPU_MS);
    expect(ddbMock.commandCalls(PutItemCommand)).toHaveLength(0);
  }, 60_000);
});

it("DynamoDB JSON in Item JSON that shares one object is refused as DynamoDB JSON, at once", async () => {
  const started = cpuMs();
  const error = await failure(
    harness.action("createItem", {
      ...tableStepParams(),
      itemJson: { customerId: { N: "1" }, customerName: { S: "Ada" }, tree: sharedTyped() },
    }),
  );
  expect(error).toMatchObject({ label: "Item JSON", code: "dynamoJson" });
  expect(cpuMs() - started).toBeLessThan(MAX_CPU_MS);
}, 60_000);

it("an object placed in two attributes is written out in each, as DynamoDB stores it", async () => {
  ddbMock.on(PutItemCommand).resolves({});
  const address = { city: "London", lines: ["1 Main Street"] };
  await harness.action("createItem", {
    ...tableStepParams(),
    itemJson: { ...key, home: address, work: address },
  });
  const sent = ddbMock.commandCalls(PutItemCommand)[0].args[0].input.Item;
  const stored = { M: { city: { S: "London" }, lines: { L: [{ S: "1 Main Street" }] } } };
  expect(sent?.home).toEqual(stored);
  expect(sent?.work).toEqual(stored);
});

/**
 * An optional input without a default takes null as blank, on every action and data source: the step sends
 * exactly what it sends with the input left blank (or fails the same way). The code-native types
 * (src/component/codeNative.ts InputValues) let such inputs take null, so that an output that is
 * null when there is nothing, such as the last page's lastEvaluatedKey, passes on to the next call
 * as it is; this is what makes that type true. Inputs are read from the component, so a new one is
 * checked at once. Run through the harness, which hands null to the input's clean function.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, resetCaches } from "../support/harness";
import { CUSTOMERS, inputsOf, PERFORM_SENDS_NOTHING, TARGETS, validParams } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);

/** The commands a step sends (name and input), or the error it fails with. */
async function sent(kind: string, key: string, params: Record<string, unknown>): Promise<unknown> {
  resetCaches();
  ddbMock.reset();
  ddbMock.onAnyCommand().resolves({});
  ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
  try {
    if (kind === "action") await harness.action(key, params as never);
    else await harness.dataSource(key, params as never);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return ddbMock.calls().map((call) => [call.args[0].constructor.name, call.args[0].input]);
}

/** Each action's and data source's optional inputs without a default: those that take null. */
const CASES = TARGETS.filter(
  (target) => target.kind !== "trigger" && !PERFORM_SENDS_NOTHING.has(target.key),
).flatMap((target) =>
  inputsOf(target.kind, target.key)
    .map((input) => input as typeof input & { required?: boolean; default?: unknown })
    .filter((input) => !input.required && (input.default === undefined || input.default === ""))
    .map((input) => [target.kind, target.key, input.key] as const),
);

it("finds optional inputs to check (Query Items' Exclusive Start Key among them)", () => {
  expect(CASES).toContainEqual(["action", "queryItems", "exclusiveStartKey"]);
});

it.each(CASES)("%s %s: %s (null = left blank)", async (kind, key, inputKey) => {
  const blank = await sent(kind, key, { ...validParams(key), [inputKey]: "" });
  expect(await sent(kind, key, { ...validParams(key), [inputKey]: null })).toEqual(blank);
});

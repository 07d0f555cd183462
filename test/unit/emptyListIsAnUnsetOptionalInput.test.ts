/**
 * An optional key-value or value list with no rows ([], as the designer gives a list whose rows
 * were all removed) is the same as one left blank, on every action: the step sends exactly what it
 * sends without it, rather than failing on an input the builder left empty. Inputs are read from
 * the component, so a new optional list is checked at once. Run through the harness.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, resetCaches } from "../support/harness";
import { CUSTOMERS, inputsOf, PERFORM_SENDS_NOTHING, TARGETS, validParams } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);

/** The commands a step sends (name and input), or the error it fails with. */
async function sent(key: string, params: Record<string, unknown>): Promise<unknown> {
  resetCaches();
  ddbMock.reset();
  ddbMock.onAnyCommand().resolves({});
  ddbMock.on(DescribeTableCommand).resolves({ Table: CUSTOMERS });
  try {
    await harness.action(key, params as never);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return ddbMock.calls().map((call) => [call.args[0].constructor.name, call.args[0].input]);
}

/** Each action's optional list inputs that its valid inputs leave unset. */
const CASES = TARGETS.filter(
  (target) => target.kind === "action" && !PERFORM_SENDS_NOTHING.has(target.key),
).flatMap((target) =>
  inputsOf("action", target.key)
    .filter((input) => input.collection !== undefined && !(input.key in target.params))
    .filter((input) => !(input as { required?: boolean }).required)
    .map((input) => [target.key, input.key, input.label] as const),
);

it("finds optional list inputs to check (Create Table's Tags among them)", () => {
  expect(CASES).toContainEqual(["createTable", "tags", "Tags"]);
});

it.each(CASES)("%s: %s ([] = left blank)", async (key, inputKey) => {
  const blank = await sent(key, { ...validParams(key), [inputKey]: "" });
  expect(Array.isArray(blank)).toBe(true);
  expect(await sent(key, { ...validParams(key), [inputKey]: [] })).toEqual(blank);
});

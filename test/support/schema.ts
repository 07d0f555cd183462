/**
 * Checks an action's result (or its example payload) against the action's output schema, with a
 * real JSON Schema validator, so that a schema that says one thing while perform returns another
 * fails a test.
 */
import Ajv from "ajv";

const ajv = new Ajv({ allErrors: true, strict: false });

interface WithSchema {
  outputSchema?: unknown;
}

/** The validation errors of `result` against the action's output schema ([] when it fits). */
export function schemaErrors(action: WithSchema, result: unknown): string[] {
  const schema = (action.outputSchema as { schema?: unknown } | undefined)?.schema;
  if (!schema) throw new Error("The action has no output schema.");
  const validate = ajv.compile(schema as object);
  if (validate(result)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** Fails the test when `result` does not fit the action's output schema. */
export function expectMatchesSchema(action: WithSchema, result: unknown): void {
  expect(schemaErrors(action, result)).toEqual([]);
}

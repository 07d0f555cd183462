/**
 * Every action's example payload fits its output schema (the platform shows both to builders), and
 * every date in an example is ISO 8601 text, as perform returns it. That each example is what
 * perform really returns is tested per action, with the SDK mocked.
 */
import Ajv from "ajv";
import component from "../../src/index";

const ajv = new Ajv({ strict: false, allErrors: true });

/** The component keeps each output schema as JSON text, as the platform receives it. */
type Schema = { type: string; schema: object | string } | undefined;

const actions = Object.entries(component.actions).map(([key, action]) => ({
  key,
  schema: (action as unknown as { outputSchema?: Schema }).outputSchema,
  example: (action as unknown as { examplePayload?: unknown }).examplePayload,
}));

/** Every string value under a key that names a date or time. */
function dates(value: unknown, key = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((element) => dates(element, key));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([name, field]) => dates(field, name));
  }
  return /DateTime$/.test(key) && typeof value === "string" ? [value] : [];
}

describe("example payloads", () => {
  it.each(actions.filter((action) => action.schema).map((action) => [action.key, action] as const))(
    "%s: the example fits the output schema",
    (_key, action) => {
      const raw = action.schema?.schema;
      const validate = ajv.compile(typeof raw === "string" ? JSON.parse(raw) : (raw as object));
      const valid = validate(action.example);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it.each(actions.map((action) => [action.key, action] as const))(
    "%s: dates in the example are ISO 8601 text",
    (_key, action) => {
      for (const date of dates(action.example)) {
        expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/);
      }
    },
  );

  it("a schema that the example breaks is caught (the check can fail)", () => {
    const validate = ajv.compile({
      type: "object",
      properties: { data: { type: "object", properties: { n: { type: "integer" } } } },
    });
    expect(validate({ data: { n: "1" } })).toBe(false);
  });
});

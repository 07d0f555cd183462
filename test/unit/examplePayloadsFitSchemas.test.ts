/**
 * Every example payload is what a builder may rely on: each action's example fits its output
 * schema (as declared, and as the component hands it to the platform, schema as JSON text), every
 * date in an action's example is ISO 8601 text as perform returns it, every data source's example
 * is a picklist, and every trigger's example carries its data in the body. This holds for every
 * action, data source and trigger the component declares (a new one is checked at once). The
 * schemas are JSON Schema; ajv checks them as the platform's consumers would. That each example is
 * what perform really returns is tested per action, with the SDK mocked.
 */
import Ajv from "ajv";
import actions from "../../src/actions";
import dataSources from "../../src/dataSources";
import component from "../../src/index";
import triggers from "../../src/triggers";

const ajv = new Ajv({ strict: false, allErrors: true });

interface Declared {
  outputSchema?: { type?: string; schema?: Record<string, unknown> };
  examplePayload?: unknown;
}

const byKey = (group: object) => group as Record<string, Declared>;

describe("action example payloads fit their output schemas", () => {
  it.each(Object.keys(component.actions))("%s", (key) => {
    const definition = byKey(actions)[key];
    expect(definition?.outputSchema?.schema).toBeDefined();
    expect(definition.examplePayload).toBeDefined();
    const validate = ajv.compile(definition.outputSchema?.schema as object);
    const valid = validate(definition.examplePayload);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("a schema check can fail: a payload missing a required property is refused", () => {
    const validate = ajv.compile(byKey(actions).getItem.outputSchema?.schema as object);
    expect(validate({ data: { found: true } })).toBe(false);
  });
});

describe("data source example payloads are picklists", () => {
  const picklist = ajv.compile({
    type: "object",
    required: ["result"],
    properties: {
      result: {
        type: "array",
        items: {
          anyOf: [
            { type: "string" },
            {
              type: "object",
              required: ["key", "label"],
              properties: { key: { type: "string" }, label: { type: "string" } },
            },
          ],
        },
      },
    },
  });
  it.each(Object.keys(component.dataSources ?? {}))("%s", (key) => {
    const definition = byKey(dataSources)[key];
    expect(picklist(definition?.examplePayload)).toBe(true);
  });
});

describe("trigger example payloads", () => {
  it.each(Object.keys(component.triggers ?? {}))("%s carries its data in the body", (key) => {
    const payload = byKey(triggers)[key]?.examplePayload as {
      payload?: { body?: { data?: object } };
    };
    expect(payload?.payload?.body?.data).toEqual(expect.any(Object));
  });
});

/** The component keeps each output schema as JSON text, as the platform receives it. */
type Schema = { type: string; schema: object | string } | undefined;

const declaredActions = Object.entries(component.actions).map(([key, action]) => ({
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

describe("action example payloads as the component hands them to the platform", () => {
  it.each(
    declaredActions
      .filter((action) => action.schema)
      .map((action) => [action.key, action] as const),
  )("%s: the example fits the output schema", (_key, action) => {
    const raw = action.schema?.schema;
    const validate = ajv.compile(typeof raw === "string" ? JSON.parse(raw) : (raw as object));
    const valid = validate(action.example);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(declaredActions.map((action) => [action.key, action] as const))(
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

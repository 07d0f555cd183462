/**
 * Every action's example payload fits its output schema, and every data source's example is a
 * picklist, for every action and data source the component declares (a new one is checked at
 * once). The schemas are JSON Schema; ajv checks them as the platform's consumers would.
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

/**
 * The marketplace contract, contract/compat.json (rules in contract/README.md): every key, label
 * and default that existing integrations depend on, checked against the component. New inputs may
 * follow the contract's inputs, but never precede or replace them.
 */
import fs from "node:fs";
import path from "node:path";
import component from "../../src/index";

/** An input as the contract states it; a field the contract leaves out is not checked. */
interface ContractInput {
  key: string;
  label: string;
  type: string;
  required?: boolean;
  default?: string;
  /** The default is this JSON, pretty-printed with two spaces. */
  defaultJson?: unknown;
  collection?: string;
  /** "valueTypes": the contract's value-type codes and labels; a list: the dropdown's values. */
  model?: "valueTypes" | string[];
  dataSource?: string;
  /** The label of the input that stands in for this one, which is why this one is optional. */
  alternative?: string;
}

interface Contract {
  about: string;
  component: Record<"key" | "label" | "description" | "iconPath" | "category", string>;
  connections: {
    key: string;
    label: string;
    description: string;
    inputs: Pick<ContractInput, "key" | "label" | "type" | "required">[];
  }[];
  dataSources: { key: string; label: string; type: string; inputs: string[] }[];
  valueTypes: { value: string; label: string }[];
  sharedInputs: ContractInput[];
  actions: { key: string; label: string; description: string; inputs: string[] }[];
  actionInputs: (ContractInput & { action: string })[];
}

type Input = {
  key: string;
  label: string;
  type: string;
  default?: unknown;
  required?: boolean;
  collection?: string;
  dataSource?: string;
  model?: { value: string; label: string }[];
};

const CONTRACT_PATH = path.join(__dirname, "..", "..", "contract", "compat.json");
const contract = JSON.parse(fs.readFileSync(CONTRACT_PATH, "utf8")) as Contract;

const SHARED = new Map(contract.sharedInputs.map((input) => [input.key, input]));
const CONTRACT_ACTIONS = contract.actions.map(
  ({ key, label, description, inputs }) => [key, label, description, inputs] as const,
);

function inputsOf(actionKey: string): Input[] {
  return component.actions[actionKey].inputs as unknown as Input[];
}

/** The contract's fields of `spec`, in the component's terms (default text, model choices). */
function expectedOf(spec: ContractInput): Record<string, unknown> {
  const expected: Record<string, unknown> = { key: spec.key, label: spec.label, type: spec.type };
  for (const field of ["required", "default", "collection", "dataSource"] as const) {
    if (spec[field] !== undefined) expected[field] = spec[field];
  }
  if (spec.defaultJson !== undefined) expected.default = JSON.stringify(spec.defaultJson, null, 2);
  if (spec.model === "valueTypes") expected.model = contract.valueTypes;
  else if (spec.model) expected.model = spec.model;
  return expected;
}

/** The same fields of a component input, so that a mismatch shows as a field-by-field diff. */
function actualOf(input: Input, spec: ContractInput): Record<string, unknown> {
  const expected = expectedOf(spec);
  const actual: Record<string, unknown> = {};
  for (const field of Object.keys(expected)) {
    actual[field] = input[field as keyof Input];
  }
  if (expected.model !== undefined) {
    actual.model =
      spec.model === "valueTypes"
        ? input.model?.map(({ value, label }) => ({ value, label }))
        : input.model?.map(({ value }) => value);
  }
  return actual;
}

/** Each input of an action, data source or trigger, with the name of its owner. */
function everyInput(): [string, Input][] {
  const owners = [
    ...Object.entries(component.actions).map(([key, action]) => [key, action.inputs] as const),
    ...Object.entries(component.dataSources ?? {}).map(([key, s]) => [key, s.inputs] as const),
    ...Object.entries(component.triggers ?? {}).map(([key, t]) => [key, t.inputs] as const),
  ];
  return owners.flatMap(([owner, inputs]) =>
    (inputs as unknown as Input[]).map((input) => [owner, input] as [string, Input]),
  );
}

/** The Types dropdowns of the contract's actions: inputs whose model is the value-type codes. */
const TYPE_DROPDOWNS = contract.actions.flatMap(({ key: action, inputs }) =>
  inputs
    .filter((key) => {
      const spec =
        contract.actionInputs.find((input) => input.action === action && input.key === key) ??
        SHARED.get(key);
      return spec?.model === "valueTypes";
    })
    .map((key) => [action, key] as const),
);

describe("contract/compat.json", () => {
  it("names only fields this test checks, so that a misspelt one cannot go unchecked", () => {
    const inputFields = [
      ...["key", "label", "type", "required", "default", "defaultJson", "collection", "model"],
      ...["dataSource", "alternative"],
    ];
    const unknownFields = (objects: object[], allowed: string[]) =>
      objects.flatMap((object) => Object.keys(object).filter((f) => !allowed.includes(f)));
    expect(Object.keys(contract).sort()).toEqual(
      [
        ...["about", "component", "connections", "dataSources", "valueTypes", "sharedInputs"],
        ...["actions", "actionInputs"],
      ].sort(),
    );
    expect(
      unknownFields([contract.component], ["key", "label", "description", "iconPath", "category"]),
    ).toEqual([]);
    expect(unknownFields(contract.connections, ["key", "label", "description", "inputs"])).toEqual(
      [],
    );
    expect(
      unknownFields(
        contract.connections.flatMap((connection) => connection.inputs),
        ["key", "label", "type", "required"],
      ),
    ).toEqual([]);
    expect(unknownFields(contract.dataSources, ["key", "label", "type", "inputs"])).toEqual([]);
    expect(unknownFields(contract.valueTypes, ["value", "label"])).toEqual([]);
    expect(unknownFields(contract.sharedInputs, inputFields)).toEqual([]);
    expect(unknownFields(contract.actions, ["key", "label", "description", "inputs"])).toEqual([]);
    expect(unknownFields(contract.actionInputs, ["action", ...inputFields])).toEqual([]);
  });
});

describe("the compatibility contract (contract/compat.json)", () => {
  it("keeps the component's key, label, description and category", () => {
    const { key, label, description, category, iconPath } = contract.component;
    expect(component.key).toBe(key);
    expect(component.display).toEqual(
      expect.objectContaining({ label, description, category, iconPath }),
    );
  });

  it.each(CONTRACT_ACTIONS)(
    "%s keeps its label, description and inputs in order",
    (key, label, description, inputKeys) => {
      const action = component.actions[key];
      expect(action.display.label).toBe(label);
      expect(action.display.description).toBe(description);
      const keys = inputsOf(key).map((input) => input.key);
      expect(keys.slice(0, inputKeys.length)).toEqual(inputKeys);
      for (const input of inputsOf(key)) {
        const shared = SHARED.get(input.key);
        if (shared) expect([input.key, input.label]).toEqual([input.key, shared.label]);
      }
    },
  );

  it.each(contract.actionInputs.map((spec) => [spec.action, spec.key, spec] as const))(
    "%s.%s keeps its label, type and default",
    (actionKey, key, spec) => {
      const input = inputsOf(actionKey).find((candidate) => candidate.key === key);
      expect(input).toBeDefined();
      expect(actualOf(input as Input, spec)).toEqual(expectedOf(spec));
    },
  );

  it.each(
    contract.actionInputs
      .filter((spec) => spec.alternative !== undefined)
      .map((spec) => [spec.action, spec.key, spec.alternative as string] as const),
  )("%s.%s is optional only because %s stands in for it", (actionKey, key, alternative) => {
    const input = inputsOf(actionKey).find((candidate) => candidate.key === key);
    expect(input?.required).toBe(false);
    expect(inputsOf(actionKey).map((candidate) => candidate.label)).toContain(alternative);
  });

  it("keeps Fetch All's default false and the required shared inputs", () => {
    const fetchAll = inputsOf("listTables").find((input) => input.key === "fetchAll");
    // The file itself still states these facts of the contract's shared inputs.
    expect(SHARED.get("fetchAll")?.default).toBe("false");
    expect(
      ["tableName", "awsConnection", "value", "rangeKeyValue"].map((k) => SHARED.get(k)?.required),
    ).toEqual([true, true, true, false]);
    expect(fetchAll?.default).toBe(SHARED.get("fetchAll")?.default);
    for (const [key] of CONTRACT_ACTIONS) {
      for (const input of inputsOf(key)) {
        const required = SHARED.get(input.key)?.required;
        if (required !== undefined) {
          expect([key, input.key, input.required]).toEqual([key, input.key, required]);
        }
      }
    }
  });

  it.each(TYPE_DROPDOWNS)(
    "%s.%s offers the ten type codes in its Types dropdown",
    (action, key) => {
      const input = inputsOf(action).find((candidate) => candidate.key === key);
      expect(input?.collection).toBe("keyvaluelist");
      expect(input?.model?.map((choice) => choice.value)).toEqual(
        contract.valueTypes.map((choice) => choice.value),
      );
      expect(input?.model?.map((choice) => choice.label)).toEqual(
        contract.valueTypes.map((choice) => choice.label),
      );
    },
  );

  it.each(contract.connections.map((connection) => [connection.key, connection] as const))(
    "keeps the %s connection with its label, description and inputs",
    (key, spec) => {
      const connection = (component.connections ?? []).find((candidate) => candidate.key === key);
      expect(connection).toBeDefined();
      expect(connection?.label).toBe(spec.label);
      expect(connection?.comments).toBe(spec.description);
      const shape = ((connection?.inputs ?? []) as unknown as Input[]).map(
        ({ key: k, label, type, required }) => [k, label, type, required],
      );
      expect(shape.slice(0, spec.inputs.length)).toEqual(
        spec.inputs.map(({ key: k, label, type, required }) => [k, label, type, required]),
      );
      // Additions are optional, so existing connections stay valid.
      for (const [, , , required] of shape.slice(spec.inputs.length)) {
        expect(required).toBe(false);
      }
    },
  );

  it.each(contract.dataSources.map((source) => [source.key, source] as const))(
    "keeps the %s data source",
    (key, spec) => {
      const source = component.dataSources?.[key];
      expect(source).toBeDefined();
      if (!source) return;
      expect(source.display.label).toBe(spec.label);
      expect(source.dataSourceType).toBe(spec.type);
      expect((source.inputs as unknown as Input[]).map((i) => i.key).sort()).toEqual(
        [...spec.inputs].sort(),
      );
    },
  );

  it("gives the shared keys their contract fields wherever they appear, new actions too", () => {
    const inputs = everyInput();
    expect(inputs.map(([owner]) => owner)).toEqual(
      expect.arrayContaining([
        "createBackup",
        "tagResource",
        "createGlobalSecondaryIndex",
        "selectBackup",
        "tableChanges",
      ]),
    );
    for (const [owner, input] of inputs) {
      const spec = SHARED.get(input.key);
      if (spec) expect([owner, actualOf(input, spec)]).toEqual([owner, expectedOf(spec)]);
    }
  });

  it("makes every new input of a contract action optional", () => {
    for (const [key, , , inputKeys] of CONTRACT_ACTIONS) {
      for (const input of inputsOf(key).slice(inputKeys.length)) {
        expect([key, input.key, input.required ?? false]).toEqual([key, input.key, false]);
      }
    }
  });
});

/**
 * The component's surface (keys, labels, descriptions, each input in order with its type, default
 * and flags) is the one locked in contract/surface.json, so that moving code changes nothing a
 * flow or the designer sees. The built bundle is held to the same file in
 * test/integration/componentSurface.test.ts.
 */
import component from "../../src/index";
import {
  lockedSurface,
  type Surface,
  type SurfaceInput,
  surfaceDifferences,
  surfaceMismatchMessage,
  surfaceOf,
} from "../../tools/contract/surface";

describe("the component surface", () => {
  it("of src/index.ts is the one locked in contract/surface.json", () => {
    const lines = surfaceDifferences(lockedSurface(), surfaceOf(component));
    if (lines.length > 0) {
      throw new Error(surfaceMismatchMessage("The component of src/index.ts", lines));
    }
  });

  it("covers every connection, action, data source and trigger, and every input", () => {
    const surface = lockedSurface();
    expect(Object.keys(surface.actions).sort()).toEqual(Object.keys(component.actions).sort());
    expect(Object.keys(surface.dataSources).sort()).toEqual(
      Object.keys(component.dataSources ?? {}).sort(),
    );
    expect(Object.keys(surface.triggers).sort()).toEqual(
      Object.keys(component.triggers ?? {}).sort(),
    );
    expect(Object.keys(surface.connections).sort()).toEqual(
      (component.connections ?? []).map((connection) => connection.key).sort(),
    );
    expect(surface.actions.getItem.inputs.map((input) => input.key)).toEqual(
      component.actions.getItem.inputs.map((input) => (input as { key: string }).key),
    );
  });
});

describe("a difference from the lock", () => {
  const inputOf = (surface: Surface, action: string, key: string) =>
    surface.actions[action].inputs.find((input) => input.key === key) as SurfaceInput;

  it("is named one line each: label, default, choice, order, removed and added parts", () => {
    const locked = surfaceOf(component);
    const changed = structuredClone(locked);
    changed.actions.getItem.label = "Get item";
    const [region, table, value, range, ...rest] = changed.actions.getItem.inputs;
    changed.actions.getItem.inputs = [region, table, range, value, ...rest];
    inputOf(changed, "createTable", "billingMode").default = "PAY_PER_REQUEST";
    const itemTypes = inputOf(changed, "createItem", "itemTypes");
    itemTypes.model = itemTypes.model?.map((choice) =>
      choice.value === "S" ? { ...choice, label: "Text" } : choice,
    );
    delete inputOf(changed, "queryItems", "filterExpression").required;
    changed.actions.queryItems.inputs.push({ key: "segment", label: "Segment", type: "string" });
    delete changed.actions.deleteTable;
    changed.triggers.tableChanges.scheduleSupport = "valid";
    changed.connections.apiKeySecret.comments = "Keys";

    const keys = (inputs: SurfaceInput[]) => inputs.map((input) => input.key).join(", ");
    expect(surfaceDifferences(locked, changed)).toEqual([
      'connections.apiKeySecret.comments: "Authenticates requests to Amazon DynamoDB using an API Key and API Secret." → "Keys"',
      'actions.createItem.inputs[itemTypes].model[0].label: "String" → "Text"',
      'actions.createTable.inputs[billingMode].default: "PROVISIONED" → "PAY_PER_REQUEST"',
      expect.stringMatching(/^actions\.deleteTable: removed \(was \{"label":"Delete Table",/),
      'actions.getItem.label: "Get Item" → "Get item"',
      `actions.getItem.inputs order: ${keys(locked.actions.getItem.inputs)} → ${keys(changed.actions.getItem.inputs)}`,
      `actions.queryItems.inputs order: ${keys(locked.actions.queryItems.inputs)} → ${keys(locked.actions.queryItems.inputs)}, segment`,
      "actions.queryItems.inputs[filterExpression].required: removed (was false)",
      'actions.queryItems.inputs[segment]: added {"key":"segment","label":"Segment","type":"string"}',
      'triggers.tableChanges.scheduleSupport: "required" → "valid"',
    ]);
    expect(keys(changed.actions.getItem.inputs)).toMatch(
      /^awsRegion, tableName, rangeKeyValue, value, /,
    );
  });

  it("is nothing when only the order of actions differs, since the designer does not show it", () => {
    const locked = surfaceOf(component);
    const reordered = {
      ...locked,
      actions: Object.fromEntries(Object.entries(locked.actions).reverse()),
    };
    expect(surfaceDifferences(locked, reordered)).toEqual([]);
  });

  it("fails with the way to record a deliberate change", () => {
    expect(surfaceMismatchMessage("The bundle", ['actions.getItem.label: "A" → "B"'])).toMatch(
      /in 1 place\(s\):\n {2}actions\.getItem\.label: "A" → "B"\n[\s\S]*npm run surface[\s\S]*changelog in contract\/README\.md/,
    );
  });
});

/**
 * Writes test/types/actionInputs.cases.ts: for every action, calls that the input types must
 * accept and `// @ts-expect-error` calls they must refuse, derived from the component's input
 * definitions (picklist values, numbers, booleans, data and code inputs, lists, unknown keys,
 * required inputs); and each property of its output schema's `data`, read from the output type
 * into the type the schema gives it (so the two agree). `npm run typecheck` compiles the file; test/unit/actionInputTypes.test.ts
 * checks that it is up to date and compiles it.
 *
 * Run after changing an action's inputs: npx ts-node --transpile-only test/types/generateCases.ts
 */
import fs from "node:fs";
import path from "node:path";
import component from "../../src/index";

export const CASES_PATH = path.join(__dirname, "actionInputs.cases.ts");

interface InputDefinition {
  key: string;
  label: string;
  type: string;
  collection?: string;
  required?: boolean;
  default?: unknown;
  model?: { value: string }[];
  clean?: (value: unknown) => unknown;
}

/** What the clean function makes of `value`, or undefined when it refuses it. */
function cleaned(input: InputDefinition, value: unknown): unknown {
  try {
    return input.clean?.(value);
  } catch {
    return undefined;
  }
}

/** Every value a picklist input offers in any action, by input key (Return Values differs). */
function choicesByKey(actions: Record<string, InputDefinition[]>): Map<string, Set<string>> {
  const all = new Map<string, Set<string>>();
  for (const inputs of Object.values(actions)) {
    for (const input of inputs) {
      if (!input.model || input.collection) continue;
      const values = all.get(input.key) ?? new Set<string>();
      for (const choice of input.model) values.add(choice.value);
      all.set(input.key, values);
    }
  }
  return all;
}

type Case = { accepts: string[]; refuses: [string, string][] };

const json = (value: unknown) => JSON.stringify(value);

function picklistCases(input: InputDefinition, offeredElsewhere: Set<string>): Case {
  const values = (input.model ?? []).map((choice) => choice.value);
  const name = `${input.label} (${input.key})`;
  if (input.collection === "keyvaluelist") {
    return {
      accepts: values.map((value) => `{ ${input.key}: { a: ${json(value)} } }`),
      refuses: [[`{ ${input.key}: { a: "not-a-choice" } }`, `${name} takes its choices only.`]],
    };
  }
  // A value list of choices (a multi-select) takes a list of them.
  const one = (value: string) =>
    input.collection === "valuelist" ? `[${json(value)}]` : json(value);
  const accepts = values.map((value) => `{ ${input.key}: ${one(value)} }`);
  if (typeof cleaned(input, "true") === "boolean") accepts.push(`{ ${input.key}: true }`);
  const refuses: [string, string][] = [
    [`{ ${input.key}: ${one("not-a-choice")} }`, `${name} takes its choices only.`],
  ];
  for (const other of offeredElsewhere) {
    if (!values.includes(other)) {
      refuses.push([
        `{ ${input.key}: ${one(other)} }`,
        `${name} here offers ${values.join(", ")}, not ${other}.`,
      ]);
    }
  }
  return { accepts, refuses };
}

/** The calls one input must accept and refuse, by its definition. */
function inputCases(input: InputDefinition, offeredElsewhere: Set<string>): Case {
  const key = input.key;
  const name = `${input.label} (${key})`;
  if (input.model) return picklistCases(input, offeredElsewhere);
  if (input.collection === "valuelist") {
    return { accepts: [`{ ${key}: ["a"] }`], refuses: [[`{ ${key}: 42 }`, `${name} is a list.`]] };
  }
  if (input.collection === "keyvaluelist") {
    return {
      accepts: [`{ ${key}: { a: "b" } }`, `{ ${key}: [{ key: "a", value: "b" }] }`],
      refuses: [[`{ ${key}: 42 }`, `${name} is a key-value list.`]],
    };
  }
  switch (input.type) {
    case "connection":
      return { accepts: [], refuses: [[`{ ${key}: "a connection" }`, `${name} is a connection.`]] };
    case "boolean":
      return {
        accepts: [`{ ${key}: true }`, `{ ${key}: "false" }`],
        refuses: [[`{ ${key}: 1 }`, `${name} is a boolean or its text.`]],
      };
    case "data":
      return {
        accepts: [
          `{ ${key}: "id,name\\n1,Ada\\n" }`,
          `{ ${key}: Buffer.from("id\\n1\\n") }`,
          `{ ${key}: { data: Buffer.from("id\\n1\\n"), contentType: "text/csv" } }`,
          `{ ${key}: { data: "id\\n1\\n" } }`,
          `{ ${key}: [{ id: 1 }] }`,
        ],
        refuses: [[`{ ${key}: 42 }`, `${name} is a file, its text or items.`]],
      };
    case "code":
      return {
        accepts: [`{ ${key}: "{}" }`, `{ ${key}: { a: 1 } }`, `{ ${key}: [1] }`],
        refuses: [[`{ ${key}: 42 }`, `${name} is JSON: its text or the value.`]],
      };
  }
  // A number input's clean makes a number of "7", or takes 7 as it is.
  if (typeof cleaned(input, "7") === "number" || typeof cleaned(input, 7) === "number") {
    return {
      accepts: [`{ ${key}: 7 }`, `{ ${key}: "7" }`],
      refuses: [[`{ ${key}: true }`, `${name} is a number or its text.`]],
    };
  }
  return { accepts: [`{ ${key}: "text" }`], refuses: [[`{ ${key}: 42 }`, `${name} is text.`]] };
}

function actionCases(
  key: string,
  inputs: InputDefinition[],
  choices: Map<string, Set<string>>,
): string[] {
  const lines = [`// ${key}`, `const ${key} = valuesOf<"${key}">();`];
  for (const input of inputs) {
    const { accepts, refuses } = inputCases(input, choices.get(input.key) ?? new Set());
    for (const call of accepts) lines.push(`${key}(${call});`);
    // An optional input without a default reads null as blank: an output's null passes on.
    if (!input.required && (input.default === undefined || input.default === "")) {
      lines.push(`${key}({ ${input.key}: null });`);
    }
    for (const [call, why] of refuses) lines.push(`// @ts-expect-error ${why}`, `${key}(${call});`);
  }
  lines.push(
    "// @ts-expect-error An input this action does not have.",
    `${key}({ notAnInput: "x" });`,
  );
  const mustGive = inputs.filter(
    (input) => input.required && (input.default === undefined || input.default === ""),
  );
  if (mustGive.length > 0) {
    lines.push(
      `// @ts-expect-error ${mustGive.map((input) => input.label).join(", ")}: required.`,
      `export const ${key}WithNothing: ActionInputs["${key}"] = {};`,
    );
  }
  return lines;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
}

const JSON_TYPES: Record<string, string> = {
  integer: "number",
  number: "number",
  string: "string",
  boolean: "boolean",
  null: "null",
  array: "readonly unknown[]",
  object: "object",
};

/** The TypeScript type a JSON schema allows (its enum, or its types). */
function schemaType(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => json(value)).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return types.length === 0 ? "unknown" : types.map((type) => JSON_TYPES[type]).join(" | ");
}

/** Each output property read into the type its schema gives it (undefined if not required). */
function outputCases(key: string, outputSchema: unknown): string[] {
  const wrapper = outputSchema as { schema?: unknown } | undefined;
  const schema = typeof wrapper?.schema === "string" ? JSON.parse(wrapper.schema) : wrapper?.schema;
  const data = schema?.properties?.data as
    | { properties?: Record<string, JsonSchema>; required?: string[] }
    | undefined;
  if (!data?.properties) return [];
  const lines = [`const ${key}Output = dataOf<"${key}">();`];
  for (const [name, property] of Object.entries(data.properties)) {
    const optional = data.required?.includes(name) ? "" : " | undefined";
    const declaration = `export const ${key}_${name}: ${schemaType(property)}${optional} =`;
    const read = `${key}Output.${name};`;
    // Wrapped as the formatter wraps it (100 columns), so the file stays as generated.
    if (declaration.length + read.length + 1 <= 100) lines.push(`${declaration} ${read}`);
    else lines.push(declaration, `  ${read}`);
  }
  return lines;
}

/** The text of test/types/actionInputs.cases.ts, from the component's definitions. */
export function generateCases(): string {
  const actions = Object.fromEntries(
    Object.entries(component.actions).map(([key, action]) => [
      key,
      action.inputs as unknown as InputDefinition[],
    ]),
  );
  const choices = choicesByKey(actions);
  const blocks = Object.entries(actions).map(([key, inputs]) =>
    [
      ...actionCases(key, inputs, choices),
      ...outputCases(key, component.actions[key].outputSchema),
    ].join("\n"),
  );
  return [
    "// Generated by test/types/generateCases.ts from the input definitions: do not edit.",
    "// Each call is type-checked by `npm run typecheck`; each @ts-expect-error must be an error.",
    'import type { ActionInputs, ActionResults } from "../../src/component/codeNative";',
    "",
    "/** A call of one action, with any of its inputs. */",
    "const valuesOf =",
    "  <K extends keyof ActionInputs>() =>",
    "  (values: Partial<ActionInputs[K]>) =>",
    "    values;",
    "",
    "/** The output data of one action. */",
    'const dataOf = <K extends keyof ActionResults>() => ({}) as ActionResults[K]["data"];',
    "",
    blocks.join("\n\n"),
    "",
  ].join("\n");
}

if (require.main === module) {
  fs.writeFileSync(CASES_PATH, generateCases());
}

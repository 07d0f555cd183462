/**
 * The action input types guide: test/types/actionInputs.cases.ts, generated from the input
 * definitions (every action's picklists, numbers, booleans, data and code inputs, lists, unknown
 * keys and required inputs) and from the output schemas, is up to date, and compiles under the
 * project's strict settings: each accepted call type-checks, each `@ts-expect-error` call is
 * refused by the compiler, and each output property's type fits its schema.
 */
import fs from "node:fs";
import component from "../../src/index";
import { typeProblems } from "../support/typeCheck";
import { CASES_PATH, generateCases } from "../types/generateCases";

it("is generated from the current input definitions", () => {
  // After changing an action's inputs: npx ts-node --transpile-only test/types/generateCases.ts
  expect(fs.readFileSync(CASES_PATH, "utf8")).toBe(generateCases());
});

it("has cases for every action", () => {
  const cases = fs.readFileSync(CASES_PATH, "utf8");
  for (const key of Object.keys(component.actions)) {
    expect(cases).toContain(`const ${key} = valuesOf<"${key}">();`);
    expect(cases).toContain(`${key}({ notAnInput: "x" });`);
  }
});

it("compiles: every accepted call type-checks, every refused one is a compile error", () => {
  const problems = typeProblems(CASES_PATH);
  expect(problems).toEqual([]);
});

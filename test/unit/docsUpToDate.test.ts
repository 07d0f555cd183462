/**
 * The reference under docs/ is what tools/docs/generate.ts makes from the component now: every
 * generated page is on disk as generated, and no page under docs/ (guides aside) is left over from
 * an action group that no longer exists.
 */
import fs from "node:fs";
import path from "node:path";
import { actionGroups } from "../../src/actions";
import component from "../../src/index";
import { cell, generateDocs, generatedOnDisk, ROOT } from "../../tools/docs/generate";

const FIX = "run `npm run docs` and commit docs/";
const pages = generateDocs();

it("has every generated page on disk, as generated", () => {
  const stale = [...pages]
    .filter(([file, text]) => {
      const full = path.join(ROOT, file);
      return !fs.existsSync(full) || fs.readFileSync(full, "utf8") !== text;
    })
    .map(([file]) => file);
  if (stale.length > 0) throw new Error(`docs/ is out of date (${stale.join(", ")}): ${FIX}`);
});

it("has no page under docs/ that the generator does not make", () => {
  const extra = generatedOnDisk().filter((file) => !pages.has(file));
  if (extra.length > 0)
    throw new Error(`docs/ has pages no longer generated (${extra.join(", ")}): ${FIX}`);
});

it("gives each action group a page that documents each of its actions by label and key", () => {
  expect(actionGroups.length).toBeGreaterThan(5);
  for (const group of actionGroups) {
    const text = pages.get(`docs/${group.key}.md`) ?? "";
    for (const key of group.actions) {
      expect(text).toContain(`### ${component.actions[key].display.label}\n`);
      expect(text).toContain(`Action key: \`${key}\``);
    }
  }
  const documented = actionGroups.flatMap((group) => group.actions).sort();
  expect(documented).toEqual(Object.keys(component.actions).sort());
});

it("escapes the table separator and line breaks inside cells", () => {
  expect(cell("a | b\nc")).toBe("a \\| b<br>c");
  const delimiter = component.actions.importItems.inputs.find((input) => input.key === "delimiter");
  expect(delimiter?.comments).toContain("|");
  const row = (pages.get("docs/files.md") ?? "")
    .split("\n")
    .find((line) => line.includes("`delimiter`"));
  expect(row?.split(/(?<!\\)\|/).length).toBe(5);
});

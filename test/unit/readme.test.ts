import { readFileSync } from "node:fs";
import { join } from "node:path";
import component from "../../src/index";

const root = join(__dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The rows of the README's "What is inside" table: [kind, key, label]. */
function insideTable(): string[][] {
  const section = readme.split("## What is inside")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => /^\| (connection|action|data source|trigger) \|/.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, "")),
    );
}

describe("README", () => {
  it("lists every action, connection, data source and trigger of the component, and nothing else", () => {
    const rows = insideTable();
    const listed = (kind: string) =>
      rows
        .filter(([rowKind]) => rowKind === kind)
        .map(([, key]) => key)
        .sort();
    expect(listed("action")).toEqual(Object.keys(component.actions).sort());
    expect(listed("data source")).toEqual(Object.keys(component.dataSources ?? {}).sort());
    expect(listed("trigger")).toEqual(Object.keys(component.triggers ?? {}).sort());
    expect(listed("connection")).toEqual((component.connections ?? []).map((c) => c.key).sort());
  });

  it("labels each action as the component does (PartiQL's label carries a note)", () => {
    for (const [kind, key, label] of insideTable()) {
      if (kind !== "action") continue;
      const actual = component.actions[key].display.label;
      expect(label.startsWith(actual)).toBe(true);
    }
  });

  it("gives the set-up, run and test commands that package.json defines", () => {
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
  });
});

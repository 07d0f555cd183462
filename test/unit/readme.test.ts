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

  it("shows the unit-test example exactly as test/unit/readmeExample.test.ts runs it", () => {
    const section = readme.split("## Unit-testing a flow step with mocked AWS")[1] ?? "";
    const shown = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    const file = readFileSync(join(__dirname, "readmeExample.test.ts"), "utf8");
    const code = file.slice(file.indexOf("import "));
    expect(shown).toBeDefined();
    expect(code).toBe(shown);
  });

  it("names every input of the administration actions by its label and key", () => {
    const section = readme.split("## Table administration")[1]?.split("\n## ")[0] ?? "";
    const text = section.replace(/\s+/g, " ");
    const keys = [
      "createBackup",
      "describeBackup",
      "listBackups",
      "deleteBackup",
      "restoreTableFromBackup",
      "restoreTableToPointInTime",
      "describeContinuousBackups",
      "updateContinuousBackups",
      "tagResource",
      "untagResource",
      "listTagsOfResource",
      "createGlobalSecondaryIndex",
      "deleteGlobalSecondaryIndex",
    ];
    const missing: string[] = [];
    for (const key of keys) {
      expect(text).toContain(`\`${key}\``);
      const inputs = component.actions[key].inputs as unknown as { key: string; label: string }[];
      for (const { key: inputKey, label } of inputs) {
        if (["awsRegion", "awsConnection"].includes(inputKey)) continue;
        const named = [`${label} (\`${inputKey}\``, `${label}** (\`${inputKey}\``];
        if (!named.some((form) => text.includes(form)))
          missing.push(`${key}.${inputKey} (${label})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("gives the set-up, run and test commands that package.json defines", () => {
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
  });
});

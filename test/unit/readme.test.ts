import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import component from "../../src/index";

const root = join(__dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

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

  it("gives every input's key next to its label, for every connection, action, data source and trigger", () => {
    const section = readme.split("## Input keys")[1]?.split("\n## ")[0] ?? "";
    const listed = new Map(
      section
        .split("\n")
        .filter((line) => line.startsWith("- **"))
        .map((line) => {
          const [, key, rest] = /^- \*\*.+?\*\* \(`([^`]+)`\): (.*)$/.exec(line) ?? [];
          return [key, rest] as const;
        }),
    );
    type Input = { key: string; label: string | { value: string } };
    const expected = (inputs: unknown) =>
      (inputs as Input[]).length === 0
        ? "no inputs"
        : (inputs as Input[])
            .map((i) => `${typeof i.label === "string" ? i.label : i.label.value} \`${i.key}\``)
            .join(" · ");
    const all: [string, unknown][] = [
      ...(component.connections ?? []).map((c) => [c.key, c.inputs] as [string, unknown]),
      ...Object.entries(component.actions).map(([k, a]) => [k, a.inputs] as [string, unknown]),
      ...Object.entries(component.dataSources ?? {}).map(
        ([k, d]) => [k, d.inputs] as [string, unknown],
      ),
      ...Object.entries(component.triggers ?? {}).map(
        ([k, t]) => [k, t.inputs] as [string, unknown],
      ),
    ];
    for (const [key, inputs] of all)
      expect([key, listed.get(key)]).toEqual([key, expected(inputs)]);
    expect(listed.size).toBe(all.length);
    // The connection keys a new user guessed wrong, in the Connections section itself.
    const connections = readme.split("## Connections")[1]?.split("\n## ")[0] ?? "";
    expect(connections).toContain("`endpoint`");
    expect(connections).toContain("`sessionToken`");
  });

  it("maps the marketplace component's output paths to this connector's", () => {
    const section = readme.split("## Moving from the marketplace component: output paths")[1] ?? "";
    for (const [old, now] of [
      ["`result.Item`", "`item`"],
      [
        "`Items`, `Count`, `ScannedCount`, `LastEvaluatedKey`",
        "`items`, `count`, `scannedCount`, `lastEvaluatedKey`",
      ],
      ["`Table`", "`table`"],
      ["`TableDescription`", "`table`"],
      ["`result.TableNames`", "`tableNames`"],
      ["`$metadata`", "gone"],
    ]) {
      expect(section).toMatch(new RegExp(`\\| ${escapeRegExp(old)}[^|]*\\| ${escapeRegExp(now)}`));
    }
  });

  it("shows the code-native example's files as they are", () => {
    const section =
      readme.split("## Use it in a code-native integration")[1]?.split("\n## ")[0] ?? "";
    const blocks = [
      ...section.matchAll(/```ts\n\/\/ (examples\/code-native\/\S+)\n([\s\S]*?)```/g),
    ];
    expect(blocks.map(([, file]) => file)).toEqual([
      "examples/code-native/src/componentRegistry.ts",
      "examples/code-native/src/flows.ts",
    ]);
    for (const [, file, code] of blocks) expect(code).toBe(readFileSync(join(root, file), "utf8"));
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

/**
 * The README, the generated reference under docs/ and the guides under docs/guides/ say what the
 * component has: every action, connection, data source and trigger with its label, every input
 * with its label and key, and the guides' tables and examples as the code and files are.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { actionGroups } from "../../src/actions";
import component from "../../src/index";

const root = join(__dirname, "..", "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");
const readme = read("README.md");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The text of a page under `heading`, up to the next heading of the same level. */
function section(text: string, heading: string): string {
  const level = heading.split(" ")[0];
  return text.split(heading)[1]?.split(`\n${level} `)[0] ?? "";
}

/** The entries of the documentation index, docs/README.md: [page, label, key]. */
function indexEntries(): string[][] {
  const index = read("docs/README.md");
  return [...index.matchAll(/^ {2}- \[(.+)\]\(([\w-]+\.md)#[\w-]+\) \(`(\w+)`\)$/gm)].map(
    ([, label, page, key]) => [page, label, key],
  );
}

type Input = { key: string; label: string | { value: string } };
const labelOf = (input: Input) =>
  typeof input.label === "string" ? input.label : input.label.value;

describe("README and docs", () => {
  it("index every action, connection, data source and trigger of the component, and nothing else", () => {
    const entries = indexEntries();
    const listed = (pages: string[]) =>
      entries
        .filter(([page]) => pages.includes(page))
        .map(([, , key]) => key)
        .sort();
    const groupPages = actionGroups.map((group) => `${group.key}.md`);
    expect(listed(groupPages)).toEqual(Object.keys(component.actions).sort());
    expect(listed(["data-sources.md"])).toEqual(Object.keys(component.dataSources ?? {}).sort());
    expect(listed(["triggers.md"])).toEqual(Object.keys(component.triggers ?? {}).sort());
    expect(listed(["connections.md"])).toEqual(
      (component.connections ?? []).map((c) => c.key).sort(),
    );
    expect(entries.length).toBe(
      Object.keys(component.actions).length +
        Object.keys(component.dataSources ?? {}).length +
        Object.keys(component.triggers ?? {}).length +
        (component.connections ?? []).length,
    );
  });

  it("label each action as the component does", () => {
    for (const [page, label, key] of indexEntries()) {
      if (!actionGroups.some((group) => `${group.key}.md` === page)) continue;
      expect([key, label]).toEqual([key, component.actions[key].display.label]);
    }
  });

  it("link every action group's page from the README, in the groups' order", () => {
    const flows = section(readme, "## Use it in flows");
    const rows = [...flows.matchAll(/^\| \[(.+)\]\(docs\/([\w-]+)\.md\) \| (.+) \|$/gm)];
    expect(rows.map(([, title, key, description]) => ({ title, key, description }))).toEqual(
      actionGroups.map(({ title, key, description }) => ({ title, key, description })),
    );
  });

  it("give every input's label next to its key, in order, for every connection, action, data source and trigger", () => {
    const pageOf = (kind: string, key: string) => {
      if (kind === "Action") {
        const group = actionGroups.find((g) => (g.actions as string[]).includes(key));
        return `docs/${group?.key}.md`;
      }
      return {
        Connection: "docs/connections.md",
        "Data source": "docs/data-sources.md",
        Trigger: "docs/triggers.md",
      }[kind];
    };
    const all: [string, string, Input[]][] = [
      ...(component.connections ?? []).map(
        (c) => ["Connection", c.key, c.inputs] as [string, string, Input[]],
      ),
      ...Object.entries(component.actions).map(
        ([k, a]) => ["Action", k, a.inputs] as [string, string, Input[]],
      ),
      ...Object.entries(component.dataSources ?? {}).map(
        ([k, d]) => ["Data source", k, d.inputs] as [string, string, Input[]],
      ),
      ...Object.entries(component.triggers ?? {}).map(
        ([k, t]) => ["Trigger", k, t.inputs] as [string, string, Input[]],
      ),
    ];
    expect(all.length).toBeGreaterThan(40);
    for (const [kind, key, inputs] of all) {
      const page = read(pageOf(kind, key) ?? "");
      const at = page.indexOf(`${kind} key: \`${key}\``);
      expect([key, at >= 0]).toEqual([key, true]);
      const text = page.slice(at).split("\n### ")[0];
      const rows = [...text.matchAll(/^\| \*\*(.+?)\*\*<br>`([^`]+)` · /gm)].map(
        ([, label, inputKey]) => `${label} \`${inputKey}\``,
      );
      expect([key, rows]).toEqual([key, inputs.map((i) => `${labelOf(i)} \`${i.key}\``)]);
      if (inputs.length === 0) expect(text).toContain("This has no inputs.");
    }
    // The connection keys a new user guessed wrong, in the guide's Connections section itself.
    const connections = section(read("docs/guides/security.md"), "## Connections");
    expect(connections).toContain("`endpoint`");
    expect(connections).toContain("`sessionToken`");
  });

  it("map the marketplace component's output paths to this connector's", () => {
    const section = read("docs/guides/migration.md").split(
      "## Moving from the marketplace component: output paths",
    )[1];
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

  it("show the code-native example's files as they are", () => {
    const guide = section(
      read("docs/guides/code-and-tests.md"),
      "## Use it in a code-native integration",
    );
    const blocks = [...guide.matchAll(/```ts\n\/\/ (examples\/code-native\/\S+)\n([\s\S]*?)```/g)];
    expect(blocks.map(([, file]) => file)).toEqual([
      "examples/code-native/src/componentRegistry.ts",
      "examples/code-native/src/flows.ts",
    ]);
    for (const [, file, code] of blocks) expect(code).toBe(read(file));
  });

  it("name every input of the administration actions by its label and key", () => {
    const guide = read("docs/guides/tables-and-administration.md");
    const text = section(guide, "## Table administration").replace(/\s+/g, " ");
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

  it("give the set-up, run and test commands that package.json defines", () => {
    const scripts = JSON.parse(read("package.json")).scripts;
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
    expect(readme).toContain("npm run docs");
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
    expect(scripts.docs).toBeDefined();
  });

  it("link only to files and headings that exist, from the README and every page under docs/", () => {
    const pages = [
      "README.md",
      ...indexEntries()
        .map(([page]) => `docs/${page}`)
        .filter((page, i, all) => all.indexOf(page) === i),
      "docs/README.md",
      ...[...read("docs/README.md").matchAll(/\]\((guides\/[\w-]+\.md)\)/g)].map(
        ([, guide]) => `docs/${guide}`,
      ),
    ];
    expect(pages.filter((page) => page.startsWith("docs/guides/")).length).toBeGreaterThan(5);
    /** GitHub's anchors of a page's headings. */
    const anchors = (text: string) =>
      [...text.matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
        heading
          .toLowerCase()
          .replace(/[^\w\- ]/g, "")
          .replace(/ /g, "-"),
      );
    const broken: string[] = [];
    for (const page of pages) {
      const dir = join(root, page, "..");
      for (const [link, target, hash] of read(page).matchAll(/\]\(([^)#\s]*?)(?:#([^)\s]+))?\)/g)) {
        if (/^https?:/.test(target) || (!target.endsWith(".md") && target !== "")) continue;
        let text = "";
        try {
          text = target === "" ? read(page) : readFileSync(join(dir, target), "utf8");
        } catch {
          broken.push(`${page}: ${link}`);
          continue;
        }
        if (hash && !anchors(text).includes(hash)) broken.push(`${page}: ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

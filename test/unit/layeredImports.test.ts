/**
 * The source tree is layered, and the import graph keeps it so: a module imports only its own
 * layer and the layers below it, and nothing imports an action except its group's index (which
 * the component's action list imports). The layers, lowest first, are `LAYERS` below; the
 * architecture guide (docs/guides/architecture.md) says what lives in each.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const SRC = path.join(__dirname, "..", "..", "src");

/**
 * Each top-level folder of src/ and its rank: a module may import a module of its own folder or
 * of a folder with a lower rank. Folders that share a rank (actions, data sources, triggers and
 * connections; outputs and files) are siblings and do not import each other. Files directly
 * under src/ are the package's entry points (rank `ENTRY`).
 */
const LAYERS: Record<string, number> = {
  common: 0,
  errors: 1,
  values: 2,
  inputs: 3,
  aws: 4,
  engines: 5,
  outputs: 6,
  files: 6,
  connections: 7,
  actions: 7,
  dataSources: 7,
  triggers: 7,
  component: 8,
};
const ENTRY = 9;

/** Every .ts module under src/, as a path relative to src/ with forward slashes. */
function sourceModules(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(full);
    return entry.name.endsWith(".ts") ? [path.relative(SRC, full).split(path.sep).join("/")] : [];
  });
}

/** The src-relative module a relative specifier in `from` names, or undefined if outside src/. */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = path.join(SRC, path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      const relative = path.relative(SRC, candidate).split(path.sep).join("/");
      return relative.startsWith("..") ? undefined : relative;
    }
  }
  throw new Error(`${from} imports ${specifier}, which does not resolve to a module`);
}

/** The relative imports of one module (import, export … from, require, import()). */
function importsOf(module: string, text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((file) => file.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => resolveImport(module, name))
    .filter((name): name is string => name !== undefined);
}

const folderOf = (module: string) => (module.includes("/") ? module.split("/")[0] : undefined);
const rankOf = (module: string) => {
  const folder = folderOf(module);
  return folder === undefined ? ENTRY : LAYERS[folder];
};

/** Whether `module` is one action's file: src/actions/<group>/<actionKey>.ts. */
const isActionFile = (module: string) =>
  /^actions\/[^/]+\/[^/]+\.ts$/.test(module) && !module.endsWith("/index.ts");

/** Why importing `target` from `module` breaks the layering, or undefined when it does not. */
function layeringFault(module: string, target: string): string | undefined {
  if (isActionFile(target) && module !== `${path.posix.dirname(target)}/index.ts`) {
    return "imports an action (only its group's index may; move what it shares to a lower layer)";
  }
  if (/^actions\/[^/]+\/index\.ts$/.test(target) && module !== "actions/index.ts") {
    return "imports an action group (only actions/index.ts may)";
  }
  const from = folderOf(module);
  const to = folderOf(target);
  if (from === to) return undefined;
  if (rankOf(target) >= rankOf(module)) {
    return `imports ${to ?? "an entry point"} (rank ${rankOf(target)}) from ${from ?? "an entry point"} (rank ${rankOf(module)}): a layer imports only the layers below it`;
  }
  return undefined;
}

describe("the source tree's layers", () => {
  const modules = sourceModules();

  it("knows the layer of every folder under src/", () => {
    const unknown = [...new Set(modules.map(folderOf))].filter(
      (folder) => folder !== undefined && !(folder in LAYERS),
    );
    expect(unknown).toEqual([]);
  });

  it("has no import from an action or from a higher layer", () => {
    const faults = modules.flatMap((module) =>
      importsOf(module, fs.readFileSync(path.join(SRC, module), "utf8")).flatMap((target) => {
        const fault = layeringFault(module, target);
        return fault ? [`src/${module} -> src/${target}: ${fault}`] : [];
      }),
    );
    expect(faults).toEqual([]);
  });

  it("finds the faults it is there to find", () => {
    expect(layeringFault("actions/files/exportItems.ts", "actions/queries/queryItems.ts")).toMatch(
      /imports an action/,
    );
    expect(layeringFault("engines/statements.ts", "actions/partiql/rawRequest.ts")).toMatch(
      /imports an action/,
    );
    expect(layeringFault("values/items.ts", "inputs/scalars.ts")).toMatch(/layers below it/);
    expect(layeringFault("engines/tables.ts", "outputs/index.ts")).toMatch(/layers below/);
    expect(layeringFault("outputs/index.ts", "files/rows.ts")).toMatch(/layers below/);
    expect(layeringFault("actions/items/getItem.ts", "dataSources/selectTable.ts")).toMatch(
      /layers below/,
    );
    expect(layeringFault("actions/index.ts", "actions/items/index.ts")).toBeUndefined();
    expect(layeringFault("actions/items/index.ts", "actions/items/getItem.ts")).toBeUndefined();
    expect(layeringFault("actions/items/getItem.ts", "engines/keySchema.ts")).toBeUndefined();
    expect(
      importsOf("index.ts", 'export * from "./testing";\nconst x = require("./aws/client");'),
    ).toEqual(["testing.ts", "aws/client.ts"]);
  });
});

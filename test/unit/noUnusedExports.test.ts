/**
 * Every exported value (function, constant, class) of a module under src/ is imported somewhere (by src/, the tests, the demo, the
 * benchmark or the tools), or belongs to a package entry point (src/index.ts, src/testing.ts,
 * src/platform.ts), whose exports are the public API. An export nobody imports is either dead
 * code or a name that should stay private to its module.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const FOLDERS = ["src", "test", "demo", "bench", "tools"];
const ENTRY_POINTS = ["src/index.ts", "src/testing.ts", "src/platform.ts"];

function typescriptFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "corpus") return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The file a relative specifier names, or undefined (a package, or not a .ts module). */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [base, `${base}.ts`, path.join(base, "index.ts")].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
}

interface ModuleFacts {
  exported: Set<string>;
  /** `export * from` targets: their exports are this module's too. */
  reexportsAll: string[];
}

/** What each file exports, and which names every file imports from which module. */
function readGraph(files: string[]) {
  const facts = new Map<string, ModuleFacts>();
  const imported = new Map<string, Set<string>>();
  const use = (module: string, name: string) => {
    if (!imported.has(module)) imported.set(module, new Set());
    imported.get(module)?.add(name);
  };
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
    const own: ModuleFacts = { exported: new Set(), reexportsAll: [] };
    facts.set(file, own);
    const exportKeyword = (node: ts.Node) =>
      ts.canHaveModifiers(node) &&
      ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    for (const statement of source.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = resolve(file, statement.moduleSpecifier.text);
        const clause = statement.importClause;
        if (!target || !clause) continue;
        if (clause.name) use(target, "default");
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) use(target, "*");
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            use(target, (element.propertyName ?? element.name).text);
          }
        }
      } else if (ts.isExportDeclaration(statement)) {
        const target =
          statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
            ? resolve(file, statement.moduleSpecifier.text)
            : undefined;
        const clause = statement.exportClause;
        if (!clause && target) own.reexportsAll.push(target);
        if (clause && ts.isNamedExports(clause)) {
          for (const element of clause.elements) {
            if (!statement.isTypeOnly && !element.isTypeOnly) own.exported.add(element.name.text);
            if (target) use(target, (element.propertyName ?? element.name).text);
          }
        }
      } else if (ts.isExportAssignment(statement)) {
        own.exported.add("default");
      } else if (exportKeyword(statement)) {
        const isDefault = ts
          .getModifiers(statement as ts.HasModifiers)
          ?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
        if (isDefault) own.exported.add("default");
        else if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            if (ts.isIdentifier(declaration.name)) own.exported.add(declaration.name.text);
          }
        } else if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) {
          // Types are left out: an exported function's parameter and result types must be
          // exported for the package's declarations, whether or not anyone imports them.
          const name = (statement as { name?: ts.Identifier }).name;
          if (name) own.exported.add(name.text);
        }
      }
    }
    // Dynamic require("./x") and import("./x") count as using every export of the target.
    for (const { fileName } of ts.preProcessFile(source.text, true, true).importedFiles) {
      const target = resolve(file, fileName);
      if (target && /(require|import)\(\s*["']/.test(source.text)) use(target, "*");
    }
  }
  return { facts, imported };
}

/** The exports of src/ modules that no file imports, as "src/path.ts: name". */
function unusedExports(): string[] {
  const files = FOLDERS.flatMap((folder) => typescriptFiles(path.join(ROOT, folder)));
  const { facts, imported } = readGraph(files);
  // A name imported from a module that re-exports everything of another counts for that other.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [file, own] of facts) {
      const names = imported.get(file);
      if (!names) continue;
      for (const target of own.reexportsAll) {
        if (!imported.has(target)) imported.set(target, new Set());
        const targetNames = imported.get(target) as Set<string>;
        for (const name of names) {
          if (!targetNames.has(name)) {
            targetNames.add(name);
            changed = true;
          }
        }
      }
    }
  }
  const entryPoints = new Set(ENTRY_POINTS.map((entry) => path.join(ROOT, entry)));
  return [...facts]
    .filter(([file]) => file.startsWith(path.join(ROOT, "src") + path.sep))
    .filter(([file]) => !entryPoints.has(file))
    .flatMap(([file, own]) => {
      const names = imported.get(file) ?? new Set<string>();
      if (names.has("*")) return [];
      return [...own.exported]
        .filter((name) => !names.has(name))
        .map((name) => `${path.relative(ROOT, file).split(path.sep).join("/")}: ${name}`);
    });
}

describe("exports under src/", () => {
  it("are each imported somewhere, or are the package's public API", () => {
    expect(unusedExports()).toEqual([]);
  });
});

/**
 * A require hook for the child processes tests start (`node -r <this file> child.ts`): loads
 * TypeScript files as ts-node's transpile-only mode does, with typescript's `transpileModule` and
 * the project's compiler options, and keeps each file's output on disk under the hash of its
 * text, the options and the compiler's version. A child loads ~200 of the project's files: with
 * ts-node that cost ~5 s of CPU in every child; here only the first child of a run pays it.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(os.tmpdir(), "dynamodb-connector-transpiled");

let typescript;
let compilerOptions;
let optionsKey;

/** typescript and the project's options, loaded on the first miss only (typescript is large). */
function compiler() {
  if (!typescript) {
    typescript = require("typescript");
    const configPath = path.join(ROOT, "tsconfig.json");
    const { config } = typescript.readConfigFile(configPath, typescript.sys.readFile);
    compilerOptions = typescript.parseJsonConfigFileContent(config, typescript.sys, ROOT).options;
  }
  return { typescript, compilerOptions };
}

/** What the cache key holds beside a file's text: tsconfig.json and the compiler's version. */
function optionsText() {
  if (optionsKey === undefined) {
    const tsVersion = require("typescript/package.json").version;
    optionsKey = `${tsVersion}\n${fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")}`;
  }
  return optionsKey;
}

/** The JavaScript of `fileName` (whose text is `source`), from the cache or transpiled now. */
function transpiled(source, fileName) {
  const key = crypto
    .createHash("sha256")
    .update(`${optionsText()}\n${fileName}\n${source}`)
    .digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // Not cached yet: transpile below.
  }
  const { typescript: ts, compilerOptions: options } = compiler();
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: { ...options, isolatedModules: true },
  });
  // Written whole and renamed, so that a child running beside this one never reads half a file.
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(partial, outputText);
  fs.renameSync(partial, cached);
  return outputText;
}

require.extensions[".ts"] = (module, fileName) => {
  module._compile(transpiled(fs.readFileSync(fileName, "utf8"), fileName), fileName);
};

/**
 * Builds the single-file bundle the platform loads: dist/index.js (commonjs2, default export =
 * the component) with dist/icon.png beside it. The npm package is not this bundle: it is the
 * unbundled build of tsconfig.package.json, whose libraries come from the user's node_modules.
 */
const fs = require("node:fs");
const path = require("node:path");
const webpack = require("webpack");

const ICON_SOURCE = path.resolve(__dirname, "assets/icon.png");
// Size budget for index.js: everything (AWS SDK included) is bundled, so growth shows up here.
const MAX_BUNDLE_BYTES = 1_300_000;

/**
 * Spectral `require()`s a few ESM-first packages whole (all of date-fns, all of zod) although a
 * component uses a handful of their functions. Resolving them to their ESM entry lets webpack
 * drop the unused exports, which roughly halves the bundle. Resolved from spectral's own folder
 * so the same copy is used; skipped (no alias) if a package's layout changes.
 */
function esmEntriesForSpectral(names) {
  const spectralDir = path.dirname(require.resolve("@prismatic-io/spectral/package.json"));
  const aliases = {};
  for (const name of names) {
    try {
      const manifestPath = require.resolve(`${name}/package.json`, { paths: [spectralDir] });
      const entry = require(manifestPath).exports?.["."]?.import;
      const file = typeof entry === "string" ? entry : entry?.default;
      if (file) aliases[`${name}$`] = path.resolve(path.dirname(manifestPath), file);
    } catch {
      // Not installed or no ESM entry: bundle it as CommonJS, as webpack would by default.
    }
  }
  return aliases;
}

/**
 * Spectral modules its index loads but the deployed component never runs, each left out of the
 * bundle (a missing one, after a spectral update, is simply not aliased):
 * - `testing`: the test harness (jest-mock and friends);
 * - `serverTypes/convertIntegration`: the code-native integration builder (`integration()`,
 *   config pages, flows), ~2% of the bundle's cold load by instruction count;
 * - `util`: type coercion and conditional-logic helpers, which bring date-fns, lodash's deep
 *   equality, valid-url and safe-stable-stringify: ~60 KB and ~4% of cold load. An action that
 *   starts calling spectral's `util` must drop it from this list.
 */
function withoutSpectralModules() {
  const aliases = {};
  for (const name of ["testing", "serverTypes/convertIntegration", "util"]) {
    try {
      aliases[require.resolve(`@prismatic-io/spectral/dist/${name}`)] = false;
    } catch {
      // Not in this spectral version: nothing to leave out.
    }
  }
  return aliases;
}

/**
 * Spectral's index loads two packages that a component never runs: axios (only for
 * `context.invokeFlow`, which no action here calls) and yaml (only for code-native integration
 * definitions). Together they were ~400 KB of the bundle and ~30 ms of every cold start
 * (see BENCHMARKS.md); an action that starts calling `context.invokeFlow` must drop the axios alias.
 */
function withoutSpectralUnusedDependencies() {
  return { axios$: false, yaml$: false };
}

/**
 * Lodash functions that spectral calls while the component loads, replaced by the files in
 * tools/webpack/lodash/ (each file says what it keeps and why): ~9% of cold-load instructions.
 */
function lodashStandIns() {
  const standIns = path.resolve(__dirname, "tools/webpack/lodash");
  return Object.fromEntries(
    ["omit", "camelCase", "snakeCase"].map((name) => [
      `lodash/${name}$`,
      path.join(standIns, `${name}.js`),
    ]),
  );
}

/** Emits assets/icon.png as dist/icon.png through webpack, so `output.clean` and watch know it. */
class CopyIconPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("CopyIconPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "CopyIconPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          compilation.fileDependencies.add(ICON_SOURCE);
          if (!fs.existsSync(ICON_SOURCE)) {
            compilation.errors.push(new webpack.WebpackError(`Missing icon: ${ICON_SOURCE}`));
            return;
          }
          compilation.emitAsset(
            "icon.png",
            new webpack.sources.RawSource(fs.readFileSync(ICON_SOURCE)),
          );
        },
      );
    });
  }
}

/** @type {import('webpack').Configuration} */
module.exports = {
  target: "node",
  mode: "production",
  devtool: false,
  entry: "./src/platform.ts",
  output: {
    path: path.resolve(__dirname, "dist"),
    filename: "index.js",
    library: { type: "commonjs2" },
    clean: true,
  },
  resolve: {
    extensions: [".ts", ".js"],
    alias: {
      ...esmEntriesForSpectral(["date-fns", "zod"]),
      ...withoutSpectralModules(),
      ...withoutSpectralUnusedDependencies(),
      ...lodashStandIns(),
    },
  },
  module: {
    rules: [
      {
        // Spectral's per-invocation wrapper, rewritten for less work per call (see the loader's comment).
        test: /[\\/]@prismatic-io[\\/]spectral[\\/]dist[\\/]serverTypes[\\/]perform\.js$/,
        use: path.resolve(__dirname, "tools/webpack/spectralPerform.js"),
      },
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        // Type checking is `npm run typecheck`; the build only transpiles. ES modules (not the
        // tsconfig's CommonJS) let webpack hoist the connector's modules into one scope: no
        // per-module wrapper or export getters, unused exports dropped. That cut cold load by
        // ~14% of instructions and the bundle by ~100 KB (BENCHMARKS.md, notes).
        use: {
          loader: "ts-loader",
          options: { transpileOnly: true, compilerOptions: { module: "esnext" } },
        },
      },
    ],
  },
  optimization: {
    minimize: true,
    splitChunks: false,
    // Webpack may also hoist a module that a require() reaches (src/aws/sdkModules.ts loads four
    // SDK packages so), but only by wrapping it, and everything it imports, in a lazy accessor:
    // each use of such a module's export then calls the accessor, which looks the module up in
    // webpack's module cache. That made the SDK's shared serde modules wrapped, 121 lookups per
    // Query Items call (bench/notes.md, section 23); such modules stay plain modules instead.
    concatenateModules: { commonjs: false },
  },
  plugins: [
    // The AWS SDK lazy-loads some modules with dynamic import(); keep them all in index.js.
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
    new CopyIconPlugin(),
  ],
  performance: {
    hints: "warning",
    maxAssetSize: MAX_BUNDLE_BYTES,
    maxEntrypointSize: MAX_BUNDLE_BYTES,
  },
};

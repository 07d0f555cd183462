/**
 * The bundle the platform loads (dist/index.js) reads every module's exports directly once the
 * module is loaded. Webpack can hoist a module that a require() reaches only by wrapping it, and
 * every module it imports, in a lazy accessor (the runtime helper `__webpack_require__.cw`, and
 * one `() => __webpack_require__(id)` per wrapped module); each use of a wrapped module's export
 * then calls its accessor and looks the module up in webpack's module cache. With the SDK
 * packages that src/aws/sdkModules.ts loads on first use, the SDK's shared serde modules were
 * wrapped: 121 module lookups per Query Items call, 16 to 26 per Get, Upsert and Update Item
 * (bench/notes.md, section 23). webpack.config.js keeps such modules plain.
 */
import fs from "node:fs";
import { BUNDLE_PATH, ensureFreshBundle } from "../support/bundle";

let bundle: string;

beforeAll(() => {
  ensureFreshBundle();
  bundle = fs.readFileSync(BUNDLE_PATH, "utf8");
});

/** The minified runtime helper that builds a wrapped module's accessor: `n.cw=e=>{...}`. */
const WRAPPER_HELPER = /[\w$]\.cw=(?:\(?[\w$]*\)?)=>/g;
/** A wrapped module's accessor, as minified: `ie=()=>n(5122)`. */
const MODULE_ACCESSOR = /[\w$]=\(\)=>[\w$]{1,3}\(\d+\)[,;]/g;

it("defines no lazy module wrapper", () => {
  expect(bundle.match(WRAPPER_HELPER) ?? []).toEqual([]);
});

it("reads no module through an accessor", () => {
  expect(bundle.match(MODULE_ACCESSOR) ?? []).toEqual([]);
});

// Types of esm/testing.mjs.
export * from "../build/package/cjs/testing.js";

/**
 * The entry of the bundle dist/index.js, the file the platform loads (it reads the default
 * export): the package's entry plus its test hooks, so tests of the bundle can reach the bundle's
 * own copy of the client settings and cache.
 */

export * from "./index";
export { default } from "./index";
export * from "./testing";

/**
 * Stands in for lodash/omit in the bundle (webpack.config.js aliases it). Spectral calls
 * `omit(definition, ["key", ...])` once per input, action and trigger when the component loads;
 * lodash's omit loads ~60 of lodash's internal modules for deep paths and deep cloning, and
 * casts, copies and unsets key by key: together ~8% of the bundle's cold-load instructions.
 *
 * For a plain object (prototype Object.prototype or null) and plain key names, lodash's omit
 * copies the object's enumerable string keys and symbols into a new object, then deletes the
 * named ones: this does the same in one pass, keeping the key order. Anything else (a deep path
 * such as "a.b" or "a[0]", another kind of object) goes to lodash's own omit, loaded on first use.
 * test/unit/lodashStandInsMatchLodash.test.ts runs both on the same inputs.
 */

let lodashOmit;

/** A key lodash would read as a path of more than one step. */
const PATH_SYNTAX = /[.[\]]/;

function isPlainObject(value) {
  if (typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function plainKeys(paths) {
  const keys = [];
  for (const path of paths) {
    for (const key of Array.isArray(path) ? path : [path]) {
      if (typeof key === "symbol") keys.push(key);
      else if (typeof key === "string" && !PATH_SYNTAX.test(key)) keys.push(key);
      else return undefined;
    }
  }
  return keys;
}

function omit(object, ...paths) {
  if (object == null) return {};
  const keys = plainKeys(paths);
  if (keys === undefined || !isPlainObject(object)) {
    lodashOmit ??= require("lodash/omit.js");
    return lodashOmit(object, ...paths);
  }
  const result = {};
  const dropped = new Set(keys);
  for (const key in object) {
    if (dropped.has(key)) continue;
    if (key === "__proto__") {
      Object.defineProperty(result, key, {
        configurable: true,
        enumerable: true,
        value: object[key],
        writable: true,
      });
    } else {
      result[key] = object[key];
    }
  }
  for (const symbol of Object.getOwnPropertySymbols(object)) {
    if (!dropped.has(symbol) && Object.prototype.propertyIsEnumerable.call(object, symbol)) {
      result[symbol] = object[symbol];
    }
  }
  return result;
}

module.exports = omit;

/**
 * Stands in for lodash/camelCase in the bundle (webpack.config.js aliases it): the same function,
 * loaded on its first call. Spectral imports it for action "perform safety" names, which no
 * action here sets, and lodash builds its Unicode word patterns when the module loads: ~1% of
 * the bundle's cold-load instructions.
 */

let camelCase;

module.exports = function deferredCamelCase(...args) {
  camelCase ??= require("lodash/camelCase.js");
  return camelCase.apply(this, args);
};

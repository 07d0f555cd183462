/**
 * Stands in for lodash/snakeCase in the bundle (webpack.config.js aliases it): the same function,
 * loaded on its first call. Spectral imports it for action "perform safety" names, which no
 * action here sets, and lodash builds its Unicode word patterns when the module loads: ~1% of
 * the bundle's cold-load instructions.
 */

let snakeCase;

module.exports = function deferredSnakeCase(...args) {
  snakeCase ??= require("lodash/snakeCase.js");
  return snakeCase.apply(this, args);
};

// The package's ES module entry: the CommonJS build's bindings, re-exported by name, so an
// `import` and a `require` share one copy of the module state (clients, caches, settings).
import cjs from "../build/package/cjs/index.js";

export default cjs.default;
export const { errorCode, localActions, localActionsWith, manifest } = cjs;

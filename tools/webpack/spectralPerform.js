/**
 * A webpack loader for @prismatic-io/spectral's dist/serverTypes/perform.js, the wrapper around
 * every action's perform that the platform calls on each invocation. Two small rewrites, each
 * the same function written for less work per call (BENCHMARKS.md has the measured cost):
 *
 * - `cleanParams` (runs each input's clean function) built its result with one `Object.assign`
 *   copy of the whole object per key, after lodash's `uniq` of the key list: n(n+1)/2 property
 *   copies for n inputs. Linear here: the same keys in the same order (the params' own
 *   enumerable keys, then the cleaners' other keys), each cleaned once, in that order, by the
 *   same lookups. (A key "__proto__" becomes an own property instead of the result's prototype.)
 *   Indexed loops, and "not yet in the result" tested with Object.hasOwn (the result holds exactly
 *   the params' own enumerable keys by then), because this runs once per call, unoptimised.
 * - `createPerform` ran as a generator through TypeScript's `__awaiter` (spectral is compiled for
 *   ES2015); here it is the native async function TypeScript emits for ES2017 and later, with
 *   the same statements, except that the action's context is copied with an object spread (one
 *   copy V8 makes at once) instead of two `Object.assign` calls: the same own keys in the same
 *   order, the same getters run, and then debug and invokeFlow made. (A context key "__proto__"
 *   becomes an own property instead of the copy's prototype.)
 *
 * The build fails if spectral's text differs from what is replaced (a spectral update), so a
 * rewrite is never applied to code it was not checked against; test/unit/spectralPerform.test.ts
 * runs both versions of each on the same inputs.
 */

const CLEAN_PARAMS = {
  name: "cleanParams",
  original: `const cleanParams = (params, cleaners) => {
    const keys = (0, uniq_1.default)([...Object.keys(params), ...Object.keys(cleaners)]);
    return keys.reduce((result, key) => {
        const value = params[key];
        const cleanFn = cleaners[key];
        return Object.assign(Object.assign({}, result), { [key]: cleanFn ? cleanFn(value) : value });
    }, {});
};`,
  replacement: `const cleanParams = (params, cleaners) => {
    const result = {};
    const put = (key) => {
        const value = params[key];
        const cleanFn = cleaners[key];
        const cleaned = cleanFn ? cleanFn(value) : value;
        if (key === "__proto__") Object.defineProperty(result, key, { value: cleaned, writable: true, enumerable: true, configurable: true });
        else result[key] = cleaned;
    };
    const given = Object.keys(params);
    for (let i = 0; i < given.length; i++) put(given[i]);
    const cleaned = Object.keys(cleaners);
    for (let i = 0; i < cleaned.length; i++) {
        if (!Object.hasOwn(result, cleaned[i])) put(cleaned[i]);
    }
    return result;
};`,
};

const PERFORM_BODY = `
        try {
            if (args.length === 1) {
                const [params] = args;
                return YIELD performFn((0, exports.cleanParams)(params, inputCleaners));
            }
            if (args.length === 2) {
                const [context, params] = args;
                const actionContext = Object.assign(Object.assign({}, context), { debug: (0, context_1.createDebugContext)(context), invokeFlow: (0, context_1.createInvokeFlow)(context) });
                const result = YIELD performFn(actionContext, (0, exports.cleanParams)(params, inputCleaners));
                (0, context_1.logDebugResults)(actionContext);
                return result;
            }
            const [context, payload, params] = args;
            const actionContext = Object.assign(Object.assign({}, context), { debug: (0, context_1.createDebugContext)(context), invokeFlow: (0, context_1.createInvokeFlow)(context) });
            const result = YIELD performFn(actionContext, payload, (0, exports.cleanParams)(params, inputCleaners));
            (0, context_1.logDebugResults)(actionContext);
            return result;
        }
        catch (error) {
            throw errorHandler ? YIELD errorHandler(error) : error;
        }`;

/** The action's context: a copy of the platform's with spectral's debug and invokeFlow added. */
const CONTEXT_COPY =
  "Object.assign(Object.assign({}, context), { debug: (0, context_1.createDebugContext)(context), invokeFlow: (0, context_1.createInvokeFlow)(context) })";
const CONTEXT_SPREAD =
  "{ ...context, debug: (0, context_1.createDebugContext)(context), invokeFlow: (0, context_1.createInvokeFlow)(context) }";

// Both of createPerform's context copies are rewritten; a change of the text above must keep them.
if (PERFORM_BODY.split(CONTEXT_COPY).length !== 3) {
  throw new Error("spectralPerform.js: PERFORM_BODY no longer holds its two context copies.");
}

const CREATE_PERFORM = {
  name: "createPerform",
  original: `const createPerform = (performFn, { inputCleaners, errorHandler }) => {
    return (...args) => __awaiter(void 0, void 0, void 0, function* () {${PERFORM_BODY.replaceAll("YIELD", "yield")}
    });
};`,
  replacement: `const createPerform = (performFn, { inputCleaners, errorHandler }) => {
    return async (...args) => {${PERFORM_BODY.replaceAll("YIELD", "await").replaceAll(CONTEXT_COPY, CONTEXT_SPREAD)}
    };
};`,
};

const REWRITES = [CLEAN_PARAMS, CREATE_PERFORM];

/** Applies every rewrite to `source`; throws when an original text is missing or not unique. */
function rewritePerform(source) {
  let result = source;
  for (const { name, original, replacement } of REWRITES) {
    const at = result.indexOf(original);
    if (at < 0 || result.indexOf(original, at + 1) >= 0) {
      throw new Error(
        `spectral's serverTypes/perform.js no longer holds the ${name} this build rewrites: check tools/webpack/spectralPerform.js against the new version.`,
      );
    }
    result = result.slice(0, at) + replacement + result.slice(at + original.length);
  }
  return result;
}

module.exports = function spectralPerform(source) {
  return rewritePerform(source);
};
module.exports.rewritePerform = rewritePerform;
module.exports.REWRITES = REWRITES;

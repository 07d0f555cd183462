/**
 * Tests whose outcome cannot depend on the Node version, and that take long: the TypeScript
 * compiler's checks, the benchmark tool's quick run, the largest sizes (whose streams and HTTP
 * paths smaller tests also run). CI runs the suite on Node 22, the platform's runtime, then its
 * runtime and integration projects again on Node 20, the oldest runtime the npm package
 * supports; the second run sets SKIP_RUNTIME_NEUTRAL_TESTS=1 (.ci/run), so these run once and
 * show as skipped there. `npm test` runs them, whatever the runtime.
 */

/** True in a run that leaves the runtime-neutral tests to another runtime's run. */
const skipRuntimeNeutral = process.env.SKIP_RUNTIME_NEUTRAL_TESTS === "1";

/** `it`, or `it.skip` in a run that leaves runtime-neutral tests to another runtime's. */
export const itRuntimeNeutral: jest.It = skipRuntimeNeutral ? it.skip : it;

/** `describe`, or `describe.skip` in a run that leaves runtime-neutral tests to another's. */
export const describeRuntimeNeutral: jest.Describe = skipRuntimeNeutral ? describe.skip : describe;

/**
 * Three projects: `unit` (mocked SDK, no engine: the connector's own logic), `runtime` (mocked
 * SDK or loopback servers, measuring what Node itself does under the connector: memory,
 * event-loop delay, timers and time bounds, sockets, streams, child processes, module loading)
 * and `integration` (a real DynamoDB Local started once by globalSetup). CI runs all three on
 * Node 22, the platform's runtime, and `runtime` and `integration` again on Node 20 (.ci/run):
 * `unit` tests pure JavaScript, which the type check keeps to what Node 20 has (lib ES2022,
 * @types/node 20). Type checking is `npm run typecheck`; here TypeScript is only transpiled,
 * which keeps test start-up fast.
 */
// The AWS SDK prints a 10-line NodeVersionSupportWarning on Node 20 in every worker; this is the
// switch it reads to stay quiet (README "Node versions" says what the warning announces). Set
// here, in the parent, so every worker and child process inherits it; other warnings still show.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const transform = {
  "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true } }],
};

/** @type {import('jest').Config} */
module.exports = {
  // The machine has 2 cores; more workers only compete with the Java engine.
  maxWorkers: 2,
  // A worker's heap grew past 1 GB over the unit suites, and collecting it ran on the thread that
  // times the runtime tests (one stretch of 412 ms against a 400 ms bound); a worker past this
  // is replaced after its current file.
  workerIdleMemoryLimit: "700MB",
  // Quiet: no line per passing file, only each failure in full and the totals
  // (`npx jest --reporters=default <file>` lists each file and test).
  reporters: [["summary", { summaryThreshold: 0 }]],
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform,
      testMatch: ["<rootDir>/test/unit/**/*.test.ts"],
      setupFilesAfterEnv: ["aws-sdk-client-mock-jest", "<rootDir>/test/unit/setup.ts"],
    },
    {
      displayName: "runtime",
      testEnvironment: "node",
      transform,
      testMatch: ["<rootDir>/test/runtime/**/*.test.ts"],
      setupFilesAfterEnv: ["aws-sdk-client-mock-jest", "<rootDir>/test/unit/setup.ts"],
    },
    {
      displayName: "integration",
      testEnvironment: "node",
      transform,
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      globalSetup: "<rootDir>/test/integration/globalSetup.ts",
      globalTeardown: "<rootDir>/test/integration/globalTeardown.ts",
      // setup.ts sets the 120 s test timeout (a per-project `testTimeout` is ignored by Jest).
      setupFilesAfterEnv: ["aws-sdk-client-mock-jest", "<rootDir>/test/integration/setup.ts"],
    },
  ],
};

/**
 * Tests print no AWS SDK NodeVersionSupportWarning: jest.config.js sets the SDK's own switch for
 * it, which every worker and child process inherits. Other warnings still reach the output.
 */
import { spawnSync } from "node:child_process";

const CREATE_CLIENT = `
  const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
  new DynamoDBClient({ region: "us-east-1" });
  process.emitWarning("another warning");
`;

it("a process started by the tests creates an SDK client without the Node version warning", () => {
  expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe("true");
  const run = spawnSync(process.execPath, ["-e", CREATE_CLIENT], { encoding: "utf8" });
  expect(run.status).toBe(0);
  expect(run.stderr).not.toContain("NodeVersionSupportWarning");
  expect(run.stderr).toContain("another warning");
});

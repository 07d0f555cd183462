/**
 * `localActionsWith({ logger, debug })` against DynamoDB Local: with debug on, the AWS SDK logs
 * each request of the step to the caller's logger (as a step in debug mode logs on the platform);
 * without it, the same call logs nothing.
 */
import { localActionsWith } from "../../src/index";
import { LOCAL_REGION, localConnection } from "../support/local";

function recorder() {
  const entries: unknown[] = [];
  const record = (...args: unknown[]) => {
    entries.push(...args);
  };
  return { entries, logger: { debug: record, info: record, warn: record, error: record } };
}

const where = () => ({ awsConnection: localConnection(), awsRegion: LOCAL_REGION, limit: 1 });

it("logs each AWS request to the caller's logger in debug mode", async () => {
  const { entries, logger } = recorder();

  await localActionsWith({ logger, debug: true }).listTables(where());

  expect(entries).toContainEqual(expect.objectContaining({ commandName: "ListTablesCommand" }));
});

it("logs nothing without debug mode", async () => {
  const { entries, logger } = recorder();

  await localActionsWith({ logger }).listTables(where());

  expect(entries).toEqual([]);
});

/**
 * Test output is the runner's summary and failures: what a step logs through spectral's test
 * contexts is recorded by its logger and printed only with DEBUG (test/support/quiet.ts).
 */
import { BatchWriteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { testing } from "@prismatic-io/spectral";
import { mockClient } from "aws-sdk-client-mock";
import { customersTable } from "../support/fixtures";
import { harness, keySecretConnection, resetCaches } from "../support/harness";
import { SHOW_DEBUG_OUTPUT } from "../support/quiet";

const ddbMock = mockClient(DynamoDBClient);
const printed = ["log", "info", "debug", "warn", "error"] as const;

beforeEach(() => {
  resetCaches();
  ddbMock.reset();
  for (const method of printed) jest.spyOn(console, method);
});

afterEach(() => jest.restoreAllMocks());

function expectNothingPrinted(): void {
  for (const method of printed) expect(console[method]).not.toHaveBeenCalled();
}

(SHOW_DEBUG_OUTPUT ? it.skip : it)(
  "a step's log is recorded by its logger, not printed",
  async () => {
    const { loggerMock } = await testing.invoke(
      {
        perform: async (context: { logger: { info(message: string): void } }) => {
          context.logger.info("Import Items: 1 rows checked, 1 to write.");
          return { data: null };
        },
      } as never,
      {},
    );
    expect(loggerMock.info).toHaveBeenCalledWith("Import Items: 1 rows checked, 1 to write.");
    expectNothingPrinted();
  },
);

(SHOW_DEBUG_OUTPUT ? it.skip : it)(
  "Import Items through the harness prints no progress",
  async () => {
    ddbMock.onAnyCommand().resolves({ Table: customersTable() });
    ddbMock.on(BatchWriteItemCommand).resolves({});
    await harness.action("importItems", {
      awsConnection: keySecretConnection(),
      awsRegion: "us-east-1",
      tableName: "Customers",
      file: "customerId,customerName\n1,Ada\n",
    });
    expect(ddbMock.commandCalls(BatchWriteItemCommand)).toHaveLength(1);
    expectNothingPrinted();
  },
);

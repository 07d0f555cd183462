/**
 * Debug mode logs each AWS request to the caller's logger when the client is mocked too
 * (aws-sdk-client-mock answers without running the SDK's own logger): the client's and command's
 * names, the input and the answer or the error, as the SDK logs them, with the connection's
 * secrets redacted; without debug mode, nothing.
 */
import { DynamoDBServiceException, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateConnectionCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { getClients } from "../../src/aws/client";
import { localActionsWith } from "../../src/index";
import { mockCustomersTable } from "../support/customersMock";
import { CUSTOMER_KEY } from "../support/fixtures";
import { keySecretConnection, TEST_SECRET } from "../support/harness";
import { failure } from "../support/outcome";

const ddbMock = mockCustomersTable();

function recorder() {
  const entries: unknown[] = [];
  const record = (...args: unknown[]) => {
    entries.push(...args);
  };
  return { entries, logger: { debug: record, info: record, warn: record, error: record } };
}

const getItem = {
  awsConnection: keySecretConnection(),
  awsRegion: "us-east-1",
  tableName: "Customers",
  value: "1001",
  rangeKeyValue: "Ada",
};

it("logs a mocked request's input and answer in debug mode", async () => {
  ddbMock.on(GetItemCommand).resolves({ Item: CUSTOMER_KEY });
  const { entries, logger } = recorder();

  await localActionsWith({ logger, debug: true }).getItem(getItem);

  expect(entries).toContainEqual(
    expect.objectContaining({
      clientName: "DynamoDBClient",
      commandName: "GetItemCommand",
      input: expect.objectContaining({ TableName: "Customers", Key: CUSTOMER_KEY }),
      output: { Item: CUSTOMER_KEY },
    }),
  );
});

it("logs a mocked request's failure in debug mode, without the connection's secret", async () => {
  ddbMock.on(GetItemCommand).rejects(
    new DynamoDBServiceException({
      name: "InternalServerError",
      $fault: "server",
      $metadata: { httpStatusCode: 500 },
      message: `the server saw ${TEST_SECRET}`,
    }),
  );
  const { entries, logger } = recorder();

  await failure(localActionsWith({ logger, debug: true }).getItem(getItem));

  const logged = entries.find(
    (entry) => (entry as { commandName?: unknown }).commandName === "GetItemCommand",
  );
  expect(logged).toMatchObject({ clientName: "DynamoDBClient", error: expect.anything() });
  const message = String((logged as { error: { message?: unknown } }).error.message);
  expect(message).toContain("the server saw");
  expect(message).not.toContain(TEST_SECRET);
  expect(JSON.stringify(entries)).not.toContain(TEST_SECRET);
});

it("logs nothing without debug mode", async () => {
  ddbMock.on(GetItemCommand).resolves({ Item: CUSTOMER_KEY });
  const { entries, logger } = recorder();

  await localActionsWith({ logger }).getItem(getItem);

  expect(entries).toStrictEqual([]);
});

it("logs only the names of a mocked EventBridge request, whose input can hold a secret", async () => {
  const eventsMock = mockClient(EventBridgeClient);
  eventsMock.on(CreateConnectionCommand).resolves({ ConnectionArn: "arn:aws:events:c" });
  const { entries, logger } = recorder();
  try {
    const clients = getClients(keySecretConnection(), "us-east-1", { logger });
    const headerValue = "webhook-secret-value";
    await clients.events().send(
      new CreateConnectionCommand({
        Name: "c",
        AuthorizationType: "API_KEY",
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: "x-secret", ApiKeyValue: headerValue },
        },
      }),
    );
    expect(entries).toStrictEqual([
      {
        clientName: "EventBridgeClient",
        commandName: "CreateConnectionCommand",
        metadata: undefined,
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain(headerValue);
  } finally {
    eventsMock.restore();
  }
});

/**
 * The checks of a mocked answer (aws/mockedAnswers.ts) run only when a client's send was
 * replaced by a mock: an answer through the SDK's own send, here made by a middleware in place
 * of the network, is never walked, however it is shaped, so the checks cost a real request
 * nothing. The same answer from a mock is refused.
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { getClients } from "../../src/aws/client";
import * as mockedAnswers from "../../src/aws/mockedAnswers";
import { keySecretConnection, resetCaches } from "../support/harness";

/** An item of key 2, answering a request for key 1: what a mock's typo gives. */
const STRAY = { id: { S: "2" } };

/** A GetItem for key 1 that the SDK's pipeline answers with STRAY, nothing sent. */
function answeredInPlace(): GetItemCommand {
  const command = new GetItemCommand({ TableName: "Customers", Key: { id: { S: "1" } } });
  (command.middlewareStack as { add: (...args: unknown[]) => void }).add(
    () => async () => ({ output: { $metadata: {}, Item: STRAY } }),
    { step: "initialize", priority: "low", name: "answerInPlace" },
  );
  return command;
}

beforeEach(() => resetCaches());
afterEach(() => jest.restoreAllMocks());

it("an answer through the SDK's own send is not checked", async () => {
  const check = jest.spyOn(mockedAnswers, "checkMockedAnswer");
  const { dynamodb } = getClients(keySecretConnection(), "us-east-1");
  await expect(dynamodb.send(answeredInPlace())).resolves.toMatchObject({ Item: STRAY });
  expect(check).not.toHaveBeenCalled();
});

it("the same answer from a mock is checked, and refused", async () => {
  const mock = mockClient(DynamoDBClient);
  try {
    mock.on(GetItemCommand).resolves({ Item: STRAY });
    const check = jest.spyOn(mockedAnswers, "checkMockedAnswer");
    const { dynamodb } = getClients(keySecretConnection(), "us-east-1");
    const command = new GetItemCommand({ TableName: "Customers", Key: { id: { S: "1" } } });
    await expect(dynamodb.send(command)).rejects.toThrow(/GetItem's Item holds the key/);
    expect(check).toHaveBeenCalledTimes(1);
  } finally {
    mock.restore();
  }
});

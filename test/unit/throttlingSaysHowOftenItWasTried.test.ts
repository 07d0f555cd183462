/**
 * A throttling failure says how often the request was tried, from the attempt count the AWS SDK's
 * retry loop sets on the error: "retries were exhausted" only when there were retries. With Max
 * Attempts 1 the request was tried once; a mocked client's rejection never goes through the
 * SDK's retry loop, and a test's author must not go looking for retries that never ran.
 */
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { harness, resetCaches, tableStepParams } from "../support/harness";
import { HASH_ONLY } from "./corpus/model";

const ddbMock = mockClient(DynamoDBClient);

const THROTTLES = [
  ["ProvisionedThroughputExceededException", ProvisionedThroughputExceededException],
  ["ThrottlingException", ThrottlingException],
  ["RequestLimitExceeded", RequestLimitExceeded],
] as const;

/** The message of Get Item failing with `Exception`, its $metadata as given. */
async function messageOf(
  Exception: (typeof THROTTLES)[number][1],
  $metadata: Record<string, unknown>,
): Promise<string> {
  resetCaches();
  ddbMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({ Table: HASH_ONLY });
  ddbMock.on(GetItemCommand).rejects(new Exception({ message: "Slow down", $metadata }));
  const step = harness.action("getItem", { ...tableStepParams(), value: "1" });
  await expect(step).rejects.toThrow();
  return step.catch((error: Error) => error.message) as Promise<string>;
}

describe.each(THROTTLES)("%s", (name, Exception) => {
  it("says the retries were exhausted, and how many attempts there were", async () => {
    const message = await messageOf(Exception, { attempts: 4 });
    expect(message).toContain(`${name}: Slow down.`);
    expect(message).toContain("retries were exhausted (4 attempts)");
  });

  it("says it was tried once, not that retries were exhausted, after one attempt", async () => {
    const message = await messageOf(Exception, { attempts: 1 });
    expect(message).toContain("it was tried once, not retried");
    expect(message).not.toContain("retries were exhausted");
  });

  it("says a mocked rejection was not retried", async () => {
    const message = await messageOf(Exception, {});
    expect(message).toContain("it was not retried");
    expect(message).toContain("aws-sdk-client-mock skips the AWS SDK's retries");
    expect(message).not.toContain("retries were exhausted");
  });
});

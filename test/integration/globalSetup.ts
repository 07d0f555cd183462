/**
 * Starts one DynamoDB Local for the whole integration run. Jest runs this in the parent process,
 * so DYNAMODB_ENDPOINT set here is inherited by every worker.
 */
import { type DynamoLocalHandle, startDynamoLocal } from "../../tools/dynamoLocal";

declare global {
  var __DYNAMO_LOCAL__: DynamoLocalHandle | undefined;
}

export default async function globalSetup(): Promise<void> {
  // A user-provided engine is used as is, and left running.
  if (process.env.DYNAMODB_ENDPOINT) return;
  const engine = await startDynamoLocal({ sharedDb: false });
  globalThis.__DYNAMO_LOCAL__ = engine;
  process.env.DYNAMODB_ENDPOINT = engine.endpoint;
}

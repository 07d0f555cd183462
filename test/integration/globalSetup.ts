/**
 * Builds dist/index.js if it is stale, and starts one DynamoDB Local for the whole integration
 * run. Jest runs this in the parent process, so DYNAMODB_ENDPOINT set here is inherited by every
 * worker.
 */
import { type DynamoLocalHandle, startDynamoLocal } from "../../tools/dynamoLocal";
import { ensureFreshBundle } from "../support/bundle";

declare global {
  var __DYNAMO_LOCAL__: DynamoLocalHandle | undefined;
}

export default async function globalSetup(): Promise<void> {
  // Fault, eviction and secrets tests also run the built bundle: build it once if it is stale.
  ensureFreshBundle();
  // A user-provided engine is used as is, and left running.
  if (process.env.DYNAMODB_ENDPOINT) return;
  const engine = await startDynamoLocal({ sharedDb: false });
  globalThis.__DYNAMO_LOCAL__ = engine;
  process.env.DYNAMODB_ENDPOINT = engine.endpoint;
}

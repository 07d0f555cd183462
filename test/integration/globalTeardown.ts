/** Stops the DynamoDB Local started by globalSetup (if it started one). */

export default async function globalTeardown(): Promise<void> {
  const engine = globalThis.__DYNAMO_LOCAL__;
  if (!engine) return;
  globalThis.__DYNAMO_LOCAL__ = undefined;
  delete process.env.DYNAMODB_ENDPOINT;
  await engine.stop();
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error("expected the action to fail, but it succeeded");
  return outcome;
}

/**
 * The error `run` throws or rejects with, its own properties (code, label, ...) readable; fails
 * the test when it succeeds. For calls that may throw before they return a promise.
 */
export async function thrown(run: () => unknown): Promise<Error & Record<string, unknown>> {
  try {
    await run();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("the call succeeded");
}

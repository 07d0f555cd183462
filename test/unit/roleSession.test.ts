/**
 * An assumed role's session (src/aws/roleSession.ts) with AssumeRole replaced by a counting fake:
 * how long credentials are reused, that concurrent requests share one AssumeRole, that expired
 * credentials are refused, and which credentials `expire` drops.
 */
import { ConnectionError } from "@prismatic-io/spectral";
import { RoleSession } from "../../src/aws/roleSession";
import { assumeRoleConnection } from "../support/harness";

const ROLE = "arn:aws:iam::123456789012:role/IntegrationRole";

/** A session whose AssumeRole hands out credentials lasting `lifeMs` (one entry per call, the last repeats). */
function session(...lifeMs: number[]) {
  const calls: number[] = [];
  const issued: string[] = [];
  const assume = async () => {
    calls.push(Date.now());
    const life = lifeMs[Math.min(calls.length - 1, lifeMs.length - 1)] as number;
    return {
      accessKeyId: "ASIATEMP",
      secretAccessKey: `temporary-secret-${calls.length}`,
      sessionToken: `token-${calls.length}`,
      expiration: new Date(Date.now() + life),
    };
  };
  const role = new RoleSession(
    assume as never,
    { connection: assumeRoleConnection(), region: "us-east-1", roleArn: ROLE },
    (identity) => issued.push(identity.sessionToken ?? ""),
  );
  return { role, calls, issued };
}

afterEach(() => jest.useRealTimers());

describe("RoleSession", () => {
  it("is marked memoized, so that the SDK does not wrap it in its 5-minute cache", () => {
    expect(session(3_600_000).role.provider.memoized).toBe(true);
  });

  it("reuses a 10 s session for 7.5 s, then renews it once", async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const { role, calls } = session(10_000);
    const first = await role.credentials();
    for (let i = 0; i < 100; i++) expect(await role.credentials()).toBe(first);
    jest.setSystemTime(Date.now() + 7_400);
    expect(await role.credentials()).toBe(first);
    expect(calls).toHaveLength(1);
    jest.setSystemTime(Date.now() + 200);
    expect((await role.credentials()).sessionToken).toBe("token-2");
    expect(calls).toHaveLength(2);
  });

  it("renews an hour's session 5 minutes before it expires", async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const { role, calls } = session(3_600_000);
    await role.credentials();
    jest.setSystemTime(Date.now() + 54 * 60_000);
    await role.credentials();
    expect(calls).toHaveLength(1);
    jest.setSystemTime(Date.now() + 61_000);
    await role.credentials();
    expect(calls).toHaveLength(2);
  });

  it("shares one AssumeRole among requests waiting at once", async () => {
    const { role, calls } = session(3_600_000);
    const all = await Promise.all(Array.from({ length: 50 }, () => role.credentials()));
    expect(new Set(all).size).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it("refuses credentials that arrive already expired, naming the role, and remembers them for redaction", async () => {
    const { role, issued } = session(-1_000);
    const error = await role.credentials().then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error?.message).toContain(`AssumeRole for role ${ROLE}`);
    expect(error?.message).toContain("already past");
    expect(issued).toEqual(["token-1"]);
  });

  it("expire drops only the credentials AWS refused: a renewed session stays", async () => {
    const { role, calls } = session(3_600_000);
    const refused = await role.credentials();
    role.expire(refused);
    const renewed = await role.credentials();
    expect(renewed).not.toBe(refused);
    // A second request refused with the old credentials does not renew again.
    role.expire(refused);
    expect(await role.credentials()).toBe(renewed);
    expect(calls).toHaveLength(2);
    expect(role.age(refused)).toBe(Number.POSITIVE_INFINITY);
    expect(role.age(renewed)).toBeLessThan(1_000);
  });
});

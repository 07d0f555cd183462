/**
 * The session of an AWS Role ARN connection: the temporary credentials STS handed out, kept for
 * their life and shared by a cached entry's clients (DynamoDB and DynamoDB Streams).
 */
import type { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { assumeRoleError, expiredSessionError, type RoleContext } from "./errors";

type AssumeRole = ReturnType<typeof fromTemporaryCredentials>;
type Identity = Awaited<ReturnType<AssumeRole>>;
type IdentityProperties = Parameters<AssumeRole>[0];

/**
 * Credentials are renewed this long before they expire: the SDK's own window (@smithy/core's
 * EXPIRATION_MS), so that no request is signed with credentials about to lapse.
 */
const REFRESH_WINDOW_MS = 5 * 60_000;
/**
 * Credentials that last less than this from STS's answer count as already expired: a request
 * signed with them could not reach AWS in time.
 */
const MIN_USABLE_MS = 1_000;
/** Short credentials are used for their life minus this share of it (a 10 s session: 7.5 s). */
const SHORT_SESSION_MARGIN = 0.25;

/**
 * One role's session for one cached client entry: at most one AssumeRole call in flight (every
 * request waiting for credentials shares it), and the credentials reused until
 * REFRESH_WINDOW_MS before they expire, or, for a session shorter than four windows, until a
 * quarter of its life is left. Credentials already expired on arrival are refused with a
 * ConnectionError naming the role. `expire` drops credentials that AWS refused.
 */
export class RoleSession {
  private current: { identity: Identity; issuedAt: number; renewAt: number } | undefined;
  private pending: Promise<Identity> | undefined;
  private obtained = false;

  /**
   * The credential provider for the clients, marked memoized: the SDK then uses it as it is,
   * rather than wrapping it in its own cache, whose 5-minute window would call STS for every
   * request of a session shorter than that.
   */
  readonly provider: ((properties?: IdentityProperties) => Promise<Identity>) & {
    memoized: true;
  };

  constructor(
    private readonly assume: AssumeRole,
    private readonly context: RoleContext,
    /** Told of every credential set STS hands out, before it is used (for redaction). */
    private readonly onIssued: (identity: Identity) => void,
  ) {
    this.provider = Object.assign(
      (properties?: IdentityProperties) => this.credentials(properties),
      {
        memoized: true as const,
      },
    );
  }

  /** The current credentials, or the ones the AssumeRole call in flight (or a new one) brings. */
  credentials(properties?: IdentityProperties): Promise<Identity> {
    const current = this.current;
    if (current && Date.now() < current.renewAt) return Promise.resolve(current.identity);
    this.pending ??= this.assumeRole(properties).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * Drops the credentials `used` (those AWS refused), so that the next request assumes the role
   * again; a no-op when they were renewed meanwhile. Unknown `used` drops the current ones.
   */
  expire(used: unknown): void {
    if (used === undefined || this.current?.identity === used) this.current = undefined;
  }

  /** How long ago (ms) the credentials `used` were handed out; Infinity if not the current ones. */
  age(used: unknown): number {
    const current = this.current;
    return current && (used === undefined || current.identity === used)
      ? Date.now() - current.issuedAt
      : Number.POSITIVE_INFINITY;
  }

  private async assumeRole(properties?: IdentityProperties): Promise<Identity> {
    let identity: Identity;
    try {
      identity = await this.assume(properties);
    } catch (error) {
      throw assumeRoleError(error, { ...this.context, renewing: this.obtained });
    }
    // Redacted from now on, even if refused below: an endpoint could still echo them.
    this.onIssued(identity);
    const now = Date.now();
    const expiration = identity.expiration?.getTime();
    if (identity.expiration && expiration !== undefined && expiration - now < MIN_USABLE_MS) {
      throw expiredSessionError(this.context, identity.expiration);
    }
    this.obtained = true;
    const margin =
      expiration === undefined
        ? 0
        : Math.min(REFRESH_WINDOW_MS, (expiration - now) * SHORT_SESSION_MARGIN);
    this.current = {
      identity,
      issuedAt: now,
      renewAt: expiration === undefined ? Number.POSITIVE_INFINITY : expiration - margin,
    };
    return identity;
  }
}

import { createHash } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { PipesClient } from "@aws-sdk/client-pipes";
import type { Connection } from "@prismatic-io/spectral";
import { withFastProperties } from "../common/fastProperties";
import { printable, withoutTrailing } from "../common/text";
import { cut, InputError } from "../errors/inputError";
import { ROLE_ARN_PATTERN } from "../inputs/pipes";
import { primitiveText } from "../inputs/scalars";
import { DeadlineHttpHandler, MAX_ANSWER_BYTES } from "./attemptDeadline";
import {
  commandOperation,
  connectionError,
  isClockSkewError,
  isCredentialError,
  markRefusedAfterRenewal,
  markResentAfterLostAnswer,
  mayHaveBeenApplied,
  noAnswerError,
  noteFailedRequest,
  operationOf,
  sessionRefusal,
} from "./errors";
import { checkMockedAnswer } from "./mockedAnswers";
import {
  bindIssuedSecrets,
  connectionSecrets,
  endpointUserinfo,
  redactDeep,
  rememberIssuedSecrets,
} from "./redaction";
import { RoleSession } from "./roleSession";
import { credentialProvidersSdk, eventBridgeSdk, pipesSdk, streamsSdk } from "./sdkModules";

/** The SDK's logger shape; the platform's context.logger fits it. */
export interface Logger {
  debug: (...content: unknown[]) => void;
  info: (...content: unknown[]) => void;
  warn: (...content: unknown[]) => void;
  error: (...content: unknown[]) => void;
}

/** Connection keys, as the marketplace knows them. */
export const API_KEY_SECRET = "apiKeySecret";
export const ASSUME_ROLE = "awsAssumeRole";

/**
 * How long opening a connection, and one attempt in all (from sending the request to the last
 * byte of the answer), may take before the SDK gives up on the attempt (and retries). STS calls
 * get the same limits.
 */
export const CONNECTION_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** Attempts per request when Max Attempts is blank: the SDK's defaults, pinned (see pinnedConfig). */
export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_STS_MAX_ATTEMPTS = 3;
/**
 * Assumed-role sessions last an hour unless the connection's Session Duration says otherwise,
 * within STS's bounds (DurationSeconds: 900 to 43,200); they are renewed before they expire.
 */
const ROLE_SESSION_SECONDS = 3600;
const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 43_200;
/** The Role Session Name when the connection gives none. */
const DEFAULT_ROLE_SESSION_NAME = "prismatic-aws-dynamodb";
/** STS's rule for RoleSessionName: 2 to 64 of letters, digits and _+=,.@- (API_AssumeRole). */
const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
/** Enough for the distinct connections and regions one process serves, small enough to bound sockets. */
const MAX_CACHED_CLIENTS = 32;

export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface ClientOptions {
  /** Total attempts per request, first try included (the SDK's standard retry strategy). */
  maxAttempts?: number;
  /**
   * Where the SDK logs each request of this invocation (pass context.logger when
   * context.debug.enabled). Not part of the cache key: the cached client is shared, and the
   * logger is attached to each request, so concurrent invocations never log into each other.
   */
  logger?: Logger;
}

/** The part of the platform's context that decides how an invocation's requests are logged. */
export interface InvocationContext {
  debug?: { enabled?: boolean };
  logger?: Logger;
}

/**
 * The client options of one invocation: its Max Attempts (actions that offer it), and its logger
 * when the step runs with debug on, so that the SDK's request log lands in the step's log.
 */
export function invocationOptions(
  context: InvocationContext | undefined,
  maxAttempts?: number,
): ClientOptions {
  return {
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(context?.debug?.enabled && context.logger ? { logger: context.logger } : {}),
  };
}

/**
 * The timeouts of clients built from now on, in ms: connectionTimeoutMs to open a connection,
 * requestTimeoutMs for one whole attempt (send to last byte). Tests lower them; code reads them
 * per new client.
 */
export const clientSettings = {
  connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  /**
   * Tests only: the STS endpoint of AWS Role ARN connections without an STS Endpoint URL (a fake
   * STS on loopback). Undefined (always in production) means the connection's STS Endpoint URL,
   * or else AWS's own regional STS endpoint.
   */
  stsEndpoint: undefined as string | undefined,
  /** The largest answer body accepted, in bytes (attemptDeadline.ts). */
  maxAnswerBytes: MAX_ANSWER_BYTES,
  /**
   * Tests only: the endpoints of the EventBridge Pipes and EventBridge clients (a loopback fake).
   * Undefined (always in production) means AWS's own regional endpoints: a connection's Endpoint
   * URL is DynamoDB's (and its streams'), never theirs.
   */
  pipesEndpoint: undefined as string | undefined,
  eventsEndpoint: undefined as string | undefined,
};

export function resetClientSettings(): void {
  clientSettings.connectionTimeoutMs = CONNECTION_TIMEOUT_MS;
  clientSettings.requestTimeoutMs = REQUEST_TIMEOUT_MS;
  clientSettings.maxAnswerBytes = MAX_ANSWER_BYTES;
}

/** What every action needs to talk to DynamoDB, resolved once per connection and region. */
export interface AwsClients {
  dynamodb: DynamoDBClient;
  streams: () => DynamoDBStreamsClient;
  /** EventBridge Pipes (the instant trigger's pipe), built on first use. */
  pipes: () => PipesClient;
  /** EventBridge (the instant trigger's connection and API destination), built on first use. */
  events: () => EventBridgeClient;
  region: string;
  /** Identifies this (connection, region, options): safe to use as a cache key, holds no secret. */
  cacheKey: string;
}

/** Every kind of client an entry holds. */
type AnyClient = DynamoDBClient | DynamoDBStreamsClient | PipesClient | EventBridgeClient;

interface CacheEntry extends AwsClients {
  streamsClient?: DynamoDBStreamsClient;
  pipesClient?: PipesClient;
  eventsClient?: EventBridgeClient;
  /**
   * Holds the temporary secrets this entry's role credentials obtained (aws/redaction.ts): they are
   * redacted for as long as anything references it (this entry, its clients' credential
   * provider, the connection object of every step that used it).
   */
  issuedSecrets: object;
  /** An AWS Role ARN connection's session, shared by the entry's clients. */
  session?: RoleSession;
  /** Requests of this entry's clients that have been sent and not yet ended. */
  inFlight: number;
  /** Dropped from the cache: its clients are closed when its last request ends. */
  evicted: boolean;
}

const cache = new Map<string, CacheEntry>();
/** The key of the entry used last (the newest in the LRU order), which a warm call need not move. */
let newestKey: string | undefined;

/** A connection field or input as text; a non-primitive (object, list) is not text: "". */
function text(value: unknown): string {
  return primitiveText(value)?.trim() ?? "";
}

function requireField(connection: Connection, key: string, label: string): string {
  const raw = Object.hasOwn(connection.fields ?? {}, key) ? connection.fields[key] : undefined;
  const value = text(raw);
  if (!value) {
    const problem =
      raw !== undefined && raw !== null && primitiveText(raw) === undefined
        ? "must be text"
        : "is required but is empty";
    throw connectionError(connection, `The connection's ${label} ${problem}.`);
  }
  requireHeaderSafe(connection, value, label);
  return value;
}

/**
 * Printable ASCII without spaces: what AWS credentials are made of, and what can travel in the
 * HTTP headers that carry them (Authorization, X-Amz-Security-Token); anything else would end in
 * Node's "Invalid character in header content" TypeError, or a signature AWS cannot match.
 */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Refuses a credential field that could not be sent, naming it but never showing its value. */
function requireHeaderSafe(connection: Connection, value: string, label: string): void {
  if (HEADER_SAFE.test(value)) return;
  throw connectionError(
    connection,
    `The connection's ${label} holds a character that AWS credentials never contain (a space, line break, or a letter outside ASCII such as an accented one or a typographic dash). Copy it again from the AWS console, whole and without extra characters.`,
  );
}

/**
 * AWS's pattern for an External ID (sts:AssumeRole, 2 to 1,224 characters of letters, digits and
 * +=,.@:/-), checked before STS is asked: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

function optionalExternalId(connection: Connection): string {
  const externalId = text(connection.fields.externalId);
  if (externalId && !EXTERNAL_ID_PATTERN.test(externalId)) {
    throw connectionError(
      connection,
      "The connection's External ID is not one AWS accepts: 2 to 1,224 characters, each a letter, a digit or one of +=,.@:/- (no spaces).",
    );
  }
  return externalId;
}

/** The connection's Role Session Name, checked by STS's rule; blank: prismatic-aws-dynamodb. */
function roleSessionName(connection: Connection): string {
  const name = text(connection.fields.roleSessionName);
  if (!name) return DEFAULT_ROLE_SESSION_NAME;
  if (!ROLE_SESSION_NAME_PATTERN.test(name)) {
    throw connectionError(
      connection,
      `The connection's Role Session Name "${printable(cut(name))}" is not one STS accepts: 2 to 64 characters, each a letter, a digit or one of _+=,.@- (no spaces).`,
    );
  }
  return name;
}

/** The connection's Session Duration in seconds (900 to 43,200); blank: 3,600. */
function sessionDuration(connection: Connection): number {
  const raw = text(connection.fields.sessionDuration);
  if (!raw) return ROLE_SESSION_SECONDS;
  const seconds = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= MIN_SESSION_SECONDS && seconds <= MAX_SESSION_SECONDS)) {
    throw connectionError(
      connection,
      `The connection's Session Duration "${printable(cut(raw))}" is not a whole number of seconds from 900 (15 minutes) to 43,200 (12 hours). Leave it blank for 3,600 (one hour).`,
    );
  }
  return seconds;
}

/**
 * Validates an optional Endpoint URL: blank means AWS's own endpoint for the region. Refuses a
 * URL with a control character (a line break would reach messages and logs; URL parsing would
 * silently drop it), or with a user name or password (which the SDK would drop silently; they
 * are never echoed, and are redacted from every message).
 */
export function parseEndpoint(
  raw: unknown,
  onError: (message: string) => Error,
  service: EndpointService = DYNAMODB_ENDPOINT,
): string | undefined {
  const value = text(raw);
  if (!value) return undefined;
  const { label, example } = service;
  if (printable(value) !== value) {
    throw onError(
      `${label} holds a control character (such as a line break or a tab). Enter the URL on one line, such as ${example}.`,
    );
  }
  if (endpointUserinfo(value)) {
    throw onError(
      `${label} must not hold a user name or password (user:password@host): ${service.signed} requests are signed with the connection's keys and the endpoint never sees them. Remove the part before the @.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Text with an "@" may hold a password even when it is not a URL: it is not echoed.
    const shown = value.includes("@") ? "" : ` "${cut(value)}"`;
    throw onError(`${label}${shown} is not a URL. ${service.use}, or leave it blank.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw onError(`${label} must start with http:// or https://, not "${cut(url.protocol)}".`);
  }
  if (service.httpsOnly && url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw onError(
      `${label} must start with https:// (STS hands out credentials; http:// is only for a loopback host such as 127.0.0.1). Use a URL such as ${example}.`,
    );
  }
  return withoutTrailing(value, "/");
}

/** What an endpoint input's messages say: its label, an example, and its URL rule. */
interface EndpointService {
  label: string;
  example: string;
  /** Whose requests the connection's keys sign, for the user-name message. */
  signed: string;
  /** The sentence that says which URLs to use. */
  use: string;
  /** Only https://, except for a loopback host (tests). */
  httpsOnly?: boolean;
}

const DYNAMODB_ENDPOINT: EndpointService = {
  label: "Endpoint URL",
  example: "https://dynamodb.us-east-1.amazonaws.com",
  signed: "DynamoDB",
  use: "Use a full http(s) URL such as http://localhost:8000 or https://dynamodb.us-east-1.amazonaws.com",
};

/** The AWS Role ARN connection's STS Endpoint URL. */
const STS_ENDPOINT: EndpointService = {
  label: "STS Endpoint URL",
  example: "https://sts.us-east-1.amazonaws.com",
  signed: "STS",
  use: "Use a full https URL such as https://sts.us-east-1.amazonaws.com or a VPC endpoint of STS",
  httpsOnly: true,
};

/** localhost, 127.0.0.0/8 or ::1: a host on this machine. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Checks the AWS Region input; a blank region would otherwise surface as the SDK's "Region is missing". */
export function validateRegion(raw: unknown): string {
  const region = text(raw);
  if (!region) {
    throw new InputError(
      "AWS Region",
      "required",
      "AWS Region is required. Choose a region such as us-east-1 or eu-west-1.",
    );
  }
  if (!REGION_PATTERN.test(region)) {
    throw new InputError(
      "AWS Region",
      "invalidValue",
      `AWS Region "${printable(cut(region))}" is not a valid region code. Use a code such as us-east-1, eu-west-1 or ap-southeast-2.`,
    );
  }
  return region;
}

/**
 * The settings that the SDK would otherwise read from the process's environment or shared config
 * files (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE,
 * AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, AWS_ACCOUNT_ID_ENDPOINT_MODE, AWS_PROFILE and
 * the profile's endpoint_url, max_attempts, retry_mode, ...), pinned for every client: one
 * process serves many tenants, and where a request goes and how often it is tried must depend on
 * the connection and the step alone, as docs/guides/security.md says.
 */
function pinnedConfig(maxAttempts: number) {
  return {
    maxAttempts,
    retryMode: "standard",
    ignoreConfiguredEndpointUrls: true,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    // The SDK measures the clock difference from each answer's Date header and signs with AWS's
    // time (AWS_DISABLE_CLOCK_SKEW_CORRECTION would turn that off).
    disableClockSkewCorrection: false,
  } as const;
}

type Credentials = NonNullable<ConstructorParameters<typeof DynamoDBClient>[0]>["credentials"];

/** The credentials of a connection's clients, and the role session behind them if any. */
interface ConnectionCredentials {
  credentials: Credentials;
  session?: RoleSession;
}

/**
 * The credentials of `connection`'s clients: its access keys (and Session Token), or, for an AWS
 * Role ARN connection, a role session that assumes the role with them. Throws the connection's
 * error for a missing or malformed field, or an unknown connection type.
 */
function credentialsFor(
  connection: Connection,
  region: string,
  options: ClientOptions,
  issuedSecrets: object,
): ConnectionCredentials {
  const accessKeyId = requireField(connection, "accessKeyId", "Access Key ID");
  const secretAccessKey = requireField(connection, "secretAccessKey", "Secret Access Key");
  if (connection.key === ASSUME_ROLE) {
    return roleCredentials(connection, region, options, issuedSecrets, {
      accessKeyId,
      secretAccessKey,
    });
  }
  if (connection.key !== API_KEY_SECRET) {
    throw connectionError(
      connection,
      `Unknown connection type "${printable(cut(text(connection.key)))}". Use "Access Key and Secret" or "AWS Role ARN".`,
    );
  }
  const sessionToken = text(connection.fields.sessionToken);
  if (sessionToken) requireHeaderSafe(connection, sessionToken, "Session Token");
  return {
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  };
}

/** The connection's Role ARN, checked to look like one. */
function requireRoleArn(connection: Connection): string {
  const roleArn = requireField(connection, "roleARN", "Role ARN");
  if (!ROLE_ARN_PATTERN.test(roleArn)) {
    throw connectionError(
      connection,
      `The connection's Role ARN "${printable(cut(roleArn))}" is not a role ARN. It looks like arn:aws:iam::123456789012:role/RoleName.`,
    );
  }
  return roleArn;
}

/** The AssumeRole parameters of an AWS Role ARN connection, each checked by STS's rules. */
function assumeRoleParams(connection: Connection, roleArn: string) {
  const externalId = optionalExternalId(connection);
  return {
    RoleArn: roleArn,
    RoleSessionName: roleSessionName(connection),
    DurationSeconds: sessionDuration(connection),
    ...(externalId ? { ExternalId: externalId } : {}),
  };
}

/**
 * An AWS Role ARN connection's credentials: a RoleSession that assumes the role with the
 * connection's keys (`masterCredentials`) through STS, at the STS Endpoint URL when it gives one.
 */
function roleCredentials(
  connection: Connection,
  region: string,
  options: ClientOptions,
  issuedSecrets: object,
  masterCredentials: { accessKeyId: string; secretAccessKey: string },
): ConnectionCredentials {
  const roleArn = requireRoleArn(connection);
  const params = assumeRoleParams(connection, roleArn);
  const stsEndpoint =
    parseEndpoint(
      connection.fields.stsEndpoint,
      (message) => connectionError(connection, `The connection's ${message}`),
      STS_ENDPOINT,
    ) ?? clientSettings.stsEndpoint;
  // STS gets the same per-attempt deadline and Max Attempts as DynamoDB, on its own sockets.
  // The session (roleSession.ts) calls it once per session life, one call at a time.
  const assumeRole = credentialProvidersSdk().fromTemporaryCredentials({
    masterCredentials,
    params,
    clientConfig: {
      region,
      requestHandler: deadlineHandler(),
      ...pinnedConfig(options.maxAttempts ?? DEFAULT_STS_MAX_ATTEMPTS),
      // STS's legacy global endpoint (AWS_STS_REGIONAL_ENDPOINTS=legacy) is never used.
      useGlobalEndpoint: false,
      ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
    },
  });
  // The temporary secret and session token are secrets too: redacted from then on.
  const session = new RoleSession(assumeRole, { connection, region, roleArn }, (temporary) =>
    rememberIssuedSecrets(issuedSecrets, temporary),
  );
  return { credentials: session.provider, session };
}

/**
 * The digests cacheKeyFor made, by the text they digest: a warm call costs a lookup instead of a
 * SHA-256. Only in memory, like the clients' own credentials; bounded like the client cache.
 */
const digests = new Map<string, string>();

/**
 * The last connection identity cacheKeyFor read, with its digest: steps of one connection give the
 * same fields call after call, and comparing them costs far less than sorting and serialising
 * them. `fields` holds each own field's name and value, in their order.
 */
let lastIdentity:
  | { key: string; region: string; maxAttempts?: number; fields: unknown[]; digest: string }
  | undefined;

/**
 * The last digest, if `connection`, `region` and `options` read as the same identity: the same
 * field names in the same order, each value the same primitive or, on both sides, no primitive
 * (cacheKeyFor reads those as "" whatever they hold).
 */
function lastDigestFor(
  connection: Connection,
  region: string,
  options: ClientOptions,
): string | undefined {
  const last = lastIdentity;
  if (last === undefined || connection.key !== last.key || region !== last.region) return undefined;
  if (options.maxAttempts !== last.maxAttempts) return undefined;
  const fields = (connection.fields ?? {}) as Record<string, unknown>;
  const names = Object.keys(fields);
  if (names.length * 2 !== last.fields.length) return undefined;
  for (let index = 0; index < names.length; index++) {
    if (names[index] !== last.fields[2 * index]) return undefined;
    const value = fields[names[index]];
    const before = last.fields[2 * index + 1];
    const same =
      value === before ||
      (primitiveText(value) === undefined && primitiveText(before) === undefined);
    if (!same) return undefined;
  }
  return last.digest;
}

/** A digest of everything that makes a client different; two connections never share one. */
function cacheKeyFor(connection: Connection, region: string, options: ClientOptions): string {
  const known = lastDigestFor(connection, region, options);
  if (known !== undefined) return known;
  const fields = Object.keys(connection.fields ?? {})
    .sort()
    .map((key) => [key, text(connection.fields[key])]);
  const identity = JSON.stringify([connection.key, fields, region, options.maxAttempts ?? null]);
  let digest = digests.get(identity);
  if (digest === undefined) {
    digest = createHash("sha256").update(identity).digest("hex");
    digests.set(identity, digest);
    if (digests.size > MAX_CACHED_CLIENTS) digests.delete(digests.keys().next().value as string);
  }
  if (typeof connection.key === "string") {
    const own = (connection.fields ?? {}) as Record<string, unknown>;
    const snapshot = Object.keys(own).flatMap((name) => [name, own[name]]);
    const { maxAttempts } = options;
    lastIdentity = { key: connection.key, region, maxAttempts, fields: snapshot, digest };
  }
  return digest;
}

function remember(key: string, entry: CacheEntry): void {
  cache.set(key, entry);
  newestKey = key;
  while (cache.size > MAX_CACHED_CLIENTS) {
    const oldestKey = cache.keys().next().value as string;
    const oldest = cache.get(oldestKey);
    cache.delete(oldestKey);
    if (oldest) evict(oldest);
  }
}

/**
 * Drops an entry's clients: at once when no request is in flight, otherwise when its last one
 * ends. Closing a client aborts its open sockets, and the SDK would retry (and so repeat) a write
 * whose socket was aborted under it.
 */
function evict(entry: CacheEntry): void {
  entry.evicted = true;
  if (entry.inFlight === 0) closeClients(entry);
}

/**
 * Closes an entry's clients. Its temporary secrets stay known (aws/redaction.ts holds them weakly) for
 * as long as anything references the entry: a step still running with its clients, or the
 * connection object of a step that used it.
 */
function closeClients(entry: CacheEntry): void {
  entry.dynamodb.destroy();
  entry.streamsClient?.destroy();
  entry.pipesClient?.destroy();
  entry.eventsClient?.destroy();
}

/** The HTTP handler of every client: the SDK's, with a total deadline per attempt. */
function deadlineHandler(): DeadlineHttpHandler {
  return new DeadlineHttpHandler({
    connectionTimeoutMs: clientSettings.connectionTimeoutMs,
    attemptDeadlineMs: clientSettings.requestTimeoutMs,
    maxAnswerBytes: clientSettings.maxAnswerBytes,
  });
}

/**
 * The credential factory: the only place that builds AWS clients. Clients are cached per
 * (connection fields, region, options) so that a warm invocation reuses its keep-alive sockets
 * and its assumed-role credentials.
 */
export function getClients(
  connection: Connection | undefined,
  regionInput: unknown,
  options: ClientOptions = {},
): AwsClients {
  if (!connection || typeof connection !== "object" || !connection.fields) {
    throw new InputError(
      "Connection",
      "required",
      "Connection is required. Choose an Amazon DynamoDB connection for this step.",
    );
  }
  const region = validateRegion(regionInput);
  const key = cacheKeyFor(connection, region, options);
  let entry = cache.get(key);
  if (entry) {
    // Refresh its place in the LRU order, unless it is already the newest.
    if (key !== newestKey) {
      cache.delete(key);
      cache.set(key, entry);
      newestKey = key;
    }
  } else {
    entry = createEntry(connection, region, options, key);
    remember(key, entry);
  }
  // The step's connection object keeps the entry's temporary secrets known (and redacted) for
  // as long as the step runs, even if the entry is evicted meanwhile.
  bindIssuedSecrets(connection, entry.issuedSecrets);
  return options.logger ? withLogger(entry, redactingLogger(options.logger, connection)) : entry;
}

/**
 * What every client of an entry is built with: its region, credentials and pinned settings, and
 * its endpoint when it is not AWS's own.
 */
type ClientConfig = { region: string; credentials: Credentials; endpoint?: string } & ReturnType<
  typeof pinnedConfig
>;

/** Pipes and EventBridge have no DynamoDB endpoint: AWS's regional ones, or the test hook. */
function regionalConfig(shared: ClientConfig, hook: string | undefined): ClientConfig {
  return { ...shared, ...(hook ? { endpoint: hook } : {}) };
}

/** The entry's DynamoDB client, at the connection's Endpoint URL when it gives one. */
function dynamodbClient(config: ClientConfig): DynamoDBClient {
  return new DynamoDBClient({
    ...config,
    // The SDK's default, pinned like the rest (AWS_ACCOUNT_ID_ENDPOINT_MODE).
    accountIdEndpointMode: "preferred",
    requestHandler: deadlineHandler(),
  });
}

/**
 * A client an entry builds on first use (its SDK is loaded then: most steps never read a stream
 * or touch a pipe), with its own HTTP handler, prepared as every client of the entry is.
 */
function lazyClient<T extends AnyClient>(
  Client: new (config: ClientConfig & { requestHandler: DeadlineHttpHandler }) => T,
  config: ClientConfig,
  entry: CacheEntry,
  service: string,
): T {
  const client = new Client({ ...config, requestHandler: deadlineHandler() });
  prepare(client, entry, service);
  return client;
}

/**
 * The cached entry of (connection, region, options): its DynamoDB client now, the others on first
 * use. Throws the connection's error for a bad Endpoint URL or credential field.
 */
function createEntry(
  connection: Connection,
  region: string,
  options: ClientOptions,
  key: string,
): CacheEntry {
  const endpoint = parseEndpoint(connection.fields.endpoint, (message) =>
    connectionError(connection, message),
  );
  const issuedSecrets = {};
  const { credentials, session } = credentialsFor(connection, region, options, issuedSecrets);
  const shared: ClientConfig = {
    region,
    credentials,
    ...pinnedConfig(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
  };
  const config = { ...shared, ...(endpoint ? { endpoint } : {}) };
  const entry: CacheEntry = {
    dynamodb: dynamodbClient(config),
    region,
    cacheKey: key,
    issuedSecrets,
    ...(session ? { session } : {}),
    inFlight: 0,
    evicted: false,
    streams: () =>
      (entry.streamsClient ??= lazyClient(
        streamsSdk().DynamoDBStreamsClient,
        config,
        entry,
        "DynamoDB Streams",
      )),
    pipes: () =>
      (entry.pipesClient ??= lazyClient(
        pipesSdk().PipesClient,
        regionalConfig(shared, clientSettings.pipesEndpoint),
        entry,
        "EventBridge Pipes",
      )),
    events: () =>
      (entry.eventsClient ??= lazyClient(
        eventBridgeSdk().EventBridgeClient,
        regionalConfig(shared, clientSettings.eventsEndpoint),
        entry,
        "EventBridge",
      )),
  };
  prepare(entry.dynamodb, entry, "DynamoDB");
  return entry;
}

/** What every client of an entry gets: the retry rule, the connector's one middleware, a clear "no answer". */
function prepare(client: AnyClient, entry: CacheEntry, service: string): void {
  spareCredentialRetries(client);
  watchRetries(client);
  addRequestMiddleware(client, entry);
  failWithoutAnswer(client, service);
  // Last, once the configuration holds every property: the SDK copies it several times a request.
  withFastProperties(client.config);
}

/**
 * A send that gives no answer at all becomes a rejection with noAnswerError, not a TypeError
 * further on. A mocked client (aws-sdk-client-mock replaces the class's send) returns undefined
 * for a command it was not told to answer, or resolves to undefined when told to; the SDK's own
 * send never does either, so only a replaced send has its answer checked (no promise step added
 * to a real request). A mocked answer's items and keys are checked there too (checkedAnswer), so
 * that a value DynamoDB never sends is refused naming the operation; a mock's rejection passes
 * as it is. The class's send is read on each call, so a mock installed after this client was
 * made is the one used; a send given a callback returns nothing by design.
 */
function failWithoutAnswer(client: AnyClient, service: string): void {
  type Send = (...args: unknown[]) => unknown;
  const ownClass = Object.getPrototypeOf(client) as { send: Send };
  const sdkSend = (Object.getPrototypeOf(ownClass) as { send?: Send } | null)?.send;
  Object.defineProperty(client, "send", {
    configurable: true,
    writable: true,
    value: function send(this: AnyClient, ...args: unknown[]): unknown {
      const classSend = ownClass.send;
      const answer = classSend.apply(this, args);
      // A real request goes out here, with nothing made for it.
      if (classSend === sdkSend && answer !== undefined) return answer;
      if (typeof args[args.length - 1] === "function") return answer;
      const noAnswer = () => Promise.reject(noAnswerError(service, args[0]));
      if (answer === undefined) return noAnswer();
      return Promise.resolve(answer).then((value) =>
        value === undefined ? noAnswer() : checkedAnswer(args[0], value),
      );
    },
  });
}

/** A mocked answer to `command`, once its items and keys are checked (aws/mockedAnswers.ts). */
function checkedAnswer(command: unknown, answer: unknown): unknown {
  checkMockedAnswer(commandOperation(command), answer, (command as { input?: unknown })?.input);
  return answer;
}

/**
 * The connector's one middleware on each request (one async layer, not one per concern):
 * - it counts the entry's requests in flight (retries included: the count spans the whole
 *   send), and closes an evicted entry's clients when its last request ends;
 * - with an assumed role, it renews a refused session once (sendRenewingSession);
 * - it notes each failed request's operation (the command's name without "Command") and input
 *   with its error, so that an AccessDenied names the permission this very request needed.
 */
function addRequestMiddleware(client: AnyClient, entry: CacheEntry): void {
  const { session } = entry;
  (client.middlewareStack as { add: (...args: unknown[]) => void }).add(
    (next: Next, context: { commandName?: unknown }) => async (args: unknown) => {
      entry.inFlight += 1;
      try {
        return session ? await sendRenewingSession(next, args, context, session) : await next(args);
      } catch (error) {
        const operation = operationOf(context.commandName);
        if (operation) noteFailedRequest(error, operation, (args as { input?: unknown }).input);
        throw error;
      } finally {
        entry.inFlight -= 1;
        if (entry.evicted && entry.inFlight === 0) closeClients(entry);
      }
    },
    { step: "initialize", priority: "high", name: "connectorRequest" },
  );
}

/** The next handler of a middleware. */
type Next = (args: unknown) => Promise<unknown>;

/** Set in a request's handler context once an attempt failed in a way that may have applied it. */
const LOST_ANSWER = Symbol("lostAnswer");

/**
 * Watches each attempt, inside the SDK's retry loop: once an attempt fails in a way that may
 * have applied the request (mayHaveBeenApplied: a 5xx, or a connection lost after sending), the
 * request's final answer or error is marked (markResentAfterLostAnswer), so that a step does not
 * report a retry's "duplicate key" or "condition false" as the truth about its own write.
 */
function watchRetries(client: AnyClient): void {
  const stack = client.middlewareStack as { addRelativeTo: (...args: unknown[]) => void };
  stack.addRelativeTo(
    (next: Next, context: Record<symbol, unknown>) => async (args: unknown) => {
      const lostBefore = context[LOST_ANSWER] === true;
      try {
        const result = (await next(args)) as { output?: unknown };
        if (lostBefore) markResentAfterLostAnswer(result.output);
        return result;
      } catch (error) {
        if (lostBefore) markResentAfterLostAnswer(error);
        if (mayHaveBeenApplied(error)) context[LOST_ANSWER] = true;
        throw error;
      }
    },
    { relation: "after", toMiddleware: "retryMiddleware", name: "connectorRetryWatch" },
  );
}

/**
 * A session refused with AccessDeniedException is renewed only if it is at least this old: a
 * revoked session is denied too, but a session just handed out lacks the permission itself.
 */
const RENEW_DENIED_AFTER_MS = 60_000;

/** The credentials a request was signed with (the SDK keeps them in the request's context). */
function usedIdentity(context: unknown): unknown {
  const smithy = (
    context as { __smithy_context?: { selectedHttpAuthScheme?: { identity?: unknown } } }
  ).__smithy_context;
  return smithy?.selectedHttpAuthScheme?.identity;
}

/**
 * An assumed role's session that AWS refuses (expired, revoked, not recognised: aws/errors.ts
 * sessionRefusal) is dropped, the role assumed again (one AssumeRole call however many requests
 * were refused), and the request sent once more with the new session. A refusal of that one is
 * final for the request, and marked so that its message says the renewal was tried; the refused
 * new session is dropped too, so each later request that is refused costs one AssumeRole.
 */
async function sendRenewingSession(
  next: Next,
  args: unknown,
  context: unknown,
  session: RoleSession,
): Promise<unknown> {
  try {
    return await next(args);
  } catch (error) {
    const refusal = sessionRefusal(error);
    const used = usedIdentity(context);
    if (!refusal || (refusal === "denied" && session.age(used) < RENEW_DENIED_AFTER_MS)) {
      throw error;
    }
    session.expire(used);
    try {
      return await next(args);
    } catch (again) {
      const refusedAgain = sessionRefusal(again);
      if (refusedAgain) markRefusedAfterRenewal(again);
      // The next request (a later step) assumes the role again rather than reuse a refused session.
      if (refusedAgain === "expired") session.expire(usedIdentity(context));
      throw again;
    }
  }
}

/** The part of the SDK's retry strategy (version 2) that the retry middleware calls. */
interface RetryStrategy {
  mode?: string;
  acquireInitialRetryToken: (scope: string) => Promise<RetryToken>;
  refreshRetryTokenForRetry: (token: RetryToken, info: { error?: unknown }) => Promise<RetryToken>;
  recordSuccess: (token: RetryToken) => void;
}
interface RetryToken {
  getRetryCount: () => number;
}

/**
 * The client's retry strategy stays the SDK's standard one (pinned), except that a refused
 * credential is not tried again: another attempt with the same keys gets the same answer. A
 * refused signing time (clock skew) gets one more attempt, and only when the SDK measured the
 * difference from that answer and signs the next attempt with AWS's time.
 */
function spareCredentialRetries(client: AnyClient): void {
  const config = client.config as unknown as { retryStrategy: () => Promise<RetryStrategy> };
  const resolve = config.retryStrategy;
  let spared: Promise<RetryStrategy> | undefined;
  config.retryStrategy = () => {
    spared ??= resolve().then(
      (strategy): RetryStrategy => ({
        mode: strategy.mode,
        acquireInitialRetryToken: (scope) => strategy.acquireInitialRetryToken(scope),
        refreshRetryTokenForRetry: (token, info) =>
          retriesCredentialFailure(info.error, token)
            ? strategy.refreshRetryTokenForRetry(token, info)
            : Promise.reject(info.error),
        recordSuccess: (token) => strategy.recordSuccess(token),
      }),
    );
    return spared;
  };
}

/** May an attempt that failed with `error` be retried (for errors other than credentials: yes)? */
function retriesCredentialFailure(error: unknown, token: RetryToken): boolean {
  if (isClockSkewError(error)) {
    const corrected = (error as { $metadata?: { clockSkewCorrected?: boolean } }).$metadata
      ?.clockSkewCorrected;
    return corrected === true && token.getRetryCount() === 0;
  }
  return !isCredentialError(error);
}

interface Sender {
  send: (command: never, ...rest: never[]) => Promise<unknown>;
}

/**
 * The same client, but each request it sends logs into `logger`: the SDK's logger middleware
 * reads the logger from the request's context, which this sets first (before the middleware runs).
 * A mocked client (aws-sdk-client-mock) answers without running the SDK's middleware, so its
 * requests are logged here instead (logMockedRequest).
 */
function loggingClient<C extends Sender>(client: C, logger: Logger, clientName: string): C {
  const wrapped = Object.create(client) as C;
  wrapped.send = ((
    command: { middlewareStack: { add: (...args: unknown[]) => void } },
    ...rest: unknown[]
  ) => {
    let stackRan = false;
    command.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { logger?: Logger }) =>
        (args: unknown) => {
          stackRan = true;
          context.logger = logger;
          return next(args);
        },
      { step: "initialize", priority: "high", name: "invocationLogger", override: true },
    );
    const sent = (client.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    if (typeof (sent as Promise<unknown> | undefined)?.then !== "function") return sent;
    const request = { clientName, command };
    return sent.then(
      (output) => {
        if (!stackRan) logMockedRequest(logger, request, { output });
        return output;
      },
      (error: unknown) => {
        if (!stackRan) logMockedRequest(logger, request, { error });
        throw error;
      },
    );
  }) as C["send"];
  return wrapped;
}

/** Clients whose APIs have no member the SDK hides from its log (no credential, no secret). */
const FULLY_LOGGED_CLIENTS: ReadonlySet<string> = new Set([
  "DynamoDBClient",
  "DynamoDBStreamsClient",
]);

/**
 * Logs a mocked request as the SDK's logger middleware logs a sent one: `info` with
 * { clientName, commandName, input, output, metadata }, or `error` with { ..., error, metadata }.
 * The SDK hides some members of other services' requests (EventBridge's connection secrets); a
 * mocked request cannot be filtered as it would be, so for those only the names are logged.
 */
function logMockedRequest(
  logger: Logger,
  request: { clientName: string; command: unknown },
  outcome: { output: unknown } | { error: unknown },
): void {
  const operation = commandOperation(request.command);
  const names = {
    clientName: request.clientName,
    commandName: operation ? `${operation}Command` : "",
  };
  const full = FULLY_LOGGED_CLIENTS.has(request.clientName);
  const input = full ? { input: (request.command as { input?: unknown }).input } : {};
  if ("error" in outcome) {
    const metadata = (outcome.error as { $metadata?: unknown } | null)?.$metadata;
    logger.error({ ...names, ...input, error: outcome.error, metadata });
    return;
  }
  const { $metadata: metadata, ...output } = (outcome.output ?? {}) as Record<string, unknown>;
  logger.info({ ...names, ...input, ...(full ? { output } : {}), metadata });
}

/**
 * The logger the SDK gets: the SDK logs each request's input and output, and the error of a
 * failed one; an endpoint could echo a secret into that error, so every line is redacted. The
 * secrets are read at each line: an assumed role's temporary ones are known only once STS answered.
 */
function redactingLogger(logger: Logger, connection: Connection): Logger {
  const level =
    (write: (...content: unknown[]) => void) =>
    (...content: unknown[]) =>
      write.apply(logger, redactDeep(content, connectionSecrets(connection)));
  return {
    debug: level(logger.debug),
    info: level(logger.info),
    warn: level(logger.warn),
    error: level(logger.error),
  };
}

function withLogger(entry: CacheEntry, logger: Logger): AwsClients {
  return {
    region: entry.region,
    cacheKey: entry.cacheKey,
    dynamodb: loggingClient(entry.dynamodb, logger, "DynamoDBClient"),
    streams: () => loggingClient(entry.streams(), logger, "DynamoDBStreamsClient"),
    pipes: () => loggingClient(entry.pipes(), logger, "PipesClient"),
    events: () => loggingClient(entry.events(), logger, "EventBridgeClient"),
  };
}

/** Drops every cached client (tests, and processes that rotate credentials). */
export function clearClientCache(): void {
  for (const entry of cache.values()) evict(entry);
  cache.clear();
  newestKey = undefined;
  digests.clear();
  lastIdentity = undefined;
}

export function cachedClientCount(): number {
  return cache.size;
}

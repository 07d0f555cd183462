import { type Connection, ConnectionError } from "@prismatic-io/spectral";
import { isConnectionWaitError } from "./deadline";
import { InputError } from "./inputs/inputError";
import { withoutTrailing } from "./text";

/** What an AWS call was doing, so a failure can say where it happened. */
export interface CallContext {
  operation: string;
  region: string;
  table?: string;
  connection?: Connection;
}

/** Error names that mean the credentials or their permissions are wrong: the connection needs fixing. */
const CREDENTIAL_ERRORS = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "AccessDenied",
  "AccessDeniedException",
  "CredentialsProviderError",
  "RegionDisabledException",
]);

const HINTS: Record<string, string> = {
  ResourceNotFoundException:
    "Check that the table (or index) exists in this region and that the connection points at the right account.",
  ConditionalCheckFailedException:
    "The Condition Expression was false for the current item, so nothing was written.",
  TransactionCanceledException: "No operation of the transaction was applied.",
  ProvisionedThroughputExceededException:
    "The table is throttling requests; retries were exhausted. Raise its capacity or use on-demand billing.",
  ThrottlingException: "AWS is throttling requests; retries were exhausted. Try again later.",
  RequestLimitExceeded: "The account's request limit was exceeded; retries were exhausted.",
  ResourceInUseException:
    "The table is being created, updated or deleted, or already exists. Wait until it is ACTIVE.",
  LimitExceededException: "An account limit was reached (for example concurrent table operations).",
  ItemCollectionSizeLimitExceededException:
    "An item collection exceeded 10 GB (tables with local secondary indexes).",
  UnrecognizedClientException: "Check the Access Key ID of the connection.",
  InvalidSignatureException: "Check the Secret Access Key of the connection.",
  AccessDeniedException:
    "The credentials are valid but lack permission for this operation on this resource.",
  AccessDenied: "The credentials may not assume this role, or the External ID does not match.",
  ExpiredTokenException: "The session token has expired; renew the connection's credentials.",
  TimeoutError: "DynamoDB did not answer in time. Check the Endpoint URL and the network.",
  BackupNotFoundException:
    "Check the Backup ARN: the backup may have been deleted, or be in another region.",
  BackupInUseException: "The backup is being created, restored or deleted; wait and try again.",
  TableAlreadyExistsException: "A table of the Target Table Name exists already; choose another.",
  TableNotFoundException: "Check that the source table exists in this region.",
  PointInTimeRecoveryUnavailableException:
    "Point-in-time recovery is not enabled on the source table; turn it on with Update Continuous Backups.",
  ContinuousBackupsUnavailableException:
    "Continuous backups are still being enabled for this table; try again in a few minutes.",
  UnknownOperationException:
    "The endpoint does not offer this operation (DynamoDB Local has no backups, point-in-time recovery or tagging).",
  InvalidRestoreTimeException:
    "The restore time is outside the table's restorable window; Describe Continuous Backups shows it.",
};

/** The hint for an attempt that never had a free connection to send on (deadline.ts). */
const CONNECTION_WAIT_HINT =
  "The endpoint answered other requests too slowly, or too many steps used this connection at once.";

/** Hints for failures below HTTP (Node's error codes), where the endpoint never answered. */
const NETWORK_HINTS: Record<string, string> = {
  ENOTFOUND:
    "The endpoint's host name cannot be resolved (DNS). Check the Endpoint URL of the connection, or the region.",
  EAI_AGAIN:
    "The endpoint's host name cannot be resolved right now (DNS lookup failed). Check the Endpoint URL and the network.",
  ECONNREFUSED:
    "Nothing accepted the connection at the endpoint (connection refused). Check the Endpoint URL.",
  ECONNRESET:
    "The endpoint closed the connection before answering. Check the Endpoint URL and the network.",
  EPIPE:
    "The endpoint closed the connection before answering. Check the Endpoint URL and the network.",
};

/** How many secrets' encoded forms are kept (each secret has about 20). */
const MAX_CACHED_FORMS = 256;
const formsCache = new Map<string, readonly string[]>();

/**
 * The forms in which a secret can travel back from an endpoint: as is and trimmed (the SDK signs
 * with the trimmed value), URL-encoded (upper and lower case hex, and form encoding), and base64
 * (standard and URL-safe). For base64, the part that does not depend on the neighbouring bytes
 * is used for each of the three alignments, so a secret base64-encoded inside a longer text is
 * found too (at most 2 bytes at either end may stay readable).
 */
export function secretForms(secret: string): readonly string[] {
  const cached = formsCache.get(secret);
  if (cached) return cached;
  const forms = new Set<string>();
  for (const plain of new Set([secret, secret.trim()])) {
    forms.add(plain);
    const uriEncoded = encodeURIComponent(plain);
    forms.add(uriEncoded);
    forms.add(uriEncoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
    forms.add(new URLSearchParams({ s: plain }).toString().slice(2));
    const bytes = Buffer.from(plain, "utf8");
    // The secret encoded on its own, whole (padding included or left out).
    for (const encoding of ["base64", "base64url"] as const) {
      const whole = bytes.toString(encoding);
      forms.add(whole);
      forms.add(withoutTrailing(whole, "="));
    }
    for (let shift = 0; shift < 3; shift++) {
      const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
      // Skip the characters that mix in the filler bytes, and those that would mix in what follows.
      const start = shift === 0 ? 0 : shift + 1;
      const whole = Math.floor((shift + bytes.length) / 3) * 4;
      const core = encoded.slice(start, whole);
      forms.add(core);
      forms.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  const usable = [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
  // Longest first, so that a longer form is replaced whole before a shorter one cuts it.
  usable.sort((a, b) => b.length - a.length);
  if (formsCache.size >= MAX_CACHED_FORMS) formsCache.clear();
  formsCache.set(secret, usable);
  return usable;
}

/** Shorter strings are not treated as secrets (they would mask ordinary text). */
const MIN_SECRET_LENGTH = 4;

function allForms(secrets: readonly unknown[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret === "string" && secret.trim().length >= MIN_SECRET_LENGTH) {
      for (const form of secretForms(secret)) forms.add(form);
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function replaceForms(text: string, forms: readonly string[]): string {
  let result = text;
  for (const form of forms) {
    if (result.includes(form)) result = result.split(form).join("****");
  }
  return result;
}

/** Replaces every occurrence of each secret, in each of its forms (secretForms), with asterisks. */
export function redact(text: string, secrets: readonly unknown[]): string {
  return replaceForms(text, allForms(secrets));
}

/** The connection fields that hold secrets. */
const SECRET_FIELDS = ["secretAccessKey", "sessionToken"] as const;

/**
 * The temporary secrets (from STS) of each holder: a cached client entry that obtained them. They
 * are kept while the holder lives (it is cached, or a request of it is in flight), so that a
 * cached role connection's token stays redacted however many other connections come and go; the
 * cache size bounds the holders, and MAX_ISSUED_PER_HOLDER (each refresh adds two) each holder's.
 */
const issuedByHolder = new Map<object, string[]>();
/** The last four credential sets of a holder: older ones expired hours ago. */
const MAX_ISSUED_PER_HOLDER = 8;

/**
 * Remembers the secret parts of temporary credentials that `holder` (a cached client entry)
 * obtained (an assumed role's secret access key and session token), so that they are redacted
 * like the connection's own, from every error and log line of the process, until
 * releaseIssuedSecrets(holder).
 */
export function rememberIssuedSecrets(
  holder: object,
  credentials: { secretAccessKey?: unknown; sessionToken?: unknown },
): void {
  const values = issuedByHolder.get(holder) ?? [];
  for (const value of [credentials.secretAccessKey, credentials.sessionToken]) {
    if (typeof value === "string" && value.length > 0 && !values.includes(value)) {
      values.push(value);
    }
  }
  issuedByHolder.set(holder, values.slice(-MAX_ISSUED_PER_HOLDER));
}

/** Forgets the temporary secrets of a holder that is gone (its clients closed). */
export function releaseIssuedSecrets(holder: object): void {
  issuedByHolder.delete(holder);
}

/**
 * The secrets a connection holds, which must never reach a message, a log line or an output:
 * its Secret Access Key and Session Token, and the temporary credentials obtained for any
 * assumed role. redact and redactDeep also look for their trimmed, URL-encoded and base64 forms.
 */
export function connectionSecrets(connection: Connection | undefined): string[] {
  const fields = connection?.fields ?? {};
  const own = SECRET_FIELDS.map((field) => fields[field]).filter(
    (value): value is string => typeof value === "string" && value.length > 0,
  );
  return [...own, ...[...issuedByHolder.values()].flat()];
}

/**
 * The connection as a ConnectionError carries it: the same key, configVarKey and fields (so the
 * platform can still tell which connection needs fixing), with the secret fields masked, so that
 * logging the error object shows no secret.
 */
export function maskedConnection(connection: Connection): Connection {
  const fields: Record<string, unknown> = { ...connection.fields };
  for (const field of SECRET_FIELDS) {
    if (typeof fields[field] === "string" && fields[field] !== "") fields[field] = "****";
  }
  return { ...connection, fields } as Connection;
}

/**
 * A ConnectionError (the platform flags the connection) that holds no secret. Its name is set
 * here, not left to the class name, which minification of the bundle would change.
 */
export function connectionError(connection: Connection, message: string): ConnectionError {
  const error = new ConnectionError(
    maskedConnection(connection),
    redact(message, connectionSecrets(connection)),
  );
  error.name = "ConnectionError";
  return error;
}

/**
 * How deep redactDeep looks into nested objects: past DynamoDB's 32 levels of nested attributes
 * (two objects each in DynamoDB JSON, as the SDK logs them) with room for the wrapping; see
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html. Anything
 * deeper is replaced by DEEPER_PLACEHOLDER, so that no secret can hide below the limit.
 */
const MAX_REDACT_DEPTH = 80;
const DEEPER_PLACEHOLDER = `[nested more than ${MAX_REDACT_DEPTH} levels deep: left out]`;

/** Bytes as an endpoint sent them (answer bodies are bytes): read as UTF-8 text to search them. */
type Bytes = ArrayBufferView | ArrayBuffer;

function isBytes(value: object): value is Bytes {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

function bytesText(value: Bytes): string {
  return ArrayBuffer.isView(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("utf8")
    : Buffer.from(value).toString("utf8");
}

/**
 * Bytes that hold a secret, as the UTF-8 bytes of their redacted text, in the same kind of
 * container (a Buffer stays a Buffer). Bytes that are not UTF-8 text keep their readable parts;
 * the rest becomes U+FFFD, which is acceptable in what is only a redacted copy for an error or log.
 */
function redactedBytes(value: Bytes, forms: readonly string[]): Bytes {
  const text = bytesText(value);
  if (!forms.some((form) => text.includes(form))) return value;
  const redacted = Buffer.from(replaceForms(text, forms), "utf8");
  if (Buffer.isBuffer(value)) return redacted;
  if (value instanceof ArrayBuffer) return new Uint8Array(redacted).buffer;
  return new Uint8Array(redacted);
}

/**
 * A copy of `value` with every occurrence of each secret replaced in every string it holds:
 * properties (own ones, enumerable or not, so an Error's message and stack too), array elements,
 * nested objects, and binary data (an answer body) read as UTF-8 text; objects keep their
 * prototype, so an error stays an instance of its class. What lies deeper than MAX_REDACT_DEPTH
 * is replaced by a placeholder. Without a secret in it, the value itself is returned.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const usable = allForms(secrets);
  if (usable.length === 0) return value;
  const copies = new Map<object, unknown>();
  const visit = (current: unknown, depth: number): unknown => {
    if (typeof current === "string") {
      return usable.some((secret) => current.includes(secret))
        ? replaceForms(current, usable)
        : current;
    }
    if (current === null || typeof current !== "object") return current;
    if (isBytes(current)) return redactedBytes(current, usable);
    if (copies.has(current)) return copies.get(current);
    if (depth > MAX_REDACT_DEPTH) return DEEPER_PLACEHOLDER;
    if (Array.isArray(current)) {
      const array: unknown[] = [];
      copies.set(current, array);
      for (const element of current) array.push(visit(element, depth + 1));
      return array;
    }
    const copy = Object.create(Object.getPrototypeOf(current)) as Record<string, unknown>;
    copies.set(current, copy);
    for (const name of Object.getOwnPropertyNames(current)) {
      const descriptor = Object.getOwnPropertyDescriptor(current, name);
      if (!descriptor) continue;
      if ("value" in descriptor) descriptor.value = visit(descriptor.value, depth + 1);
      Object.defineProperty(copy, name, descriptor);
    }
    return copy;
  };
  return contains(value, usable, new Set(), 0) ? (visit(value, 0) as T) : value;
}

/**
 * Does any string (or UTF-8 text of bytes) inside `value` hold one of the secrets? An object
 * deeper than MAX_REDACT_DEPTH counts as holding one, so that redactDeep replaces it.
 */
function contains(value: unknown, secrets: string[], seen: Set<object>, depth: number): boolean {
  if (typeof value === "string") return secrets.some((secret) => value.includes(secret));
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  if (isBytes(value)) {
    const text = bytesText(value);
    return secrets.some((secret) => text.includes(secret));
  }
  if (depth > MAX_REDACT_DEPTH) return true;
  seen.add(value);
  for (const name of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    if (descriptor && "value" in descriptor) {
      if (contains(descriptor.value, secrets, seen, depth + 1)) return true;
    }
  }
  return false;
}

function errorName(error: unknown): string {
  if (error && typeof error === "object") {
    const { name, code, Code } = error as { name?: unknown; code?: unknown; Code?: unknown };
    for (const candidate of [name, code, Code]) {
      if (typeof candidate === "string" && candidate !== "Error") return candidate;
    }
  }
  return "Error";
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "message" in error) return String(error.message);
  return String(error);
}

export function isCredentialError(error: unknown): boolean {
  return CREDENTIAL_ERRORS.has(errorName(error));
}

/** Node's error code of a network failure, looked for on the error and its causes. */
function networkCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && code in NETWORK_HINTS) return code;
    // Inside some sandboxes Node's own errors lose their code on the way: their text remains.
    if (typeof message === "string") {
      if (message.includes("socket hang up")) return "ECONNRESET";
      const named = Object.keys(NETWORK_HINTS).find((name) => message.includes(name));
      if (named) return named;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The hint for a failure where no AWS answer came: a closed connection, DNS, a timeout. */
function networkHint(error: unknown, service: string): string | undefined {
  const code = networkCode(error);
  if (code) return NETWORK_HINTS[code];
  if (!isNetworkError(error)) return undefined;
  // Nothing was sent: the endpoint is slow or this connection has too many steps at once.
  if (isConnectionWaitError(error)) return CONNECTION_WAIT_HINT;
  return service === "DynamoDB"
    ? HINTS.TimeoutError
    : `${service} did not answer in time. Check the network.`;
}

/**
 * The HTTP status of an answer that was not an AWS error (such as an HTML page from a load
 * balancer), which the SDK fails to parse; undefined for other errors.
 */
function unreadableAnswerStatus(error: unknown): number | undefined {
  if (!error || typeof error !== "object") return undefined;
  const { $response, $metadata, $responseBodyText, name } = error as {
    $response?: { statusCode?: unknown };
    $metadata?: { httpStatusCode?: unknown };
    $responseBodyText?: unknown;
    name?: unknown;
  };
  const status = $response?.statusCode ?? $metadata?.httpStatusCode;
  const unreadable = name === "SyntaxError" || typeof $responseBodyText === "string";
  return unreadable && typeof status === "number" && status >= 300 ? status : undefined;
}

/** Is this a network-level failure (refused, reset, timed out) rather than an answer from AWS? */
export function isNetworkError(error: unknown): boolean {
  const name = errorName(error);
  const code = (error as { code?: unknown })?.code;
  return (
    name === "TimeoutError" ||
    name === "RequestTimeout" ||
    (typeof code === "string" &&
      ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"].includes(code))
  );
}

/**
 * The connector's own input checks raise InputError, which already says what is wrong and which
 * input to fix; it passes through unchanged. Recognised by type only: a plain Error from a
 * dependency is a failure to report with its operation, table and region.
 */
function isLocalInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}

/**
 * An error the connector has already worded in full (what was being done, where, what to do),
 * such as a wait that ran out of time or an endpoint that repeats a cursor: like an InputError it
 * passes through toActionError unchanged. Recognised by type, never by shape.
 */
export class StepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StepError";
  }
}

/**
 * Turns an AWS SDK failure into an Error that says what was being done, where, and what to check.
 * Credential and permission failures become ConnectionError so the platform flags the connection.
 */
export function toActionError(error: unknown, context: CallContext): Error {
  if (error instanceof ConnectionError || error instanceof StepError || isLocalInputError(error)) {
    return error;
  }
  const where = [
    `${context.operation} failed`,
    context.table ? `on table "${context.table}"` : undefined,
    `in region ${context.region}`,
  ]
    .filter(Boolean)
    .join(" ");
  const detail = `${where}: ${describeFailure(error)}`;
  const secrets = connectionSecrets(context.connection);
  const message = redact(detail, secrets);
  if (context.connection && isCredentialError(error)) {
    return connectionError(context.connection, message);
  }
  const name = errorName(error);
  const wrapped = new Error(message);
  wrapped.name = name === "Error" ? "DynamoDBError" : name;
  // Keep the AWS error reachable for code that inspects it (e.g. CancellationReasons), without
  // a secret an endpoint may have echoed into it.
  (wrapped as Error & { cause?: unknown }).cause = redactDeep(error, secrets);
  return wrapped;
}

/** "Name: message. Hint", the part of a failure's message after where it happened. */
function describeFailure(error: unknown, service = "DynamoDB"): string {
  const status = unreadableAnswerStatus(error);
  if (status !== undefined) {
    const retried = status >= 500 ? " (after the retries Max Attempts allows)" : "";
    return `HTTP ${status}: the endpoint answered HTTP ${status}${retried} with a body that is not an AWS answer (such as an HTML error page from a proxy or load balancer). Check the Endpoint URL and the network.`;
  }
  const name = errorName(error);
  const hint = HINTS[name] && !isNetworkError(error) ? HINTS[name] : networkHint(error, service);
  const awsMessage = errorMessage(error);
  const separator = awsMessage.endsWith(".") || awsMessage.endsWith("!") ? " " : ". ";
  return `${name}: ${awsMessage}${hint ? `${separator}${hint}` : ""}`;
}

/**
 * The ConnectionError of an assumed role that could not be had (STS refused, failed, answered
 * garbage or too slowly): "AssumeRole failed for role ... in region ...: reason". It has no
 * `cause`, so that the DynamoDB request that needed the credentials is not retried again: STS's
 * own client already made Max Attempts tries.
 */
export function assumeRoleError(
  error: unknown,
  context: { connection: Connection; region: string; roleArn: string },
): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const detail = `AssumeRole failed for role ${context.roleArn} in region ${context.region}: ${describeFailure(error, "STS")}`;
  const hint = isCredentialError(error)
    ? ""
    : " The connection's role could not be assumed, so no DynamoDB request was sent.";
  return connectionError(context.connection, `${detail}${hint}`);
}

/** Runs one AWS call and maps its failure with toActionError. */
export async function callAws<T>(context: CallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActionError(error, context);
  }
}

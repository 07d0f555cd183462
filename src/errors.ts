import { type Connection, ConnectionError } from "@prismatic-io/spectral";
import { InputError } from "./inputs/inputError";

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

/** Replaces every occurrence of each secret with asterisks. */
export function redact(text: string, secrets: readonly unknown[]): string {
  let result = text;
  for (const secret of secrets) {
    if (typeof secret === "string" && secret.length >= 4) {
      result = result.split(secret).join("****");
    }
  }
  return result;
}

/** The connection fields that hold secrets. */
const SECRET_FIELDS = ["secretAccessKey", "sessionToken"] as const;

/** The secrets a connection holds, which must never reach a message, a log line or an output. */
export function connectionSecrets(connection: Connection | undefined): string[] {
  const fields = connection?.fields ?? {};
  return SECRET_FIELDS.map((field) => fields[field]).filter(
    (value): value is string => typeof value === "string" && value.length > 0,
  );
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

/** A ConnectionError (the platform flags the connection) that holds no secret. */
export function connectionError(connection: Connection, message: string): ConnectionError {
  return new ConnectionError(
    maskedConnection(connection),
    redact(message, connectionSecrets(connection)),
  );
}

/** How deep redactDeep looks into nested objects (SDK log lines and errors are shallow). */
const MAX_REDACT_DEPTH = 12;

/**
 * A copy of `value` with every occurrence of each secret replaced in every string it holds:
 * properties (own ones, enumerable or not, so an Error's message and stack too), array elements
 * and nested objects; objects keep their prototype, so an error stays an instance of its class.
 * Binary data is kept as is. Without a secret in it, the value itself is returned.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const usable = secrets.filter((secret) => typeof secret === "string" && secret.length >= 4);
  if (usable.length === 0) return value;
  const copies = new Map<object, unknown>();
  const visit = (current: unknown, depth: number): unknown => {
    if (typeof current === "string") {
      return usable.some((secret) => current.includes(secret)) ? redact(current, usable) : current;
    }
    if (current === null || typeof current !== "object") return current;
    if (ArrayBuffer.isView(current) || current instanceof ArrayBuffer) return current;
    if (copies.has(current)) return copies.get(current);
    if (depth > MAX_REDACT_DEPTH) return current;
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

/** Does any string inside `value` hold one of the secrets? */
function contains(value: unknown, secrets: string[], seen: Set<object>, depth: number): boolean {
  if (typeof value === "string") return secrets.some((secret) => value.includes(secret));
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || depth > MAX_REDACT_DEPTH) {
    return false;
  }
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
 * Turns an AWS SDK failure into an Error that says what was being done, where, and what to check.
 * Credential and permission failures become ConnectionError so the platform flags the connection.
 */
export function toActionError(error: unknown, context: CallContext): Error {
  if (error instanceof ConnectionError || isLocalInputError(error)) return error;
  const name = errorName(error);
  const where = [
    `${context.operation} failed`,
    context.table ? `on table "${context.table}"` : undefined,
    `in region ${context.region}`,
  ]
    .filter(Boolean)
    .join(" ");
  const hint = HINTS[name] ?? (isNetworkError(error) ? HINTS.TimeoutError : undefined);
  const awsMessage = errorMessage(error);
  const separator = /[.!?]$/.test(awsMessage) ? " " : ". ";
  const detail = `${where}: ${name}: ${awsMessage}${hint ? `${separator}${hint}` : ""}`;
  const secrets = connectionSecrets(context.connection);
  const message = redact(detail, secrets);
  if (context.connection && isCredentialError(error)) {
    return connectionError(context.connection, message);
  }
  const wrapped = new Error(message);
  wrapped.name = name === "Error" ? "DynamoDBError" : name;
  // Keep the AWS error reachable for code that inspects it (e.g. CancellationReasons), without
  // a secret an endpoint may have echoed into it.
  (wrapped as Error & { cause?: unknown }).cause = redactDeep(error, secrets);
  return wrapped;
}

/** Runs one AWS call and maps its failure with toActionError. */
export async function callAws<T>(context: CallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActionError(error, context);
  }
}

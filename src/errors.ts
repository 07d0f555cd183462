import { type Connection, ConnectionError } from "@prismatic-io/spectral";

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

/** The secrets a connection holds, which must never reach a message, a log line or an output. */
export function connectionSecrets(connection: Connection | undefined): string[] {
  const fields = connection?.fields ?? {};
  return [fields.secretAccessKey, fields.sessionToken].filter(
    (value): value is string => typeof value === "string" && value.length > 0,
  );
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
 * A plain Error raised by the connector's own checks (an input that does not fit) already says
 * what is wrong and which input to fix; it passes through unchanged.
 */
function isLocalInputError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    error.constructor === Error &&
    error.name === "Error" &&
    !("$metadata" in error) &&
    !("$fault" in error) &&
    !isNetworkError(error)
  );
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
  const message = redact(detail, connectionSecrets(context.connection));
  if (context.connection && isCredentialError(error)) {
    return new ConnectionError(context.connection, message);
  }
  const wrapped = new Error(message);
  wrapped.name = name === "Error" ? "DynamoDBError" : name;
  // Keep the AWS error reachable for code that inspects it (e.g. CancellationReasons).
  (wrapped as Error & { cause?: unknown }).cause = error;
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

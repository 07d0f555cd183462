import { type Connection, ConnectionError } from "@prismatic-io/spectral";
import { printable } from "../common/text";
import {
  AWS_HINTS,
  type ChosenHint,
  chosenHint,
  HINT_BY_ERROR_NAME,
  HINT_BY_NETWORK_CODE,
  type HintCode,
  hintText,
} from "../errors/catalogue";
import { cut, InputError, show } from "../errors/inputError";
import { StepError } from "../errors/stepError";
import { isConnectionWaitError, isUnopenedConnectionError } from "./attemptDeadline";
import {
  type NeededPermission,
  readsRequest,
  requestPermissions,
  resourceArn,
} from "./permissions";
import { connectionSecrets, maskedConnection, redact, redactDeep } from "./redaction";

/** Re-exported where the engines have always found it; it lives with the catalogue. */
export { StepError };

/**
 * An Error the connector throws for an AWS or network failure: named after the AWS error (or a
 * ConnectionError), its message ending with a catalogue hint, and `code` that hint's code
 * (src/errors/catalogue.ts AWS_HINTS), so a flow can branch on it without parsing the message.
 * `code` is undefined when the message gives no hint.
 */
export type AwsFailure = Error & { readonly code?: HintCode };

/** The codes given to the errors made here; read back by failureCode, never off the error's shape. */
const failureCodes = new WeakMap<Error, HintCode>();

/**
 * Gives `error` (made by the connector for an AWS failure) the catalogue code of the hint its
 * message gives, as `code`; with no code it is returned unchanged, so `code` stays undefined.
 */
export function withFailureCode<E extends Error>(
  error: E,
  code: HintCode | undefined,
): E & AwsFailure {
  if (code === undefined) return error;
  failureCodes.set(error, code);
  return Object.assign(error, { code });
}

/** The code withFailureCode gave an error (such as one re-worded with what a batch applied). */
export function failureCode(error: unknown): HintCode | undefined {
  return error instanceof Error ? failureCodes.get(error) : undefined;
}

/** Errors whose message already ends with a catalogue hint, worded by the engine that threw them. */
const givenHints = new WeakMap<object, HintCode>();

/**
 * Marks `error`, whose message an engine has already ended with the hint `code` (a transaction's
 * reused token, a refused replica change), so that toActionError gives its error that code and
 * adds no hint of its own when no other applies.
 */
export function withGivenHint<E extends object>(error: E, code: HintCode): E {
  givenHints.set(error, code);
  return error;
}

/** The hint an engine's message already gives (withGivenHint), with no text to add. */
function givenHint(error: unknown): ChosenHint | undefined {
  const code = error && typeof error === "object" ? givenHints.get(error) : undefined;
  return code && { code, text: "" };
}

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

/** The key of AWS Role ARN connections (client.ts's ASSUME_ROLE; client.ts imports this module). */
const ROLE_CONNECTION = "awsAssumeRole";

/**
 * Errors that mean AWS refused the session (temporary credentials) itself: expired, revoked or
 * not recognised. With an assumed role, a fresh session from STS is the cure.
 */
const SESSION_REFUSED = new Set<string>(AWS_HINTS.roleSessionRefused.errors);

/** Signature errors that mean a refused signing time only when their text says so. */
const SIGNATURE_ERRORS: readonly string[] = [
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "AuthFailure",
];
/** Errors AWS answers when a request's signing time is more than 5 minutes off its clock. */
const CLOCK_SKEW_ERRORS = new Set<string>(
  AWS_HINTS.clockSkew.errors.filter((name) => !SIGNATURE_ERRORS.includes(name)),
);
/** The texts that say the same in an InvalidSignatureException or SignatureDoesNotMatch. */
const CLOCK_SKEW_TEXT = /Signature expired|Signature not yet current|too skewed/i;

/** Is this AWS refusing the request's signing time (this machine's clock is off)? */
export function isClockSkewError(error: unknown): boolean {
  const name = errorName(error);
  if (CLOCK_SKEW_ERRORS.has(name)) return true;
  return (
    SIGNATURE_ERRORS.includes(name) && CLOCK_SKEW_TEXT.test(errorMessage(error).slice(0, 1_000))
  );
}

/**
 * How AWS refused an assumed role's session, for the client factory's one renewal: "expired"
 * (expired, revoked or not recognised), "denied" (AccessDeniedException: a revoked session is
 * denied too, as is a session without permission), or undefined (anything else).
 */
export function sessionRefusal(error: unknown): "expired" | "denied" | undefined {
  if (isClockSkewError(error)) return undefined;
  const name = errorName(error);
  if (SESSION_REFUSED.has(name)) return "expired";
  return name === "AccessDeniedException" ? "denied" : undefined;
}

/** Errors of requests that were sent again with a new session from STS, and refused again. */
const refusedAfterRenewal = new WeakSet<object>();

/** Marks `error` as the answer to a request sent again with a freshly assumed role's session. */
export function markRefusedAfterRenewal(error: unknown): void {
  if (error && typeof error === "object") refusedAfterRenewal.add(error);
}

/** This machine's clock minus AWS's, in ms, from the Date header of the answer (or undefined). */
function clockDifferenceMs(error: unknown): number | undefined {
  const { $response, ServerTime } = (error ?? {}) as {
    $response?: { headers?: Record<string, string | undefined> };
    ServerTime?: unknown;
  };
  const date = $response?.headers?.date ?? $response?.headers?.Date ?? ServerTime;
  const serverTime = typeof date === "string" ? Date.parse(date) : Number.NaN;
  return Number.isNaN(serverTime) ? undefined : Date.now() - serverTime;
}

function clockSkewHint(error: unknown): ChosenHint {
  const difference = clockDifferenceMs(error);
  const minutes = difference === undefined ? 0 : Math.round(Math.abs(difference) / 60_000);
  const clock =
    minutes >= 1 && difference !== undefined
      ? `this machine's clock is about ${minutes} minute${minutes === 1 ? "" : "s"} ${difference > 0 ? "ahead of" : "behind"} AWS's (by the answer's Date header)`
      : "this machine's clock differs from AWS's by more than 5 minutes";
  return chosenHint("clockSkew", { clock });
}

function hasSessionToken(connection: Connection | undefined): boolean {
  const token = connection?.fields?.sessionToken;
  return typeof token === "string" && token.trim() !== "";
}

/** What to do about a refused credential, said for the connection's type (undefined: by name). */
function credentialHint(
  error: unknown,
  connection: Connection | undefined,
): ChosenHint | undefined {
  const code = credentialHintCode(error, connection);
  return code && chosenHint(code);
}

function credentialHintCode(
  error: unknown,
  connection: Connection | undefined,
): HintCode | undefined {
  const name = errorName(error);
  const renewed = error !== null && typeof error === "object" && refusedAfterRenewal.has(error);
  if (connection?.key === ROLE_CONNECTION) {
    if (SESSION_REFUSED.has(name)) {
      return renewed ? "roleSessionRefusedAgain" : "roleSessionRefused";
    }
    if (name === "AccessDeniedException") {
      return renewed ? "roleAccessDeniedAgain" : "roleAccessDenied";
    }
    return undefined;
  }
  const token = hasSessionToken(connection);
  if (name === "ExpiredToken" || name === "ExpiredTokenException") {
    return token ? "sessionTokenExpired" : "credentialsExpired";
  }
  if ((name === "UnrecognizedClientException" || name === "InvalidClientTokenId") && token) {
    return "sessionTokenMismatch";
  }
  return undefined;
}
/**
 * A ConnectionError (the platform flags the connection) that holds no secret. Its name is set
 * here, not left to the class name, which minification of the bundle would change. `counts`
 * (such as `written`) say what a step applied before it failed, as on its other errors.
 */
export function connectionError(
  connection: Connection,
  message: string,
  counts: Record<string, number | string> = {},
  code: HintCode | undefined = undefined,
): ConnectionError & AwsFailure {
  const error = new ConnectionError(
    maskedConnection(connection),
    printable(redact(message, connectionSecrets(connection))),
  );
  error.name = "ConnectionError";
  return withFailureCode(Object.assign(error, counts), code);
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

/**
 * A failure's message as text, whatever was thrown: a mock may reject with a string, or with an
 * error whose `message` is no string (an object, a number), which must not end in a TypeError.
 */
export function errorMessage(error: unknown): string {
  const message = error && typeof error === "object" && "message" in error ? error.message : error;
  if (typeof message === "string") return message;
  return message !== null && (typeof message === "object" || typeof message === "function")
    ? show(message)
    : String(message);
}

export function isCredentialError(error: unknown): boolean {
  return CREDENTIAL_ERRORS.has(errorName(error));
}

/** Node's error code of a network failure, looked for on the error and its causes. */
function networkCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && HINT_BY_NETWORK_CODE.has(code)) return code;
    // Inside some sandboxes Node's own errors lose their code on the way: their text remains.
    if (typeof message === "string") {
      if (message.includes("socket hang up")) return "ECONNRESET";
      const named = [...HINT_BY_NETWORK_CODE.keys()].find((name) => message.includes(name));
      if (named) return named;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Did the connection close while the answer was being read (Node's "aborted", wrapped by the SDK
 * as "... Error: aborted" when it is not an Error of this realm)? Looked for on the causes too.
 */
function isCutShort(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const { message } = current as { message?: unknown };
    if (typeof message === "string" && /(?:^|Error: )aborted$/.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The hint for a failure where no AWS answer came: a closed connection, DNS, a timeout. */
function networkHint(error: unknown, service: string): ChosenHint | undefined {
  if (isCutShort(error)) return chosenHint("answerCutShort");
  const code = networkCode(error);
  const hint = code === undefined ? undefined : HINT_BY_NETWORK_CODE.get(code);
  if (hint) return chosenHint(hint);
  if (!isNetworkError(error)) return undefined;
  // Nothing was sent: the endpoint is slow or this connection has too many steps at once.
  if (isConnectionWaitError(error)) return chosenHint("connectionWait");
  return service === "DynamoDB" ? chosenHint("timeout") : chosenHint("serviceTimeout", { service });
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
function isNetworkError(error: unknown): boolean {
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

/** The request of each failed SDK call (client.ts notes it), by its error. */
const failedRequests = new WeakMap<object, { operation: string; input: unknown }>();

/**
 * Notes what a failed SDK call sent: its operation ("GetItem", from the command's name) and its
 * input, so that an AccessDenied can name the permission that request needed.
 */
export function noteFailedRequest(error: unknown, operation: string, input: unknown): void {
  if (error && typeof error === "object" && !failedRequests.has(error)) {
    failedRequests.set(error, { operation, input });
  }
}

/** Error names AWS gives a request refused for want of permission. */
const DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"]);

/** Mapped errors of refused permissions (for callers that add to them, such as the trigger). */
const deniedErrors = new WeakSet<object>();

/**
 * A ConnectionError said again as `message` (with what the step did before it, or a hint), with
 * `counts` (such as `written`): it keeps the error's code (errorCode) and whether AWS refused a
 * permission (isAccessDenied), and the platform still flags the connection. `connection` is the
 * step's own where the caller has it (its secrets are redacted from the message); by default the
 * error's, which holds none.
 */
export function rewordedConnectionError(
  error: ConnectionError,
  message: string,
  counts: Record<string, number | string> = {},
  connection: Connection = error.connection,
): ConnectionError & AwsFailure {
  const reworded = connectionError(connection, message, counts, failureCode(error));
  if (isAccessDenied(error)) deniedErrors.add(reworded);
  return reworded;
}

/**
 * Did AWS refuse the request for want of permission: AccessDeniedException, AccessDenied,
 * UnauthorizedOperation, or an HTTP 403 that is no credential, clock or unreadable answer? Also
 * true of an error toActionError mapped from one.
 */
export function isAccessDenied(error: unknown): boolean {
  if (error && typeof error === "object" && deniedErrors.has(error)) return true;
  if (DENIED.has(errorName(error))) return true;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata
    ?.httpStatusCode;
  return (
    status === 403 &&
    !isCredentialError(error) &&
    !isClockSkewError(error) &&
    unreadableAnswerStatus(error) === undefined
  );
}

/**
 * The permissions a refused request needed: from the request the SDK sent (noteFailedRequest),
 * else from the operation the step named, when it is one API operation (not "... (waiting ...)").
 */
function neededPermissions(error: unknown, context: CallContext): NeededPermission[] {
  const sent = error && typeof error === "object" ? failedRequests.get(error) : undefined;
  if (sent) return requestPermissions(sent.operation, sent.input);
  if (!/^[A-Z][A-Za-z]+$/.test(context.operation) || readsRequest(context.operation)) return [];
  return requestPermissions(context.operation, context.table ? { TableName: context.table } : {});
}

/** At most this many permissions are named in one message (a batch names up to 25 tables). */
const MAX_NAMED_PERMISSIONS = 10;

/**
 * "dynamodb:GetItem on arn:aws:dynamodb:us-east-1:*:table/Orders and ...", the account unknown;
 * names from the request are cut to a short prefix, and at most MAX_NAMED_PERMISSIONS are named.
 */
function permissionText(needed: NeededPermission[], context: CallContext): string {
  const parts = needed.map(({ action, kind, table, arn }) => {
    const named = table ?? context.table ?? "*";
    // A table name is at most 255 characters (DynamoDB's limit); an ARN holds one.
    const resource = arn ? cut(arn, 400) : resourceArn(kind, cut(named, 255), context.region, "*");
    return `${action} on ${resource === "*" ? "every resource (*)" : resource}`;
  });
  const unique = [...new Set(parts)];
  const shown = unique.slice(0, MAX_NAMED_PERMISSIONS);
  const more = unique.length - shown.length;
  if (more > 0) shown.push(`${more} more`);
  return shown.length > 1
    ? `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`
    : (shown[0] ?? "");
}

/** The sentence that names the permission a refused request needed, or "" when none is known. */
function permissionSentence(error: unknown, context: CallContext): string {
  const permission = permissionText(neededPermissions(error, context), context);
  if (!permission) return "";
  const who =
    context.connection?.key === ROLE_CONNECTION
      ? "the connection's role (its Role ARN)"
      : "the IAM user or role of the connection's Access Key ID";
  return ` ${hintText("permissionNeeded", { permission, who })}`;
}

/** Network codes of a connection that never opened: the request was not sent. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * May the request of an attempt that failed with `error` have taken effect? Yes after an HTTP 5xx
 * answer, an answer cut short, or a connection that broke or timed out once the request was sent (DynamoDB may have
 * applied it before the answer was lost). No after a 4xx answer (throttling included: DynamoDB
 * refused it), or a connection that never opened or never got a free socket.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { $metadata, $response } = error as {
    $metadata?: { httpStatusCode?: unknown };
    $response?: { statusCode?: unknown };
  };
  const status = $metadata?.httpStatusCode ?? $response?.statusCode;
  // A 2xx that failed was cut short while its body was read: the request took effect.
  if (typeof status === "number") return status >= 500 || status < 300;
  const code = networkCode(error) ?? (error as { code?: unknown }).code;
  if (typeof code === "string" && NOT_SENT_CODES.has(code)) return false;
  return !isConnectionWaitError(error) && !isUnopenedConnectionError(error);
}

/** The refusals whose hint changes when an earlier attempt may have applied the write. */
const RESENT_HINTED = new Set<string>(AWS_HINTS.resentAfterLostAnswer.errors);

/** SDK answers and errors of requests sent again after an attempt that may have been applied. */
const resent = new WeakSet<object>();

/**
 * Marks `target` (a command's output or error) as the end of a request that the SDK sent again
 * after an attempt that may have been applied (mayHaveBeenApplied): client.ts's retry watch.
 */
export function markResentAfterLostAnswer(target: unknown): void {
  if (target && typeof target === "object") resent.add(target);
}

/**
 * Was this output or error that of a request the SDK sent again after an attempt that may have
 * been applied? Then a write it reports may have been applied twice, and a write it reports
 * refused (a false condition, a duplicate key) may have been refused because of its own first
 * attempt.
 */
export function wasResentAfterLostAnswer(target: unknown): boolean {
  return Boolean(target && typeof target === "object" && resent.has(target));
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
  const denied = isAccessDenied(error);
  const needs = denied ? permissionSentence(error, context) : "";
  const failure = describeFailure(error, "DynamoDB", context.connection);
  const detail = `${where}: ${failure.text}${needs}`;
  // The code of the hint the message gives; the permission sentence's when it is the only one.
  const code = failure.code ?? (needs ? "permissionNeeded" : undefined);
  if (context.connection && isCredentialError(error) && !isClockSkewError(error)) {
    const refused = connectionError(context.connection, detail, {}, code);
    if (denied) deniedErrors.add(refused);
    return refused;
  }
  const name = errorName(error);
  const wrapped = awsFailure(
    name === "Error" ? "DynamoDBError" : name,
    detail,
    error,
    context,
    code,
  );
  if (denied) deniedErrors.add(wrapped);
  return wrapped;
}

/**
 * The Error a step fails with for an AWS failure, named `name`: `detail` (which repeats endpoint
 * text) with the connection's secrets masked and control characters escaped, so that it can
 * neither leak a secret nor start a forged log line, and the AWS error kept as its `cause`
 * (for code that inspects it, such as CancellationReasons), redacted the same way. `code` is
 * the catalogue code of the hint `detail` gives (withFailureCode), undefined when it gives none.
 */
export function awsFailure(
  name: string,
  detail: string,
  error: unknown,
  context: { connection?: Connection },
  code: HintCode | undefined = undefined,
): AwsFailure {
  const secrets = connectionSecrets(context.connection);
  // Redacted before escaping: a secret is found in the form it was echoed in.
  const wrapped = new Error(printable(redact(detail, secrets)));
  wrapped.name = name;
  (wrapped as Error & { cause?: unknown }).cause = redactDeep(error, secrets);
  // Code that reads the step's error (a versioned write's conflict) must still know.
  if (wasResentAfterLostAnswer(error)) markResentAfterLostAnswer(wrapped);
  return withFailureCode(wrapped, code);
}

/**
 * How often the SDK tried the request, for the throttling hints' {tries}: from the attempt count
 * its retry loop sets on the error. Without one, the error never went through that loop, as a
 * mocked client's rejection does not: saying "retries were exhausted" then would send a test's
 * author looking for retries that never ran.
 */
function triesText(error: unknown): string {
  const attempts = (error as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
  if (typeof attempts === "number" && attempts > 1) {
    return `retries were exhausted (${attempts} attempts)`;
  }
  if (attempts === 1) {
    return "it was tried once, not retried (Max Attempts 1, or the AWS SDK's retry budget was spent)";
  }
  return "it was not retried: the error gave no attempt count, as a mocked client's rejection does (aws-sdk-client-mock skips the AWS SDK's retries)";
}

/** DynamoDB's words when a key condition compares a key with a value of another type. */
const KEY_CONDITION_TYPE_MISMATCH = "Condition parameter type does not match schema type";

/** The hint of a ValidationException that DynamoDB's message alone tells apart. */
function validationHint(name: string, awsMessage: string): ChosenHint | undefined {
  return name === "ValidationException" && awsMessage.includes(KEY_CONDITION_TYPE_MISMATCH)
    ? chosenHint("keyConditionType")
    : undefined;
}

/** A failure described: its message after where it happened, and the code of the hint it gives. */
interface DescribedFailure {
  /** "Name: message. Hint". */
  readonly text: string;
  /** The hint's catalogue code; undefined when no hint applies. */
  readonly code: HintCode | undefined;
}

/**
 * "Name: message. Hint", the part of a failure's message after where it happened, and the hint's
 * code: the one decision of which hint a failure gets, so the text and the code always agree.
 */
function describeFailure(
  error: unknown,
  service = "DynamoDB",
  connection: Connection | undefined = undefined,
): DescribedFailure {
  const status = unreadableAnswerStatus(error);
  if (status !== undefined) {
    const retried = status >= 500 ? " (after the retries Max Attempts allows)" : "";
    return chosenHint("unreadableAnswer", { status: String(status), retried });
  }
  const name = errorName(error);
  const byName = HINT_BY_ERROR_NAME.get(name);
  const awsMessage = errorMessage(error);
  const hint = isClockSkewError(error)
    ? clockSkewHint(error)
    : wasResentAfterLostAnswer(error) && RESENT_HINTED.has(name)
      ? chosenHint("resentAfterLostAnswer")
      : ((service === "DynamoDB" ? credentialHint(error, connection) : undefined) ??
        (byName && !isNetworkError(error)
          ? chosenHint(byName, { tries: triesText(error) })
          : (networkHint(error, service) ?? validationHint(name, awsMessage) ?? givenHint(error))));
  const separator = awsMessage.endsWith(".") || awsMessage.endsWith("!") ? " " : ". ";
  return {
    text: `${name}: ${awsMessage}${hint?.text ? `${separator}${hint.text}` : ""}`,
    code: hint?.code,
  };
}

/** What assumeRoleError and expiredSessionError say where. */
export interface RoleContext {
  connection: Connection;
  region: string;
  roleArn: string;
  /** True when a session had been obtained before: this call was to renew it. */
  renewing?: boolean;
}

/**
 * The ConnectionError of an assumed role that could not be had (STS refused, failed, answered
 * garbage or too slowly): "AssumeRole failed for role ... in region ...: reason". It has no
 * `cause`, so that the DynamoDB request that needed the credentials is not retried again: STS's
 * own client already made Max Attempts tries. It speaks of the one request that needed the
 * session, never of the step: requests sent before may have succeeded (with an earlier session).
 */
export function assumeRoleError(error: unknown, context: RoleContext): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const needs = isAccessDenied(error)
    ? ` ${hintText("assumeRoleNeeded", { role: context.roleArn })}`
    : "";
  const failure = describeFailure(error, "STS");
  const detail = `AssumeRole failed for role ${context.roleArn} in region ${context.region}: ${failure.text}${needs}`;
  const what = context.renewing
    ? "The role's session could not be renewed"
    : "The connection's role could not be assumed";
  return connectionError(
    context.connection,
    `${detail} ${what}, so the DynamoDB request that needed it was not sent.`,
    {},
    // The code of the hint the message gives; the needed permission's when it is the only one.
    failure.code ?? (needs ? "assumeRoleNeeded" : undefined),
  );
}

/**
 * The ConnectionError for credentials that STS handed out already expired (by this machine's
 * clock): they are not used, since AWS would refuse every request signed with them.
 */
export function expiredSessionError(context: RoleContext, expiration: Date): ConnectionError {
  return connectionError(
    context.connection,
    `AssumeRole for role ${context.roleArn} in region ${context.region} returned credentials that expire at ${expiration.toISOString()}, already past by this machine's clock (${new Date().toISOString()}), so they were not used and the DynamoDB request that needed them was not sent. Check the clock (NTP) of the machine that runs the step.`,
  );
}

/**
 * The StepError (code noAnswer) of a request an AWS client gave no answer to at all: its send
 * returned undefined rather than a promise. A real client never does; a mocked one
 * (aws-sdk-client-mock) does for a command it was not told to answer. `command` is the request's
 * command object, named by commandOperation.
 */
export function noAnswerError(service: string, command: unknown): StepError {
  const operation = commandOperation(command);
  const what = operation ? `the ${operation} request` : "a request";
  return new StepError(
    "noAnswer",
    `The ${service} client gave no answer to ${what}, as a mocked client does for a command it was not told to answer. In a test with a mocked client, mock ${operation || "that command"} too (docs/guides/code-and-tests.md).`,
  );
}

/**
 * The operation a command object stands for ("GetItem"): the name in the operation schema the
 * SDK's commands carry (`schema`, a string the minified bundle keeps, where it shortens class
 * names), else its class's name ("GetItemCommand"); "" when neither names one.
 */
export function commandOperation(command: unknown): string {
  const { schema, constructor: made } = (command ?? {}) as {
    schema?: unknown;
    constructor?: unknown;
  };
  // The schema is the tuple [kind, namespace, name, ...] or, in older SDKs, an object with a name.
  const name = Array.isArray(schema) ? schema[2] : (schema as { name?: unknown } | undefined)?.name;
  if (typeof name === "string" && /^\w+$/.test(name)) return name;
  return operationOf((made as { name?: unknown } | undefined)?.name);
}

/**
 * The operation a command's name stands for ("GetItemCommand" -> "GetItem"), or "" when the name
 * is not a command's (such as a class name the minified bundle shortened).
 */
export function operationOf(commandName: unknown): string {
  return typeof commandName === "string" && /^\w+Command$/.test(commandName)
    ? commandName.slice(0, -"Command".length)
    : "";
}

/** Runs one AWS call and maps its failure with toActionError. */
export async function callAws<T>(context: CallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActionError(error, context);
  }
}

/**
 * The error catalogue: every code the connector's errors carry and every hint it adds to an AWS
 * failure, each once, with a one-line meaning and the anchor of its entry in docs/errors.md
 * (generated from this module by tools/docs/generate.ts).
 *
 * Three kinds:
 * - input errors (`InputError.code`): a bad input, found before anything is sent;
 * - step errors (`StepError.code`): a failure the connector words in full itself;
 * - AWS error hints: the sentence src/aws/errors.ts adds to an AWS or network failure, saying
 *   what to check. The error keeps its AWS name and carries the hint's code as `code` (undefined
 *   when its message gives no hint).
 *
 * Codes are part of the connector's behaviour (a flow may branch on `error.code`): a code is never
 * renamed or removed. The code types below derive from these tables, so a code that is not here
 * does not compile.
 */

import { RETRY_TIME_LIMIT_TEXT } from "../common/limits";

/** What every entry says. */
interface Entry {
  /** One line: what went wrong, in a flow builder's words. */
  readonly meaning: string;
}

/** One kind of bad input. */
export const INPUT_ERRORS = {
  required: { meaning: "A required input (or one of two alternatives) is blank." },
  wrongKind: {
    meaning: "An object, list or other non-text value where text is wanted, or the reverse.",
  },
  invalidJson: { meaning: "Text that should be JSON is not valid JSON." },
  tooDeep: {
    meaning: "Nested deeper than DynamoDB's 32 levels (or than the JSON reader accepts).",
  },
  tooLarge: {
    meaning:
      "Over a DynamoDB size or length limit: item 400 KB, partition key 2 KB, sort key 1 KB, expression 4 KB, PartiQL statement 8,192 characters; or a value from a code-native flow that, counting a shared list or object once for every place it appears, holds more than 409,600 list and map members (more than a 400 KB item can hold).",
  },
  invalidName: {
    meaning:
      "A table, index, attribute or placeholder name that breaks DynamoDB's naming rules, or a placeholder spelled wrongly.",
  },
  invalidValue: {
    meaning: "Not a number, not one of the choices, or otherwise not a value the input takes.",
  },
  undefinedPlaceholder: {
    meaning: "A `#name` or `:value` placeholder used in an expression but defined nowhere.",
  },
  unusedPlaceholder: {
    meaning: "A placeholder defined but used by no expression (DynamoDB refuses it).",
  },
  conflict: { meaning: "Inputs that exclude each other, or one input that needs another." },
  duplicate: { meaning: "The same key, item or name given twice where it may appear once." },
  dynamoJson: {
    meaning:
      'DynamoDB\'s typed JSON (`{"S": "a1"}`) where plain JSON is expected; the message shows the plain form.',
  },
  unreadableName: {
    meaning:
      "A top-level attribute named `__proto__`: DynamoDB would store it, but the AWS SDK drops it from every read.",
  },
  keyMismatch: { meaning: "A key or cursor that does not fit the table's key schema." },
  unknownInput: {
    meaning:
      "A code-native call (`localActions`, the manifest's actions and data sources) gave a key that is no input of the action, such as a misspelt `consistentread`: it would be ignored.",
  },
} as const satisfies Record<string, Entry>;

/** An input error's code (`InputError.code`): one key of INPUT_ERRORS. */
export type InputErrorCode = keyof typeof INPUT_ERRORS;

/** One failure the connector words in full itself, thrown as a StepError. */
export const STEP_ERRORS = {
  waitTimedOut: {
    meaning:
      "A table, index, backup, export or import was not ready within the wait's bound; the change goes on in the background.",
  },
  backupDeleted: {
    meaning: "The backup was deleted while the step waited for it to become AVAILABLE.",
  },
  streamNotFound: {
    meaning: "The table's stream was not found: streams are off, or the stream was replaced.",
  },
  cursorRepeated: {
    meaning:
      "The endpoint gave a page cursor it had given before, so reading on would loop forever.",
  },
  paginationStateInvalid: {
    meaning:
      "A trigger page was handed a pagination state its previous page did not write, so it cannot go on where that page stopped.",
  },
  exportFailed: {
    meaning:
      "The export to S3 ended FAILED; the message quotes DynamoDB's FailureCode and FailureMessage.",
  },
  importFailed: {
    meaning:
      "The import from S3 ended FAILED or CANCELLED; the message quotes DynamoDB's FailureCode and FailureMessage.",
  },
  pageLimit: {
    meaning:
      "The step read the most pages one step reads and the endpoint kept giving more; narrow the request or page with the cursor inputs.",
  },
  replicaFailed: {
    meaning:
      "A replica being added failed (CREATION_FAILED, a disabled region, an inaccessible KMS key...) or vanished; DynamoDB's description is quoted.",
  },
  webhookUrlRefused: {
    meaning:
      "The flow's webhook URL is missing or not https, so the instant trigger's pipe was not set up.",
  },
  pipeSetupFailed: {
    meaning:
      "The instant trigger's pipe ended in a failed state (often its role), or was still busy with an earlier change.",
  },
  unprocessedAfterRetries: {
    meaning: `Keys, writes or rows DynamoDB still left unprocessed (throttling, or its response size limit) once their retries ended (at Max Retries or the ${RETRY_TIME_LIMIT_TEXT} retry time limit), with Return Unprocessed off; the message lists the first few and what was done.`,
  },
  pointInTimeRecoveryDisabled: {
    meaning:
      "A restore to a point in time was asked of a table whose point-in-time recovery is not enabled.",
  },
  cursorUnavailable: {
    meaning: "Scan Items could not make a cursor to continue from: an item lacks a key attribute.",
  },
  timeToLiveOnOtherAttribute: {
    meaning:
      "Time to Live is on another attribute of the table: disable it there before enabling it on a new one, or give that attribute to disable it.",
  },
  incompleteAnswer: {
    meaning:
      "DynamoDB's answer lacked a part the step needs (a table's description, its ARN or its key schema), as an endpoint that is not DynamoDB, or a mocked client, may answer.",
  },
  noAnswer: {
    meaning:
      "An AWS client gave no answer at all to a request, as a mocked client (aws-sdk-client-mock) gives for a command it was not told to answer.",
  },
  unexpectedAnswer: {
    meaning:
      'An answer held a value that is no DynamoDB value ({"N": 5}, {"L": null}, {"NULL": false}, a number DynamoDB cannot store, binary as text, a value with two types such as {"S": "a", "N": "1"}, an item that is no object) or was shaped as DynamoDB never shapes one (a list of items holding null, an unprocessed write without its item), as a mocked client may answer, or held a type newer than the connector\'s AWS SDK; the message names the attribute or the part of the answer, and for a mocked answer the operation answered (The answer to Query holds …; Query\'s Items[0] is null, not an object).',
  },
} as const satisfies Record<string, Entry>;

/** A step error's code (`StepError.code`): one key of STEP_ERRORS. */
export type StepErrorCode = keyof typeof STEP_ERRORS;

/**
 * How a hint is found for a failure:
 * - `name`: the error's AWS name is one of `errors` (the hint for that name, whatever else holds);
 * - `networkCode`: Node's error code on the error or one of its causes is one of `errors`;
 * - `condition`: src/aws/errors.ts (or the engine `when` names) picks it when `when` holds, for
 *   an error named in `errors`;
 * - `transactionError`: a transaction call failed with one of `errors`; the hint replaces
 *   DynamoDB's message (src/engines/transactions.ts);
 * - `cancellationReason`: one of a cancelled transaction's CancellationReasons has one of
 *   `errors` as its Code; the hint follows the failing entry's name and code.
 */
export type HintMatch =
  | "name"
  | "networkCode"
  | "condition"
  | "transactionError"
  | "cancellationReason";

/** One hint added to an AWS or network failure. */
export interface HintEntry extends Entry {
  readonly match: HintMatch;
  /** The AWS error names (or Node's error codes) it answers. */
  readonly errors: readonly string[];
  /** For `condition` hints: when it applies, in one line. */
  readonly when?: string;
  /** The hint's text, word for word; `{name}` marks a part filled in when the error happens. */
  readonly text: string;
}

const SESSION_REFUSED = [
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
] as const;

const EXPIRED_TOKEN = ["ExpiredToken", "ExpiredTokenException"] as const;

const TIMEOUT = ["TimeoutError", "RequestTimeout", "ETIMEDOUT"] as const;

/** The hints src/aws/errors.ts adds to AWS and network failures. */
export const AWS_HINTS = {
  resourceNotFound: {
    match: "name",
    errors: ["ResourceNotFoundException"],
    meaning: "The table or index does not exist in this region and account.",
    text: "Check that the table (or index) exists in this region and that the connection points at the right account.",
  },
  conditionFailed: {
    match: "name",
    errors: ["ConditionalCheckFailedException"],
    meaning: "The Condition Expression was false: nothing was written.",
    text: "The Condition Expression was false for the current item, so nothing was written.",
  },
  resentAfterLostAnswer: {
    match: "condition",
    errors: ["ConditionalCheckFailedException", "DuplicateItemException"],
    when: "an earlier attempt of the same request got a server error (5xx) or no answer after it was sent, and the SDK sent it again",
    meaning:
      "The earlier attempt may have applied the write, so the retry found the item already written: the condition or the key check may have failed on the step's own write.",
    text: "An earlier attempt of this request got a server error or no answer after it was sent, and may have applied the write itself, so this is not proof that nothing was written: read the item to tell.",
  },
  versionConflict: {
    match: "condition",
    errors: ["ConditionalCheckFailedException"],
    when: "a write with a Version Attribute found the item at another version than Expected Version, or gone (src/engines/versioning.ts)",
    meaning:
      "Optimistic locking: another write changed (or deleted) the item since it was read, so nothing was written.",
    text: "The item changed since it was read: {change}. Nothing was written; read the item again and apply the change to its current version.",
  },
  transactionCanceled: {
    match: "name",
    errors: ["TransactionCanceledException"],
    meaning: "DynamoDB cancelled the transaction: none of its operations was applied.",
    text: "No operation of the transaction was applied.",
  },
  tableThrottled: {
    match: "name",
    errors: ["ProvisionedThroughputExceededException"],
    meaning: "The table had no capacity left, through every retry.",
    text: "The table is throttling requests; {tries}. Raise its capacity or use on-demand billing.",
  },
  throttled: {
    match: "name",
    errors: ["ThrottlingException"],
    meaning: "AWS throttled the requests, through every retry.",
    text: "AWS is throttling requests; {tries}. Try again later.",
  },
  requestLimitExceeded: {
    match: "name",
    errors: ["RequestLimitExceeded"],
    meaning: "The account's request limit was exceeded, through every retry.",
    text: "The account's request limit was exceeded; {tries}.",
  },
  resourceInUse: {
    match: "name",
    errors: ["ResourceInUseException"],
    meaning: "The table is being created, updated or deleted, or exists already.",
    text: "The table is being created, updated or deleted, or already exists. Wait until it is ACTIVE.",
  },
  limitExceeded: {
    match: "name",
    errors: ["LimitExceededException"],
    meaning: "An account limit was reached, such as concurrent table operations.",
    text: "An account limit was reached (for example concurrent table operations).",
  },
  itemCollectionTooLarge: {
    match: "name",
    errors: ["ItemCollectionSizeLimitExceededException"],
    meaning: "An item collection of a table with local secondary indexes would exceed 10 GB.",
    text: "An item collection exceeded 10 GB (tables with local secondary indexes).",
  },
  unrecognizedClient: {
    match: "name",
    errors: ["UnrecognizedClientException"],
    meaning: "AWS does not know the connection's Access Key ID.",
    text: "Check the Access Key ID of the connection.",
  },
  invalidSignature: {
    match: "name",
    errors: ["InvalidSignatureException"],
    meaning: "The request's signature does not match: the Secret Access Key is wrong.",
    text: "Check the Secret Access Key of the connection.",
  },
  accessDenied: {
    match: "name",
    errors: ["AccessDeniedException"],
    meaning: "Valid credentials without permission for this operation on this resource.",
    text: "The credentials are valid but lack permission for this operation on this resource.",
  },
  assumeRoleDenied: {
    match: "name",
    errors: ["AccessDenied"],
    meaning: "STS refused to let the credentials assume the role.",
    text: "The credentials may not assume this role, or the External ID does not match.",
  },
  tokenExpired: {
    match: "name",
    errors: ["ExpiredTokenException"],
    meaning: "The session token has expired (where no connection-specific hint applies).",
    text: "The session token has expired; renew the connection's credentials.",
  },
  backupNotFound: {
    match: "name",
    errors: ["BackupNotFoundException"],
    meaning: "No backup has this ARN in this region.",
    text: "Check the Backup ARN: the backup may have been deleted, or be in another region.",
  },
  backupInUse: {
    match: "name",
    errors: ["BackupInUseException"],
    meaning: "The backup is being created, restored or deleted.",
    text: "The backup is being created, restored or deleted; wait and try again.",
  },
  tableAlreadyExists: {
    match: "name",
    errors: ["TableAlreadyExistsException"],
    meaning: "A restore's target table exists already.",
    text: "A table of the Target Table Name exists already; choose another.",
  },
  tableNotFound: {
    match: "name",
    errors: ["TableNotFoundException"],
    meaning: "A restore's source table does not exist in this region.",
    text: "Check that the source table exists in this region.",
  },
  pointInTimeRecoveryOff: {
    match: "name",
    errors: ["PointInTimeRecoveryUnavailableException"],
    meaning: "Point-in-time recovery is not enabled on the source table.",
    text: "Point-in-time recovery is not enabled on the source table; turn it on with Update Continuous Backups.",
  },
  continuousBackupsUnavailable: {
    match: "name",
    errors: ["ContinuousBackupsUnavailableException"],
    meaning: "Continuous backups are still being enabled for the table.",
    text: "Continuous backups are still being enabled for this table; try again in a few minutes.",
  },
  unknownOperation: {
    match: "name",
    errors: ["UnknownOperationException"],
    meaning:
      "The endpoint does not offer the operation (DynamoDB Local has no backups, tags, exports or imports).",
    text: "The endpoint does not offer this operation (DynamoDB Local has no backups, point-in-time recovery, tagging, or exports to and imports from S3).",
  },
  replicaRefused: {
    match: "condition",
    errors: ["ValidationException"],
    when: "DynamoDB refused the UpdateTable of Add Replica or Remove Replica (src/engines/replicas.ts)",
    meaning:
      "DynamoDB refused to add or remove the replica; the table may not meet a global table's requirements.",
    text: "A table that gets a replica must be on-demand or provisioned with auto scaling of its write capacity; a stream it has must show NEW_AND_OLD_IMAGES (DynamoDB turns one on when there is none); a KMS key must be in the replica's region; and the region must be enabled for the account.",
  },
  keyConditionType: {
    match: "condition",
    errors: ["ValidationException"],
    when: "DynamoDB's message says a key condition's value is not of the key's type (src/aws/errors.ts)",
    meaning:
      "A Key Condition Expression compared a partition or sort key with a value of another type.",
    text: "A key condition compares each key with a value of the key's own type: check Expression Attribute Value Types for the placeholders the Key Condition Expression compares with the partition and sort keys (S for a string key, N for a number, B for binary); Describe Table shows the keys' types.",
  },
  invalidRestoreTime: {
    match: "name",
    errors: ["InvalidRestoreTimeException"],
    meaning: "The restore time is outside the table's restorable window.",
    text: "The restore time is outside the table's restorable window; Describe Continuous Backups shows it.",
  },
  exportNotFound: {
    match: "name",
    errors: ["ExportNotFoundException"],
    meaning: "No export has this ARN in this region.",
    text: "Check the Export ARN: List Exports shows the exports of the last 90 days in this region.",
  },
  exportConflict: {
    match: "name",
    errors: ["ExportConflictException"],
    meaning: "An export with the same client token but other parameters is under way.",
    text: "An export of this table with the same client token but other parameters is under way; wait for it, or start the export again.",
  },
  invalidExportTime: {
    match: "name",
    errors: ["InvalidExportTimeException"],
    meaning: "The export time is outside the table's point-in-time recovery window.",
    text: "The export time (or period) is outside the table's point-in-time recovery window; Describe Continuous Backups shows it.",
  },
  importNotFound: {
    match: "name",
    errors: ["ImportNotFoundException"],
    meaning: "No import has this ARN in this region.",
    text: "Check the Import ARN: List Imports shows the imports of the last 90 days in this region.",
  },
  importConflict: {
    match: "name",
    errors: ["ImportConflictException"],
    meaning: "An import with the same client token but other parameters is under way.",
    text: "An import with the same client token but other parameters is under way; wait for it, or start the import again.",
  },
  hostNotFound: {
    match: "networkCode",
    errors: ["ENOTFOUND"],
    meaning: "The endpoint's host name cannot be resolved (DNS).",
    text: "The endpoint's host name cannot be resolved (DNS). Check the Endpoint URL of the connection, or the region.",
  },
  hostLookupFailed: {
    match: "networkCode",
    errors: ["EAI_AGAIN"],
    meaning: "The DNS lookup of the endpoint's host name failed for now.",
    text: "The endpoint's host name cannot be resolved right now (DNS lookup failed). Check the Endpoint URL and the network.",
  },
  connectionRefused: {
    match: "networkCode",
    errors: ["ECONNREFUSED"],
    meaning: "Nothing accepted the connection at the endpoint.",
    text: "Nothing accepted the connection at the endpoint (connection refused). Check the Endpoint URL.",
  },
  answerCutShort: {
    match: "condition",
    errors: ["ECONNRESET"],
    when: 'the connection closed after the answer began, before it was complete (Node\'s "aborted")',
    meaning: "The answer began but the connection closed before its last byte.",
    text: "The endpoint closed the connection before its answer was complete (the answer was cut short). Check the Endpoint URL and the network.",
  },
  connectionClosed: {
    match: "networkCode",
    errors: ["ECONNRESET", "EPIPE"],
    meaning: "The endpoint closed the connection before answering.",
    text: "The endpoint closed the connection before answering. Check the Endpoint URL and the network.",
  },
  timeout: {
    match: "condition",
    errors: TIMEOUT,
    when: "DynamoDB did not answer within the attempt's deadline",
    meaning: "DynamoDB did not answer in time, through every retry.",
    text: "DynamoDB did not answer in time. Check the Endpoint URL and the network.",
  },
  serviceTimeout: {
    match: "condition",
    errors: TIMEOUT,
    when: "another service (STS, for an assumed role) did not answer in time",
    meaning: "The service that gives the connection its credentials did not answer in time.",
    text: "{service} did not answer in time. Check the network.",
  },
  connectionWait: {
    match: "condition",
    errors: ["TimeoutError"],
    when: "the attempt waited for a free connection to the endpoint and was never sent",
    meaning: "Every connection to the endpoint stayed busy with other requests until the deadline.",
    text: "The endpoint answered other requests too slowly, or too many steps used this connection at once.",
  },
  clockSkew: {
    match: "condition",
    errors: [
      "RequestTimeTooSkewed",
      "RequestExpired",
      "RequestInTheFuture",
      "InvalidSignatureException",
      "SignatureDoesNotMatch",
      "AuthFailure",
    ],
    when: "AWS refused the signing time (the last three only when their message says so)",
    meaning: "This machine's clock is more than 5 minutes off AWS's.",
    text: "AWS refused the request's signing time: {clock}. The SDK corrects for a difference it can measure and tries once more; the request still failed. Check the clock (NTP) of the machine that runs the step; the connection's credentials are not the cause.",
  },
  unreadableAnswer: {
    match: "condition",
    errors: ["SyntaxError"],
    when: "the endpoint answered an HTTP error with a body that is not an AWS answer",
    meaning: "A proxy or load balancer answered instead of AWS (such as an HTML error page).",
    text: "HTTP {status}: the endpoint answered HTTP {status}{retried} with a body that is not an AWS answer (such as an HTML error page from a proxy or load balancer). Check the Endpoint URL and the network.",
  },
  roleSessionRefused: {
    match: "condition",
    errors: SESSION_REFUSED,
    when: "an AWS Role ARN connection",
    meaning: "AWS refused the assumed role's session: expired, revoked or not recognised.",
    text: "AWS refused the assumed role's session (expired, revoked or not recognised); a later step assumes the role again.",
  },
  roleSessionRefusedAgain: {
    match: "condition",
    errors: SESSION_REFUSED,
    when: "an AWS Role ARN connection, after assuming the role again for this request",
    meaning: "AWS refused the assumed role's session, and the new one too.",
    text: "AWS refused the assumed role's session, and refused the new one that assuming the role again for this request gave: check that the role exists and that its sessions are not being revoked. Each later step assumes the role again.",
  },
  roleAccessDenied: {
    match: "condition",
    errors: ["AccessDeniedException"],
    when: "an AWS Role ARN connection",
    meaning: "The role's session lacks permission for this operation on this resource.",
    text: "The role's session lacks permission for this operation on this resource: check the role's permissions policy.",
  },
  roleAccessDeniedAgain: {
    match: "condition",
    errors: ["AccessDeniedException"],
    when: "an AWS Role ARN connection, after assuming the role again for this request",
    meaning: "The role's session lacks permission, and so did a new one.",
    text: "The role's session lacks permission for this operation on this resource: check the role's permissions policy. A new session, from assuming the role again, was refused too.",
  },
  permissionNeeded: {
    match: "condition",
    errors: ["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"],
    when: "AWS refused a request for want of permission (also an HTTP 403 of another name); added after the hint above",
    meaning: "Names the IAM permission the refused request needed, read from the request itself.",
    text: "The step needs {permission}, which {who} lacks (or a policy denies). Generate IAM Policy writes a policy that grants it.",
  },
  assumeRoleNeeded: {
    match: "condition",
    errors: ["AccessDenied"],
    when: "STS refused AssumeRole for an AWS Role ARN connection; added after the hint above",
    meaning: "Names the permission and the trust that assuming the role needs.",
    text: "The user of the connection's Access Key ID needs sts:AssumeRole on {role}, and the role's trust policy must let that user assume it.",
  },
  sessionTokenExpired: {
    match: "condition",
    errors: EXPIRED_TOKEN,
    when: "an Access Key and Secret connection with a Session Token",
    meaning: "The connection's temporary keys have expired.",
    text: "The connection's Session Token has expired (temporary keys last hours at most): enter new temporary keys (Access Key ID, Secret Access Key and Session Token) in the connection, or use long-term keys or an AWS Role ARN connection, which renews its session by itself.",
  },
  credentialsExpired: {
    match: "condition",
    errors: EXPIRED_TOKEN,
    when: "a connection without a Session Token",
    meaning: "AWS says the connection's credentials have expired.",
    text: "AWS says the connection's credentials have expired: enter current keys in the connection.",
  },
  sessionTokenMismatch: {
    match: "condition",
    errors: ["UnrecognizedClientException", "InvalidClientTokenId"],
    when: "an Access Key and Secret connection with a Session Token",
    meaning: "The Access Key ID is unknown, or its Session Token is another key's or has expired.",
    text: "Check the Access Key ID of the connection, and that its Session Token belongs to it and has not expired.",
  },
  transactionTokenReused: {
    match: "transactionError",
    errors: ["IdempotentParameterMismatchException"],
    meaning: "The Client Request Token was used in the last 10 minutes for another transaction.",
    text: "The Client Request Token was already used in the last 10 minutes for a different set of operations; use a new token for a different transaction.",
  },
  transactionInProgress: {
    match: "transactionError",
    errors: ["TransactionInProgressException"],
    meaning: "A transaction with the same Client Request Token is still running.",
    text: "A transaction with the same Client Request Token is still running; wait a moment and run it again.",
  },
  reasonConditionFailed: {
    match: "cancellationReason",
    errors: ["ConditionalCheckFailed"],
    meaning: "The entry's condition was false.",
    text: "the condition was false.",
  },
  reasonTransactionConflict: {
    match: "cancellationReason",
    errors: ["TransactionConflict"],
    meaning: "Another request was changing the entry's item at the same time.",
    text: "another request was changing the same item at the same time; run the transaction again.",
  },
  reasonThroughputExceeded: {
    match: "cancellationReason",
    errors: ["ProvisionedThroughputExceeded"],
    meaning: "The entry's table or index had no capacity left.",
    text: "the table (or an index) had no capacity left; try again later or raise its capacity.",
  },
  reasonThrottled: {
    match: "cancellationReason",
    errors: ["ThrottlingError"],
    meaning: "DynamoDB throttled the entry's request.",
    text: "DynamoDB throttled the request; try again later.",
  },
  reasonItemCollectionTooLarge: {
    match: "cancellationReason",
    errors: ["ItemCollectionSizeLimitExceeded"],
    meaning:
      "The entry would grow an item collection (table with a local secondary index) past 10 GB.",
    text: "the item collection (items with this partition key, on a table with a local secondary index) would exceed 10 GB.",
  },
  reasonValidation: {
    match: "cancellationReason",
    errors: ["ValidationError"],
    meaning: "DynamoDB found the entry invalid (its own message is shown when it gives one).",
    text: "the operation is invalid.",
  },
  reasonDuplicateItem: {
    match: "cancellationReason",
    errors: ["DuplicateItem"],
    meaning: "A PartiQL INSERT named an item that exists already.",
    text: "an item with this key already exists (a PartiQL INSERT never replaces an item; use UPDATE, or check with EXISTS first).",
  },
} as const satisfies Record<string, HintEntry>;

/** An AWS error hint's code: one key of AWS_HINTS. */
export type HintCode = keyof typeof AWS_HINTS;

/** The three kinds of entry, as docs/errors.md orders them. */
export type ErrorKind = "input" | "step" | "hint";

/** One entry of the catalogue, with its kind and anchor. */
export interface CatalogueEntry extends Entry {
  readonly kind: ErrorKind;
  readonly code: string;
  /** The `id` of its row in docs/errors.md: `<kind>-<code in kebab case>`. */
  readonly anchor: string;
  readonly hint?: HintEntry;
}

/** The anchor of an entry in docs/errors.md, such as `input-wrong-kind`. */
function errorAnchor(kind: ErrorKind, code: string): string {
  return `${kind}-${code.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** The documentation page of the catalogue, from the repository's root. */
export const ERRORS_PAGE = "docs/errors.md";

/** Every entry, in the order of docs/errors.md: input errors, step errors, hints. */
export function catalogueEntries(): CatalogueEntry[] {
  const entries = (kind: ErrorKind, table: Record<string, Entry>) =>
    Object.entries(table).map(([code, entry]) => ({
      ...entry,
      kind,
      code,
      anchor: errorAnchor(kind, code),
      ...(kind === "hint" ? { hint: entry as HintEntry } : {}),
    }));
  return [
    ...entries("input", INPUT_ERRORS),
    ...entries("step", STEP_ERRORS),
    ...entries("hint", AWS_HINTS),
  ];
}

/** A hint's text with its `{name}` parts filled in; a part without a value stays as written. */
export function hintText(code: HintCode, values: Record<string, string> = {}): string {
  const text: string = AWS_HINTS[code].text;
  return text.replace(/\{(\w+)\}/g, (part, name: string) => values[name] ?? part);
}

/** A hint chosen for a failure: the code its error carries and the text its message gives. */
export interface ChosenHint {
  readonly code: HintCode;
  readonly text: string;
}

/**
 * The hint `code` with its text filled in (hintText), so that the one decision that picks a hint
 * gives both the message's sentence and the error's `code`.
 */
export function chosenHint(code: HintCode, values: Record<string, string> = {}): ChosenHint {
  return { code, text: hintText(code, values) };
}

function hintsBy(match: HintMatch): ReadonlyMap<string, HintCode> {
  const map = new Map<string, HintCode>();
  for (const [code, entry] of Object.entries(AWS_HINTS) as [HintCode, HintEntry][]) {
    if (entry.match === match) for (const error of entry.errors) map.set(error, code);
  }
  return map;
}

/** The hint of each AWS error name that has one whatever else holds (`match: "name"`). */
export const HINT_BY_ERROR_NAME = hintsBy("name");

/** The hint of each Node error code of a failure below HTTP (`match: "networkCode"`). */
export const HINT_BY_NETWORK_CODE = hintsBy("networkCode");

/** The hint of each error of a transaction call that replaces DynamoDB's message. */
export const HINT_BY_TRANSACTION_ERROR = hintsBy("transactionError");

/** The hint of each Code of a cancelled transaction's CancellationReasons. */
export const HINT_BY_CANCELLATION_REASON = hintsBy("cancellationReason");

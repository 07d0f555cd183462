/**
 * PartiQL statement lists, for Batch Execute Statements and Execute Transaction: the Statements
 * input (a JSON list; each entry a statement with its ? parameters), checked entry by entry with
 * Raw Request's rules (length limit, one parameter per ?, lossless values) before anything is
 * sent, and every message names the entry by its index, such as `Statements[2]`; then the
 * BatchExecuteStatement and ExecuteTransaction requests, and the batch run with its retries.
 */
import {
  type AttributeValue,
  BatchExecuteStatementCommand,
  type BatchExecuteStatementCommandInput,
  type BatchStatementResponse,
  type ExecuteTransactionCommandInput,
} from "@aws-sdk/client-dynamodb";
import { wasResentAfterLostAnswer } from "../aws/errors";
import type { Step } from "../aws/invocation";
import { formatCount, listSome } from "../common/messages";
import { firstKeyword } from "../common/partiqlText";
import {
  checkStatementLength,
  cleanBoolean,
  cleanChoice,
  fail,
  isPlainObject,
  RETURN_ON_FAILURE,
  type ReturnOnFailure,
  STATEMENTS_LABEL,
} from "../inputs";
import {
  entryFields,
  type ListLimit,
  parseJsonList,
  requiredText,
  TRANSACTION_LIMIT,
} from "../inputs/entries";
import { failedPartWay, runBatches } from "./batchRuns";
import { checkStatementIndexRead } from "./indexReads";
import { checkWritesReadable, statementParameters } from "./partiql";
import { type DescribedEntry, withClientRequestToken } from "./transactions";

/** What a statement does, from its first keyword: reads and writes may not share a request. */
export type StatementKind = "read" | "write" | "other";

/** One checked entry of the Statements input. */
export interface CleanStatement {
  /** Its place in the input (0-based), which messages and results name. */
  index: number;
  statement: string;
  parameters?: AttributeValue[];
  consistentRead?: boolean;
  returnValuesOnConditionCheckFailure?: ReturnOnFailure;
  kind: StatementKind;
}

export interface StatementListOptions {
  /** DynamoDB's limit: 25 statements per BatchExecuteStatement, 100 per ExecuteTransaction. */
  limit: ListLimit;
  /** Only BatchExecuteStatement takes ConsistentRead per statement. */
  consistentRead: boolean;
  /** A good value, for messages. */
  example: string;
}

function kindOf(statement: string): StatementKind {
  const keyword = firstKeyword(statement);
  if (keyword === "select") return "read";
  if (keyword === "insert" || keyword === "update" || keyword === "delete") return "write";
  return "other";
}

/** DynamoDB's limit of statements per request (API reference: BatchExecuteStatement, Statements). */
export const MAX_BATCH_STATEMENTS = 25;

/** Batch Execute Statements: up to 25 statements, each may ask for a consistent read. */
export const BATCH_STATEMENTS: StatementListOptions = {
  limit: { max: MAX_BATCH_STATEMENTS, unit: "a batch", instead: "Split it into several batches." },
  consistentRead: true,
  example: '{"statement": "SELECT * FROM \\"Stock\\" WHERE sku = ?", "parameters": ["A1"]}',
};

/** Execute Transaction: up to 100 statements, as a transaction of Transact Write Items. */
export const TRANSACTION_STATEMENTS: StatementListOptions = {
  limit: TRANSACTION_LIMIT,
  consistentRead: false,
  example: '{"statement": "DELETE FROM \\"Carts\\" WHERE id = ?", "parameters": [7]}',
};

/** One entry: a statement string, or an object with statement and optional parameters. */
function cleanEntry(raw: unknown, index: number, options: StatementListOptions): CleanStatement {
  const where = `${STATEMENTS_LABEL}[${index}]`;
  if (typeof raw === "string") {
    const statement = checkWritesReadable(
      checkStatementLength(requiredText(raw, where), where),
      where,
    );
    return {
      index,
      statement,
      parameters: parametersOf(statement, undefined, where),
      kind: kindOf(statement),
    };
  }
  if (!isPlainObject(raw)) {
    fail(
      where,
      "wrongKind",
      `${where} must be a statement string or an object such as ${options.example}.`,
    );
  }
  const allowed = ["statement", "parameters", "returnValuesOnConditionCheckFailure"];
  if (options.consistentRead) allowed.push("consistentRead");
  const fields = entryFields(raw, where, { allowed, required: ["statement"] });
  const statement = checkWritesReadable(
    checkStatementLength(
      requiredText(fields.statement, `${where}.statement`),
      `${where}.statement`,
    ),
    `${where}.statement`,
  );
  const consistentRead = cleanBoolean(`${where}.consistentRead`)(fields.consistentRead);
  const returnOnFailure = cleanChoice(
    `${where}.returnValuesOnConditionCheckFailure`,
    RETURN_ON_FAILURE,
  )(fields.returnValuesOnConditionCheckFailure);
  return {
    index,
    statement,
    parameters: parametersOf(statement, fields.parameters, where),
    ...(consistentRead ? { consistentRead } : {}),
    ...(returnOnFailure ? { returnValuesOnConditionCheckFailure: returnOnFailure } : {}),
    kind: kindOf(statement),
  };
}

/** Raw Request's parameter rules, with messages that name the entry. */
function parametersOf(statement: string, raw: unknown, where: string) {
  return statementParameters(statement, raw, {
    parameters: `${where}.parameters`,
    statement: `${where}: the statement`,
    placeholdersIn: "its statement",
    value: (index) => `${where}.parameters[${index}]`,
  });
}

/**
 * DynamoDB runs a batch or a transaction of reads (SELECT) or of writes (INSERT, UPDATE,
 * DELETE), never both; EXISTS checks may join writes in a transaction. Source: API reference of
 * BatchExecuteStatement and ExecuteTransaction.
 */
function checkNotMixed(statements: CleanStatement[], unit: string): void {
  const read = statements.find((entry) => entry.kind === "read");
  const write = statements.find((entry) => entry.kind === "write");
  if (read && write) {
    fail(
      STATEMENTS_LABEL,
      "conflict",
      `${STATEMENTS_LABEL} mixes reads and writes: ${STATEMENTS_LABEL}[${read.index}] is a SELECT and ${STATEMENTS_LABEL}[${write.index}] is ${/^[aeiou]/i.test(firstKeyword(write.statement)) ? "an" : "a"} ${firstKeyword(write.statement).toUpperCase()}. DynamoDB runs ${unit} of only reads or only writes; split them into two steps.`,
    );
  }
}

/** The Statements input, every entry checked; nothing is sent unless all of them are valid. */
export function cleanStatements(raw: unknown, options: StatementListOptions): CleanStatement[] {
  const entries = parseJsonList(raw, STATEMENTS_LABEL, options.example, options.limit);
  const statements = entries.map((entry, index) => cleanEntry(entry, index, options));
  checkNotMixed(statements, options.limit.unit);
  return statements;
}

/** The request form of one statement (BatchStatementRequest and ParameterizedStatement alike). */
function statementRequest(entry: CleanStatement) {
  return {
    Statement: entry.statement,
    ...(entry.parameters ? { Parameters: entry.parameters } : {}),
    ...(entry.consistentRead ? { ConsistentRead: true } : {}),
    ...(entry.returnValuesOnConditionCheckFailure
      ? { ReturnValuesOnConditionCheckFailure: entry.returnValuesOnConditionCheckFailure }
      : {}),
  };
}

/** BatchExecuteStatement's request: the statements in order. */
export function batchExecuteStatementRequest(
  statements: CleanStatement[],
): BatchExecuteStatementCommandInput {
  return { Statements: statements.map(statementRequest) };
}

/** ExecuteTransaction's request: the statements in order, with the Client Request Token if given. */
export function executeTransactionRequest(
  statements: CleanStatement[],
  clientRequestToken?: string,
): ExecuteTransactionCommandInput {
  return withClientRequestToken(
    { TransactStatements: statements.map(statementRequest) },
    clientRequestToken,
  );
}

/**
 * The statements as a cancellation message names them, "Statements[1] (INSERT)". Cancellation
 * reasons come in statement order.
 */
export function statementEntries(statements: CleanStatement[]): DescribedEntry[] {
  return statements.map((entry) => ({
    name: `${STATEMENTS_LABEL}[${entry.index}] (${firstKeyword(entry.statement).toUpperCase() || "statement"})`,
    table: "",
  }));
}

/**
 * Statement errors that mean "not run, try again later" (throttling, a conflicting transaction,
 * a server error): such a statement is sent again with backoff, as the batch actions do with
 * unprocessed items. A write that got a server error may have been applied all the same, so it
 * is marked uncertain (BatchStatementOutcomes). Other errors (a false condition, a duplicate
 * key, an invalid statement) would fail again and are reported at once.
 */
const RETRYABLE = new Set([
  "ProvisionedThroughputExceeded",
  "ThrottlingError",
  "RequestLimitExceeded",
  "TransactionConflict",
  "InternalServerError",
]);

/** What a batch of statements gave: each statement's last response, and the uncertain writes. */
export interface BatchStatementOutcomes {
  /** Each statement's last response (undefined when DynamoDB gave none). */
  responses: Map<CleanStatement, BatchStatementResponse | undefined>;
  /**
   * The writes whose request the SDK sent again after an attempt that may have applied it (a 5xx
   * or a lost connection: wasResentAfterLostAnswer): their response may hide that first write.
   */
  uncertain: Set<CleanStatement>;
}

/**
 * Runs a batch of statements (BatchExecuteStatement through step.call), once no entry asks for a
 * consistent read of a global secondary index (checkStatementIndexRead, which names the entry's
 * consistentRead); statements that fail
 * with a retryable error are sent again, with backoff, up to `maxRetries` times (runBatches).
 * Returns each statement's last response, and the writes an unanswered attempt may have applied.
 */
export async function runBatchStatements(
  step: Step,
  statements: CleanStatement[],
  maxRetries: number,
): Promise<BatchStatementOutcomes> {
  // A consistent read of a global index fails the whole batch here, before anything is sent.
  for (const entry of statements) {
    const where = `${STATEMENTS_LABEL}[${entry.index}]`;
    await checkStatementIndexRead(step, entry.statement, entry.consistentRead, {
      statement: `${where}.statement`,
      consistentRead: `${where}.consistentRead`,
    });
  }
  const outcomes = new Map<CleanStatement, BatchStatementResponse | undefined>();
  const uncertain = new Set<CleanStatement>();
  try {
    await sendStatements(step, statements, maxRetries, { responses: outcomes, uncertain });
  } catch (error) {
    throw statementsFailedPartWay(error, statements, { responses: outcomes, uncertain });
  }
  return { responses: outcomes, uncertain };
}

/**
 * A batch whose request (a retry of some statements) failed for good: the statements that had
 * succeeded before are named (`succeededIndexes`), and the others are `unconfirmedIndexes`, so
 * that a flow knows which to run again; `uncertainIndexes` as in the output.
 */
function statementsFailedPartWay(
  error: unknown,
  statements: CleanStatement[],
  outcomes: BatchStatementOutcomes,
): unknown {
  const hasSucceeded = (entry: CleanStatement) => {
    const response = outcomes.responses.get(entry);
    return response !== undefined && !response.Error;
  };
  const succeeded = statements.filter(hasSucceeded);
  if (succeeded.length === 0) return error;
  const unconfirmed = statements.filter((entry) => !hasSucceeded(entry));
  const named = listSome(succeeded.map((entry) => `${STATEMENTS_LABEL}[${entry.index}]`));
  const progress = `Before it failed, ${formatCount(succeeded.length)} of ${formatCount(statements.length)} statements had succeeded (${named}); the others were not applied or not confirmed.`;
  return Object.assign(failedPartWay(error, progress, {}), {
    succeededIndexes: succeeded.map((entry) => entry.index),
    unconfirmedIndexes: unconfirmed.map((entry) => entry.index),
    uncertainIndexes: statements
      .filter((entry) => outcomes.uncertain.has(entry))
      .map((entry) => entry.index),
  });
}

/** runBatchStatements' requests, filling `outcomes` as each answers. */
async function sendStatements(
  step: Step,
  statements: CleanStatement[],
  maxRetries: number,
  outcomes: BatchStatementOutcomes,
): Promise<void> {
  const { responses, uncertain } = outcomes;
  await runBatches({
    entries: statements,
    chunkSize: MAX_BATCH_STATEMENTS,
    concurrency: 1,
    maxRetries,
    send: async (pending) => {
      const request = batchExecuteStatementRequest(pending);
      const output = await step.send(
        "BatchExecuteStatement",
        new BatchExecuteStatementCommand(request),
      );
      // Responses that are no array (null from a mock) answer no statement: each is reported
      // with the MissingResponse error of a statement without an answer.
      const Responses = Array.isArray(output.Responses) ? output.Responses : [];
      // Responses come in the order of the statements sent, one each.
      // A write stays uncertain once any of its requests was resent after a lost answer: that
      // attempt may have applied it, whatever a later answer says.
      const resent = wasResentAfterLostAnswer(output);
      pending.forEach((entry, position) => {
        const response = Responses[position];
        responses.set(entry, response);
        // A server error may come after the write was applied; the retry cannot tell.
        const serverError = response?.Error?.Code === "InternalServerError";
        if ((resent || serverError) && entry.kind !== "read") uncertain.add(entry);
      });
      return pending.filter((_, position) => RETRYABLE.has(Responses[position]?.Error?.Code ?? ""));
    },
  });
}

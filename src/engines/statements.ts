/**
 * PartiQL statement lists, for Batch Execute Statements and Execute Transaction: the Statements
 * input (a JSON list; each entry a statement with its ? parameters), checked entry by entry with
 * Raw Request's rules (length limit, one parameter per ?, lossless values) before anything is
 * sent, and every message names the entry by its index, such as `Statements[2]`.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { checkStatementLength, cleanBoolean, cleanChoice, fail, isPlainObject } from "../inputs";
import {
  entryFields,
  type ListLimit,
  parseJsonList,
  requiredText,
  TRANSACTION_LIMIT,
} from "../inputs/entries";
import { checkWritesReadable, firstKeyword, statementParameters } from "./partiql";

export const STATEMENTS_LABEL = "Statements";

const RETURN_ON_FAILURE = ["NONE", "ALL_OLD"] as const;

/** What a statement does, from its first keyword: reads and writes may not share a request. */
export type StatementKind = "read" | "write" | "other";

/** One checked entry of the Statements input. */
export interface CleanStatement {
  /** Its place in the input (0-based), which messages and results name. */
  index: number;
  statement: string;
  parameters?: AttributeValue[];
  consistentRead?: boolean;
  returnValuesOnConditionCheckFailure?: (typeof RETURN_ON_FAILURE)[number];
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
export function statementRequest(entry: CleanStatement) {
  return {
    Statement: entry.statement,
    ...(entry.parameters ? { Parameters: entry.parameters } : {}),
    ...(entry.consistentRead ? { ConsistentRead: true } : {}),
    ...(entry.returnValuesOnConditionCheckFailure
      ? { ReturnValuesOnConditionCheckFailure: entry.returnValuesOnConditionCheckFailure }
      : {}),
  };
}

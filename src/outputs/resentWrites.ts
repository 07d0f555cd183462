/**
 * The one rule for a single write whose request the SDK sent again after an attempt that may have
 * applied it (a 5xx, or a connection lost once the request was sent: aws/errors.ts
 * wasResentAfterLostAnswer). DynamoDB's answer is then the resent request's, so:
 * - the write may have been applied twice: harmless for a put, a delete or SET of fixed values,
 *   but a counter (SET n = n + :one, ADD) or a list_append counts twice;
 * - the old attributes it returned (ALL_OLD, UPDATED_OLD) describe the item as the first attempt
 *   left it (the step's own write; a delete's show nothing); new ones (ALL_NEW, UPDATED_NEW) show
 *   the item as it is now, after both attempts, and stay where they are.
 *
 * The step's data then says so: `mayHaveBeenAppliedTwice: true` (absent otherwise, so the data of
 * an ordinary write is unchanged), the returned attributes moved from their usual fields (left
 * empty) to `unverified`, and a warning in the step's log naming the operation and table.
 */
import { wasResentAfterLostAnswer } from "../aws/errors";
import { statementPermission } from "../aws/permissions";
import { cut } from "../errors/inputError";

/**
 * A write's data, with the two fields it gains when its request was resent after a lost answer:
 * `mayHaveBeenAppliedTwice` and, in `unverified`, the moved fields (as DynamoDB answered the
 * resent request). Both are absent otherwise.
 */
export type ReportedWrite<Data, Field extends keyof Data> = Data & {
  mayHaveBeenAppliedTwice?: true;
  unverified?: Pick<Data, Field>;
};

/** The write whose answer is reported: what it was, where, and where to warn. */
export interface WriteAnswer {
  /** The SDK operation ("UpdateItem", "ExecuteStatement"). */
  operation: string;
  /** The table written; "" when unknown. */
  table: string;
  /** DynamoDB's answer (the command's output) as the SDK returned it. */
  answer: unknown;
  /** The step's logger (context.logger); no warning without one. */
  logger?: { warn: (message: string) => void };
  /**
   * True when the write carried the connector's version condition (Optimistic Locking): its
   * first application would have made the resent one fail, so a success was applied once.
   */
  versioned?: boolean;
}

/**
 * The output schema of the two fields, for the write actions' schemas (both optional); `moved`
 * says which fields move to unverified and what is left in their place.
 */
export function resentWriteSchema(moved: string) {
  return {
    mayHaveBeenAppliedTwice: {
      type: "boolean",
      enum: [true],
      description:
        "Present (true) only when an attempt of this write got a server error or no answer after it was sent and the SDK sent it again (Max Attempts): DynamoDB may have applied it twice, which matters for counters (SET n = n + :one, ADD) and list_append. Read the item to check. Absent otherwise.",
    },
    unverified: {
      type: "object",
      additionalProperties: true,
      description: `Present only with mayHaveBeenAppliedTwice: ${moved}. They may show the item as this step's own first attempt left it (or after both attempts), not as it was before the write.`,
    },
  };
}

/** The warning a step logs when its write may have been applied twice. */
function resentWarning(operation: string, table: string, moved: boolean): string {
  // A statement's quoted table name may hold anything: escaped and cut, as in error messages.
  const where = table ? ` on table "${cut(table, 255)}"` : "";
  const returned = moved
    ? "The attributes DynamoDB returned are in unverified, not in their usual fields: read the item to check."
    : "The attributes DynamoDB returned are the item as it is now, after every attempt: read it to check the write's effect.";
  return `${operation}${where}: an attempt got a server error or no answer after it was sent, and the SDK sent the request again, so the write may have been applied twice. ${returned}`;
}

/**
 * `data` as it is, or, when the write's answer was that of a request resent after a lost answer
 * (see the module comment), with the fields of `emptied` set to the values given there (their
 * originals in `unverified`) and `mayHaveBeenAppliedTwice: true`; the step's log then warns.
 * With no field in `emptied` (attributes that show the item as it is now, such as ALL_NEW) the
 * data only gains `mayHaveBeenAppliedTwice`.
 */
export function reportedWrite<Data extends object, Field extends keyof Data>(
  data: Data,
  emptied: Pick<Data, Field>,
  write: WriteAnswer,
): ReportedWrite<Data, Field> {
  if (write.versioned || !wasResentAfterLostAnswer(write.answer)) return data;
  const fields = Object.keys(emptied) as Field[];
  write.logger?.warn(resentWarning(write.operation, write.table, fields.length > 0));
  if (fields.length === 0) return { ...data, mayHaveBeenAppliedTwice: true };
  const unverified = {} as Pick<Data, Field>;
  for (const field of fields) unverified[field] = data[field];
  return { ...data, ...emptied, mayHaveBeenAppliedTwice: true, unverified };
}

/** The table a PartiQL statement writes, as its permission names it ("" when none is found). */
export function statementTable(statement: string): string {
  return statementPermission(statement).table ?? "";
}

/**
 * PartiQL statements as text, read with the lexical scanner of common/partiqlText.ts (strings,
 * quoted names, Ion literals and comments skipped, so a ? or a keyword inside them does not
 * count): the ? parameters checked against the statement, the table a SELECT reads, and Raw
 * Request's ExecuteStatement request and its pages. Every function here
 * is pure, apart from readStatementPages, which sends through the `execute` it is given.
 */
import type {
  AttributeValue,
  ExecuteStatementCommandInput,
  ExecuteStatementCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { DEFAULT_BYTE_BUDGET } from "../common/limits";
import {
  afterComment,
  afterKeyword,
  afterQuoted,
  firstKeyword,
  type StatementSource,
  sourceAfter,
} from "../common/partiqlText";
import { InputError } from "../errors/inputError";
import {
  checkItemBytes,
  checkReadableName,
  defined,
  isBlank,
  isDefaultParameters,
  mergeQueryParameters,
  parseJsonArrayInput,
} from "../inputs";
import { type AttributeMap, plainToAttributeValue } from "../values";
import { valueSize } from "../values/size";
import { type Collected, collectPages, type PageFetcher } from "./paging";

/**
 * Counts the ? placeholders of a PartiQL statement, skipping those inside 'strings' ('' is an
 * escaped quote), "quoted identifiers" ("" likewise), `Ion literals` and comments.
 */
export function countPlaceholders(statement: string): number {
  let count = 0;
  let index = 0;
  while (index < statement.length) {
    const after = afterQuoted(statement, index) ?? afterComment(statement, index);
    if (after === undefined && statement[index] === "?") count += 1;
    index = after ?? index + 1;
  }
  return count;
}

/**
 * The table (and index) a SELECT reads, named after its FROM keyword: the first FROM outside
 * strings, quoted names, Ion literals and comments, and not a path step (a.from). Undefined for
 * any other statement or a SELECT without a name after FROM. One pass, so linear time on any
 * input.
 */
export function selectSource(statement: string): StatementSource | undefined {
  if (!isSelect(statement)) return undefined;
  const from = afterKeyword(statement, "from");
  return from === undefined ? undefined : sourceAfter(statement, from);
}

/**
 * SELECT pages; INSERT, UPDATE and DELETE touch one item and return at most that item. Read
 * from the first keyword, found in linear time (a regex for it backtracked exponentially on
 * repeated empty comments).
 */
export function isSelect(statement: string): boolean {
  return firstKeyword(statement) === "select";
}

/**
 * A statement that writes an attribute named "__proto__" ('__proto__' or "__proto__" in an
 * INSERT or UPDATE) is refused, as on every write path: the SDK could never read it back.
 */
export function checkWritesReadable(statement: string, label = "Statement"): string {
  if (!isSelect(statement) && /(['"`])__proto__\1/.test(statement)) {
    checkReadableName("__proto__", label);
  }
  return statement;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * How messages name the statement and its parameters: the Raw Request inputs by default; an entry
 * of a statement list (Batch Execute Statements, Execute Transaction) by its place, such as
 * `Statements[2]`, whose `.statement` and `.parameters` fields these are.
 */
export interface ParameterNames {
  /** The InputError's label, and the prefix of per-value labels. */
  parameters: string;
  /** How the message starts: "The Statement", "Statements[2]: the statement". */
  statement: string;
  /** Where the ? placeholders are: "the Statement", "its statement". */
  placeholdersIn: string;
  /** The label of the value at a 0-based index. */
  value: (index: number) => string;
}

const RAW_REQUEST_NAMES: ParameterNames = {
  parameters: "Parameters",
  statement: "The Statement",
  placeholdersIn: "the Statement",
  value: (index) => `Parameters (value ${index + 1})`,
};

/**
 * The Parameters input as AttributeValues, checked against the statement's placeholders. The
 * default ["Rose"] only counts when the statement has placeholders, as in the old component.
 */
export function statementParameters(
  statement: string,
  raw: unknown,
  names: ParameterNames = RAW_REQUEST_NAMES,
): AttributeValue[] | undefined {
  const placeholders = countPlaceholders(statement);
  const isDefault = names === RAW_REQUEST_NAMES && isDefaultParameters(raw);
  if (placeholders === 0 && (isDefault || isBlank(raw))) return undefined;
  const parsed = isBlank(raw)
    ? []
    : parseJsonArrayInput(
        raw,
        names.parameters,
        `${names.parameters} must be a JSON array with one value per ? in ${names.placeholdersIn}, such as ["Rose", 42, true].`,
      );
  if (parsed.length !== placeholders) {
    const given = isDefault
      ? `Parameters is still its default ["Rose"] (1 value)`
      : `${names.parameters} has ${plural(parsed.length, "value")}`;
    throw new InputError(
      names.parameters,
      "invalidValue",
      `${names.statement} has ${plural(placeholders, "? placeholder")} but ${given}. Give one value per ?, in order${
        placeholders === 0 ? `, or clear ${names.parameters}` : ""
      }.`,
    );
  }
  if (parsed.length === 0) return undefined;
  return parsed.map((value, index) => {
    const label = names.value(index);
    const attribute = plainToAttributeValue(value, label);
    // No value larger than an item can be stored or compared with a stored one.
    checkItemBytes(valueSize(attribute), label);
    return attribute;
  });
}

/** The command parameter each input sets, by the input's label (for conflict messages). */
const PARAMETER_LABELS: Record<string, string> = {
  Statement: "Statement",
  Parameters: "Parameters",
  NextToken: "Next Token",
  ConsistentRead: "Consistent Read",
};

/**
 * A page's Limit once items have been seen: as many items as the byte budget's remaining room
 * holds at the average output size so far (at least 1), so that a page that cannot be cut passes
 * the budget by little. Unbounded before the first item.
 */
function pageLimitForBudget(measured: { items: number; bytes: number }, budget: number): number {
  if (measured.items === 0) return Number.POSITIVE_INFINITY;
  const average = measured.bytes / measured.items;
  return Math.max(1, Math.floor((budget - measured.bytes) / average));
}

/** Raw Request's inputs that make its ExecuteStatement request, cleaned. */
export interface ExecuteStatementInputs {
  statement: string;
  /** The Parameters input as given (a JSON array), checked here against the statement. */
  parameters: unknown;
  /** Query Parameters: more ExecuteStatement fields, in DynamoDB JSON. */
  queryParameters: Record<string, unknown>;
  nextToken?: string;
  consistentRead?: boolean;
}

/**
 * Raw Request's ExecuteStatement request: the Statement with its Parameters as AttributeValues,
 * Next Token and Consistent Read, merged with Query Parameters. Parameters given as a Query
 * Parameter (DynamoDB JSON) stand in for an untouched Parameters input. Throws an InputError for a
 * parameter count that does not match the statement or a field set in two places.
 */
export function executeStatementRequest(
  inputs: ExecuteStatementInputs,
): ExecuteStatementCommandInput {
  const extra = inputs.queryParameters;
  const parametersFromQuery =
    extra.Parameters !== undefined &&
    (isBlank(inputs.parameters) || isDefaultParameters(inputs.parameters));
  return mergeQueryParameters<ExecuteStatementCommandInput>(
    defined<ExecuteStatementCommandInput>({
      Statement: inputs.statement,
      Parameters: parametersFromQuery
        ? undefined
        : statementParameters(inputs.statement, inputs.parameters),
      NextToken: inputs.nextToken,
      ConsistentRead: inputs.consistentRead || undefined,
    }),
    extra,
    PARAMETER_LABELS,
  );
}

/**
 * The request of one page of a Fetch All run, from `cursor`. NextToken is opaque, so a page
 * cannot be cut: a SELECT asks for no more than `wanted` items (Limit, or the request's own Limit
 * when smaller); other statements take no Limit.
 */
export function statementPageRequest(
  request: ExecuteStatementCommandInput,
  cursor: string | undefined,
  wanted: number,
): ExecuteStatementCommandInput {
  return {
    ...request,
    NextToken: cursor,
    ...(isSelect(request.Statement ?? "")
      ? { Limit: Math.min(request.Limit ?? wanted, wanted) }
      : {}),
  };
}

/** How a Fetch All run of a statement is bounded. */
export interface StatementPagesOptions {
  /** Max Items; default DEFAULT_MAX_ITEMS. */
  maxItems?: number;
  /** The bytes an item adds to the output (outputSize in the returned form). */
  sizeOf: (item: AttributeMap) => number;
}

/**
 * Runs `request` page after page (collectPages: bounded by Max Items, the 5 MB byte budget and
 * the page limit) and returns what was collected, with the NextToken to continue from. Each page
 * asks for as many items as the budget's remaining room holds at the average size so far.
 * Failures are those of `execute`.
 */
export function readStatementPages(
  execute: (request: ExecuteStatementCommandInput) => Promise<ExecuteStatementCommandOutput>,
  request: ExecuteStatementCommandInput,
  options: StatementPagesOptions,
): Promise<Collected<string>> {
  const measured = { items: 0, bytes: 0 };
  const fetchPage: PageFetcher<string> = async (cursor, remaining) => {
    const wanted = Math.min(remaining, pageLimitForBudget(measured, DEFAULT_BYTE_BUDGET));
    const page = await execute(statementPageRequest(request, cursor, wanted));
    return { items: page.Items ?? [], lastEvaluatedKey: page.NextToken };
  };
  return collectPages(fetchPage, {
    maxItems: options.maxItems,
    startCursor: request.NextToken,
    sizeOf: (item) => {
      const size = options.sizeOf(item);
      measured.items += 1;
      measured.bytes += size;
      return size;
    },
  });
}

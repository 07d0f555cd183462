import {
  type AttributeValue,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { callAws } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import { formatCount } from "../../common/messages";
import {
  collectPages,
  DEFAULT_BYTE_BUDGET,
  DEFAULT_MAX_ITEMS,
  type PageFetcher,
} from "../../engines/paging";
import { InputError } from "../../errors/inputError";
import {
  awsRegion,
  checkItemBytes,
  checkMaxItemsNeedsFetchAll,
  checkNextTokenLength,
  checkReadableName,
  checkStatementLength,
  cleanRequiredString,
  cleanText,
  connectionInput,
  consistentRead,
  DOCS,
  defined,
  fetchAll,
  isBlank,
  maxAttempts,
  maxItems,
  mergeQueryParameters,
  parseJsonArrayInput,
  queryParameters,
  returnDynamoJson,
  withComments,
} from "../../inputs";
import { listCursorSchema, pagedItemsOutputSchema } from "../../outputs";
import { formatItems, outputSize, plainToAttributeValue } from "../../values";
import { valueSize } from "../../values/size";

/** The seed's default, as the platform shows it (pretty-printed). */
export const DEFAULT_PARAMETERS = JSON.stringify(["Rose"], null, 2);

/**
 * Counts the ? placeholders of a PartiQL statement, skipping those inside 'strings' ('' is an
 * escaped quote), "quoted identifiers" ("" likewise), `Ion literals` and comments.
 */
export function countPlaceholders(statement: string): number {
  let count = 0;
  let index = 0;
  const skipQuoted = (quote: string) => {
    index += 1;
    while (index < statement.length) {
      if (statement[index] === quote) {
        if (statement[index + 1] === quote) {
          index += 2;
          continue;
        }
        index += 1;
        return;
      }
      index += 1;
    }
  };
  while (index < statement.length) {
    const char = statement[index];
    if (char === "'" || char === '"') {
      skipQuoted(char);
    } else if (char === "`") {
      const end = statement.indexOf("`", index + 1);
      index = end === -1 ? statement.length : end + 1;
    } else {
      const after = afterComment(statement, index);
      if (after === undefined && char === "?") count += 1;
      index = after ?? index + 1;
    }
  }
  return count;
}

/**
 * Where a comment that starts at `index` ends: the index just after a -- line comment (its
 * newline included) or a block comment, the statement's length when it is not closed, and
 * undefined when no comment starts there.
 */
function afterComment(statement: string, index: number): number | undefined {
  const char = statement[index];
  const next = statement[index + 1];
  const closing =
    char === "-" && next === "-" ? "\n" : char === "/" && next === "*" ? "*/" : undefined;
  if (closing === undefined) return undefined;
  const end = statement.indexOf(closing, index + 2);
  return end === -1 ? statement.length : end + closing.length;
}

/**
 * The first keyword of a statement, lower case, after white space, comments and opening
 * parentheses: "select", "insert", "update", "delete", "exists", ... ("" when there is none).
 * A single pass over the text, so it runs in linear time on any input.
 */
export function firstKeyword(statement: string): string {
  let index = 0;
  while (index < statement.length) {
    const char = statement[index];
    if (char === "(" || /\s/.test(char)) {
      index += 1;
    } else {
      const after = afterComment(statement, index);
      if (after === undefined) break;
      index = after;
    }
  }
  let end = index;
  while (end < statement.length && /\w/.test(statement[end])) end += 1;
  return statement.slice(index, end).toLowerCase();
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

/** The untouched default: the seed sent ["Rose"] unless it was changed. */
function isDefaultParameters(raw: unknown): boolean {
  return typeof raw === "string" && raw.replace(/\s+/g, "") === '["Rose"]';
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

const statement = input({
  label: "Statement",
  type: "string",
  required: true,
  comments: `The PartiQL statement to execute (SELECT, INSERT, UPDATE or DELETE), such as SELECT * FROM "Customers" WHERE customerId = ?. Use ? for parameters; quote table names with double quotes and strings with single quotes. Learn more about [PartiQL for DynamoDB](${DOCS}/ql-reference.html).`,
  example: 'SELECT * FROM "Customers" WHERE customerName = ?',
  clean: (value: unknown) =>
    checkWritesReadable(
      checkStatementLength(
        cleanRequiredString("Statement", 'SELECT * FROM "Customers" WHERE customerId = ?')(value),
        "Statement",
      ),
    ),
});

const parameters = input({
  label: "Parameters",
  type: "code",
  language: "json",
  required: false,
  default: DEFAULT_PARAMETERS,
  comments: `A JSON array with one value per ? placeholder in the Statement, in order, such as ["Rose", 42, true, null, {"city": "Oslo"}]. Numbers keep every digit. The default ["Rose"] is sent only when the Statement has ? placeholders. Learn more about [PartiQL parameters](${DOCS}/ql-reference.html).`,
});

const nextToken = input({
  label: "Next Token",
  type: "string",
  required: false,
  comments:
    "The cursor to continue from: the nextToken of a previous run of the same Statement. Leave blank to start at the beginning.",
  clean: (value: unknown) => {
    const token = cleanText("Next Token")(value);
    return token === undefined ? undefined : checkNextTokenLength(token, "Next Token");
  },
});

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

const rawFetchAll = withComments(
  fetchAll,
  "When true, follow nextToken page after page until every item is in, or until Max Items (default 10,000) or 5 MB of items (as JSON text in the returned form) is reached; then nextToken continues after the last returned item. When false, return one page.",
);

const rawMaxItems = withComments(
  maxItems,
  `With Fetch All, stop after this many items and return the nextToken to continue from. Leave blank for the default of ${formatCount(DEFAULT_MAX_ITEMS)}.`,
);

export const rawRequest = action({
  display: {
    label: "Raw Request",
    description: "Execute single PartiQL statements.",
  },
  inputs: {
    awsRegion,
    statement,
    parameters,
    queryParameters,
    awsConnection: connectionInput,
    fetchAll: rawFetchAll,
    maxItems: rawMaxItems,
    nextToken,
    consistentRead,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    // Every input error is raised here, before any call to AWS.
    checkMaxItemsNeedsFetchAll(params.maxItems, params.fetchAll, "clear Max Items");
    const extra = params.queryParameters;
    // Parameters given as a Query Parameter (DynamoDB JSON) stand in for an untouched input.
    const parametersFromQuery =
      extra.Parameters !== undefined &&
      (isBlank(params.parameters) || isDefaultParameters(params.parameters));
    const command = mergeQueryParameters<ExecuteStatementCommandInput>(
      defined<ExecuteStatementCommandInput>({
        Statement: params.statement,
        Parameters: parametersFromQuery
          ? undefined
          : statementParameters(params.statement, params.parameters),
        NextToken: params.nextToken,
        ConsistentRead: params.consistentRead || undefined,
      }),
      extra,
      PARAMETER_LABELS,
    );

    const step = connect(invocation, params);
    const { clients } = step;
    const context = step.context("ExecuteStatement");
    const execute = (input: ExecuteStatementCommandInput) =>
      callAws(context, () => clients.dynamodb.send(new ExecuteStatementCommand(input)));
    const dynamoJson = params.returnDynamoJson;

    if (!params.fetchAll) {
      const page = await execute(command);
      return {
        data: {
          items: formatItems(page.Items, dynamoJson),
          count: page.Items?.length ?? 0,
          nextToken: page.NextToken ?? null,
          truncated: false,
          truncatedReason: null,
        },
      };
    }

    // NextToken is opaque, so a page cannot be cut: each request asks for no more items than
    // are still wanted (Limit), and the page's own NextToken is always where to continue.
    const select = isSelect(command.Statement ?? "");
    const measured = { items: 0, bytes: 0 };
    const fetchPage: PageFetcher<string> = async (cursor, remaining) => {
      const wanted = Math.min(remaining, pageLimitForBudget(measured, DEFAULT_BYTE_BUDGET));
      const page = await execute({
        ...command,
        NextToken: cursor,
        ...(select ? { Limit: Math.min(command.Limit ?? wanted, wanted) } : {}),
      });
      return { items: page.Items ?? [], lastEvaluatedKey: page.NextToken };
    };
    const collected = await collectPages(fetchPage, {
      maxItems: params.maxItems,
      startCursor: command.NextToken,
      sizeOf: (item) => {
        const size = outputSize(item, dynamoJson);
        measured.items += 1;
        measured.bytes += size;
        return size;
      },
    });
    return {
      data: {
        items: formatItems(collected.items, dynamoJson),
        count: collected.items.length,
        nextToken: collected.lastEvaluatedKey ?? null,
        truncated: collected.truncated,
        truncatedReason: collected.reason ?? null,
      },
    };
  },
  outputSchema: pagedItemsOutputSchema({
    itemsDescription:
      "The items the statement returned (SELECT, or RETURNING), as plain JSON; empty for other statements.",
    cursor: {
      name: "nextToken",
      schema: listCursorSchema(
        "The cursor to continue from, or null when there is nothing more. Pass it to Next Token with the same Statement.",
      ),
    },
  }),
  examplePayload: {
    data: {
      items: [{ customerId: 1001, customerName: "Rose", tags: ["vip"] }],
      count: 1,
      nextToken: null,
      truncated: false,
      truncatedReason: null,
    },
  },
});

export default rawRequest;

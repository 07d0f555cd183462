import {
  type ConsumedCapacity,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { BYTE_BUDGET_TEXT, DEFAULT_MAX_ITEMS, DEFAULT_MAX_ITEMS_TEXT } from "../../common/limits";
import { formatCount } from "../../common/messages";
import { addConsumedCapacity } from "../../engines/capacity";
import { checkStatementIndexRead } from "../../engines/indexReads";
import {
  checkWritesReadable,
  executeStatementRequest,
  readStatementPages,
} from "../../engines/partiql";
import {
  awsRegion,
  checkMaxItemsNeedsFetchAll,
  checkNextTokenLength,
  checkStatementLength,
  cleanRequiredString,
  cleanText,
  connectionInput,
  consistentRead,
  DEFAULT_PARAMETERS,
  DOCS,
  fetchAll,
  maxAttempts,
  maxItems,
  queryParameters,
  returnDynamoJson,
  withComments,
} from "../../inputs";
import {
  rawRequestData,
  rawRequestExample,
  rawRequestOutputSchema,
  reportedStatementData,
} from "../../outputs/partiql";
import { outputSize } from "../../values";

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

const rawFetchAll = withComments(
  fetchAll,
  `When true, follow nextToken page after page until every item is in, or until Max Items (default ${DEFAULT_MAX_ITEMS_TEXT}) or ${BYTE_BUDGET_TEXT} of items (as JSON text in the returned form) is reached; then nextToken continues after the last returned item. When false, return one page.`,
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
    // Every input error is raised here, before any call to AWS, but the one that needs the
    // table's keys (a consistent read of an index), raised before the statement is sent.
    checkMaxItemsNeedsFetchAll(params.maxItems, params.fetchAll, "clear Max Items");
    const request = executeStatementRequest(params);
    const step = connect(invocation, params);
    // A consistent read of a global index: refused before the statement (reads the table's keys).
    await checkStatementIndexRead(step, request.Statement, request.ConsistentRead, {
      statement: "the Statement",
      consistentRead: Object.hasOwn(params.queryParameters, "ConsistentRead")
        ? "Query Parameters"
        : "Consistent Read",
    });
    // The last answer, for a write's report: a write runs in one request (it has no pages).
    let answer: unknown;
    let consumedCapacity: ConsumedCapacity | undefined;
    const execute = async (page: ExecuteStatementCommandInput) => {
      const output = await step.send("ExecuteStatement", new ExecuteStatementCommand(page));
      answer = output;
      consumedCapacity = addConsumedCapacity(consumedCapacity, output.ConsumedCapacity);
      return output;
    };
    const dynamoJson = params.returnDynamoJson;
    const report = (data: ReturnType<typeof rawRequestData>) =>
      reportedStatementData(data, request.Statement ?? "", answer, invocation.logger);
    if (!params.fetchAll) {
      const page = await execute(request);
      return {
        data: report(
          rawRequestData(
            { items: page.Items, nextToken: page.NextToken, consumedCapacity },
            dynamoJson,
          ),
        ),
      };
    }
    const collected = await readStatementPages(execute, request, {
      maxItems: params.maxItems,
      sizeOf: (item) => outputSize(item, dynamoJson),
    });
    const { items, lastEvaluatedKey, reason } = collected;
    return {
      data: report(
        rawRequestData(
          { items, nextToken: lastEvaluatedKey, reason, consumedCapacity },
          dynamoJson,
        ),
      ),
    };
  },
  outputSchema: rawRequestOutputSchema,
  examplePayload: rawRequestExample,
});

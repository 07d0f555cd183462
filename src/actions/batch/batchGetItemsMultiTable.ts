import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { formatCount } from "../../common/messages";
import { BATCH_GET_BYTE_BUDGET } from "../../engines/batchGet";
import {
  planTableReads,
  readTablesInBatches,
  unprocessedTableKeysError,
} from "../../engines/batchGetTables";
import { tableKeys } from "../../engines/keySchema";
import {
  awsRegion,
  BATCH_READ_UNUSED_NAMES,
  checkProjectionNames,
  cleanKeysByTable,
  concurrencyInput,
  connectionInput,
  consistentRead,
  expressionAttributeNames,
  KEYS_BY_TABLE_EXAMPLE,
  KEYS_BY_TABLE_LABEL,
  MAX_BATCH_TABLES,
  maxAttempts,
  maxRetriesInput,
  projectionExpression,
  returnDynamoJson,
  returnUnprocessedInput,
  withComments,
} from "../../inputs";
import {
  batchGetItemsMultiTableExample,
  batchGetItemsMultiTableOutputSchema,
  batchGetTablesData,
  batchGetTablesFailure,
} from "../../outputs/batch";

const keysByTable = input({
  label: KEYS_BY_TABLE_LABEL,
  type: "code",
  language: "json",
  required: true,
  comments: `A JSON object of table names, each to a JSON array of the keys to read from it as plain JSON objects, such as ${KEYS_BY_TABLE_EXAMPLE}. A table may instead be given an object with its keys and its own read options, as DynamoDB's BatchGetItem takes them: {"keys": [...], "projectionExpression": "#s, total", "expressionAttributeNames": {"#s": "status"}, "consistentRead": true}. Each table's key values are converted to the key types that table declares; a key given twice in one table is read once. Up to ${MAX_BATCH_TABLES} tables and any number of keys: they are sent in requests of up to 100 keys, of one table or several.`,
  example: KEYS_BY_TABLE_EXAMPLE,
  clean: cleanKeysByTable,
});

const tablesProjection = withComments(
  projectionExpression,
  "Optional. The attributes to return from every table that does not give its own projectionExpression in Keys by Table, such as #n, city; each table's key attributes are read as well (to place each item) and left out again. Leave blank for whole items.",
);

const returnUnprocessed = returnUnprocessedInput("keys");

export const batchGetItemsMultiTable = action({
  display: {
    label: "Batch Get Items (Multiple Tables)",
    description:
      "Retrieve many items by key from several DynamoDB tables in one step, in requests of up to 100 keys that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    keysByTable,
    awsConnection: connectionInput,
    projectionExpression: tablesProjection,
    expressionAttributeNames,
    consistentRead,
    returnDynamoJson,
    maxRetries: maxRetriesInput,
    concurrency: concurrencyInput,
    returnUnprocessed,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    checkProjectionNames(
      params.projectionExpression,
      params.expressionAttributeNames,
      BATCH_READ_UNUSED_NAMES,
    );
    const step = connect(invocation, params);
    const lists = params.keysByTable;
    const read = {
      projectionExpression: params.projectionExpression,
      expressionAttributeNames: params.expressionAttributeNames,
      consistentRead: params.consistentRead,
      dynamoJson: params.returnDynamoJson,
    };
    const plans = await planTableReads(
      lists,
      (table) => tableKeys(step, table),
      read,
      KEYS_BY_TABLE_LABEL,
    );
    const tables = plans.map((plan) => ({ ...plan, requested: plan.entries.length }));
    const given = lists.flatMap((list) => list.entries);
    const run = {
      concurrency: params.concurrency,
      maxRetries: params.maxRetries,
      byteBudget: BATCH_GET_BYTE_BUDGET,
    };
    const result = await readTablesInBatches(step, plans, run, KEYS_BY_TABLE_LABEL).catch(
      async (error: unknown) => {
        // A read that fails part way gives the items it read and names the keys it did not.
        throw await batchGetTablesFailure(error, tables, given);
      },
    );
    if (result.unprocessed.length > 0 && !params.returnUnprocessed) {
      throw unprocessedTableKeysError(plans, result.unprocessed, result.stops, KEYS_BY_TABLE_LABEL);
    }
    if (result.unread.length > 0) {
      const requested = plans.reduce((sum, plan) => sum + plan.entries.length, 0);
      invocation.logger.info(
        `Batch Get Items (Multiple Tables): stopped at the byte budget (${formatCount(BATCH_GET_BYTE_BUDGET)} bytes of output); ${formatCount(result.unread.length)} of ${formatCount(requested)} keys were not read and are in each table's unreadKeys.`,
      );
    }
    return { data: batchGetTablesData(result, tables, given, params.returnDynamoJson) };
  },
  outputSchema: batchGetItemsMultiTableOutputSchema,
  examplePayload: batchGetItemsMultiTableExample,
});

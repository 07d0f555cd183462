import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { formatCount } from "../../common/messages";
import {
  BATCH_GET_BYTE_BUDGET,
  batchGetOptions,
  distinctKeys,
  readInBatches,
  unprocessedKeysError,
} from "../../engines/batchGet";
import { keySchemaOf, tableKeys } from "../../engines/keySchema";
import {
  awsRegion,
  BATCH_READ_UNUSED_NAMES,
  checkProjectionNames,
  cleanObjectArray,
  concurrencyInput,
  connectionInput,
  consistentRead,
  expressionAttributeNames,
  fail,
  maxAttempts,
  maxRetriesInput,
  projectionExpression,
  returnDynamoJson,
  returnUnprocessedInput,
  tableName,
} from "../../inputs";
import {
  batchGetData,
  batchGetFailure,
  batchGetItemsExample,
  batchGetItemsOutputSchema,
} from "../../outputs/batch";

const KEYS_EXAMPLE = '[{"customerId": 1, "customerName": "Ada"}]';

const keys = input({
  label: "Keys",
  type: "code",
  language: "json",
  required: true,
  comments:
    'A JSON array of the keys to read, as plain JSON objects with the table\'s key attributes, such as [{"customerId": 1, "customerName": "Ada"}]. Values are converted to the key types the table declares. Duplicate keys are read once. Any number of keys: they are sent in requests of 100.',
  example: KEYS_EXAMPLE,
  clean: (value: unknown) => {
    const cleaned = cleanObjectArray("Keys", "key objects", KEYS_EXAMPLE)(value);
    return cleaned ?? fail("Keys", "required", `Keys is required. For example: ${KEYS_EXAMPLE}`);
  },
});

const returnUnprocessed = returnUnprocessedInput("keys");

export const batchGetItems = action({
  display: {
    label: "Batch Get Items",
    description:
      "Retrieve many items by key from a DynamoDB table, in requests of 100 that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    tableName,
    keys,
    awsConnection: connectionInput,
    projectionExpression,
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
    const dynamoJson = params.returnDynamoJson;
    if (params.keys.length === 0) {
      const nothing = { found: [], unprocessed: [], unread: [], requested: 0 };
      return { data: batchGetData(nothing, params.keys, dynamoJson) };
    }
    const schema = keySchemaOf(await tableKeys(step), step.table);
    const { entries, byIdentity } = await distinctKeys(params.keys, schema);
    const { options, added } = batchGetOptions(schema, params);
    const context = { schema, byIdentity, dynamoJson, added };
    const read = await readInBatches(step, context, entries, {
      options,
      concurrency: params.concurrency,
      maxRetries: params.maxRetries,
      byteBudget: BATCH_GET_BYTE_BUDGET,
    }).catch(async (error: unknown) => {
      // A read that fails part way gives the items it read and names the keys it did not.
      throw await batchGetFailure(error, params.keys);
    });
    if (read.unprocessed.length > 0 && !params.returnUnprocessed) {
      throw unprocessedKeysError(read.unprocessed, entries.length, read.stops);
    }
    if (read.unread.length > 0) {
      invocation.logger.info(
        `Batch Get Items: stopped at the byte budget (${formatCount(BATCH_GET_BYTE_BUDGET)} bytes of output); ${formatCount(read.unread.length)} of ${formatCount(entries.length)} keys were not read and are in unreadKeys.`,
      );
    }
    const requested = entries.length;
    return { data: batchGetData({ ...read, requested }, params.keys, dynamoJson) };
  },
  outputSchema: batchGetItemsOutputSchema,
  examplePayload: batchGetItemsExample,
});

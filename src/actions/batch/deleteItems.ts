import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { DEFAULT_MAX_ITEMS } from "../../common/limits";
import { formatCount } from "../../common/messages";
import {
  deleteMatching,
  deleteQueryRequest,
  deleteRun,
  startDelete,
} from "../../engines/bulkDelete";
import {
  awsRegion,
  cleanBoolean,
  concurrencyInput,
  connectionInput,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  filterExpression,
  indexName,
  keyConditionExpression,
  maxAttempts,
  maxItems,
  maxRetriesInput,
  returnUnprocessedInput,
  tableName,
  withComments,
} from "../../inputs";
import {
  deleteItemsData,
  deleteItemsExample,
  deleteItemsFailure,
  deleteItemsOutputSchema,
} from "../../outputs/bulkDelete";

const deleteKeyCondition = withComments(
  keyConditionExpression,
  "Required. Which items to delete: the partition key with =, and optionally a sort key condition (=, <, <=, >, >=, BETWEEN, begins_with), such as customerId = :id AND orderDate < :before. With an Index Name, the index's keys.",
);

const deleteFilter = withComments(
  filterExpression,
  "Optional. Of the items the Key Condition Expression finds, delete only those for which this is true, such as #status = :status. Items it leaves out are read (and cost read capacity) but not deleted.",
);

const deleteIndexName = withComments(
  indexName,
  "Optional. A global or local secondary index to find the items by; the items themselves are deleted from the table, by the table's key.",
);

const deleteMaxItems = withComments(
  maxItems,
  `At most this many matching items are deleted (or counted, with Dry Run) in one run; then lastEvaluatedKey says where the next run continues. Leave blank for ${formatCount(DEFAULT_MAX_ITEMS)}.`,
);

const deleteStartKey = withComments(
  exclusiveStartKey,
  "The cursor to continue from: the lastEvaluatedKey of the previous run, as it was returned. Leave blank to start at the first matching item.",
);

const dryRun = input({
  label: "Dry Run",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, nothing is deleted: the run only counts the matching items (matched), bounded and continued exactly as a real run, so you can check the conditions first.",
  clean: cleanBoolean("Dry Run"),
});

const returnUnprocessed = returnUnprocessedInput("deletes");

export const deleteItems = action({
  display: {
    label: "Delete Items",
    description:
      "Delete every item that matches a key condition (and an optional filter), in bounded runs with a cursor; a Dry Run only counts them",
  },
  inputs: {
    awsRegion,
    tableName,
    keyConditionExpression: deleteKeyCondition,
    filterExpression: deleteFilter,
    expressionAttributeNames,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    indexName: deleteIndexName,
    awsConnection: connectionInput,
    maxItems: deleteMaxItems,
    exclusiveStartKey: deleteStartKey,
    dryRun,
    concurrency: concurrencyInput,
    maxRetries: maxRetriesInput,
    returnUnprocessed,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    // Built first, so that every input error comes before any call.
    const query = deleteQueryRequest(params);
    const step = connect(invocation, params);
    const { request, schema } = await startDelete(step, query);
    const run = deleteRun(step, schema, {
      concurrency: params.concurrency,
      maxRetries: params.maxRetries,
      returnUnprocessed: params.returnUnprocessed,
    });
    const cursor = await deleteMatching(run, request, {
      maxItems: params.maxItems ?? DEFAULT_MAX_ITEMS,
      dryRun: params.dryRun,
    }).catch((error: unknown) => {
      // A run that fails part way carries the deletes its earlier pages left unprocessed.
      throw deleteItemsFailure(error, run);
    });
    return { data: deleteItemsData(run, cursor, params.dryRun) };
  },
  outputSchema: deleteItemsOutputSchema,
  examplePayload: deleteItemsExample,
});

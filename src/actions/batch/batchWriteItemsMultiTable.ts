import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  buildTableWrites,
  unprocessedTableWritesError,
  writeTablesInBatches,
} from "../../engines/batchWriteTables";
import { tableKeys } from "../../engines/keySchema";
import {
  awsRegion,
  cleanWritesByTable,
  concurrencyInput,
  connectionInput,
  MAX_BATCH_TABLES,
  maxAttempts,
  maxRetriesInput,
  returnUnprocessedInput,
  WRITES_BY_TABLE_EXAMPLE,
  WRITES_BY_TABLE_LABEL,
} from "../../inputs";
import {
  batchWriteItemsMultiTableExample,
  batchWriteItemsMultiTableOutputSchema,
  batchWriteTablesData,
  batchWriteTablesFailure,
} from "../../outputs/batch";

const writesByTable = input({
  label: WRITES_BY_TABLE_LABEL,
  type: "code",
  language: "json",
  required: true,
  comments: `A JSON object of table names, each to a JSON array of writes: {"put": item} to create or replace an item (plain JSON with the table's key attributes, up to 400 KB) or {"delete": key} to delete one, such as ${WRITES_BY_TABLE_EXAMPLE}. Each table's key values are converted to the key types that table declares; a table may write or delete each key only once. Up to ${MAX_BATCH_TABLES} tables and any number of writes: they are sent in requests of up to 25, of one table or several, as DynamoDB's BatchWriteItem takes them.`,
  example: WRITES_BY_TABLE_EXAMPLE,
  clean: cleanWritesByTable,
});

const returnUnprocessed = returnUnprocessedInput("writes");

export const batchWriteItemsMultiTable = action({
  display: {
    label: "Batch Write Items (Multiple Tables)",
    description:
      "Put and delete many items in several DynamoDB tables in one step, in requests of up to 25 that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    writesByTable,
    awsConnection: connectionInput,
    concurrency: concurrencyInput,
    maxRetries: maxRetriesInput,
    returnUnprocessed,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const step = connect(invocation, params);
    const { plans, entries } = await buildTableWrites(
      params.writesByTable,
      (table) => tableKeys(step, table),
      WRITES_BY_TABLE_LABEL,
    );
    const { concurrency, maxRetries } = params;
    try {
      const { unprocessed, stops } = await writeTablesInBatches(step, plans, entries, {
        concurrency,
        maxRetries,
      });
      if (unprocessed.length > 0 && !params.returnUnprocessed) {
        throw unprocessedTableWritesError(plans, unprocessed, stops, WRITES_BY_TABLE_LABEL);
      }
      return { data: await batchWriteTablesData(plans, unprocessed) };
    } catch (error) {
      // A step that stops early names the writes it left undone, as the output would.
      throw await batchWriteTablesFailure(error, plans);
    }
  },
  outputSchema: batchWriteItemsMultiTableOutputSchema,
  examplePayload: batchWriteItemsMultiTableExample,
});

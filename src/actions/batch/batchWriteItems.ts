import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import {
  buildWrites,
  DELETE_LABEL,
  PUT_LABEL,
  unprocessedWritesError,
  writeInBatches,
} from "../../engines/batchWrites";
import { keySchemaOf, tableKeys } from "../../engines/keySchema";
import {
  awsRegion,
  cleanObjectArray,
  concurrencyInput,
  connectionInput,
  InputError,
  maxAttempts,
  maxRetriesInput,
  returnUnprocessedInput,
  tableName,
} from "../../inputs";
import {
  batchWriteData,
  batchWriteFailure,
  batchWriteItemsExample,
  batchWriteItemsOutputSchema,
} from "../../outputs/batch";

const PUT_EXAMPLE = '[{"customerId": 1, "customerName": "Ada", "city": "London"}]';
const DELETE_EXAMPLE = '[{"customerId": 1, "customerName": "Ada"}]';

const putItems = input({
  label: PUT_LABEL,
  type: "code",
  language: "json",
  required: false,
  comments: `A JSON array of items to create or replace, as plain JSON objects, such as ${PUT_EXAMPLE}. Each item needs the table's key attributes and may be up to 400 KB. Any number of items: they are sent in requests of 25.`,
  example: PUT_EXAMPLE,
  clean: cleanObjectArray(PUT_LABEL, "items", PUT_EXAMPLE),
});

const deleteKeys = input({
  label: DELETE_LABEL,
  type: "code",
  language: "json",
  required: false,
  comments: `A JSON array of the keys of items to delete, as plain JSON objects with exactly the table's key attributes, such as ${DELETE_EXAMPLE}. Deleting a key that has no item is not an error.`,
  example: DELETE_EXAMPLE,
  clean: cleanObjectArray(DELETE_LABEL, "key objects", DELETE_EXAMPLE),
});

const returnUnprocessed = returnUnprocessedInput("writes");

export const batchWriteItems = action({
  display: {
    label: "Batch Write Items",
    description:
      "Put and delete many items in a DynamoDB table, in requests of 25 that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    tableName,
    putItems,
    deleteKeys,
    awsConnection: connectionInput,
    concurrency: concurrencyInput,
    maxRetries: maxRetriesInput,
    returnUnprocessed,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    if (params.putItems === undefined && params.deleteKeys === undefined) {
      throw new InputError(
        PUT_LABEL,
        "invalidValue",
        `${PUT_LABEL} or ${DELETE_LABEL} is required: give a JSON array of items to put, such as ${PUT_EXAMPLE}, or of keys to delete, such as ${DELETE_EXAMPLE}.`,
      );
    }
    const puts = params.putItems ?? [];
    const deletes = params.deleteKeys ?? [];
    const step = connect(invocation, params);
    if (puts.length + deletes.length === 0) {
      return { data: await batchWriteData({ written: 0, deleted: 0 }, []) };
    }
    const keys = await tableKeys(step);
    const schema = keySchemaOf(keys, step.table);
    const entries = await buildWrites(puts, deletes, schema, keys);
    const { concurrency, maxRetries } = params;
    const run = { concurrency, maxRetries, puts: puts.length, deletes: deletes.length };
    try {
      const result = await writeInBatches(step, schema, entries, run);
      if (result.unprocessed.length > 0 && !params.returnUnprocessed) {
        throw unprocessedWritesError(result, entries.length, schema);
      }
      return { data: await batchWriteData(result, result.unprocessed) };
    } catch (error) {
      // A step that stops early names the writes it left undone, as the output would.
      throw await batchWriteFailure(error);
    }
  },
  outputSchema: batchWriteItemsOutputSchema,
  examplePayload: batchWriteItemsExample,
});

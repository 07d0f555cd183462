import type { WriteRequest } from "@aws-sdk/client-dynamodb";
import { action, ConnectionError, input } from "@prismatic-io/spectral";
import { connectionError } from "../../aws/errors";
import { connect } from "../../aws/invocation";
import { formatCount, listSome, sentence } from "../../common/messages";
import { Pacer } from "../../common/pacing";
import { runBatches } from "../../engines/batchRuns";
import { batchWriteSender, WRITE_CHUNK_SIZE } from "../../engines/batchWrites";
import { forgetKeysOnMismatch } from "../../engines/itemCalls";
import { KEY_DIGEST_BUDGET_BYTES, KeyDigests, MAX_KEY_DIGESTS } from "../../engines/keyDigests";
import {
  type KeySchema,
  keyAttributes,
  keySchemaOf,
  readTableKeys,
  type TableKeys,
} from "../../engines/keySchema";
import { describeKey, keyIdentity, putItemOf, readKey } from "../../engines/keyValues";
import { DEFAULT_BYTE_BUDGET } from "../../engines/paging";
import {
  awsRegion,
  checkItemForWrite,
  cleanObjectArray,
  concurrencyInput,
  connectionInput,
  InputError,
  maxAttempts,
  maxRetriesInput,
  returnUnprocessedInput,
  tableName,
} from "../../inputs";
import { actionOutput, unprocessedCountSchema } from "../../outputs";
import { type AttributeMap, formatItem } from "../../values";

const PUT_LABEL = "Items to Put";
const DELETE_LABEL = "Keys to Delete";
const PUT_EXAMPLE = '[{"customerId": 1, "customerName": "Ada", "city": "London"}]';
const DELETE_EXAMPLE = '[{"customerId": 1, "customerName": "Ada"}]';

interface WriteEntry {
  kind: "put" | "delete";
  /** Position in its input, for messages. */
  index: number;
  /** The item to put, or the key to delete. */
  value: AttributeMap;
  request: WriteRequest;
}

function where(entry: Pick<WriteEntry, "kind" | "index">): string {
  return `${entry.kind === "put" ? PUT_LABEL : DELETE_LABEL} index ${entry.index}`;
}

/** The batch stops when its inputs hold more keys than KeyDigests holds. */
function tooManyWrites(): InputError {
  return new InputError(
    PUT_LABEL,
    "tooLarge",
    `${PUT_LABEL} and ${DELETE_LABEL} hold more than ${formatCount(MAX_KEY_DIGESTS)} entries: finding a key given twice holds 16 bytes an entry, within Batch Write Items' budget of ${KEY_DIGEST_BUDGET_BYTES / 1024 / 1024} MiB (KEY_DIGEST_BUDGET_BYTES), so nothing was written. Split them over several steps.`,
  );
}

/**
 * Turns both inputs into write requests, checked the way DynamoDB would check them, so that a
 * mistake in item 900 fails before item 1 is written. Each key may come once across both inputs
 * (compared by type and value, held as a fixed-size digest: KeyDigests); the loop lets the event
 * loop run every few milliseconds (Pacer), however long the inputs.
 */
async function buildWrites(
  puts: Record<string, unknown>[],
  deletes: Record<string, unknown>[],
  schema: KeySchema,
  keys: TableKeys,
): Promise<WriteEntry[]> {
  const entries: WriteEntry[] = [];
  const seen = new KeyDigests(tooManyWrites);
  const pacer = new Pacer();
  /** An item to put or a key to delete, as its request; each key may come only once. */
  const add = (kind: WriteEntry["kind"], index: number, value: AttributeMap) => {
    const entry: WriteEntry = {
      kind,
      index,
      value,
      request: kind === "put" ? { PutRequest: { Item: value } } : { DeleteRequest: { Key: value } },
    };
    // Requests run in parallel, so two writes to one key would race (and DynamoDB rejects a
    // request that holds both).
    const first = seen.firstOrAdd(keyIdentity(value, schema) as string, entries.length);
    const earlier = first === undefined ? undefined : entries[first];
    if (earlier) {
      throw new InputError(
        kind === "put" ? PUT_LABEL : DELETE_LABEL,
        "duplicate",
        `${where(earlier)} and ${where(entry)} have the same key ${describeKey(keyValue(earlier, schema))}. A batch may write or delete each item only once; remove one of them.`,
      );
    }
    entries.push(entry);
  };
  for (const [index, raw] of puts.entries()) {
    if (pacer.due()) await pacer.pause();
    const label = `${PUT_LABEL} (index ${index})`;
    // Index key attributes too: DynamoDB would refuse the whole request of 25 for one of them.
    add("put", index, checkItemForWrite(putItemOf(raw, schema, label, keys), label));
  }
  for (const [index, raw] of deletes.entries()) {
    if (pacer.due()) await pacer.pause();
    add("delete", index, readKey(raw, schema, `${DELETE_LABEL} (index ${index})`));
  }
  return entries;
}

function keyValue(entry: WriteEntry, schema: KeySchema): AttributeMap {
  const key: AttributeMap = {};
  for (const attribute of keyAttributes(schema)) {
    const value = Object.hasOwn(entry.value, attribute.name)
      ? entry.value[attribute.name]
      : undefined;
    if (value) key[attribute.name] = value;
  }
  return key;
}

/**
 * The output's unprocessed writes as plain JSON, in input order, as many as fit in
 * DEFAULT_BYTE_BUDGET (5 MB) as the output serialises them, and whether some were left out: a
 * throttled batch of large items would otherwise return as much as its whole input.
 */
async function unprocessedOutput(unprocessed: WriteEntry[]) {
  const puts: Record<string, unknown>[] = [];
  const deletes: Record<string, unknown>[] = [];
  const pacer = new Pacer();
  let bytes = 0;
  for (const entry of unprocessed) {
    if (pacer.due()) await pacer.pause();
    const plain = formatItem(entry.value);
    bytes += Buffer.byteLength(JSON.stringify(plain), "utf8") + 1;
    if (bytes > DEFAULT_BYTE_BUDGET) {
      return { unprocessed: { puts, deletes }, unprocessedTruncated: true };
    }
    (entry.kind === "put" ? puts : deletes).push(plain);
  }
  return { unprocessed: { puts, deletes }, unprocessedTruncated: false };
}

export const batchWriteItems = action({
  display: {
    label: "Batch Write Items",
    description:
      "Put and delete many items in a DynamoDB table, in requests of 25 that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    tableName,
    putItems: input({
      label: PUT_LABEL,
      type: "code",
      language: "json",
      required: false,
      comments: `A JSON array of items to create or replace, as plain JSON objects, such as ${PUT_EXAMPLE}. Each item needs the table's key attributes and may be up to 400 KB. Any number of items: they are sent in requests of 25.`,
      example: PUT_EXAMPLE,
      clean: cleanObjectArray(PUT_LABEL, "items", PUT_EXAMPLE),
    }),
    deleteKeys: input({
      label: DELETE_LABEL,
      type: "code",
      language: "json",
      required: false,
      comments: `A JSON array of the keys of items to delete, as plain JSON objects with exactly the table's key attributes, such as ${DELETE_EXAMPLE}. Deleting a key that has no item is not an error.`,
      example: DELETE_EXAMPLE,
      clean: cleanObjectArray(DELETE_LABEL, "key objects", DELETE_EXAMPLE),
    }),
    awsConnection: connectionInput,
    concurrency: concurrencyInput,
    maxRetries: maxRetriesInput,
    returnUnprocessed: returnUnprocessedInput("writes"),
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
    const { clients } = step;
    const table = params.tableName;
    const empty = {
      written: 0,
      deleted: 0,
      unprocessedCount: 0,
      unprocessed: { puts: [], deletes: [] },
      unprocessedTruncated: false,
    };
    if (puts.length + deletes.length === 0) return { data: empty };

    const keys = await readTableKeys(clients, table, params.awsConnection);
    const schema = keySchemaOf(keys, table);
    const entries = await buildWrites(puts, deletes, schema, keys);

    let written = 0;
    let deleted = 0;
    let result: Awaited<ReturnType<typeof runBatches<WriteEntry>>>;
    try {
      result = await runBatches({
        entries,
        chunkSize: WRITE_CHUNK_SIZE,
        concurrency: params.concurrency,
        maxRetries: params.maxRetries,
        send: batchWriteSender<WriteEntry>(
          clients,
          { ...step.context("BatchWriteItem"), table },
          schema,
        ),
        onDone: (done) => {
          for (const entry of done) {
            if (entry.kind === "put") written += 1;
            else deleted += 1;
          }
        },
      });
    } catch (error) {
      forgetKeysOnMismatch(error, clients, table);
      // Never hide what was applied: a flow must know how far a failed batch got.
      const message = `${sentence(error)} Before it failed, ${formatCount(written)} of ${formatCount(puts.length)} items were written and ${formatCount(deleted)} of ${formatCount(deletes.length)} keys deleted; the other ${formatCount(entries.length - written - deleted)} writes were not applied or not confirmed.`;
      if (error instanceof ConnectionError)
        throw connectionError(error.connection, message, { written, deleted });
      throw Object.assign(error instanceof Error ? error : new Error(message), {
        message,
        written,
        deleted,
      });
    }

    const unprocessed = result.unprocessed;
    if (unprocessed.length > 0 && !params.returnUnprocessed) {
      throw Object.assign(
        new Error(
          `Batch Write Items: ${formatCount(unprocessed.length)} of ${formatCount(entries.length)} writes were still unprocessed after ${params.maxRetries} retries (DynamoDB was throttling them); ${formatCount(written)} items were written and ${formatCount(deleted)} deleted. Unprocessed: ${listSome(
            unprocessed.map((entry) => `${where(entry)} ${describeKey(keyValue(entry, schema))}`),
          )}. Raise Max Retries or the table's write capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
        ),
        { written, deleted },
      );
    }
    return {
      data: {
        written,
        deleted,
        unprocessedCount: unprocessed.length,
        ...(await unprocessedOutput(unprocessed)),
      },
    };
  },
  outputSchema: actionOutput(
    {
      written: { type: "integer", description: "How many items were put." },
      deleted: { type: "integer", description: "How many keys were deleted." },
      unprocessedCount: unprocessedCountSchema("writes"),
      unprocessed: {
        type: "object",
        description: "The writes still unprocessed after Max Retries, to retry later.",
        properties: {
          puts: { type: "array", items: { type: "object", additionalProperties: true } },
          deletes: { type: "array", items: { type: "object", additionalProperties: true } },
        },
        required: ["puts", "deletes"],
      },
      unprocessedTruncated: {
        type: "boolean",
        description: `True when unprocessed lists fewer writes than unprocessedCount: it holds the first ones in input order, up to ${DEFAULT_BYTE_BUDGET / 1024 / 1024} MB as JSON text (DEFAULT_BYTE_BUDGET).`,
      },
    },
    ["written", "deleted", "unprocessedCount", "unprocessed", "unprocessedTruncated"],
  ),
  examplePayload: {
    data: {
      written: 2,
      deleted: 1,
      unprocessedCount: 0,
      unprocessed: { puts: [], deletes: [] },
      unprocessedTruncated: false,
    },
  },
});

export default batchWriteItems;

import { BatchGetItemCommand, type KeysAndAttributes } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import {
  awsRegion,
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
} from "../inputs";
import { connect, type Step } from "../invocation";
import {
  describeKey,
  forgetKeysOnMismatch,
  type KeySchema,
  keyIdentity,
  readKey,
  readKeySchema,
} from "../keys";
import { formatCount, listSome, sentence } from "../messages";
import { actionOutput, objectListSchema, unprocessedCountSchema } from "../outputs";
import { runBatches } from "../retry";
import { type AttributeMap, formatItem } from "../values";

/** DynamoDB's limit of keys per BatchGetItem request. */
export const GET_CHUNK_SIZE = 100;

const KEYS_EXAMPLE = '[{"customerId": 1, "customerName": "Ada"}]';

interface KeyEntry {
  index: number;
  key: AttributeMap;
  identity: string;
}

/** The keys as the table's Keys, each distinct key once (DynamoDB refuses a key named twice). */
function distinctKeys(keys: Record<string, unknown>[], schema: KeySchema) {
  const entries: KeyEntry[] = [];
  const byIdentity = new Map<string, KeyEntry>();
  keys.forEach((raw, index) => {
    const key = readKey(raw, schema, `Keys (index ${index})`);
    const identity = keyIdentity(key, schema) as string;
    if (byIdentity.has(identity)) return;
    const entry = { index, key, identity };
    byIdentity.set(identity, entry);
    entries.push(entry);
  });
  return { entries, byIdentity };
}

/**
 * Reads the keys in requests of 100, retrying what DynamoDB leaves unprocessed. A failure says how
 * far it got; no items are returned from a failed step.
 */
async function readInBatches(
  step: Step,
  schema: KeySchema,
  entries: KeyEntry[],
  options: {
    request: Omit<KeysAndAttributes, "Keys">;
    concurrency: number;
    maxRetries: number;
  },
): Promise<{ found: AttributeMap[]; unprocessed: KeyEntry[] }> {
  const table = step.table;
  const found: AttributeMap[] = [];
  let keysRead = 0;
  try {
    const result = await runBatches({
      entries,
      chunkSize: GET_CHUNK_SIZE,
      concurrency: options.concurrency,
      maxRetries: options.maxRetries,
      onDone: (done) => {
        keysRead += done.length;
      },
      send: async (pending) => {
        const output = await step.call("BatchGetItem", () =>
          step.clients.dynamodb.send(
            new BatchGetItemCommand({
              RequestItems: {
                [table]: { ...options.request, Keys: pending.map((entry) => entry.key) },
              },
            }),
          ),
        );
        found.push(...(output.Responses?.[table] ?? []));
        const unprocessed = new Set(
          (output.UnprocessedKeys?.[table]?.Keys ?? []).map((key) => keyIdentity(key, schema)),
        );
        return pending.filter((entry) => unprocessed.has(entry.identity));
      },
    });
    return { found, unprocessed: result.unprocessed };
  } catch (error) {
    forgetKeysOnMismatch(error, step.clients, table);
    const message = `${sentence(error)} Before it failed, ${formatCount(keysRead)} of ${formatCount(entries.length)} keys had been read (${formatCount(found.length)} ${found.length === 1 ? "item" : "items"} found); no items are returned from a failed step.`;
    throw Object.assign(error instanceof Error ? error : new Error(message), { message });
  }
}

/** Items come back in no particular order; they are returned in the order their keys were given. */
function inKeyOrder(
  found: AttributeMap[],
  schema: KeySchema,
  byIdentity: Map<string, KeyEntry>,
): AttributeMap[] {
  const position = (item: AttributeMap) => {
    const identity = keyIdentity(item, schema);
    const entry = identity === undefined ? undefined : byIdentity.get(identity);
    return entry?.index ?? Number.MAX_SAFE_INTEGER;
  };
  return found
    .map((item) => ({ item, at: position(item) }))
    .sort((a, b) => a.at - b.at)
    .map(({ item }) => item);
}

export const batchGetItems = action({
  display: {
    label: "Batch Get Items",
    description:
      "Retrieve many items by key from a DynamoDB table, in requests of 100 that run in parallel, retrying what DynamoDB leaves unprocessed",
  },
  inputs: {
    awsRegion,
    tableName,
    keys: input({
      label: "Keys",
      type: "code",
      language: "json",
      required: true,
      comments:
        'A JSON array of the keys to read, as plain JSON objects with the table\'s key attributes, such as [{"customerId": 1, "customerName": "Ada"}]. Values are converted to the key types the table declares. Duplicate keys are read once. Any number of keys: they are sent in requests of 100.',
      example: KEYS_EXAMPLE,
      clean: (value: unknown) => {
        const keys = cleanObjectArray("Keys", "key objects", KEYS_EXAMPLE)(value);
        return keys ?? fail("Keys", "required", `Keys is required. For example: ${KEYS_EXAMPLE}`);
      },
    }),
    awsConnection: connectionInput,
    projectionExpression,
    expressionAttributeNames,
    consistentRead,
    returnDynamoJson,
    maxRetries: maxRetriesInput,
    concurrency: concurrencyInput,
    returnUnprocessed: returnUnprocessedInput("keys"),
    maxAttempts,
  },
  perform: async (invocation, params) => {
    checkProjectionNames(
      params.projectionExpression,
      params.expressionAttributeNames,
      "Expression Attribute Names is set but Projection Expression is blank: names are only used in the Projection Expression here. Clear the names or add a projection such as #n, customerId.",
    );
    const step = connect(invocation, params);
    const dynamoJson = params.returnDynamoJson;
    if (params.keys.length === 0) {
      return {
        data: { items: [], count: 0, requested: 0, unprocessedCount: 0, unprocessedKeys: [] },
      };
    }
    const schema = await readKeySchema(step.clients, step.table, step.connection);
    const { entries, byIdentity } = distinctKeys(params.keys, schema);
    const { found, unprocessed } = await readInBatches(step, schema, entries, {
      request: {
        ProjectionExpression: params.projectionExpression,
        ExpressionAttributeNames: params.expressionAttributeNames,
        ConsistentRead: params.consistentRead || undefined,
      },
      concurrency: params.concurrency,
      maxRetries: params.maxRetries,
    });
    if (unprocessed.length > 0 && !params.returnUnprocessed) {
      throw new Error(
        `Batch Get Items: ${formatCount(unprocessed.length)} of ${formatCount(entries.length)} keys were still unprocessed after ${params.maxRetries} retries (DynamoDB was throttling or hit its response size limit): ${listSome(
          unprocessed.map((entry) => `Keys index ${entry.index} ${describeKey(entry.key)}`),
        )}. Raise Max Retries or the table's read capacity, lower Concurrency, or set Return Unprocessed to true to get them in the output instead.`,
      );
    }
    const items = inKeyOrder(found, schema, byIdentity).map((item) => formatItem(item, dynamoJson));
    return {
      data: {
        items,
        count: items.length,
        requested: entries.length,
        unprocessedCount: unprocessed.length,
        unprocessedKeys: unprocessed.map((entry) => formatItem(entry.key, dynamoJson)),
      },
    };
  },
  outputSchema: actionOutput(
    {
      items: objectListSchema(
        "The items found, in the order of their keys in Keys (when the projection includes the key attributes). Keys with no item are absent.",
      ),
      count: { type: "integer", description: "How many items were found." },
      requested: { type: "integer", description: "How many distinct keys were requested." },
      unprocessedCount: unprocessedCountSchema("keys"),
      unprocessedKeys: objectListSchema(
        "The keys still unprocessed after Max Retries, to retry later.",
      ),
    },
    ["items", "count", "requested", "unprocessedCount", "unprocessedKeys"],
  ),
  examplePayload: {
    data: {
      items: [
        { customerId: 1, customerName: "Ada", city: "London" },
        { customerId: 2, customerName: "Grace", city: "New York" },
      ],
      count: 2,
      requested: 3,
      unprocessedCount: 0,
      unprocessedKeys: [],
    },
  },
});

export default batchGetItems;

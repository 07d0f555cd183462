/**
 * One BatchWriteItem request of the batch writer (Batch Write Items, Import Items): sends the
 * entries, maps a failure to a clear action error, and returns the entries DynamoDB left
 * unprocessed, recognised by their key. runBatches / runBatchStream (retry.ts) do the chunking,
 * concurrency and retries around it.
 */
import { BatchWriteItemCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import type { AwsClients } from "../aws/client";
import { type CallContext, callAws } from "../aws/errors";
import type { KeySchema } from "./keySchema";
import { keyIdentity } from "./keyValues";

/** DynamoDB's limit of writes per BatchWriteItem request (BatchWriteItem API reference). */
export const WRITE_CHUNK_SIZE = 25;

/**
 * A write to send. Its key's identity (keyIdentity) is worked out only for the requests in
 * flight, when DynamoDB leaves some unprocessed, so a long batch never holds every key's text.
 */
export interface WriteRequestEntry {
  request: WriteRequest;
}

/** The identity of a request DynamoDB echoed back as unprocessed. */
function requestIdentity(request: WriteRequest, schema: KeySchema): string | undefined {
  const map = request.PutRequest?.Item ?? request.DeleteRequest?.Key;
  return map ? keyIdentity(map, schema) : undefined;
}

/**
 * The `send` of runBatches for BatchWriteItem on `context.table`: one request with the pending
 * entries (at most 25, no key twice); resolves to those DynamoDB reported as unprocessed.
 */
export function batchWriteSender<E extends WriteRequestEntry>(
  clients: AwsClients,
  context: CallContext & { table: string },
  schema: KeySchema,
): (pending: E[]) => Promise<E[]> {
  const table = context.table;
  return async (pending) => {
    const output = await callAws({ ...context, operation: "BatchWriteItem" }, () =>
      clients.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: { [table]: pending.map((entry) => entry.request) },
        }),
      ),
    );
    const unprocessed = output.UnprocessedItems?.[table];
    if (!unprocessed || unprocessed.length === 0) return [];
    const identities = new Set(unprocessed.map((request) => requestIdentity(request, schema)));
    return pending.filter((entry) => identities.has(requestIdentity(entry.request, schema)));
  };
}

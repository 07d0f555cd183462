/**
 * The best plain-SDK batch writer, the raw side of the batch-write comparison (and the seeder of
 * the benchmark's tables): requests of 25, `concurrency` in flight, unprocessed items sent again
 * with exponential backoff. Plain JavaScript so that the raw worker process (overheadWorker.js)
 * loads it without the connector or ts-node.
 */
const { BatchWriteItemCommand } = require("@aws-sdk/client-dynamodb");
const { marshall } = require("@aws-sdk/util-dynamodb");

/**
 * @param {import("@aws-sdk/client-dynamodb").DynamoDBClient} client
 * @param {string} table
 * @param {Record<string, unknown>[]} items
 * @param {number} concurrency
 * @returns {Promise<number>} how many items were written
 */
async function rawBatchWrite(client, table, items, concurrency) {
  const chunks = [];
  for (let i = 0; i < items.length; i += 25) {
    chunks.push(items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item) } })));
  }
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending = chunks[next++];
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10)
          throw new Error("Raw batch write: items still unprocessed after 10 retries.");
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 2 ** attempt * 10));
        const output = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
        );
        const left = output.UnprocessedItems?.[table] ?? [];
        written += pending.length - left.length;
        pending = left;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return written;
}

module.exports = { rawBatchWrite };

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export function rawBatchWrite(
  client: DynamoDBClient,
  table: string,
  items: Record<string, unknown>[],
  concurrency: number,
): Promise<number>;

/**
 * The stubbed table the child processes scan: DescribeTable answers a table keyed on a number
 * `id`, and Scan pages through `items` items of `perPage` each, built by `itemOf(n)`. It replaces
 * DynamoDBClient.prototype.send because aws-sdk-client-mock's call history would keep every page
 * and fill the child's small heap by itself.
 */
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/client-dynamodb";

export interface StubbedScan {
  tableName: string;
  items: number;
  perPage: number;
  /** The attributes of item `n` besides its key. */
  itemOf: (n: number) => Record<string, AttributeValue>;
}

function scanPage(table: StubbedScan, input: ScanCommandInput) {
  const from = input.ExclusiveStartKey ? Number(input.ExclusiveStartKey.id?.N) + 1 : 0;
  const to = Math.min(table.items, from + table.perPage);
  const items = Array.from({ length: to - from }, (_, i) => ({
    id: { N: String(from + i) },
    ...table.itemOf(from + i),
  }));
  return {
    Items: items,
    Count: items.length,
    ScannedCount: items.length,
    LastEvaluatedKey: to < table.items ? { id: { N: String(to - 1) } } : undefined,
  };
}

/** Answers this process's DynamoDB calls from `table` (any other command is an error). */
export function stubScan(table: StubbedScan): void {
  DynamoDBClient.prototype.send = async function send(command: unknown) {
    if (command instanceof DescribeTableCommand) {
      return {
        Table: {
          TableName: table.tableName,
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "N" }],
        },
      };
    }
    if (command instanceof ScanCommand) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return scanPage(table, command.input);
    }
    throw new Error(`unexpected command ${String(command)}`);
  } as typeof DynamoDBClient.prototype.send;
}

import {
  type AttributeValue,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { getClients } from "../client";
import { callAws, toActionError } from "../errors";
import {
  awsRegion,
  cleanAttributeNames,
  cleanBoolean,
  cleanOptionalString,
  connectionInput,
  consistentRead,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  fetchAll,
  indexName,
  limit,
  maxItems,
  projectionExpression,
  queryParameters,
  returnDynamoJson,
  tableName,
} from "../inputs";
import { actionOutput, lastEvaluatedKeySchema } from "../outputs";
import {
  collectPages,
  cursorKeyNames,
  cursorNeedsTypes,
  DEFAULT_MAX_ITEMS,
  describeTableKeys,
  keyOfItem,
  type Page,
  projectionWithKeys,
  restoreCursorTypes,
  withoutAttributes,
} from "../paging";
import {
  type AttributeMap,
  formatItem,
  formatItems,
  parseCursor,
  typedPairsToMap,
} from "../values";

const DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide";

const VALUES_LABELS = {
  values: "Expression Attribute Values",
  types: "Expression Attribute Value Types",
};

/**
 * Query Parameters are merged into the command last, as the old component did, so they may set
 * anything the inputs leave unset. When one names a parameter an input already sets, which of the
 * two should win is a guess, so it is an error naming both instead.
 */
export function mergeQueryParameters<T extends object>(
  command: T,
  queryParameters: Record<string, unknown>,
  labels: Record<string, string>,
): T {
  const merged: Record<string, unknown> = { ...(command as Record<string, unknown>) };
  for (const [name, value] of Object.entries(queryParameters)) {
    if (merged[name] !== undefined) {
      const label = labels[name] ?? name;
      throw new Error(
        `Query Parameters: "${name}" conflicts with the ${label} input, which already sets it. Set it in one place: clear ${label}, or remove "${name}" from Query Parameters.`,
      );
    }
    merged[name] = value;
  }
  return merged as T;
}

/** The command parameter each input sets, by the input's label (for conflict messages). */
const PARAMETER_LABELS: Record<string, string> = {
  TableName: "Table Name",
  KeyConditionExpression: "Key Condition Expression",
  FilterExpression: "Filter Expression",
  ExpressionAttributeValues: "Expression Attribute Values",
  ExpressionAttributeNames: "Expression Attribute Names",
  IndexName: "Index Name",
  ScanIndexForward: "Scan Index Forward",
  Limit: "Limit",
  ExclusiveStartKey: "Exclusive Start Key",
  ProjectionExpression: "Projection Expression",
  ConsistentRead: "Consistent Read",
};

/** Drops undefined fields, so the command holds only what was set (and conflicts are exact). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const keyConditionExpression = input({
  label: "Key Condition Expression",
  type: "string",
  required: false,
  comments: `The condition specifying key values for the query: the partition key with =, and optionally a sort key condition (=, <, <=, >, >=, BETWEEN, begins_with), such as customerId = :id AND orderDate >= :from. Required. Learn more about [key condition expressions](${DOCS}/Query.html#Query.KeyConditionExpressions).`,
  example: "customerId = :id",
  clean: cleanOptionalString,
});

const filterExpression = input({
  label: "Filter Expression",
  type: "string",
  required: false,
  comments: `Optional. A condition to filter query results after they're read, such as #status = :status. Cannot filter on partition or sort keys. Filtered items still count toward Limit and the read capacity. Learn more about [filter expressions](${DOCS}/Query.html#Query.FilterExpression).`,
  example: "#status = :status",
  clean: cleanOptionalString,
});

const scanIndexForward = input({
  label: "Scan Index Forward",
  type: "boolean",
  required: false,
  default: "true",
  comments:
    "When true (the default), items come in ascending order of the sort key; when false, in descending order (for example the newest first).",
  clean: cleanBoolean("Scan Index Forward", true),
});

const queryFetchAll = input({
  ...fetchAll,
  comments:
    "When true, read page after page until every matching item is in, or until Max Items (default 10,000) or about 5 MB of items is reached; then Last Evaluated Key continues exactly after the last returned item. When false, return one page.",
});

const queryMaxItems = input({
  ...maxItems,
  comments: `With Fetch All, stop after this many items and return the cursor to continue from in lastEvaluatedKey. Leave blank for the default of ${DEFAULT_MAX_ITEMS.toLocaleString("en-US")}.`,
});

export const queryItems = action({
  display: {
    label: "Query Items",
    description: "Query a DynamoDB table",
  },
  inputs: {
    awsRegion,
    tableName,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    keyConditionExpression,
    filterExpression,
    queryParameters,
    awsConnection: connectionInput,
    expressionAttributeNames: { ...expressionAttributeNames, clean: cleanAttributeNames },
    indexName,
    scanIndexForward,
    limit,
    exclusiveStartKey,
    fetchAll: queryFetchAll,
    maxItems: queryMaxItems,
    projectionExpression,
    consistentRead,
    returnDynamoJson,
  },
  perform: async (_context, params) => {
    const table = params.tableName;
    const parameters = params.queryParameters;
    // Every input error is raised here, before any call to AWS.
    if (!params.keyConditionExpression && parameters.KeyConditionExpression === undefined) {
      throw new Error(
        "Key Condition Expression is required: a Query reads one partition, named with =, such as customerId = :id (with :id in Expression Attribute Values). To read the whole table use Scan Items.",
      );
    }
    if (params.maxItems !== undefined && !params.fetchAll) {
      throw new Error(
        "Max Items applies only with Fetch All. Turn on Fetch All, or use Limit for the size of one page.",
      );
    }
    const values = typedPairsToMap(
      params.expressionAttributeValues,
      params.expressionAttributeValueTypes,
      VALUES_LABELS,
    );
    const startKey = parseCursor(params.exclusiveStartKey, "Exclusive Start Key");
    const command = mergeQueryParameters<QueryCommandInput>(
      defined({
        TableName: table,
        IndexName: params.indexName,
        KeyConditionExpression: params.keyConditionExpression,
        FilterExpression: params.filterExpression,
        ProjectionExpression: params.projectionExpression,
        ExpressionAttributeNames: params.expressionAttributeNames,
        ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
        // Only the non-default values are sent, as the old component's command had neither.
        ScanIndexForward: params.scanIndexForward ? undefined : false,
        ConsistentRead: params.consistentRead || undefined,
        Limit: params.limit,
        ExclusiveStartKey: startKey,
      }),
      parameters,
      PARAMETER_LABELS,
    );

    const clients = getClients(params.awsConnection, params.awsRegion);
    const context = { table, region: clients.region, connection: params.awsConnection };
    const tableKeys = () =>
      callAws({ ...context, operation: "DescribeTable" }, () => describeTableKeys(clients, table));

    if (startKey && cursorNeedsTypes(startKey)) {
      // A plain cursor cannot tell a string from base64 binary or a long number; the table's
      // attribute definitions can. Without DescribeTable permission the cursor is sent as given.
      const keys = await tableKeys().catch(() => undefined);
      if (keys) {
        command.ExclusiveStartKey = restoreCursorTypes(startKey, keys.types, "Exclusive Start Key");
      }
    }

    const dynamoJson = params.returnDynamoJson;
    if (!params.fetchAll) {
      const page = await callAws({ ...context, operation: "Query" }, () =>
        clients.dynamodb.send(new QueryCommand(command)),
      );
      return {
        data: {
          items: formatItems(page.Items, dynamoJson),
          count: page.Count ?? page.Items?.length ?? 0,
          scannedCount: page.ScannedCount ?? 0,
          lastEvaluatedKey: page.LastEvaluatedKey
            ? formatItem(page.LastEvaluatedKey, dynamoJson)
            : null,
          truncated: false,
          truncatedReason: null,
        },
      };
    }

    // Fetch All. Stopping inside a page needs each item's key for the cursor, so a projection
    // that leaves key attributes out gets them added, and they are dropped again afterwards.
    let cursorNames: string[] | undefined;
    const keyNames = async () => {
      cursorNames ??= cursorKeyNames(await tableKeys(), table, command.IndexName);
      return cursorNames;
    };
    let added: string[] = [];
    if (command.ProjectionExpression) {
      const projection = projectionWithKeys(
        command.ProjectionExpression,
        command.ExpressionAttributeNames,
        await keyNames(),
      );
      command.ProjectionExpression = projection.ProjectionExpression;
      command.ExpressionAttributeNames = projection.ExpressionAttributeNames;
      added = projection.added;
    }

    let count = 0;
    let scannedCount = 0;
    async function* pages(): AsyncGenerator<Page<Record<string, AttributeValue>>> {
      try {
        // The paginator writes ExclusiveStartKey into its input, so it gets a copy.
        for await (const page of paginateQuery({ client: clients.dynamodb }, { ...command })) {
          count += page.Count ?? 0;
          scannedCount += page.ScannedCount ?? 0;
          yield { items: page.Items ?? [], lastEvaluatedKey: page.LastEvaluatedKey };
        }
      } catch (error) {
        throw toActionError(error, { ...context, operation: "Query" });
      }
    }
    const collected = await collectPages(pages(), {
      maxItems: params.maxItems,
      startCursor: command.ExclusiveStartKey,
      cursorAfter: async (item: AttributeMap) => keyOfItem(item, await keyNames()),
    });
    return {
      data: {
        items: formatItems(
          collected.items.map((item) => withoutAttributes(item, added)),
          dynamoJson,
        ),
        // With Select COUNT there are no items, only DynamoDB's counts.
        count: command.Select === "COUNT" ? count : collected.items.length,
        scannedCount,
        lastEvaluatedKey: collected.lastEvaluatedKey
          ? formatItem(collected.lastEvaluatedKey, dynamoJson)
          : null,
        truncated: collected.truncated,
        truncatedReason: collected.reason ?? null,
      },
    };
  },
  outputSchema: actionOutput(
    {
      items: {
        type: "array",
        items: { type: "object", additionalProperties: true },
        description: "The items, as plain JSON (or DynamoDB JSON with Return DynamoDB JSON).",
      },
      count: { type: "integer", description: "How many items are in items." },
      scannedCount: {
        type: "integer",
        description:
          "How many items DynamoDB read before the Filter Expression (over every page read, with Fetch All).",
      },
      lastEvaluatedKey: lastEvaluatedKeySchema,
      truncated: {
        type: "boolean",
        description:
          "With Fetch All: true when the run stopped at Max Items or the size budget; lastEvaluatedKey then continues after the last item returned. Always false without Fetch All.",
      },
      truncatedReason: {
        type: ["string", "null"],
        enum: ["maxItems", "byteBudget", null],
        description: "Why Fetch All stopped early: maxItems or byteBudget (about 5 MB); else null.",
      },
    },
    ["items", "count", "scannedCount", "lastEvaluatedKey", "truncated", "truncatedReason"],
  ),
  examplePayload: {
    data: {
      items: [
        { customerId: 1001, orderDate: "2024-05-01", status: "shipped", total: 25.5 },
        { customerId: 1001, orderDate: "2024-05-07", status: "open", total: 12 },
      ],
      count: 2,
      scannedCount: 2,
      lastEvaluatedKey: { customerId: 1001, orderDate: "2024-05-07" },
      truncated: false,
      truncatedReason: null,
    },
  },
});

export default queryItems;

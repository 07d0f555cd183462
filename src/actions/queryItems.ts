import { paginateQuery, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { getClients, invocationOptions } from "../client";
import { callAws } from "../errors";
import {
  awsRegion,
  checkMaxItemsNeedsFetchAll,
  cleanBoolean,
  cleanExpression,
  connectionInput,
  consistentRead,
  DOCS,
  defined,
  EXPRESSION_VALUE_LABELS,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  fetchAll,
  indexName,
  limit,
  maxAttempts,
  maxItems,
  mergeQueryParameters,
  projectionExpression,
  queryParameters,
  returnDynamoJson,
  tableName,
} from "../inputs";
import { InputError } from "../inputs/inputError";
import { readTableKeys } from "../keys";
import { formatCount } from "../messages";
import { lastEvaluatedKeySchema, pagedItemsOutputSchema } from "../outputs";
import {
  collectPages,
  cursorKeyNames,
  DEFAULT_MAX_ITEMS,
  formatCursor,
  keyOfItem,
  projectKeyAttributes,
  restoreCursor,
  sdkPages,
  withoutAttributes,
} from "../paging";
import { type AttributeMap, formatItems, parseKeyCursor, typedPairsToMap } from "../values";

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

const keyConditionExpression = input({
  label: "Key Condition Expression",
  type: "string",
  required: false,
  comments: `The condition specifying key values for the query: the partition key with =, and optionally a sort key condition (=, <, <=, >, >=, BETWEEN, begins_with), such as customerId = :id AND orderDate >= :from. Required. Learn more about [key condition expressions](${DOCS}/Query.html#Query.KeyConditionExpressions).`,
  example: "customerId = :id",
  clean: cleanExpression("Key Condition Expression"),
});

const filterExpression = input({
  label: "Filter Expression",
  type: "string",
  required: false,
  comments: `Optional. A condition to filter query results after they're read, such as #status = :status. Cannot filter on partition or sort keys. Filtered items still count toward Limit and the read capacity. Learn more about [filter expressions](${DOCS}/Query.html#Query.FilterExpression).`,
  example: "#status = :status",
  clean: cleanExpression("Filter Expression"),
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
  comments: `With Fetch All, stop after this many items and return the cursor to continue from in lastEvaluatedKey. Leave blank for the default of ${formatCount(DEFAULT_MAX_ITEMS)}.`,
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
    expressionAttributeNames,
    indexName,
    scanIndexForward,
    limit,
    exclusiveStartKey,
    fetchAll: queryFetchAll,
    maxItems: queryMaxItems,
    projectionExpression,
    consistentRead,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const table = params.tableName;
    const parameters = params.queryParameters;
    // Every input error is raised here, before any call to AWS.
    if (!params.keyConditionExpression && parameters.KeyConditionExpression === undefined) {
      throw new InputError(
        "Key Condition Expression",
        "invalidValue",
        "Key Condition Expression is required: a Query reads one partition, named with =, such as customerId = :id (with :id in Expression Attribute Values). To read the whole table use Scan Items.",
      );
    }
    checkMaxItemsNeedsFetchAll(
      params.maxItems,
      params.fetchAll,
      "use Limit for the size of one page",
    );
    const values = typedPairsToMap(
      params.expressionAttributeValues,
      params.expressionAttributeValueTypes,
      EXPRESSION_VALUE_LABELS,
    );
    const startKey = parseKeyCursor(params.exclusiveStartKey, "Exclusive Start Key");
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

    const clients = getClients(
      params.awsConnection,
      params.awsRegion,
      invocationOptions(invocation, params.maxAttempts),
    );
    const context = { table, region: clients.region, connection: params.awsConnection };
    const tableKeys = () => readTableKeys(clients, table, params.awsConnection);
    // A plain cursor cannot tell a string from base64 binary or a long number; the table can.
    if (startKey) {
      command.ExclusiveStartKey = await restoreCursor(startKey, tableKeys, "Exclusive Start Key");
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
          lastEvaluatedKey: formatCursor(page.LastEvaluatedKey, dynamoJson),
          truncated: false,
          truncatedReason: null,
        },
      };
    }

    // Fetch All: a cut page continues after the key of its last returned item.
    const keyNames = async () => cursorKeyNames(await tableKeys(), table, command.IndexName);
    const added = await projectKeyAttributes(command, keyNames);

    let count = 0;
    let scannedCount = 0;
    // The paginator writes ExclusiveStartKey into its input, so it gets a copy.
    const pages = sdkPages(
      paginateQuery({ client: clients.dynamodb }, { ...command }),
      { ...context, operation: "Query" },
      (page) => {
        count += page.Count ?? 0;
        scannedCount += page.ScannedCount ?? 0;
      },
    );
    const collected = await collectPages(pages, {
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
        lastEvaluatedKey: formatCursor(collected.lastEvaluatedKey, dynamoJson),
        truncated: collected.truncated,
        truncatedReason: collected.reason ?? null,
      },
    };
  },
  outputSchema: pagedItemsOutputSchema({
    itemsDescription: "The items, as plain JSON (or DynamoDB JSON with Return DynamoDB JSON).",
    counts: {
      scannedCount: {
        type: "integer",
        description:
          "How many items DynamoDB read before the Filter Expression (over every page read, with Fetch All).",
      },
    },
    cursor: { name: "lastEvaluatedKey", schema: lastEvaluatedKeySchema },
  }),
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

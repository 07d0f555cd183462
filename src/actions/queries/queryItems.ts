import { paginateQuery, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import type { InvocationContext } from "../../aws/client";
import { connect, type Step, type StepInputs } from "../../aws/invocation";
import { formatCount } from "../../common/messages";
import { readTableKeys, type TableKeys } from "../../engines/keySchema";
import {
  collectPages,
  cursorKeyNames,
  DEFAULT_MAX_ITEMS,
  keyOfItem,
  projectKeyAttributes,
  type ReadOptions,
  readOutput,
  restoreCursor,
  sdkPages,
  type TruncationReason,
  withoutAttributes,
} from "../../engines/paging";
import { fail } from "../../errors/inputError";
import {
  awsRegion,
  checkMaxItemsNeedsFetchAll,
  checkPlaceholders,
  cleanBoolean,
  cleanExpression,
  cleanExpressionValues,
  connectionInput,
  consistentRead,
  DOCS,
  defined,
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
  setsExpressions,
  tableName,
  withComments,
} from "../../inputs";
import { readItemsOutputSchema } from "../../outputs";
import { type AttributeMap, outputSize, parseKeyCursor } from "../../values";

const CURSOR_LABEL = "Exclusive Start Key";

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
  ExclusiveStartKey: CURSOR_LABEL,
  ProjectionExpression: "Projection Expression",
  ConsistentRead: "Consistent Read",
};

export const keyConditionExpression = input({
  label: "Key Condition Expression",
  type: "string",
  required: false,
  comments: `The condition specifying key values for the query: the partition key with =, and optionally a sort key condition (=, <, <=, >, >=, BETWEEN, begins_with), such as customerId = :id AND orderDate >= :from. Required. Learn more about [key condition expressions](${DOCS}/Query.html#Query.KeyConditionExpressions).`,
  example: "customerId = :id",
  clean: cleanExpression("Key Condition Expression"),
});

export const filterExpression = input({
  label: "Filter Expression",
  type: "string",
  required: false,
  comments: `Optional. A condition to filter query results after they're read, such as #status = :status. Cannot filter on partition or sort keys. Filtered items still count toward Limit and the read capacity. Learn more about [filter expressions](${DOCS}/Query.html#Query.FilterExpression).`,
  example: "#status = :status",
  clean: cleanExpression("Filter Expression"),
});

export const scanIndexForward = input({
  label: "Scan Index Forward",
  type: "boolean",
  required: false,
  default: "true",
  comments:
    "When true (the default), items come in ascending order of the sort key; when false, in descending order (for example the newest first).",
  clean: cleanBoolean("Scan Index Forward", true),
});

const queryFetchAll = withComments(
  fetchAll,
  "When true, read page after page until every matching item is in, or until Max Items (default 10,000) or 5 MB of items (as JSON text in the returned form) is reached; then Last Evaluated Key continues exactly after the last returned item. When false, return one page.",
);

const queryMaxItems = withComments(
  maxItems,
  `With Fetch All, stop after this many items and return the cursor to continue from in lastEvaluatedKey. Leave blank for the default of ${formatCount(DEFAULT_MAX_ITEMS)}.`,
);

export type QueryParams = {
  tableName: string;
  keyConditionExpression?: string;
  filterExpression?: string;
  projectionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues: unknown;
  expressionAttributeValueTypes: unknown;
  queryParameters: Record<string, unknown>;
  indexName?: string;
  scanIndexForward: boolean;
  consistentRead: boolean;
  limit?: number;
  exclusiveStartKey: unknown;
  fetchAll: boolean;
  maxItems?: number;
};

/** The Query command the inputs describe; every input error is raised here, before any call. */
export function queryCommand(params: QueryParams): QueryCommandInput {
  const parameters = params.queryParameters;
  if (!params.keyConditionExpression && parameters.KeyConditionExpression === undefined) {
    fail(
      "Key Condition Expression",
      "required",
      "Key Condition Expression is required: a Query reads one partition, named with =, such as customerId = :id (with :id in Expression Attribute Values). To read the whole table use Scan Items.",
    );
  }
  checkMaxItemsNeedsFetchAll(
    params.maxItems,
    params.fetchAll,
    "use Limit for the size of one page",
  );
  const values = cleanExpressionValues(
    params.expressionAttributeValues,
    params.expressionAttributeValueTypes,
  );
  const names = params.expressionAttributeNames;
  // With expressions in Query Parameters, DynamoDB checks the placeholders itself.
  if (!setsExpressions(parameters)) {
    checkPlaceholders({
      expressions: {
        "Key Condition Expression": params.keyConditionExpression,
        "Filter Expression": params.filterExpression,
        "Projection Expression": params.projectionExpression,
      },
      names,
      values,
    });
  }
  return mergeQueryParameters<QueryCommandInput>(
    defined({
      TableName: params.tableName,
      IndexName: params.indexName,
      KeyConditionExpression: params.keyConditionExpression,
      FilterExpression: params.filterExpression,
      ProjectionExpression: params.projectionExpression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
      // Only the non-default values are sent, as the old component's command had neither.
      ScanIndexForward: params.scanIndexForward ? undefined : false,
      ConsistentRead: params.consistentRead || undefined,
      Limit: params.limit,
      ExclusiveStartKey: parseKeyCursor(params.exclusiveStartKey, CURSOR_LABEL),
    }),
    parameters,
    PARAMETER_LABELS,
  );
}

/** One page, as it comes. */
async function queryPage(step: Step, command: QueryCommandInput, dynamoJson: boolean) {
  const page = await step.call("Query", () =>
    step.clients.dynamodb.send(new QueryCommand(command)),
  );
  const read = {
    items: page.Items,
    count: page.Count ?? page.Items?.length ?? 0,
    scannedCount: page.ScannedCount ?? 0,
    lastEvaluatedKey: page.LastEvaluatedKey,
    truncated: false,
  };
  return readOutput(read, dynamoJson);
}

/** A Fetch All query: its items (none with onItem), counts and where to continue. */
export interface QueryRead {
  items: AttributeMap[];
  /** DynamoDB's count of matching items over the pages read (with Select COUNT, the only count). */
  count: number;
  scannedCount: number;
  lastEvaluatedKey?: AttributeMap;
  truncated: boolean;
  reason?: TruncationReason;
}

/**
 * Fetch All: pages up to Max Items or the byte budget; a cut page continues after its last item.
 * With `onItem`, items are handed over as they come (see collectPages) instead of kept.
 */
export async function readQuery(
  step: Step,
  command: QueryCommandInput,
  tableKeys: () => Promise<TableKeys>,
  options: ReadOptions,
): Promise<QueryRead> {
  const keyNames = async () => cursorKeyNames(await tableKeys(), step.table, command.IndexName);
  const added = await projectKeyAttributes(command, keyNames);
  const strip = (item: AttributeMap) => withoutAttributes(item, added);
  const { sizeOf, onItem } = options;
  let count = 0;
  let scannedCount = 0;
  // The paginator writes ExclusiveStartKey into its input, so it gets a copy.
  const pages = sdkPages(
    paginateQuery({ client: step.clients.dynamodb }, { ...command }),
    step.context("Query"),
    (page) => {
      count += page.Count ?? 0;
      scannedCount += page.ScannedCount ?? 0;
    },
  );
  const collected = await collectPages(pages, {
    maxItems: options.maxItems,
    byteBudget: options.byteBudget,
    tooLarge: options.tooLarge,
    sizeOf: sizeOf && ((item) => sizeOf(strip(item))),
    onItem: onItem && ((item) => onItem(strip(item))),
    startCursor: command.ExclusiveStartKey,
    cursorAfter: async (item: AttributeMap) => keyOfItem(item, await keyNames()),
  });
  return {
    items: collected.items.map(strip),
    count,
    scannedCount,
    lastEvaluatedKey: collected.lastEvaluatedKey,
    truncated: collected.truncated,
    reason: collected.reason,
  };
}

/** Fetch All, as Query Items returns it. */
async function queryAllPages(
  step: Step,
  command: QueryCommandInput,
  tableKeys: () => Promise<TableKeys>,
  options: { maxItems?: number; dynamoJson: boolean },
) {
  const read = await readQuery(step, command, tableKeys, {
    maxItems: options.maxItems,
    sizeOf: (item) => outputSize(item, options.dynamoJson),
  });
  // With Select COUNT there are no items, only DynamoDB's counts.
  const count = command.Select === "COUNT" ? read.count : read.items.length;
  return readOutput({ ...read, count }, options.dynamoJson);
}

/**
 * The query the inputs describe, ready to run: every input error raised, the connection made and
 * the cursor restored against the table's key. Query Items and Export Items start here.
 */
export async function prepareQuery(
  invocation: InvocationContext | undefined,
  params: QueryParams & StepInputs,
) {
  const command = queryCommand(params);
  const step = connect(invocation, params);
  const tableKeys = () => readTableKeys(step.clients, step.table, step.connection);
  command.ExclusiveStartKey = await restoreCursor(
    command.ExclusiveStartKey,
    tableKeys,
    CURSOR_LABEL,
    { table: step.table, index: command.IndexName },
  );
  return { step, command, tableKeys };
}

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
    const { step, command, tableKeys } = await prepareQuery(invocation, params);
    const dynamoJson = params.returnDynamoJson;
    const data = params.fetchAll
      ? await queryAllPages(step, command, tableKeys, { maxItems: params.maxItems, dynamoJson })
      : await queryPage(step, command, dynamoJson);
    return { data };
  },
  outputSchema: readItemsOutputSchema(
    "How many items DynamoDB read before the Filter Expression (over every page read, with Fetch All).",
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

import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { BYTE_BUDGET_TEXT, DEFAULT_MAX_ITEMS, DEFAULT_MAX_ITEMS_TEXT } from "../../common/limits";
import { formatCount } from "../../common/messages";
import { queryRequest, readQuery, startQuery } from "../../engines/query";
import {
  awsRegion,
  connectionInput,
  consistentRead,
  exclusiveStartKey,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  fetchAll,
  filterExpression,
  indexName,
  keyConditionExpression,
  limit,
  maxAttempts,
  maxItems,
  projectionExpression,
  queryParameters,
  returnDynamoJson,
  scanIndexForward,
  tableName,
  withComments,
} from "../../inputs";
import {
  queryItemsExample,
  queryItemsOutputSchema,
  queryPageData,
  queryReadData,
} from "../../outputs/queries";
import { outputSize } from "../../values";

const queryFetchAll = withComments(
  fetchAll,
  `When true, read page after page until every matching item is in, or until Max Items (default ${DEFAULT_MAX_ITEMS_TEXT}) or ${BYTE_BUDGET_TEXT} of items (as JSON text in the returned form) is reached; then Last Evaluated Key continues exactly after the last returned item. When false, return one page.`,
);

const queryMaxItems = withComments(
  maxItems,
  `With Fetch All, stop after this many items and return the cursor to continue from in lastEvaluatedKey. Leave blank for the default of ${formatCount(DEFAULT_MAX_ITEMS)}.`,
);

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
    const request = queryRequest(params);
    const step = connect(invocation, params);
    const query = await startQuery(step, request, params.queryParameters);
    const dynamoJson = params.returnDynamoJson;
    if (!params.fetchAll) {
      const page = await step.send("Query", new QueryCommand(query.request));
      return { data: queryPageData(page, dynamoJson) };
    }
    const read = await readQuery(step, query.request, query.tableKeys, {
      maxItems: params.maxItems,
      sizeOf: (item) => outputSize(item, dynamoJson),
    });
    return { data: queryReadData(read, query.request.Select, dynamoJson) };
  },
  outputSchema: queryItemsOutputSchema,
  examplePayload: queryItemsExample,
});

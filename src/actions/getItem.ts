import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { getClients, invocationOptions } from "../client";
import { callAws } from "../errors";
import {
  awsRegion,
  connectionInput,
  consistentRead,
  expressionAttributeNames,
  hashKeyValue,
  maxAttempts,
  projectionExpression,
  rangeKeyValue,
  returnDynamoJson,
  tableName,
} from "../inputs";
import { InputError } from "../inputs/inputError";
import { resolveKey, withTableKey } from "../keys";
import { itemOutputSchema } from "../outputs";
import { formatItem } from "../values";

export const getItem = action({
  display: {
    label: "Get Item",
    description: "Retrieve an item from a DynamoDB database",
  },
  inputs: {
    awsRegion,
    tableName,
    value: hashKeyValue,
    rangeKeyValue,
    awsConnection: connectionInput,
    consistentRead,
    projectionExpression,
    expressionAttributeNames,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    if (params.expressionAttributeNames && !params.projectionExpression) {
      throw new InputError(
        "Expression Attribute Names",
        "invalidValue",
        "Expression Attribute Names are only used by the Projection Expression, which is blank. Fill in the Projection Expression (such as #name, city) or clear the names.",
      );
    }
    const clients = getClients(
      params.awsConnection,
      params.awsRegion,
      invocationOptions(invocation, params.maxAttempts),
    );
    const table = params.tableName;
    const context = { table, region: clients.region, connection: params.awsConnection };
    // Cold: one DescribeTable for the key schema (cached); then the key is checked here, so a
    // missing or unexpected sort key value is an input error before the GetItem call.
    const resolved = await callAws({ ...context, operation: "DescribeTable" }, () =>
      resolveKey(clients, table, params.value, params.rangeKeyValue),
    );
    const key = { resolved, hashValue: params.value, rangeValue: params.rangeKeyValue };
    const { Item } = await callAws({ ...context, operation: "GetItem" }, () =>
      withTableKey(clients, table, key, (Key) =>
        clients.dynamodb.send(
          new GetItemCommand({
            TableName: table,
            Key,
            ConsistentRead: params.consistentRead || undefined,
            ProjectionExpression: params.projectionExpression,
            ExpressionAttributeNames: params.expressionAttributeNames,
          }),
        ),
      ),
    );
    return {
      data: {
        found: Item !== undefined,
        item: Item ? formatItem(Item, params.returnDynamoJson) : null,
      },
    };
  },
  outputSchema: itemOutputSchema("The item, or null when there is none.", {
    found: { type: "boolean", description: "Whether an item with this key exists." },
  }),
  examplePayload: {
    data: {
      found: true,
      item: { customerId: 1001, customerName: "Ada Lovelace", tags: ["vip"], balance: 12.5 },
    },
  },
});

export default getItem;

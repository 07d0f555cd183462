import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { sendWithKeyInputs } from "../../engines/itemCalls";
import {
  awsRegion,
  checkProjectionNames,
  connectionInput,
  consistentRead,
  expressionAttributeNames,
  hashKeyValue,
  maxAttempts,
  projectionExpression,
  rangeKeyValue,
  returnDynamoJson,
  tableName,
} from "../../inputs";
import { itemOutputSchema } from "../../outputs";
import { formatItemOrNull } from "../../values";

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
    checkProjectionNames(
      params.projectionExpression,
      params.expressionAttributeNames,
      "Expression Attribute Names are only used by the Projection Expression, which is blank. Fill in the Projection Expression (such as #name, city) or clear the names.",
    );
    // Cold: one DescribeTable for the key schema (cached); then the key is checked, so a missing
    // or unexpected sort key value is an input error before the GetItem call.
    const { Item } = await sendWithKeyInputs(invocation, params, "GetItem", (dynamodb, Key) =>
      dynamodb.send(
        new GetItemCommand({
          TableName: params.tableName,
          Key,
          ConsistentRead: params.consistentRead || undefined,
          ProjectionExpression: params.projectionExpression,
          ExpressionAttributeNames: params.expressionAttributeNames,
        }),
      ),
    );
    return {
      data: {
        found: Item !== undefined,
        item: formatItemOrNull(Item, params.returnDynamoJson),
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

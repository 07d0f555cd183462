import { DeleteItemCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { sendWithKeyInputs } from "../../engines/itemCalls";
import {
  awsRegion,
  conditionExpression,
  conditionParameters,
  connectionInput,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  hashKeyValue,
  maxAttempts,
  rangeKeyValue,
  returnDynamoJson,
  returnValuesInput,
  tableName,
} from "../../inputs";
import { itemOutputSchema } from "../../outputs";
import { formatItemOrNull } from "../../values";

export const deleteItem = action({
  display: {
    label: "Delete Item",
    description: "Delete an item from a DynamoDB database",
  },
  inputs: {
    awsRegion,
    tableName,
    value: hashKeyValue,
    rangeKeyValue,
    conditionExpression,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    awsConnection: connectionInput,
    expressionAttributeNames,
    returnValues: returnValuesInput(["NONE", "ALL_OLD"], "NONE"),
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const condition = conditionParameters(params);
    const { Attributes } = await sendWithKeyInputs(
      invocation,
      params,
      "DeleteItem",
      (dynamodb, Key) =>
        dynamodb.send(new DeleteItemCommand({ TableName: params.tableName, Key, ...condition })),
    );
    return { data: { item: formatItemOrNull(Attributes, params.returnDynamoJson) } };
  },
  outputSchema: itemOutputSchema(
    "With Return Values ALL_OLD: the deleted item, or null when there was no item with this key. Always null with NONE (the default).",
  ),
  examplePayload: {
    data: {
      item: { customerId: 1001, customerName: "Ada Lovelace", tags: ["vip"], balance: 12.5 },
    },
  },
});

export default deleteItem;

import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { readItemKey, sendWithKey } from "../../engines/itemCalls";
import { getItemRequest } from "../../engines/items";
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
import { getItemData, getItemExample, getItemOutputSchema } from "../../outputs/items";

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
    const step = connect(invocation, params);
    // Cold: one DescribeTable for the key schema (cached); then the key is checked, so a missing
    // or unexpected sort key value is an input error before the GetItem call.
    const key = await readItemKey(step, params.value, params.rangeKeyValue);
    const { Item } = await sendWithKey(
      step,
      "GetItem",
      key,
      (Key) => new GetItemCommand(getItemRequest(step.table, Key, params)),
    );
    return { data: getItemData(Item, params.returnDynamoJson) };
  },
  outputSchema: getItemOutputSchema,
  examplePayload: getItemExample,
});

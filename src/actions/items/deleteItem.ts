import { DeleteItemCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { readItemKey, sendWithKey } from "../../engines/itemCalls";
import { deleteItemRequest } from "../../engines/items";
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
import { deleteItemExample, deleteItemOutputSchema, returnedItemData } from "../../outputs/items";

const returnValues = returnValuesInput(["NONE", "ALL_OLD"], "NONE");

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
    returnValues,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const condition = conditionParameters(params);
    const step = connect(invocation, params);
    const key = await readItemKey(step, params.value, params.rangeKeyValue);
    const answer = await sendWithKey(
      step,
      "DeleteItem",
      key,
      (Key) => new DeleteItemCommand(deleteItemRequest(step.table, Key, condition)),
    );
    const report = {
      table: step.table,
      logger: invocation.logger,
      returnValues: params.returnValues,
    };
    return { data: returnedItemData("DeleteItem", answer, params.returnDynamoJson, report) };
  },
  outputSchema: deleteItemOutputSchema,
  examplePayload: deleteItemExample,
});

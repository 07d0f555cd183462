import { DeleteItemCommand } from "@aws-sdk/client-dynamodb";
import { action } from "@prismatic-io/spectral";
import { getClients, invocationOptions } from "../client";
import { callAws } from "../errors";
import {
  awsRegion,
  conditionExpression,
  conditionValues,
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
} from "../inputs";
import { resolveKey, withTableKey } from "../keys";
import { itemOutputSchema } from "../outputs";
import { formatItem } from "../values";

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
    const values = conditionValues(params);
    const clients = getClients(
      params.awsConnection,
      params.awsRegion,
      invocationOptions(invocation, params.maxAttempts),
    );
    const table = params.tableName;
    const context = { table, region: clients.region, connection: params.awsConnection };
    const resolved = await callAws({ ...context, operation: "DescribeTable" }, () =>
      resolveKey(clients, table, params.value, params.rangeKeyValue),
    );
    const key = { resolved, hashValue: params.value, rangeValue: params.rangeKeyValue };
    const { Attributes } = await callAws({ ...context, operation: "DeleteItem" }, () =>
      withTableKey(clients, table, key, (Key) =>
        clients.dynamodb.send(
          new DeleteItemCommand({
            TableName: table,
            Key,
            ConditionExpression: params.conditionExpression,
            ExpressionAttributeNames: params.expressionAttributeNames,
            ExpressionAttributeValues: values,
            ReturnValues: params.returnValues === "NONE" ? undefined : params.returnValues,
          }),
        ),
      ),
    );
    return {
      data: { item: Attributes ? formatItem(Attributes, params.returnDynamoJson) : null },
    };
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

import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { getClients, invocationOptions } from "../client";
import { callAws } from "../errors";
import {
  awsRegion,
  cleanOptionalString,
  conditionExpression,
  connectionInput,
  DOCS,
  EXPRESSION_VALUE_LABELS,
  expressionAttributeNames,
  hashKeyValue,
  maxAttempts,
  rangeKeyValue,
  returnDynamoJson,
  returnValuesInput,
  tableName,
  updateExpressionAttributeValues,
  updateExpressionAttributeValueTypes,
} from "../inputs";
import { resolveKey, withTableKey } from "../keys";
import { itemOutputSchema } from "../outputs";
import { buildUpdateFromJson, parseUpdateJson } from "../updateJson";
import { formatItem, typedPairsToMap } from "../values";

const query = input({
  label: "Update Expression",
  type: "string",
  // Optional so the designer accepts a step that uses Update JSON; perform requires one of the two.
  required: false,
  comments: `An update expression specifying how to modify item attributes, such as SET #status = :status, visits = visits + :one REMOVE oldField. Leave blank when you give Update JSON instead. Learn more about [update expressions](${DOCS}/Expressions.UpdateExpressions.html).`,
  example: "SET #status = :status",
  clean: cleanOptionalString,
});

const updateJson = input({
  label: "Update JSON",
  type: "code",
  language: "json",
  required: false,
  comments:
    'Optional, instead of an Update Expression: a JSON object of top-level attributes to set, such as {"status": "done", "count": 3, "oldField": null}. null removes the attribute; objects and arrays replace the whole attribute. The expression is generated, so reserved words need no Expression Attribute Names. Numbers keep every digit.',
});

export const updateItem = action({
  display: {
    label: "Update Item",
    description: "Update an existing item in a DynamoDB database",
  },
  inputs: {
    awsRegion,
    tableName,
    value: hashKeyValue,
    rangeKeyValue,
    query,
    conditionExpression,
    queryParams: updateExpressionAttributeValues,
    queryParamTypes: updateExpressionAttributeValueTypes,
    awsConnection: connectionInput,
    expressionAttributeNames,
    returnValues: returnValuesInput(
      ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
      "ALL_NEW",
    ),
    updateJson,
    returnDynamoJson,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const patch = parseUpdateJson(params.updateJson);
    if (patch && params.query) {
      throw new Error(
        "Give either an Update Expression or Update JSON, not both. Clear the Update Expression to use Update JSON.",
      );
    }
    if (!patch && !params.query) {
      throw new Error(
        'Update Expression or Update JSON is required: give an Update Expression such as SET #status = :status (with Expression Attribute Values and Names), or Update JSON such as {"status": "done"}.',
      );
    }
    const names = params.expressionAttributeNames;
    const values = typedPairsToMap(
      params.queryParams,
      params.queryParamTypes,
      EXPRESSION_VALUE_LABELS,
    );
    const reserved = [...Object.keys(names ?? {}), ...Object.keys(values)];
    if (patch && reserved.length > 0 && !params.conditionExpression) {
      // Update JSON brings its own names and values; the user's would be unused, which DynamoDB refuses.
      throw new Error(
        "With Update JSON, Expression Attribute Values and Expression Attribute Names are only used by the Condition Expression, which is blank. Fill in the Condition Expression or clear them.",
      );
    }

    const clients = getClients(
      params.awsConnection,
      params.awsRegion,
      invocationOptions(invocation, params.maxAttempts),
    );
    const table = params.tableName;
    const context = { table, region: clients.region, connection: params.awsConnection };
    // Input errors (the key, the patch) surface here, before the UpdateItem call.
    const key = await callAws({ ...context, operation: "DescribeTable" }, () =>
      resolveKey(clients, table, params.value, params.rangeKeyValue),
    );
    const firstUpdate = patch ? buildUpdateFromJson(patch, { reserved, key }) : undefined;

    const { Attributes } = await callAws({ ...context, operation: "UpdateItem" }, () =>
      withTableKey(
        clients,
        table,
        { resolved: key, hashValue: params.value, rangeValue: params.rangeKeyValue },
        (Key) => {
          // Rebuilt only when a re-created table gave the item another key.
          const generated =
            Key === key || !patch
              ? firstUpdate
              : buildUpdateFromJson(patch, { reserved, key: Key });
          const allNames = { ...names, ...generated?.ExpressionAttributeNames };
          const allValues = { ...values, ...generated?.ExpressionAttributeValues };
          return clients.dynamodb.send(
            new UpdateItemCommand({
              TableName: table,
              Key,
              UpdateExpression: generated?.UpdateExpression ?? params.query,
              ConditionExpression: params.conditionExpression,
              ExpressionAttributeNames: Object.keys(allNames).length > 0 ? allNames : undefined,
              ExpressionAttributeValues: Object.keys(allValues).length > 0 ? allValues : undefined,
              ReturnValues: params.returnValues === "NONE" ? undefined : params.returnValues,
            }),
          );
        },
      ),
    );
    return {
      data: { item: Attributes ? formatItem(Attributes, params.returnDynamoJson) : null },
    };
  },
  outputSchema: itemOutputSchema(
    "The attributes chosen by Return Values: with ALL_NEW (the default) the whole item after the update. Null with NONE.",
  ),
  examplePayload: {
    data: {
      item: { customerId: 1001, customerName: "Ada Lovelace", status: "done", visits: 3 },
    },
  },
});

export default updateItem;

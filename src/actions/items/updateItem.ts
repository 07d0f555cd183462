import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { readItemKey, sendWithKey } from "../../engines/itemCalls";
import { checkUpdateIndexKeys, readItemUpdate, updateItemRequest } from "../../engines/items";
import { cachedTableKeys, describeTableKeys, tableKeys } from "../../engines/keySchema";
import { guardVersion } from "../../engines/versioning";
import {
  awsRegion,
  cleanExpression,
  conditionExpression,
  connectionInput,
  DOCS,
  expressionAttributeNames,
  hashKeyValue,
  maxAttempts,
  optimisticLockingInputs,
  rangeKeyValue,
  returnDynamoJson,
  returnValuesInput,
  tableName,
  updateExpressionAttributeValues,
  updateExpressionAttributeValueTypes,
} from "../../inputs";
import { returnedItemData, updateItemExample, updateItemOutputSchema } from "../../outputs/items";

const query = input({
  label: "Update Expression",
  type: "string",
  // Optional so the designer accepts a step that uses Update JSON; perform requires one of the two.
  required: false,
  comments: `An update expression specifying how to modify item attributes, such as SET #status = :status, visits = visits + :one REMOVE oldField. Leave blank when you give Update JSON instead. Learn more about [update expressions](${DOCS}/Expressions.UpdateExpressions.html).`,
  example: "SET #status = :status",
  clean: cleanExpression("Update Expression"),
});

const updateJson = input({
  label: "Update JSON",
  type: "code",
  language: "json",
  required: false,
  comments:
    'Optional, instead of an Update Expression: a JSON object of top-level attributes to set, such as {"status": "done", "count": 3, "oldField": null}. null removes the attribute; objects and arrays replace the whole attribute. The expression is generated, so reserved words need no Expression Attribute Names. Numbers keep every digit.',
});

const returnValues = returnValuesInput(
  ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
  "ALL_NEW",
);

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
    returnValues,
    updateJson,
    returnDynamoJson,
    ...optimisticLockingInputs,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const update = readItemUpdate(params);
    const step = connect(invocation, params);
    // Input errors (the key, the patch) surface here, before the UpdateItem call.
    const key = await readItemKey(step, params.value, params.rangeKeyValue);
    // The key read above cached the table's keys: index key types cost no further call.
    const keysOfTable = cachedTableKeys(step.clients, step.table) ?? (await tableKeys(step));
    checkUpdateIndexKeys(update, keysOfTable);
    const first = updateItemRequest(step.table, key.resolved, update, keysOfTable);
    // A failed version condition says the item changed since it was read (src/engines/versioning.ts).
    const answer = await guardVersion(
      update.lock,
      step.context("UpdateItem"),
      Boolean(params.conditionExpression),
      () =>
        sendWithKey(step, "UpdateItem", key, async (Key) => {
          // Rebuilt only when a re-created table gave the item another key (and index keys).
          const request =
            Key === key.resolved || !update.patch
              ? { ...first, Key }
              : updateItemRequest(
                  step.table,
                  Key,
                  update,
                  await describeTableKeys(step.clients, step.table),
                );
          return new UpdateItemCommand(request);
        }),
    );
    const report = {
      table: step.table,
      logger: invocation.logger,
      versioned: Boolean(update.lock),
      returnValues: params.returnValues,
    };
    return { data: returnedItemData("UpdateItem", answer, params.returnDynamoJson, report) };
  },
  outputSchema: updateItemOutputSchema,
  examplePayload: updateItemExample,
});

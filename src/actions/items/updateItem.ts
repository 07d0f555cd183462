import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { readItemKey, readItemTableKeys, sendWithKey } from "../../engines/itemCalls";
import { describeTableKeys } from "../../engines/keySchema";
import { checkIndexKeyAssignments } from "../../engines/keyValues";
import { buildUpdateFromJson, parseUpdateJson } from "../../engines/updateJson";
import {
  checkVersionUntouched,
  guardVersion,
  versionedPatch,
  versionLock,
  withVersionCondition,
} from "../../engines/versioning";
import {
  awsRegion,
  checkPlaceholders,
  cleanExpression,
  cleanExpressionValues,
  conditionExpression,
  connectionInput,
  DOCS,
  EXPRESSION_VALUE_LABELS,
  exactlyOneOf,
  expressionAttributeNames,
  fail,
  hashKeyValue,
  maxAttempts,
  NAMES_LABEL,
  rangeKeyValue,
  returnDynamoJson,
  returnValuesInput,
  tableName,
  updateExpressionAttributeValues,
  updateExpressionAttributeValueTypes,
} from "../../inputs";
import { expectedVersion, versionAttribute } from "../../inputs/versioning";
import { itemOutputSchema } from "../../outputs";
import { formatItemOrNull } from "../../values";

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
    versionAttribute,
    expectedVersion,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    // Optimistic locking (src/engines/versioning.ts): the version is not part of the user's update.
    const lock = versionLock(params);
    checkVersionUntouched(lock, params.query, params.expressionAttributeNames);
    const patch = versionedPatch(lock, parseUpdateJson(params.updateJson), "Update JSON");
    exactlyOneOf(
      [
        { label: "Update Expression", given: params.query !== undefined },
        { label: "Update JSON", given: patch !== undefined },
      ],
      {
        both: "Give either an Update Expression or Update JSON, not both. Clear the Update Expression to use Update JSON.",
        none: 'Update Expression or Update JSON is required: give an Update Expression such as SET #status = :status (with Expression Attribute Values and Names), or Update JSON such as {"status": "done"}.',
      },
    );
    const names = params.expressionAttributeNames;
    const values = cleanExpressionValues(params.queryParams, params.queryParamTypes);
    const reserved = [...Object.keys(names ?? {}), ...Object.keys(values)];
    if (patch && reserved.length > 0 && !params.conditionExpression) {
      // Update JSON brings its own names and values; the user's would be unused, which DynamoDB refuses.
      fail(
        names ? NAMES_LABEL : EXPRESSION_VALUE_LABELS.values,
        "unusedPlaceholder",
        "With Update JSON, Expression Attribute Values and Expression Attribute Names are only used by the Condition Expression, which is blank. Fill in the Condition Expression or clear them.",
      );
    }
    checkPlaceholders({
      expressions: {
        "Update Expression": patch ? undefined : params.query,
        "Condition Expression": params.conditionExpression,
      },
      names,
      values,
    });

    const step = connect(invocation, params);
    // Input errors (the key, the patch) surface here, before the UpdateItem call.
    const key = await readItemKey(step, params.value, params.rangeKeyValue);
    // The key read above cached the table's keys: index key types cost no further call.
    const tableKeys = await readItemTableKeys(step);
    if (!patch) {
      const { types } = EXPRESSION_VALUE_LABELS;
      checkIndexKeyAssignments(params.query, names, values, tableKeys, types);
    }
    const firstUpdate = patch
      ? buildUpdateFromJson(patch, { reserved, key: key.resolved, tableKeys })
      : undefined;
    // A failed version condition says the item changed since it was read (src/engines/versioning.ts).
    const { Attributes } = await guardVersion(
      lock,
      step.context("UpdateItem"),
      Boolean(params.conditionExpression),
      () =>
        sendWithKey(step, "UpdateItem", key, async (Key) => {
          // Rebuilt only when a re-created table gave the item another key (and index keys).
          const generated =
            Key === key.resolved || !patch
              ? firstUpdate
              : buildUpdateFromJson(patch, {
                  reserved,
                  key: Key,
                  tableKeys: await describeTableKeys(step.clients, step.table),
                });
          const allNames = { ...names, ...generated?.ExpressionAttributeNames };
          const allValues = { ...values, ...generated?.ExpressionAttributeValues };
          return step.clients.dynamodb.send(
            new UpdateItemCommand(
              withVersionCondition(lock, {
                TableName: step.table,
                Key,
                UpdateExpression: generated?.UpdateExpression ?? params.query,
                ConditionExpression: params.conditionExpression,
                ExpressionAttributeNames: Object.keys(allNames).length > 0 ? allNames : undefined,
                ExpressionAttributeValues:
                  Object.keys(allValues).length > 0 ? allValues : undefined,
                ReturnValues: params.returnValues === "NONE" ? undefined : params.returnValues,
              }),
            ),
          );
        }),
    );
    return { data: { item: formatItemOrNull(Attributes, params.returnDynamoJson) } };
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

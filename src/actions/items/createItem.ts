import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { sendWithItem } from "../../engines/itemCalls";
import { itemToPut, putItemRequest } from "../../engines/items";
import { guardVersion, versionedItem, versionLock } from "../../engines/versioning";
import {
  awsRegion,
  checkItemForWrite,
  conditionExpression,
  conditionParameters,
  connectionInput,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  givenItem,
  maxAttempts,
  optimisticLockingInputs,
  returnDynamoJson,
  returnValuesInput,
  tableName,
} from "../../inputs";
import { createItemData, createItemExample, createItemOutputSchema } from "../../outputs/items";
import { TYPE_CODE_CHOICES } from "../../values";

const TYPES_DOC =
  "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes";

const item = input({
  label: "Value",
  type: "string",
  collection: "keyvaluelist",
  // Optional so the designer accepts a step that uses Item JSON; perform requires one of the two.
  required: false,
  comments:
    "Key-value pairs representing the item to insert into the table. Each key corresponds to an attribute name; the item must include the table's key attributes. Leave blank when you give Item JSON instead.",
});

const itemTypes = input({
  label: "Value Types",
  type: "string",
  collection: "keyvaluelist",
  required: false,
  model: TYPE_CODE_CHOICES,
  comments: `The DynamoDB data type for each item attribute. Must specify a type for each key in the Value field, using the same key. Leave blank when you give Item JSON instead. See [DynamoDB data types](${TYPES_DOC}).`,
});

const itemJson = input({
  label: "Item JSON",
  type: "code",
  language: "json",
  required: false,
  comments:
    'Optional, instead of Value and Value Types: the whole item as a plain JSON object, such as {"customerId": 1001, "name": "Ada", "tags": ["vip"]}. Strings, numbers (every digit kept), booleans, null, arrays (stored as lists) and objects (stored as maps).',
});

const returnValues = returnValuesInput(["NONE", "ALL_OLD"], "NONE");

export const createItem = action({
  display: {
    label: "Upsert Item",
    description: "Creates a new item, or replaces an existing item with a new item",
  },
  inputs: {
    awsRegion,
    tableName,
    item,
    itemTypes,
    conditionExpression,
    expressionAttributeValues,
    expressionAttributeValueTypes,
    awsConnection: connectionInput,
    itemJson,
    expressionAttributeNames,
    returnValues,
    returnDynamoJson,
    ...optimisticLockingInputs,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const given = givenItem(params);
    const { label } = given;
    checkItemForWrite(given.item, label);
    const condition = conditionParameters(params);
    const lock = versionLock(params);
    // A version the item gives is checked now, before any request; again once typed, below.
    versionedItem(lock, given.item, label);
    const step = connect(invocation, params);
    // A failed version condition says the item changed since it was read (src/engines/versioning.ts).
    const { answer, item: written } = await guardVersion(
      lock,
      step.context("PutItem"),
      Boolean(params.conditionExpression),
      () =>
        sendWithItem(
          step,
          "PutItem",
          (keys) => itemToPut(given, keys, step.table, lock),
          (Item) => new PutItemCommand(putItemRequest(step.table, Item, condition, lock)),
        ),
    );
    const report = { table: step.table, logger: invocation.logger, versioned: Boolean(lock) };
    return { data: createItemData(written, answer, params.returnDynamoJson, report) };
  },
  outputSchema: createItemOutputSchema,
  examplePayload: createItemExample,
});

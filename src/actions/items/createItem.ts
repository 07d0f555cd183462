import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { isKeyMismatch, readItemTableKeys } from "../../engines/itemCalls";
import {
  describeTableKeys,
  forgetTableKeys,
  type KeySchema,
  keySchemaOf,
  type TableKeys,
} from "../../engines/keySchema";
import {
  checkIndexKeys,
  checkTableKey,
  indexKeyAttributes,
  indexKeyValuesOf,
  keyOf,
} from "../../engines/keyValues";
import {
  guardVersion,
  versionedItem,
  versionLock,
  withVersionCondition,
} from "../../engines/versioning";
import {
  awsRegion,
  checkItemForWrite,
  conditionExpression,
  conditionParameters,
  connectionInput,
  exactlyOneOf,
  expressionAttributeNames,
  expressionAttributeValues,
  expressionAttributeValueTypes,
  isBlank,
  maxAttempts,
  returnDynamoJson,
  returnValuesInput,
  tableName,
} from "../../inputs";
import { expectedVersion, versionAttribute } from "../../inputs/versioning";
import { itemOutputSchema } from "../../outputs";
import {
  type AttributeMap,
  formatItem,
  formatItemOrNull,
  parseJsonInput,
  plainToMap,
  TYPE_CODE_CHOICES,
  typedPairsToMap,
} from "../../values";

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

/**
 * The item as the table stores it: the key attributes of the table and of its indexes in the
 * types DescribeTable declares. Item JSON's plain values are converted (a number Get Item gave as
 * text becomes a number for an N key, base64 text bytes for a B key: toKeyValue); Value's typed
 * ones must already have those types. Either way a mismatch is an InputError before PutItem.
 */
function itemForTable(
  given: ReturnType<typeof itemFrom>,
  schema: KeySchema,
  keys: TableKeys,
): AttributeMap {
  const { item, label, plain } = given;
  if (plain) {
    return checkItemForWrite(
      { ...item, ...indexKeyValuesOf(plain, keys, label), ...keyOf(plain, schema, label) },
      label,
    );
  }
  checkTableKey(item, schema, label);
  checkIndexKeys(item, indexKeyAttributes(keys), label);
  return item;
}

/**
 * The item from exactly one of Value (+ Value Types) or Item JSON. All three inputs are optional
 * in the designer, so this is where "one of them" is enforced, before any call.
 */
function itemFrom(params: { item: unknown; itemTypes: unknown; itemJson: unknown }): {
  item: AttributeMap;
  label: string;
  /** Item JSON as parsed (numbers lossless), for the conversion of its key attributes. */
  plain?: Record<string, unknown>;
} {
  const which = exactlyOneOf(
    [
      { label: "Value", given: !isBlank(params.item) || !isBlank(params.itemTypes) },
      { label: "Item JSON", given: !isBlank(params.itemJson) },
    ],
    {
      both: "Give the item either as Value (with Value Types) or as Item JSON, not both. Clear Value and Value Types to use Item JSON.",
      none: "Value or Item JSON is required: give the item's attributes in Value with a type for each in Value Types (such as customerId → 1001 with customerId → N), or the whole item as Item JSON.",
    },
  );
  if (which === 1) {
    const plain = parseJsonInput(params.itemJson, "Item JSON");
    const item = plainToMap(plain, "Item JSON");
    return { item, label: "Item JSON", plain: plain as Record<string, unknown> };
  }
  return {
    item: typedPairsToMap(params.item, params.itemTypes, { values: "Value", types: "Value Types" }),
    label: "Value",
  };
}

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
    returnValues: returnValuesInput(["NONE", "ALL_OLD"], "NONE"),
    returnDynamoJson,
    versionAttribute,
    expectedVersion,
    maxAttempts,
  },
  perform: async (invocation, params) => {
    const given = itemFrom(params);
    const { label } = given;
    checkItemForWrite(given.item, label);
    const condition = conditionParameters(params);
    const lock = versionLock(params);
    // A version the item gives is checked now, before any request; again once typed, below.
    versionedItem(lock, given.item, label);
    const step = connect(invocation, params);
    // Optimistic locking (src/engines/versioning.ts): the item as written holds the next version.
    const toWrite = (keys: TableKeys) =>
      versionedItem(lock, itemForTable(given, keySchemaOf(keys, step.table), keys), label);
    let Item = toWrite(await readItemTableKeys(step));
    const put = (item: AttributeMap) =>
      step.clients.dynamodb.send(
        new PutItemCommand(
          withVersionCondition(lock, { TableName: step.table, Item: item, ...condition }),
        ),
      );
    // A failed version condition says the item changed since it was read (src/engines/versioning.ts).
    const { Attributes } = await guardVersion(
      lock,
      step.context("PutItem"),
      Boolean(params.conditionExpression),
      () =>
        step.call("PutItem", async () => {
          try {
            return await put(Item);
          } catch (error) {
            // Converted by the keys of a table since re-created with others: convert again, once.
            if (!isKeyMismatch(error)) throw error;
            forgetTableKeys(step.clients, step.table);
            Item = toWrite(await describeTableKeys(step.clients, step.table));
            return put(Item);
          }
        }),
    );
    return {
      data: {
        item: formatItem(Item, params.returnDynamoJson),
        previousItem: formatItemOrNull(Attributes, params.returnDynamoJson),
      },
    };
  },
  outputSchema: itemOutputSchema("The item as written.", {
    previousItem: {
      type: ["object", "null"],
      additionalProperties: true,
      description:
        "With Return Values ALL_OLD: the item this one replaced. Null when there was none, or when Return Values is NONE.",
    },
  }),
  examplePayload: {
    data: {
      item: { customerId: 1001, customerName: "Ada Lovelace", tags: ["vip"], balance: 12.5 },
      previousItem: null,
    },
  },
});

export default createItem;

/**
 * The item actions: Get, Upsert (createItem), Update and Delete Item. Key inputs are checked
 * against the key schema, so those cases fail after the DescribeTable read and before the item
 * call; everything else fails before any request.
 */
import { type BadInputCase, BINARY_KEY, casesFor, HASH_ONLY, HINT, kv, OVER_400_KB } from "./model";

const HASH = "Hash / Primary Key Value";
const RANGE = "Range / Sort Key Value";
const VALUES = "Expression Attribute Values";
const TYPES = "Expression Attribute Value Types";
const NAMES = "Expression Attribute Names";
const afterSchema = { stage: "afterSchema" as const };

/** Key cases that Get, Update and Delete Item share. */
function keyCases(key: string): BadInputCase[] {
  const make = casesFor(key);
  return [
    make("a blank hash key value", { value: "" }, HASH, HINT.required),
    make("a whitespace-only hash key value", { value: "   " }, HASH, HINT.required),
    make("text for a number hash key", { value: "abc" }, HASH, HINT.number, afterSchema),
    make("a hash key number with two points", { value: "1.2.3" }, HASH, HINT.number, afterSchema),
    make("a hash key number over 38 digits", { value: "9".repeat(39) }, HASH, /38/, afterSchema),
    make("a hash key number out of range", { value: "1E+200" }, HASH, /1E-130/, afterSchema),
    make("a hash key of Infinity", { value: "Infinity" }, HASH, HINT.number, afterSchema),
    make(
      "a missing sort key value",
      { rangeKeyValue: "" },
      RANGE,
      /sort key "customerName"/,
      afterSchema,
    ),
    make(
      "a whitespace-only sort key value",
      { rangeKeyValue: "  " },
      RANGE,
      /sort key/,
      afterSchema,
    ),
    make(
      "a sort key value for a hash-only table",
      { rangeKeyValue: "Ada" },
      RANGE,
      /must be blank/,
      {
        ...afterSchema,
        schema: HASH_ONLY,
      },
    ),
    make("a binary hash key that is not base64", { value: "not base64!" }, HASH, HINT.base64, {
      ...afterSchema,
      schema: BINARY_KEY,
    }),
    make(
      "a hash key given as an object (code-native)",
      { value: { id: 1 } },
      HASH,
      // Named once, as what it is: not "not an object or list, not an object".
      /must be a single string, number or base64 value, not an object\.$/,
    ),
    make(
      "a hash key given as a list (code-native)",
      { value: [1] },
      HASH,
      /must be a single string, number or base64 value, not a list\.$/,
    ),
  ];
}

/** The Expression Attribute Values pair that Delete and Upsert Item share with a condition. */
function valueCases(key: string, withCondition: Record<string, unknown>): BadInputCase[] {
  const make = casesFor(key);
  return [
    make(
      "a value without a type",
      {
        ...withCondition,
        expressionAttributeValues: kv({ ":v": "1" }),
        expressionAttributeValueTypes: [],
      },
      TYPES,
      HINT.typeCodes,
    ),
    make(
      "a type without a value",
      {
        ...withCondition,
        expressionAttributeValues: [],
        expressionAttributeValueTypes: kv({ ":v": "S" }),
      },
      VALUES,
      /add a row with key ":v"/,
    ),
    make(
      "an unknown type code",
      {
        ...withCondition,
        expressionAttributeValues: kv({ ":v": "1" }),
        expressionAttributeValueTypes: kv({ ":v": "INTEGER" }),
      },
      TYPES,
      HINT.typeCodes,
    ),
    make(
      "value keys that differ from the type keys",
      {
        ...withCondition,
        expressionAttributeValues: kv({ ":a": "1" }),
        expressionAttributeValueTypes: kv({ ":b": "N" }),
      },
      TYPES,
      /add a row with key ":a"/,
    ),
    make(
      "a number value that is not a number",
      {
        ...withCondition,
        expressionAttributeValues: kv({ ":v": "twelve" }),
        expressionAttributeValueTypes: kv({ ":v": "N" }),
      },
      VALUES,
      HINT.number,
    ),
    make(
      "values that are JSON text but not JSON",
      { ...withCondition, expressionAttributeValues: "{:v: 1}", expressionAttributeValueTypes: [] },
      VALUES,
      HINT.json,
    ),
    make(
      "values given as a number (code-native)",
      { ...withCondition, expressionAttributeValues: 5, expressionAttributeValueTypes: [] },
      VALUES,
      /list of keys and values/,
    ),
    make(
      "a value row without a key",
      {
        ...withCondition,
        expressionAttributeValues: [{ key: " ", value: "1" }],
        expressionAttributeValueTypes: kv({ ":v": "N" }),
      },
      VALUES,
      /attribute name as its key/,
    ),
    make(
      "a value row that is not a key-value pair",
      { ...withCondition, expressionAttributeValues: ["1"], expressionAttributeValueTypes: [] },
      VALUES,
      /not a key and a value/,
    ),
    make(
      "values without a Condition Expression",
      {
        conditionExpression: "",
        expressionAttributeValues: kv({ ":v": "1" }),
        expressionAttributeValueTypes: kv({ ":v": "N" }),
      },
      ["Expression Attribute Values", "Condition Expression"],
      /Fill in the Condition Expression/,
    ),
    make(
      "a name placeholder without #",
      { ...withCondition, expressionAttributeNames: kv({ status: "status" }) },
      NAMES,
      /such as #status/,
    ),
    make(
      "a name placeholder without a name",
      { ...withCondition, expressionAttributeNames: kv({ "#s": "" }) },
      NAMES,
      /give the attribute it stands for/,
    ),
    make(
      "names given as text (code-native)",
      { ...withCondition, expressionAttributeNames: "#s=status" },
      NAMES,
      /such as #status → status/,
    ),
  ];
}

const get = casesFor("getItem");
const getCases: BadInputCase[] = [
  ...keyCases("getItem"),
  get(
    "names without a Projection Expression",
    { expressionAttributeNames: kv({ "#n": "name" }) },
    [NAMES, "Projection Expression"],
    /Fill in the Projection Expression/,
  ),
  get(
    "a name placeholder without #",
    { projectionExpression: "#n", expressionAttributeNames: kv({ n: "name" }) },
    NAMES,
    /such as #status/,
  ),
  get(
    "a Consistent Read that is not a boolean",
    { consistentRead: "yes" },
    "Consistent Read",
    HINT.boolean,
  ),
  get("a Consistent Read of 1", { consistentRead: 1 }, "Consistent Read", HINT.boolean),
  get(
    "a Return DynamoDB JSON that is not a boolean",
    { returnDynamoJson: "typed" },
    "Return DynamoDB JSON",
    HINT.boolean,
  ),
  get(
    "a sort key over DynamoDB's 1024 bytes",
    { rangeKeyValue: "a".repeat(1025) },
    RANGE,
    /1024 bytes/,
    afterSchema,
  ),
];

const del = casesFor("deleteItem");
const deleteCases: BadInputCase[] = [
  ...keyCases("deleteItem"),
  ...valueCases("deleteItem", { conditionExpression: "attribute_exists(customerId)" }),
  del(
    "Return Values ALL_NEW (not offered on delete)",
    { returnValues: "ALL_NEW" },
    "Return Values",
    /one of NONE, ALL_OLD/,
  ),
  del(
    "Return Values that is not a choice",
    { returnValues: "EVERYTHING" },
    "Return Values",
    HINT.oneOf,
  ),
  del(
    "a binary hash key over DynamoDB's 2048 bytes",
    { value: Buffer.alloc(2049, 1).toString("base64"), rangeKeyValue: "v1" },
    HASH,
    /2048 bytes/,
    { ...afterSchema, schema: BINARY_KEY },
  ),
  del(
    "names without a Condition Expression",
    { conditionExpression: "   ", expressionAttributeNames: kv({ "#s": "status" }) },
    [NAMES, "Condition Expression"],
    /Fill in the Condition Expression/,
  ),
];

const update = casesFor("updateItem");
const updateCases: BadInputCase[] = [
  ...keyCases("updateItem"),
  update(
    "a blank Update Expression",
    { query: "" },
    "Update Expression",
    /such as SET #status = :status/,
  ),
  update(
    "a whitespace-only Update Expression",
    { query: "  \n " },
    "Update Expression",
    /such as SET/,
  ),
  update(
    "both an Update Expression and Update JSON",
    { updateJson: '{"status": "done"}' },
    ["Update Expression", "Update JSON"],
    /not both/,
  ),
  update(
    "Update JSON that is not JSON",
    { query: "", updateJson: "{status: done}" },
    "Update JSON",
    HINT.json,
  ),
  update(
    "Update JSON that is an array",
    { query: "", updateJson: '[{"status": "done"}]' },
    "Update JSON",
    /such as \{"status": "done"/,
  ),
  update(
    "Update JSON that is a number",
    { query: "", updateJson: "42" },
    "Update JSON",
    /such as \{"status": "done"/,
  ),
  update(
    "Update JSON that is a string",
    { query: "", updateJson: '"done"' },
    "Update JSON",
    /such as \{"status": "done"/,
  ),
  update(
    "Update JSON with no attribute",
    { query: "", queryParams: [], queryParamTypes: [], updateJson: "{}" },
    "Update JSON",
    /such as \{"status": "done"\}/,
    afterSchema,
  ),
  update(
    "Update JSON that changes the key",
    { query: "", queryParams: [], queryParamTypes: [], updateJson: '{"customerId": 7}' },
    "Update JSON",
    /leave it out/,
    afterSchema,
  ),
  update(
    "Update JSON with an empty attribute name",
    { query: "", queryParams: [], queryParamTypes: [], updateJson: '{"": 1}' },
    "Update JSON",
    /needs a name/,
    afterSchema,
  ),
  update(
    "Update JSON with a number out of range",
    { query: "", queryParams: [], queryParamTypes: [], updateJson: '{"n": 1e300}' },
    "Update JSON",
    /1E-130/,
    afterSchema,
  ),
  update(
    "Update JSON with values but no condition",
    { query: "", updateJson: '{"a": 1}' },
    ["Update JSON", "Condition Expression"],
    /Fill in the Condition Expression/,
  ),
  update(
    "a value with an unknown type code",
    { queryParamTypes: kv({ ":one": "NUMBER" }) },
    TYPES,
    HINT.typeCodes,
  ),
  update("a value without a type", { queryParamTypes: [] }, TYPES, HINT.typeCodes),
  update("a type without a value", { queryParams: [] }, VALUES, /add a row with key ":one"/),
  update("an N value of text", { queryParams: kv({ ":one": "one" }) }, VALUES, HINT.number),
  update("an N value of an empty string", { queryParams: kv({ ":one": "" }) }, VALUES, HINT.number),
  update(
    "a BOOL value of yes",
    { queryParams: kv({ ":one": "yes" }), queryParamTypes: kv({ ":one": "BOOL" }) },
    VALUES,
    /Write true or false/,
  ),
  update(
    "a BOOL value of 1",
    { queryParams: kv({ ":one": "1" }), queryParamTypes: kv({ ":one": "BOOL" }) },
    VALUES,
    /Write true or false/,
  ),
  update(
    "a B value that is not base64",
    { queryParams: kv({ ":one": "%%%" }), queryParamTypes: kv({ ":one": "B" }) },
    VALUES,
    HINT.base64,
  ),
  update(
    "an L value that is not JSON",
    { queryParams: kv({ ":one": "[1, 2" }), queryParamTypes: kv({ ":one": "L" }) },
    VALUES,
    /A list is a JSON array/,
  ),
  update(
    "an L value that is an object",
    { queryParams: kv({ ":one": '{"a": 1}' }), queryParamTypes: kv({ ":one": "L" }) },
    VALUES,
    /A list is a JSON array/,
  ),
  update(
    "an M value that is an array",
    { queryParams: kv({ ":one": "[1]" }), queryParamTypes: kv({ ":one": "M" }) },
    VALUES,
    /A map is a JSON object/,
  ),
  update(
    "an M value that is not JSON",
    { queryParams: kv({ ":one": "{city: Oslo}" }), queryParamTypes: kv({ ":one": "M" }) },
    VALUES,
    /A map is a JSON object/,
  ),
  update(
    "an empty SS set",
    { queryParams: kv({ ":one": "[]" }), queryParamTypes: kv({ ":one": "SS" }) },
    VALUES,
    /cannot be empty/,
  ),
  update(
    "an SS set with duplicates",
    { queryParams: kv({ ":one": '["a", "a"]' }), queryParamTypes: kv({ ":one": "SS" }) },
    VALUES,
    /cannot contain duplicates/,
  ),
  update(
    "an SS set that is not an array",
    { queryParams: kv({ ":one": '"red"' }), queryParamTypes: kv({ ":one": "SS" }) },
    VALUES,
    /such as \["red", "green"\]/,
  ),
  update(
    "an NS set with text",
    { queryParams: kv({ ":one": '[1, "x"]' }), queryParamTypes: kv({ ":one": "NS" }) },
    VALUES,
    HINT.number,
  ),
  update(
    "an NS set with the same number twice",
    { queryParams: kv({ ":one": "[1, 1.0]" }), queryParamTypes: kv({ ":one": "NS" }) },
    VALUES,
    /cannot contain duplicates/,
  ),
  update(
    "a BS set with a member that is not base64",
    { queryParams: kv({ ":one": '["SGVsbG8=", "**"]' }), queryParamTypes: kv({ ":one": "BS" }) },
    VALUES,
    HINT.base64,
  ),
  update(
    "a map nested more than 32 levels",
    {
      queryParams: kv({ ":one": `${"[".repeat(40)}${"]".repeat(40)}` }),
      queryParamTypes: kv({ ":one": "L" }),
    },
    VALUES,
    /32 levels/,
  ),
  update(
    "Return Values that is not a choice",
    { returnValues: "NEW" },
    "Return Values",
    /one of NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW/,
  ),
  update(
    "Update JSON whose values alone are over 400 KB",
    {
      query: "",
      queryParams: [],
      queryParamTypes: [],
      updateJson: JSON.stringify({ blob: OVER_400_KB }),
    },
    "Update JSON",
    /400 KB/,
    afterSchema,
  ),
  update(
    "a string sort key over DynamoDB's 1024 bytes",
    { rangeKeyValue: "é".repeat(513) },
    RANGE,
    /1024 bytes/,
    afterSchema,
  ),
];

const put = casesFor("createItem");
const putCases: BadInputCase[] = [
  ...valueCases("createItem", { conditionExpression: "attribute_not_exists(customerId)" }),
  put("no item at all", { item: [], itemTypes: [] }, "Value", /customerId → 1001/),
  put("a whitespace-only Value", { item: "  ", itemTypes: "  " }, "Value", /customerId → 1001/),
  put(
    "an attribute without a type",
    { itemTypes: kv({ customerId: "N" }) },
    "Value Types",
    /add a row with key "customerName"/,
  ),
  put(
    "a type without an attribute",
    { itemTypes: kv({ customerId: "N", customerName: "S", city: "S" }) },
    "Value",
    /add a row with key "city"/,
  ),
  put(
    "an unknown item type code",
    { itemTypes: kv({ customerId: "NUMBER", customerName: "S" }) },
    "Value Types",
    HINT.typeCodes,
  ),
  put(
    "a lower-case unknown type code",
    { itemTypes: kv({ customerId: "int", customerName: "S" }) },
    "Value Types",
    HINT.typeCodes,
  ),
  put(
    "a blank type code",
    { itemTypes: kv({ customerId: "", customerName: "S" }) },
    "Value Types",
    HINT.typeCodes,
  ),
  put(
    "the same attribute twice",
    { item: [...kv({ customerId: "1", customerName: "Ada" }), { key: "customerId", value: "2" }] },
    "Value",
    /give each key once/,
  ),
  put(
    "an N attribute of text",
    { item: kv({ customerId: "1001a", customerName: "Ada" }) },
    "Value",
    HINT.number,
  ),
  put(
    "an N attribute with a thousands separator",
    { item: kv({ customerId: "1,001", customerName: "Ada" }) },
    "Value",
    HINT.number,
  ),
  put(
    "an N attribute too small for DynamoDB",
    { item: kv({ customerId: "1E-200", customerName: "Ada" }) },
    "Value",
    /1E-130/,
  ),
  put(
    "a BOOL attribute of 0",
    {
      item: kv({ customerId: "1", customerName: "Ada", vip: "0" }),
      itemTypes: kv({ customerId: "N", customerName: "S", vip: "BOOL" }),
    },
    "Value",
    /Write true or false/,
  ),
  put(
    "an S attribute given an object (code-native)",
    { item: [...kv({ customerId: "1" }), { key: "customerName", value: { first: "Ada" } }] },
    "Value",
    /Use type M for a map/,
  ),
  put(
    "an item over 400 KB",
    { item: kv({ customerId: "1", customerName: OVER_400_KB }) },
    "Value",
    /400 KB/,
  ),
  put(
    "both Value and Item JSON",
    { itemJson: '{"customerId": 1}' },
    ["Value", "Item JSON"],
    /not both/,
  ),
  put(
    "Item JSON that is not JSON",
    { item: [], itemTypes: [], itemJson: "{customerId: 1}" },
    "Item JSON",
    HINT.json,
  ),
  put(
    "Item JSON that is an array",
    { item: [], itemTypes: [], itemJson: '[{"customerId": 1}]' },
    "Item JSON",
    /such as \{"customerId": 1001/,
  ),
  put(
    "Item JSON that is a number",
    { item: [], itemTypes: [], itemJson: "1001" },
    "Item JSON",
    /such as \{"customerId": 1001/,
  ),
  put(
    "Item JSON with no attributes",
    { item: [], itemTypes: [], itemJson: "{}" },
    "Item JSON",
    /needs at least its key attributes/,
  ),
  put(
    "Item JSON over 400 KB",
    { item: [], itemTypes: [], itemJson: JSON.stringify({ customerId: 1, blob: OVER_400_KB }) },
    "Item JSON",
    /400 KB/,
  ),
  put(
    "Item JSON with a number of 39 digits",
    { item: [], itemTypes: [], itemJson: `{"customerId": ${"1".repeat(39)}}` },
    "Item JSON",
    /38/,
  ),
  put(
    "Value given as JSON text that is not JSON",
    { item: "customerId=1001", itemTypes: [] },
    "Value",
    HINT.json,
  ),
  put("Value given as a number (code-native)", { item: 1001 }, "Value", /list of keys and values/),
  put(
    "Return Values ALL_NEW (not offered on put)",
    { returnValues: "ALL_NEW" },
    "Return Values",
    /one of NONE, ALL_OLD/,
  ),
  put(
    "names without a Condition Expression",
    { conditionExpression: "   ", expressionAttributeNames: kv({ "#s": "status" }) },
    [NAMES, "Condition Expression"],
    /Fill in the Condition Expression/,
  ),
];

export const itemCases: BadInputCase[] = [...getCases, ...deleteCases, ...updateCases, ...putCases];

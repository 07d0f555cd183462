/**
 * Known gaps: inputs that are wrong in a way this connector can see, but that reach DynamoDB
 * today (or whose message does not name the input by its label). The proposed fixes are in the
 * reliability report; once applied, these cases pass like the rest of the corpus.
 */
import { type BadInputCase, BINARY_KEY, casesFor, kv, OVER_400_KB } from "./model";

const afterSchema = { stage: "afterSchema" as const };

export const gapCases: BadInputCase[] = [
  casesFor("transactWriteItems")(
    "a put of an item over 400 KB",
    {
      operations: JSON.stringify([
        { put: { tableName: "Customers", item: { customerId: 1, blob: OVER_400_KB } } },
      ]),
    },
    "Operations",
    /400 KB/,
  ),
  casesFor("updateItem")(
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
  casesFor("queryItems")(
    "a cursor whose key value is an object",
    { exclusiveStartKey: '{"customerId": {"N": "1"}, "customerName": {"STR": "Ada"}}' },
    "Exclusive Start Key",
    /such as \{"customerId": 1001\}/,
  ),
  casesFor("scanItems")(
    "a cursor whose key value is a list",
    { exclusiveStartKey: '{"customerId": [1], "customerName": "Ada"}' },
    "Exclusive Start Key",
    /such as \{"customerId": 1001\}/,
  ),
  casesFor("queryItems")(
    "a Limit of -5 in Query Parameters",
    { queryParameters: kv({ Limit: "-5" }) },
    ["Query Parameters", "Limit"],
    /whole number/,
  ),
  casesFor("rawRequest")(
    "a Limit that is not a number in Query Parameters",
    { queryParameters: kv({ Limit: "ten" }) },
    ["Query Parameters", "Limit"],
    /whole number/,
  ),
  casesFor("getItem")(
    "a sort key over DynamoDB's 1024 bytes",
    { rangeKeyValue: "a".repeat(1025) },
    "Range / Sort Key Value",
    /1024 bytes/,
    afterSchema,
  ),
  casesFor("deleteItem")(
    "a binary hash key over DynamoDB's 2048 bytes",
    { value: Buffer.alloc(2049, 1).toString("base64"), rangeKeyValue: "v1" },
    "Hash / Primary Key Value",
    /2048 bytes/,
    { ...afterSchema, schema: BINARY_KEY },
  ),
  casesFor("batchGetItems")(
    "a sort key over DynamoDB's 1024 bytes",
    { keys: JSON.stringify([{ customerId: 1, customerName: "n".repeat(1025) }]) },
    "Keys",
    /1024 bytes/,
    afterSchema,
  ),
  casesFor("deleteItem")(
    "names without a Condition Expression",
    { conditionExpression: "   ", expressionAttributeNames: kv({ "#s": "status" }) },
    ["Expression Attribute Names", "Condition Expression"],
    /Fill in the Condition Expression/,
  ),
  casesFor("createItem")(
    "names without a Condition Expression",
    { conditionExpression: "   ", expressionAttributeNames: kv({ "#s": "status" }) },
    ["Expression Attribute Names", "Condition Expression"],
    /Fill in the Condition Expression/,
  ),
];

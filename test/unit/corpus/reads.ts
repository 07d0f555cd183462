/**
 * The reading and bulk actions: Query, Scan, Raw Request (PartiQL), List Tables, Batch Get and
 * Batch Write. Paging inputs (Limit, Max Items, cursors) and the JSON code inputs are checked
 * before any request; keys inside batches are checked against the key schema.
 */
import { type BadInputCase, casesFor, HINT, kv, OVER_400_KB } from "./model";

const afterSchema = { stage: "afterSchema" as const };
const INTEGER_CASES: [string, unknown][] = [
  ["zero", "0"],
  ["negative", "-5"],
  ["not a number", "ten"],
  ["a fraction", "2.5"],
  // "1e3" is the whole number 1000, read by value (wholeNumberInputsAreReadByValue.test.ts).
  ["a fraction in exponent form", "25e-1"],
  ["a number with a unit", "100 items"],
];

const query = casesFor("queryItems");
const queryCases: BadInputCase[] = [
  query(
    "no Key Condition Expression",
    { keyConditionExpression: "" },
    "Key Condition Expression",
    /such as customerId = :id/,
  ),
  query(
    "a whitespace-only Key Condition Expression",
    { keyConditionExpression: " \t " },
    "Key Condition Expression",
    /such as customerId = :id/,
  ),
  ...INTEGER_CASES.map(([what, limit]) =>
    query(`a Limit that is ${what}`, { limit }, "Limit", HINT.wholeNumber),
  ),
  ...INTEGER_CASES.map(([what, maxItems]) =>
    query(
      `a Max Items that is ${what}`,
      { fetchAll: "true", maxItems },
      "Max Items",
      HINT.wholeNumber,
    ),
  ),
  query(
    "Max Items without Fetch All",
    { maxItems: "10" },
    ["Max Items", "Fetch All"],
    /Turn on Fetch All/,
  ),
  query("a Fetch All that is not a boolean", { fetchAll: "all" }, "Fetch All", HINT.boolean),
  query(
    "a Scan Index Forward that is not a boolean",
    { scanIndexForward: "descending" },
    "Scan Index Forward",
    HINT.boolean,
  ),
  query("an Index Name of 2 characters", { indexName: "ix" }, "Index Name", /3 to 255 characters/),
  query(
    "an Index Name with a space",
    { indexName: "by name" },
    "Index Name",
    /3 to 255 characters/,
  ),
  query(
    "an Index Name of 256 characters",
    { indexName: "i".repeat(256) },
    "Index Name",
    /3 to 255 characters/,
  ),
  query(
    "an Exclusive Start Key that is not JSON",
    { exclusiveStartKey: "{customerId: 1}" },
    "Exclusive Start Key",
    HINT.json,
  ),
  query(
    "an Exclusive Start Key that is an array",
    { exclusiveStartKey: "[1001]" },
    "Exclusive Start Key",
    /such as \{"customerId": 1001\}/,
  ),
  query(
    "an Exclusive Start Key that is a number",
    { exclusiveStartKey: "1001" },
    "Exclusive Start Key",
    /such as \{"customerId": 1001\}/,
  ),
  query(
    "a typed cursor with a bad number",
    { exclusiveStartKey: '{"customerId": {"N": "x1"}}' },
    "Exclusive Start Key",
    HINT.number,
  ),
  query(
    "a Query Parameter that is not an API name",
    { queryParameters: kv({ "return consumed capacity": '"TOTAL"' }) },
    "Query Parameters",
    /like ReturnConsumedCapacity or Limit/,
  ),
  query(
    "a Query Parameter in lower case",
    { queryParameters: kv({ limit: "10" }) },
    "Query Parameters",
    /like ReturnConsumedCapacity or Limit/,
  ),
  query(
    "a Query Parameter that an input already sets",
    { limit: "10", queryParameters: kv({ Limit: "20" }) },
    ["Query Parameters", "Limit"],
    /Set it in one place/,
  ),
  query(
    "a Query Parameter row that is not a pair",
    { queryParameters: ["Limit"] },
    "Query Parameters",
    /such as Limit → 10/,
  ),
  query(
    "Query Parameters given as text (code-native)",
    { queryParameters: "Limit=10" },
    "Query Parameters",
    /such as ReturnConsumedCapacity → TOTAL/,
  ),
  query(
    "a value type that is unknown",
    { expressionAttributeValueTypes: kv({ ":id": "NUM" }) },
    "Expression Attribute Value Types",
    HINT.typeCodes,
  ),
  query(
    "a value without its type",
    { expressionAttributeValueTypes: [] },
    "Expression Attribute Value Types",
    HINT.typeCodes,
  ),
  query(
    "a value that does not match its type",
    { expressionAttributeValues: kv({ ":id": "Ada" }) },
    "Expression Attribute Values",
    HINT.number,
  ),
  query(
    "a name placeholder without #",
    { expressionAttributeNames: kv({ id: "customerId" }) },
    "Expression Attribute Names",
    /such as #status/,
  ),
  query(
    "a Consistent Read that is not a boolean",
    { consistentRead: "strong" },
    "Consistent Read",
    HINT.boolean,
  ),
  query(
    "a cursor whose key value is an object",
    { exclusiveStartKey: '{"customerId": {"N": "1"}, "customerName": {"STR": "Ada"}}' },
    "Exclusive Start Key",
    /such as \{"customerId": 1001\}/,
  ),
  query(
    "a Limit of -5 in Query Parameters",
    { queryParameters: kv({ Limit: "-5" }) },
    ["Query Parameters", "Limit"],
    /whole number/,
  ),
  query(
    "a Limit of 2.5 in Query Parameters",
    { queryParameters: kv({ Limit: "2.5" }) },
    ["Query Parameters", "Limit"],
    /whole number/,
  ),
];

const scan = casesFor("scanItems");
const scanCases: BadInputCase[] = [
  ...INTEGER_CASES.map(([what, limit]) =>
    scan(`a Limit that is ${what}`, { limit }, "Limit", HINT.wholeNumber),
  ),
  ...INTEGER_CASES.map(([what, maxItems]) =>
    scan(
      `a Max Items that is ${what}`,
      { fetchAll: "true", maxItems },
      "Max Items",
      HINT.wholeNumber,
    ),
  ),
  scan(
    "Total Segments of 0",
    { fetchAll: "true", totalSegments: "0" },
    "Total Segments",
    /from 1 to 64/,
  ),
  scan(
    "Total Segments of 65",
    { fetchAll: "true", totalSegments: "65" },
    "Total Segments",
    /from 1 to 64/,
  ),
  scan(
    "Total Segments that is not a number",
    { fetchAll: "true", totalSegments: "four" },
    "Total Segments",
    /from 1 to 64/,
  ),
  scan(
    "Total Segments above 1 without Fetch All",
    { totalSegments: "4" },
    ["Total Segments", "Fetch All"],
    /Set Fetch All to true/,
  ),
  scan(
    "a parallel cursor that is a single key",
    { fetchAll: "true", totalSegments: "2", exclusiveStartKey: '{"customerId": 1}' },
    "Exclusive Start Key",
    /segmentCursors array/,
  ),
  scan(
    "a parallel cursor of the wrong length",
    { fetchAll: "true", totalSegments: "2", exclusiveStartKey: "[null, {}, {}]" },
    ["Exclusive Start Key", "Total Segments"],
    /same Total Segments|Total Segments of the run/,
  ),
  scan(
    "a parallel cursor with a bad segment",
    { fetchAll: "true", totalSegments: "2", exclusiveStartKey: '[null, "x"]' },
    "Exclusive Start Key",
    HINT.json,
  ),
  scan(
    "an Exclusive Start Key that is not JSON",
    { exclusiveStartKey: "customerId=1" },
    "Exclusive Start Key",
    HINT.json,
  ),
  scan(
    "an Exclusive Start Key that is a string",
    { exclusiveStartKey: '"1001"' },
    "Exclusive Start Key",
    /such as \{"customerId": 1001\}/,
  ),
  scan(
    "values without a Filter Expression",
    {
      expressionAttributeValues: kv({ ":s": "open" }),
      expressionAttributeValueTypes: kv({ ":s": "S" }),
    },
    ["Expression Attribute Values", "Filter Expression"],
    /Fill in the Filter Expression/,
  ),
  scan(
    "names without a filter or projection",
    { expressionAttributeNames: kv({ "#s": "status" }) },
    ["Expression Attribute Names", "Filter Expression", "Projection Expression"],
    /Fill in one of them/,
  ),
  scan(
    "a value type list that does not match",
    {
      filterExpression: "#s = :s",
      expressionAttributeNames: kv({ "#s": "status" }),
      expressionAttributeValues: kv({ ":s": "open" }),
      expressionAttributeValueTypes: kv({ ":t": "S" }),
    },
    "Expression Attribute Value Types",
    /add a row with key ":s"/,
  ),
  scan("an Index Name with a slash", { indexName: "by/name" }, "Index Name", /3 to 255 characters/),
  scan(
    "a Consistent Read that is not a boolean",
    { consistentRead: "maybe" },
    "Consistent Read",
    HINT.boolean,
  ),
  scan("a Fetch All that is not a boolean", { fetchAll: "1" }, "Fetch All", HINT.boolean),
  scan(
    "a cursor whose key value is a list",
    { exclusiveStartKey: '{"customerId": [1], "customerName": "Ada"}' },
    "Exclusive Start Key",
    /such as \{"customerId": 1001\}/,
  ),
  scan(
    "a segment cursor whose key value is true",
    {
      fetchAll: "true",
      totalSegments: "2",
      exclusiveStartKey: '[null, {"customerId": true, "customerName": "Ada"}]',
    },
    "Exclusive Start Key (segment 1)",
    /such as \{"customerId": 1001\}/,
  ),
];

const raw = casesFor("rawRequest");
const rawCases: BadInputCase[] = [
  raw("a blank Statement", { statement: "" }, "Statement", /For example: SELECT/),
  raw("a whitespace-only Statement", { statement: "\n  " }, "Statement", /For example: SELECT/),
  raw(
    "two parameters for one placeholder",
    { parameters: "[1001, 1002]" },
    ["Statement", "Parameters"],
    /one value per \?/,
  ),
  raw(
    "no parameter for one placeholder",
    { parameters: "[]" },
    ["Statement", "Parameters"],
    /one value per \?/,
  ),
  raw(
    "blank Parameters for one placeholder",
    { parameters: "" },
    ["Statement", "Parameters"],
    /one value per \?/,
  ),
  raw(
    "one parameter for two placeholders",
    { statement: 'SELECT * FROM "Customers" WHERE customerId = ? AND customerName = ?' },
    ["Statement", "Parameters"],
    /one value per \?/,
  ),
  raw(
    "a parameter for a statement without placeholders",
    { statement: 'SELECT * FROM "Customers"', parameters: "[1]" },
    ["Statement", "Parameters"],
    /clear Parameters/,
  ),
  raw(
    "a ? inside a string literal counted as a placeholder",
    { statement: "SELECT * FROM \"Customers\" WHERE note = '?'", parameters: "[1]" },
    ["Statement", "Parameters"],
    /clear Parameters/,
  ),
  raw(
    "the default parameters for two placeholders",
    { statement: 'SELECT * FROM "Customers" WHERE a = ? AND b = ?', parameters: '[\n  "Rose"\n]' },
    ["Statement", "Parameters"],
    /still its default/,
  ),
  raw("Parameters that are not JSON", { parameters: "[1001" }, "Parameters", HINT.json),
  raw(
    "Parameters that are an object",
    { parameters: '{"customerId": 1001}' },
    "Parameters",
    /JSON array .*such as \["Rose", 42, true\]/,
  ),
  raw(
    "Parameters that are a number",
    { parameters: "1001" },
    "Parameters",
    /such as \["Rose", 42, true\]/,
  ),
  raw("a parameter number out of range", { parameters: "[1e400]" }, "Parameters", /1E-130/),
  raw("a parameter number of 40 digits", { parameters: `[${"7".repeat(40)}]` }, "Parameters", /38/),
  ...INTEGER_CASES.map(([what, maxItems]) =>
    raw(
      `a Max Items that is ${what}`,
      { fetchAll: "true", maxItems },
      "Max Items",
      HINT.wholeNumber,
    ),
  ),
  raw(
    "Max Items without Fetch All",
    { maxItems: "5" },
    ["Max Items", "Fetch All"],
    /Turn on Fetch All/,
  ),
  raw(
    "a Query Parameter that sets the Statement",
    { queryParameters: kv({ Statement: '"SELECT 1"' }) },
    ["Query Parameters", "Statement"],
    /Set it in one place/,
  ),
  raw(
    "a Query Parameter that is not an API name",
    { queryParameters: kv({ "next token": '"x"' }) },
    "Query Parameters",
    /like ReturnConsumedCapacity or Limit/,
  ),
  raw(
    "a Consistent Read that is not a boolean",
    { consistentRead: "no way" },
    "Consistent Read",
    HINT.boolean,
  ),
  raw(
    "a Return DynamoDB JSON that is not a boolean",
    { returnDynamoJson: "plain" },
    "Return DynamoDB JSON",
    HINT.boolean,
  ),
  raw(
    "a Limit that is not a number in Query Parameters",
    { queryParameters: kv({ Limit: "ten" }) },
    ["Query Parameters", "Limit"],
    /whole number/,
  ),
];

const list = casesFor("listTables");
const listCases: BadInputCase[] = [
  ...INTEGER_CASES.map(([what, limit]) =>
    list(`a Limit that is ${what}`, { limit }, "Limit", /from 1 to 100/),
  ),
  list("a Limit of 101", { limit: "101" }, "Limit", /from 1 to 100/),
  list(
    "a start table name of 2 characters",
    { exclusiveStartTableName: "ab" },
    "Exclusive Start Table Name",
    /3 to 255 characters/,
  ),
  list(
    "a start table name with a space",
    { exclusiveStartTableName: "my table" },
    "Exclusive Start Table Name",
    /3 to 255 characters/,
  ),
  list("a Fetch All that is not a boolean", { fetchAll: "every page" }, "Fetch All", HINT.boolean),
];

const KEYS_HINT =
  /(such as|For example:) \[?\{"customerId": 1, "customerName": "Ada"\}|customerId \(N\) and customerName \(S\)/;
const bget = casesFor("batchGetItems");
const batchGetCases: BadInputCase[] = [
  bget("blank Keys", { keys: "" }, "Keys", KEYS_HINT),
  bget("whitespace-only Keys", { keys: "  " }, "Keys", KEYS_HINT),
  bget("Keys that are not JSON", { keys: "[{customerId: 1}]" }, "Keys", HINT.json),
  bget(
    "Keys that are one object",
    { keys: '{"customerId": 1, "customerName": "Ada"}' },
    "Keys",
    KEYS_HINT,
  ),
  bget("Keys that hold a number", { keys: "[1001]" }, "Keys", KEYS_HINT),
  bget("Keys that hold null", { keys: "[null]" }, "Keys", KEYS_HINT),
  bget("Keys that hold an array", { keys: '[["customerId", 1]]' }, "Keys", KEYS_HINT),
  bget("a key without its attributes", { keys: "[{}]" }, "Keys", KEYS_HINT, afterSchema),
  bget(
    "a key without its sort key",
    { keys: '[{"customerId": 1}]' },
    "Keys",
    KEYS_HINT,
    afterSchema,
  ),
  bget(
    "a key with an extra attribute",
    { keys: '[{"customerId": 1, "customerName": "Ada", "city": "Oslo"}]' },
    "Keys",
    KEYS_HINT,
    afterSchema,
  ),
  bget(
    "a number key given text",
    { keys: '[{"customerId": "one", "customerName": "Ada"}]' },
    "Keys",
    HINT.number,
    afterSchema,
  ),
  bget(
    "a key attribute given an array",
    { keys: '[{"customerId": [1], "customerName": "Ada"}]' },
    "Keys",
    /must be a number/,
    afterSchema,
  ),
  bget(
    "a key attribute given true",
    { keys: '[{"customerId": 1, "customerName": true}]' },
    "Keys",
    /must be a string/,
    afterSchema,
  ),
  bget(
    "a key attribute typed as the wrong type",
    { keys: '[{"customerId": {"S": "1"}, "customerName": "Ada"}]' },
    "Keys",
    /declares it as N/,
    afterSchema,
  ),
  bget(
    "an empty string key attribute",
    { keys: '[{"customerId": 1, "customerName": ""}]' },
    "Keys",
    /may not be empty/,
    afterSchema,
  ),
  bget(
    "names without a projection",
    { expressionAttributeNames: kv({ "#n": "name" }) },
    ["Expression Attribute Names", "Projection Expression"],
    /add a projection such as #n, customerId/,
  ),
  bget("Max Retries of -1", { maxRetries: "-1" }, "Max Retries", /from 0 to 20/),
  bget("Max Retries of 21", { maxRetries: "21" }, "Max Retries", /from 0 to 20/),
  bget("Max Retries that is not a number", { maxRetries: "many" }, "Max Retries", /from 0 to 20/),
  bget("Concurrency of 0", { concurrency: "0" }, "Concurrency", /from 1 to 16/),
  bget("Concurrency of 17", { concurrency: "17" }, "Concurrency", /from 1 to 16/),
  bget(
    "a Return Unprocessed that is not a boolean",
    { returnUnprocessed: "please" },
    "Return Unprocessed",
    HINT.boolean,
  ),
  bget(
    "a sort key over DynamoDB's 1024 bytes",
    { keys: JSON.stringify([{ customerId: 1, customerName: "n".repeat(1025) }]) },
    "Keys",
    /1024 bytes/,
    afterSchema,
  ),
];

const PUT_HINT =
  /such as \[?\{"customerId": 1, "customerName": "Ada"|customerId \(N\) and customerName \(S\)/;
const bwrite = casesFor("batchWriteItems");
const batchWriteCases: BadInputCase[] = [
  bwrite(
    "neither Items to Put nor Keys to Delete",
    { putItems: "", deleteKeys: "" },
    ["Items to Put", "Keys to Delete"],
    PUT_HINT,
  ),
  bwrite(
    "whitespace-only Items to Put",
    { putItems: "   " },
    ["Items to Put", "Keys to Delete"],
    PUT_HINT,
  ),
  bwrite(
    "Items to Put that are not JSON",
    { putItems: "[{customerId: 1}]" },
    "Items to Put",
    HINT.json,
  ),
  bwrite(
    "Items to Put that are one object",
    { putItems: '{"customerId": 1, "customerName": "Ada"}' },
    "Items to Put",
    PUT_HINT,
  ),
  bwrite("Items to Put that hold a string", { putItems: '["Ada"]' }, "Items to Put", PUT_HINT),
  bwrite(
    "Keys to Delete that are not JSON",
    { putItems: "", deleteKeys: "[1" },
    "Keys to Delete",
    HINT.json,
  ),
  bwrite(
    "Keys to Delete that hold an array",
    { putItems: "", deleteKeys: "[[1]]" },
    "Keys to Delete",
    PUT_HINT,
  ),
  bwrite(
    "an item without its hash key",
    { putItems: '[{"customerName": "Ada"}]' },
    "Items to Put",
    PUT_HINT,
    afterSchema,
  ),
  bwrite(
    "an item whose number key is text",
    { putItems: '[{"customerId": "x", "customerName": "Ada"}]' },
    "Items to Put",
    HINT.number,
    afterSchema,
  ),
  bwrite(
    "an item over 400 KB",
    { putItems: JSON.stringify([{ customerId: 1, customerName: "Ada", blob: OVER_400_KB }]) },
    "Items to Put",
    /400 KB/,
    afterSchema,
  ),
  bwrite(
    "an item with a number out of range",
    { putItems: '[{"customerId": 1, "customerName": "Ada", "n": 1e999}]' },
    "Items to Put",
    /1E-130/,
    afterSchema,
  ),
  bwrite(
    "the same key put twice",
    {
      putItems:
        '[{"customerId": 1, "customerName": "Ada"}, {"customerId": 1.0, "customerName": "Ada"}]',
    },
    "Items to Put",
    /remove one of them/,
    afterSchema,
  ),
  bwrite(
    "the same key put and deleted",
    { deleteKeys: '[{"customerId": 1001, "customerName": "Ada"}]' },
    ["Items to Put", "Keys to Delete"],
    /remove one of them/,
    afterSchema,
  ),
  bwrite(
    "a delete key with an extra attribute",
    { putItems: "", deleteKeys: '[{"customerId": 1, "customerName": "Ada", "city": "Oslo"}]' },
    "Keys to Delete",
    PUT_HINT,
    afterSchema,
  ),
  bwrite("Max Retries that is not a number", { maxRetries: "x" }, "Max Retries", /from 0 to 20/),
  bwrite("Concurrency that is negative", { concurrency: "-4" }, "Concurrency", /from 1 to 16/),
  bwrite(
    "a Return Unprocessed that is not a boolean",
    { returnUnprocessed: "2" },
    "Return Unprocessed",
    HINT.boolean,
  ),
  bwrite(
    "a put whose sort key is over DynamoDB's 1024 bytes",
    { putItems: JSON.stringify([{ customerId: 1, customerName: "n".repeat(1025) }]) },
    "Items to Put",
    /1024 bytes/,
    afterSchema,
  ),
];

const TABLES_HINT = /such as \{"Customers": \[/;
const SCHEMA_HINT = /customerId \(N\) and customerName \(S\)/;
const bgetTables = casesFor("batchGetItemsMultiTable");
const bwriteTables = casesFor("batchWriteItemsMultiTable");
const batchTablesCases: BadInputCase[] = [
  bgetTables("blank Keys by Table", { keysByTable: "" }, "Keys by Table", TABLES_HINT),
  bgetTables("Keys by Table that is a list", { keysByTable: "[]" }, "Keys by Table", TABLES_HINT),
  bgetTables(
    "Keys by Table with an invalid table name",
    { keysByTable: '{"a b": []}' },
    "Keys by Table",
    /3 to 255 characters/,
  ),
  bgetTables(
    "Keys by Table with a key without its sort key",
    { keysByTable: '{"Customers": [{"customerId": 1}]}' },
    "Keys by Table",
    SCHEMA_HINT,
    afterSchema,
  ),
  bwriteTables("blank Writes by Table", { writesByTable: "" }, "Writes by Table", TABLES_HINT),
  bwriteTables(
    "Writes by Table with an entry that is neither put nor delete",
    { writesByTable: '{"Customers": [{"update": {"customerId": 1}}]}' },
    "Writes by Table",
    /exactly one of put \(an item\) or delete \(a key\)/,
  ),
  bwriteTables(
    "Writes by Table with a put without its sort key",
    { writesByTable: '{"Customers": [{"put": {"customerId": 1}}]}' },
    "Writes by Table",
    SCHEMA_HINT,
    afterSchema,
  ),
];

export const readCases: BadInputCase[] = [
  ...queryCases,
  ...scanCases,
  ...rawCases,
  ...listCases,
  ...batchGetCases,
  ...batchWriteCases,
  ...batchTablesCases,
];

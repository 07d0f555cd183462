/**
 * Table administration (Create, Update, Delete Table, Time to Live), transactions and the
 * New and Changed Items trigger. All of these inputs can be checked before any request.
 */
import { type BadInputCase, casesFor, HINT, kv, OVER_400_KB } from "./model";

const ATTRS = "Attribute Definition";
const KEYS = "Key Schema";
const GSI = "Global Secondary Indexes";
const ATTRS_HINT =
  /such as \[\{"AttributeName":"customerId","AttributeType":"N"\}|"S" \(string\), "N" \(number\) or "B" \(binary\)/;
const KEYS_HINT =
  /\[\{"KeyType":"HASH","AttributeName":"customerId"\}|"HASH" for the partition key/;

const create = casesFor("createTable");
const createTableCases: BadInputCase[] = [
  create("a blank Attribute Definition", { attributeDefinition: "" }, ATTRS, ATTRS_HINT),
  create(
    "an Attribute Definition that is not JSON",
    { attributeDefinition: "[{AttributeName: id}]" },
    ATTRS,
    ATTRS_HINT,
  ),
  create(
    "an Attribute Definition that is one object",
    { attributeDefinition: '{"AttributeName":"customerId","AttributeType":"N"}' },
    ATTRS,
    ATTRS_HINT,
  ),
  create("an empty Attribute Definition", { attributeDefinition: "[]" }, ATTRS, ATTRS_HINT),
  create(
    "an Attribute Definition of strings",
    { attributeDefinition: '["customerId"]' },
    ATTRS,
    ATTRS_HINT,
  ),
  create(
    "an attribute type of STRING",
    {
      attributeDefinition:
        '[{"AttributeName":"customerId","AttributeType":"STRING"},{"AttributeName":"customerName","AttributeType":"S"}]',
    },
    ATTRS,
    ATTRS_HINT,
  ),
  create(
    "an attribute type of BOOL (not a key type)",
    {
      attributeDefinition:
        '[{"AttributeName":"customerId","AttributeType":"BOOL"},{"AttributeName":"customerName","AttributeType":"S"}]',
    },
    ATTRS,
    ATTRS_HINT,
  ),
  create(
    "an attribute definition field misspelt",
    { attributeDefinition: '[{"Name":"customerId","Type":"N"}]' },
    ATTRS,
    ATTRS_HINT,
  ),
  create(
    "an attribute without a name",
    { attributeDefinition: '[{"AttributeName":"","AttributeType":"N"}]' },
    ATTRS,
    /for example "customerId"/,
  ),
  create(
    "an attribute defined twice",
    {
      attributeDefinition:
        '[{"AttributeName":"customerId","AttributeType":"N"},{"AttributeName":"customerId","AttributeType":"S"}]',
    },
    ATTRS,
    /defined twice/,
  ),
  create(
    "an attribute that no key uses",
    {
      attributeDefinition:
        '[{"AttributeName":"customerId","AttributeType":"N"},{"AttributeName":"customerName","AttributeType":"S"},{"AttributeName":"city","AttributeType":"S"}]',
    },
    ATTRS,
    /Define only the attributes of the Key Schema/,
  ),
  create("a blank Key Schema", { keySchema: " " }, KEYS, KEYS_HINT),
  create("a Key Schema that is not JSON", { keySchema: "HASH customerId" }, KEYS, KEYS_HINT),
  create(
    "a Key Schema without a HASH",
    { keySchema: '[{"KeyType":"RANGE","AttributeName":"customerName"}]' },
    KEYS,
    KEYS_HINT,
  ),
  create(
    "a Key Schema with two HASH elements",
    {
      keySchema:
        '[{"KeyType":"HASH","AttributeName":"customerId"},{"KeyType":"HASH","AttributeName":"customerName"}]',
    },
    KEYS,
    KEYS_HINT,
  ),
  create(
    "a Key Schema with RANGE first",
    {
      keySchema:
        '[{"KeyType":"RANGE","AttributeName":"customerName"},{"KeyType":"HASH","AttributeName":"customerId"}]',
    },
    KEYS,
    KEYS_HINT,
  ),
  create(
    "a Key Schema with a KeyType of PRIMARY",
    { keySchema: '[{"KeyType":"PRIMARY","AttributeName":"customerId"}]' },
    KEYS,
    KEYS_HINT,
  ),
  create(
    "a Key Schema with one attribute as both keys",
    {
      attributeDefinition: '[{"AttributeName":"customerId","AttributeType":"N"}]',
      keySchema:
        '[{"KeyType":"HASH","AttributeName":"customerId"},{"KeyType":"RANGE","AttributeName":"customerId"}]',
    },
    KEYS,
    /cannot be both/,
  ),
  create(
    "a key attribute that is not defined",
    { keySchema: '[{"KeyType":"HASH","AttributeName":"email"}]' },
    [KEYS, ATTRS],
    /such as \{"AttributeName":"email","AttributeType":"S"\}/,
  ),
  create(
    "a Billing Mode that is not a choice",
    { billingMode: "ON_DEMAND" },
    "Billing Mode",
    /one of PROVISIONED, PAY_PER_REQUEST/,
  ),
  create(
    "negative Read Capacity Units",
    { readCapacityUnits: "-5" },
    "Read Capacity Units",
    /whole number of 1 or more/,
  ),
  create(
    "Read Capacity Units of text",
    { readCapacityUnits: "five" },
    "Read Capacity Units",
    /whole number of 1 or more/,
  ),
  create(
    "Write Capacity Units of 0",
    { writeCapacityUnits: "0" },
    "Write Capacity Units",
    /whole number of 1 or more/,
  ),
  create(
    "Write Capacity Units with a fraction",
    { writeCapacityUnits: "2.5" },
    "Write Capacity Units",
    /whole number of 1 or more/,
  ),
  create(
    "blank capacity for PROVISIONED",
    { readCapacityUnits: "" },
    "Read Capacity Units",
    /whole number of 1 or more/,
  ),
  create(
    "indexes that are not JSON",
    { globalSecondaryIndexes: "[{IndexName: byEmail}]" },
    GSI,
    /such as \[\{"IndexName":"byEmail"/,
  ),
  create(
    "indexes that are one object",
    { globalSecondaryIndexes: '{"IndexName":"byName"}' },
    GSI,
    /such as \[\{"IndexName":"byEmail"/,
  ),
  create(
    "an index name of 2 characters",
    {
      globalSecondaryIndexes:
        '[{"IndexName":"ix","KeySchema":[{"KeyType":"HASH","AttributeName":"customerName"}]}]',
    },
    GSI,
    /3 to 255 characters/,
  ),
  create(
    "an index name with a space",
    {
      globalSecondaryIndexes:
        '[{"IndexName":"by name","KeySchema":[{"KeyType":"HASH","AttributeName":"customerName"}]}]',
    },
    GSI,
    /3 to 255 characters/,
  ),
  create(
    "an index without a name",
    {
      globalSecondaryIndexes: '[{"KeySchema":[{"KeyType":"HASH","AttributeName":"customerName"}]}]',
    },
    GSI,
    /3 to 255 characters/,
  ),
  create(
    "an index with an unknown field",
    { globalSecondaryIndexes: '[{"IndexName":"byName","Keys":[]}]' },
    GSI,
    /such as \[\{"IndexName":"byEmail"/,
  ),
  create(
    "an index key that is not defined",
    {
      globalSecondaryIndexes:
        '[{"IndexName":"byEmail","KeySchema":[{"KeyType":"HASH","AttributeName":"email"}]}]',
    },
    [GSI, ATTRS],
    /such as \{"AttributeName":"email","AttributeType":"S"\}/,
  ),
  create(
    "an index projection type that is not a choice",
    {
      globalSecondaryIndexes:
        '[{"IndexName":"byName","KeySchema":[{"KeyType":"HASH","AttributeName":"customerName"}],"Projection":{"ProjectionType":"SOME"}}]',
    },
    GSI,
    /"ALL", "KEYS_ONLY" or "INCLUDE"/,
  ),
  create(
    "INCLUDE without attributes",
    {
      globalSecondaryIndexes:
        '[{"IndexName":"byName","KeySchema":[{"KeyType":"HASH","AttributeName":"customerName"}],"Projection":{"ProjectionType":"INCLUDE"}}]',
    },
    GSI,
    /such as \["email","status"\]/,
  ),
  create(
    "index capacity with on-demand billing",
    {
      billingMode: "PAY_PER_REQUEST",
      globalSecondaryIndexes:
        '[{"IndexName":"byName","KeySchema":[{"KeyType":"HASH","AttributeName":"customerName"}],"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}]',
    },
    [GSI, "Billing Mode"],
    /Remove it, or use PROVISIONED/,
  ),
  create(
    "index capacity of text",
    {
      globalSecondaryIndexes:
        '[{"IndexName":"byName","KeySchema":[{"KeyType":"HASH","AttributeName":"customerName"}],"ProvisionedThroughput":{"ReadCapacityUnits":"lots","WriteCapacityUnits":1}}]',
    },
    GSI,
    /whole number of 1 or more/,
  ),
  create(
    "21 indexes",
    {
      globalSecondaryIndexes: JSON.stringify(
        Array.from({ length: 21 }, (_, i) => ({
          IndexName: `index${i}`,
          KeySchema: [{ KeyType: "HASH", AttributeName: "customerName" }],
        })),
      ),
    },
    GSI,
    /at most 20/,
  ),
  create(
    "a Stream View Type that is not a choice",
    { streamViewType: "ALL_IMAGES" },
    "Stream View Type",
    /one of NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY/,
  ),
  create(
    "a Table Class that is not a choice",
    { tableClass: "CHEAP" },
    "Table Class",
    /one of STANDARD, STANDARD_INFREQUENT_ACCESS/,
  ),
  create(
    "a Deletion Protection that is not a boolean",
    { deletionProtection: "on" },
    "Deletion Protection",
    HINT.boolean,
  ),
  create(
    "a tag without a key",
    { tags: [{ key: " ", value: "billing" }] },
    "Tags",
    /key of 1 to 128 characters/,
  ),
  create(
    "a tag key used twice",
    { tags: [...kv({ team: "a" }), { key: "team", value: "b" }] },
    "Tags",
    /appears twice/,
  ),
  create(
    "a tag value over 256 characters",
    { tags: kv({ team: "v".repeat(257) }) },
    "Tags",
    /longer than 256/,
  ),
  create(
    "Tags given as text (code-native)",
    { tags: "team=billing" },
    "Tags",
    /such as team → billing/,
  ),
  create(
    "a Wait Until Active that is not a boolean",
    { waitUntilActive: "until done" },
    "Wait Until Active",
    HINT.boolean,
  ),
];

const updateTable = casesFor("updateTable");
const updateTableCases: BadInputCase[] = [
  updateTable(
    "nothing to change",
    { billingMode: "" },
    ["Billing Mode", "Stream View Type"],
    /fill in at least one of/,
  ),
  updateTable(
    "a Billing Mode that is not a choice",
    { billingMode: "FREE" },
    "Billing Mode",
    /one of PROVISIONED, PAY_PER_REQUEST/,
  ),
  updateTable(
    "PROVISIONED without capacity",
    { billingMode: "PROVISIONED" },
    ["Billing Mode", "Read Capacity Units"],
    /such as 5 and 5/,
  ),
  updateTable(
    "capacity with PAY_PER_REQUEST",
    { readCapacityUnits: "5", writeCapacityUnits: "5" },
    ["Read Capacity Units", "Billing Mode"],
    /must be blank when Billing Mode is PAY_PER_REQUEST/,
  ),
  updateTable(
    "read capacity without write capacity",
    { billingMode: "", readCapacityUnits: "5" },
    ["Read Capacity Units", "Write Capacity Units"],
    /For example: 10 and 5/,
  ),
  updateTable(
    "negative Read Capacity Units",
    { billingMode: "PROVISIONED", readCapacityUnits: "-1", writeCapacityUnits: "5" },
    "Read Capacity Units",
    /whole number 1 or more/,
  ),
  updateTable(
    "Write Capacity Units of text",
    { billingMode: "PROVISIONED", readCapacityUnits: "5", writeCapacityUnits: "five" },
    "Write Capacity Units",
    /whole number 1 or more/,
  ),
  updateTable(
    "a Stream View Type that is not a choice",
    { streamViewType: "ON" },
    "Stream View Type",
    /one of NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY, DISABLED/,
  ),
  updateTable(
    "a Deletion Protection that is not a boolean",
    { deletionProtection: "keep" },
    "Deletion Protection",
    HINT.boolean,
  ),
  updateTable(
    "a Table Class that is not a choice",
    { tableClass: "GLACIER" },
    "Table Class",
    HINT.oneOf,
  ),
  updateTable(
    "a Query Parameter that an input sets",
    { queryParameters: kv({ BillingMode: '"PROVISIONED"' }) },
    ["Query Parameters", "Billing Mode"],
    /use the Billing Mode input instead/,
  ),
  updateTable(
    "a Query Parameter that is not an API name",
    { queryParameters: kv({ "billing-mode": '"x"' }) },
    "Query Parameters",
    /like ReturnConsumedCapacity or Limit/,
  ),
  updateTable(
    "a Wait Until Active that is not a boolean",
    { waitUntilActive: "later" },
    "Wait Until Active",
    HINT.boolean,
  ),
];

const ttl = casesFor("updateTimeToLive");
const ttlCases: BadInputCase[] = [
  ttl("a blank TTL Attribute", { ttlAttribute: "" }, "TTL Attribute", /For example: expiresAt/),
  ttl(
    "a whitespace-only TTL Attribute",
    { ttlAttribute: "   " },
    "TTL Attribute",
    /For example: expiresAt/,
  ),
  ttl(
    "a TTL Attribute of 256 characters",
    { ttlAttribute: "a".repeat(256) },
    "TTL Attribute",
    /1 to 255 characters/,
  ),
  ttl("an Enabled that is not a boolean", { enabled: "on" }, "Enabled", HINT.boolean),
  casesFor("deleteTable")(
    "a Wait Until Deleted that is not a boolean",
    { waitUntilDeleted: "yes" },
    "Wait Until Deleted",
    HINT.boolean,
  ),
];

const OPS = "Operations";
const OPS_HINT = /such as|such as \{"delete"/;
const putOp = (body: string) => ({ operations: `[{"put": ${body}}]` });
const tw = casesFor("transactWriteItems");
const transactWriteCases: BadInputCase[] = [
  tw("blank Operations", { operations: "" }, OPS, OPS_HINT),
  tw("whitespace-only Operations", { operations: "\n" }, OPS, OPS_HINT),
  tw("Operations that are not JSON", { operations: "[{put: {}}]" }, OPS, HINT.json),
  tw("Operations that are one object", { operations: '{"put": {}}' }, OPS, OPS_HINT),
  tw("empty Operations", { operations: "[]" }, OPS, OPS_HINT),
  tw(
    "101 operations",
    {
      operations: JSON.stringify(
        Array.from({ length: 101 }, (_, i) => ({
          delete: { tableName: "Customers", key: { customerId: i, customerName: "x" } },
        })),
      ),
    },
    OPS,
    /at most 100/,
  ),
  tw("an operation that is a string", { operations: '["put"]' }, OPS, OPS_HINT),
  tw(
    "an operation of an unknown kind",
    { operations: '[{"insert": {"tableName": "Customers", "item": {"customerId": 1}}}]' },
    OPS,
    /put, update, delete or conditionCheck/,
  ),
  tw(
    "an operation of two kinds",
    { operations: '[{"put": {}, "delete": {}}]' },
    OPS,
    /exactly one of put, update, delete or conditionCheck/,
  ),
  tw("a put without a table", putOp('{"item": {"customerId": 1}}'), OPS, /tableName is required/),
  tw(
    "a put into a table name with a space",
    putOp('{"tableName": "My Customers", "item": {"customerId": 1}}'),
    OPS,
    /3 to 255 characters/,
  ),
  tw(
    "a put whose table name is a number",
    putOp('{"tableName": 42, "item": {"customerId": 1}}'),
    OPS,
    /non-empty string/,
  ),
  tw("a put without an item", putOp('{"tableName": "Customers"}'), OPS, /item is required/),
  tw(
    "a put of an empty item",
    putOp('{"tableName": "Customers", "item": {}}'),
    OPS,
    /such as \{"id": 1, "status": "new"\}/,
  ),
  tw(
    "a put of an item that is an array",
    putOp('{"tableName": "Customers", "item": [1]}'),
    OPS,
    /such as \{"id": 1, "status": "new"\}/,
  ),
  tw(
    "a put with an unknown field",
    putOp('{"tableName": "Customers", "item": {"customerId": 1}, "returnValues": "ALL_OLD"}'),
    OPS,
    /put takes tableName, item/,
  ),
  tw(
    "a put with a number out of range",
    putOp('{"tableName": "Customers", "item": {"customerId": 1e999}}'),
    OPS,
    /1E-130/,
  ),
  tw(
    "an update without an Update Expression",
    { operations: '[{"update": {"tableName": "Customers", "key": {"customerId": 1}}}]' },
    OPS,
    /updateExpression is required/,
  ),
  tw(
    "a delete without a key",
    { operations: '[{"delete": {"tableName": "Customers"}}]' },
    OPS,
    /key is required/,
  ),
  tw(
    "a delete with a key of three attributes",
    { operations: '[{"delete": {"tableName": "Customers", "key": {"a": 1, "b": 2, "c": 3}}}]' },
    OPS,
    /1 or 2 attributes/,
  ),
  tw(
    "a delete with a key that is a list",
    { operations: '[{"delete": {"tableName": "Customers", "key": {"customerId": [1]}}}]' },
    OPS,
    /must be a string or a number/,
  ),
  tw(
    "a condition check without a condition",
    { operations: '[{"conditionCheck": {"tableName": "Customers", "key": {"customerId": 1}}}]' },
    OPS,
    /conditionExpression is required/,
  ),
  tw(
    "a placeholder used but not defined",
    {
      operations:
        '[{"delete": {"tableName": "Customers", "key": {"customerId": 1}, "conditionExpression": "#s = :s", "expressionAttributeNames": {"#s": "status"}}}]',
    },
    OPS,
    /uses :s, which expressionAttributeValues does not define/,
  ),
  tw(
    "a placeholder defined but not used",
    {
      operations:
        '[{"delete": {"tableName": "Customers", "key": {"customerId": 1}, "conditionExpression": "attribute_exists(customerId)", "expressionAttributeValues": {":x": 1}}}]',
    },
    OPS,
    /Remove it/,
  ),
  tw(
    "a name placeholder without #",
    {
      operations:
        '[{"delete": {"tableName": "Customers", "key": {"customerId": 1}, "conditionExpression": "attribute_exists(s)", "expressionAttributeNames": {"s": "status"}}}]',
    },
    OPS,
    /such as #q/,
  ),
  tw(
    "a value placeholder without a colon",
    {
      operations:
        '[{"delete": {"tableName": "Customers", "key": {"customerId": 1}, "conditionExpression": "attribute_exists(customerId)", "expressionAttributeValues": {"x": 1}}}]',
    },
    OPS,
    /such as :n/,
  ),
  tw(
    "the same item twice",
    {
      operations:
        '[{"delete": {"tableName": "Customers", "key": {"customerId": 1}}}, {"conditionCheck": {"tableName": "Customers", "key": {"customerId": 1}, "conditionExpression": "attribute_exists(customerId)"}}]',
    },
    OPS,
    /only once/,
  ),
  tw(
    "a return-on-failure that is not a choice",
    { returnValuesOnConditionCheckFailure: "ALL_NEW" },
    "Return Values On Condition Check Failure",
    /one of NONE, ALL_OLD/,
  ),
  tw(
    "a Client Request Token of 37 characters",
    { clientRequestToken: "t".repeat(37) },
    "Client Request Token",
    /1 to 36 characters/,
  ),
  tw(
    "a put of an item over 400 KB",
    {
      operations: JSON.stringify([
        { put: { tableName: "Customers", item: { customerId: 1, blob: OVER_400_KB } } },
      ]),
    },
    "Operations",
    /400 KB/,
  ),
];

const GETS = "Items to Get";
const tg = casesFor("transactGetItems");
const transactGetCases: BadInputCase[] = [
  tg("blank Items to Get", { gets: "" }, GETS, OPS_HINT),
  tg("Items to Get that are not JSON", { gets: "[{tableName: Customers}]" }, GETS, HINT.json),
  tg(
    "Items to Get that are one object",
    { gets: '{"tableName": "Customers", "key": {"customerId": 1}}' },
    GETS,
    OPS_HINT,
  ),
  tg("empty Items to Get", { gets: "[]" }, GETS, OPS_HINT),
  tg(
    "101 items to get",
    {
      gets: JSON.stringify(
        Array.from({ length: 101 }, (_, i) => ({ tableName: "Customers", key: { customerId: i } })),
      ),
    },
    GETS,
    /at most 100/,
  ),
  tg(
    "an entry that is a number",
    { gets: "[1]" },
    GETS,
    /such as \{"tableName": "Orders", "key": \{"id": 1\}\}/,
  ),
  tg("an entry without a key", { gets: '[{"tableName": "Customers"}]' }, GETS, /key is required/),
  tg(
    "an entry with a table name of 2 characters",
    { gets: '[{"tableName": "ab", "key": {"customerId": 1}}]' },
    GETS,
    /3 to 255 characters/,
  ),
  tg(
    "an entry with an unknown field",
    { gets: '[{"tableName": "Customers", "key": {"customerId": 1}, "consistentRead": true}]' },
    GETS,
    /each entry takes tableName, key/,
  ),
  tg(
    "an entry whose key is a string",
    { gets: '[{"tableName": "Customers", "key": "1"}]' },
    GETS,
    /such as \{"id": 7\}/,
  ),
  tg(
    "a projection placeholder not defined",
    {
      gets: '[{"tableName": "Customers", "key": {"customerId": 1}, "projectionExpression": "#n"}]',
    },
    GETS,
    /uses #n, which expressionAttributeNames does not define/,
  ),
  tg(
    "the same item twice",
    {
      gets: '[{"tableName": "Customers", "key": {"customerId": 1}}, {"tableName": "Customers", "key": {"customerId": 1}}]',
    },
    GETS,
    /only once/,
  ),
  tg(
    "a Return DynamoDB JSON that is not a boolean",
    { returnDynamoJson: "typed" },
    "Return DynamoDB JSON",
    HINT.boolean,
  ),
];

const trigger = casesFor("tableChanges");
const triggerCases: BadInputCase[] = [
  trigger(
    "a Start Position that is not a choice",
    { startPosition: "EARLIEST" },
    "Start Position",
    /one of LATEST, TRIM_HORIZON/,
  ),
  trigger(
    "an Event Type that is not a choice",
    { eventTypes: ["INSERT", "CREATE"] },
    "Event Types",
    /one of INSERT, MODIFY, REMOVE/,
  ),
  trigger(
    "Event Types as text with a wrong type",
    { eventTypes: "INSERT, UPSERT" },
    "Event Types",
    /one of INSERT, MODIFY, REMOVE/,
  ),
  trigger(
    "an Event Type that is a number (code-native)",
    { eventTypes: [1] },
    "Event Types",
    /INSERT, MODIFY or REMOVE/,
  ),
  trigger("Max Records of 0", { maxRecords: "0" }, "Max Records", /from 1 to 1000/),
  trigger("Max Records of 1001", { maxRecords: "1001" }, "Max Records", /from 1 to 1000/),
  trigger("negative Max Records", { maxRecords: "-10" }, "Max Records", /from 1 to 1000/),
  trigger(
    "Max Records that is not a number",
    { maxRecords: "all" },
    "Max Records",
    /from 1 to 1000/,
  ),
  trigger(
    "a Return DynamoDB JSON that is not a boolean",
    { returnDynamoJson: "yes please" },
    "Return DynamoDB JSON",
    HINT.boolean,
  ),
];

const instant = casesFor("tableChangesInstant");
const instantTriggerCases: BadInputCase[] = [
  instant("a blank Pipe Role ARN", { pipeRoleArn: "" }, "Pipe Role ARN", /is required/),
  instant(
    "a Pipe Role ARN that is a role name",
    { pipeRoleArn: "DynamoDBChangesPipe" },
    "Pipe Role ARN",
    /not a role ARN/,
  ),
  instant(
    "a Pipe Role ARN that is an object (code-native)",
    { pipeRoleArn: { arn: "x" } },
    "Pipe Role ARN",
    /text/,
  ),
  instant("a Batch Size of 0", { batchSize: "0" }, "Batch Size", /from 1 to 10000/),
  instant(
    "a Batch Size over 1, which Pipes cannot send to an API destination",
    { batchSize: "5" },
    "Batch Size",
    /does not batch to an API destination/,
  ),
  instant(
    "a Batch Size over the stream source's 10,000",
    { batchSize: "10001" },
    "Batch Size",
    /from 1 to 10000/,
  ),
  instant(
    "a Maximum Batching Window over 300 seconds",
    { maximumBatchingWindow: "301" },
    "Maximum Batching Window",
    /from 0 to 300/,
  ),
  instant(
    "a Maximum Batching Window that is not a number",
    { maximumBatchingWindow: "soon" },
    "Maximum Batching Window",
    /from 0 to 300/,
  ),
  instant(
    "a Start Position that is not a choice",
    { startPosition: "AT_TIMESTAMP" },
    "Start Position",
    /one of LATEST, TRIM_HORIZON/,
  ),
  instant(
    "an Event Type that is not a choice",
    { eventTypes: ["UPSERT"] },
    "Event Types",
    /one of INSERT, MODIFY, REMOVE/,
  ),
];

export const tableTransactionAndTriggerCases: BadInputCase[] = [
  ...createTableCases,
  ...updateTableCases,
  ...ttlCases,
  ...transactWriteCases,
  ...transactGetCases,
  ...triggerCases,
  ...instantTriggerCases,
];

/**
 * Bad inputs of the table administration actions: backups, restores, point-in-time
 * recovery, tags and global secondary indexes, and the Select Backup data source.
 */
import { BACKUP_ARN, type BadInputCase, CUSTOMERS, casesFor, HINT, kv, TABLE_ARN } from "./model";

const ARN_HINT = /It looks like arn:aws:dynamodb:/;
const ISO_HINT = /such as 2024-05-01T12:00:00Z/;
const TAG_CHARS = /letters, numbers, spaces and \+ - = \. _ : \//;

const backupArnCases = (key: string): BadInputCase[] => {
  const make = casesFor(key);
  return [
    make("a blank Backup ARN", { backupArn: "" }, "Backup ARN", HINT.required),
    make("a backup name for Backup ARN", { backupArn: "nightly" }, "Backup ARN", ARN_HINT),
    make("a Backup ARN with a space", { backupArn: `${BACKUP_ARN} x` }, "Backup ARN", ARN_HINT),
    make(
      "a Backup ARN of 2,000 characters",
      { backupArn: `${BACKUP_ARN}${"x".repeat(2000)}` },
      "Backup ARN",
      ARN_HINT,
    ),
    make(
      "a Backup ARN given as an object",
      { backupArn: { BackupArn: BACKUP_ARN } },
      "Backup ARN",
      ARN_HINT,
    ),
  ];
};

const create = casesFor("createBackup");
const createCases: BadInputCase[] = [
  create(
    "a blank Backup Name",
    { backupName: "" },
    "Backup Name",
    /For example: CustomersBeforeImport/,
  ),
  create(
    "a Backup Name of 2 characters",
    { backupName: "ab" },
    "Backup Name",
    /3 to 255 characters/,
  ),
  create(
    "a Backup Name with a space",
    { backupName: "before import" },
    "Backup Name",
    /3 to 255 characters/,
  ),
  create("a Backup Name given as a list", { backupName: ["a"] }, "Backup Name", /must be text/),
  create(
    "a Wait Until Available that is not a boolean",
    { waitUntilAvailable: "soon" },
    "Wait Until Available",
    HINT.boolean,
  ),
];

const list = casesFor("listBackups");
const listCases: BadInputCase[] = [
  list("an unknown Backup Type", { backupType: "DAILY" }, "Backup Type", HINT.oneOf),
  list("a Limit of 101", { limit: "101" }, "Limit", /from 1 to 100/),
  list("a Limit of 0", { limit: "0" }, "Limit", /from 1 to 100/),
  list(
    "a date without a time",
    { timeRangeLowerBound: "2024-05-01" },
    "Time Range Lower Bound",
    ISO_HINT,
  ),
  list(
    "a time without a zone",
    { timeRangeUpperBound: "2024-05-01T10:00:00" },
    "Time Range Upper Bound",
    ISO_HINT,
  ),
  list(
    "February 30th",
    { timeRangeUpperBound: "2024-02-30T10:00:00Z" },
    "Time Range Upper Bound",
    ISO_HINT,
  ),
  list("an epoch number", { timeRangeLowerBound: 1714521600 }, "Time Range Lower Bound", ISO_HINT),
  list(
    "a lower bound after the upper bound",
    { timeRangeLowerBound: "2024-06-01T00:00:00Z", timeRangeUpperBound: "2024-05-01T00:00:00Z" },
    ["Time Range Lower Bound", "Time Range Upper Bound"],
    /must be before/,
  ),
  list(
    "a Table Name Filter with a space",
    { filterTableName: "My Customers" },
    "Table Name Filter",
    HINT.tableName,
  ),
  list(
    "Max Items without Fetch All",
    { maxItems: "10" },
    ["Max Items", "Fetch All"],
    /Turn on Fetch All/,
  ),
  list(
    "a cursor that is not an ARN",
    { exclusiveStartBackupArn: "page-2" },
    "Backup ARN",
    ARN_HINT,
  ),
];

const overrideCases = (key: string): BadInputCase[] => {
  const make = casesFor(key);
  return [
    make(
      "a blank Target Table Name",
      { targetTableName: "" },
      "Target Table Name",
      /For example: CustomersRestored/,
    ),
    make(
      "a Target Table Name with a slash",
      { targetTableName: "a/b" },
      "Target Table Name",
      /3 to 255 characters/,
    ),
    make(
      "an unknown Billing Mode Override",
      { billingModeOverride: "ON_DEMAND" },
      "Billing Mode Override",
      HINT.oneOf,
    ),
    make(
      "one capacity override without the other",
      { readCapacityUnitsOverride: "5" },
      ["Read Capacity Units Override", "Write Capacity Units Override"],
      /For example: 5 and 5/,
    ),
    make(
      "PROVISIONED without capacity",
      { billingModeOverride: "PROVISIONED" },
      "Billing Mode Override",
      /such as 5 and 5/,
    ),
    make(
      "an index override that is not JSON",
      { globalSecondaryIndexOverride: "[{" },
      "Global Secondary Index Override",
      HINT.json,
    ),
    make(
      "an index override that is an object",
      { globalSecondaryIndexOverride: '{"IndexName":"x"}' },
      "Global Secondary Index Override",
      HINT.json,
    ),
    make(
      "an unknown Encryption Override",
      { encryptionOverride: "KMS" },
      "Encryption Override",
      HINT.oneOf,
    ),
    make(
      "a customer key choice without KMS Key",
      { encryptionOverride: "CUSTOMER_KMS_KEY" },
      ["Encryption Override", "KMS Key"],
      /ARN, ID or alias/,
    ),
    make(
      "a KMS Key without the customer key choice",
      { kmsKey: "alias/x" },
      ["KMS Key", "Encryption Override"],
      /CUSTOMER_KMS_KEY/,
    ),
    make(
      "a KMS Key that is a key's name, not its ID, ARN or alias",
      { encryptionOverride: "CUSTOMER_KMS_KEY", kmsKey: "customers key" },
      "KMS Key",
      /is not a KMS key: give its key ID/,
    ),
    make(
      "the AWS managed key's alias as KMS Key",
      { encryptionOverride: "CUSTOMER_KMS_KEY", kmsKey: "alias/aws/dynamodb" },
      "KMS Key",
      /choose Encryption Override AWS_MANAGED_KMS_KEY for it/,
    ),
    make(
      "a Wait Until Active that is not a boolean",
      { waitUntilActive: "maybe" },
      "Wait Until Active",
      HINT.boolean,
    ),
  ];
};

const pitr = casesFor("restoreTableToPointInTime");
const pitrCases: BadInputCase[] = [
  pitr(
    "a Restore Date Time in words",
    { restoreDateTime: "yesterday" },
    "Restore Date Time",
    ISO_HINT,
  ),
  pitr(
    "a Restore Date Time without a zone",
    { restoreDateTime: "2024-05-07T10:30:00" },
    "Restore Date Time",
    ISO_HINT,
  ),
  pitr(
    "a Restore Date Time in the future",
    { restoreDateTime: new Date(Date.now() + 3_600_000).toISOString() },
    "Restore Date Time",
    /is in the future/,
  ),
  pitr(
    "a Restore Date Time 36 days ago, beyond any recovery period",
    { restoreDateTime: new Date(Date.now() - 36 * 86_400_000).toISOString() },
    "Restore Date Time",
    /more than 35 days ago: point-in-time recovery reaches back 35 days at most/,
  ),
  pitr(
    "a Restore Date Time of a megabyte",
    { restoreDateTime: "9".repeat(1024 * 1024) },
    "Restore Date Time",
    ISO_HINT,
  ),
  pitr(
    "the source table as target",
    { targetTableName: "Customers" },
    ["Target Table Name", "Table Name"],
    /must differ/,
  ),
];

const update = casesFor("updateContinuousBackups");
const continuousCases: BadInputCase[] = [
  update(
    "a recovery period of 0 days",
    { recoveryPeriodInDays: "0" },
    "Recovery Period In Days",
    /from 1 to 35/,
  ),
  update(
    "a recovery period of 36 days",
    { recoveryPeriodInDays: "36" },
    "Recovery Period In Days",
    /from 1 to 35/,
  ),
  update(
    "a recovery period in words",
    { recoveryPeriodInDays: "a week" },
    "Recovery Period In Days",
    /from 1 to 35/,
  ),
  update(
    "a recovery period when turning recovery off",
    { pointInTimeRecoveryEnabled: "false", recoveryPeriodInDays: "7" },
    ["Recovery Period In Days", "Point In Time Recovery Enabled"],
    /applies only when/,
  ),
  update(
    "an Enabled that is not a boolean",
    { pointInTimeRecoveryEnabled: "on" },
    "Point In Time Recovery Enabled",
    HINT.boolean,
  ),
];

const resourceCases = (key: string): BadInputCase[] => {
  const make = casesFor(key);
  const label = "Table Name or ARN";
  return [
    make(
      "a blank Table Name or ARN",
      { resource: "" },
      label,
      /such as Customers or arn:aws:dynamodb/,
    ),
    make("a table name with a space", { resource: "My Customers" }, label, HINT.tableName),
    make("an S3 ARN", { resource: "arn:aws:s3:::bucket" }, label, /not a DynamoDB ARN/),
    make(
      "an ARN with a short account",
      { resource: "arn:aws:dynamodb:us-east-1:1:table/Customers" },
      label,
      /not a DynamoDB ARN/,
    ),
    // Only tables and streams take tags (Service Authorization Reference: TagResource,
    // UntagResource and ListTagsOfResource name no backup; indexes carry the table's tags).
    make("a backup's ARN", { resource: BACKUP_ARN }, label, /table's backup.*tags only tables/),
    make(
      "an index's ARN",
      { resource: `${TABLE_ARN}/index/byCity` },
      label,
      /table's index.*name \("Customers"\)/,
    ),
    make(
      "an ARN of another region",
      { resource: TABLE_ARN.replace("us-east-1", "eu-west-1") },
      [label, "AWS Region"],
      /Choose eu-west-1 as the AWS Region/,
    ),
    make(
      "a resource given as a list",
      { resource: [TABLE_ARN] },
      label,
      /such as Customers or arn/,
    ),
    make(
      "a table whose description has no ARN",
      { resource: "Customers" },
      label,
      /give the table's ARN/,
      { stage: "afterSchema", schema: { ...CUSTOMERS, TableArn: undefined } },
    ),
  ];
};

const tag = casesFor("tagResource");
const tagCases: BadInputCase[] = [
  tag("blank Tags", { tags: "" }, "Tags", /such as team → billing/),
  tag("Tags as text", { tags: "team=billing" }, "Tags", /such as team → billing/),
  tag(
    "a blank tag key",
    { tags: [{ key: " ", value: "x" }] },
    "Tags",
    /key of 1 to 128 characters/,
  ),
  tag(
    "a tag key of 129 characters",
    { tags: kv({ ["k".repeat(129)]: "x" }) },
    "Tags",
    /key of 1 to 128 characters/,
  ),
  tag(
    "a tag value of 257 characters",
    { tags: kv({ team: "v".repeat(257) }) },
    "Tags",
    /longer than 256/,
  ),
  tag("a tag key with !", { tags: kv({ "team!": "x" }) }, "Tags", TAG_CHARS),
  tag("a tag value with @", { tags: kv({ team: "a@b" }) }, "Tags", TAG_CHARS),
  tag(
    "a reserved aws: key",
    { tags: kv({ "aws:team": "x" }) },
    "Tags",
    /reserves for its own tags/,
  ),
  tag(
    "a key given twice",
    { tags: [...kv({ team: "a" }), { key: "team", value: "b" }] },
    "Tags",
    /appears twice/,
  ),
  tag(
    "51 tags",
    { tags: kv(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))) },
    "Tags",
    /at most 50 tags/,
  ),
  tag(
    "a tag value that is an object",
    { tags: [{ key: "team", value: { a: 1 } }] },
    "Tags",
    /must be text/,
  ),
];

const untag = casesFor("untagResource");
const untagCases: BadInputCase[] = [
  untag("no Tag Keys", { tagKeys: [] }, "Tag Keys", /such as team/),
  untag("a blank tag key", { tagKeys: [" "] }, "Tag Keys", /key of 1 to 128 characters/),
  untag("a reserved aws: key", { tagKeys: ["aws:x"] }, "Tag Keys", /reserves for its own tags/),
  untag("a key given twice", { tagKeys: ["a", "a"] }, "Tag Keys", /appears twice/),
  untag(
    "a key that is an object",
    { tagKeys: [{ key: "a" }] },
    "Tag Keys",
    /as text, such as team/,
  ),
];

const listTags = casesFor("listTagsOfResource");
const listTagCases: BadInputCase[] = [
  listTags("a Fetch All that is not a boolean", { fetchAll: "all" }, "Fetch All", HINT.boolean),
];

const gsi = casesFor("createGlobalSecondaryIndex");
const createIndexCases: BadInputCase[] = [
  gsi("a blank Index Name", { indexName: "" }, "Index Name", /For example: byEmail/),
  gsi("an Index Name with a space", { indexName: "by email" }, "Index Name", /3 to 255 characters/),
  gsi(
    "a blank Partition Key Name",
    { partitionKeyName: " " },
    "Partition Key Name",
    /For example: email/,
  ),
  gsi(
    "a Partition Key Name of 256 characters",
    { partitionKeyName: "e".repeat(256) },
    "Partition Key Name",
    /1 to 255 characters/,
  ),
  gsi(
    "a Partition Key Type of STRING",
    { partitionKeyType: "STRING" },
    "Partition Key Type",
    HINT.oneOf,
  ),
  gsi(
    "a Sort Key Type of BOOL",
    { sortKeyName: "at", sortKeyType: "BOOL" },
    "Sort Key Type",
    HINT.oneOf,
  ),
  gsi(
    "the same sort and partition key",
    { sortKeyName: "email" },
    ["Sort Key Name", "Partition Key Name"],
    /must differ/,
  ),
  gsi("an unknown Projection Type", { projectionType: "SOME" }, "Projection Type", HINT.oneOf),
  gsi(
    "INCLUDE without attributes",
    { projectionType: "INCLUDE" },
    ["Projection Type", "Non-Key Attributes"],
    /such as name/,
  ),
  gsi(
    "attributes without INCLUDE",
    { nonKeyAttributes: ["city"] },
    ["Non-Key Attributes", "Projection Type"],
    /choose it, or clear them/,
  ),
  gsi(
    "one capacity without the other",
    { writeCapacityUnits: "5" },
    ["Read Capacity Units", "Write Capacity Units"],
    /or neither/,
  ),
  gsi(
    "a Wait Until Active that is not a boolean",
    { waitUntilActive: "y" },
    "Wait Until Active",
    HINT.boolean,
  ),
  gsi("an Index Name the table has", { indexName: "byName" }, "Index Name", /choose another name/, {
    stage: "afterSchema",
  }),
  gsi(
    "a key type the table defines otherwise",
    { partitionKeyName: "customerId", partitionKeyType: "S" },
    "Partition Key Type",
    /Choose N/,
    { stage: "afterSchema" },
  ),
];

const dropIndex = casesFor("deleteGlobalSecondaryIndex");
const deleteIndexCases: BadInputCase[] = [
  dropIndex("a blank Index Name", { indexName: "" }, "Index Name", /For example: byEmail/),
  dropIndex(
    "an Index Name of 2 characters",
    { indexName: "ab" },
    "Index Name",
    /3 to 255 characters/,
  ),
  dropIndex(
    "a Wait Until Deleted that is not a boolean",
    { waitUntilDeleted: "y" },
    "Wait Until Deleted",
    HINT.boolean,
  ),
  dropIndex(
    "an index the table lacks",
    { indexName: "byEmail" },
    "Index Name",
    /its global secondary indexes: byName/,
    {
      stage: "afterSchema",
    },
  ),
];

const policy = casesFor("generateIamPolicy");
const policyCases: BadInputCase[] = [
  policy("an unknown action key", { actions: ["getItems"] }, "Actions", /"getItems"/),
  policy("a short account ID", { accountId: "1234" }, "AWS Account ID", /12 digits/),
  policy("a region name", { awsRegion: "Ireland" }, "AWS Region", HINT.region),
  policy(
    "a table name with a space",
    { tableNames: ["My Table"] },
    "Table Names",
    /not a valid name/,
  ),
  policy(
    "a prefix with a wildcard",
    { partitionKeyPrefix: "t*" },
    "Partition Key Prefix",
    /wildcards/,
  ),
];

export const backupTagAndIndexCases: BadInputCase[] = [
  ...policyCases,
  ...createCases,
  ...backupArnCases("describeBackup"),
  ...backupArnCases("deleteBackup"),
  ...backupArnCases("restoreTableFromBackup"),
  ...listCases,
  ...overrideCases("restoreTableFromBackup"),
  ...overrideCases("restoreTableToPointInTime"),
  ...pitrCases,
  ...continuousCases,
  ...resourceCases("tagResource"),
  ...resourceCases("untagResource"),
  ...resourceCases("listTagsOfResource"),
  ...tagCases,
  ...untagCases,
  ...listTagCases,
  ...createIndexCases,
  ...deleteIndexCases,
];

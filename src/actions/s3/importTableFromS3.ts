import { ImportTableCommand } from "@aws-sdk/client-dynamodb";
import { action, input } from "@prismatic-io/spectral";
import { connect } from "../../aws/invocation";
import { checkNotFailed, importTableRequest, waitForImport } from "../../engines/s3Transfers";
import {
  awsRegion,
  BILLING_LABEL,
  BILLING_MODES,
  COMPRESSION_TYPES,
  CSV_DELIMITER_LABEL,
  capacityAsGiven,
  checkMaxWaitNeedsWait,
  choiceInput,
  cleanAttributeDefinitions,
  cleanCsvDelimiter,
  cleanCsvHeaderList,
  cleanDynamoName,
  cleanGlobalSecondaryIndexes,
  cleanKeySchemaElements,
  cleanS3Prefix,
  connectionInput,
  DOCS,
  GSI_EXAMPLE,
  HEADER_LIST_LABEL,
  inputFormat,
  maxWaitSeconds,
  PREFIX_LABEL,
  READ_LABEL,
  s3Bucket,
  s3BucketOwner,
  WRITE_LABEL,
  waitUntilCompleteInput,
} from "../../inputs";
import {
  importData,
  importTableFromS3Example,
  importTableFromS3OutputSchema,
} from "../../outputs/s3Transfers";

const newTableName = input({
  label: "New Table Name",
  type: "string",
  required: true,
  example: "CustomersImported",
  comments:
    "The name of the table the import creates (3 to 255 characters from a-z, A-Z, 0-9, _, - and .). No table of this name may exist in the region.",
  clean: cleanDynamoName("New Table Name", "CustomersImported"),
});

const s3Prefix = input({
  label: PREFIX_LABEL,
  type: "string",
  required: false,
  example: "exports/customers/AWSDynamoDB/01715078400000-a1b2c3d4/data/",
  comments:
    "Optional. The key prefix of the files to import (at most 1,024 bytes, no control characters); every object under it is read. Leave blank for the whole bucket.",
  clean: (value: unknown) => cleanS3Prefix(value),
});

const compressionType = choiceInput({
  label: "Input Compression Type",
  choices: COMPRESSION_TYPES,
  default: "NONE",
  comments: "How the files are compressed: NONE, GZIP or ZSTD.",
});

const csvDelimiter = input({
  label: CSV_DELIMITER_LABEL,
  type: "string",
  required: false,
  comments:
    "Optional, CSV only. The character between fields, or its name: , (COMMA, DynamoDB's default), TAB, : (COLON), ; (SEMICOLON), | (PIPE) or SPACE.",
  clean: cleanCsvDelimiter,
});

const csvHeaderList = input({
  label: HEADER_LIST_LABEL,
  type: "string",
  required: false,
  example: "customerId,name,email",
  comments:
    'Optional, CSV only. The column names, separated by commas (1 to 255 names of printable ASCII without " or ,), when the files have no header line: then every line is data. Leave blank when the first line of each file is its header.',
  clean: cleanCsvHeaderList,
});

const attributeDefinition = input({
  label: "Attribute Definition",
  type: "code",
  language: "json",
  required: true,
  example: '[{"AttributeName":"customerId","AttributeType":"S"}]',
  comments: `A JSON array with the name and type (S, N or B) of every attribute used in a key of the new table (the Key Schema and any index keys), and only those, as Create Table takes it. See [DynamoDB data types](${DOCS}/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes).`,
  clean: cleanAttributeDefinitions,
});

const keySchema = input({
  label: "Key Schema",
  type: "code",
  language: "json",
  required: true,
  example: '[{"KeyType":"HASH","AttributeName":"customerId"}]',
  comments:
    "A JSON array with the new table's primary key, as Create Table takes it: one object with KeyType HASH (the partition key) first, then optionally one with KeyType RANGE (the sort key).",
  clean: (value: unknown) => cleanKeySchemaElements(value),
});

const billingMode = choiceInput({
  label: BILLING_LABEL,
  choices: BILLING_MODES,
  default: "PAY_PER_REQUEST",
  comments: `PAY_PER_REQUEST (on-demand), or PROVISIONED with Read and Write Capacity Units. An import uses no write capacity of the table. Learn more about [billing modes](${DOCS}/HowItWorks.ReadWriteCapacityMode.html).`,
});

const readCapacityUnits = input({
  label: READ_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments: "With PROVISIONED billing: the new table's read capacity units, 1 or more.",
  clean: capacityAsGiven,
});

const writeCapacityUnits = input({
  label: WRITE_LABEL,
  type: "string",
  required: false,
  example: "5",
  comments: "With PROVISIONED billing: the new table's write capacity units, 1 or more.",
  clean: capacityAsGiven,
});

const globalSecondaryIndexes = input({
  label: "Global Secondary Indexes",
  type: "code",
  language: "json",
  required: false,
  comments: `Optional. A JSON array of global secondary indexes the new table gets, as Create Table takes it. Example: ${GSI_EXAMPLE}`,
  clean: (value: unknown) => cleanGlobalSecondaryIndexes(value),
});

export const importTableFromS3 = action({
  display: {
    label: "Import Table from S3",
    description:
      "Create a new DynamoDB table from CSV, DynamoDB JSON or Ion files in S3, waiting until the import completes",
  },
  inputs: {
    awsRegion,
    awsConnection: connectionInput,
    newTableName,
    s3Bucket,
    s3Prefix,
    s3BucketOwner,
    inputFormat,
    compressionType,
    csvDelimiter,
    csvHeaderList,
    attributeDefinition,
    keySchema,
    billingMode,
    readCapacityUnits,
    writeCapacityUnits,
    globalSecondaryIndexes,
    waitUntilComplete: waitUntilCompleteInput("import", "true"),
    maxWaitSeconds,
  },
  perform: async (invocation, params) => {
    checkMaxWaitNeedsWait(params.maxWaitSeconds, params.waitUntilComplete);
    const request = importTableRequest(params);
    // Errors and the wait name the new table.
    const step = connect(invocation, { ...params, tableName: params.newTableName });
    const operation = "ImportTable";
    const { ImportTableDescription: started } = await step.send(
      operation,
      new ImportTableCommand(request),
    );
    const arn = started?.ImportArn;
    const failure = { code: started?.FailureCode, message: started?.FailureMessage };
    checkNotFailed("import", arn, started?.ImportStatus, failure, step.context(operation));
    if (!params.waitUntilComplete || !arn || started?.ImportStatus === "COMPLETED") {
      return { data: importData(started) };
    }
    invocation.logger.info(
      `Import ${arn} into new table "${step.table}" started; waiting until it completes.`,
    );
    const context = step.context(`${operation} (waiting until COMPLETED)`);
    const done = await waitForImport(step.clients, arn, context, {
      maxWaitSeconds: params.maxWaitSeconds,
      log: invocation.logger,
    });
    return { data: importData(done ?? started) };
  },
  outputSchema: importTableFromS3OutputSchema,
  examplePayload: importTableFromS3Example,
});

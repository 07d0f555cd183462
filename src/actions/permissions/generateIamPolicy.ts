import { action, input } from "@prismatic-io/spectral";
import {
  ACCOUNT_LABEL,
  buildIamPolicy,
  cleanAccountId,
  cleanKeyPrefix,
  cleanPolicyKeys,
  cleanPolicyRegion,
  cleanPolicyTables,
  KEY_PREFIX_LABEL,
  POLICY_ACTIONS_LABEL,
  POLICY_KEYS,
  POLICY_REGION_LABEL,
  POLICY_TABLES_LABEL,
} from "../../engines/iamPolicy";
import { cleanBoolean, cleanKmsKeyArns, KMS_KEY_ARNS_LABEL } from "../../inputs";
import {
  generateIamPolicyData,
  generateIamPolicyExample,
  generateIamPolicyOutputSchema,
} from "../../outputs/iamPolicy";

const policyActions = input({
  label: POLICY_ACTIONS_LABEL,
  type: "string",
  collection: "valuelist",
  required: false,
  model: POLICY_KEYS.map((key) => ({ label: key, value: key })),
  comments:
    "The keys of the actions, data sources and triggers the flows use, such as getItem or tableChanges (each one's section of the docs gives its key). Leave blank for all of them.",
  example: "getItem",
  clean: cleanPolicyKeys,
});

const policyTables = input({
  label: POLICY_TABLES_LABEL,
  type: "string",
  collection: "valuelist",
  required: false,
  comments:
    "The tables the policy grants access to, such as Customers. Leave blank (or give *) for every table of the account in the region.",
  example: "Customers",
  clean: cleanPolicyTables,
});

const policyRegion = input({
  label: POLICY_REGION_LABEL,
  type: "string",
  required: true,
  dataSource: "selectRegion",
  comments: "The region of the tables, such as us-east-1: it is part of each resource ARN.",
  example: "us-east-1",
  clean: cleanPolicyRegion,
});

const accountId = input({
  label: ACCOUNT_LABEL,
  type: "string",
  required: true,
  comments:
    "The 12-digit ID of the AWS account that owns the tables: it is part of each resource ARN.",
  example: "123456789012",
  clean: cleanAccountId,
});

const keyPrefix = input({
  label: KEY_PREFIX_LABEL,
  type: "string",
  required: false,
  comments:
    "Optional. Item requests may only use partition keys that start with this text (a dynamodb:LeadingKeys condition), such as tenant-42#. Scan and PartiQL requests carry no partition key, and stream records (the triggers) and whole-table copies (exports, backups, restores) hold every partition's items, so those actions cannot be restricted this way.",
  example: "tenant-42#",
  clean: cleanKeyPrefix,
});

const kmsKeyArns = input({
  label: KMS_KEY_ARNS_LABEL,
  type: "string",
  collection: "valuelist",
  required: false,
  comments:
    "Optional. The ARNs of the customer managed KMS keys that Restore Table From Backup, Restore Table To Point In Time (Encryption Override CUSTOMER_KMS_KEY) or Add Replica (Replica KMS Key) select, such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab. The policy then lets DynamoDB use them on the role's behalf (kms:CreateGrant, kms:DescribeKey, kms:Encrypt, kms:Decrypt, kms:GenerateDataKey, kms:ReEncrypt), only through DynamoDB. Leave blank when the steps use DynamoDB's own keys.",
  example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  clean: cleanKmsKeyArns,
});

const readOnly = input({
  label: "Read Only",
  type: "boolean",
  required: false,
  default: "false",
  comments:
    "When true, the policy keeps only the permissions that read (Get, Query, Scan, PartiQL SELECT, Describe and List calls, stream reads), so the chosen actions that write are refused by AWS.",
  clean: cleanBoolean("Read Only"),
});

export const generateIamPolicy = action({
  display: {
    label: "Generate IAM Policy",
    description:
      "Write the least-privilege IAM policy that the chosen actions need on the chosen tables (no AWS call)",
  },
  inputs: {
    actions: policyActions,
    tableNames: policyTables,
    awsRegion: policyRegion,
    accountId,
    partitionKeyPrefix: keyPrefix,
    readOnly,
    kmsKeyArns,
  },
  perform: async (_invocation, params) => {
    const request = {
      keys: params.actions,
      tables: params.tableNames,
      region: params.awsRegion,
      account: params.accountId,
      readOnly: params.readOnly,
      ...(params.partitionKeyPrefix !== undefined ? { keyPrefix: params.partitionKeyPrefix } : {}),
      ...(params.kmsKeyArns.length > 0 ? { kmsKeys: params.kmsKeyArns } : {}),
    };
    const policy = buildIamPolicy(request);
    return { data: generateIamPolicyData(policy, request) };
  },
  outputSchema: generateIamPolicyOutputSchema,
  examplePayload: generateIamPolicyExample,
});

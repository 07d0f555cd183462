/**
 * Generate IAM Policy writes valid IAM policy JSON (Version 2012-10-17, a Statement array of
 * Allow statements with Action and Resource, ARNs of the region, account and tables, indexes as
 * /index/*, streams as /stream/*), least privilege (only what the chosen actions need, read-only
 * and partition-key restrictions applied), and refuses bad inputs by their label.
 */
import { MANAGED_POLICY_CHARACTERS, MAX_POLICY_TABLES } from "../../src/engines/iamPolicy";
import { InputError } from "../../src/errors/inputError";
import { harness } from "../support/harness";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const REPLICA_KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/abcd1234-12ab-34cd-56ef-1234567890ab`;

async function policyOf(params: Record<string, unknown>) {
  const result = await harness.action("generateIamPolicy", {
    awsRegion: "eu-west-1",
    accountId: ACCOUNT,
    ...params,
  });
  return (result as { data: { policy: Policy; policyJson: string } }).data;
}

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, unknown>>;
}
interface Policy {
  Version: string;
  Statement: Statement[];
}

const ARN =
  /^arn:aws(-cn|-us-gov)?:dynamodb:([a-z]{2}(-[a-z]+)+-\d{1,2}|\*):\d{12}:table\/([A-Za-z0-9_.-]{3,255}|\*)(\/(index|stream|backup|export|import)\/\*)?$|^arn:aws(-cn|-us-gov)?:(pipes|events):[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:(pipe|connection|api-destination)\/dynamodb-changes-\*$|^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(aws-service-role\/)?\*$|^arn:aws(-cn|-us-gov)?:kms:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:key\/[0-9a-f-]{36}$/;

/** Checks the IAM policy grammar this action uses: every field, every ARN. */
function expectValidPolicy(policy: Policy, json: string): void {
  expect(JSON.parse(json)).toEqual(policy);
  expect(Object.keys(policy).sort()).toEqual(["Statement", "Version"]);
  expect(policy.Version).toBe("2012-10-17");
  expect(Array.isArray(policy.Statement)).toBe(true);
  expect(policy.Statement.length).toBeGreaterThan(0);
  const sids = policy.Statement.map((statement) => statement.Sid);
  expect(new Set(sids).size).toBe(sids.length);
  for (const statement of policy.Statement) {
    expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
    expect(statement.Effect).toBe("Allow");
    expect(statement.Action.length).toBeGreaterThan(0);
    for (const action of statement.Action)
      expect(action).toMatch(/^[a-z][a-z0-9-]*:[A-Z][A-Za-z]+$/);
    expect(statement.Resource.length).toBeGreaterThan(0);
    for (const resource of statement.Resource) {
      if (resource !== "*") expect(resource).toMatch(ARN);
    }
    const keys = Object.keys(statement).filter((key) => key !== "Condition");
    expect(keys.sort()).toEqual(["Action", "Effect", "Resource", "Sid"]);
  }
}

describe("Generate IAM Policy", () => {
  it("writes valid IAM policy JSON for every action at once, on every table", async () => {
    const { policy, policyJson } = await policyOf({});
    expectValidPolicy(policy, policyJson);
    const resources = policy.Statement.flatMap((statement) => statement.Resource);
    expect(resources).toEqual(
      expect.arrayContaining([
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*/index/*`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*/stream/*`,
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*/backup/*`,
        "*",
      ]),
    );
  });

  it("grants one action only what it needs, on the tables named", async () => {
    const { policy, policyJson } = await policyOf({
      actions: ["getItem"],
      tableNames: ["Orders", "Customers"],
    });
    expectValidPolicy(policy, policyJson);
    expect(policy.Statement).toEqual([
      {
        Sid: "Tables",
        Effect: "Allow",
        Action: ["dynamodb:DescribeTable", "dynamodb:GetItem"],
        Resource: [
          `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders`,
          `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Customers`,
        ],
      },
    ]);
  });

  it("grants a trigger its stream reads on /stream/* and queries on /index/*", async () => {
    const { policy } = await policyOf({
      actions: ["tableChanges", "queryItems"],
      tableNames: ["Orders"],
    });
    const streams = policy.Statement.find((statement) => statement.Sid === "Streams");
    expect(streams).toEqual({
      Sid: "Streams",
      Effect: "Allow",
      Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      Resource: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders/stream/*`],
    });
    const indexes = policy.Statement.find((statement) => statement.Sid === "Indexes");
    expect(indexes?.Action).toEqual(["dynamodb:Query"]);
    expect(indexes?.Resource).toEqual([
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders/index/*`,
    ]);
  });

  it("grants the tag actions on the table's streams too, which a stream's ARN tags", async () => {
    const { policy } = await policyOf({
      actions: ["tagResource", "untagResource", "listTagsOfResource"],
      tableNames: ["Orders"],
    });
    const streams = policy.Statement.find((statement) => statement.Sid === "Streams");
    expect(streams?.Action).toEqual([
      "dynamodb:ListTagsOfResource",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
    ]);
    expect(streams?.Resource).toEqual([
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders/stream/*`,
    ]);
  });

  it("keeps only reads in read-only mode", async () => {
    const { policy } = await policyOf({
      actions: ["getItem", "updateItem", "rawRequest"],
      tableNames: ["Orders"],
      readOnly: true,
    });
    const actions = [...new Set(policy.Statement.flatMap((statement) => statement.Action))].sort();
    expect(actions).toEqual([
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PartiQLSelect",
    ]);
  });

  it("warns that an export's S3 grants name every bucket", async () => {
    const result = (await harness.action("generateIamPolicy", {
      awsRegion: "eu-west-1",
      accountId: ACCOUNT,
      actions: ["exportTableToS3"],
      tableNames: ["Orders"],
    })) as { data: { warnings: string[] } };
    expect(result.data.warnings).toEqual([
      expect.stringMatching(
        /grants s3:AbortMultipartUpload, s3:PutObject, s3:PutObjectAcl on every bucket \("\*"\): replace/,
      ),
    ]);
  });

  it("lets the instant trigger pass a role only to EventBridge Pipes", async () => {
    const { policy } = await policyOf({ actions: ["tableChangesInstant"], tableNames: ["Orders"] });
    const passRole = policy.Statement.filter((statement) =>
      statement.Action.includes("iam:PassRole"),
    );
    expect(passRole).toEqual([
      {
        Sid: "PassRoleConditional",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [`arn:aws:iam::${ACCOUNT}:role/*`],
        Condition: { StringEquals: { "iam:PassedToService": "pipes.amazonaws.com" } },
      },
    ]);
    const pipes = policy.Statement.find((statement) =>
      statement.Action.includes("pipes:CreatePipe"),
    );
    expect(pipes?.Resource).toEqual([`arn:aws:pipes:eu-west-1:${ACCOUNT}:pipe/dynamodb-changes-*`]);
  });

  it("lets AWS create the service-linked roles of the instant trigger and Add Replica, each only for its service", async () => {
    const { policy, policyJson } = await policyOf({
      actions: ["tableChangesInstant", "addReplica"],
      tableNames: ["Orders"],
    });
    expectValidPolicy(policy, policyJson);
    const linked = policy.Statement.filter((statement) =>
      statement.Action.includes("iam:CreateServiceLinkedRole"),
    );
    const roles = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`;
    const forService = (service: string) => ({
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: [roles],
      Condition: { StringEquals: { "iam:AWSServiceName": service } },
    });
    expect(linked.map(({ Sid: _sid, ...rest }) => rest)).toEqual(
      expect.arrayContaining([
        forService("apidestinations.events.amazonaws.com"),
        forService("replication.dynamodb.amazonaws.com"),
      ]),
    );
    expect(linked).toHaveLength(2);
    expect(new Set(linked.map((statement) => statement.Sid)).size).toBe(2);
  });

  // "How Amazon DynamoDB uses AWS KMS" (Customer managed key policy): the principal that selects a
  // customer managed key needs these on it; kms:ViaService keeps them to DynamoDB's requests.
  it.each([
    ["restoreTableFromBackup", KEY],
    ["restoreTableToPointInTime", KEY],
    ["addReplica", REPLICA_KEY],
  ])("lets DynamoDB use the KMS key %s selects, given in KMS Key ARNs", async (action, key) => {
    const { policy, policyJson } = await policyOf({
      actions: [action],
      tableNames: ["Orders"],
      kmsKeyArns: [key],
    });
    expectValidPolicy(policy, policyJson);
    const kms = policy.Statement.filter((statement) =>
      statement.Action.some((name) => name.startsWith("kms:")),
    );
    expect(kms).toEqual([
      {
        Sid: "KmsKeysConditional",
        Effect: "Allow",
        Action: [
          "kms:CreateGrant",
          "kms:Decrypt",
          "kms:DescribeKey",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:ReEncryptFrom",
          "kms:ReEncryptTo",
        ],
        Resource: [key],
        Condition: { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } },
      },
    ]);
  });

  it("grants no KMS permission without KMS Key ARNs, and says so for steps that may select a key", async () => {
    const result = (await harness.action("generateIamPolicy", {
      awsRegion: "eu-west-1",
      accountId: ACCOUNT,
      actions: ["getItem", "restoreTableToPointInTime"],
      tableNames: ["Orders"],
    })) as { data: { warnings: string[]; policy: Policy } };
    const actions = result.data.policy.Statement.flatMap((statement) => statement.Action);
    expect(actions.filter((action) => action.startsWith("kms:"))).toEqual([]);
    expect(result.data.warnings).toEqual([
      expect.stringMatching(
        /^restoreTableToPointInTime may select a customer managed KMS key.*give its ARN in KMS Key ARNs/,
      ),
    ]);
    // Keys given for actions that select none add no grant.
    const { policy } = await policyOf({ actions: ["getItem"], kmsKeyArns: [KEY] });
    expect(policy.Statement.flatMap((statement) => statement.Action)).not.toContain("kms:Decrypt");
  });

  it("puts item actions under a dynamodb:LeadingKeys prefix condition", async () => {
    const { policy, policyJson } = await policyOf({
      actions: ["getItem", "createItem"],
      tableNames: ["Orders"],
      partitionKeyPrefix: "tenant-42#",
    });
    expectValidPolicy(policy, policyJson);
    expect(policy.Statement).toEqual([
      {
        Sid: "Tables",
        Effect: "Allow",
        Action: ["dynamodb:DescribeTable"],
        Resource: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders`],
      },
      {
        Sid: "TablesItemsByPartitionKey",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
        Resource: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders`],
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["tenant-42#*"] },
          Null: { "dynamodb:LeadingKeys": "false" },
        },
      },
    ]);
  });

  it("uses the region's partition in ARNs", async () => {
    const { policy } = await policyOf({
      actions: ["describeTable"],
      awsRegion: "cn-north-1",
      tableNames: ["T01"],
    });
    expect(policy.Statement[0].Resource).toEqual([
      `arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/T01`,
    ]);
  });

  it("warns when the policy is longer than a managed policy holds, and refuses over 500 tables", async () => {
    const names = Array.from({ length: 200 }, (_, i) => `table_${i}`);
    const result = (await harness.action("generateIamPolicy", {
      awsRegion: "eu-west-1",
      accountId: ACCOUNT,
      tableNames: names,
    })) as { data: { warnings: string[]; policy: Policy } };
    expect(result.data.policy.Statement[0].Resource).toHaveLength(200);
    expect(result.data.warnings).toEqual([
      expect.stringMatching(
        /^The policy has \d+ characters without whitespace, more than a customer managed policy holds \(6144\)/,
      ),
      // Every action is chosen (Actions blank), exports and imports among them.
      expect.stringMatching(/^Statement Buckets grants .* on every bucket/),
      expect.stringMatching(/may select a customer managed KMS key/),
    ]);
    const small = (await harness.action("generateIamPolicy", {
      awsRegion: "eu-west-1",
      accountId: ACCOUNT,
      actions: ["getItem"],
    })) as { data: { warnings: string[] } };
    expect(small.data.warnings).toEqual([]);
    expect([MANAGED_POLICY_CHARACTERS, MAX_POLICY_TABLES]).toEqual([6144, 500]);
    const many = Array.from({ length: MAX_POLICY_TABLES + 1 }, (_, i) => `table_${i}`);
    const failure = await policyOf({ tableNames: many }).catch((error: unknown) => error);
    expect((failure as InputError).label).toBe("Table Names");
    expect((failure as Error).message).toMatch(/lists 501 tables; one policy names at most 500/);
  });

  it.each([
    [{ actions: ["getItem", "notAnAction"] }, "Actions", /"notAnAction"/],
    [{ tableNames: ["no spaces allowed"] }, "Table Names", /not a valid name/],
    [{ awsRegion: "Ireland" }, "AWS Region", /not a valid region code/],
    [{ awsRegion: "" }, "AWS Region", /required/],
    [{ accountId: "12345" }, "AWS Account ID", /12 digits/],
    [{ accountId: { id: 1 } }, "AWS Account ID", /required|not an account/],
    [{ partitionKeyPrefix: "tenant*" }, "Partition Key Prefix", /wildcards/],
    [{ partitionKeyPrefix: "a\nb" }, "Partition Key Prefix", /control character/],
    [{ actions: ["scanItems"], partitionKeyPrefix: "t#" }, "Partition Key Prefix", /scanItems/],
    // A copy of the whole table would hand every tenant's items to a flow kept to one prefix.
    [
      { actions: ["getItem", "exportTableToS3"], partitionKeyPrefix: "t#" },
      "Partition Key Prefix",
      /could not keep exportTableToS3 to the prefix/,
    ],
    [
      { actions: ["createBackup"], partitionKeyPrefix: "t#" },
      "Partition Key Prefix",
      /createBackup/,
    ],
    // A stream, read directly or through a pipe, holds every partition's changes.
    [
      { actions: ["tableChanges"], partitionKeyPrefix: "t#" },
      "Partition Key Prefix",
      /stream reads[^.]*could not keep tableChanges to the prefix/,
    ],
    [
      { actions: ["tableChangesInstant"], partitionKeyPrefix: "t#" },
      "Partition Key Prefix",
      /stream reads[^.]*could not keep tableChangesInstant to the prefix/,
    ],
    [
      { actions: ["deleteBackup", "updateContinuousBackups"], readOnly: true },
      "Actions",
      /Read Only/,
    ],
    [{ actions: ["selectRegion"] }, "Actions", /need no permission/],
    // An IAM policy names a KMS key by its key ARN: an alias or a key ID would grant nothing.
    [{ kmsKeyArns: ["alias/orders"] }, "KMS Key ARNs", /not a KMS key ARN/],
    [{ kmsKeyArns: [KEY.replace(/key\/.*/, "alias/orders")] }, "KMS Key ARNs", /its ARN/],
    [{ kmsKeyArns: ["1234abcd-12ab-34cd-56ef-1234567890ab"] }, "KMS Key ARNs", /not its ID/],
    [{ kmsKeyArns: [{ arn: KEY }] }, "KMS Key ARNs", /as text/],
  ])("refuses %j naming %s", async (params, label, message) => {
    const failure = await policyOf(params).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).label).toBe(label);
    expect((failure as Error).message).toMatch(message);
    expect((failure as Error).message).not.toMatch(/\n/);
  });
});

import { connection } from "@prismatic-io/spectral";

const ACCESS_KEYS_DOC =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html";

const endpointInput = {
  label: "Endpoint URL",
  type: "string",
  required: false,
  comments:
    "Optional. A custom DynamoDB endpoint, such as a VPC or FIPS endpoint, or http://localhost:8000 for DynamoDB Local. Leave blank to use AWS's endpoint for the step's region.",
  example: "https://dynamodb-fips.us-east-1.amazonaws.com",
} as const;

const apiKeySecret = connection({
  key: "apiKeySecret",
  display: {
    label: "Access Key and Secret",
    description: "Authenticates requests to Amazon DynamoDB using an API Key and API Secret.",
  },
  inputs: {
    accessKeyId: {
      label: "Access Key ID",
      type: "string",
      required: true,
      comments: `An AWS IAM Access Key ID. Learn how to create access keys in the [AWS IAM documentation](${ACCESS_KEYS_DOC}).`,
      example: "AKIAIOSFODNN7EXAMPLE",
    },
    secretAccessKey: {
      label: "Secret Access Key",
      type: "password",
      required: true,
      comments: `An AWS IAM Secret Access Key. Learn how to create access keys in the [AWS IAM documentation](${ACCESS_KEYS_DOC}).`,
    },
    sessionToken: {
      label: "Session Token",
      type: "password",
      required: false,
      comments:
        "Optional. The session token that comes with temporary access keys (keys that start with ASIA). Leave blank for long-term keys.",
    },
    endpoint: endpointInput,
  },
});

const awsAssumeRole = connection({
  key: "awsAssumeRole",
  display: {
    label: "AWS Role ARN",
    description: "Connect to AWS using an assumed role",
  },
  inputs: {
    roleARN: {
      label: "Role ARN",
      type: "string",
      required: true,
      comments:
        "An AWS IAM Role ARN, such as arn:aws:iam::123456789012:role/IntegrationRole. The access keys below must be allowed to assume it.",
      example: "arn:aws:iam::123456789012:role/IntegrationRole",
    },
    accessKeyId: {
      label: "Access Key ID",
      type: "string",
      required: true,
      comments: "An AWS IAM Access Key ID",
    },
    secretAccessKey: {
      label: "Secret Access Key",
      type: "password",
      required: true,
      comments: "An AWS IAM Secret Access Key",
    },
    externalId: {
      label: "External ID",
      type: "string",
      required: false,
      comments:
        "Provides enhanced security measures to the connection. Optional, but recommended. Please check [AWS docs](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html#id_roles_third-party_external-id) for more information.",
    },
    endpoint: endpointInput,
    roleSessionName: {
      label: "Role Session Name",
      type: "string",
      required: false,
      comments:
        "Optional. The name of the role's sessions, as CloudTrail and the role's policies (aws:userid) see it: 2 to 64 letters, digits or _+=,.@- characters. Leave blank for prismatic-aws-dynamodb.",
      example: "prismatic-orders-flow",
    },
    sessionDuration: {
      label: "Session Duration",
      type: "string",
      required: false,
      comments:
        "Optional. How long each session of the role lasts, in seconds, from 900 (15 minutes) to 43,200 (12 hours); at most the role's Maximum session duration. Leave blank for 3,600 (one hour). Sessions are renewed before they end.",
      example: "3600",
    },
    stsEndpoint: {
      label: "STS Endpoint URL",
      type: "string",
      required: false,
      comments:
        "Optional. The STS endpoint that assumes the role, such as a VPC endpoint of STS (https:// only). Leave blank for the region's own STS endpoint (https://sts.REGION.amazonaws.com).",
      example: "https://sts.us-east-1.amazonaws.com",
    },
  },
});

export default [apiKeySecret, awsAssumeRole];

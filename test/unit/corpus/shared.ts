/**
 * Inputs that every action, data source and trigger shares: the AWS Region, the connection (its
 * fields are inputs too, filled in once per connection), the Table Name and Max Attempts. Each
 * one is tried on every target that declares it, because each target reaches the credential
 * factory and the table name its own way.
 */
import { assumeRoleConnection, keySecretConnection } from "../../support/harness";
import { type BadInputCase, casesFor, HINT, inputsOf, TARGETS } from "./model";

const REGION_CASES: [string, unknown, RegExp][] = [
  ["a blank AWS Region", "", HINT.region],
  ["a whitespace-only AWS Region", "   ", HINT.region],
  ["an upper-case AWS Region", "US-EAST-1", HINT.region],
  ["an AWS Region without its number", "us-east", HINT.region],
  ["an endpoint URL in AWS Region", "https://dynamodb.us-east-1.amazonaws.com", HINT.region],
  ["an availability zone in AWS Region", "us-east-1a", HINT.region],
];

const CONNECTION_CASES: [string, unknown, string, RegExp, boolean][] = [
  ["no connection", "", "Connection", /Choose an Amazon DynamoDB connection/, false],
  [
    "a blank Access Key ID",
    keySecretConnection({ accessKeyId: "  " }),
    "Access Key ID",
    HINT.required,
    true,
  ],
  [
    "a blank Secret Access Key",
    keySecretConnection({ secretAccessKey: "" }),
    "Secret Access Key",
    HINT.required,
    true,
  ],
  [
    "an Endpoint URL without a scheme",
    keySecretConnection({ endpoint: "localhost:8000" }),
    "Endpoint URL",
    /http:\/\/ or https:\/\//,
    true,
  ],
  [
    "an ftp Endpoint URL",
    keySecretConnection({ endpoint: "ftp://dynamodb.example.com" }),
    "Endpoint URL",
    /http:\/\/ or https:\/\//,
    true,
  ],
  [
    "an Endpoint URL that is not a URL",
    keySecretConnection({ endpoint: "dynamo db local" }),
    "Endpoint URL",
    /such as http:\/\/localhost:8000/,
    true,
  ],
  [
    "a Role ARN with a short account id",
    assumeRoleConnection({ roleARN: "arn:aws:iam::1234:role/IntegrationRole" }),
    "Role ARN",
    /arn:aws:iam::123456789012:role\/RoleName/,
    true,
  ],
  [
    "a role name instead of a Role ARN",
    assumeRoleConnection({ roleARN: "IntegrationRole" }),
    "Role ARN",
    /arn:aws:iam::123456789012:role\/RoleName/,
    true,
  ],
  [
    "a user ARN instead of a Role ARN",
    assumeRoleConnection({ roleARN: "arn:aws:iam::123456789012:user/integration" }),
    "Role ARN",
    /arn:aws:iam::123456789012:role\/RoleName/,
    true,
  ],
  ["a blank Role ARN", assumeRoleConnection({ roleARN: " " }), "Role ARN", HINT.required, true],
  [
    "an unknown connection type",
    { ...keySecretConnection(), key: "oauth2" },
    "connection type",
    /"Access Key and Secret" or "AWS Role ARN"/,
    true,
  ],
];

const TABLE_NAME_CASES: [string, unknown][] = [
  ["a blank Table Name", ""],
  ["a whitespace-only Table Name", "   "],
  ["a Table Name of 2 characters", "ab"],
  ["a Table Name of 256 characters", "t".repeat(256)],
  ["a Table Name with a space", "My Customers"],
  ["a Table Name with a dollar sign", "customers$"],
  ["a Table Name with a slash", "prod/customers"],
  ["a Table Name with a non-ASCII letter", "Kundenübersicht"],
  ["a Table Name that is an ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/Customers"],
  ["a Table Name given as an array (code-native)", ["Customers"]],
];

const MAX_ATTEMPTS_CASES: [string, unknown][] = [
  ["a Max Attempts of 0", "0"],
  ["a Max Attempts over 20", "21"],
  ["a Max Attempts in words", "three"],
  ["a fractional Max Attempts", "1.5"],
];

/**
 * Each shared input is tried on every target that declares it (read from the component), so an
 * action added later gets these cases without being listed here.
 */
export const sharedCases: BadInputCase[] = TARGETS.flatMap((target) => {
  const make = casesFor(target.key);
  const declared = new Set(inputsOf(target.kind, target.key).map((input) => input.key));
  const cases: BadInputCase[] = [];
  if (declared.has("awsRegion")) {
    for (const [name, awsRegion, hint] of REGION_CASES) {
      cases.push(make(name, { awsRegion }, "AWS Region", hint));
    }
  }
  if (declared.has("awsConnection")) {
    for (const [name, awsConnection, label, hint, connectionError] of CONNECTION_CASES) {
      cases.push(make(name, { awsConnection }, label, hint, { connectionError }));
    }
  }
  if (declared.has("maxAttempts")) {
    for (const [name, maxAttempts] of MAX_ATTEMPTS_CASES) {
      cases.push(make(name, { maxAttempts }, "Max Attempts", /from 1 to 20/));
    }
  }
  if (declared.has("tableName")) {
    for (const [name, tableName] of TABLE_NAME_CASES) {
      cases.push(make(name, { tableName }, "Table Name", HINT.tableName));
    }
  }
  return cases;
});
